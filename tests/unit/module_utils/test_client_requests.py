"""Request pipeline against a scripted loopback HTTP server: retries, re-auth, ambiguous writes, paging.

The requests go through the real requests/urllib3 stack (so urllib3's Retry on the adapter
is what is tested), to a local server that answers from a script. Time is fake: the client
gets a fake clock and a fake sleep, so every assertion is about behaviour (what was sent,
what was raised, how long the client was told to wait), never about wall time.
"""
import base64
import json
import socket
import struct
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

import pytest

from ansible_collections.genesyscloud.routing.plugins.module_utils.client import GenesysClient
from ansible_collections.genesyscloud.routing.plugins.module_utils.errors import (
    GenesysApiError,
    GenesysAuthError,
    GenesysConnectionError,
)
from ansible_collections.genesyscloud.routing.plugins.module_utils.retry_policy import retry_after_seconds

CLIENT_SECRET = "very-secret-client-secret"
RESET = "reset"  # a script entry: read the request, then drop the connection without an answer


def response(status=200, body=None, headers=None, text=None):
    return {"status": status, "body": body, "headers": headers or {}, "text": text}


def connection_reset():
    return RESET


@pytest.fixture(autouse=True)
def fixed_jitter(monkeypatch):
    # urllib3 draws its backoff jitter from the random module; fix it so waits are exact.
    monkeypatch.setattr("urllib3.util.retry.random.random", lambda: 0.5)


class FakeTime:
    def __init__(self):
        self.now = 1000.0
        self.sleeps = []

    def clock(self):
        return self.now

    def sleep(self, seconds):
        self.sleeps.append(seconds)
        self.now += seconds


class ScriptedServer:
    """Answers from a script: a list of answers per "METHOD path", consumed in order; the last repeats.

    ``sent`` records (method, path, query dict, JSON body or form dict, bearer token or None, headers).
    """

    def __init__(self, scripts):
        self.scripts = dict((key, list(value)) for key, value in scripts.items())
        self.sent = []
        self.lock = threading.Lock()
        handler = type("Handler", (_ScriptedHandler,), {"server_script": self})
        self.httpd = _QuietServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self.url = "http://127.0.0.1:%d" % self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    def answer(self, key):
        with self.lock:
            script = self.scripts.get(key)
            if not script:
                return response(599, {"message": "unexpected request %s" % key})
            return script.pop(0) if len(script) > 1 else script[0]

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        pass  # a client that timed out and left is part of some scripts


class _ScriptedHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_script = None

    def log_message(self, *args):
        pass

    def _serve(self):
        parts = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        token = None
        auth = self.headers.get("Authorization") or ""
        if auth.startswith("Bearer "):
            token = auth.split(" ", 1)[1]
        if parts.path == "/oauth/token":
            body = dict(parse_qsl(raw.decode()))
            assert base64.b64decode(auth.split(" ", 1)[1]).decode().split(":", 1)[1] == CLIENT_SECRET
        else:
            body = json.loads(raw) if raw else None
        script = self.server_script
        with script.lock:
            script.sent.append((self.command, parts.path, dict(parse_qsl(parts.query)), body, token,
                                dict(self.headers)))
        item = script.answer("%s %s" % (self.command, parts.path))
        if item == RESET:
            self.close_connection = True
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            return
        if item.get("delay"):
            time.sleep(item["delay"])  # longer than the client's timeout: it gives up reading
        payload = json.dumps(item["body"]).encode() if item["body"] is not None else (item["text"] or "").encode()
        self.send_response(item["status"])
        for key, value in item["headers"].items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _serve


def token_response(token="tok-1", expires_in=86400):
    return response(200, {"access_token": token, "token_type": "bearer", "expires_in": expires_in})


_STARTED = []


def make_client(scripts, access_token=None, **kwargs):
    fake_time = FakeTime()
    server = ScriptedServer(scripts)
    _STARTED.append(server)
    options = dict(max_retries=3, retry_max_wait=30, requests_per_minute=6000)
    options.update(kwargs)
    if access_token:
        options["access_token"] = access_token
    else:
        options.update(client_id="cid", client_secret=CLIENT_SECRET)
    client = GenesysClient(server.url, server.url, _sleep=fake_time.sleep, _clock=fake_time.clock,
                           _wall_clock=fake_time.clock, **options)
    return client, server, fake_time


@pytest.fixture(autouse=True)
def stop_servers():
    yield
    while _STARTED:
        _STARTED.pop().stop()


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


def test_path_templates_are_filled_with_quoted_segments():
    client, session, _ = make_client({"GET /api/v2/routing/queues/a%2Fb%3Fc": [response(200, {"id": "a/b?c"})],
                                      "DELETE /api/v2/routing/queues/q/members/m%201": [response(204)]},
                                     access_token="t")
    assert client.get("/api/v2/routing/queues/{queueId}", path_params={"queueId": "a/b?c"}) == {"id": "a/b?c"}
    assert client.delete("/api/v2/routing/queues/{queueId}/members/{memberId}",
                         path_params={"queueId": "q", "memberId": "m 1"}) is None
    assert [(item[1], item[2]) for item in session.sent] == [
        ("/api/v2/routing/queues/a%2Fb%3Fc", {}), ("/api/v2/routing/queues/q/members/m%201", {})]
    assert client.stats["by_operation"] == {"DELETE /api/v2/routing/queues/{queueId}/members/{memberId}": 1,
                                            "GET /api/v2/routing/queues/{queueId}": 1}


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
    # urllib3's backoff: none before the first retry, then 0.25 * 2 s plus jitter (fixed at 0.5 * 0.5 s)
    assert [e["wait_seconds"] for e in client.events] == [0.0, 0.75]


def test_get_gives_up_after_max_retries():
    client, session, _ = make_client({"GET /api/v2/routing/queues": [response(502)]}, access_token="t",
                                     max_retries=2)
    with pytest.raises(GenesysApiError) as info:
        client.get("/api/v2/routing/queues")
    assert info.value.status == 502
    assert len(session.sent) == 3


def test_backoff_doubles_and_is_capped():
    client, session, fake = make_client({"GET /api/v2/routing/queues": [response(503)] * 8 + [
        response(200, {"entities": []})]}, access_token="t", max_retries=8)
    client.get("/api/v2/routing/queues")
    assert [e["wait_seconds"] for e in client.events] == [0.0, 0.75, 1.25, 2.25, 4.25, 8.25, 10.0, 10.0]


def test_503_retry_after_longer_than_the_backoff_cap_is_honoured():
    # Defect: a 503 asking for 30 s was retried after at most 10 s (the backoff cap).
    client, session, fake = make_client({"GET /api/v2/routing/queues": [
        response(503, {"code": "service.unavailable"}, {"Retry-After": "25"}), response(200, {"entities": []})]},
        access_token="t", retry_max_wait=30)
    assert client.get("/api/v2/routing/queues") == {"entities": []}
    assert sent_keys(session) == ["GET /api/v2/routing/queues"] * 2
    assert [e["wait_seconds"] for e in client.events] == [25]
    assert fake.sleeps == [25]


def test_503_retry_after_beyond_retry_max_wait_fails_without_asking_sooner():
    client, session, fake = make_client({"GET /api/v2/routing/queues": [
        response(503, {"code": "service.unavailable", "message": "Down for maintenance"}, {"Retry-After": "45"}),
        response(200, {"entities": []})]}, access_token="t", retry_max_wait=30)
    with pytest.raises(GenesysApiError) as info:
        client.get("/api/v2/routing/queues")
    assert info.value.status == 503 and "retry after 45 s" in str(info.value) and "retry_max_wait" in str(info.value)
    assert sent_keys(session) == ["GET /api/v2/routing/queues"]
    assert fake.sleeps == []


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


def test_post_with_lost_response_is_not_resent():
    client, session, _ = make_client({"POST /api/v2/routing/queues": [connection_reset()]}, access_token="t")
    with pytest.raises(GenesysConnectionError) as info:
        client.post("/api/v2/routing/queues", {"name": "Q"})
    assert info.value.ambiguous and "may or may not have been applied" in str(info.value)
    assert len(session.sent) == 1


def test_read_timeout_is_retried_for_get_but_a_post_is_not_resent():
    slow = dict(response(200, {"entities": []}), delay=0.6)
    client, session, _ = make_client({"GET /api/v2/routing/queues": [slow, response(200, {"entities": []})],
                                      "POST /api/v2/routing/queues": [slow]}, access_token="t", timeout=0.2)
    assert client.get("/api/v2/routing/queues") == {"entities": []}
    assert [e["reason"] for e in client.events] == ["no response before the timeout"]
    with pytest.raises(GenesysConnectionError) as info:
        client.post("/api/v2/routing/queues", {"name": "Q"})
    assert info.value.ambiguous and "was not resent" in str(info.value)
    assert sent_keys(session).count("POST /api/v2/routing/queues") == 1


def test_token_exchange_is_retried_after_503_and_429():
    client, session, fake = make_client({
        "POST /oauth/token": [response(503), response(429, {"error": "slow_down"}, {"Retry-After": "4"}),
                              token_response("tok-Z")],
        "GET /api/v2/users": [response(200, {"entities": []})]})
    client.get("/api/v2/users")
    assert sent_keys(session) == ["POST /oauth/token"] * 3 + ["GET /api/v2/users"]
    assert [(e["operation"], e["reason"], e["wait_seconds"]) for e in client.events] == [
        ("POST /oauth/token", "503", 0.0), ("POST /oauth/token", "429", 4)]
    assert session.sent[-1][4] == "tok-Z"


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
        response(200, {"entities": [1], "nextUri": "/api/v2/routing/skillgroups/g/members?token=t2"}),
        response(200, {"entities": [2]})]}, access_token="t")
    assert client.list_all("/api/v2/routing/skillgroups/g/members") == [1, 2]
    assert session.sent[1][2]["token"] == "t2"


# -------------------------------------------------------------------------- Retry-After parsing

def test_retry_after_parsing():
    class Answer:
        def __init__(self, value):
            self.headers = {} if value is None else {"Retry-After": value}
    assert retry_after_seconds(Answer("3")) == 3.0
    assert retry_after_seconds(Answer(None)) is None
    assert retry_after_seconds(Answer("soon")) is None
    assert retry_after_seconds(Answer("Wed, 21 Oct 2015 07:28:00 GMT")) == 0  # a date in the past: now


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
                           _clock=fake.clock)
    with pytest.raises(GenesysConnectionError) as info:
        client.post("/api/v2/routing/queues", {"name": "Q"})
    assert not info.value.ambiguous
    assert client.stats["by_operation"] == {"POST /api/v2/routing/queues": 3}  # refused: safe to resend
    assert "given-token" not in str(info.value)
