"""HTTP front end of the emulator: auth, rate limits, faults, stats, dispatch.

One ``Emulator`` object owns the store, the tokens, the counters and the
ThreadingHTTPServer.  Resource handlers never see sockets; they get a
``framework.Request`` and run under the store lock (see framework.py).
"""
from __future__ import annotations

import base64
import binascii
import dataclasses
import hashlib
import importlib
import json
import secrets
import socket
import struct
import sys
import threading
import time
import traceback
import uuid
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Dict, List, Optional, Tuple
from urllib.parse import parse_qs, urlsplit

from . import framework
from .faults import FaultConfigError, FaultInjector
from .framework import ApiError, Request, Response
from .store import Store

# Core resource modules, then the extension modules written alongside them.
CORE_MODULES = ("admin", "directory", "skills", "wrapupcodes", "queues", "queue_members",
                "skillgroups", "utilization")
EXTENSION_MODULES = ("integrations", "event_delivery", "triggers", "analytics", "audit",
                     "taskmanagement", "taskmanagement_schemas", "taskmanagement_analytics")

MAX_BODY_BYTES = 1024 * 1024
DRAIN_LIMIT = 16 * MAX_BODY_BYTES   # oversized bodies up to this are read and dropped
DEFAULT_ALLOWED = 300          # advertised when rate limiting is off
WRITE_METHODS = frozenset(("POST", "PUT", "PATCH", "DELETE"))
# POSTs that only query (analytics); they change nothing, so they are not counted as writes.
QUERY_OPERATIONS = frozenset((
    "POST /api/v2/taskmanagement/workbins/query",
    "POST /api/v2/taskmanagement/worktypes/query",
    "POST /api/v2/analytics/taskmanagement/metrics/query",
    "POST /api/v2/analytics/queues/observations/query",
    "POST /api/v2/analytics/conversations/aggregates/query",
    "POST /api/v2/audits/query/realtime",
))


def is_write_call(is_api: bool, method: str, operation: Optional[str]) -> bool:
    return is_api and method in WRITE_METHODS and operation not in QUERY_OPERATIONS
TOKEN_PATH = "/oauth/token"


def load_route_modules() -> None:
    """Import every module that registers routes (idempotent)."""
    for name in CORE_MODULES:
        importlib.import_module("genesys_emulator." + name)
    for name in EXTENSION_MODULES:
        full = "genesys_emulator." + name
        try:
            importlib.import_module(full)
        except ModuleNotFoundError as exc:
            if exc.name != full:      # the module exists but one of its imports is missing
                raise


@dataclasses.dataclass
class EmulatorConfig:
    host: str = "127.0.0.1"
    port: int = 0
    seed: str = "demo"
    id_salt: str = ""
    state_file: Optional[str] = None
    rate_limit: Optional[int] = None
    rate_window: int = 60
    org_rate_limit: Optional[int] = None
    faults: Optional[Dict[str, Any]] = None
    consistency: Optional[str] = None      # "eventual[:seconds]": kept across resets
    latency_ms: int = 0
    clients: Dict[str, str] = dataclasses.field(
        default_factory=lambda: {"emulator-client": "emulator-secret"})
    token_ttl: int = 86400
    max_body: int = MAX_BODY_BYTES
    verbose: bool = False


class Stats:
    """Request counters (thread-safe).  Every received call counts, whatever its outcome."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        with self._lock:
            self.total = 0
            self.writes = 0
            self.writes_applied = 0
            self.tokens_issued = 0
            self.rate_limited = 0
            self.faults_injected = 0
            self.by_operation: Dict[str, int] = {}
            self.by_status: Dict[str, int] = {}
            self.by_token: Dict[str, Dict[str, int]] = {}

    def bump(self, name: str, amount: int = 1) -> None:
        with self._lock:
            setattr(self, name, getattr(self, name) + amount)

    def record_call(self, operation: Optional[str], is_write: bool) -> None:
        with self._lock:
            self.total += 1
            if is_write:
                self.writes += 1
            if operation:
                self.by_operation[operation] = self.by_operation.get(operation, 0) + 1

    def record_token(self, token: str, count_in_window: int, limited: bool) -> None:
        """Calls per token (named by a short hash, never the token) and the most seen in one window."""
        name = hashlib.sha256(token.encode("utf-8")).hexdigest()[:12]
        with self._lock:
            entry = self.by_token.setdefault(name, {"calls": 0, "peak_per_window": 0, "rate_limited": 0})
            entry["calls"] += 1
            entry["peak_per_window"] = max(entry["peak_per_window"], count_in_window)
            entry["rate_limited"] += int(limited)

    def record_status(self, status: int) -> None:
        with self._lock:
            key = str(status)
            self.by_status[key] = self.by_status.get(key, 0) + 1

    def snapshot(self) -> Dict[str, Any]:
        with self._lock:
            return {"total": self.total, "writes": self.writes,
                    "writes_applied": self.writes_applied,
                    "tokens_issued": self.tokens_issued,
                    "by_operation": dict(self.by_operation),
                    "by_status": dict(self.by_status),
                    "by_token": dict((name, dict(entry)) for name, entry in self.by_token.items()),
                    "rate_limited": self.rate_limited,
                    "faults_injected": self.faults_injected}


class RateLimiter:
    """Fixed windows: ``limit`` calls per token per ``window`` seconds, and optionally an
    org-wide ceiling of ``org_limit`` calls per window over all tokens together.

    The platform limits each client-credentials token (reference genesys-api.md 6.2) and
    also holds organization-level limits; the org ceiling stands in for the latter
    (its exact 429 text is UNCONFIRMED, so it answers like the per-token limit).
    """

    def __init__(self, limit: Optional[int], window: int, org_limit: Optional[int] = None) -> None:
        self.limit = limit
        self.window = window
        self.org_limit = org_limit
        self._lock = threading.Lock()
        self._buckets: Dict[str, List[float]] = {}

    def clear(self) -> None:
        with self._lock:
            self._buckets.clear()

    def configure(self, config: Any) -> Dict[str, Any]:
        """Change the limits at run time (``PUT /__emulator/rate-limits``); windows restart."""
        if not isinstance(config, dict):
            raise ValueError("rate-limit config must be a JSON object")
        unknown = set(config) - {"limit", "window", "org_limit"}
        if unknown:
            raise ValueError("unknown rate-limit option(s): %s" % ", ".join(sorted(unknown)))
        for name in ("limit", "org_limit"):
            value = config.get(name, getattr(self, name))
            if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 1):
                raise ValueError("%s must be a positive integer or null" % name)
        window = config.get("window", self.window)
        if isinstance(window, bool) or not isinstance(window, int) or window < 1:
            raise ValueError("window must be a positive integer")
        with self._lock:
            self.limit = config.get("limit", self.limit)
            self.org_limit = config.get("org_limit", self.org_limit)
            self.window = window
            self._buckets.clear()
        return self.current()

    def current(self) -> Dict[str, Any]:
        return {"limit": self.limit, "window": self.window, "org_limit": self.org_limit}

    def _count(self, key: str, now: float) -> List[float]:
        bucket = self._buckets.get(key)
        if bucket is None or now >= bucket[0] + self.window:
            bucket = [now, 0]
            self._buckets[key] = bucket
        bucket[1] += 1
        return bucket

    def hit(self, key: str) -> Tuple[int, int, int, Optional[Tuple[int, int]]]:
        """Count one call: (count, allowed, seconds until reset, (Retry-After, the limit passed) or None)."""
        now = time.monotonic()
        with self._lock:
            bucket = self._count("token " + key, now)
            reset_in = max(1, int(round(bucket[0] + self.window - now)))
            allowed = self.limit if self.limit is not None else DEFAULT_ALLOWED
            over = (reset_in, self.limit) if self.limit is not None and bucket[1] > self.limit else None
            if self.org_limit is not None:
                org = self._count("org", now)
                org_reset = max(1, int(round(org[0] + self.window - now)))
                if org[1] > self.org_limit and (over is None or org_reset > over[0]):
                    over = (org_reset, self.org_limit)
            return int(bucket[1]), allowed, reset_in, over


class _DropConnection(Exception):
    """Raised to close the socket without any answer."""


class Emulator:
    """A running (or runnable) emulator instance."""

    def __init__(self, config: Optional[EmulatorConfig] = None) -> None:
        load_route_modules()
        self.config = config or EmulatorConfig()
        self.store = Store(self.config.state_file)
        self.stats = Stats()
        self.faults = FaultInjector()
        self.limiter = RateLimiter(self.config.rate_limit, self.config.rate_window, self.config.org_rate_limit)
        self.clients = dict(self.config.clients)
        self._tokens: Dict[str, Tuple[str, float]] = {}
        self._tokens_lock = threading.Lock()
        self.httpd: Optional[ThreadingHTTPServer] = None
        self._thread: Optional[threading.Thread] = None
        self.seed_spec = self.config.seed
        self.id_salt = self.config.id_salt
        for hook in framework.STARTUP_HOOKS:
            hook(self.store)
        with self.store.lock:
            if not self.store.load():
                self.load_seed(self.seed_spec, self.id_salt)
        # Handlers reach the eventual-consistency lag through the store they are given.
        self.store.faults = self.faults
        self._configure_start_faults()

    def _configure_start_faults(self) -> None:
        start = dict(self.config.faults or {})
        if self.config.consistency and "consistency" not in start:
            start["consistency"] = self.config.consistency
        self.faults.configure(start)

    # -- seeding -------------------------------------------------------------
    def load_seed(self, spec: str, salt: Optional[str] = None) -> None:
        from . import seeds   # local import: seeds imports resource helpers
        salt = self.id_salt if salt is None else salt
        data = seeds.build(spec, salt)      # built aside: a bad spec changes nothing
        with self.store.lock:
            self.store.meta = {"seed": spec, "salt": salt}
            self.store.replace_all(data)

    def reset(self, spec: Optional[str] = None) -> None:
        self.load_seed(spec or self.seed_spec, self.id_salt)
        self.faults.clear()
        if self.config.consistency:
            self.faults.configure({"consistency": self.config.consistency})
        self.limiter.clear()

    # -- tokens --------------------------------------------------------------
    def issue_token(self, client_id: str) -> str:
        token = secrets.token_urlsafe(32)
        with self._tokens_lock:
            self._tokens[token] = (client_id, time.time() + self.config.token_ttl)
        self.stats.bump("tokens_issued")
        return token

    def token_client(self, token: str) -> Tuple[Optional[str], bool]:
        """(client id, expired) for a bearer token; (None, False) when unknown."""
        with self._tokens_lock:
            entry = self._tokens.get(token)
        if entry is None:
            return None, False
        return entry[0], time.time() >= entry[1]

    # -- lifecycle -----------------------------------------------------------
    def bind(self) -> int:
        handler = type("BoundHandler", (EmulatorRequestHandler,), {"emulator": self})
        self.httpd = _Server((self.config.host, self.config.port), handler)
        return self.httpd.server_address[1]

    @property
    def base_url(self) -> str:
        assert self.httpd is not None
        return "http://%s:%d" % (self.config.host, self.httpd.server_address[1])

    def serve_forever(self) -> None:
        assert self.httpd is not None
        self.httpd.serve_forever(poll_interval=0.2)

    def start(self) -> "Emulator":
        """Bind and serve in a background thread (in-process use)."""
        if self.httpd is None:
            self.bind()
        self._thread = threading.Thread(target=self.serve_forever, name="genesys-emulator",
                                        daemon=True)
        self._thread.start()
        return self

    def shutdown(self) -> None:
        if self.httpd is not None:
            self.httpd.shutdown()
            self.httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self.store.close()


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def handle_error(self, request: Any, client_address: Any) -> None:
        # Client hang-ups are routine (faults, timeouts); anything else goes to stderr.
        exc = sys.exc_info()[1]
        if isinstance(exc, (ConnectionError, socket.timeout, BrokenPipeError)):
            return
        traceback.print_exc(file=sys.stderr)


class EmulatorRequestHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "genesys-emulator"
    sys_version = ""
    emulator: Emulator = None  # type: ignore[assignment]   # set on the bound subclass

    def version_string(self) -> str:
        return self.server_version

    def setup(self) -> None:
        super().setup()
        # Headers and body leave in one write; no Nagle / delayed-ACK stalls either way.
        try:
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        except OSError:
            pass

    # Every method goes through the same dispatcher.
    def do_GET(self) -> None:
        self._serve()

    do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = do_GET

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib name
        if self.emulator.config.verbose:
            sys.stderr.write("%s - %s\n" % (self.address_string(), format % args))

    # -- plumbing ------------------------------------------------------------
    def _serve(self) -> None:
        self._correlation_id = str(uuid.uuid4())
        self._extra_headers: Dict[str, str] = {}
        self._counted = False
        try:
            self._dispatch()
        except _DropConnection:
            self._drop()
        except Exception:
            traceback.print_exc(file=sys.stderr)
            try:
                self._send_error(ApiError(500, "internal.server.error",
                                          "The server encountered an internal error."))
            except Exception:
                self.close_connection = True

    def _drop(self) -> None:
        """Close without answering (RST), like a proxy that died mid-request."""
        self.close_connection = True
        try:
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                       struct.pack("ii", 1, 0))
        except OSError:
            pass

    def _send(self, status: int, body: Any = None,
              headers: Optional[Dict[str, str]] = None) -> None:
        # Count before answering: a client that reads the stats right after its response
        # must see this call (tests and benchmarks rely on exact counts).
        if self._counted:
            self.emulator.stats.record_status(status)
        self.send_response(status)
        self.send_header("ININ-Correlation-Id", self._correlation_id)
        for key, value in self._extra_headers.items():
            self.send_header(key, value)
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        if self.close_connection:
            self.send_header("Connection", "close")
        payload = b""
        if body is not None:
            payload = json.dumps(body, separators=(",", ":")).encode("utf-8")
        if status == 204 or status == 304:
            self.end_headers()
        else:
            if payload:
                self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            # Same as end_headers(), with the body appended to the single write.
            self._headers_buffer.append(b"\r\n")
            if self.command != "HEAD":
                self._headers_buffer.append(payload)
            self.flush_headers()

    def _send_error(self, error: ApiError) -> None:
        self._send(error.status, error.body(self._correlation_id), error.headers)

    def _read_body(self) -> bytes:
        limit = self.emulator.config.max_body
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            chunks = []
            size_total = 0
            while True:
                line = self.rfile.readline(65537)
                try:
                    size = int(line.split(b";", 1)[0].strip(), 16)
                except ValueError:
                    self.close_connection = True
                    raise ApiError.bad_request("Malformed chunked request body.")
                if size == 0:
                    while self.rfile.readline(65537) not in (b"\r\n", b"\n", b""):
                        pass
                    break
                size_total += size
                if size_total > limit:
                    self.close_connection = True
                    raise _too_large(limit)
                chunks.append(self.rfile.read(size))
                self.rfile.readline(65537)
            return b"".join(chunks)
        length_header = self.headers.get("Content-Length")
        if not length_header:
            return b""
        try:
            length = int(length_header)
        except ValueError:
            self.close_connection = True
            raise ApiError.bad_request("Invalid Content-Length header.")
        if length > limit:
            if length <= DRAIN_LIMIT:
                self._discard(length)        # keeps the client reading our 413, not an RST
            else:
                self.close_connection = True  # too big to drain: the connection is unusable
            raise _too_large(limit)
        return self.rfile.read(length) if length > 0 else b""

    def _discard(self, length: int) -> None:
        remaining = length
        while remaining > 0:
            chunk = self.rfile.read(min(65536, remaining))
            if not chunk:
                self.close_connection = True
                return
            remaining -= len(chunk)

    # -- the main flow -------------------------------------------------------
    def _dispatch(self) -> None:
        emulator = self.emulator
        parts = urlsplit(self.path)
        path = parts.path or "/"
        if len(path) > 1:
            path = path.rstrip("/")
        query = parse_qs(parts.query, keep_blank_values=True)
        method = self.command.upper()
        is_admin = path.startswith("/__emulator/") or path == "/__emulator"
        is_oauth = path == TOKEN_PATH
        is_api = path.startswith("/api/v2/") or path == "/api/v2"
        self._counted = is_api or is_oauth

        found, path_params, path_known = framework.resolve(method, path)
        operation = found.operation if found is not None and not is_admin else None
        if is_oauth:
            operation = "%s %s" % (method, TOKEN_PATH)
        if self._counted:
            emulator.stats.record_call(operation, is_write_call(is_api, method, operation))

        try:
            body_bytes = self._read_body()
        except ApiError as error:
            self._send_error(error)
            return

        lost_response = False
        if self._counted:
            kind = emulator.faults.decide(method, path, found.template if found else None)
            if kind is not None:
                emulator.stats.bump("faults_injected")
                if kind == "reset":
                    raise _DropConnection()
                if kind == "latency":
                    time.sleep(emulator.faults.config["latency_ms"] / 1000.0)
                elif kind == "lost_response":
                    lost_response = True
                else:
                    self._send_error(_fault_error(int(kind)))
                    return
            if emulator.config.latency_ms:
                time.sleep(emulator.config.latency_ms / 1000.0)

        if is_oauth:
            self._serve_token(method, body_bytes)
            if lost_response:
                raise _DropConnection()
            return

        token = client_id = None
        if is_api:
            try:
                token, client_id = self._authenticate()
            except ApiError as error:
                self._rate_headers(None)
                self._send_error(error)
                return
            over = self._rate_headers(token)
            if over is not None:
                emulator.stats.bump("rate_limited")
                window = emulator.limiter.window
                retry, limit = over
                self._send_error(ApiError(
                    429, "too.many.requests",
                    "Rate limit exceeded the maximum [%s] requests within [%s] seconds"
                    % (limit, window),
                    message_params={"limit": limit, "window": window},
                    message_with_params="Rate limit exceeded the maximum [{limit}] "
                                        "requests within [{window}] seconds",
                    headers={"Retry-After": str(retry)}))
                return

        if found is None:
            if path_known:
                self._send_error(ApiError(405, "method.not.allowed",
                                          "HTTP method %s is not supported by this URL." % method))
            else:
                self._send_error(ApiError.not_found(
                    "The requested resource was not found: %s" % path))
            return

        try:
            body = self._parse_body(body_bytes)
        except ApiError as error:
            self._send_error(error)
            return

        req = Request(method, path, found.template, path_params, query, self.headers, body,
                      emulator.store, emulator, self._correlation_id,
                      self.client_address[0], token=token, client_id=client_id)
        status, payload, headers = self._invoke(found, req, is_admin)
        if is_write_call(is_api, method, operation) and status < 400:
            emulator.stats.bump("writes_applied")
        if lost_response:
            raise _DropConnection()
        if isinstance(payload, ApiError):
            self._send_error(payload)
        else:
            self._send(status, payload, headers)

    def _invoke(self, found: framework.Route, req: Request,
                is_admin: bool) -> Tuple[int, Any, Dict[str, str]]:
        store = self.emulator.store
        with store.lock:
            framework.set_current_request(req)
            try:
                if is_admin:
                    result = found.handler(req)
                else:
                    store.begin()
                    try:
                        result = found.handler(req)
                    except BaseException:
                        store.rollback()
                        raise
                    store.commit()
            except ApiError as error:
                return error.status, error, {}
            except Exception:
                traceback.print_exc(file=sys.stderr)
                return 500, ApiError(500, "internal.server.error",
                                     "The server encountered an internal error."), {}
            finally:
                framework.set_current_request(None)
        if isinstance(result, Response):
            return result.status, result.body, result.headers
        if result is None:
            return 204, None, {}
        return 200, result, {}

    def _parse_body(self, body_bytes: bytes) -> Any:
        if not body_bytes:
            return None
        content_type = (self.headers.get("Content-Type") or "").split(";", 1)[0].strip().lower()
        if content_type != "application/json" and not content_type.endswith("+json"):
            raise ApiError(415, "unsupported.media.type",
                           "Content type [%s] is not supported; use application/json."
                           % (content_type or "none"))
        try:
            return json.loads(body_bytes.decode("utf-8"))
        except (ValueError, UnicodeDecodeError):
            raise ApiError(400, "bad.request",
                           "The request could not be understood by the server due to "
                           "malformed syntax.")

    def _authenticate(self) -> Tuple[str, str]:
        header = self.headers.get("Authorization") or ""
        scheme, _, value = header.partition(" ")
        if not header or scheme.lower() != "bearer" or not value.strip():
            raise ApiError(401, "authentication.required",
                           "No authentication bearer token specified in authorization header.")
        token = value.strip()
        client_id, expired = self.emulator.token_client(token)
        if client_id is None:
            raise ApiError(401, "bad.credentials", "Invalid login credentials.")
        if expired:
            raise ApiError(401, "credentials.expired", "The supplied credentials are expired.")
        return token, client_id

    def _rate_headers(self, token: Optional[str]) -> Optional[Tuple[int, int]]:
        """Set the inin-ratelimit-* headers; (Retry-After seconds, limit) when this call is over a limit."""
        limiter = self.emulator.limiter
        if token is None:
            allowed = limiter.limit if limiter.limit is not None else DEFAULT_ALLOWED
            count, reset_in, limited = 0, limiter.window, None
        else:
            count, allowed, reset_in, limited = limiter.hit(token)
            self.emulator.stats.record_token(token, count, limited is not None)
        self._extra_headers.update({"inin-ratelimit-count": str(count),
                                    "inin-ratelimit-allowed": str(allowed),
                                    "inin-ratelimit-reset": str(reset_in)})
        return limited

    # -- OAuth ---------------------------------------------------------------
    def _oauth_error(self, status: int, error: str, description: str) -> None:
        self._send(status, {"error": error, "description": description,
                            "error_description": description})

    def _serve_token(self, method: str, body_bytes: bytes) -> None:
        if method != "POST":
            self._send_error(ApiError(405, "method.not.allowed",
                                      "HTTP method %s is not supported by this URL." % method))
            return
        client_id = _basic_client(self.headers.get("Authorization") or "",
                                  self.emulator.clients)
        if client_id is None:
            self._oauth_error(401, "invalid_client", "client authentication failed")
            return
        try:
            form = parse_qs(body_bytes.decode("utf-8"), keep_blank_values=True)
        except UnicodeDecodeError:
            form = {}
        grant = (form.get("grant_type") or [""])[-1]
        if grant != "client_credentials":
            self._oauth_error(400, "unsupported_grant_type",
                              "grant type [%s] is not supported" % grant)
            return
        token = self.emulator.issue_token(client_id)
        self._send(200, {"access_token": token, "token_type": "bearer",
                         "expires_in": self.emulator.config.token_ttl})


def _basic_client(header: str, clients: Dict[str, str]) -> Optional[str]:
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "basic" or not value:
        return None
    try:
        decoded = base64.b64decode(value.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    client_id, sep, secret = decoded.partition(":")
    if not sep or clients.get(client_id) is None:
        return None
    if not secrets.compare_digest(clients[client_id], secret):
        return None
    return client_id


def _too_large(limit: int) -> ApiError:
    # Code UNCONFIRMED: no source showed the platform's 413 body.
    return ApiError(413, "request.entity.too.large",
                    "The request body exceeds the maximum size of %d bytes." % limit)


_FAULT_ERRORS = {
    500: ("internal.server.error", "The server encountered an internal error."),
    502: ("bad.gateway", "The server received an invalid response from an upstream server."),
    503: ("service.unavailable", "The service is currently unavailable."),
    504: ("request.timeout", "The request timed out."),
    409: ("conflict", "The resource was modified by another request; try again."),
    408: ("request.timeout", "The request timed out before the resource could be updated."),
}


def _fault_error(status: int) -> ApiError:
    if status == 429:
        return ApiError(429, "too.many.requests",
                        "Rate limit exceeded the maximum [%d] requests within [60] seconds"
                        % DEFAULT_ALLOWED, headers={"Retry-After": "1"})
    code, message = _FAULT_ERRORS.get(status, ("internal.server.error", HTTPStatus(status).phrase))
    return ApiError(status, code, message)


def configure_rate_limits(emulator: Emulator, config: Any) -> Dict[str, Any]:
    try:
        return emulator.limiter.configure(config)
    except ValueError as exc:
        raise ApiError.bad_request(str(exc))


def configure_faults(emulator: Emulator, config: Any) -> Dict[str, Any]:
    try:
        return emulator.faults.configure(config)
    except FaultConfigError as exc:
        raise ApiError.bad_request(str(exc))
