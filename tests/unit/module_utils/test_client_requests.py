"""Request pipeline against a scripted fake transport: retries, re-auth, ambiguous writes, paging, pacing.

No sockets and no real sleeping: the client gets a fake session, a fake clock and a
fake sleep, so every assertion is about behaviour (what was sent, what was raised).
"""
import json
import types
from urllib.parse import urlsplit

import pytest
import requests
import requests.exceptions
from requests.structures import CaseInsensitiveDict
from urllib3.exceptions import NewConnectionError, ProtocolError

from ansible_collections.genesyscloud.routing.plugins.module_utils.client import (
    GenesysClient,
    RequestPacer,
    parse_retry_after,
)
from ansible_collections.genesyscloud.routing.plugins.module_utils.errors import (
    GenesysApiError,
    GenesysAuthError,
    GenesysConnectionError,
)

API = "https://api.mypurecloud.com"
LOGIN = "https://login.mypurecloud.com"
CLIENT_SECRET = "very-secret-client-secret"


def response(status=200, body=None, headers=None, text=None):
    resp = requests.Response()
    resp.status_code = status
    resp.headers = CaseInsensitiveDict(headers or {})
    if body is not None:
        resp._content = json.dumps(body).encode()
    else:
        resp._content = (text or "").encode()
    resp.reason = "reason"
    return resp


def connection_reset():
    return requests.exceptions.ConnectionError(ProtocolError("Connection aborted.", ConnectionResetError(104)))


def connection_refused():
    reason = NewConnectionError(None, "Failed to establish a new connection: [Errno 111] Connection refused")
    return requests.exceptions.ConnectionError(types.SimpleNamespace(reason=reason))


class FakeTime:
    def __init__(self):
        self.now = 1000.0
        self.sleeps = []

    def clock(self):
        return self.now

    def sleep(self, seconds):
        self.sleeps.append(seconds)
        self.now += seconds


class FakeSession:
    """Answers from a script: a list of responses/exceptions per "METHOD path", consumed in order.

    The last entry of a script repeats. Token requests go to "POST /oauth/token".
    """

    def __init__(self, scripts):
        self.scripts = dict((key, list(value)) for key, value in scripts.items())
        self.sent = []  # (method, path, query dict, json body, bearer token or None)

    def _answer(self, key):
        script = self.scripts.get(key)
        if not script:
            raise AssertionError("unexpected request %s" % key)
        item = script.pop(0) if len(script) > 1 else script[0]
        if isinstance(item, Exception):
            raise item
        return item

    def request(self, method, url, params=None, json=None, headers=None, auth=None, timeout=None,
                allow_redirects=True, verify=True):
        self.verify_seen = verify
        prepared = types.SimpleNamespace(headers={})
        auth(prepared)
        token = prepared.headers["Authorization"].split(" ", 1)[1]
        parts = urlsplit(url)
        query = dict((k, str(v)) for k, v in (params or {}).items())
        self.sent.append((method, parts.path, query, json, token, dict(headers)))
        return self._answer("%s %s" % (method, parts.path))

    def post(self, url, data=None, auth=None, headers=None, timeout=None, allow_redirects=True, verify=True):
        self.sent.append(("POST", "/oauth/token", {}, data, None, dict(headers)))
        assert auth.password == CLIENT_SECRET
        return self._answer("POST /oauth/token")


def token_response(token="tok-1", expires_in=86400):
    return response(200, {"access_token": token, "token_type": "bearer", "expires_in": expires_in})


def make_client(scripts, access_token=None, **kwargs):
    fake_time = FakeTime()
    session = FakeSession(scripts)
    options = dict(max_retries=3, retry_max_wait=30, requests_per_minute=6000)
    options.update(kwargs)
    if access_token:
        options["access_token"] = access_token
    else:
        options.update(client_id="cid", client_secret=CLIENT_SECRET)
    client = GenesysClient(API, LOGIN, _sleep=fake_time.sleep, _clock=fake_time.clock,
                           _wall_clock=fake_time.clock, _random=lambda: 0.5, **options)
    client._session = lambda: session
    return client, session, fake_time


def sent_keys(session):
    return ["%s %s" % (item[0], item[1]) for item in session.sent]


# -------------------------------------------------------------------------- basics

def test_get_sends_bearer_user_agent_and_returns_json():
    client, session, _ = make_client({
        "POST /oauth/token": [token_response("tok-A")],
        "GET /api/v2/routing/queues/q1": [response(200, {"id": "q1"})],
    })
    assert client.get("/api/v2/routing/queues/q1") == {"id": "q1"}
    method, path, _query, _body, token, headers = session.sent[-1]
    assert token == "tok-A"
    assert headers["User-Agent"].startswith("genesyscloud.routing/")
    assert session.sent[0][3] == {"grant_type": "client_credentials"}
    assert client.stats["by_operation"] == {"GET /api/v2/routing/queues/{queueId}": 1, "POST /oauth/token": 1}


def test_empty_body_returns_none():
    client, _, _ = make_client({"DELETE /api/v2/routing/skills/s1": [response(204)]}, access_token="given")
    assert client.delete("/api/v2/routing/skills/s1") is None


def test_error_carries_correlation_id_and_code():
    client, _, _ = make_client({"GET /api/v2/routing/queues/nope": [response(
        404, {"status": 404, "code": "not.found", "message": "The requested resource was not found."},
        {"ININ-Correlation-Id": "corr-9"})]}, access_token="given")
    with pytest.raises(GenesysApiError) as info:
        client.get("/api/v2/routing/queues/nope")
    assert info.value.status == 404 and info.value.correlation_id == "corr-9"
    assert str(info.value) == ("GET /api/v2/routing/queues/nope failed: 404 not.found: The requested resource was "
                               "not found. (correlation id corr-9)")


# -------------------------------------------------------------------------- auth

def test_oauth_error_is_clear_and_has_no_secret():
    client, _, _ = make_client({"POST /oauth/token": [response(
        401, {"error": "invalid_client", "description": "client authentication failed",
              "error_description": "client authentication failed"})]})
    with pytest.raises(GenesysAuthError) as info:
        client.get("/api/v2/routing/queues")
    text = str(info.value)
    assert "401 invalid_client" in text and "client authentication failed" in text
    assert CLIENT_SECRET not in text and CLIENT_SECRET not in repr(info.value)
    assert CLIENT_SECRET not in json.dumps(info.value.body)


def test_secret_echoed_by_server_is_redacted():
    client, _, _ = make_client({"POST /oauth/token": [response(400, {"error": "invalid_request",
                                                                     "error_description": "bad " + CLIENT_SECRET})]})
    with pytest.raises(GenesysAuthError) as info:
        client.get("/api/v2/routing/queues")
    assert CLIENT_SECRET not in str(info.value) and CLIENT_SECRET not in json.dumps(info.value.body)


def test_401_triggers_exactly_one_reauthentication():
    client, session, _ = make_client({
        "POST /oauth/token": [token_response("old"), token_response("new")],
        "GET /api/v2/routing/queues": [response(401, {"code": "bad.credentials"}), response(200, {"entities": []})],
    })
    assert client.get("/api/v2/routing/queues") == {"entities": []}
    api_tokens = [item[4] for item in session.sent if item[1].startswith("/api/")]
    assert api_tokens == ["old", "new"]
    assert client.stats["tokens_fetched"] == 2
    assert [e["event"] for e in client.events] == ["reauthenticate"]


def test_second_401_fails_instead_of_looping():
    client, session, _ = make_client({
        "POST /oauth/token": [token_response("old"), token_response("new")],
        "GET /api/v2/routing/queues": [response(401, {"code": "credentials.expired", "message": "expired"})],
    })
    with pytest.raises(GenesysAuthError) as info:
        client.get("/api/v2/routing/queues")
    assert info.value.status == 401
    assert sent_keys(session).count("GET /api/v2/routing/queues") == 2
    assert sent_keys(session).count("POST /oauth/token") == 2


def test_client_attributes_never_hold_plain_secrets():
    client, _, _ = make_client({"POST /oauth/token": [token_response("issued-token-value")],
                                "GET /api/v2/users": [response(200, {"entities": []})]})
    client.get("/api/v2/users")
    dump = repr(client) + repr(vars(client)) + repr(vars(client._auth)) + repr(client.events) + repr(client.stats)
    assert CLIENT_SECRET not in dump and "issued-token-value" not in dump


def test_rejected_static_token_is_not_refreshed_and_not_shown():
    client, session, _ = make_client({"GET /api/v2/routing/queues": [response(401, {"code": "bad.credentials"})]},
                                     access_token="given-token-value")
    with pytest.raises(GenesysAuthError) as info:
        client.get("/api/v2/routing/queues")
    assert "access_token was rejected" in str(info.value)
    assert "given-token-value" not in str(info.value) and "given-token-value" not in repr(client)
    assert len(session.sent) == 1


# -------------------------------------------------------------------------- retries

def test_503_on_get_is_retried_with_backoff():
    client, session, fake = make_client({"GET /api/v2/routing/queues": [
        response(503), response(503), response(200, {"entities": []})]}, access_token="t")
    assert client.get("/api/v2/routing/queues") == {"entities": []}
    assert len(session.sent) == 3
    assert [e["event"] for e in client.events] == ["retry", "retry"]
    assert [e["attempt"] for e in client.events] == [1, 2]
    assert fake.sleeps[:2] == [0.375, 0.75]  # jitter fixed at 0.5 by the test


def test_get_gives_up_after_max_retries():
    client, session, _ = make_client({"GET /api/v2/routing/queues": [response(502)]}, access_token="t",
                                     max_retries=2)
    with pytest.raises(GenesysApiError) as info:
        client.get("/api/v2/routing/queues")
    assert info.value.status == 502
    assert len(session.sent) == 3


def test_backoff_is_capped():
    client, _, _ = make_client({}, access_token="t")
    assert client._backoff(1) == 0.375
    assert client._backoff(30) == 7.5  # cap 10 s, half fixed + half jitter(0.5)


def test_429_honours_retry_after_for_any_method():
    client, session, fake = make_client({"POST /api/v2/routing/queues": [
        response(429, {"code": "too.many.requests"}, {"Retry-After": "7"}), response(200, {"id": "q"})]},
        access_token="t")
    assert client.post("/api/v2/routing/queues", {"name": "Q"}) == {"id": "q"}
    assert len(session.sent) == 2
    assert 7 in fake.sleeps
    assert client.events[0]["event"] == "rate_limited" and client.events[0]["wait_seconds"] == 7


def test_429_beyond_retry_max_wait_fails():
    client, session, _ = make_client({"GET /api/v2/routing/queues": [
        response(429, {"code": "too.many.requests", "message": "Rate limit exceeded"}, {"Retry-After": "20"})]},
        access_token="t", retry_max_wait=30)
    with pytest.raises(GenesysApiError) as info:
        client.get("/api/v2/routing/queues")
    assert info.value.status == 429 and "retry_max_wait" in str(info.value)
    assert len(session.sent) == 2  # waited 20 s once; a second 20 s would pass 30


def test_500_is_retried_for_idempotent_methods_but_not_for_post():
    client, session, _ = make_client({
        "GET /api/v2/routing/queues/q": [response(500), response(200, {"id": "q"})],
        "PUT /api/v2/routing/queues/q": [response(500), response(200, {"id": "q"})],
        "POST /api/v2/routing/queues": [response(500)],
    }, access_token="t")
    assert client.get("/api/v2/routing/queues/q") == {"id": "q"}
    assert client.put("/api/v2/routing/queues/q", {"name": "q"}) == {"id": "q"}  # same body again: safe
    assert sent_keys(session).count("PUT /api/v2/routing/queues/q") == 2
    with pytest.raises(GenesysApiError) as info:
        client.post("/api/v2/routing/queues", {"name": "q"})
    assert info.value.status == 500
    assert sent_keys(session).count("POST /api/v2/routing/queues") == 1
    assert "re-running converges" in str(info.value).lower()


def test_put_is_retried_after_connection_reset():
    client, session, _ = make_client({"PUT /api/v2/routing/queues/q": [connection_reset(), response(200, {})]},
                                     access_token="t")
    assert client.put("/api/v2/routing/queues/q", {"name": "q"}) == {}
    assert len(session.sent) == 2


def test_patch_is_not_retried_unless_marked_idempotent():
    client, session, _ = make_client({"PATCH /api/v2/routing/skills/s": [response(503), response(200, {"id": "s"})]},
                                     access_token="t")
    with pytest.raises(GenesysApiError) as info:
        client.patch("/api/v2/routing/skills/s", {"divisionId": "d"})
    assert info.value.ambiguous
    assert client.patch("/api/v2/routing/skills/s", {"divisionId": "d"}, idempotent=True) == {"id": "s"}


def test_refused_connection_is_retried_even_for_post():
    client, session, _ = make_client(
        {"POST /api/v2/routing/queues": [connection_refused(), response(200, {"id": "q"})]}, access_token="t")
    assert client.post("/api/v2/routing/queues", {"name": "Q"}) == {"id": "q"}
    assert len(session.sent) == 2


def test_post_with_lost_response_is_not_resent():
    client, session, _ = make_client({"POST /api/v2/routing/queues": [connection_reset()]}, access_token="t")
    with pytest.raises(GenesysConnectionError) as info:
        client.post("/api/v2/routing/queues", {"name": "Q"})
    assert info.value.ambiguous and "may or may not have been applied" in str(info.value)
    assert len(session.sent) == 1


def test_read_only_query_post_is_retried():
    client, session, _ = make_client({"POST /api/v2/analytics/queues/observations/query": [
        response(504), response(200, {"results": []})]}, access_token="t")
    assert client.post("/api/v2/analytics/queues/observations/query", {"metrics": ["oWaiting"]}) == {"results": []}


def test_get_connection_failures_exhaust_into_connection_error():
    client, session, _ = make_client({"GET /api/v2/users": [connection_reset()]}, access_token="t", max_retries=1)
    with pytest.raises(GenesysConnectionError) as info:
        client.get("/api/v2/users")
    assert info.value.status is None and not info.value.ambiguous and "2 attempt" in str(info.value)


def test_delete_retried_after_lost_response_accepts_404():
    client, session, _ = make_client({"DELETE /api/v2/routing/queues/q": [
        connection_reset(), response(404, {"code": "not.found"})]}, access_token="t")
    assert client.delete("/api/v2/routing/queues/q") is None
    assert [e["event"] for e in client.events] == ["retry", "already_deleted"]


def test_plain_404_delete_still_fails():
    client, _, _ = make_client({"DELETE /api/v2/routing/queues/q": [response(404, {"code": "not.found"})]},
                               access_token="t")
    with pytest.raises(GenesysApiError):
        client.delete("/api/v2/routing/queues/q")


# -------------------------------------------------------------------------- create()

def test_create_recovers_the_object_after_lost_response():
    client, session, _ = make_client({"POST /api/v2/routing/queues": [connection_reset()]}, access_token="t")
    lookups = []

    def find():
        lookups.append(1)
        return {"id": "q-created", "name": "Q"}

    result = client.create("/api/v2/routing/queues", {"name": "Q"}, find, return_recovered=True)
    assert result == ({"id": "q-created", "name": "Q"}, True)
    assert sent_keys(session).count("POST /api/v2/routing/queues") == 1
    assert lookups == [1]
    assert client.stats["recovered"] == 1
    assert [e["event"] for e in client.events] == ["ambiguous_write", "recovered"]


def test_create_resends_when_lookup_finds_nothing():
    client, session, _ = make_client({"POST /api/v2/routing/queues": [
        response(503), response(200, {"id": "q2"})]}, access_token="t")
    assert client.create("/api/v2/routing/queues", {"name": "Q"}, lambda: None) == {"id": "q2"}
    assert sent_keys(session).count("POST /api/v2/routing/queues") == 2


def test_create_is_bounded():
    client, session, _ = make_client({"POST /api/v2/routing/queues": [response(502)]}, access_token="t",
                                     max_retries=2)
    with pytest.raises(GenesysApiError):
        client.create("/api/v2/routing/queues", {"name": "Q"}, lambda: None)
    assert sent_keys(session).count("POST /api/v2/routing/queues") == 3


def test_create_does_not_look_up_after_a_clear_rejection():
    client, _, _ = make_client({"POST /api/v2/routing/queues": [response(400, {"code": "bad.request"})]},
                               access_token="t")

    def find():
        raise AssertionError("must not be called")

    with pytest.raises(GenesysApiError):
        client.create("/api/v2/routing/queues", {"name": ""}, find)


# -------------------------------------------------------------------------- paging

def test_page_number_paging_stops_on_page_count():
    pages = [
        response(200, {"entities": [1, 2], "pageNumber": 1, "pageSize": 2, "pageCount": 3, "nextUri": "/n"}),
        response(200, {"entities": [3, 4], "pageNumber": 2, "pageSize": 2, "pageCount": 3, "nextUri": "/n"}),
        response(200, {"entities": [5, 6], "pageNumber": 3, "pageSize": 2, "pageCount": 3, "nextUri": "/n"}),
    ]
    client, session, _ = make_client({"GET /api/v2/routing/queues": pages}, access_token="t")
    assert client.list_all("/api/v2/routing/queues", {"name": "Q*"}, page_size=2) == [1, 2, 3, 4, 5, 6]
    assert [q[2]["pageNumber"] for q in session.sent] == ["1", "2", "3"]
    assert all(q[2]["pageSize"] == "2" and q[2]["name"] == "Q*" for q in session.sent)


def test_page_number_paging_stops_without_next_uri():
    client, session, _ = make_client({"GET /api/v2/routing/skills": [
        response(200, {"entities": [1], "pageNumber": 1, "pageCount": 9, "nextUri": "/n"}),
        response(200, {"entities": [2], "pageNumber": 2, "pageCount": 9})]}, access_token="t")
    assert client.list_all("/api/v2/routing/skills", page_size=1) == [1, 2]


def test_member_envelope_without_totals_stops_on_short_page():
    client, session, _ = make_client({"GET /api/v2/routing/queues/q/members": [
        response(200, {"entities": [1, 2], "pageSize": 2, "pageNumber": 1, "nextUri": "/n"}),
        response(200, {"entities": [3], "pageSize": 2, "pageNumber": 2, "nextUri": "/n"})]}, access_token="t")
    assert client.list_all("/api/v2/routing/queues/q/members", page_size=2) == [1, 2, 3]
    assert len(session.sent) == 2


def test_default_page_size_is_the_endpoint_maximum_and_requests_are_capped():
    client, session, _ = make_client({"GET /api/v2/routing/queues": [response(200, {"entities": []})],
                                      "GET /api/v2/routing/queues/q/members": [response(200, {"entities": []})]},
                                     access_token="t")
    client.list_all("/api/v2/routing/queues")
    client.list_all("/api/v2/routing/queues/q/members", page_size=1000)
    assert [q[2]["pageSize"] for q in session.sent] == ["500", "100"]


def test_cursor_paging_reads_after_from_next_uri():
    client, session, _ = make_client({"GET /api/v2/routing/skillgroups": [
        response(200, {"entities": [1], "nextUri": "/api/v2/routing/skillgroups?pageSize=1&after=c1"}),
        response(200, {"entities": [2], "nextUri": "/api/v2/routing/skillgroups?pageSize=1&after=c2"}),
        response(200, {"entities": [3]})]}, access_token="t")
    assert client.list_all("/api/v2/routing/skillgroups", {"name": "x"}, page_size=1) == [1, 2, 3]
    assert [q[2].get("after") for q in session.sent] == [None, "c1", "c2"]
    assert all(q[2]["name"] == "x" for q in session.sent)


def test_cursor_paging_stops_on_repeated_cursor():
    client, session, _ = make_client({"GET /api/v2/processautomation/triggers": [
        response(200, {"entities": [1], "nextUri": "/api/v2/processautomation/triggers?after=same"})]},
        access_token="t")
    assert client.list_all("/api/v2/processautomation/triggers") == [1, 1]
    assert len(session.sent) == 2


def test_cursor_next_uri_without_after_is_followed():
    client, session, _ = make_client({"GET /api/v2/routing/skillgroups/g/members": [
        response(200, {"entities": [1], "nextUri": "%s/api/v2/routing/skillgroups/g/members?token=t2" % API}),
        response(200, {"entities": [2]})]}, access_token="t")
    assert client.list_all("/api/v2/routing/skillgroups/g/members") == [1, 2]
    assert session.sent[1][2]["token"] == "t2"


# -------------------------------------------------------------------------- pacing

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


def test_retry_after_parsing():
    assert parse_retry_after("3") == 3.0
    assert parse_retry_after(None) is None
    assert parse_retry_after("soon") is None
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412470.0) == pytest.approx(10.0)


# -------------------------------------------------------------------------- real transport errors

def _closed_loopback_port():
    import socket
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    return port


def test_real_refused_connection_counts_as_unsent_even_for_post():
    fake = FakeTime()
    base = "http://127.0.0.1:%d" % _closed_loopback_port()
    client = GenesysClient(base, base, access_token="given-token", max_retries=2, _sleep=fake.sleep,
                           _clock=fake.clock, _random=lambda: 0.5)
    with pytest.raises(GenesysConnectionError) as info:
        client.post("/api/v2/routing/queues", {"name": "Q"})
    assert not info.value.ambiguous
    assert client.stats["by_operation"] == {"POST /api/v2/routing/queues": 3}  # refused: safe to resend
    assert "given-token" not in str(info.value)
