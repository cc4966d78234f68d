"""The appointment sheet: its dialog and its paged (PDF, printer) output."""
