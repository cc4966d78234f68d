"""The application layer the UI calls: every change to the reader's data, with a record of what changed."""
