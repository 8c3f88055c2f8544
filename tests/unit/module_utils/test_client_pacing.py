"""The pacer against a simulated fixed-window rate limiter, in simulated time (no sockets, no sleeping).

The platform's allowance is per token and may be below 300 a minute; the pacer starts at
its default pace (270 a minute) and must follow what the inin-ratelimit-* headers
advertise, so that not one request is refused with 429.
"""
import pytest

from ansible_collections.genesyscloud.routing.plugins.module_utils.pacing import PoolLane, RequestPacer, TokenPool


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
        pacer.finished(server.call())
    assert server.refused == 0
    assert max(server.per_window) <= 180
    # 900 calls at 180 a minute need at least four full windows after the first one,
    # and the pacer does not idle far beyond them.
    assert 4 * 60 <= fake.now - started <= 5 * 60 + 5


def test_pacer_spaces_requests_after_the_burst():
    fake = FakeTime()
    pacer = RequestPacer(60, clock=fake.clock, sleep=fake.sleep)  # 1 per second, burst 30
    for _ in range(30):
        assert pacer.acquire() == 0.0
    assert pacer.acquire() == pytest.approx(1.0)
    assert pacer.acquire() == pytest.approx(1.0)


def test_pacer_cuts_the_burst_to_what_the_server_has_left():
    fake = FakeTime()
    pacer = RequestPacer(270, clock=fake.clock, sleep=fake.sleep)
    pacer.observe({"inin-ratelimit-allowed": "300", "inin-ratelimit-count": "290", "inin-ratelimit-reset": "50"})
    assert [pacer.acquire() for _ in range(10)] == [0.0] * 10  # the 10 requests left in this window
    assert pacer.acquire() == pytest.approx(50 + 60 / 270.0)   # then nothing until the reset
    assert pacer.acquire() == pytest.approx(60 / 270.0)        # and the configured pace after it


def test_pacer_spreads_the_remaining_budget_until_the_reset():
    fake = FakeTime()
    pacer = RequestPacer(6000, clock=fake.clock, sleep=fake.sleep)  # asks for far more than the server allows
    pacer.observe({"inin-ratelimit-allowed": "300", "inin-ratelimit-count": "100", "inin-ratelimit-reset": "40"})
    assert pacer.current_rate_per_minute() == pytest.approx((200 - 30) / 40.0 * 60)
    assert [pacer.acquire() for _ in range(30)] == [0.0] * 30
    assert pacer.acquire() == pytest.approx(40.0 / 170)
    fake.now += 41  # after the reset the configured pace applies again
    assert pacer.current_rate_per_minute() == pytest.approx(6000.0)


def test_pacer_without_a_cap_spends_the_servers_budget_evenly():
    fake = FakeTime()
    pacer = RequestPacer(clock=fake.clock, sleep=fake.sleep)  # no explicit cap: follow the server
    assert pacer.current_rate_per_minute() == pytest.approx(RequestPacer.DEFAULT_RATE)
    # 299 left for 50 s: more than 270/min would use by then, so spend it evenly.
    pacer.observe({"inin-ratelimit-allowed": "300", "inin-ratelimit-count": "1", "inin-ratelimit-reset": "50"})
    spare = 299 - RequestPacer.SERVER_RESERVE - RequestPacer.BURST
    assert pacer.current_rate_per_minute() == pytest.approx(spare / 50.0 * 60)
    assert [pacer.acquire() for _ in range(30)] == [0.0] * 30
    assert pacer.acquire() == pytest.approx(50.0 / spare)
    fake.now += 51  # after the reset the default pace applies until new headers arrive
    assert pacer.current_rate_per_minute() == pytest.approx(RequestPacer.DEFAULT_RATE)


def test_pacer_with_an_explicit_cap_ignores_a_generous_server_budget():
    fake = FakeTime()
    pacer = RequestPacer(270, clock=fake.clock, sleep=fake.sleep)
    pacer.observe({"inin-ratelimit-allowed": "300", "inin-ratelimit-count": "1", "inin-ratelimit-reset": "55"})
    assert pacer.current_rate_per_minute() == pytest.approx(270.0)
    assert [pacer.acquire() for _ in range(30)] == [0.0] * 30


def test_pacer_waits_for_reset_when_budget_is_spent():
    fake = FakeTime()
    pacer = RequestPacer(270, clock=fake.clock, sleep=fake.sleep)
    pacer.observe({"inin-ratelimit-allowed": "300", "inin-ratelimit-count": "300", "inin-ratelimit-reset": "12"})
    assert pacer.acquire() == pytest.approx(12.0 + RequestPacer.RESET_MARGIN)


# -------------------------------------------------------------------------- token pool

def make_pool(size, fake, requests_per_minute=None):
    return TokenPool(PoolLane(index, "auth-%d" % index, RequestPacer(requests_per_minute, clock=fake.clock,
                                                                   sleep=fake.sleep))
                     for index in range(size))


def run_pool(pool, fake, calls, allowed=180):
    servers = [FixedWindowServer(fake, allowed=allowed) for _ in pool.lanes]
    for _ in range(calls):
        lane, _waited = pool.take()
        lane.calls += 1
        lane.pacer.finished(servers[lane.index].call())
    return servers


def test_a_pool_spreads_work_and_keeps_each_token_within_its_own_limit():
    fake = FakeTime()
    pool = make_pool(3, fake)
    started = fake.now
    servers = run_pool(pool, fake, 1800)
    assert [server.refused for server in servers] == [0, 0, 0]
    assert all(max(server.per_window) <= 180 for server in servers)
    assert all(lane.calls >= 500 for lane in pool.lanes) and sum(lane.calls for lane in pool.lanes) == 1800
    # three tokens at 180 a minute: 1800 calls take about 1800 / 540 minutes, not 1800 / 180
    assert fake.now - started < 4 * 60


def test_a_short_run_keeps_to_the_first_token_of_the_pool():
    fake = FakeTime()
    pool = make_pool(5, fake)
    run_pool(pool, fake, 25)
    assert [lane.calls for lane in pool.lanes] == [25, 0, 0, 0, 0]


def test_one_token_is_the_default_pool():
    fake = FakeTime()
    pool = make_pool(1, fake)
    servers = run_pool(pool, fake, 400)
    assert pool.lanes[0].calls == 400 and servers[0].refused == 0


def test_requests_still_in_flight_count_against_what_the_headers_say_is_left():
    # Threads share a pacer: when one answer says 3 are left, the 3 other requests already sent
    # will take them, so the next request must wait for the reset.
    fake = FakeTime()
    pacer = RequestPacer(6000, clock=fake.clock, sleep=fake.sleep)
    for _ in range(4):
        assert pacer.acquire() == 0.0
    pacer.finished({"inin-ratelimit-allowed": "20", "inin-ratelimit-count": "17", "inin-ratelimit-reset": "2"})
    assert pacer.acquire() >= 2.0
