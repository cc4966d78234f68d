"""The python-markdown extensions that make real-world Markdown show as GitHub shows it."""
