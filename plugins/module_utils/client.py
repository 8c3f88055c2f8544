# -*- coding: utf-8 -*-
# Copyright: (c) 2025, genesyscloud.routing contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one HTTP client of the collection: auth, requests, paging, safe creates, errors.

Modules never call ``requests`` themselves; they build a ``GenesysClient`` (normally
through ``common.client_from_module``) and call ``get``/``post``/``put``/``patch``/
``delete``, ``list_all`` or ``create``. The jobs it delegates live next to it:
``endpoints`` (regions, base URLs, ``build_path``), ``pacing`` (the per-token request
pacer), ``retry_policy`` (urllib3 ``Retry`` on the session adapter) and ``auth`` (tokens
and their cache).

Thread safety: one client may be shared by a small thread pool. Each thread gets its
own ``requests.Session``; the token, the pacing bucket, the counters and the event log
are guarded by locks.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import threading
import time
from collections import Counter

from urllib.parse import parse_qsl, urlsplit

try:
    import requests
    import requests.auth
    import requests.exceptions
    HAS_REQUESTS = True
    REQUESTS_IMPORT_ERROR = None
except ImportError as import_error:  # reported by client_from_module with missing_library_message
    HAS_REQUESTS = False
    REQUESTS_IMPORT_ERROR = import_error

from ansible.module_utils.ansible_release import __version__ as ANSIBLE_CORE_VERSION

from ansible_collections.genesyscloud.routing.plugins.module_utils.auth import (
    ClientCredentialsAuth,
    Secret,
    StaticTokenAuth,
    TokenCache,
)
from ansible_collections.genesyscloud.routing.plugins.module_utils.endpoints import build_path, check_base_url
# Re-exported: scripts and tests take them from this module along with the client.
from ansible_collections.genesyscloud.routing.plugins.module_utils.endpoints import (  # noqa: F401 pylint: disable=unused-import
    is_loopback_host,
    resolve_endpoints,
)
from ansible_collections.genesyscloud.routing.plugins.module_utils.errors import (
    GenesysApiError,
    GenesysAuthError,
    GenesysConfigError,
    GenesysConnectionError,
    UnsupportedOperationError,
)
from ansible_collections.genesyscloud.routing.plugins.module_utils.operations import READ_ONLY_POSTS, match_operation
from ansible_collections.genesyscloud.routing.plugins.module_utils.pacing import PoolLane, RequestPacer, TokenPool
from ansible_collections.genesyscloud.routing.plugins.module_utils.paging import PagedReads
from ansible_collections.genesyscloud.routing.plugins.module_utils.retry_policy import (
    GATEWAY_ERRORS,
    IDEMPOTENT_METHODS,
    RetryLog,
    backoff_seconds,
    describe_transport_error,
    for_request,
    retry_after_seconds,
)

# Keep equal to the version in galaxy.yml (a unit test checks it).
COLLECTION_VERSION = "0.2.0"
USER_AGENT = "genesyscloud.routing/%s ansible-core/%s" % (COLLECTION_VERSION, ANSIBLE_CORE_VERSION)

TOKEN_PATH = "/oauth/token"
TOKEN_OPERATION = "POST " + TOKEN_PATH


class _BearerAuth:
    """A requests auth callable: sets the bearer header at send time.

    Passing auth (rather than a header) also stops requests from applying ~/.netrc.
    """

    def __init__(self, token):
        self._token = token

    def __call__(self, request):
        request.headers["Authorization"] = "Bearer " + self._token
        return request

    def __repr__(self):
        return "_BearerAuth(********)"


def _failure_kind(exc):
    """Classify a requests exception: 'unsent' (never reached the server), 'sent', 'tls' or 'fatal'."""
    if isinstance(exc, requests.exceptions.SSLError):
        return "tls"
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return "unsent"
    if isinstance(exc, requests.exceptions.ConnectionError):
        cause = _transport_cause(exc)
        if type(cause).__name__ in ("NewConnectionError", "NameResolutionError", "ConnectTimeoutError"):
            return "unsent"
        return "sent"
    if isinstance(exc, (requests.exceptions.Timeout, requests.exceptions.ChunkedEncodingError,
                        requests.exceptions.ContentDecodingError)):
        return "sent"
    return "fatal"


def _transport_cause(exc):
    """The urllib3 error under a requests exception (MaxRetryError unwrapped)."""
    cause = exc.args[0] if exc.args else None
    return getattr(cause, "reason", cause)


def _describe_failure(exc):
    """A short, secret-free description of a transport failure (no URL, no headers)."""
    if isinstance(exc, requests.exceptions.SSLError):
        return "TLS handshake or certificate verification failed"
    if isinstance(exc, requests.exceptions.ChunkedEncodingError):
        return "response cut off"
    cause = _transport_cause(exc)
    if cause is not None and not isinstance(cause, str):
        return describe_transport_error(cause)
    if isinstance(exc, requests.exceptions.ReadTimeout):
        return "no response before the timeout"
    return type(exc).__name__


def _json_or_none(response):
    if not response.content:
        return None
    try:
        return response.json()
    except ValueError:
        return None


def _short_text(response, limit=200):
    text = " ".join((response.text or "").split())
    return text[:limit] + ("..." if len(text) > limit else "")


class GenesysClient(PagedReads):
    """Genesys Cloud Platform API client. See the module docstring for thread safety."""

    def __init__(self, api_url, login_url, client_id=None, client_secret=None, access_token=None,
                 validate_certs=True, ca_path=None, token_cache_dir=None, max_retries=5,
                 retry_max_wait=120, requests_per_minute=None, timeout=30, warn=None, token_pool_size=1,
                 _sleep=time.sleep, _clock=time.monotonic, _wall_clock=time.time):
        if not HAS_REQUESTS:
            raise GenesysConfigError("The Python library 'requests' is required: %s" % REQUESTS_IMPORT_ERROR)
        self.api_url = check_base_url(api_url, "api_url")
        self.login_url = check_base_url(login_url, "login_url")
        if max_retries is None or max_retries < 0:
            raise GenesysConfigError("max_retries must be 0 or more.")
        if retry_max_wait is None or retry_max_wait < 0:
            raise GenesysConfigError("retry_max_wait must be 0 or more.")
        if not timeout or timeout <= 0:
            raise GenesysConfigError("timeout must be a positive number of seconds.")
        if token_pool_size is None or not 1 <= token_pool_size <= TokenPool.MAX_SIZE:
            raise GenesysConfigError("token_pool_size must be between 1 and %d, not %r."
                                     % (TokenPool.MAX_SIZE, token_pool_size))
        self.max_retries = int(max_retries)
        self.retry_max_wait = float(retry_max_wait)
        self.timeout = timeout
        # requests takes a CA bundle path in place of True.
        self.verify = (ca_path or True) if validate_certs else False
        self._sleep = _sleep
        self._warn = warn
        self._local = threading.local()
        self._lock = threading.Lock()
        self._calls = Counter()
        self._events = []
        self._retries = 0
        self._recovered = 0
        self._waited = 0.0
        # Real secrets and tokens are long; masking 1-3 character values would garble every message.
        self._secrets = [Secret(value) for value in (client_secret, access_token) if value and len(value) >= 8]

        if access_token:
            if token_pool_size > 1:
                self._warning("token_pool_size %d is ignored with access_token: a given token is one token."
                              % token_pool_size)
            auths = [StaticTokenAuth(access_token)]
        elif client_id and client_secret:
            self._client_id = client_id
            self._client_secret = Secret(client_secret)
            cache = TokenCache(token_cache_dir, warn=self._warning) if token_cache_dir else None
            if cache:
                cache.ensure_directory()  # an unsafe cache directory fails here, before any request
            auths = [ClientCredentialsAuth(self._fetch_token, client_id, self._client_secret,
                                           urlsplit(self.login_url).netloc, cache=cache, clock=_wall_clock, slot=slot)
                     for slot in range(token_pool_size)]
        else:
            raise GenesysConfigError(
                "Genesys Cloud credentials are missing: set access_token, or both client_id and client_secret "
                "(or the GENESYSCLOUD_* environment variables).")
        self._pool = TokenPool(PoolLane(index, auth, RequestPacer(requests_per_minute, clock=_clock, sleep=_sleep))
                               for index, auth in enumerate(auths))
        self._auth = auths[0]

    def __repr__(self):
        return "GenesysClient(api_url=%r, auth=%r)" % (self.api_url, self._auth)

    # ---------------------------------------------------------------- public requests

    def get(self, path, params=None, path_params=None):
        return self.request("GET", path, params=params, path_params=path_params)

    def post(self, path, body=None, params=None, idempotent=None, path_params=None):
        """POST. Not retried after it may have reached the server unless ``idempotent=True`` (or a read-only query)."""
        return self.request("POST", path, params=params, body=body, idempotent=idempotent, path_params=path_params)

    def put(self, path, body=None, params=None, path_params=None):
        return self.request("PUT", path, params=params, body=body, path_params=path_params)

    def patch(self, path, body=None, params=None, idempotent=False, path_params=None):
        """PATCH. Some PATCHes here are not idempotent, so retrying is opt-in per call."""
        return self.request("PATCH", path, params=params, body=body, idempotent=idempotent, path_params=path_params)

    def delete(self, path, params=None, path_params=None):
        return self.request("DELETE", path, params=params, path_params=path_params)

    def operation_for(self, method, path):
        """The allowlisted "METHOD /api/v2/template" of a request; raise if it is not allowed."""
        method = method.upper()
        path, _params = self._split(path, None)
        operation = match_operation(method, path)
        if operation is None:
            raise UnsupportedOperationError(
                "%s %s is not an operation this collection may call; allowlist its official SDK "
                "template in module_utils/operations.py first." % (method, path))
        return operation

    @property
    def events(self):
        """Retries, waits, re-authentications and recoveries, oldest first (no secrets)."""
        with self._lock:
            return [dict(event) for event in self._events]

    @property
    def stats(self):
        with self._lock:
            return {
                "total": sum(self._calls.values()),
                "by_operation": dict(sorted(self._calls.items())),
                "retries": self._retries,
                "recovered": self._recovered,
                "tokens_fetched": sum(lane.auth.fetched for lane in self._pool.lanes),
                "calls_per_token": [lane.calls for lane in self._pool.lanes],
                "waited_seconds": round(self._waited, 3),
            }

    @property
    def token_cache_path(self):
        return getattr(self._auth, "cache_path", None)

    # ---------------------------------------------------------------- safe create

    def create(self, path, body, find_existing, params=None, return_recovered=False, path_params=None):
        """POST a new object without risking a duplicate.

        After an ambiguous failure (connection lost after sending, timeout, 502/503/504)
        ``find_existing()`` is called - it should look the object up, e.g. by name, and
        return it or None. A found object is returned as the result (recovered); else the
        POST is retried, at most ``max_retries`` times. With ``return_recovered=True`` the
        result is ``(object, recovered)``.
        """
        attempt = 0
        while True:
            try:
                created = self.request("POST", path, params=params, body=body, idempotent=False,
                                       path_params=path_params)
                return (created, False) if return_recovered else created
            except GenesysApiError as exc:
                if not exc.ambiguous or attempt >= self.max_retries:
                    raise
                attempt += 1
                delay = backoff_seconds(attempt)
                self._record("ambiguous_write", exc.operation, reason=self._reason(exc), attempt=attempt,
                             wait_seconds=delay)
                self._wait(delay)
                existing = find_existing()
                if existing:
                    with self._lock:
                        self._recovered += 1
                    self._record("recovered", exc.operation, reason="found the object the lost request created")
                    return (existing, True) if return_recovered else existing

    # ---------------------------------------------------------------- core

    def request(self, method, path, params=None, body=None, idempotent=None, path_params=None):
        """Send one API request with pacing, auth and the retry policy; return parsed JSON or None.

        ``path`` is an API path, or a template such as ``/api/v2/routing/queues/{queueId}``
        filled from ``path_params`` (each value URL-quoted as one segment, see build_path).
        """
        method = method.upper()
        if path_params:
            path = build_path(path, **path_params)
        path, query = self._split(path, params)
        operation = self.operation_for(method, path)
        if idempotent is None:
            idempotent = method in IDEMPOTENT_METHODS or operation in READ_ONLY_POSTS
        rate_limit_wait = 0.0  # seconds spent honouring Retry-After for this request
        rate_limited = 0
        reauthenticated = False
        maybe_applied = False  # an earlier attempt may have reached the server
        while True:
            lane, waited = self._pool.take()
            self._waited_add(waited)
            headers = {"Accept": "application/json", "User-Agent": USER_AGENT}
            if body is not None:
                headers["Content-Type"] = "application/json"
            log = RetryLog(self._on_retry(operation, lane), self.retry_max_wait - rate_limit_wait)
            retry = for_request(method, idempotent, self.max_retries, log, operation=operation)
            response = None
            try:
                token = lane.auth.token()
                self._count(operation, lane)
                response = self._send(retry, method, self.api_url + path, params=query or None, json=body,
                                      headers=headers, auth=_BearerAuth(token))
            except requests.exceptions.InvalidJSONError as exc:
                # A local encoding problem (e.g. NaN): no retry can fix it.
                raise GenesysConfigError("%s %s: the request body cannot be encoded as JSON (%s)" % (method, path, exc))
            except requests.exceptions.RequestException as exc:
                raise self._connection_error(method, path, operation, exc, idempotent,
                                             maybe_applied or log.maybe_applied, log.attempts)
            finally:
                # The slot taken from the pacer is answered (headers) or given up; any failure ends it.
                lane.pacer.finished(response.headers if response is not None else None)
            maybe_applied = maybe_applied or log.maybe_applied
            status = response.status_code
            if status < 300:
                return _json_or_none(response)
            if status == 401 and lane.auth.can_refresh and not reauthenticated:
                reauthenticated = True
                lane.auth.invalidate(token)
                self._record("reauthenticate", operation, reason="401 from the API; fetched a new token")
                continue
            if status == 429:
                rate_limited += 1
                delay = retry_after_seconds(response)
                if delay is None:
                    delay = backoff_seconds(rate_limited)
                if rate_limit_wait + delay <= self.retry_max_wait:
                    rate_limit_wait += delay
                    with self._lock:
                        self._retries += 1
                    self._record("rate_limited", operation, reason="429", wait_seconds=delay)
                    lane.pacer.pause(delay)  # every thread using this token waits; others may take another
                    continue
                raise self._api_error(response, method, path, operation, token=token, extra=(
                    "Rate limited: waiting %.0f s more would exceed retry_max_wait (%.0f s)."
                    % (delay, self.retry_max_wait)))
            if status == 404 and method == "DELETE" and maybe_applied:
                self._record("already_deleted", operation, reason="404 after a retried DELETE")
                return None
            extra = None
            if log.retry_after_refused is not None:
                extra = ("The server asked to retry after %.0f s; that would exceed retry_max_wait (%.0f s)."
                         % (log.retry_after_refused, self.retry_max_wait))
            ambiguous = status in GATEWAY_ERRORS and method not in ("GET", "HEAD")
            raise self._api_error(response, method, path, operation, ambiguous=ambiguous, token=token, extra=extra)

    # ---------------------------------------------------------------- token exchange

    def _fetch_token(self):
        """Client-credentials exchange at <login>/oauth/token; return (access_token, expires_in).

        Asking for a token twice is harmless, so the policy may repeat it after any failure.
        """
        self._count(TOKEN_OPERATION)
        log = RetryLog(self._on_retry(TOKEN_OPERATION, None), self.retry_max_wait)
        try:
            response = self._send(
                for_request("POST", True, self.max_retries, log, login=True), "POST", self.login_url + TOKEN_PATH,
                data={"grant_type": "client_credentials"},
                auth=requests.auth.HTTPBasicAuth(self._client_id, self._client_secret.reveal()),
                headers={"Accept": "application/json", "User-Agent": USER_AGENT})
        except requests.exceptions.RequestException as exc:
            kind, reason = _failure_kind(exc), _describe_failure(exc)
            raise GenesysConnectionError(
                "Could not reach the Genesys Cloud login service at %s: %s." % (self.login_url, reason)
                + self._tls_hint(kind), method="POST", path=TOKEN_PATH, operation=TOKEN_OPERATION,
                attempts=log.attempts, reason=reason)
        status = response.status_code
        if status == 200:
            data = _json_or_none(response)
            if isinstance(data, dict) and isinstance(data.get("access_token"), str) and data["access_token"]:
                return data["access_token"], data.get("expires_in")
            raise GenesysAuthError(status, "invalid.token.response",
                                   "The login service answered without an access_token.",
                                   correlation_id=self._correlation(response), method="POST", path=TOKEN_PATH,
                                   operation=TOKEN_OPERATION)
        body = _json_or_none(response)
        code, message = None, None
        if isinstance(body, dict):
            # OAuth errors use {error, description, error_description}, not the ErrorBody shape.
            code = body.get("error") or body.get("code")
            message = body.get("error_description") or body.get("description") or body.get("message")
        raise GenesysAuthError(status, code, self._redact(message or _short_text(response) or "login failed"),
                               correlation_id=self._correlation(response), body=self._scrub(body),
                               method="POST", path=TOKEN_PATH, operation=TOKEN_OPERATION)

    # ---------------------------------------------------------------- transport

    def _send(self, retry, method, url, **kwargs):
        """One requests call whose retries (inside urllib3) follow ``retry``; redirects are never followed."""
        session = self._session()
        # Sessions are per thread, so setting this request's policy on the adapter is race-free.
        session.get_adapter(url).max_retries = retry
        return session.request(method, url, timeout=self.timeout, allow_redirects=False, verify=self.verify,
                               **kwargs)

    def _on_retry(self, operation, lane):
        """The wait between two attempts urllib3 makes of one request: record, sleep, pace, count.

        ``lane`` is the pool token the request uses (None for the login call, which is not paced)."""
        def on_retry(reason, attempt, delay):
            with self._lock:
                self._retries += 1
            self._record("retry", operation, reason=reason, attempt=attempt, wait_seconds=delay)
            if lane is not None:
                lane.pacer.finished()  # the failed attempt
            self._wait(delay)
            if lane is not None:
                self._waited_add(lane.pacer.acquire())
            self._count(operation, lane)
        return on_retry

    # ---------------------------------------------------------------- helpers

    def _session(self):
        session = getattr(self._local, "session", None)
        if session is None:
            session = requests.Session()
            session.verify = self.verify
            self._local.session = session
        return session

    def _split(self, path, params):
        """Split an API path or absolute URL into (path, params dict); the query merges under params."""
        text = str(path)
        parts = urlsplit(text)
        if parts.scheme or parts.netloc:
            origin = "%s://%s" % (parts.scheme.lower(), parts.netloc.lower())
            if origin != self.api_url:
                raise UnsupportedOperationError("Refusing to send an API request to %s (the API is %s)."
                                                % (origin, self.api_url))
        if not parts.path.startswith("/api/v2/"):
            raise UnsupportedOperationError("API paths start with /api/v2/: %r" % parts.path)
        query = {}
        for key, value in parse_qsl(parts.query, keep_blank_values=True):
            if key in query:
                existing = query[key]
                query[key] = (existing if isinstance(existing, list) else [existing]) + [value]
            else:
                query[key] = value
        if params:
            query.update(params)
        return parts.path, query

    def _count(self, operation, lane=None):
        with self._lock:
            self._calls[operation] += 1
            if lane is not None:
                lane.calls += 1

    def _waited_add(self, seconds):
        if seconds:
            with self._lock:
                self._waited += seconds

    def _wait(self, seconds):
        if seconds > 0:
            self._sleep(seconds)
            self._waited_add(seconds)

    def _record(self, event, operation, **details):
        entry = {"event": event, "operation": operation}
        for key, value in details.items():
            entry[key] = round(value, 3) if isinstance(value, float) else value
        with self._lock:
            self._events.append(entry)

    def _warning(self, message):
        self._record("warning", None, reason=message)
        if self._warn:
            self._warn(message)

    def _redact(self, text, token=None):
        if text is None:
            return None
        text = str(text)
        values = [secret.reveal() for secret in self._secrets] + ([token] if token and len(token) >= 8 else [])
        for value in values:
            text = text.replace(value, "********")
        return text

    def _scrub(self, body, token=None):
        """Error bodies are kept for modules, but never with a secret inside a string."""
        if isinstance(body, dict):
            return dict((key, self._scrub(value, token)) for key, value in body.items())
        if isinstance(body, list):
            return [self._scrub(item, token) for item in body]
        if isinstance(body, str):
            return self._redact(body, token)
        return body

    @staticmethod
    def _correlation(response):
        return response.headers.get("ININ-Correlation-Id")

    @staticmethod
    def _code_of(response):
        body = _json_or_none(response)
        return (body.get("code") if isinstance(body, dict) else None) or ""

    @staticmethod
    def _reason(exc):
        if exc.status is None:
            return getattr(exc, "reason", None) or exc.code or "connection error"
        return ("%s %s" % (exc.status, exc.code or "")).strip()

    @staticmethod
    def _tls_hint(kind):
        if kind == "tls":
            return " Check ca_path (a CA bundle that signs the server certificate) or validate_certs."
        return ""

    def _connection_error(self, method, path, operation, exc, idempotent, maybe_applied, attempts):
        kind, reason = _failure_kind(exc), _describe_failure(exc)
        ambiguous = (maybe_applied or kind == "sent") and method not in ("GET", "HEAD")
        if ambiguous and not idempotent:
            text = ("%s after the request was sent; it may or may not have been applied, so it was not "
                    "resent." % reason)
        else:
            text = "%s after %d attempt(s)." % (reason, attempts)
        return GenesysConnectionError(text + self._tls_hint(kind), method=method, path=path, operation=operation,
                                      ambiguous=ambiguous, attempts=attempts, reason=reason)

    def _api_error(self, response, method, path, operation, ambiguous=False, extra=None, token=None):
        status = response.status_code
        body = _json_or_none(response)
        code, message = None, None
        if isinstance(body, dict):
            code = body.get("code")
            message = body.get("message") or body.get("messageWithParams")
        if not message:
            message = _short_text(response) or response.reason
        if extra:
            message = "%s %s" % (message.rstrip(". ") + ".", extra) if message else extra
        error_class = GenesysApiError
        if status == 401:
            error_class = GenesysAuthError
            if not self._auth.can_refresh:
                message = (message or "") + " The given access_token was rejected (expired or revoked?)."
        return error_class(status, code, self._redact(message, token), correlation_id=self._correlation(response),
                           body=self._scrub(body, token), method=method, path=path, operation=operation,
                           ambiguous=ambiguous)
