"""Search the library: the panel, its controller and the background indexer."""
