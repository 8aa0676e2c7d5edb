"""Where webhooks may go: http(s) URLs, and in production mode not to loopback, link-local or
private networks (server-side request forgery), unless the configuration allows them. The
sandbox allows them, so that a developer's receiver on localhost works.

URLs are checked when saved and again, by the addresses their host resolves to, before each
send. ``paystead-forward://`` URLs belong to ``paystead webhooks forward``: they are pulled by
the CLI, never sent to.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from urllib.parse import urlsplit

from paystead.settings import Mode, Settings

FORWARD_SCHEME = "paystead-forward"


def private_allowed(settings: Settings) -> bool:
    allowed = settings.webhooks.allow_private_urls
    return settings.mode == Mode.SANDBOX if allowed is None else allowed


def syntax_problem(url: str) -> str | None:
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises on a malformed port
    except ValueError:
        return "not a URL"
    if parts.scheme == FORWARD_SCHEME:
        return None
    if parts.scheme not in ("http", "https"):
        return "must be an http or https URL"
    if not parts.hostname:
        return "has no host"
    return None


def _is_private(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%")[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return not ip.is_global or ip.is_multicast


async def refusal(url: str, settings: Settings, *, resolve: bool = True) -> str | None:
    """Why ``url`` may not be sent to, or None. A host that does not resolve is refused only
    when sending (``resolve``); when saving, it may be a name that exists later."""
    problem = syntax_problem(url)
    if problem or urlsplit(url).scheme == FORWARD_SCHEME or private_allowed(settings):
        return problem
    host = urlsplit(url).hostname
    try:
        addresses = [ipaddress.ip_address(host).compressed]
    except ValueError:
        try:
            infos = await asyncio.get_running_loop().getaddrinfo(host, None, type=socket.SOCK_STREAM)
        except OSError:
            return "the host does not resolve" if resolve else None
        addresses = [info[4][0] for info in infos]
    if any(_is_private(address) for address in addresses):
        return "points at a loopback, link-local or private address (not allowed in production mode)"
    return None
