"""The ``minga`` command line: a stable contract (see DESIGN.md)."""
