"""Settings: one object, read from the environment (prefix OPENINFINITY_) or a `.env` file."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from platformdirs import user_data_dir
from pydantic import Field, ValidationInfo, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy import make_url
from sqlalchemy.exc import ArgumentError

# Settings whose value must never be printed or logged.
SECRET_FIELDS = frozenset({"secret_key", "s3_secret_access_key"})


def mask_url(url: str) -> str:
    """`scheme://user:password@host/...` -> `scheme://user:***@host/...`."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        return url
    if parsed.password is None:
        return url
    return parsed.render_as_string(hide_password=True)


DATABASE_FILE = "openinfinity.db"


def default_data_dir() -> Path:
    """Where the embedded database, attachments and generated secrets live unless configured:
    OPENINFINITY_DATA_DIR, else the platform's user data directory (~/.local/share/openinfinity
    on Linux), so every command finds the server's database whatever the working directory."""
    return Path(user_data_dir("openinfinity", appauthor=False))


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="OPENINFINITY_", env_file=".env", extra="ignore")

    # Read first: the defaults of the database, storage and secret files are inside it.
    data_dir: Path = Field(default_factory=default_data_dir)
    database_url: str = Field(
        default_factory=lambda values: f"sqlite:///{values['data_dir'] / DATABASE_FILE}"
    )
    redis_url: str | None = None
    # Seconds to wait for Redis (connect, each command); past it the rate limiter counts in the
    # process's memory and does not try Redis again for `redis_retry_seconds` (core/limitstore.py).
    redis_timeout: float = Field(default=0.5, gt=0)
    redis_retry_seconds: float = Field(default=5.0, ge=0)
    rate_limit: str = "180/minute"
    # Windows of their own on top of `rate_limit` (docs/operations.md): uploads and attachments from
    # URL, sign-in and password-reset requests, token creation (personal and OAuth). "off": none.
    rate_limit_uploads: str = "60/minute"
    rate_limit_signin: str = "20/minute"
    rate_limit_tokens: str = "20/minute"
    # Proxies whose X-Forwarded-For / X-Forwarded-Proto are believed (comma list of addresses or
    # networks, "*" for any). Empty: none, the client is the TCP peer (docs/deploy.md).
    forwarded_allow_ips: str = ""
    public_url: str | None = None
    host: str = "127.0.0.1"
    port: int = 8000
    max_body_bytes: int = 10 * 1024 * 1024
    # Seconds one database statement of the server may run (a costly filter or search) before it
    # is stopped and the request answers 503 general/query-timeout (docs/operations.md).
    query_timeout: float = Field(default=10.0, gt=0)
    # Slow clients (slowloris): seconds to send a request's headers once the server waits for
    # them, seconds between two pieces of a body, seconds an idle keep-alive connection stays open.
    header_timeout: float = Field(default=10.0, gt=0)
    body_timeout: float = Field(default=30.0, gt=0)
    keep_alive_timeout: int = Field(default=5, ge=1)
    # Browser origins allowed to call the API (comma list, or "*"); unset: no CORS headers at all.
    cors_origins: str = ""
    # Compressible responses at least this large are gzipped for clients that accept it.
    gzip_minimum_bytes: int = Field(default=4096, ge=0)
    # Tokens are cached briefly so authentication is not a hash lookup per request; revocation
    # through this process clears the entry at once, other processes see it within this delay.
    token_cache_seconds: float = 5.0
    log_level: str = "info"
    # "text" for people (time, level, logger, message, key=value fields), "json" for collectors.
    log_format: Literal["json", "text"] = "text"
    # `/metrics`: "off" (404), "open", or "token" (Authorization: Bearer OPENINFINITY_METRICS_TOKEN).
    metrics: Literal["off", "open", "token"] = "off"
    metrics_token: str | None = None
    # A directory shared by `serve` and `openinfinity worker` on one machine, so /metrics adds up
    # the workers' webhook deliveries too (prometheus-client multiprocess files; docs/operations.md).
    metrics_dir: Path | None = None
    # Outbound requests (webhooks, attachments from URL) to private/loopback addresses.
    allow_private_urls: bool = False
    # Webhook delivery: seconds between attempts (attempt 1 is immediate; one retry per entry).
    webhook_retry_delays: str = "60,600"
    webhook_timeout: float = 10.0
    # "auto" / "in-process": deliver from inside `serve` (any database); "off": only `openinfinity worker`.
    webhook_dispatcher: Literal["auto", "in-process", "off"] = "auto"
    webhook_poll_interval: float = 0.25
    # After a commit wakes the dispatcher it waits this long for more: a burst of writes becomes
    # one fan-out transaction instead of one per write (each takes SQLite's write lock).
    webhook_coalesce: float = 0.02
    webhook_batch_size: int = 50
    # Concurrent connections per receiver origin (scheme, host, port) and dispatcher.
    webhook_connections_per_host: int = 8
    # A claimed attempt whose worker died is retried once this much time past its timeout.
    webhook_lease_margin: float = 30.0
    # Dispatched outbox events and finished deliveries (with their attempt logs) are kept this long.
    webhook_retention_days: float = 30.0
    # The board change feed (docs/changes.md). Outbox events are kept for at least this long
    # whatever the webhook retention, so a client away for up to a day resumes without a reload.
    changes_history_hours: float = Field(default=24.0, ge=24)
    # SSE comment lines on an idle stream, so proxies do not close it.
    changes_heartbeat_seconds: float = Field(default=15.0, gt=0)
    # Events queued for one stream; past that it reads history at its own pace (docs/changes.md).
    changes_queue_size: int = Field(default=256, ge=1)
    # A client that accepts nothing for this long is dropped (it resumes by its cursor).
    changes_send_timeout: float = Field(default=30.0, gt=0)
    # How often a worker reads the outbox when no commit woke it (other processes' writes on SQLite).
    changes_poll_interval: float = Field(default=0.25, gt=0)
    # How often every open stream's access (credential, membership, board) is checked again.
    changes_access_check_seconds: float = Field(default=5.0, gt=0)
    # Open streams per worker process; more answer 503 changes/too-many-streams.
    changes_max_streams: int = Field(default=2000, ge=1)
    # Item history and the workspace audit log (docs/history.md). Entries older than the retention
    # are pruned by the webhook dispatcher's housekeeping (0: kept forever). `item_history=false`
    # stops recording item changes (the audit log is always written).
    item_history: bool = True
    history_retention_days: float = Field(default=365.0, ge=0)
    audit_retention_days: float = Field(default=730.0, ge=0)
    # Signs CSRF tokens and attachment links; generated once and kept in <data dir>/secret_key when
    # unset (see core.secret). Set it when several servers share a database, so links verify on all.
    secret_key: str | None = None
    # Failed sign-ins allowed before the form refuses further attempts (limits syntax).
    signin_limit_account: str = "5/15minutes"
    signin_limit_address: str = "30/15minutes"
    session_days: int = 14
    # The built web app (app.js, app.css); unset: the package's webapp/dist (see web.assets).
    webapp_dist: Path | None = None
    invitation_days: int = 7
    # Password-reset links (docs/auth.md): how long one works, and how often one may be asked
    # for per e-mail and per client address (limits syntax), whether or not the account exists.
    password_reset_minutes: int = Field(default=60, ge=5)
    password_reset_limit_account: str = "3/hour"
    password_reset_limit_address: str = "20/hour"
    # Outgoing mail (invitations); unset host: nothing is sent, links are logged (docs/operations.md).
    smtp_host: str | None = None
    smtp_port: int = 587
    smtp_security: Literal["starttls", "tls", "none"] = "starttls"
    smtp_user: str | None = None
    smtp_password: str | None = None
    smtp_from: str = "openinfinity <noreply@openinfinity.local>"
    smtp_timeout: float = Field(default=30.0, gt=0)
    oauth_code_seconds: int = 300
    oauth_access_token_seconds: int = 3600
    oauth_refresh_token_days: int = 60
    # Attachments: where files live ("local" directory or "s3"), upload cap, link lifetime.
    storage_backend: Literal["local", "s3"] = "local"
    storage_dir: Path = Field(default_factory=lambda data: data["data_dir"] / "attachments")
    s3_bucket: str | None = None
    s3_endpoint_url: str | None = None
    s3_region: str = "us-east-1"
    s3_access_key_id: str | None = None
    s3_secret_access_key: str | None = None
    max_upload_bytes: int = Field(default=100 * 1024 * 1024, ge=1)
    attachment_link_ttl: int = Field(default=7200, ge=1)
    # Seconds to wait for a remote server when an attachment is created from a URL.
    attachment_fetch_timeout: float = Field(default=30.0, gt=0)
    # `gc-attachments` keeps unreferenced attachments younger than this (uploaded, not yet used).
    attachment_gc_grace_seconds: int = Field(default=3600, ge=0)
    # CSV import of a board's items: largest file (bytes; at most max_body_bytes) and most rows.
    # One file is one transaction: on SQLite other writers wait for it (up to 30 s), so the row
    # cap keeps an import within that (60 rows/s measured on a 2-core machine at load 11, several
    # times that when idle: docs/csv.md). PostgreSQL does not make other boards' writers wait.
    csv_import_max_bytes: int = Field(default=5 * 1024 * 1024, ge=1)
    csv_import_max_rows: int = Field(default=2_000, ge=1)

    @field_validator("database_url")
    @classmethod
    def _async_driver(cls, url: str) -> str:
        """Accept plain `sqlite:///` and `postgresql://` URLs and pick the async driver for them."""
        if url.startswith("sqlite:///"):
            return "sqlite+aiosqlite:///" + url.removeprefix("sqlite:///")
        for prefix in ("postgresql://", "postgres://"):
            if url.startswith(prefix):
                return "postgresql+asyncpg://" + url.removeprefix(prefix)
        return url

    @model_validator(mode="after")
    def _metrics_token_given(self) -> Settings:
        if self.metrics == "token" and not self.metrics_token:
            raise ValueError("OPENINFINITY_METRICS=token needs OPENINFINITY_METRICS_TOKEN")
        return self

    @field_validator("webhook_retry_delays")
    @classmethod
    def _parse_delays(cls, value: str) -> str:
        try:
            delays = [float(part) for part in value.split(",") if part.strip()]
        except ValueError as exc:
            raise ValueError(f"invalid webhook retry delays {value!r}: comma-separated seconds") from exc
        if any(d < 0 for d in delays):
            raise ValueError("webhook retry delays must not be negative")
        return value

    @property
    def retry_delays(self) -> list[float]:
        """Seconds to wait before attempt 2, 3, ...; its length + 1 is the number of attempts."""
        return [float(part) for part in self.webhook_retry_delays.split(",") if part.strip()]

    @property
    def runs_in_process_dispatcher(self) -> bool:
        """`auto` and `in-process` deliver from `serve` on any database: dispatchers take leases, so
        several (server processes, workers) share the work safely, and a PostgreSQL deployment that
        forgot `openinfinity worker` still delivers. `off` leaves it to workers."""
        return self.webhook_dispatcher != "off"

    @field_validator(
        "rate_limit",
        "rate_limit_uploads",
        "rate_limit_signin",
        "rate_limit_tokens",
        "signin_limit_account",
        "signin_limit_address",
        "password_reset_limit_account",
        "password_reset_limit_address",
    )
    @classmethod
    def _parse_limits(cls, value: str, info: ValidationInfo) -> str:
        from limits import parse_many

        if (info.field_name or "").startswith("rate_limit") and value.strip().lower() == "off":
            return value
        try:
            parse_many(value.replace(",", ";"))
        except ValueError as exc:
            raise ValueError(f"invalid rate limit {value!r}: {exc}") from exc
        return value

    def masked(self) -> dict[str, Any]:
        """Every setting, with secrets and URL passwords replaced by `***` (safe to print or log)."""
        values: dict[str, Any] = {}
        for name, value in self.model_dump(mode="json").items():
            if value and (name in SECRET_FIELDS or name.endswith(("_password", "_secret_key", "_token"))):
                value = "***"
            elif isinstance(value, str) and "://" in value:
                value = mask_url(value)
            values[name] = value
        return values

    @property
    def cors_origin_list(self) -> list[str]:
        return [origin.strip().rstrip("/") for origin in self.cors_origins.split(",") if origin.strip()]

    @property
    def sqlite_path(self) -> Path | None:
        """The database file of an SQLite URL (None for PostgreSQL or in-memory)."""
        if not self.is_sqlite:
            return None
        path = make_url(self.database_url).database
        return Path(path) if path and path != ":memory:" else None

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @property
    def is_https(self) -> bool:
        return self.base_url.startswith("https://")

    @property
    def base_url(self) -> str:
        return (self.public_url or f"http://{self.host}:{self.port}").rstrip("/")
