"""The HTTP side of the emulator: one request from the socket to the handler and back.

Reads the body (sized or chunked), injects faults, serves OAuth, checks the bearer
token and the rate limits, dispatches to the route handler under the store lock
inside a transaction, and writes the answer in one write.  The ``Emulator`` that
owns the store, tokens and counters is in server.py.
"""
from __future__ import annotations

import base64
import binascii
import json
import secrets
import socket
import struct
import sys
import time
import traceback
import uuid
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Dict, Optional, Tuple
from urllib.parse import parse_qs, urlsplit

from . import framework
from .framework import ApiError, Request, Response
from .rate_limits import DEFAULT_ALLOWED
from .stats import is_write_call

MAX_BODY_BYTES = 1024 * 1024
DRAIN_LIMIT = 16 * MAX_BODY_BYTES   # oversized bodies up to this are read and dropped
TOKEN_PATH = "/oauth/token"


class _DropConnection(Exception):
    """Raised to close the socket without any answer."""


class EmulatorHTTPServer(ThreadingHTTPServer):
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
    emulator: Any = None   # the Emulator (server.py), set on the bound subclass

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
