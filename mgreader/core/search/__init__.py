"""Library search: the SQLite FTS5 index over articles, bookmarks and notes, and reading queries."""
