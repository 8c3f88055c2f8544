"""The pacer against a simulated fixed-window rate limiter, in simulated time (no sockets, no sleeping).

The platform's allowance is per token and may be below 300 a minute; the pacer starts at
its default pace (270 a minute) and must follow what the inin-ratelimit-* headers
advertise, so that not one request is refused with 429.
"""
import pytest

from ansible_collections.genesyscloud.routing.plugins.module_utils.client import RequestPacer


class FakeTime:
    def __init__(self):
        self.now = 1000.0

    def clock(self):
        return self.now

    def sleep(self, seconds):
        self.now += seconds


class FixedWindowServer:
    """Counts calls per fixed window like the platform (and the emulator) and answers their headers."""

    def __init__(self, fake_time, allowed, window=60):
        self.time = fake_time
        self.allowed = allowed
        self.window = window
        self.started = None
        self.count = 0
        self.refused = 0
        self.per_window = []

    def call(self):
        now = self.time.now
        if self.started is None or now >= self.started + self.window:
            self.started, self.count = now, 0
            self.per_window.append(0)
        self.count += 1
        self.per_window[-1] += 1
        if self.count > self.allowed:
            self.refused += 1
        reset = max(1, int(round(self.started + self.window - now)))
        return {"inin-ratelimit-allowed": str(self.allowed), "inin-ratelimit-count": str(self.count),
                "inin-ratelimit-reset": str(reset)}


@pytest.mark.parametrize("requests_per_minute", [None, 270, 6000])
def test_pacer_follows_an_allowance_of_180_a_minute_without_a_429(requests_per_minute):
    fake = FakeTime()
    server = FixedWindowServer(fake, allowed=180)
    pacer = RequestPacer(requests_per_minute, clock=fake.clock, sleep=fake.sleep)
    started = fake.now
    for _ in range(900):
        pacer.acquire()
        pacer.observe(server.call())
    assert server.refused == 0
    assert max(server.per_window) <= 180
    # 900 calls at 180 a minute need at least four full windows after the first one.
    assert fake.now - started >= 4 * 60
