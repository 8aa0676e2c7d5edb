"""Refunds of completed transactions."""
