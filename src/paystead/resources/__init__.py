"""The resource engine: declarations from which the uniform operations are generated."""
