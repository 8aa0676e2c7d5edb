"""Pages buyers see (served by Paystead, no third-party assets)."""
