"""A real org advertised `inin-ratelimit-allowed: 180` (platform-behaviour row 14): the client's pacer
follows the advertised allowance, not the usual 300 a minute, and so never meets a 429."""
from ansible_collections.genesyscloud.routing.plugins.module_utils.pacing import RequestPacer

WINDOW = 60.0
ALLOWED = 180


class FakeServer:
    """A fixed 60 s window of 180 calls per token, answering with the inin-ratelimit-* headers."""

    def __init__(self, clock):
        self.clock = clock
        self.window_start = 0.0
        self.count = 0
        self.refused = 0

    def call(self):
        now = self.clock.now
        if now >= self.window_start + WINDOW:
            self.window_start, self.count = now, 0
        self.count += 1
        if self.count > ALLOWED:
            self.refused += 1
        reset = self.window_start + WINDOW - now
        return {'inin-ratelimit-allowed': str(ALLOWED), 'inin-ratelimit-count': str(self.count),
                'inin-ratelimit-reset': str(int(reset + 0.999))}


class FakeClock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        self.now += seconds


def test_pacer_follows_an_allowance_of_180():
    clock = FakeClock()
    pacer = RequestPacer(clock=clock, sleep=clock.sleep)
    server = FakeServer(clock)
    for _ in range(450):
        pacer.acquire()
        pacer.finished(server.call())
    assert server.refused == 0
    # 450 calls at 180 a minute need at least two full windows; the pacer does not idle far beyond that.
    assert 2 * WINDOW <= clock.now <= 3 * WINDOW + 5
