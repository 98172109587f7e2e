"""Benchmark harness of the support warehouse."""
