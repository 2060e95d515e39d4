"""Co-design services: proposals, versions, review, comments, rule checks and comparisons."""
