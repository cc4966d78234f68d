"""The command line: `mgreader check`, `mgreader export`, `mgreader import`."""
