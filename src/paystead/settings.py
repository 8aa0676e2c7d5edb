"""Settings grouped by concern, read from ``PAYSTEAD_*`` variables.

Nothing reads the environment at import time: ``load_settings()`` builds one root object
which is passed into ``create_app(settings)`` and the CLI commands. Defaults boot the
embedded sandbox (SQLite in the data directory).
"""

from __future__ import annotations

import enum
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from pydantic import BaseModel, Field, IPvAnyNetwork, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from paystead.setup_errors import SetupError

_PUBLIC_BASE_URL_FORM = ("an absolute http(s) URL such as https://pay.example.com (a path is allowed), "
                         "without user, query or fragment")


class Mode(str, enum.Enum):
    SANDBOX = "sandbox"
    PRODUCTION = "production"


class AuthSettings(BaseModel):
    # How far a token's ``iat`` may lie in the past / the future (clock skew), in seconds.
    max_token_age_seconds: int = 300
    max_clock_skew_seconds: int = 60


class RateLimitSettings(BaseModel):
    enabled: bool = True
    # Token bucket per application user: sustained rate and burst size. A user's own
    # ``requestLimit`` (per two minutes) replaces these when it is set.
    requests_per_second: float = 500.0
    burst: int = 1000
    # Namespace of the buckets in Redis, so that installations sharing a Redis stay apart.
    redis_prefix: str = "paystead:ratelimit:"


class ApiSettings(BaseModel):
    max_bulk_items: int = 100
    max_body_bytes: int = 1_048_576


class PaymentSettings(BaseModel):
    # A transaction not authorized this long after its creation fails.
    authorization_timeout_seconds: int = 86_400
    # An authorized transaction not completed this long after its authorization is voided.
    completion_timeout_seconds: int = 7 * 86_400
    # How often the worker looks for transactions past their time-outs.
    timeout_check_seconds: float = 30.0


class ProcessingSettings(BaseModel):
    # process-without-interaction and charge flows answer PROCESSING, as on wallee, and the worker
    # finishes them this many seconds later (0: as soon as the worker looks).
    delay_seconds: float = Field(default=1.0, ge=0)
    # Seconds between the worker's looks for due processing work.
    poll_seconds: float = Field(default=0.2, gt=0)


class ProcessorPlugin(BaseModel):
    """A payment processor implemented outside Paystead (see paystead.payments.processors)."""

    # An importable class, "package.module:ClassName", subclassing
    # paystead.payments.processors.PaymentProcessor.
    implementation: str = Field(pattern=r"^[A-Za-z_][\w.]*:[A-Za-z_]\w*$")
    # Keyword arguments its constructor is called with once per process (a URL, a key file...).
    options: dict[str, Any] = {}


class WebhookSettings(BaseModel):
    # Seconds the worker waits between looks at the outbox when it found nothing to send.
    poll_seconds: float = 0.5
    # Seconds a receiver has to answer; anything but a 2xx in time is a failed attempt.
    timeout_seconds: float = 10.0
    # Retries wait retry_base_seconds * 2**(failures - 1), at most retry_max_seconds, and stop
    # after max_attempts (the delivery is then FAILED; it can be sent again by hand).
    retry_base_seconds: float = 30.0
    retry_max_seconds: float = 6 * 3600.0
    max_attempts: int = 16
    # Deliveries claimed per round, and HTTP requests in flight at once.
    batch_size: int = 200
    concurrency: int = 16
    # URLs on loopback, link-local or private networks: allowed in sandbox mode, refused in
    # production mode unless this is true.
    allow_private_urls: bool | None = None
    # Private networks production mode accepts all the same, e.g. ["10.1.2.0/24"] for a receiver
    # inside the operator's network (allow_private_urls opens every one, cloud metadata too).
    allowed_networks: list[IPvAnyNetwork] = []


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="PAYSTEAD_", env_nested_delimiter="__", extra="ignore"
    )

    mode: Mode = Mode.SANDBOX
    # Where the embedded database and the generated master key live.
    data_dir: Path = Field(default_factory=lambda: Path.home() / ".paystead")
    # Plain URL as users write it: sqlite:///path.db or postgresql://user@host:port/db.
    database_url: str | None = None
    # base64 of 32 bytes; generated into the data directory in sandbox mode when absent.
    master_key: str | None = None
    redis_url: str | None = None
    log_level: str = "info"
    # Run the background worker inside the API process (the embedded default).
    embedded_worker: bool = True
    # The demo shop at /demo (sandbox mode only) sells into this space; by default the oldest
    # active space.
    demo_space_id: int | None = None
    # Where buyers reach this server (https://pay.example.com, or with a path behind a proxy):
    # every buyer-facing URL (payment pages, links, 3-D Secure, embed scripts) is built on it.
    # Without it sandbox mode uses the request's Host header; production mode refuses to serve
    # (a forged Host header must never choose where buyers are sent).
    public_base_url: str | None = None

    auth: AuthSettings = AuthSettings()
    rate_limit: RateLimitSettings = RateLimitSettings()
    api: ApiSettings = ApiSettings()
    payments: PaymentSettings = PaymentSettings()
    processing: ProcessingSettings = ProcessingSettings()
    webhooks: WebhookSettings = WebhookSettings()
    # Payment processors by the id of the processor (GET payment-processor/read) their connector
    # configurations belong to, e.g. {"1": {"implementation": "acme.pay:AcmeProcessor",
    # "options": {"url": "https://acme.example"}}}; a processor not listed is the built-in simulator.
    processors: dict[int, ProcessorPlugin] = {}

    @field_validator("mode", mode="before")
    @classmethod
    def _mode_in_any_case(cls, value):
        # PRODUCTION, as wallee writes its constants, means production: the two words cannot be
        # confused, and anything else is still refused (never a silent fallback to sandbox).
        return value.strip().lower() if isinstance(value, str) else value

    @field_validator("public_base_url")
    @classmethod
    def _absolute_http_url(cls, value: str | None) -> str | None:
        if value is None or value.strip() == "":
            return None
        parts = urlsplit(value.strip())
        try:
            port_ok = parts.port is None or parts.port > 0
        except ValueError:
            port_ok = False
        if parts.scheme not in ("http", "https") or not parts.hostname or not port_ok or "@" in parts.netloc \
                or parts.query or parts.fragment or "\\" in value or any(c.isspace() for c in value.strip()):
            raise ValueError(f"PAYSTEAD_PUBLIC_BASE_URL must be {_PUBLIC_BASE_URL_FORM}")
        return f"{parts.scheme}://{parts.netloc.lower()}{parts.path.rstrip('/')}"

    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.data_dir / 'paystead.db'}"


def load_settings(**overrides) -> Settings:
    """Settings from the environment and ``overrides``; a value that cannot be used is a SetupError."""
    try:
        return Settings(**{k: v for k, v in overrides.items() if v is not None})
    except ValidationError as error:
        raise _setup_error(error.errors()[0]) from error


def _setup_error(problem: dict) -> SetupError:
    path = [str(part) for part in problem["loc"]]
    variable = "PAYSTEAD_" + "__".join(path).upper()
    given = problem.get("input")
    shown = f"{variable}={given!r}" if isinstance(given, (str, int, float)) else variable
    if path == ["mode"]:
        return SetupError(f"{shown} is not a mode", "set it to sandbox (the default) or production")
    if path == ["public_base_url"]:
        return SetupError(f"{shown} is not a usable public base URL", f"write it as {_PUBLIC_BASE_URL_FORM}")
    if path == ["master_key"]:
        return SetupError(f"{variable} is not text", "set it to 32 random bytes in base64 (openssl rand -base64 32)")
    reason = problem["msg"].removeprefix("Value error, ")
    return SetupError(f"{shown}: {reason}", f"correct {variable} or unset it to use the default")
