# -*- coding: utf-8 -*-
# Copyright: (c) 2025, genesyscloud.routing contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one HTTP client of the collection: auth, pacing, retries, paging, errors.

Modules never call ``requests`` themselves; they build a ``GenesysClient`` (normally
through ``common.client_from_module``) and call ``get``/``post``/``put``/``patch``/
``delete``, ``list_all`` or ``create``.

Thread safety: one client may be shared by a small thread pool. Each thread gets its
own ``requests.Session``; the token, the pacing bucket, the counters and the event log
are guarded by locks.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import ipaddress
import random
import threading
import time
from collections import Counter
from email.utils import parsedate_to_datetime

from urllib.parse import parse_qsl, quote, urlsplit

try:
    import requests
    import requests.auth
    import requests.exceptions
    HAS_REQUESTS = True
    REQUESTS_IMPORT_ERROR = None
except ImportError as import_error:  # reported by client_from_module with missing_required_lib
    HAS_REQUESTS = False
    REQUESTS_IMPORT_ERROR = import_error

from ansible.module_utils.ansible_release import __version__ as ANSIBLE_CORE_VERSION

from ansible_collections.genesyscloud.routing.plugins.module_utils.auth import (
    ClientCredentialsAuth,
    Secret,
    StaticTokenAuth,
    TokenCache,
)
from ansible_collections.genesyscloud.routing.plugins.module_utils.errors import (
    GenesysApiError,
    GenesysAuthError,
    GenesysConfigError,
    GenesysConnectionError,
    UnsupportedOperationError,
)
from ansible_collections.genesyscloud.routing.plugins.module_utils.operations import (
    READ_ONLY_POSTS,
    is_cursor_paged,
    match_operation,
    max_page_size,
)

# Keep equal to the version in galaxy.yml (a unit test checks it).
COLLECTION_VERSION = "0.2.0"
USER_AGENT = "genesyscloud.routing/%s ansible-core/%s" % (COLLECTION_VERSION, ANSIBLE_CORE_VERSION)

# Region -> domain; the API host is api.<domain> and the login host login.<domain> (reference §6.4).
REGIONS = {
    "us_east_1": "mypurecloud.com",
    "us_east_2": "use2.us-gov-pure.cloud",
    "us_west_2": "usw2.pure.cloud",
    "ca_central_1": "cac1.pure.cloud",
    "sa_east_1": "sae1.pure.cloud",
    "mx_central_1": "mxc1.pure.cloud",
    "eu_west_1": "mypurecloud.ie",
    "eu_west_2": "euw2.pure.cloud",
    "eu_central_1": "mypurecloud.de",
    "eu_central_2": "euc2.pure.cloud",
    "eusc_de_east_1": "edee1.eusc-pure.cloud",
    "me_central_1": "mec1.pure.cloud",
    "ap_south_1": "aps1.pure.cloud",
    "ap_southeast_1": "apse1.pure.cloud",
    "ap_southeast_2": "mypurecloud.com.au",
    "ap_northeast_1": "mypurecloud.jp",
    "ap_northeast_2": "apne2.pure.cloud",
    "ap_northeast_3": "apne3.pure.cloud",
}
# Same default as the Terraform provider (aws_region defaults to us-east-1).
DEFAULT_REGION = "us_east_1"

IDEMPOTENT_METHODS = frozenset(("GET", "HEAD", "PUT", "DELETE"))
GATEWAY_ERRORS = frozenset((502, 503, 504))
TOKEN_PATH = "/oauth/token"
TOKEN_OPERATION = "POST " + TOKEN_PATH


# --------------------------------------------------------------------------------------
# Endpoints


def normalize_region(region):
    """Map ``us-east-1``, ``us_east_1``, ``api.mypurecloud.com`` or ``mypurecloud.com`` to a REGIONS key."""
    text = str(region).strip().lower()
    key = text.replace("-", "_")
    if key in REGIONS:
        return key
    host = text
    if "://" in host:
        host = urlsplit(host).hostname or ""
    host = host.rstrip("/").rstrip(".")
    for prefix in ("api.", "login."):
        if host.startswith(prefix):
            host = host[len(prefix):]
            break
    for name, domain in REGIONS.items():
        if host == domain:
            return name
    raise GenesysConfigError(
        "Unknown Genesys Cloud region %r. Use one of: %s; or an API host such as api.mypurecloud.ie; "
        "or set api_url." % (region, ", ".join(sorted(name.replace("_", "-") for name in REGIONS))))


def is_loopback_host(host):
    if not host:
        return False
    host = host.strip("[]").rstrip(".").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_base_url(url, what="api_url"):
    """Validate a base URL and return its origin (``scheme://host[:port]``).

    ``http://`` is refused except for loopback hosts (a local emulator), so tokens and
    secrets never travel unencrypted over a network.
    """
    text = str(url).strip()
    if "://" not in text:
        text = "https://" + text
    parts = urlsplit(text)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        raise GenesysConfigError("%s %r is not an http(s) URL." % (what, url))
    if parts.username or parts.password:
        raise GenesysConfigError("%s must not contain credentials." % what)
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        raise GenesysConfigError("%s %r must be an origin only, such as https://api.mypurecloud.com." % (what, url))
    if scheme == "http" and not is_loopback_host(parts.hostname):
        raise GenesysConfigError(
            "Refusing plain http:// for %s (%s): only loopback hosts (127.0.0.0/8, ::1, localhost) may use "
            "http; use https://." % (what, parts.hostname))
    return "%s://%s" % (scheme, parts.netloc.lower())


def resolve_endpoints(region=None, api_url=None):
    """Return ``(api_url, login_url)``. ``api_url`` wins over ``region``.

    With ``api_url`` set, a host ``api.X`` logs in at ``login.X``; any other host (for
    instance a local emulator) serves ``/oauth/token`` itself. With neither set, the
    region defaults to us-east-1 like the Terraform provider.
    """
    if api_url:
        origin = check_base_url(api_url, "api_url")
        scheme, rest = origin.split("://", 1)
        if rest.startswith("api."):
            return origin, "%s://login.%s" % (scheme, rest[len("api."):])
        return origin, origin
    domain = REGIONS[normalize_region(region or DEFAULT_REGION)]
    return "https://api." + domain, "https://login." + domain


def build_path(template, **values):
    """Fill a path template, URL-quoting each value: build_path("/api/v2/routing/queues/{queueId}", queueId=qid)."""
    quoted = dict((name, quote(str(value), safe="")) for name, value in values.items())
    return template.format(**quoted)


# --------------------------------------------------------------------------------------
# Pacing


class RequestPacer:
    """Token bucket in front of every API request (not the login call).

    Genesys limits each token to about 300 requests a minute. The bucket refills at
    ``requests_per_minute`` and holds a burst of up to 30. The ``inin-ratelimit-*``
    headers say how many requests the token has left until the window resets; other
    processes may share the token, so when that is less than the bucket would allow
    by then, the burst is cut to what is left and the refill slows so the rest lasts
    until the reset. With ``follow_server`` (no explicit cap was asked for), a budget
    larger than the default pace would use is spent evenly until the reset, keeping a
    small reserve, so a run is paced to the platform's real limit rather than under it.
    A 429 (or an exhausted budget) pauses every thread.
    """

    BURST = 30  # 30 at once + 270 over the minute stays within the 300/min per-token limit
    RESET_MARGIN = 1.0
    DEFAULT_RATE = 270          # requests a minute before the server's headers are known
    SERVER_RESERVE = 3          # requests of the server's budget left unspent (clock skew, other callers)

    def __init__(self, requests_per_minute=None, clock=time.monotonic, sleep=time.sleep):
        self._follow_server = requests_per_minute is None
        if requests_per_minute is None:
            requests_per_minute = self.DEFAULT_RATE
        if not requests_per_minute or requests_per_minute <= 0:
            raise GenesysConfigError("requests_per_minute must be a positive number.")
        self._lock = threading.Lock()
        self._clock = clock
        self._sleep = sleep
        self._base_rate = requests_per_minute / 60.0
        self._capacity = float(max(1, min(self.BURST, int(requests_per_minute))))
        self._tokens = self._capacity
        self._updated = clock()  # tokens are counted up to here; later than now while paused
        self._slow_rate = None   # per-second refill imposed by the server's budget...
        self._slow_until = 0.0   # ...until its window resets

    def _earned(self, start, end):
        """Tokens the bucket earns between two instants."""
        if end <= start:
            return 0.0
        if self._slow_rate is None or start >= self._slow_until:
            return (end - start) * self._base_rate
        slow_end = min(end, self._slow_until)
        return (slow_end - start) * self._slow_rate + max(0.0, end - slow_end) * self._base_rate

    def _time_to_earn(self, start, amount):
        """Seconds from ``start`` until the bucket has earned ``amount`` tokens."""
        if amount <= 0:
            return 0.0
        waited = 0.0
        if self._slow_rate is not None and start < self._slow_until:
            span = self._slow_until - start
            if self._slow_rate > 0 and span * self._slow_rate >= amount:
                return amount / self._slow_rate
            amount -= span * self._slow_rate
            waited = span
        return waited + amount / self._base_rate

    def _refill(self, now):
        if now > self._updated:
            self._tokens = min(self._capacity, self._tokens + self._earned(self._updated, now))
            self._updated = now
        if self._slow_rate is not None and now >= self._slow_until:
            self._slow_rate = None

    def current_rate_per_minute(self):
        with self._lock:
            self._refill(self._clock())
            rate = self._base_rate if self._slow_rate is None else self._slow_rate
            return rate * 60.0

    def acquire(self):
        """Take one request slot, sleeping if needed; return the seconds waited."""
        with self._lock:
            now = self._clock()
            self._refill(now)
            self._tokens -= 1.0  # reserve now; a deficit is paid for by waiting
            start = max(now, self._updated)
            wait = (start - now) + self._time_to_earn(start, -self._tokens)
        if wait > 0:
            self._sleep(wait)
            return wait
        return 0.0

    def pause(self, seconds):
        """Hold every request back for ``seconds`` (after a 429 or an exhausted budget)."""
        with self._lock:
            now = self._clock()
            self._refill(now)
            self._updated = max(self._updated, now + seconds)
            self._tokens = min(self._tokens, 1.0)

    def observe(self, headers):
        allowed = _header_number(headers, "inin-ratelimit-allowed")
        count = _header_number(headers, "inin-ratelimit-count")
        reset = _header_number(headers, "inin-ratelimit-reset")
        if allowed is None or count is None or reset is None:
            return
        remaining = allowed - count
        reset = max(reset, 1.0)
        if remaining <= 0:
            # The reset is given in whole (possibly rounded) seconds: a margin avoids resuming early.
            self.pause(reset + self.RESET_MARGIN)
            return
        with self._lock:
            now = self._clock()
            self._refill(now)
            believed = self._tokens + self._earned(now, now + reset)
            if remaining < believed:
                self._tokens = min(self._tokens, remaining)
                self._slow_rate = max(0.0, remaining - max(self._tokens, 0.0)) / reset
                self._slow_until = now + reset
            elif self._follow_server:
                spare = remaining - self.SERVER_RESERVE - max(self._tokens, 0.0)
                if spare / reset > self._base_rate:
                    self._slow_rate = spare / reset
                    self._slow_until = now + reset


def _header_number(headers, name):
    value = headers.get(name) if headers is not None else None
    if value is None:
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def parse_retry_after(value, now=None):
    """Seconds to wait from a Retry-After header (integer seconds or an HTTP date)."""
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except (TypeError, ValueError):
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


# --------------------------------------------------------------------------------------
# Client

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
    """Classify a requests exception: 'unsent' (safe to resend), 'sent', 'tls' or 'fatal'."""
    if isinstance(exc, requests.exceptions.SSLError):
        return "tls"
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return "unsent"
    if isinstance(exc, requests.exceptions.ConnectionError):
        reason = exc.args[0] if exc.args else None
        reason = getattr(reason, "reason", reason)  # urllib3 MaxRetryError wraps the cause
        if type(reason).__name__ in ("NewConnectionError", "NameResolutionError", "ConnectTimeoutError"):
            return "unsent"
        return "sent"
    if isinstance(exc, (requests.exceptions.Timeout, requests.exceptions.ChunkedEncodingError,
                        requests.exceptions.ContentDecodingError)):
        return "sent"
    return "fatal"


def _describe_failure(exc):
    """A short, secret-free description of a transport failure (no URL, no headers)."""
    kinds = (
        (requests.exceptions.SSLError, "TLS handshake or certificate verification failed"),
        (requests.exceptions.ConnectTimeout, "connection timed out"),
        (requests.exceptions.ReadTimeout, "no response before the timeout"),
        (requests.exceptions.ConnectionError, "connection failed"),
        (requests.exceptions.ChunkedEncodingError, "response cut off"),
    )
    for kind, text in kinds:
        if isinstance(exc, kind):
            reason = exc.args[0] if exc.args else None
            reason = getattr(reason, "reason", reason)
            detail = type(reason).__name__ if reason is not None and not isinstance(reason, str) else ""
            return "%s (%s)" % (text, detail) if detail else text
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


class GenesysClient:
    """Genesys Cloud Platform API client. See the module docstring for thread safety."""

    BACKOFF_BASE = 0.5
    BACKOFF_CAP = 10.0

    def __init__(self, api_url, login_url, client_id=None, client_secret=None, access_token=None,
                 validate_certs=True, ca_path=None, token_cache_dir=None, max_retries=5,
                 retry_max_wait=120, requests_per_minute=None, timeout=30, warn=None,
                 _sleep=time.sleep, _clock=time.monotonic, _wall_clock=time.time, _random=random.random):
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
        self.max_retries = int(max_retries)
        self.retry_max_wait = float(retry_max_wait)
        self.timeout = timeout
        # requests takes a CA bundle path in place of True.
        self.verify = (ca_path or True) if validate_certs else False
        self._sleep = _sleep
        self._random = _random
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
        self._pacer = RequestPacer(requests_per_minute, clock=_clock, sleep=_sleep)

        if access_token:
            self._auth = StaticTokenAuth(access_token)
        elif client_id and client_secret:
            self._client_id = client_id
            self._client_secret = Secret(client_secret)
            cache = TokenCache(token_cache_dir, warn=self._warning) if token_cache_dir else None
            if cache:
                cache.ensure_directory()  # an unsafe cache directory fails here, before any request
            self._auth = ClientCredentialsAuth(self._fetch_token, client_id, urlsplit(self.login_url).netloc,
                                               cache=cache, clock=_wall_clock)
        else:
            raise GenesysConfigError(
                "Genesys Cloud credentials are missing: set access_token, or both client_id and client_secret "
                "(or the GENESYSCLOUD_* environment variables).")

    def __repr__(self):
        return "GenesysClient(api_url=%r, auth=%r)" % (self.api_url, self._auth)

    # ---------------------------------------------------------------- public requests

    def get(self, path, params=None):
        return self.request("GET", path, params=params)

    def post(self, path, body=None, params=None, idempotent=None):
        """POST. Not retried after an ambiguous failure unless ``idempotent=True`` (or a read-only query)."""
        return self.request("POST", path, params=params, body=body, idempotent=idempotent)

    def put(self, path, body=None, params=None, headers=None):
        return self.request("PUT", path, params=params, body=body, headers=headers)

    def get_with_etag(self, path, params=None):
        """GET returning (body, the response's ETag header or None).

        No routing endpoint is known to send an ETag; should the platform ever send one, the
        caller can make its write conditional with If-Match (a 412 then means a conflict)."""
        return self.request("GET", path, params=params, with_etag=True)

    def patch(self, path, body=None, params=None, idempotent=False):
        """PATCH. Some PATCHes here are not idempotent, so retrying is opt-in per call."""
        return self.request("PATCH", path, params=params, body=body, idempotent=idempotent)

    def delete(self, path, params=None):
        return self.request("DELETE", path, params=params)

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
                "tokens_fetched": self._auth.fetched,
                "waited_seconds": round(self._waited, 3),
            }

    @property
    def token_cache_path(self):
        return getattr(self._auth, "cache_path", None)

    # ---------------------------------------------------------------- paging

    def iter_pages(self, path, params=None, page_size=None):
        """Yield each page envelope of a pageNumber-paged list.

        Stops at ``pageCount``, when ``nextUri`` is missing, on an empty page, or - for
        envelopes without pageCount such as queue members - on a short page.
        """
        path, query = self._split(path, params)
        operation = self.operation_for("GET", path)
        size = self._page_size(operation, page_size)
        query["pageSize"] = size
        number = int(query.get("pageNumber") or 1)
        while True:
            query["pageNumber"] = number
            page = self.request("GET", path, params=dict(query)) or {}
            yield page
            entities = page.get("entities") or []
            page_count = page.get("pageCount")
            if not entities or not page.get("nextUri"):
                return
            if isinstance(page_count, int) and not isinstance(page_count, bool):
                if number >= page_count:
                    return
            elif len(entities) < (page.get("pageSize") or size):
                return
            number += 1

    def iter_cursor(self, path, params=None, page_size=None):
        """Yield each page envelope of an after/before cursor-paged list, following nextUri."""
        path, query = self._split(path, params)
        operation = self.operation_for("GET", path)
        query["pageSize"] = self._page_size(operation, page_size)
        seen = set()
        while True:
            page = self.request("GET", path, params=dict(query)) or {}
            yield page
            next_uri = page.get("nextUri")
            if not next_uri or not page.get("entities"):
                return
            next_path, next_query = self._split(next_uri, None)
            cursor = next_query.get("after")
            if cursor:
                if cursor in seen:
                    return  # a server repeating a cursor would loop forever
                seen.add(cursor)
                query.pop("before", None)
                query["after"] = cursor
            else:
                marker = (next_path, tuple(sorted((k, str(v)) for k, v in next_query.items())))
                if marker in seen:
                    return
                seen.add(marker)
                next_query.setdefault("pageSize", query["pageSize"])
                path, query = next_path, next_query

    def list_all(self, path, params=None, page_size=None):
        """All entities of a list endpoint, using the paging style its operation has."""
        path, query = self._split(path, params)
        operation = self.operation_for("GET", path)
        pages = self.iter_cursor if is_cursor_paged(operation) else self.iter_pages
        entities = []
        for page in pages(path, query, page_size=page_size):
            entities.extend(page.get("entities") or [])
        return entities

    def _page_size(self, operation, requested):
        limit = max_page_size(operation)
        if requested is None:
            return limit
        return max(1, min(int(requested), limit))

    # ---------------------------------------------------------------- safe create

    def create(self, path, body, find_existing, params=None, return_recovered=False):
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
                created = self.request("POST", path, params=params, body=body, idempotent=False)
                return (created, False) if return_recovered else created
            except GenesysApiError as exc:
                if not exc.ambiguous or attempt >= self.max_retries:
                    raise
                attempt += 1
                delay = self._backoff(attempt)
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

    def request(self, method, path, params=None, body=None, idempotent=None, headers=None, with_etag=False):
        """Send one API request with pacing, auth, retries; return parsed JSON or None.

        ``headers`` adds request headers (e.g. If-Match); ``with_etag`` returns (body, ETag header)."""
        extra_headers = dict(headers or {})
        method = method.upper()
        path, query = self._split(path, params)
        operation = self.operation_for(method, path)
        if idempotent is None:
            idempotent = method in IDEMPOTENT_METHODS or operation in READ_ONLY_POSTS
        url = self.api_url + path
        attempt = 0            # retries spent on 5xx and transport failures
        rate_limit_wait = 0.0  # seconds spent honouring Retry-After for this request
        reauthenticated = False
        maybe_applied = False  # an earlier attempt may have reached the server
        while True:
            self._waited_add(self._pacer.acquire())
            token = self._auth.token()
            sent_headers = {"Accept": "application/json", "User-Agent": USER_AGENT}
            sent_headers.update(extra_headers)
            if body is not None:
                sent_headers["Content-Type"] = "application/json"
            self._count(operation)
            try:
                # verify per request: requests lets REQUESTS_CA_BUNDLE override a Session's verify.
                response = self._session().request(
                    method, url, params=query or None, json=body, headers=sent_headers, verify=self.verify,
                    auth=_BearerAuth(token), timeout=self.timeout, allow_redirects=False)
            except requests.exceptions.InvalidJSONError as exc:
                # A local encoding problem (e.g. NaN): no retry can fix it.
                raise GenesysConfigError("%s %s: the request body cannot be encoded as JSON (%s)" % (method, path, exc))
            except requests.exceptions.RequestException as exc:
                kind = _failure_kind(exc)
                reason = _describe_failure(exc)
                if kind == "sent":
                    maybe_applied = True
                if kind in ("unsent", "sent") and (kind == "unsent" or idempotent) and attempt < self.max_retries:
                    attempt += 1
                    self._retry_wait(operation, reason, attempt, self._backoff(attempt))
                    continue
                raise self._connection_error(method, path, operation, reason, kind, idempotent, maybe_applied,
                                             attempt + 1)

            status = response.status_code
            self._pacer.observe(response.headers)
            if status < 300:
                if with_etag:
                    return _json_or_none(response), response.headers.get("ETag")
                return _json_or_none(response)

            if status == 401 and self._auth.can_refresh and not reauthenticated:
                reauthenticated = True
                self._auth.invalidate(token)
                self._record("reauthenticate", operation, reason="401 from the API; fetched a new token")
                continue
            if status == 429:
                delay = parse_retry_after(response.headers.get("Retry-After"))
                if delay is None:
                    delay = self._backoff(attempt + 1)
                if rate_limit_wait + delay <= self.retry_max_wait:
                    rate_limit_wait += delay
                    with self._lock:
                        self._retries += 1
                    self._record("rate_limited", operation, reason="429", wait_seconds=delay)
                    self._pacer.pause(delay)  # the next acquire() sleeps; other threads wait too
                    continue
                raise self._api_error(response, method, path, operation, token=token, extra=(
                    "Rate limited: waiting %.0f s more would exceed retry_max_wait (%.0f s)."
                    % (delay, self.retry_max_wait)))
            if status == 404 and method == "DELETE" and maybe_applied:
                self._record("already_deleted", operation, reason="404 after a retried DELETE")
                return None
            # A 500 may come from a passing fault; repeating is safe where the method is idempotent.
            retriable = status in GATEWAY_ERRORS or (status == 500 and method in IDEMPOTENT_METHODS)
            if status in GATEWAY_ERRORS:
                maybe_applied = True
            if retriable and idempotent and attempt < self.max_retries:
                attempt += 1
                delay = parse_retry_after(response.headers.get("Retry-After")) if status == 503 else None
                if delay is None or delay > self.BACKOFF_CAP:
                    delay = self._backoff(attempt)
                self._retry_wait(operation, "%d %s" % (status, self._code_of(response)), attempt, delay)
                continue
            ambiguous = status in GATEWAY_ERRORS and method not in ("GET", "HEAD")
            raise self._api_error(response, method, path, operation, ambiguous=ambiguous, token=token)

    # ---------------------------------------------------------------- token exchange

    def _fetch_token(self):
        """Client-credentials exchange at <login>/oauth/token; return (access_token, expires_in)."""
        url = self.login_url + TOKEN_PATH
        attempt = 0
        waited = 0.0
        while True:
            self._count(TOKEN_OPERATION)
            try:
                response = self._session().post(
                    url, data={"grant_type": "client_credentials"},
                    auth=requests.auth.HTTPBasicAuth(self._client_id, self._client_secret.reveal()),
                    headers={"Accept": "application/json", "User-Agent": USER_AGENT},
                    timeout=self.timeout, allow_redirects=False, verify=self.verify)
            except requests.exceptions.RequestException as exc:
                kind = _failure_kind(exc)
                reason = _describe_failure(exc)
                # Asking for a token twice is harmless, so any transport failure may be retried.
                if kind in ("unsent", "sent") and attempt < self.max_retries:
                    attempt += 1
                    self._retry_wait(TOKEN_OPERATION, reason, attempt, self._backoff(attempt))
                    continue
                raise GenesysConnectionError(
                    "Could not reach the Genesys Cloud login service at %s: %s." % (self.login_url, reason)
                    + self._tls_hint(kind), method="POST", path=TOKEN_PATH, operation=TOKEN_OPERATION,
                    attempts=attempt + 1, reason=reason)
            status = response.status_code
            if status == 200:
                data = _json_or_none(response)
                if isinstance(data, dict) and isinstance(data.get("access_token"), str) and data["access_token"]:
                    return data["access_token"], data.get("expires_in")
                raise GenesysAuthError(status, "invalid.token.response",
                                       "The login service answered without an access_token.",
                                       correlation_id=self._correlation(response), method="POST", path=TOKEN_PATH,
                                       operation=TOKEN_OPERATION)
            if status == 429 or status in GATEWAY_ERRORS:
                delay = parse_retry_after(response.headers.get("Retry-After"))
                if delay is None:
                    delay = self._backoff(attempt + 1)
                if attempt < self.max_retries and waited + delay <= self.retry_max_wait:
                    attempt += 1
                    waited += delay
                    self._retry_wait(TOKEN_OPERATION, str(status), attempt, delay)
                    continue
            body = _json_or_none(response)
            code, message = None, None
            if isinstance(body, dict):
                # OAuth errors use {error, description, error_description}, not the ErrorBody shape.
                code = body.get("error") or body.get("code")
                message = body.get("error_description") or body.get("description") or body.get("message")
            raise GenesysAuthError(status, code, self._redact(message or _short_text(response) or "login failed"),
                                   correlation_id=self._correlation(response), body=self._scrub(body),
                                   method="POST", path=TOKEN_PATH, operation=TOKEN_OPERATION)

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

    def _count(self, operation):
        with self._lock:
            self._calls[operation] += 1

    def _waited_add(self, seconds):
        if seconds:
            with self._lock:
                self._waited += seconds

    def _backoff(self, attempt):
        """Exponential backoff with jitter: half fixed, half random, capped."""
        ceiling = min(self.BACKOFF_CAP, self.BACKOFF_BASE * (2 ** max(0, attempt - 1)))
        return ceiling / 2.0 + self._random() * ceiling / 2.0

    def _retry_wait(self, operation, reason, attempt, delay):
        with self._lock:
            self._retries += 1
        self._record("retry", operation, reason=reason, attempt=attempt, wait_seconds=delay)
        self._wait(delay)

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

    def _connection_error(self, method, path, operation, reason, kind, idempotent, maybe_applied, attempts):
        ambiguous = maybe_applied and method not in ("GET", "HEAD")
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
