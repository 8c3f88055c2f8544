"""EventBridge integrations over real HTTP, and the emulator-only event delivery."""
from __future__ import annotations

import json
import time

import pytest

from genesys_emulator.event_delivery import eventbridge_envelope
from genesys_emulator.integrations import EVENTBRIDGE_TYPE
from genesys_emulator.topics import filter_fits_template, template_of, topic_matches

from event_helpers import EventReceiver

INTEGRATIONS = "/api/v2/integrations"
QUEUES = "/api/v2/routing/queues"
AUDIT_FILTER = "v2.audits.entitytype.{id}.entityid.{id}"
GOOD_PROPS = {"awsAccountId": "123456789012", "awsAccountRegion": "eu-west-1",
              "eventSourceSuffix": "routing-events", "eventFilter": [AUDIT_FILTER]}


# -- helpers -------------------------------------------------------------------------------

@pytest.fixture
def receiver(emulator):
    instances = []

    def start(fail_first=0):
        instance = EventReceiver(fail_first)
        instances.append(instance)
        response = emulator.api("PUT", "/__emulator/delivery", json={"url": instance.url})
        assert response.status_code == 200, response.text
        return instance

    yield start
    # The delivery URL outlives a reset: always switch it off for the next test.
    emulator.api("PUT", "/__emulator/delivery", json={"url": None})
    for instance in instances:
        instance.close()


def _create(emulator, name="Routing events", type_id=EVENTBRIDGE_TYPE):
    response = emulator.api("POST", INTEGRATIONS,
                            json={"name": name, "integrationType": {"id": type_id}})
    assert response.status_code == 200, response.text
    return response.json()


def _put_config(emulator, integration_id, version, properties, name="Routing events"):
    return emulator.api("PUT", "%s/%s/config/current" % (INTEGRATIONS, integration_id),
                        json={"name": name, "version": version, "properties": properties,
                              "advanced": {}, "notes": "", "credentials": {}})


def _set_state(emulator, integration_id, state):
    return emulator.api("PATCH", "%s/%s" % (INTEGRATIONS, integration_id),
                        json={"intendedState": state})


def _active_integration(emulator, properties=None):
    integration = _create(emulator)
    response = _put_config(emulator, integration["id"], 1, properties or GOOD_PROPS)
    assert response.status_code == 200, response.text
    response = _set_state(emulator, integration["id"], "ENABLED")
    assert response.json()["reportedState"]["code"] == "ACTIVE"
    return integration


def _first_queue(emulator):
    return emulator.api("GET", QUEUES, params={"pageSize": 1}).json()["entities"][0]


def _update_queue(emulator, queue, description):
    response = emulator.api("PUT", "%s/%s" % (QUEUES, queue["id"]),
                            json=dict(queue, description=description))
    assert response.status_code == 200, response.text
    return response.json()


# -- integration types ---------------------------------------------------------------------

def test_types_are_listed_in_a_page_envelope(emulator):
    response = emulator.api("GET", INTEGRATIONS + "/types")
    assert response.status_code == 200
    page = response.json()
    ids = [item["id"] for item in page["entities"]]
    assert EVENTBRIDGE_TYPE in ids and len(ids) >= 3
    assert page["total"] == len(ids) and page["pageNumber"] == 1 and "selfUri" in page
    one = emulator.api("GET", INTEGRATIONS + "/types/" + EVENTBRIDGE_TYPE).json()
    assert one["id"] == EVENTBRIDGE_TYPE and one["name"]
    assert one["configPropertiesSchemaUri"].endswith("/configschemas/properties")
    assert emulator.api("GET", INTEGRATIONS + "/types/no-such-type").status_code == 404


def test_eventbridge_properties_schema(emulator):
    schema = emulator.api("GET", INTEGRATIONS + "/types/%s/configschemas/properties"
                          % EVENTBRIDGE_TYPE).json()
    assert set(schema["required"]) == {"awsAccountId", "awsAccountRegion"}
    assert AUDIT_FILTER in schema["properties"]["eventFilter"]["items"]["enum"]
    bad = emulator.api("GET", INTEGRATIONS + "/types/%s/configschemas/other" % EVENTBRIDGE_TYPE)
    assert bad.status_code == 400


# -- integration lifecycle -----------------------------------------------------------------

def test_create_starts_disabled_with_config_version_one(emulator):
    created = _create(emulator)
    assert created["name"] == "Routing events"
    assert created["integrationType"]["id"] == EVENTBRIDGE_TYPE
    assert created["intendedState"] == "DISABLED"
    assert created["reportedState"]["code"] == "INACTIVE"
    assert created["config"]["current"]["version"] == 1
    assert created["selfUri"] == "%s/%s" % (INTEGRATIONS, created["id"])
    fetched = emulator.api("GET", "%s/%s" % (INTEGRATIONS, created["id"])).json()
    assert fetched["id"] == created["id"]
    listing = emulator.api("GET", INTEGRATIONS).json()
    assert [item["id"] for item in listing["entities"]] == [created["id"]]


@pytest.mark.parametrize("body", [
    {"name": "x"},
    {"name": "x", "integrationType": {}},
    {"name": "x", "integrationType": {"id": "no-such-type"}},
    {"name": 5, "integrationType": {"id": EVENTBRIDGE_TYPE}},
])
def test_create_validation(emulator, body):
    response = emulator.api("POST", INTEGRATIONS, json=body)
    assert response.status_code == 400
    assert emulator.api("GET", INTEGRATIONS).json()["entities"] == []


def test_config_versioning(emulator):
    integration = _create(emulator)
    url = "%s/%s/config/current" % (INTEGRATIONS, integration["id"])
    current = emulator.api("GET", url).json()
    assert current["version"] == 1 and current["properties"] == {}

    first = _put_config(emulator, integration["id"], 1, GOOD_PROPS, name="Renamed")
    assert first.status_code == 200, first.text
    assert first.json()["version"] == 2 and first.json()["properties"] == GOOD_PROPS

    stale = _put_config(emulator, integration["id"], 1, GOOD_PROPS)
    # A stale version is a 400 whose message says the version does not match ([TF] IsVersionMismatch).
    assert stale.status_code == 400
    assert "does not match the current version" in stale.json()["message"]
    assert emulator.api("GET", url).json()["version"] == 2

    missing = emulator.api("PUT", url, json={"name": "x", "properties": GOOD_PROPS})
    assert missing.status_code == 400

    fetched = emulator.api("GET", "%s/%s" % (INTEGRATIONS, integration["id"])).json()
    assert fetched["name"] == "Renamed" and fetched["config"]["current"]["version"] == 2
    assert fetched["attributes"]["eventSourceName"].startswith("aws.partner/genesys.com/cloud/")
    assert fetched["attributes"]["eventSourceName"].endswith("/routing-events")


def test_enable_disable_delete(emulator):
    integration = _create(emulator)
    # Enabling without a configuration is accepted but reports an error state.
    broken = _set_state(emulator, integration["id"], "ENABLED").json()
    assert broken["intendedState"] == "ENABLED" and broken["reportedState"]["code"] == "ERROR"

    assert _put_config(emulator, integration["id"], 1, GOOD_PROPS).status_code == 200
    fetched = emulator.api("GET", "%s/%s" % (INTEGRATIONS, integration["id"])).json()
    assert fetched["reportedState"]["code"] == "ACTIVE"

    disabled = _set_state(emulator, integration["id"], "DISABLED").json()
    assert disabled["intendedState"] == "DISABLED"
    assert disabled["reportedState"]["code"] == "INACTIVE"

    assert _set_state(emulator, integration["id"], "BROKEN").status_code == 400
    assert emulator.api("PATCH", "%s/%s" % (INTEGRATIONS, integration["id"]),
                        json={"name": "x"}).status_code == 400

    deleted = emulator.api("DELETE", "%s/%s" % (INTEGRATIONS, integration["id"]))
    assert deleted.status_code == 200 and deleted.json()["id"] == integration["id"]
    assert emulator.api("GET", "%s/%s" % (INTEGRATIONS, integration["id"])).status_code == 404
    assert emulator.api("DELETE", "%s/%s" % (INTEGRATIONS, integration["id"])
                        ).status_code == 404


@pytest.mark.parametrize("change", [
    {"awsAccountId": "12345"},
    {"awsAccountId": "12345678901a"},
    {"awsAccountId": 123456789012},
    {"awsAccountRegion": "mars-north-1"},
    {"awsAccountRegion": None},
    {"eventSourceSuffix": "bad suffix!"},
    {"eventFilter": ["v2.routing.queues.{id}.nonsense"]},
    {"eventFilter": ["v2.audits.entitytype.{id}"]},
    {"eventFilter": "v2.audits.entitytype.{id}.entityid.{id}"},
])
def test_eventbridge_property_validation(emulator, change):
    integration = _create(emulator)
    properties = dict(GOOD_PROPS)
    properties.update(change)
    response = _put_config(emulator, integration["id"], 1, properties)
    assert response.status_code == 400, response.text
    assert response.json()["code"] in ("invalid.value", "missing.required.field")
    current = emulator.api("GET", "%s/%s/config/current" % (INTEGRATIONS, integration["id"]))
    assert current.json()["version"] == 1


def test_the_eventbridge_topics_of_the_blueprints_are_accepted(emulator):
    """Topics Genesys' EventBridge blueprints subscribe, and those of the entities the collection manages."""
    integration = _create(emulator)
    topics = ["v2.analytics.flow.{id}.aggregates", "v2.analytics.flowoutcome.{id}.aggregates",
              "v2.analytics.users.{id}.aggregates", "v2.architect.dependencytracking.build",
              "v2.detail.events.conversation.{id}.attributes", "v2.detail.events.conversation.{id}.flow.start",
              "v2.detail.events.conversation.{id}.flow.end", "v2.analytics.wrapup.{id}.aggregates",
              "v2.analytics.queues.{id}.activity", "v2.routing.queues.{id}.conversations.emails",
              AUDIT_FILTER]
    response = _put_config(emulator, integration["id"], 1, dict(GOOD_PROPS, eventFilter=topics))
    assert response.status_code == 200, response.text


def test_concrete_ids_are_valid_filters(emulator):
    integration = _create(emulator)
    properties = dict(GOOD_PROPS, eventFilter=[
        "v2.audits.entitytype.Queue.entityid.{id}", "v2.users.abc-123.presence"])
    assert _put_config(emulator, integration["id"], 1, properties).status_code == 200


# -- emulator-only delivery ----------------------------------------------------------------

def test_queue_update_is_delivered_in_the_eventbridge_envelope(emulator, receiver):
    sink = receiver()
    _active_integration(emulator)
    queue = _first_queue(emulator)
    _update_queue(emulator, queue, "Delivered description")

    # The catch-all filter also forwards the integration's own audit events.
    events = sink.wait_for(1, where=lambda e: e["detail"]["eventBody"]["entityType"] == "Queue")
    assert len(events) == 1
    event = events[0]
    assert all(ct.startswith("application/json") for ct in sink.content_types)
    assert event["version"] == "0" and event["id"]
    assert event["detail-type"] == AUDIT_FILTER
    assert event["source"].startswith("aws.partner/genesys.com/cloud/")
    assert event["source"].endswith("/routing-events")
    assert event["account"] == "123456789012" and event["region"] == "eu-west-1"
    assert event["resources"] == [] and event["time"].endswith("Z")
    detail = event["detail"]
    assert detail["topicName"] == "v2.audits.entitytype.Queue.entityid.%s" % queue["id"]
    assert detail["version"] == "2" and detail["metadata"]["CorrelationId"]
    # detail carries the publication time (EventBridge blueprint event files).
    assert detail["timestamp"] == detail["eventBody"]["eventTime"] and detail["timestamp"].endswith("Z")
    body = detail["eventBody"]
    assert body["action"] == "Update" and body["entityType"] == "Queue"
    changes = {c["property"]: c for c in body["propertyChanges"]}
    assert changes["description"]["newValues"] == ["Delivered description"]


def test_only_enabled_integrations_with_a_matching_filter_deliver(emulator, receiver):
    sink = receiver()
    queue_only = dict(GOOD_PROPS, eventFilter=["v2.audits.entitytype.Queue.entityid.{id}"])
    integration = _active_integration(emulator, queue_only)
    queue = _first_queue(emulator)

    # Not matched by the filter: a skill change.
    emulator.api("POST", "/api/v2/routing/skills", json={"name": "Undelivered skill"})
    # Matched, but the integration is disabled at that moment.
    _set_state(emulator, integration["id"], "DISABLED")
    queue = _update_queue(emulator, queue, "while disabled")
    _set_state(emulator, integration["id"], "ENABLED")
    _update_queue(emulator, queue, "while enabled")

    events = sink.wait_for(1)
    # Delivery is one FIFO worker: had the earlier events been queued, they would be first.
    assert len(events) == 1
    body = events[0]["detail"]["eventBody"]
    assert body["entityType"] == "Queue"
    assert [c["newValues"] for c in body["propertyChanges"] if c["property"] == "description"] \
        == [["while enabled"]]


def test_failed_posts_are_retried(emulator, receiver):
    sink = receiver(fail_first=2)
    _active_integration(emulator, dict(GOOD_PROPS,
                                       eventFilter=["v2.audits.entitytype.Queue.entityid.{id}"]))
    _update_queue(emulator, _first_queue(emulator), "retried")
    events = sink.wait_for(1)
    assert len(events) == 1 and sink.attempts == 3
    # The worker counts a delivery once it has read the receiver's answer, which can be a
    # moment after the receiver saw the request: wait (bounded) for the counter.
    deadline = time.time() + 10
    while True:
        status = emulator.api("GET", "/__emulator/delivery").json()
        if status["counters"]["delivered"] == 1 or time.time() > deadline:
            break
        time.sleep(0.05)
    assert status["counters"]["delivered"] == 1 and status["counters"]["retries"] >= 2


def test_delivery_url_must_be_http(emulator):
    response = emulator.api("PUT", "/__emulator/delivery", json={"url": "ftp://example"})
    assert response.status_code == 400
    assert emulator.api("GET", "/__emulator/delivery").json()["url"] is None


# -- pure topic helpers --------------------------------------------------------------------

def test_topic_matching():
    assert topic_matches(AUDIT_FILTER, "v2.audits.entitytype.Queue.entityid.q1")
    assert topic_matches("v2.audits.entitytype.Queue.entityid.{id}",
                         "v2.audits.entitytype.Queue.entityid.q1")
    assert not topic_matches("v2.audits.entitytype.Queue.entityid.{id}",
                             "v2.audits.entitytype.RoutingSkill.entityid.q1")
    assert not topic_matches(AUDIT_FILTER, "v2.audits.entitytype.Queue")
    assert filter_fits_template("v2.users.u1.presence", "v2.users.{id}.presence")
    assert not filter_fits_template("v2.users.{x}.presence", "v2.users.{id}.presence")
    assert template_of("v2.audits.entitytype.Queue.entityid.q1") == AUDIT_FILTER
    assert template_of(AUDIT_FILTER, "ProcessAutomation") is None
    assert template_of("v2.users.{id}.activity", "ProcessAutomation") == "v2.users.{id}.activity"


def test_envelope_without_suffix_uses_the_integration_id():
    integration = {"id": "int-1", "_config": {"properties": {
        "awsAccountId": "123456789012", "awsAccountRegion": "us-east-1"}}}
    record = {"topicName": "v2.audits.entitytype.Queue.entityid.q1", "version": "2",
              "eventBody": {"eventTime": "2026-01-01T10:00:00.123Z"},
              "metadata": {"CorrelationId": "c"}}
    envelope = eventbridge_envelope(integration, record, AUDIT_FILTER)
    assert envelope["source"].endswith("/int-1")
    assert envelope["time"] == "2026-01-01T10:00:00Z"
    assert envelope["detail"]["topicName"] == record["topicName"]
