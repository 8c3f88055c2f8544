"""Front end behaviour: OAuth, auth, ErrorBody, robustness, stats, admin."""
from __future__ import annotations

import socket
import threading
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests

from genesys_emulator import framework
from genesys_emulator.server import Emulator as InProcessEmulator
from genesys_emulator.server import EmulatorConfig

ERROR_KEYS = {"message", "code", "status", "messageWithParams", "messageParams", "contextId",
              "details", "errors"}
# The repository's copy of ../shared/reference/genesys-sdk-operations.tsv (kept equal by a unit test).
OPERATIONS_TSV = Path(__file__).resolve().parents[1] / "data" / "genesys-sdk-operations.tsv"


def assert_error(response, status, code):
    assert response.status_code == status, response.text
    body = response.json()
    assert ERROR_KEYS <= set(body)
    assert body["code"] == code
    assert body["status"] == status
    correlation = response.headers["ININ-Correlation-Id"]
    uuid.UUID(correlation)
    assert body["contextId"] == correlation
    assert "Traceback" not in response.text
    return body


# -- OAuth -------------------------------------------------------------------

def test_token_with_default_client(emulator):
    response = requests.post(emulator.url("/oauth/token"),
                             auth=("emulator-client", "emulator-secret"),
                             data={"grant_type": "client_credentials"})
    assert response.status_code == 200
    body = response.json()
    assert body["token_type"] == "bearer"
    assert body["expires_in"] == 86400
    assert len(body["access_token"]) >= 20
    assert emulator.stats()["tokens_issued"] == 1
    listing = emulator.api("GET", "/api/v2/routing/queues",
                           headers={"Authorization": "Bearer " + body["access_token"]})
    assert listing.status_code == 200


@pytest.mark.parametrize("auth", [("emulator-client", "wrong"), ("nobody", "emulator-secret"),
                                  None])
def test_token_with_bad_client_is_invalid_client(emulator, auth):
    response = requests.post(emulator.url("/oauth/token"), auth=auth,
                             data={"grant_type": "client_credentials"})
    assert response.status_code == 401
    body = response.json()
    assert body["error"] == "invalid_client"
    assert body["description"] and body["error_description"]
    assert emulator.stats()["tokens_issued"] == 0


def test_token_with_other_grant_is_unsupported(emulator):
    response = requests.post(emulator.url("/oauth/token"),
                             auth=("emulator-client", "emulator-secret"),
                             data={"grant_type": "password"})
    assert response.status_code == 400
    assert response.json()["error"] == "unsupported_grant_type"


def test_extra_client_from_command_line(emulator_factory):
    instance = emulator_factory(seed="empty", clients=["ci-bot:s3cret"])
    response = requests.post(instance.url("/oauth/token"), auth=("ci-bot", "s3cret"),
                             data={"grant_type": "client_credentials"})
    assert response.status_code == 200


# -- bearer auth and the ErrorBody --------------------------------------------

def test_missing_token_is_authentication_required(emulator):
    response = requests.get(emulator.url("/api/v2/routing/queues"))
    assert_error(response, 401, "authentication.required")


def test_unknown_token_is_bad_credentials(emulator):
    response = emulator.api("GET", "/api/v2/routing/queues",
                            headers={"Authorization": "Bearer not-a-token"})
    assert_error(response, 401, "bad.credentials")


def test_correlation_and_rate_headers_on_success(emulator):
    response = emulator.api("GET", "/api/v2/routing/queues")
    assert response.status_code == 200
    uuid.UUID(response.headers["ININ-Correlation-Id"])
    assert response.headers["inin-ratelimit-allowed"] == "300"
    assert int(response.headers["inin-ratelimit-count"]) >= 1
    assert int(response.headers["inin-ratelimit-reset"]) >= 1


def test_correlation_ids_differ_per_call(emulator):
    first = emulator.api("GET", "/api/v2/routing/queues").headers["ININ-Correlation-Id"]
    second = emulator.api("GET", "/api/v2/routing/queues").headers["ININ-Correlation-Id"]
    assert first != second


def test_unknown_path_is_not_found(emulator):
    assert_error(emulator.api("GET", "/api/v2/routing/nonsense"), 404, "not.found")
    assert_error(requests.get(emulator.url("/favicon.ico")), 404, "not.found")


def test_unknown_entity_is_not_found(emulator):
    body = assert_error(emulator.api("GET", "/api/v2/routing/queues/" + str(uuid.uuid4())),
                        404, "not.found")
    assert "was not found" in body["message"]


def test_wrong_method_is_405(emulator):
    assert_error(emulator.api("PATCH", "/api/v2/routing/queues", json={}), 405,
                 "method.not.allowed")


def test_malformed_json_is_bad_request(emulator):
    response = emulator.api("POST", "/api/v2/routing/queues", data=b"{not json",
                            headers={"Content-Type": "application/json",
                                     "Authorization": "Bearer " + emulator.token()})
    assert_error(response, 400, "bad.request")


def test_wrong_content_type_is_415(emulator):
    response = emulator.api("POST", "/api/v2/routing/queues", data=b"name=x",
                            headers={"Content-Type": "application/x-www-form-urlencoded",
                                     "Authorization": "Bearer " + emulator.token()})
    assert_error(response, 415, "unsupported.media.type")


def test_oversized_body_is_413_and_server_survives(emulator):
    payload = b'{"name": "' + b"x" * (1024 * 1024 + 10) + b'"}'
    try:
        response = emulator.api("POST", "/api/v2/routing/queues", data=payload,
                                headers={"Content-Type": "application/json",
                                         "Authorization": "Bearer " + emulator.token()})
    except requests.ConnectionError:
        pytest.fail("the emulator dropped the connection instead of answering 413")
    assert_error(response, 413, "request.entity.too.large")
    assert emulator.api("GET", "/api/v2/routing/queues").status_code == 200


def test_garbage_on_the_socket_does_not_kill_the_server(emulator):
    parts = urlsplit(emulator.base_url)
    with socket.create_connection((parts.hostname, parts.port), timeout=5) as sock:
        sock.sendall(b"\x00\x01GARBAGE / HTTP/9.9\r\n\r\n")
        sock.recv(1024)
    assert emulator.api("GET", "/api/v2/routing/queues").status_code == 200
    assert "Traceback" not in emulator.stderr_text()


def test_wrong_json_shape_is_bad_request(emulator):
    assert_error(emulator.api("POST", "/api/v2/routing/queues", json=["a"]), 400, "bad.request")
    assert_error(emulator.api("POST", "/api/v2/routing/queues/x/members",
                              json={"id": "x"}), 404, "not.found")


def test_internal_error_is_500_error_body_and_server_goes_on(tmp_path):
    """An exception inside a handler: 500 ErrorBody, no traceback in the answer."""
    template = "/api/v2/routing/queues/{queueId}/estimatedwaittime"

    def broken(req):
        raise RuntimeError("boom: secret internals")

    framework.route("GET", template)(broken)
    instance = InProcessEmulator(EmulatorConfig(seed="empty"))
    instance.start()
    try:
        token = requests.post(instance.base_url + "/oauth/token",
                              auth=("emulator-client", "emulator-secret"),
                              data={"grant_type": "client_credentials"}).json()["access_token"]
        headers = {"Authorization": "Bearer " + token}
        response = requests.get(instance.base_url + "/api/v2/routing/queues/q/estimatedwaittime",
                                headers=headers)
        body = assert_error(response, 500, "internal.server.error")
        assert "boom" not in response.text
        assert requests.get(instance.base_url + "/api/v2/routing/queues",
                            headers=headers).status_code == 200
    finally:
        instance.shutdown()
        framework.ROUTES[:] = [r for r in framework.ROUTES if r.handler is not broken]


# -- stats and admin ---------------------------------------------------------

def test_stats_count_calls_by_sdk_template(emulator):
    queue_id = emulator.api("GET", "/api/v2/routing/queues").json()["entities"][0]["id"]
    emulator.api("GET", "/api/v2/routing/queues/" + queue_id)
    emulator.api("GET", "/api/v2/routing/queues/" + queue_id + "/members")
    current = emulator.api("GET", "/api/v2/routing/queues/" + queue_id).json()
    emulator.api("PUT", "/api/v2/routing/queues/" + queue_id, json=current)
    stats = emulator.stats()
    assert stats["by_operation"]["GET /api/v2/routing/queues"] == 1
    assert stats["by_operation"]["GET /api/v2/routing/queues/{queueId}"] == 2
    assert stats["by_operation"]["GET /api/v2/routing/queues/{queueId}/members"] == 1
    assert stats["by_operation"]["PUT /api/v2/routing/queues/{queueId}"] == 1
    assert "POST /oauth/token" not in stats["by_operation"]   # token cached before the reset
    assert stats["writes"] == 1
    assert stats["writes_applied"] == 1
    assert stats["total"] == 5


def test_stats_keys_are_sdk_operations(emulator):
    sdk = {" ".join(line.split("\t")[:2]) for line in
           OPERATIONS_TSV.read_text(encoding="utf-8").splitlines() if not line.startswith("#")}
    emulator.api("GET", "/api/v2/routing/skills")
    emulator.api("GET", "/api/v2/users")
    emulator.api("GET", "/api/v2/routing/utilization")
    emulator.token(fresh=True)
    keys = set(emulator.stats()["by_operation"])
    assert "POST /oauth/token" in keys
    assert keys - {"POST /oauth/token"} <= sdk


def test_admin_calls_are_not_counted_and_need_no_auth(emulator):
    emulator.state()
    emulator.faults()
    stats = emulator.stats()
    assert stats["total"] == 0


def test_delete_stats_resets_counters(emulator):
    emulator.api("GET", "/api/v2/routing/queues")
    assert emulator.stats()["total"] == 1
    emulator.reset_stats()
    stats = emulator.stats()
    assert stats["total"] == 0 and stats["by_operation"] == {}


def test_reset_reloads_the_seed(emulator):
    queue = emulator.api("GET", "/api/v2/routing/queues", params={"name": "Sales"}).json()
    queue_id = queue["entities"][0]["id"]
    assert emulator.api("DELETE", "/api/v2/routing/queues/" + queue_id).status_code == 204
    created = emulator.api("POST", "/api/v2/routing/queues", json={"name": "Temp"})
    assert created.status_code == 200
    emulator.reset()
    assert emulator.api("GET", "/api/v2/routing/queues/" + queue_id).status_code == 200
    temp = emulator.api("GET", "/api/v2/routing/queues", params={"name": "Temp"}).json()
    assert temp["total"] == 0


def test_seed_endpoint_replaces_the_org(emulator):
    emulator.seed("large:60")
    listing = emulator.api("GET", "/api/v2/routing/queues", params={"pageSize": 1}).json()
    assert listing["total"] == 60
    assert listing["entities"][0]["name"].startswith("Queue 0001 - ")
    emulator.seed("empty")
    assert emulator.api("GET", "/api/v2/routing/queues").json()["total"] == 0
    response = requests.post(emulator.url("/__emulator/seed"), json={"seed": "bogus"})
    assert response.status_code == 400


def test_state_dump_holds_the_collections(emulator):
    state = emulator.state()
    for kind in ("queues", "skills", "users", "divisions", "wrapupcodes", "skillgroups"):
        assert state[kind], kind


def test_demo_seed_is_deterministic_and_salt_changes_ids(emulator, emulator_factory):
    first = emulator.state()
    emulator.reset()
    assert emulator.state()["queues"].keys() == first["queues"].keys()
    prod = emulator_factory(seed="demo-prod")
    prod_state = prod.state()
    assert sorted(q["name"] for q in prod_state["queues"].values()) == \
        sorted(q["name"] for q in first["queues"].values())
    assert not set(prod_state["queues"]) & set(first["queues"])
    salted = emulator_factory(seed="demo", id_salt="prod")
    assert set(salted.state()["queues"]) == set(prod_state["queues"])


def test_concurrent_writes_all_land(emulator):
    """Many threads writing at once: every acknowledged create is in the store."""
    errors = []
    names = ["Parallel %02d" % i for i in range(24)]

    def create(name):
        try:
            response = emulator.api("POST", "/api/v2/routing/queues", json={"name": name})
            if response.status_code != 200:
                errors.append(response.text)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(repr(exc))

    threads = [threading.Thread(target=create, args=(name,)) for name in names]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    stored = {q["name"] for q in emulator.state()["queues"].values()}
    assert set(names) <= stored


def test_sigterm_stops_cleanly(emulator_factory):
    instance = emulator_factory(seed="empty")
    assert instance.stop() == 0
    assert "Traceback" not in instance.stderr_text()
