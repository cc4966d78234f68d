"""The appointment sheet: what goes on it and how it reads in Markdown, HTML and text."""
