"""The Help menu's windows: keyboard shortcuts, the disclaimer, About."""
