"""Printable reports (PDF): treasury first; member, work, minutes and design later."""
