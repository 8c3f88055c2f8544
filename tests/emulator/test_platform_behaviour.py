"""Platform behaviours beyond CRUD that the emulator reproduces (docs/emulator.md, "sources")."""
from __future__ import annotations

import time

import pytest

from event_helpers import pattern_matches

QUEUES = "/api/v2/routing/queues"
UTILIZATION = "/api/v2/routing/utilization"
LABELS = "/api/v2/routing/utilization/labels"


def _queue(emulator, name):
    return emulator.api("GET", QUEUES, params={"name": name}).json()["entities"][0]


def _free_user(emulator, queue_id):
    members = {m["id"] for m in emulator.api("GET", "%s/%s/members" % (QUEUES, queue_id),
                                             params={"pageSize": 100}).json()["entities"]}
    users = emulator.api("GET", "/api/v2/users", params={"pageSize": 100}).json()["entities"]
    return next(user for user in users if user["id"] not in members)


def _listed(emulator, queue_id):
    return {m["id"] for m in emulator.api("GET", "%s/%s/members" % (QUEUES, queue_id),
                                          params={"pageSize": 100}).json()["entities"]}


def test_faults_api_takes_the_consistency_mode(emulator):
    assert emulator.faults()["consistency"] == "strong"
    assert emulator.set_faults({"consistency": "eventual:2"})["consistency"] == "eventual:2"
    assert emulator.set_faults({"consistency": "eventual"})["consistency"] == "eventual:5"
    for bad in ("sometimes", "eventual:0", "eventual:x", "eventual:1000", 3):
        response = emulator.api("PUT", "/__emulator/faults", json={"consistency": bad})
        assert response.status_code == 400, bad
    emulator.set_faults({})
    assert emulator.faults()["consistency"] == "strong"


def test_eventual_member_add_is_not_listed_nor_patchable_until_processed(emulator):
    emulator.set_faults({"consistency": "eventual:1.5"})
    queue = _queue(emulator, "Support")
    user = _free_user(emulator, queue["id"])
    path = "%s/%s/members" % (QUEUES, queue["id"])
    assert emulator.api("POST", path, json=[{"id": user["id"]}]).status_code == 204
    assert user["id"] not in _listed(emulator, queue["id"])
    patched = emulator.api("PATCH", "%s/%s" % (path, user["id"]), json={"ringNumber": 2})
    assert patched.status_code == 404
    deadline = time.time() + 5
    while user["id"] not in _listed(emulator, queue["id"]) and time.time() < deadline:
        time.sleep(0.2)
    assert user["id"] in _listed(emulator, queue["id"])
    assert emulator.api("PATCH", "%s/%s" % (path, user["id"]), json={"ringNumber": 2}).status_code == 202


def test_strong_consistency_lists_an_added_member_at_once(emulator):
    queue = _queue(emulator, "Support")
    user = _free_user(emulator, queue["id"])
    emulator.api("POST", "%s/%s/members" % (QUEUES, queue["id"]), json=[{"id": user["id"]}])
    assert user["id"] in _listed(emulator, queue["id"])


def test_eventual_deleted_queue_is_still_read_by_id_for_the_lag(emulator):
    emulator.set_faults({"consistency": "eventual:1"})
    created = emulator.api("POST", QUEUES, json={"name": "Short lived"}).json()
    assert emulator.api("DELETE", "%s/%s" % (QUEUES, created["id"])).status_code == 204
    assert emulator.api("GET", "%s/%s" % (QUEUES, created["id"])).status_code == 200
    assert created["id"] not in {q["id"] for q in emulator.api("GET", QUEUES, params={"pageSize": 100})
                                 .json()["entities"]}
    time.sleep(1.2)
    assert emulator.api("GET", "%s/%s" % (QUEUES, created["id"])).status_code == 404


def test_utilization_put_right_after_a_label_change_is_a_conflict(emulator):
    body = {"utilization": {"call": {"maximumCapacity": 1}}}
    emulator.set_faults({"consistency": "eventual:1"})
    label = emulator.api("POST", LABELS, json={"name": "VIP"})
    assert label.status_code == 200 and label.json()["version"] == 1
    assert emulator.api("PUT", UTILIZATION, json=body).status_code == 409
    time.sleep(1.1)
    assert emulator.api("PUT", UTILIZATION, json=body).status_code == 200


def test_utilization_labels_crud(emulator):
    label = emulator.api("POST", LABELS, json={"name": "Premium"}).json()
    assert emulator.api("POST", LABELS, json={"name": "premium"}).status_code == 400
    renamed = emulator.api("PUT", "%s/%s" % (LABELS, label["id"]), json={"name": "Gold"}).json()
    assert renamed["name"] == "Gold" and renamed["version"] == 2
    assert [item["name"] for item in emulator.api("GET", LABELS).json()["entities"]] == ["Gold"]
    emulator.api("PUT", UTILIZATION, json={"labelUtilizations": {label["id"]: {"maximumCapacity": 2}}})
    assert emulator.api("DELETE", "%s/%s" % (LABELS, label["id"])).status_code == 409
    assert emulator.api("DELETE", "%s/%s" % (LABELS, label["id"]),
                        params={"forceDelete": "true"}).status_code == 204
    assert emulator.api("GET", UTILIZATION).json()["labelUtilizations"] == {}


@pytest.mark.parametrize("kind, status", [("409", 409), ("408", 408)])
def test_conflict_fault_kinds(emulator, kind, status):
    emulator.set_faults({"probability": 1, "kinds": [kind], "count": 1, "paths": [UTILIZATION]})
    response = emulator.api("PUT", UTILIZATION, json={})
    assert response.status_code == status
    assert emulator.api("PUT", UTILIZATION, json={}).status_code == 200


def test_consistency_option_on_the_command_line_survives_a_reset(emulator_factory):
    instance = emulator_factory(extra_args=["--consistency", "eventual:3"])
    assert instance.faults()["consistency"] == "eventual:3"
    instance.reset()
    assert instance.faults()["consistency"] == "eventual:3"


def test_every_kind_genesys_webhook_offers_matches_the_events_the_platform_sends(emulator):
    """Item 2: the pattern for `<kind>.*` selects the audit events of that kind as published
    (serviceName ContactCenter for queues, Groups for skill groups; entity type in the enum's casing)."""
    from ansible_collections.genesyscloud.routing.plugins.module_utils.webhook_fields import (
        AUDIT_TOPIC, KINDS, event_pattern,
    )
    emulator.api("DELETE", "/__emulator/events")
    home = emulator.api("GET", "/api/v2/authorization/divisions", params={"name": "Home"}).json()["entities"][0]
    skill = emulator.api("POST", "/api/v2/routing/skills", json={"name": "Pattern skill"}).json()
    emulator.api("POST", "/api/v2/routing/languages", json={"name": "Pattern language"})
    emulator.api("POST", QUEUES, json={"name": "Pattern queue"})
    emulator.api("POST", "/api/v2/routing/wrapupcodes", json={"name": "Pattern code"})
    emulator.api("POST", "/api/v2/routing/skillgroups", json={
        "name": "Pattern group", "division": {"id": home["id"]},
        "skillConditions": [{"routingSkillConditions": [{"routingSkill": skill["name"], "comparator": "GreaterThan",
                                                         "proficiency": 1, "childConditions": []}],
                             "languageSkillConditions": [], "operation": "And"}]})
    emulator.api("PUT", UTILIZATION, json={"utilization": {"chat": {"maximumCapacity": 3}}})
    emulator.api("POST", LABELS, json={"name": "Pattern label"})
    records = emulator.api("GET", "/__emulator/events").json()["entities"]
    for kind, (entity_type, _actions) in KINDS.items():
        events = [{"detail-type": AUDIT_TOPIC, "source": "s", "detail": record}
                  for record in records if record["eventBody"]["entityType"] == entity_type]
        assert events, "no %s event was published" % entity_type
        assert events[0]["detail"]["topicName"].startswith("v2.audits.entitytype.%s.entityid." % entity_type)
        pattern = event_pattern([kind + ".*"], source="s")
        assert all(pattern_matches(pattern, event) for event in events), (kind, events[0]["detail"]["eventBody"])
        others = [{"detail-type": AUDIT_TOPIC, "source": "s", "detail": record}
                  for record in records if record["eventBody"]["entityType"] != entity_type]
        assert not any(pattern_matches(pattern, event) for event in others), kind
