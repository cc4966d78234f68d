"""Bookmarks and notes: the panel, the note editor and the controller that connects them to the window."""
