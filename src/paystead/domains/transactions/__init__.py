"""Transactions: creation, processing, completion, voids, charge attempts."""
