"""The journal: every change recorded, with its base, so undo and sync can rely on it."""
