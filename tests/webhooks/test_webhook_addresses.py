"""Where webhooks may go, in process: which addresses count as private, which URLs the parser
refuses, and that the sending client connects only to checked addresses while keeping the host
name. Only 127.0.0.1 is ever connected to; names that must not resolve are under ``.invalid``."""

from __future__ import annotations

import asyncio
import ipaddress
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from paystead.settings import load_settings
from paystead.webhooks.addresses import UnusableUrl, is_private, permitted, refusal, send_target
from paystead.webhooks.delivery import Outgoing, send_one
from paystead.webhooks.transport import CheckedNetworkBackend, webhook_client

PRODUCTION = load_settings(mode="production")
LOOPBACK_ONLY = load_settings(mode="production", webhooks={"allowed_networks": ["127.0.0.0/8"]})

PRIVATE = [
    "127.0.0.1", "10.1.2.3", "172.16.5.4", "192.168.0.10", "169.254.169.254", "100.64.0.1", "0.0.0.0",
    "192.0.0.8", "198.18.0.1", "224.0.0.1", "240.0.0.1", "255.255.255.255",
    "::1", "::", "fe80::1", "fc00::1", "fec0::1", "ff02::1", "2001:db8::1",
    "::ffff:127.0.0.1", "::ffff:10.0.0.1",       # IPv4-mapped
    "::ffff:0:7f00:1", "::ffff:0:a9fe:a9fe",     # IPv4-translated
    "::127.0.0.1", "::10.0.0.1",                 # IPv4-compatible
    "64:ff9b::7f00:1", "64:ff9b::a00:1", "64:ff9b::a9fe:a9fe",  # NAT64, well-known prefix
    "64:ff9b:1::808:808", "64:ff9b:1:2::1",      # NAT64, local use: never
    "2002:7f00:1::", "2002:a00:1::1", "2002:c0a8:1::",          # 6to4
    "2001:0:4136:e378:8000:63bf:80ff:fffe",      # Teredo (client 127.0.0.1)
]
PUBLIC = ["8.8.8.8", "93.184.216.34", "1.1.1.1", "2001:4860:4860::8888", "2606:4700:4700::1111",
          "64:ff9b::808:808", "::ffff:8.8.8.8"]


@pytest.mark.parametrize("address", PRIVATE)
def test_private_addresses_and_ipv6_carrying_a_private_ipv4(address):
    assert is_private(ipaddress.ip_address(address))
    assert not permitted(ipaddress.ip_address(address), PRODUCTION)


@pytest.mark.parametrize("address", PUBLIC)
def test_public_addresses(address):
    assert not is_private(ipaddress.ip_address(address))
    assert permitted(ipaddress.ip_address(address), PRODUCTION)


def test_allowed_networks_match_the_address_itself_never_what_it_carries():
    assert permitted(ipaddress.ip_address("127.0.0.1"), LOOPBACK_ONLY)
    for carrier in ("::ffff:127.0.0.1", "64:ff9b::7f00:1", "::127.0.0.1", "2002:7f00:1::", "::1", "10.0.0.1"):
        assert not permitted(ipaddress.ip_address(carrier), LOOPBACK_ONLY), carrier
    sandbox = load_settings(mode="sandbox")
    assert all(permitted(ipaddress.ip_address(address), sandbox) for address in PRIVATE)


@pytest.mark.parametrize("url", [
    "http://01.1.1.1/x", "http://8.8.8.010/", "http://1.1.1.01/", "http://0177.0.0.1/", "http://0x7f.0.0.1/",
    "http://0x7f.1/", "http://2130706433/", "http://0x7f000001/", "http://127.1/", "http://1.1.1.1./",
    "http://a\\b@c.example/", "http://c.example\\x/", "http://a b.example/", " http://c.example/",
    "http://c.example/\n", "http://c.example/\x00", "http://c.example/\u200e", "http://c.example/\u3000",
    "http://user:pw@c.example/", "http://user@c.example/", "http://c.example:0/", "http://c.example:99999/",
    "http://127%2e0.0.1/", "http://[fe80::1%25eth0]/", "http:///x", "http://", "https:", "ftp://c.example/",
    "javascript:alert(1)", "data:text/plain,x", "//c.example/", "c.example/hook", "http://①②⑦.0.0.1/",
    "http://" + "a" * 64 + ".example/", "http://" + "a." * 127 + "example/", "http://c.example/" + "x" * 500,
    "http://[::1", "paystead-forward://x/y",
])
def test_urls_that_cannot_be_sent_to(url):
    with pytest.raises(UnusableUrl):
        send_target(url)


def test_urls_that_are_sent_as_parsed():
    assert send_target("https://shop.example/hooks?a=1").host == "shop.example"
    assert send_target("HTTP://Shop.Example:8080/x").raw_host == b"shop.example"
    assert send_target("http://bücher.example/").raw_host == b"xn--bcher-kva.example"
    assert send_target("http://192.0.2.1/").host == "192.0.2.1"
    assert send_target("http://[2001:db8::1]:8443/").host == "2001:db8::1"
    assert send_target("http://shop.example./").host == "shop.example."


def test_saving_refuses_written_private_addresses_but_not_names_that_do_not_resolve_yet():
    assert asyncio.run(refusal("http://[64:ff9b::7f00:1]/", PRODUCTION, resolve=False))
    assert asyncio.run(refusal("http://no-such-host.invalid/", PRODUCTION, resolve=False)) is None
    assert asyncio.run(refusal("http://no-such-host.invalid/", PRODUCTION)) == "the host does not resolve"
    assert asyncio.run(refusal("paystead-forward://cli/1", PRODUCTION)) is None
    assert asyncio.run(refusal("paystead-forward://cli/1 x", PRODUCTION))


class _Listener:
    """127.0.0.1: an HTTP receiver that records the Host header of each request."""

    def __init__(self) -> None:
        self.hosts: list[str] = []
        listener = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - the standard library's name
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                listener.hosts.append(self.headers["Host"])
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.httpd.server_address[1]
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()


def _send(settings, url: str):
    async def run():
        client = webhook_client(settings)
        try:
            return await send_one(client, Outgoing(1, 1, 0, url, b"{}", "signature"), settings)
        finally:
            await client.aclose()

    return asyncio.run(run())


def test_the_client_connects_to_the_checked_address_and_keeps_the_host_name():
    listener = _Listener()
    try:
        sent = _send(LOOPBACK_ONLY, f"http://localhost:{listener.port}/hook")
        assert sent.status == 204 and listener.hosts == [f"localhost:{listener.port}"]
        refused = _send(PRODUCTION, f"http://localhost:{listener.port}/hook")
        assert refused.error.startswith("refused:") and len(listener.hosts) == 1
    finally:
        listener.httpd.shutdown()


def test_the_network_backend_refuses_before_connecting():
    server = socket.create_server(("127.0.0.1", 0))
    server.settimeout(0.2)
    port = server.getsockname()[1]

    async def connect(host: str):
        return await CheckedNetworkBackend(PRODUCTION).connect_tcp(host, port, timeout=1)

    try:
        for host in ("127.0.0.1", "::ffff:127.0.0.1", "localhost", "no-such-host.invalid"):
            with pytest.raises(UnusableUrl):
                asyncio.run(connect(host))
        with pytest.raises(TimeoutError):
            server.accept()  # nothing tried to connect
    finally:
        server.close()


def test_any_failure_of_one_send_is_that_delivery_s_failed_attempt():
    for url in ("http://01.1.1.1/x", "http://no-such-host.invalid/", f"http://127.0.0.1:{_closed_port()}/",
                "not a url at all", ""):
        result = _send(LOOPBACK_ONLY, url)
        assert result.status is None and result.error and not result.delivered, url


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
