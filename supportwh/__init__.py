"""Support metrics warehouse tooling."""
