"""The cooperative's books: chart of accounts, postings, balances and their fingerprint."""
