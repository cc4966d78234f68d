"""The topic tree: built from the scan, filtered as the reader types, merged on a rescan."""
