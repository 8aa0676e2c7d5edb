"""A second processor behind the port, for tests only: ``HttpProcessor`` posts each port call as
JSON to an external processor (``ProcessorStub``, a small HTTP server the test runs in its own
process) and turns the answers back into the port's results. A Paystead server is pointed at it
with ``PAYSTEAD_PROCESSORS`` (see ``processors_env``).

The stub answers as a processor would, deterministically: an authorization of 13.13 is declined
for insufficient funds, a refund of 7.77 fails, an asynchronous authorization stays pending for
one look of the worker and is then approved; everything else succeeds. It records every call."""

from __future__ import annotations

import dataclasses
import json
import threading
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx

from paystead.payments.processors import (
    Authorization,
    AuthorizationRequest,
    AuthorizationStatus,
    CompletionRequest,
    OperationResult,
    OperationStatus,
    PaymentProcessor,
    ProcessorError,
    RefundRequest,
    SettlementRequest,
    StoredPaymentInformation,
    VoidRequest,
)

DECLINED_AMOUNT = "13.13"
FAILING_REFUND = "7.77"


def _plain(value):
    """A request as JSON: dataclasses as objects, Decimals as exact text."""
    if dataclasses.is_dataclass(value):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    if isinstance(value, Decimal):
        return str(value)
    return value


class HttpProcessor(PaymentProcessor):
    def __init__(self, url: str) -> None:
        self._url = url.rstrip("/")

    async def _post(self, operation: str, payload) -> dict:
        try:
            async with httpx.AsyncClient(timeout=10) as client:
                response = await client.post(f"{self._url}/{operation}", json=_plain(payload))
                response.raise_for_status()
                return response.json()
        except httpx.HTTPError as exc:
            raise ProcessorError(f"the processor did not answer {operation}: {type(exc).__name__}") from exc

    async def _authorization(self, operation: str, payload) -> Authorization:
        answer = await self._post(operation, payload)
        stored = answer.get("stored")
        return Authorization(AuthorizationStatus(answer["status"]), failure=answer.get("failure"),
                             reference=answer.get("reference"),
                             stored=StoredPaymentInformation(**stored) if stored else None)

    async def _operation(self, operation: str, payload) -> OperationResult:
        answer = await self._post(operation, payload)
        return OperationResult(OperationStatus(answer["status"]), reference=answer.get("reference"),
                               failure=answer.get("failure"))

    async def authorize(self, request: AuthorizationRequest) -> Authorization:
        return await self._authorization("authorize", request)

    async def authorize_async(self, request: AuthorizationRequest) -> Authorization:
        return await self._authorization("authorize-async", request)

    async def settle_authorization(self, request: SettlementRequest) -> Authorization:
        return await self._authorization("settle-authorization", request)

    async def complete(self, request: CompletionRequest) -> OperationResult:
        return await self._operation("complete", request)

    async def void(self, request: VoidRequest) -> OperationResult:
        return await self._operation("void", request)

    async def refund(self, request: RefundRequest) -> OperationResult:
        return await self._operation("refund", request)


class ProcessorStub:
    """The external processor: ``calls`` lists (operation, JSON body) in the order received."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, dict]] = []
        self._lock = threading.Lock()
        self._settle_looks: dict[str, int] = {}
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                operation = self.path.strip("/")
                with stub._lock:
                    stub.calls.append((operation, body))
                    answer = stub._answer(operation, body, len(stub.calls))
                data = json.dumps(answer).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args) -> None:  # quiet
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> ProcessorStub:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()

    def operations(self) -> list[str]:
        with self._lock:
            return [operation for operation, _ in self.calls]

    def bodies(self, operation: str) -> list[dict]:
        with self._lock:
            return [body for name, body in self.calls if name == operation]

    def _answer(self, operation: str, body: dict, number: int) -> dict:
        if operation == "authorize":
            if body["payment"]["amount"] == DECLINED_AMOUNT:
                return {"status": "DECLINED", "failure": "INSUFFICIENT_FUNDS"}
            return {"status": "APPROVED", "reference": f"stub-authorization-{number}"}
        if operation == "authorize-async":
            return {"status": "PENDING", "reference": f"stub-pending-{number}"}
        if operation == "settle-authorization":
            reference = body["reference"]
            self._settle_looks[reference] = self._settle_looks.get(reference, 0) + 1
            return {"status": "PENDING" if self._settle_looks[reference] == 1 else "APPROVED"}
        if operation == "refund" and body["amount"] == FAILING_REFUND:
            return {"status": "FAILED", "failure": "DECLINED", "reference": f"stub-refund-{number}"}
        return {"status": "SUCCESSFUL", "reference": f"stub-{operation}-{number}"}


def processors_env(processor_id: int, url: str) -> dict[str, str]:
    """The server settings that route a processor's payments to ``HttpProcessor`` at ``url``."""
    return {"PAYSTEAD_PROCESSORS": json.dumps({str(processor_id): {
        "implementation": f"{__name__}:HttpProcessor", "options": {"url": url}}})}
