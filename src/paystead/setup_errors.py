"""Setup mistakes: configuration a user can correct (a database URL, a mode, a master key, a port).

``paystead`` prints one as a single line, what is wrong and how to fix it, and exits with code 2;
the traceback only with ``--debug`` or ``PAYSTEAD_DEBUG=1``. Nothing here knows the CLI: settings,
the database check and the master key raise ``SetupError``, and ``paystead.cli.main`` reports it.
"""

from __future__ import annotations

import re

# Where a database URL comes from, for the "how to fix it" half of a message.
DATABASE_URL_SOURCE = "--database-url or PAYSTEAD_DATABASE_URL"
DATABASE_URL_FORMS = "sqlite:///path/to/paystead.db or postgresql://user@host:5432/dbname"


class SetupError(Exception):
    """A configuration mistake: ``problem`` says what is wrong, ``fix`` how to put it right.
    Neither may contain a secret (a password, a key)."""

    def __init__(self, problem: str, fix: str) -> None:
        super().__init__(problem, fix)
        self.problem = problem
        self.fix = fix

    def __str__(self) -> str:
        return f"{self.problem} — {self.fix}"


_PASSWORD_IN_URL = re.compile(r"(?P<head>://[^/@:]*:)[^/@]*@")


def masked_url(url: str) -> str:
    """The URL with any password replaced by ***, also when the URL cannot be parsed."""
    return _PASSWORD_IN_URL.sub(r"\g<head>***@", url)
