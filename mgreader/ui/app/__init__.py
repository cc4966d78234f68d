"""The process around the window: one copy at a time, quit on signals, work in background threads."""
