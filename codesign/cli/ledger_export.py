"""``minga ledger export``."""

from __future__ import annotations

import argparse


def register(lsub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``ledger export`` to the ledger subcommands."""
