"""Audit events built from the routing change hook, over real HTTP, plus the pure builders."""
from __future__ import annotations

import pytest

from genesys_emulator.audit import AuditLog, audit_topic, build_audit_message, event_record

QUEUES = "/api/v2/routing/queues"


def _events(emulator, **params):
    response = emulator.api("GET", "/__emulator/events", params=params)
    assert response.status_code == 200
    return response.json()["entities"]


def _first_queue(emulator):
    response = emulator.api("GET", QUEUES, params={"pageSize": 1})
    return response.json()["entities"][0]


def _update_queue(emulator, queue, **changes):
    body = dict(queue)
    body.update(changes)
    response = emulator.api("PUT", "%s/%s" % (QUEUES, queue["id"]), json=body)
    assert response.status_code == 200, response.text
    return response.json()


def _change(message, prop):
    return next((c for c in message["propertyChanges"] if c["property"] == prop), None)


def test_queue_update_is_an_audit_event_with_the_changed_property(emulator):
    queue = _first_queue(emulator)
    _update_queue(emulator, queue, description="Audited description")

    events = _events(emulator, entityType="Queue", action="Update")
    assert len(events) == 1
    record = events[0]
    body = record["eventBody"]
    assert record["topicName"] == "v2.audits.entitytype.Queue.entityid.%s" % queue["id"]
    assert record["version"] == "2" and record["metadata"]["CorrelationId"]
    # Queues are audited under ContactCenter, not Routing (platform-behaviour row 5).
    assert body["serviceName"] == "ContactCenter" and body["level"] == "USER"
    assert body["action"] == "Update" and body["entityType"] == "Queue"
    assert body["entity"] == {"id": queue["id"], "name": queue["name"]}
    assert body["clientId"] == {"id": "emulator-client"}
    assert body["eventTime"].endswith("Z") and body["id"]
    change = _change(body, "description")
    expected = {"property": "description", "newValues": ["Audited description"]}
    if queue.get("description"):
        expected["oldValues"] = [queue["description"]]
    assert change == expected
    # Server-managed fields are not reported as changes.
    assert _change(body, "dateModified") is None


def test_unchanged_fields_are_not_in_property_changes(emulator):
    queue = _first_queue(emulator)
    _update_queue(emulator, queue, description="first")
    _update_queue(emulator, dict(queue, description="first"), description="second")
    last = _events(emulator, entityType="Queue", action="Update")[-1]["eventBody"]
    assert [c["property"] for c in last["propertyChanges"]] == ["description"]
    assert _change(last, "description")["oldValues"] == ["first"]


def test_queue_lifecycle_and_membership_actions(emulator):
    created = emulator.api("POST", QUEUES, json={"name": "Audit lifecycle queue"})
    assert created.status_code == 200, created.text
    queue_id = created.json()["id"]
    users = emulator.api("GET", "/api/v2/users", params={"pageSize": 1}).json()["entities"]
    user_id = users[0]["id"]
    codes = emulator.api("GET", "/api/v2/routing/wrapupcodes",
                         params={"pageSize": 1}).json()["entities"]

    assert emulator.api("POST", "%s/%s/members" % (QUEUES, queue_id),
                        json=[{"id": user_id}]).status_code < 300
    assert emulator.api("DELETE", "%s/%s/members/%s" % (QUEUES, queue_id, user_id)
                        ).status_code < 300
    assert emulator.api("POST", "%s/%s/wrapupcodes" % (QUEUES, queue_id),
                        json=[{"id": codes[0]["id"]}]).status_code == 200
    assert emulator.api("DELETE", "%s/%s/wrapupcodes/%s" % (QUEUES, queue_id, codes[0]["id"])
                        ).status_code < 300
    assert emulator.api("DELETE", "%s/%s" % (QUEUES, queue_id)).status_code < 300

    actions = [e["eventBody"]["action"] for e in _events(emulator, entityId=queue_id)]
    assert actions == ["Create", "MemberAdd", "MemberRemove", "WrapupCodeAdd",
                       "WrapupCodeRemove", "Delete"]


def test_other_routing_entities_are_audited(emulator):
    response = emulator.api("POST", "/api/v2/routing/skills", json={"name": "Audited skill"})
    assert response.status_code == 200, response.text
    events = _events(emulator, entityId=response.json()["id"])
    assert [(e["eventBody"]["entityType"], e["eventBody"]["action"]) for e in events] == \
        [("RoutingSkill", "Create")]
    assert events[0]["topicName"].startswith("v2.audits.entitytype.RoutingSkill.entityid.")


def test_a_failed_request_emits_nothing(emulator):
    queue = _first_queue(emulator)
    body = dict(queue)
    body.pop("name")
    response = emulator.api("PUT", "%s/%s" % (QUEUES, queue["id"]), json=body)
    assert response.status_code == 400
    assert _events(emulator) == []


def test_reset_and_delete_clear_the_recent_events(emulator):
    _update_queue(emulator, _first_queue(emulator), description="before reset")
    assert len(_events(emulator)) == 1
    emulator.reset()
    assert _events(emulator) == []
    _update_queue(emulator, _first_queue(emulator), description="after reset")
    assert len(_events(emulator)) == 1
    assert emulator.api("DELETE", "/__emulator/events").status_code == 204
    assert _events(emulator) == []


def test_events_limit_keeps_the_newest(emulator):
    queue = _first_queue(emulator)
    for text in ("one", "two", "three"):
        queue = _update_queue(emulator, queue, description=text)
    newest = _events(emulator, limit=2)
    assert [_change(e["eventBody"], "description")["newValues"] for e in newest] == \
        [["two"], ["three"]]


# -- realtime audit query ----------------------------------------------------------------

WIDE_INTERVAL = "2000-01-01T00:00:00Z/2100-01-01T00:00:00Z"


def _query(emulator, body):
    return emulator.api("POST", "/api/v2/audits/query/realtime", json=body)


def test_realtime_query_filters_and_sorts(emulator):
    queue = _first_queue(emulator)
    for text in ("a", "b"):
        queue = _update_queue(emulator, queue, description=text)
    emulator.api("POST", "/api/v2/routing/skills", json={"name": "Realtime skill"})

    response = _query(emulator, {"interval": WIDE_INTERVAL, "serviceName": "ContactCenter",
                                 "filters": [{"property": "EntityType", "value": "Queue"},
                                             {"property": "EntityId", "value": queue["id"]}]})
    assert response.status_code == 200, response.text
    page = response.json()
    assert page["total"] == 2 and page["pageNumber"] == 1 and page["pageCount"] == 1
    first = page["entities"][0]
    assert first["entityType"] == "Queue" and first["action"] == "Update"
    assert first["client"] == {"id": "emulator-client"} and first["status"] == "SUCCESS"
    # Newest first by default.
    assert _change(first, "description")["newValues"] == ["b"]

    ascending = _query(emulator, {"interval": WIDE_INTERVAL, "pageSize": 1,
                                  "sort": [{"name": "Timestamp", "sortOrder": "ascending"}]})
    assert ascending.json()["total"] == 3 and ascending.json()["pageCount"] == 3
    assert ascending.json()["entities"][0]["entity"]["id"] == queue["id"]


def test_realtime_query_interval_excludes_other_times(emulator):
    _update_queue(emulator, _first_queue(emulator), description="now")
    past = _query(emulator, {"interval": "2001-01-01T00:00:00Z/2001-01-02T00:00:00Z"})
    assert past.status_code == 200 and past.json()["total"] == 0


@pytest.mark.parametrize("body", [
    {},
    {"interval": "yesterday"},
    {"interval": "2026-01-02T00:00:00Z/2026-01-01T00:00:00Z"},
    {"interval": WIDE_INTERVAL, "serviceName": "NoSuchService"},
    {"interval": WIDE_INTERVAL, "filters": [{"property": "Colour", "value": "x"}]},
    {"interval": WIDE_INTERVAL, "pageSize": 0},
])
def test_realtime_query_validation(emulator, body):
    response = _query(emulator, body)
    assert response.status_code == 400
    assert response.json()["status"] == 400


# -- pure parts ----------------------------------------------------------------------------

def test_build_audit_message_shape():
    message = build_audit_message(
        "Queue", "Update", {"id": "q1", "name": "Sales", "selfUri": "/x"},
        [{"property": "name", "oldValues": ["A"], "newValues": ["Sales"]}],
        event_time="2026-01-01T00:00:00.000Z", client_id="c1", remote_ip="127.0.0.1")
    assert message["entity"] == {"id": "q1", "name": "Sales"}
    assert message["serviceName"] == "ContactCenter" and message["level"] == "USER"
    assert message["clientId"] == {"id": "c1"} and message["remoteIp"] == ["127.0.0.1"]
    assert "userId" not in message
    assert message["propertyChanges"] == [{"property": "name", "oldValues": ["A"],
                                           "newValues": ["Sales"]}]
    assert build_audit_message("Trigger", "Create", {"id": "t"})["serviceName"] == \
        "ProcessAutomation"
    record = event_record(message, "corr-1")
    assert record["topicName"] == audit_topic("Queue", "q1") == \
        "v2.audits.entitytype.Queue.entityid.q1"
    assert record["metadata"] == {"CorrelationId": "corr-1"}


def test_service_names_and_property_changes_follow_the_platform():
    """Skill groups are audited under Groups; an empty side of a property change is left out."""
    assert build_audit_message("SkillGroup", "Create", {"id": "g"})["serviceName"] == "Groups"
    assert build_audit_message("RoutingSkill", "Create", {"id": "s"})["serviceName"] == "Routing"
    added = build_audit_message("Queue", "MemberAdd", {"id": "q"},
                                [{"property": "members", "oldValues": [], "newValues": ["u1"]}])
    assert added["propertyChanges"] == [{"property": "members", "newValues": ["u1"]}]
    removed = build_audit_message("Queue", "MemberRemove", {"id": "q"},
                                  [{"property": "members", "oldValues": ["u1"], "newValues": []}])
    assert removed["propertyChanges"] == [{"property": "members", "oldValues": ["u1"]}]


def test_audit_log_is_bounded_and_survives_a_broken_subscriber():
    log = AuditLog(capacity=3)
    seen = []

    def broken(record):
        raise RuntimeError("subscriber bug")

    log.subscribe(broken)
    log.subscribe(seen.append)
    for index in range(5):
        log.publish({"n": index})
    assert [r["n"] for r in log.recent()] == [2, 3, 4]
    assert [r["n"] for r in log.recent(limit=1)] == [4]
    assert len(seen) == 5


def test_audit_log_forgets_the_previous_org():
    org = {"current": object()}
    log = AuditLog(org_of=lambda: org["current"])
    log.publish({"n": 1})
    assert len(log.recent()) == 1
    org["current"] = object()
    assert log.recent() == []
