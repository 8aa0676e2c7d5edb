"""Comments on transactions, refunds and transaction invoices."""
