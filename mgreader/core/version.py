"""The app's version: one place, read by the package, the build and the caches."""

__version__ = "0.1.0"
