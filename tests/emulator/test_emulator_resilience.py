"""Rate limits, fault injection and crash-safe persistence."""
from __future__ import annotations

import requests
import pytest

from queue_bodies import without_server_filled

QUEUES = "/api/v2/routing/queues"


# -- rate limiting -----------------------------------------------------------

def test_rate_limit_answers_429_with_headers(emulator_factory):
    instance = emulator_factory(seed="empty", rate_limit=3)
    counts = []
    for _ in range(3):
        response = instance.api("GET", QUEUES)
        assert response.status_code == 200
        assert response.headers["inin-ratelimit-allowed"] == "3"
        counts.append(int(response.headers["inin-ratelimit-count"]))
    assert counts == [1, 2, 3]
    limited = instance.api("GET", QUEUES)
    assert limited.status_code == 429
    body = limited.json()
    assert body["code"] == "too.many.requests"
    assert body["message"] == "Rate limit exceeded the maximum [3] requests within [60] seconds"
    retry_after = int(limited.headers["Retry-After"])
    assert 1 <= retry_after <= 60
    assert int(limited.headers["inin-ratelimit-reset"]) == retry_after
    assert instance.stats()["rate_limited"] == 1


def test_rate_limit_is_per_token(emulator_factory):
    instance = emulator_factory(seed="empty", rate_limit=2)
    instance.api("GET", QUEUES)
    instance.api("GET", QUEUES)
    assert instance.api("GET", QUEUES).status_code == 429
    other = instance.token(fresh=True)
    response = instance.api("GET", QUEUES, headers={"Authorization": "Bearer " + other})
    assert response.status_code == 200


def test_org_ceiling_counts_every_token_together(emulator_factory):
    instance = emulator_factory(seed="empty", rate_limit=5, extra_args=["--org-rate-limit", "3"])
    tokens = [instance.token(fresh=True) for _ in range(3)]
    answers = [instance.api("GET", QUEUES, headers={"Authorization": "Bearer " + token}) for token in tokens]
    assert [answer.status_code for answer in answers] == [200, 200, 200]
    fresh = instance.token(fresh=True)
    limited = instance.api("GET", QUEUES, headers={"Authorization": "Bearer " + fresh})
    assert limited.status_code == 429 and 1 <= int(limited.headers["Retry-After"]) <= 60
    assert limited.json()["message"] == "Rate limit exceeded the maximum [3] requests within [60] seconds"
    # the headers still describe the caller's own token
    assert limited.headers["inin-ratelimit-count"] == "1" and limited.headers["inin-ratelimit-allowed"] == "5"
    stats = instance.stats()
    assert stats["rate_limited"] == 1 and len(stats["by_token"]) == 4
    assert sorted(entry["rate_limited"] for entry in stats["by_token"].values()) == [0, 0, 0, 1]
    assert all(fresh not in name and name not in fresh for name in stats["by_token"])


def test_rate_limits_are_changed_through_the_admin_api(emulator_factory):
    instance = emulator_factory(seed="empty")
    assert instance.api("GET", "/__emulator/rate-limits").json() == {"limit": None, "window": 60, "org_limit": None}
    changed = instance.api("PUT", "/__emulator/rate-limits", json={"limit": 180, "org_limit": 2})
    assert changed.json() == {"limit": 180, "window": 60, "org_limit": 2}
    first = instance.api("GET", QUEUES)
    assert first.headers["inin-ratelimit-allowed"] == "180"
    instance.api("GET", QUEUES)
    assert instance.api("GET", QUEUES).status_code == 429
    instance.api("PUT", "/__emulator/rate-limits", json={"org_limit": None}).raise_for_status()
    assert instance.api("GET", QUEUES).status_code == 200
    for bad in ({"limit": 0}, {"window": "60"}, {"burst": 3}, {"org_limit": True}):
        assert instance.api("PUT", "/__emulator/rate-limits", json=bad).status_code == 400


def test_rate_window_expires(emulator_factory):
    import time
    instance = emulator_factory(seed="empty", rate_limit=1, rate_window=1)
    assert instance.api("GET", QUEUES).status_code == 200
    assert instance.api("GET", QUEUES).status_code == 429
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        time.sleep(0.3)
        if instance.api("GET", QUEUES).status_code == 200:
            break
    else:
        pytest.fail("the rate window never reset")


# -- faults ------------------------------------------------------------------

@pytest.mark.parametrize("kind, code", [("500", "internal.server.error"),
                                        ("502", "bad.gateway"),
                                        ("503", "service.unavailable"),
                                        ("504", "request.timeout"),
                                        ("429", "too.many.requests")])
def test_status_faults(emulator, kind, code):
    emulator.set_faults({"probability": 1, "kinds": [kind], "count": 1})
    response = emulator.api("GET", QUEUES)
    assert response.status_code == int(kind)
    assert response.json()["code"] == code
    assert "ININ-Correlation-Id" in response.headers
    if kind == "429":
        assert response.headers["Retry-After"] == "1"
    assert emulator.api("GET", QUEUES).status_code == 200       # count exhausted
    assert emulator.stats()["faults_injected"] == 1


def test_reset_fault_drops_the_connection(emulator):
    emulator.set_faults({"probability": 1, "kinds": ["reset"], "count": 1})
    with pytest.raises(requests.ConnectionError):
        emulator.api("POST", QUEUES, json={"name": "Never made"})
    assert emulator.api("GET", QUEUES, params={"name": "Never made"}).json()["total"] == 0


def test_lost_response_performs_the_operation(emulator):
    emulator.set_faults({"probability": 1, "kinds": ["lost_response"], "count": 1})
    with pytest.raises(requests.ConnectionError):
        emulator.api("POST", QUEUES, json={"name": "Ghost write"})
    listing = emulator.api("GET", QUEUES, params={"name": "Ghost write"}).json()
    assert listing["total"] == 1                                # it happened anyway
    # A blind retry of the create now fails: the name is taken.
    assert emulator.api("POST", QUEUES, json={"name": "Ghost write"}).status_code == 400


def test_latency_fault_answers_normally(emulator):
    emulator.set_faults({"probability": 1, "kinds": ["latency"], "latency_ms": 50, "count": 2})
    assert emulator.api("GET", QUEUES).status_code == 200
    assert emulator.api("POST", QUEUES, json={"name": "Slow"}).status_code == 200
    assert emulator.stats()["faults_injected"] == 2


def test_fault_filters_by_method_and_path(emulator):
    emulator.set_faults({"probability": 1, "kinds": ["503"], "methods": ["POST"],
                         "paths": ["/api/v2/routing/queues/{queueId}/members"]})
    queue_id = emulator.api("GET", QUEUES).json()["entities"][0]["id"]
    assert emulator.api("GET", QUEUES).status_code == 200
    assert emulator.api("POST", QUEUES, json={"name": "Not faulted"}).status_code == 200
    assert emulator.api("GET", "%s/%s/members" % (QUEUES, queue_id)).status_code == 200
    assert emulator.api("POST", "%s/%s/members" % (QUEUES, queue_id),
                        json=[]).status_code == 503
    emulator.set_faults({"probability": 1, "kinds": ["503"], "paths": ["/api/v2/routing/sk"]})
    assert emulator.api("GET", "/api/v2/routing/skills").status_code == 503
    assert emulator.api("GET", QUEUES).status_code == 200


def test_faults_never_touch_admin_and_do_touch_oauth(emulator):
    emulator.set_faults({"probability": 1, "kinds": ["503"]})
    assert requests.get(emulator.url("/__emulator/stats")).status_code == 200
    response = requests.post(emulator.url("/oauth/token"),
                             auth=("emulator-client", "emulator-secret"),
                             data={"grant_type": "client_credentials"})
    assert response.status_code == 503


def test_seeded_faults_are_reproducible(emulator):
    def run():
        emulator.set_faults({"probability": 0.5, "kinds": ["500", "503"], "seed": 7})
        return [emulator.api("GET", QUEUES).status_code for _ in range(20)]

    first = run()
    assert run() == first
    assert set(first) == {200, 500, 503}
    emulator.set_faults({"probability": 0.5, "kinds": ["500", "503"], "seed": 8})
    assert [emulator.api("GET", QUEUES).status_code for _ in range(20)] != first


def test_fault_config_round_trip_and_validation(emulator):
    current = emulator.set_faults({"probability": 0.25, "kinds": ["502"], "count": 3})
    assert current["probability"] == 0.25 and current["remaining"] == 3
    assert emulator.faults()["kinds"] == ["502"]
    for bad in ({"probability": 2}, {"kinds": ["explode"]}, {"count": -1}, {"colour": 1}):
        response = requests.put(emulator.url("/__emulator/faults"), json=bad)
        assert response.status_code == 400, bad
    emulator.set_faults({"probability": 0})
    assert all(emulator.api("GET", QUEUES).status_code == 200 for _ in range(5))


def test_reset_clears_faults(emulator):
    emulator.set_faults({"probability": 1, "kinds": ["500"]})
    emulator.reset()
    assert emulator.api("GET", QUEUES).status_code == 200


def test_faults_from_the_command_line(emulator_factory):
    instance = emulator_factory(seed="empty", faults={"probability": 1, "kinds": ["502"],
                                                      "count": 1})
    with pytest.raises(requests.HTTPError):
        instance.token()                                        # the first call is faulted
    assert instance.api("GET", QUEUES).status_code == 200


def test_constant_latency_option_still_answers(emulator_factory):
    instance = emulator_factory(seed="empty", latency_ms=20)
    assert instance.api("GET", QUEUES).status_code == 200


# -- persistence -------------------------------------------------------------

def test_acknowledged_write_survives_kill_9(emulator_factory, tmp_path):
    state_file = tmp_path / "org.json"
    first = emulator_factory(seed="demo", state=str(state_file))
    created = first.api("POST", QUEUES, json={"name": "Durable"})
    assert created.status_code == 200
    queue_id = created.json()["id"]
    support = first.api("GET", QUEUES, params={"name": "Support"}).json()["entities"][0]
    support["description"] = "edited before the crash"
    assert first.api("PUT", "%s/%s" % (QUEUES, support["id"]), json=without_server_filled(support)).status_code == 200
    sales = first.api("GET", QUEUES, params={"name": "Sales"}).json()["entities"][0]
    assert first.api("DELETE", "%s/%s" % (QUEUES, sales["id"])).status_code == 204
    first.kill()                                                    # SIGKILL, no shutdown

    second = emulator_factory(seed="empty", state=str(state_file))  # the file wins over --seed
    assert second.api("GET", "%s/%s" % (QUEUES, queue_id)).json()["name"] == "Durable"
    again = second.api("GET", "%s/%s" % (QUEUES, support["id"])).json()
    assert again["description"] == "edited before the crash"
    assert second.api("GET", "%s/%s" % (QUEUES, sales["id"])).status_code == 404


def test_state_file_created_from_seed_and_reset_persists(emulator_factory, tmp_path):
    state_file = tmp_path / "nested" / "org.json"
    first = emulator_factory(seed="demo", state=str(state_file))
    assert state_file.exists()
    first.api("POST", QUEUES, json={"name": "Temporary"})
    first.reset()
    first.kill()
    second = emulator_factory(seed="empty", state=str(state_file))
    assert second.api("GET", QUEUES, params={"name": "Temporary"}).json()["total"] == 0
    assert second.api("GET", QUEUES, params={"name": "Support"}).json()["total"] == 1


def test_torn_journal_tail_is_ignored(emulator_factory, tmp_path):
    state_file = tmp_path / "org.json"
    first = emulator_factory(seed="empty", state=str(state_file))
    assert first.api("POST", QUEUES, json={"name": "Kept"}).status_code == 200
    first.kill()
    with open(str(state_file) + ".journal", "a", encoding="utf-8") as handle:
        handle.write('{"ops": [["put", "queues", "x", {"na')         # crash mid-append
    second = emulator_factory(seed="empty", state=str(state_file))
    names = [q["name"] for q in second.api("GET", QUEUES).json()["entities"]]
    assert names == ["Kept"]
