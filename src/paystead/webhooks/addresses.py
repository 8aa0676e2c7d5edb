"""Where webhooks may go.

- One parser: a webhook URL is parsed by httpx's URL parser, the one that sends it, both when it
  is saved and before each send (``send_target``). On top of what that parser accepts, a URL is
  refused when another parser (a browser's, the C library's resolver) could read it differently:
  whitespace, control characters, backslashes, user names or passwords, percent-encoded hosts, a
  port outside 1-65535, and numeric hosts other than four plain decimal numbers (``01.1.1.1``,
  ``0x7f.1``, ``2130706433`` and ``127.1`` all mean some IPv4 address to someone).
- Addresses: in production mode a URL may not reach loopback, link-local, private, shared,
  multicast, unspecified or reserved addresses (server-side request forgery). An IPv6 address
  that only carries an IPv4 address (IPv4-mapped, IPv4-translated, NAT64 ``64:ff9b::/96``, as
  DNS64 gives for IPv4-only receivers) is judged by that IPv4 address; 6to4 and Teredo addresses
  leading to a private IPv4 address are private; IPv4-compatible addresses and local-use NAT64
  (``64:ff9b:1::/48``) are always refused. All this unless the configuration allows all private
  addresses (``allow_private_urls``, the sandbox default, so that a developer's receiver on
  localhost works) or the address lies in one of ``allowed_networks``. Every address a host
  resolves to must pass; the connection then goes to one of those addresses (see ``transport``),
  never to a second resolution.
- ``paystead-forward://`` URLs belong to ``paystead webhooks forward``: they are pulled by the
  CLI, never sent to.
"""

from __future__ import annotations

import asyncio
import ipaddress
import re
import socket
import unicodedata
from urllib.parse import urlsplit

import httpx

from paystead.settings import Mode, Settings

FORWARD_SCHEME = "paystead-forward"
MAX_URL_LENGTH = 500  # the column's size

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

# A last label that makes a host an IPv4 address for WHATWG and for inet_aton (decimal, octal
# with a leading 0, or hexadecimal with 0x).
_NUMERIC_LABEL = re.compile(r"^(0x[0-9a-f]*|[0-9]+)$", re.IGNORECASE)
# IPv6 ranges that only carry an IPv4 address in their last 32 bits: that address decides.
_IPV4_CARRIERS = [ipaddress.ip_network(network) for network in (
    "::ffff:0:0/96",    # IPv4-mapped (RFC 4291)
    "::ffff:0:0:0/96",  # IPv4-translated (RFC 2765)
    "64:ff9b::/96",     # NAT64, the well-known prefix (RFC 6052): DNS64 gives these for IPv4-only hosts
)]
# Never a webhook's destination, whatever the Python version's idea of "global":
_NEVER = [ipaddress.ip_network(network) for network in (
    "::/96",            # IPv4-compatible (deprecated, RFC 4291), with :: and ::1
    "64:ff9b:1::/48",   # NAT64 for local use (RFC 8215): where the IPv4 address sits is the operator's
    "192.0.0.0/24",     # IETF protocol assignments (DS-Lite, NAT64 discovery...)
)]


class UnusableUrl(Exception):
    """Why a URL may not be sent to; the text is short and names no secret."""


def private_allowed(settings: Settings) -> bool:
    allowed = settings.webhooks.allow_private_urls
    return settings.mode == Mode.SANDBOX if allowed is None else allowed


def _forward_problem(url: str) -> str | None:
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises on a malformed port
    except ValueError:
        return "not a URL"
    return None if parts.hostname else "has no host"


def _character_problem(url: str) -> str | None:
    for character in url:
        if character == "\\":
            return "must not contain a backslash"
        if character.isspace():
            return "must not contain whitespace"
        if unicodedata.category(character) in ("Cc", "Cf", "Cs", "Co", "Cn"):
            return "must not contain control or invisible characters"
    return None


def _host_problem(host: str) -> str | None:
    if not host:
        return "has no host"
    if "%" in host:
        return "the host must not be percent-encoded (nor carry an IPv6 zone)"
    if ":" in host:
        return None  # an IPv6 address, validated by the parser
    if len(host) > 253 or any(len(label) > 63 for label in host.split(".")):
        return "the host name is too long"
    labels = host.split(".")
    last = labels[-1] or (labels[-2] if len(labels) > 1 else "")
    if _NUMERIC_LABEL.match(last):
        try:
            ipaddress.IPv4Address(host)
        except ValueError:
            return "an IPv4 host must be four decimal numbers without leading zeros (like 192.0.2.1)"
    return None


def send_target(url: str) -> httpx.URL:
    """The URL that is sent to, parsed once; raises ``UnusableUrl`` for anything that is not
    an http(s) URL every parser reads the same way."""
    if not isinstance(url, str) or not url:
        raise UnusableUrl("not a URL")
    if len(url) > MAX_URL_LENGTH:
        raise UnusableUrl(f"longer than {MAX_URL_LENGTH} characters")
    problem = _character_problem(url)
    if problem:
        raise UnusableUrl(problem)
    if url.lower().startswith(FORWARD_SCHEME + ":"):
        raise UnusableUrl("is pulled by `paystead webhooks forward`, not sent to")
    try:
        target = httpx.URL(url)
    except (httpx.InvalidURL, ValueError, TypeError) as error:
        raise UnusableUrl(f"not a valid URL ({str(error)[:120]})") from None
    if target.scheme not in ("http", "https"):
        raise UnusableUrl("must be an http or https URL")
    if target.userinfo:
        raise UnusableUrl("must not contain a user name or password")
    problem = _host_problem(target.raw_host.decode("ascii"))
    if problem:
        raise UnusableUrl(problem)
    if target.port is not None and not 1 <= target.port <= 65535:
        raise UnusableUrl("the port must be between 1 and 65535")
    return target


def syntax_problem(url: str) -> str | None:
    if isinstance(url, str) and url.lower().startswith(FORWARD_SCHEME + ":"):
        return _character_problem(url) or _forward_problem(url)
    try:
        send_target(url)
    except UnusableUrl as problem:
        return str(problem)
    return None


def _carried_ipv4(ip: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    """The IPv4 addresses that 6to4 and Teredo addresses lead to."""
    carried = [ip.sixtofour] if ip.sixtofour else []
    return carried + list(ip.teredo or ())


def is_private(ip: IPAddress) -> bool:
    """True for any address that is not a plain public unicast one, or that leads to one."""
    if any(ip.version == network.version and ip in network for network in _NEVER):
        return True
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.scope_id:
            return True  # a zone only makes sense for link-local addresses
        if any(ip in network for network in _IPV4_CARRIERS):
            return is_private(ipaddress.IPv4Address(ip.packed[-4:]))
        if ip.is_site_local or any(is_private(carried) for carried in _carried_ipv4(ip)):
            return True
    return (not ip.is_global or ip.is_multicast or ip.is_reserved or ip.is_unspecified or ip.is_loopback
            or ip.is_link_local or ip.is_private)


def permitted(ip: IPAddress, settings: Settings) -> bool:
    if private_allowed(settings) or not is_private(ip):
        return True
    # Matched on the address itself, never on an IPv4 address it carries: 64:ff9b::7f00:1 does
    # not go to 127.0.0.1 on this machine, it goes to a NAT64 gateway.
    return any(ip.version == network.version and ip in network for network in settings.webhooks.allowed_networks)


REFUSED_ADDRESS = "points at a loopback, link-local, private or reserved address (not allowed in production mode)"


async def resolve_host(host: str) -> list[IPAddress]:
    """Every address ``host`` (as the parser gave it: ASCII, IPv6 without brackets) stands for,
    in the resolver's order. Names under ``.invalid`` never resolve (RFC 6761), without asking."""
    try:
        return [ipaddress.ip_address(host)]
    except ValueError:
        pass
    name = host.rstrip(".").lower()
    if name == "invalid" or name.endswith(".invalid"):
        raise UnusableUrl("the host does not resolve")
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        raise UnusableUrl("the host does not resolve") from None
    addresses: list[IPAddress] = []
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        if address not in addresses:
            addresses.append(address)
    if not addresses:
        raise UnusableUrl("the host does not resolve")
    return addresses


async def checked_addresses(host: str, settings: Settings) -> list[IPAddress]:
    """The addresses of ``host`` that a webhook may connect to: all of them, or an error."""
    addresses = await resolve_host(host)
    if not all(permitted(address, settings) for address in addresses):
        raise UnusableUrl(REFUSED_ADDRESS)
    return addresses


async def refusal(url: str, settings: Settings, *, resolve: bool = True) -> str | None:
    """Why ``url`` may not be sent to, or None. A host name that does not resolve is refused
    only with ``resolve`` (when saving, it may be a name that exists later); an address written
    in the URL is always checked."""
    problem = syntax_problem(url)
    if problem or url.lower().startswith(FORWARD_SCHEME + ":") or private_allowed(settings):
        return problem
    host = send_target(url).raw_host.decode("ascii")
    try:
        literal = ipaddress.ip_address(host)
    except ValueError:
        literal = None
    if literal is None and not resolve:
        return None
    try:
        await checked_addresses(host, settings)
    except UnusableUrl as refused:
        return str(refused)
    return None
