"""Process Automation triggers over real HTTP: CRUD, versioning, validation, cursor paging."""
from __future__ import annotations

import copy
from urllib.parse import parse_qs, urlsplit

import pytest

from genesys_emulator.integrations import VERSION_MISMATCH

TRIGGERS = "/api/v2/processautomation/triggers"
TOPIC = "v2.users.{id}.activity"
ACD_TOPIC = "v2.detail.events.conversation.{id}.acd.start"
VALID = {
    "name": "Notify on activity",
    "topicName": TOPIC,
    "target": {"type": "Workflow", "id": "2f3c0b6a-7d7e-4a43-8a3b-9e1b8f0f4c11",
               "workflowTargetSettings": {"dataFormat": "Json"}},
    "enabled": True,
    "matchCriteria": [{"jsonPath": "routingStatus.status", "operator": "Equal",
                       "value": "OFF_QUEUE"},
                      {"jsonPath": "presence.presenceDefinition.systemPresence",
                       "operator": "In", "values": ["AWAY", "BREAK"]}],
    "eventTTLSeconds": 60,
    "description": "Tell the supervisor",
}


def _create(emulator, **changes):
    body = copy.deepcopy(VALID)
    body.update(changes)
    response = emulator.api("POST", TRIGGERS, json=body)
    assert response.status_code == 200, response.text
    return response.json()


def _without(key):
    body = copy.deepcopy(VALID)
    body.pop(key)
    return body


def _with(**changes):
    body = copy.deepcopy(VALID)
    body.update(changes)
    return body


def test_create_get_and_list(emulator):
    created = _create(emulator)
    assert created["version"] == 1
    assert created["selfUri"] == "%s/%s" % (TRIGGERS, created["id"])
    for key in ("name", "topicName", "target", "enabled", "matchCriteria", "eventTTLSeconds",
                "description"):
        assert created[key] == VALID[key]
    fetched = emulator.api("GET", "%s/%s" % (TRIGGERS, created["id"]))
    assert fetched.status_code == 200 and fetched.json() == created
    listing = emulator.api("GET", TRIGGERS).json()
    assert [item["id"] for item in listing["entities"]] == [created["id"]]
    assert "selfUri" in listing and "nextUri" not in listing


@pytest.mark.parametrize("body", [
    _without("name"), _without("topicName"), _without("target"), _without("enabled"),
    _with(enabled="yes"),
    _with(target={"type": "Webhook", "id": "x"}),
    _with(target={"type": "Workflow"}),
    _with(target={"type": "Workflow", "id": "x",
                  "workflowTargetSettings": {"dataFormat": "Xml"}}),
    _with(matchCriteria=[{"jsonPath": "a", "operator": "Equal", "value": 1, "values": [1]}]),
    _with(matchCriteria=[{"jsonPath": "a", "operator": "Equal"}]),
    _with(matchCriteria=[{"jsonPath": "a", "operator": "Like", "value": 1}]),
    _with(matchCriteria=[{"operator": "Equal", "value": 1}]),
    _with(matchCriteria={"jsonPath": "a"}),
    _with(eventTTLSeconds=9),
    _with(eventTTLSeconds=None, delayBySeconds=59),
    _with(eventTTLSeconds=None, delayBySeconds=901),
    _with(eventTTLSeconds=30, delayBySeconds=120),
    _with(description="x" * 513),
    _with(topicName="v2.no.such.topic"),
    _with(topicName="v2.users.0d9f4a1c-1111-2222-3333-444455556666.activity"),
], ids=lambda body: ",".join(sorted(k for k in VALID if body.get(k) != VALID[k])) or "changed")
def test_create_validation(emulator, body):
    response = emulator.api("POST", TRIGGERS, json=body)
    assert response.status_code == 400, response.text
    assert response.json()["status"] == 400
    assert emulator.api("GET", TRIGGERS).json()["entities"] == []


def test_boundary_values_are_accepted(emulator):
    _create(emulator, eventTTLSeconds=10)
    _create(emulator, eventTTLSeconds=None, delayBySeconds=60)
    _create(emulator, eventTTLSeconds=None, delayBySeconds=900, description="x" * 512)
    _create(emulator, matchCriteria=[{"jsonPath": "a", "operator": "Exists", "value": True}])


@pytest.mark.parametrize("topic", ["v2.audits.entitytype.{id}.entityid.{id}",
                                   "v2.audits.entitytype.Queue.entityid.{id}"])
def test_audit_topic_is_not_available_to_triggers(emulator, topic):
    response = emulator.api("POST", TRIGGERS, json=_with(topicName=topic))
    assert response.status_code == 400
    assert "not available for process automation triggers" in response.json()["message"]


def test_versioned_update(emulator):
    created = _create(emulator)
    url = "%s/%s" % (TRIGGERS, created["id"])
    body = dict(_with(name="Renamed", enabled=False), version=1)
    updated = emulator.api("PUT", url, json=body)
    assert updated.status_code == 200, updated.text
    assert updated.json()["version"] == 2 and updated.json()["name"] == "Renamed"
    assert updated.json()["enabled"] is False

    stale = emulator.api("PUT", url, json=dict(body, name="Lost update"))
    assert stale.status_code == 409
    assert stale.json()["message"] == VERSION_MISMATCH
    assert emulator.api("GET", url).json()["name"] == "Renamed"

    assert emulator.api("PUT", url, json=_with(name="No version")).status_code == 400
    moved = emulator.api("PUT", url, json=dict(_with(topicName=ACD_TOPIC), version=2))
    assert moved.status_code == 400 and "topicName" in moved.json()["message"]

    # A PUT is a full replacement: omitted optional fields disappear.
    replaced = dict(_without("matchCriteria"), version=2)
    replaced.pop("eventTTLSeconds")
    result = emulator.api("PUT", url, json=replaced).json()
    assert result["version"] == 3
    assert "matchCriteria" not in result and "eventTTLSeconds" not in result


def test_update_is_audited(emulator):
    created = _create(emulator)
    emulator.api("PUT", "%s/%s" % (TRIGGERS, created["id"]),
                 json=dict(_with(name="Audited"), version=1))
    events = emulator.api("GET", "/__emulator/events",
                          params={"entityId": created["id"]}).json()["entities"]
    assert [e["eventBody"]["action"] for e in events] == ["Create", "Update"]
    update = events[1]["eventBody"]
    assert update["entityType"] == "Trigger"
    assert [c["property"] for c in update["propertyChanges"]] == ["name"]


def test_delete(emulator):
    created = _create(emulator)
    url = "%s/%s" % (TRIGGERS, created["id"])
    assert emulator.api("DELETE", url).status_code == 204
    assert emulator.api("GET", url).status_code == 404
    assert emulator.api("DELETE", url).status_code == 404
    assert emulator.api("PUT", url, json=dict(VALID, version=1)).status_code == 404


def _cursor(uri, name):
    return parse_qs(urlsplit(uri).query)[name][0]


def test_cursor_paging_walks_every_trigger_once(emulator):
    created = [_create(emulator, name="Trigger %d" % i)["id"] for i in range(7)]
    seen = []
    page = emulator.api("GET", TRIGGERS, params={"pageSize": 3}).json()
    pages = [page]
    while "nextUri" in page:
        page = emulator.api("GET", TRIGGERS, params={
            "pageSize": 3, "after": _cursor(page["nextUri"], "after")}).json()
        pages.append(page)
    for item in pages:
        seen.extend(entity["id"] for entity in item["entities"])
    assert [len(item["entities"]) for item in pages] == [3, 3, 1]
    assert sorted(seen) == sorted(created) and len(seen) == len(set(seen))
    assert "previousUri" not in pages[0] and "previousUri" in pages[1]

    back = emulator.api("GET", TRIGGERS, params={
        "pageSize": 3, "before": _cursor(pages[1]["previousUri"], "before")}).json()
    assert [e["id"] for e in back["entities"]] == [e["id"] for e in pages[0]["entities"]]


def test_listing_filters_and_page_size_limit(emulator):
    activity = _create(emulator)
    disabled = _create(emulator, enabled=False)
    acd = _create(emulator, topicName=ACD_TOPIC, eventTTLSeconds=None, delayBySeconds=120)

    def ids(**params):
        response = emulator.api("GET", TRIGGERS, params=params)
        assert response.status_code == 200, response.text
        return sorted(e["id"] for e in response.json()["entities"])

    assert ids(topicName=ACD_TOPIC) == [acd["id"]]
    assert ids(topicName="%s,%s" % (TOPIC, ACD_TOPIC)) == sorted(
        [activity["id"], disabled["id"], acd["id"]])
    assert ids(enabled="false") == [disabled["id"]]
    assert ids(hasDelayBy="true") == [acd["id"]]
    assert len(ids(pageSize=200)) == 3
    assert emulator.api("GET", TRIGGERS, params={"pageSize": 201}).status_code == 400
    assert emulator.api("GET", TRIGGERS, params={"enabled": "maybe"}).status_code == 400


def test_topics_listing(emulator):
    response = emulator.api("GET", TRIGGERS + "/topics", params={"pageSize": 200})
    assert response.status_code == 200
    topics = response.json()["entities"]
    assert TOPIC in topics and ACD_TOPIC in topics
    assert not any(topic.startswith("v2.audits.") for topic in topics)
    first = emulator.api("GET", TRIGGERS + "/topics", params={"pageSize": 2}).json()
    assert first["entities"] == topics[:2] and "nextUri" in first
    second = emulator.api("GET", TRIGGERS + "/topics", params={
        "pageSize": 2, "after": _cursor(first["nextUri"], "after")}).json()
    assert second["entities"] == topics[2:4]
