"""Sync by file: device keys, signed bundles, import, merging and conflicts."""
