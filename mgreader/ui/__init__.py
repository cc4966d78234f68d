"""The PySide6 user interface: thin widgets, models, actions and dialogs over mgreader.core."""
