# -*- coding: utf-8 -*-
# Copyright: (c) 2025, genesyscloud.routing contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Client-side pacing: one token bucket per OAuth token, fed by the rate-limit headers.

The platform limits each token (about 300 requests a minute, sometimes less) and says
what is left in the ``inin-ratelimit-*`` headers of every answer (reference
genesys-api.md, rate limits). Pacing keeps a run under that limit so that 429 answers
stay rare; a 429 that still comes pauses every thread that uses the token.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import threading
import time

from ansible_collections.genesyscloud.routing.plugins.module_utils.errors import GenesysConfigError


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
        self._in_flight = 0      # requests taken and not yet answered

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

    def try_acquire(self):
        """Take one request slot if one is free now (never sleeps); True when taken."""
        with self._lock:
            now = self._clock()
            self._refill(now)
            if now < self._updated or self._tokens < 1.0:
                return False
            self._tokens -= 1.0
            self._in_flight += 1
            return True

    def wait_estimate(self):
        """Seconds ``acquire()`` would sleep now (nothing is taken)."""
        with self._lock:
            now = self._clock()
            self._refill(now)
            start = max(now, self._updated)
            return (start - now) + self._time_to_earn(start, 1.0 - self._tokens)

    def acquire(self):
        """Take one request slot, sleeping if needed; return the seconds waited."""
        with self._lock:
            now = self._clock()
            self._refill(now)
            self._tokens -= 1.0  # reserve now; a deficit is paid for by waiting
            self._in_flight += 1
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

    def finished(self, headers=None):
        """One request taken from this pacer got its answer (``headers``) or failed (None)."""
        with self._lock:
            self._in_flight = max(0, self._in_flight - 1)
        if headers is not None:
            self.observe(headers)

    def observe(self, headers):
        allowed = _header_number(headers, "inin-ratelimit-allowed")
        count = _header_number(headers, "inin-ratelimit-count")
        reset = _header_number(headers, "inin-ratelimit-reset")
        if allowed is None or count is None or reset is None:
            return
        # Requests of other threads still in flight may not be in this count yet: they will spend
        # from what the header says is left.
        with self._lock:
            in_flight = self._in_flight
        remaining = allowed - count - in_flight
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


class PoolLane:
    """One token of a pool: its auth, its own pacer, and how many requests were sent with it."""

    def __init__(self, index, auth, pacer):
        self.index = index
        self.auth = auth
        self.pacer = pacer
        self.calls = 0


class TokenPool:
    """Spreads requests over up to ``MAX_SIZE`` tokens, each paced to its own rate-limit headers.

    The platform limits each token, so N tokens allow about N times the pace (reference
    genesys-api.md 6.2; the Terraform provider offers a pool of 1 to 20 for this reason).
    A request takes the first token with a free slot: a small run keeps to one token, and a
    further token is used (and only then fetched) when those in use would make it wait.
    """

    MAX_SIZE = 20

    def __init__(self, lanes):
        self.lanes = list(lanes)

    def take(self):
        """Return ``(lane, seconds waited)`` with one request slot taken on that lane."""
        for lane in self.lanes:
            if lane.pacer.try_acquire():
                return lane, 0.0
        lane = min(self.lanes, key=lambda item: (item.pacer.wait_estimate(), item.index))
        return lane, lane.pacer.acquire()


def _header_number(headers, name):
    value = headers.get(name) if headers is not None else None
    if value is None:
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None
