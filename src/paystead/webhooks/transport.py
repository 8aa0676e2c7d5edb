"""The HTTP client that sends webhooks connects only to addresses it has checked.

A host name is resolved once, when a connection is opened, every address it resolves to is
checked (``addresses.checked_addresses``), and the connection goes to one of those addresses,
tried in the resolver's order. Nothing resolves the name a second time, so a DNS answer that
changes between the check and the connection (DNS rebinding) cannot move a send elsewhere. The
request keeps the host name: the Host header, TLS SNI and certificate verification are those of
the URL.

This is an httpcore network backend (the documented place to change how connections are made)
under httpcore's connection pool, wrapped as an httpx transport. No proxy from the environment
is used: a proxy would connect to addresses nobody checked.
"""

from __future__ import annotations

import typing

import httpcore
import httpx

from paystead.settings import Settings
from paystead.webhooks.addresses import UnusableUrl, checked_addresses


class CheckedNetworkBackend(httpcore.AsyncNetworkBackend):
    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._network = httpcore.AnyIOBackend()

    async def connect_tcp(self, host: str, port: int, timeout: float | None = None, local_address: str | None = None,
                          socket_options: typing.Iterable | None = None) -> httpcore.AsyncNetworkStream:
        failure: Exception | None = None
        for address in await checked_addresses(host, self._settings):
            try:
                return await self._network.connect_tcp(str(address), port, timeout=timeout,
                                                       local_address=local_address, socket_options=socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as error:
                failure = error
        assert failure is not None  # checked_addresses returns at least one address
        raise failure

    async def connect_unix_socket(self, path: str, timeout: float | None = None,
                                  socket_options: typing.Iterable | None = None) -> httpcore.AsyncNetworkStream:
        raise UnusableUrl("webhooks are not sent to Unix sockets")

    async def sleep(self, seconds: float) -> None:
        await self._network.sleep(seconds)


class _ResponseBody(httpx.AsyncByteStream):
    def __init__(self, stream) -> None:
        self._stream = stream

    async def __aiter__(self) -> typing.AsyncIterator[bytes]:
        async for chunk in self._stream:
            yield chunk

    async def aclose(self) -> None:
        if hasattr(self._stream, "aclose"):
            await self._stream.aclose()


class CheckedTransport(httpx.AsyncBaseTransport):
    """httpx requests over a connection pool whose connections go to checked addresses."""

    def __init__(self, settings: Settings) -> None:
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=httpx.create_ssl_context(), max_connections=settings.webhooks.concurrency,
            max_keepalive_connections=settings.webhooks.concurrency, keepalive_expiry=5.0,
            network_backend=CheckedNetworkBackend(settings))

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        assert isinstance(request.stream, httpx.AsyncByteStream)
        response = await self._pool.handle_async_request(httpcore.Request(
            method=request.method,
            url=httpcore.URL(scheme=request.url.raw_scheme, host=request.url.raw_host, port=request.url.port,
                             target=request.url.raw_path),
            headers=request.headers.raw, content=request.stream, extensions=request.extensions))
        return httpx.Response(status_code=response.status, headers=response.headers,
                              stream=_ResponseBody(response.stream), extensions=response.extensions)

    async def aclose(self) -> None:
        await self._pool.aclose()


def webhook_client(settings: Settings) -> httpx.AsyncClient:
    """One client for webhook sends, so that connections to receivers are kept alive."""
    return httpx.AsyncClient(transport=CheckedTransport(settings), timeout=settings.webhooks.timeout_seconds,
                             follow_redirects=False, trust_env=False)
