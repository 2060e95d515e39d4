"""Mingas: commissions, work days and shifts, a fair roster, attendance and hours balances."""
