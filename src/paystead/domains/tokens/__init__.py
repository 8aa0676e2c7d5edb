"""Tokens: stored payment information a merchant can charge again, and their versions."""
