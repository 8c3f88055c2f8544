# -*- coding: utf-8 -*-
# Copyright: (c) 2025, genesyscloud.routing contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one retry policy of the collection: urllib3's ``Retry`` on the requests adapter.

urllib3 decides what is retried and how long to wait: connection failures before the
request was sent (any method), failures after it was sent and 5xx answers (only for
requests that are safe to repeat), ``Retry-After`` on a 503, exponential backoff with
jitter. ``ApiRetry`` adds three things it cannot do alone:

* the wait goes through the client (fake clocks in tests, pacing, counters, events);
* a ``Retry-After`` longer than what is left of ``retry_max_wait`` ends the retries
  instead of being cut short, so the server is never asked again sooner than it said;
* it remembers whether an attempt may have reached the server, so the client can tell
  an ambiguous write from a clean failure (and never resends a create blindly).

Some answers mean "the platform has not caught up yet" for one operation only (its writes are
eventually consistent): those operations retry them too (``CATCHING_UP``, sources in
docs/emulator.md).

A 429 is not retried here: it is a pacing matter, handled by the client's pacer so that
every thread sharing the token waits. A 401 (token refresh) and the lookup after a lost
create are the client's too.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import random

try:
    from urllib3.exceptions import InvalidHeader, MaxRetryError, ResponseError
    from urllib3.util.retry import Retry
    HAS_URLLIB3 = True
except ImportError:  # requests brings urllib3; client_from_module reports a missing requests
    Retry = object
    HAS_URLLIB3 = False

IDEMPOTENT_METHODS = frozenset(("GET", "HEAD", "PUT", "DELETE"))
GATEWAY_ERRORS = frozenset((502, 503, 504))
SERVER_ERRORS = frozenset((500,)) | GATEWAY_ERRORS
_HTTP_METHODS = frozenset(("GET", "HEAD", "PUT", "DELETE", "POST", "PATCH", "OPTIONS"))
# Operation -> statuses that mean the platform is still applying an earlier change; retried like a 5xx.
CATCHING_UP = {
    # A utilization label created or renamed just before: 409 until it settles (the TF provider retries it).
    "PUT /api/v2/routing/utilization": frozenset((409,)),
    # A member added by the (asynchronous) bulk add is not yet known to the per-member PATCH.
    "PATCH /api/v2/routing/queues/{queueId}/members/{memberId}": frozenset((404,)),
}
BACKOFF_FACTOR = 0.25   # urllib3: no wait before the 1st retry, then 0.5, 1, 2, 4... seconds
BACKOFF_MAX = 10.0
BACKOFF_JITTER = 0.5    # plus up to this many random seconds


class RetryLog:
    """What happened to one request over its attempts; shared by the copies urllib3 makes of the policy.

    ``on_retry(reason, attempt, delay)`` is the client's: it waits ``delay`` seconds, paces and
    counts the next attempt.
    """

    def __init__(self, on_retry, wait_budget):
        self.on_retry = on_retry
        self.wait_budget = wait_budget  # seconds this request may still spend on Retry-After
        self.attempts = 1
        self.maybe_applied = False      # an attempt may have reached the server
        self.retry_after_refused = None  # seconds asked by a Retry-After that did not fit the budget


class ApiRetry(Retry):
    """urllib3's ``Retry`` whose waits go through the client; see the module docstring."""

    # 429 goes back to the client (pacing); the login host's policy adds it (see for_request).
    RETRY_AFTER_STATUS_CODES = frozenset((503,))
    log = None

    def new(self, **kw):
        retry = super(ApiRetry, self).new(**kw)
        retry.log = self.log
        retry.RETRY_AFTER_STATUS_CODES = self.RETRY_AFTER_STATUS_CODES
        return retry

    def retry_after(self, response):
        """Seconds asked by the response's Retry-After header (seconds or HTTP date), or None."""
        try:
            return self.get_retry_after(response)
        except InvalidHeader:
            return None

    def increment(self, method=None, url=None, response=None, error=None, _pool=None, _stacktrace=None):
        log = self.log
        if error is not None and not self._is_connection_error(error):
            log.maybe_applied = True   # sent, then the connection broke or timed out
        if response is not None:
            if response.status in GATEWAY_ERRORS:
                log.maybe_applied = True
            asked = self.retry_after(response)
            if asked is not None and asked > log.wait_budget:
                # Retrying sooner than asked would only add load; give up with this answer.
                log.retry_after_refused = asked
                raise MaxRetryError(_pool, url, ResponseError("Retry-After %s s exceeds the wait budget" % asked))
        return super(ApiRetry, self).increment(method=method, url=url, response=response, error=error,
                                               _pool=_pool, _stacktrace=_stacktrace)

    def sleep(self, response=None):
        """Called by urllib3 before each new attempt: wait through the client, never ``time.sleep``."""
        log = self.log
        delay = self.retry_after(response) if response is not None else None
        if delay is not None:
            log.wait_budget -= delay
        else:
            delay = self.get_backoff_time()
        log.attempts += 1
        last = self.history[-1] if self.history else None
        log.on_retry(_history_reason(last), log.attempts - 1, delay)


def for_request(method, idempotent, max_retries, log, login=False, operation=None):
    """The policy of one request.

    ``idempotent``: the request may be repeated after it may have reached the server (GET,
    PUT, DELETE, read-only query POSTs, PATCHes marked so). Otherwise only failures that
    prove it was never sent are retried. ``login``: the token exchange, which may be
    repeated and whose 429 is retried here (it has no pacer). ``operation`` ("METHOD template"):
    its CATCHING_UP statuses are retried as well.
    """
    statuses = SERVER_ERRORS | CATCHING_UP.get(operation, frozenset())
    if login:
        statuses |= frozenset((429,))
    retry = ApiRetry(
        total=max_retries, connect=None, read=None, status=None,
        other=0,            # TLS and other local failures: retrying cannot help
        redirect=0, raise_on_redirect=False,
        # urllib3 reads an empty list as "any method": name every other one instead.
        allowed_methods=frozenset((method,)) if idempotent else _HTTP_METHODS - frozenset((method,)),
        status_forcelist=statuses,
        backoff_factor=BACKOFF_FACTOR, backoff_max=BACKOFF_MAX, backoff_jitter=BACKOFF_JITTER,
        respect_retry_after_header=True,
        raise_on_status=False,  # the last answer comes back to the client, which explains it
    )
    retry.log = log
    if login:
        retry.RETRY_AFTER_STATUS_CODES = frozenset((429, 503))
    return retry


def retry_after_seconds(response):
    """Seconds asked by a response's Retry-After header (integer seconds or an HTTP date), or None."""
    return _HEADER_READER.retry_after(response)


def backoff_seconds(attempt, rng=random.random):
    """The policy's backoff before the ``attempt``-th new try that urllib3 does not make itself
    (a 429 without Retry-After, the lookup after a lost create)."""
    return min(BACKOFF_MAX, BACKOFF_FACTOR * (2 ** attempt) + rng() * BACKOFF_JITTER)


def _history_reason(entry):
    """A short, secret-free reason for a retry from urllib3's history entry."""
    if entry is None:
        return "retry"
    if entry.status is not None:
        return str(entry.status)
    return describe_transport_error(entry.error)


_TRANSPORT_TEXTS = (
    ("SSLError", "TLS handshake or certificate verification failed"),
    ("ConnectTimeoutError", "connection timed out"),
    ("NewConnectionError", "connection failed"),
    ("NameResolutionError", "connection failed"),
    ("ReadTimeoutError", "no response before the timeout"),
    ("ProtocolError", "connection failed"),
)


def describe_transport_error(error):
    """"connection failed (RemoteDisconnected)" and the like: no URL, no headers."""
    name = type(error).__name__
    text = dict(_TRANSPORT_TEXTS).get(name, name)
    cause = error.args[1] if name == "ProtocolError" and len(error.args) > 1 else None
    if name in ("NewConnectionError", "NameResolutionError"):
        cause = error
    return "%s (%s)" % (text, type(cause).__name__) if cause is not None else text


_HEADER_READER = ApiRetry(0) if HAS_URLLIB3 else None
