"""Enum fields the emulator echoes must hold SDK values (found by tools/sdk_conformance.py).

An enum value outside the SDK model's allowed values, once stored and echoed,
comes back to SDK clients as ``outdated_sdk_version``: the platform answers 400
``invalid.value`` instead, and so must the emulator.
"""
from __future__ import annotations

import pytest

QUEUES = "/api/v2/routing/queues"
AGGREGATES = "/api/v2/analytics/conversations/aggregates/query"
DAY = "2026-01-05T00:00:00.000Z/2026-01-06T00:00:00.000Z"
# ConditionalGroupActivationSimpleMetric.metric in the SDK 269 model.
CGA_METRICS = ("EstimatedWaitTime", "IdleAgentCount", "ServiceLevel")


def _group_id(emulator):
    return emulator.api("GET", "/api/v2/groups").json()["entities"][0]["id"]


def _cga_queue(name, group_id, pilot_metric="EstimatedWaitTime", rule_metric="IdleAgentCount"):
    return {"name": name, "conditionalGroupActivation": {
        "pilotRule": {"conditions": [{"simpleMetric": {"metric": pilot_metric},
                                      "operator": "GreaterThan", "value": 30}]},
        "rules": [{"conditions": [{"simpleMetric": {"metric": rule_metric},
                                   "operator": "LessThan", "value": 2}],
                   "groups": [{"id": group_id, "type": "GROUP"}]}]}}


@pytest.mark.parametrize("metric", CGA_METRICS)
def test_cga_simple_metric_accepts_every_sdk_value(emulator, metric):
    body = _cga_queue("CGA " + metric, _group_id(emulator), metric, metric)
    response = emulator.api("POST", QUEUES, json=body)
    assert response.status_code == 200, response.text
    cga = response.json()["conditionalGroupActivation"]
    assert cga["pilotRule"]["conditions"][0]["simpleMetric"]["metric"] == metric
    assert cga["rules"][0]["conditions"][0]["simpleMetric"]["metric"] == metric


@pytest.mark.parametrize("where", ["pilot", "rule"])
@pytest.mark.parametrize("metric", ["QueueDepth", "idleagentcount"])
def test_cga_simple_metric_outside_the_sdk_enum_is_rejected(emulator, where, metric):
    group_id = _group_id(emulator)
    body = (_cga_queue("CGA bad", group_id, pilot_metric=metric) if where == "pilot"
            else _cga_queue("CGA bad", group_id, rule_metric=metric))
    response = emulator.api("POST", QUEUES, json=body)
    assert response.status_code == 400, response.text
    error = response.json()
    assert error["code"] == "invalid.value"
    assert "simpleMetric.metric" in error["details"][0]["fieldName"]
    assert "EstimatedWaitTime, IdleAgentCount, ServiceLevel" in error["message"]
    names = [q["name"] for q in emulator.api("GET", QUEUES, params={"pageSize": 100}).json()
             ["entities"]]
    assert "CGA bad" not in names


def test_cga_simple_metric_is_required(emulator):
    response = emulator.api("POST", QUEUES, json=_cga_queue("CGA empty", _group_id(emulator),
                                                            rule_metric=""))
    assert response.status_code == 400, response.text
    assert response.json()["code"] == "missing.required.field"


def test_alternate_time_dimension_event_time_is_accepted(emulator):
    response = emulator.api("POST", AGGREGATES, json={
        "interval": DAY, "metrics": ["nOffered"], "alternateTimeDimension": "eventTime"})
    assert response.status_code == 200, response.text


@pytest.mark.parametrize("value", ["EventTime", "conversationStart", ""])
def test_alternate_time_dimension_outside_the_sdk_enum_is_rejected(emulator, value):
    response = emulator.api("POST", AGGREGATES, json={
        "interval": DAY, "metrics": ["nOffered"], "alternateTimeDimension": value})
    assert response.status_code == 400, response.text
    error = response.json()
    assert error["code"] == "invalid.value"
    assert error["details"][0]["fieldName"] == "alternateTimeDimension"


def test_realtime_audit_query_accepts_every_sdk_service_name(emulator):
    # ConversationRefinement is in the SDK 269 AuditTopicAuditLogMessage.serviceName enum.
    response = emulator.api("POST", "/api/v2/audits/query/realtime", json={
        "interval": "2020-01-01T00:00:00.000Z/2100-01-01T00:00:00.000Z",
        "serviceName": "ConversationRefinement"})
    assert response.status_code == 200, response.text
    assert response.json()["entities"] == []
