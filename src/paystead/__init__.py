"""Paystead: a self-hostable payment platform speaking the wallee REST API v2.0."""

__version__ = "0.1.0"
