"""The redirect-URL rules in process, over a table of hostile forms: each is refused, or kept
as the browser would navigate to it, with the host a browser would visit."""

from __future__ import annotations

import pytest

from paystead.http.redirect_urls import (RedirectUrlRefused, host_within, normalise_domain,
                                         parse_redirect_url)

REFUSED = [
    # Backslashes: browsers read them as "/" in http(s) URLs, Python's urlsplit does not.
    "http://evil.example\\@shop.example/",
    "http://evil.example\\.shop.example/",
    "https:\\\\evil.example/",
    "\\\\evil.example/",
    "/\\evil.example/",
    "http://shop.example\\evil.example/",
    # Tabs, newlines and other controls are dropped by the standard, spaces trimmed.
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    "ht\ttp://evil.example/",
    "http://evil.\texample/",
    "http://shop.example\n.evil.example/",
    "http://shop.example/\r\n",
    "http://shop.example/\x00",
    "http://shop.example/\x7f",
    "http://shop.example/\x85",
    " http://shop.example/",
    "http://shop.example/ ",
    "http://shop.example/a b",
    "http://shop.example/\u00a0",
    "http://shop.example/\u2028",
    "http://shop\u200b.example/",
    "http://\u202eelpmaxe.pohs/",
    # Percent-encoded controls in the host make no valid host.
    "http://evil.example%0a.shop.example/",
    "http://evil.example%00.shop.example/",
    # Other schemes, in any case.
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
    "ftp://shop.example/",
    "blob:https://shop.example/1",
    # Not absolute, or absolute only after the browser repairs it.
    "//evil.example/",
    "///evil.example/",
    "/thanks",
    "thanks",
    "http:evil.example",
    "http:/evil.example",
    "http:///evil.example",
    "https:",
    "http://",
    "",
    # User information.
    "http://user:pass@shop.example/",
    "http://shop.example@evil.example/",
    "http://@shop.example/",
    "http://user@shop.example/",
    # Not a host.
    "http://[::1/",
    "http://shop.example:99999/",
    "http://a..b%/",
    # Too long.
    "https://shop.example/" + "a" * 2000,
]


@pytest.mark.parametrize("text", REFUSED)
def test_hostile_forms_are_refused(text):
    with pytest.raises(RedirectUrlRefused):
        parse_redirect_url(text)


@pytest.mark.parametrize("text, href, host", [
    ("https://shop.example/thanks?order=1#top", "https://shop.example/thanks?order=1#top", "shop.example"),
    ("HTTPS://WWW.Shop.EXAMPLE/Thanks", "https://www.shop.example/Thanks", "www.shop.example"),
    ("https://shop.example./thanks", "https://shop.example./thanks", "shop.example"),
    ("https://shop.example:443/", "https://shop.example/", "shop.example"),
    ("http://shop.example:8080/", "http://shop.example:8080/", "shop.example"),
    ("https://shop.example/a/../b/./c", "https://shop.example/b/c", "shop.example"),
    ("https://shop.example/ä?q=\"<x>\"", "https://shop.example/%C3%A4?q=%22%3Cx%3E%22", "shop.example"),
    # IDNA: mapped (fullwidth letters), then punycode; a homograph keeps its own punycode.
    ("https://ｓｈｏｐ.example/", "https://shop.example/", "shop.example"),
    ("https://shöp.example/", "https://xn--shp-tna.example/", "xn--shp-tna.example"),
    ("https://shоp.example/", "https://xn--shp-ted.example/", "xn--shp-ted.example"),  # Cyrillic o
    # IPv4 in decimal, octal, hex and short forms, as browsers read them.
    ("http://3232235777/", "http://192.168.1.1/", "192.168.1.1"),
    ("http://0300.0250.01.01/", "http://192.168.1.1/", "192.168.1.1"),
    ("http://0xc0.0xa8.1.1/", "http://192.168.1.1/", "192.168.1.1"),
    ("http://0x7f.1/", "http://127.0.0.1/", "127.0.0.1"),
    ("http://[0:0::1]:8443/", "http://[::1]:8443/", "[::1]"),
    ("http://[::ffff:192.168.1.1]/", "http://[::ffff:c0a8:101]/", "[::ffff:c0a8:101]"),
    # A percent-encoded dot is a dot in a host: the host is below evil.example.
    ("http://shop.example%2eevil.example/", "http://shop.example.evil.example/", "shop.example.evil.example"),
])
def test_accepted_forms_are_kept_as_a_browser_reads_them(text, href, host):
    url = parse_redirect_url(text)
    assert (url.href, url.host) == (href, host)
    assert parse_redirect_url(url.href) == url  # what is stored reads back the same


@pytest.mark.parametrize("host, inside", [
    ("shop.example", True), ("www.shop.example", True), ("a.b.shop.example", True),
    ("evilshop.example", False), ("shop.example.evil.example", False), ("example", False),
])
def test_a_host_is_within_a_domain_or_below_it(host, inside):
    assert host_within(host, ["other.example", "shop.example"]) is inside


@pytest.mark.parametrize("text, domain", [
    ("Shop.Example", "shop.example"), ("shop.example.", "shop.example"), ("shöp.example", "xn--shp-tna.example"),
    ("0x7f.1", "127.0.0.1"), ("a b", None), ("a/b", None), ("evil.example\\@shop.example", None),
    ("evil.example@shop.example", None), ("shop.example:443", None), ("", None),
])
def test_allowed_domains_are_normalised_like_hosts(text, domain):
    assert normalise_domain(text) == domain
