"""The library pane: the topic tree and its filter, the scan, the folder watch."""
