"""The main window's parts (ui/main_window.py assembles them): its layout, how it follows the reader's
library, the start-up steps that wait for the first painted article."""
