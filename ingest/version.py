"""The package version, in a module of its own so any layer can read it without
importing the package's public door (which imports the extractor)."""

__version__ = "0.1.0"
