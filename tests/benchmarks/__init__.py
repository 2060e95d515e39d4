"""Benchmarks for the performance budget in DESIGN.md (``make bench``)."""
