"""Buyer-facing redirect URLs (a transaction's ``successUrl``/``failedUrl``, a payment link's
return URLs): read as a browser reads them, and kept as the browser would navigate to them.

The parsing is the WHATWG URL Standard's (the ``ada-url`` bindings of the ada parser), so
the host this module checks is the host a browser visits: ``http://evil.example\\@shop.example/``
is ``evil.example`` here as in Chromium, where Python's ``urlsplit`` sees ``shop.example``.

A redirect URL is refused unless it
- is written ``http://`` or ``https://`` followed by a host (no other scheme, no scheme-relative
  ``//host``, no relative URL, no ``http:host`` or ``http:///host`` that browsers repair);
- contains no backslash, no control, format (invisible) or whitespace character anywhere: the
  standard silently drops tabs and newlines and trims spaces, so ``java\\nscript:`` would
  become ``javascript:``;
- has no user information (``user:pass@``, or a bare ``@``) before its host: it is how a
  link is made to look like another host, and a return URL never needs it;
- parses, and its serialisation fits ``MAX_LENGTH``.
What is kept is the serialisation (``href``): host lowercased, IDNA to punycode, IPv4 written
in decimal dotted form, default port dropped, path percent-encoded. Hosts are compared with
one trailing dot removed (``shop.example.`` is ``shop.example``).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ada_url import URL

# The columns that store these URLs hold 2000 characters.
MAX_LENGTH = 2000

_ABSOLUTE_HTTP = re.compile(r"https?://[^/]", re.IGNORECASE)
# Cc: controls (C0, DEL, C1); Cf: invisible format characters (zero-width, bidi overrides);
# Zs/Zl/Zp: every kind of space and line or paragraph separator.
_REFUSED_CATEGORIES = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp"})


class RedirectUrlRefused(ValueError):
    """The URL may not be used to send a buyer on; ``reason`` says why, for the caller's error."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class RedirectUrl:
    href: str  # what is stored and what the browser navigates to
    host: str  # normalised, without a trailing dot: what domain rules compare


def parse_redirect_url(text: object) -> RedirectUrl:
    """The URL as a browser would navigate to it, or ``RedirectUrlRefused``."""
    if not isinstance(text, str) or not text:
        raise RedirectUrlRefused("must be an absolute http or https URL")
    if len(text) > MAX_LENGTH:
        raise RedirectUrlRefused(f"at most {MAX_LENGTH} characters")
    if "\\" in text:
        raise RedirectUrlRefused("must not contain a backslash")
    if any(char.isspace() or unicodedata.category(char) in _REFUSED_CATEGORIES for char in text):
        raise RedirectUrlRefused("must not contain spaces, control or invisible characters")
    if not _ABSOLUTE_HTTP.match(text):
        raise RedirectUrlRefused("must be an absolute http or https URL (https://host/...)")
    authority = re.split(r"[/?#]", text.split("://", 1)[1], maxsplit=1)[0]
    if "@" in authority:
        raise RedirectUrlRefused("must not contain user information (user:password@)")
    try:
        parsed = URL(text)
    except ValueError:
        raise RedirectUrlRefused("is not a valid URL") from None
    # Guaranteed by the checks above; repeated on what the parser understood, which is what counts.
    if parsed.protocol not in ("http:", "https:") or parsed.username or parsed.password or not parsed.hostname:
        raise RedirectUrlRefused("must be an absolute http or https URL (https://host/...)")
    href = parsed.href
    if len(href) > MAX_LENGTH:
        raise RedirectUrlRefused(f"at most {MAX_LENGTH} characters once encoded")
    return RedirectUrl(href=href, host=_without_trailing_dot(parsed.hostname))


def normalise_domain(text: str) -> str | None:
    """A domain (or IP address) as the host of a URL naming it would be, without a trailing
    dot; None when it is not a host on its own."""
    if not text or any(char in "/\\?#@:%[]" or char.isspace() for char in text):
        return None
    try:
        return _without_trailing_dot(parse_redirect_url(f"http://{text}/").host) or None
    except RedirectUrlRefused:
        return None


def host_within(host: str, domains: list[str]) -> bool:
    """The host is one of the domains or below one (``www.shop.example`` within ``shop.example``)."""
    return any(host == domain or host.endswith("." + domain) for domain in domains)


def _without_trailing_dot(host: str) -> str:
    return host[:-1] if host.endswith(".") else host
