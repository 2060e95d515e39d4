"""Assemblies, quorum, motions, votes, the decision register and participatory budgeting."""
