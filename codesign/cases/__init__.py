"""Reference cases: the library, its exchange format (a Frictionless Data Package), search."""
