"""``minga ledger import``."""

from __future__ import annotations

import argparse


def register(lsub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``ledger import`` to the ledger subcommands."""
