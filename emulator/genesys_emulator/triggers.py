"""Process Automation triggers (reference §4): versioned CRUD with a Workflow target.

Endpoints (SDK operation list):

* ``GET /api/v2/processautomation/triggers``: cursor listing (``after``/``before``,
  ``pageSize`` max 200), filters ``topicName`` (comma separated), ``enabled``,
  ``hasDelayBy``.  TriggerEntityListing ``{entities, nextUri, previousUri, selfUri}``.
* ``POST /api/v2/processautomation/triggers``: CreateTriggerRequest.
* ``GET|PUT|DELETE /api/v2/processautomation/triggers/{triggerId}``: PUT is an
  UpdateTriggerRequest whose ``version`` must equal the stored one (409 with the
  platform's message otherwise) and whose ``topicName`` must be unchanged (400).
* ``GET /api/v2/processautomation/triggers/topics``: the topics a trigger can use
  (TopicCursorEntityListing, entities are topic names).

Triggers are stored and validated; they never fire (the emulator has no
conversations).  The audit topic is rejected: "not available for process
automation triggers" (Genesys engineer on the developer forum, reference §4).
"""
from __future__ import annotations

import copy
from typing import Any, Dict, List, Optional

from . import validation as v
from .audit import AUDIT_TOPIC_TEMPLATE
from .entities import get_or_404, get_route, update_route
from .framework import ApiError, diff_properties, route
from .integrations import VERSION_MISMATCH
from .paging import cursor_listing
from .topics import filter_fits_template, topics_for

TARGET_TYPES = ("Workflow",)
DATA_FORMATS = ("Json", "TopLevelPrimitives")
MATCH_OPERATORS = ("GreaterThanOrEqual", "LessThanOrEqual", "Equal", "NotEqual", "LessThan",
                   "GreaterThan", "NotIn", "In", "Contains", "All", "Exists", "Size")
MAX_DESCRIPTION = 512
MIN_EVENT_TTL_SECONDS = 10
DELAY_RANGE_SECONDS = (60, 900)
MAX_PAGE_SIZE = 200
BASE_PATH = "/api/v2/processautomation/triggers"


def trigger_topics() -> List[str]:
    """Topic names available to triggers (ProcessAutomation transport), sorted."""
    return sorted(topics_for("ProcessAutomation"))


def _check_topic(topic: str) -> None:
    if filter_fits_template(topic, AUDIT_TOPIC_TEMPLATE):
        raise ApiError(400, "invalid.value",
                       "Topic [%s] is not available for process automation triggers." % topic,
                       message_params={"topicName": topic},
                       message_with_params="Topic [{topicName}] is not available for "
                                           "process automation triggers.",
                       details=[{"errorCode": "invalid.value", "fieldName": "topicName"}])
    if topic not in trigger_topics():
        # Topic names keep the literal {id}; a concrete id is not a valid topic.
        raise ApiError(400, "invalid.value",
                       "Topic [%s] is not a valid trigger topic; see "
                       "/api/v2/processautomation/triggers/topics." % topic,
                       message_params={"topicName": topic},
                       message_with_params="Topic [{topicName}] is not a valid trigger "
                                           "topic; see /api/v2/processautomation/triggers/"
                                           "topics.",
                       details=[{"errorCode": "invalid.value", "fieldName": "topicName"}])


def _check_target(value: Any) -> Dict[str, Any]:
    v.required(value, "target")
    v.obj(value, "target")
    v.required(value.get("type"), "target.type")
    v.enum(value.get("type"), "target.type", "Type", TARGET_TYPES)
    target_id = v.required(v.string(value.get("id"), "target.id"), "target.id")
    target: Dict[str, Any] = {"type": value["type"], "id": target_id}
    settings = v.obj(value.get("workflowTargetSettings"), "target.workflowTargetSettings")
    if settings is not None:
        v.enum(settings.get("dataFormat"), "target.workflowTargetSettings.dataFormat",
               "DataFormat", DATA_FORMATS)
        target["workflowTargetSettings"] = (
            {"dataFormat": settings["dataFormat"]} if settings.get("dataFormat") else {})
    return target


def _check_match_criteria(value: Any) -> Optional[List[Dict[str, Any]]]:
    items = v.array(value, "matchCriteria")
    if items is None:
        return None
    out = []
    for index, item in enumerate(items):
        field = "matchCriteria[%d]" % index
        v.required(item, field)
        v.obj(item, field)
        json_path = v.required(v.string(item.get("jsonPath"), field + ".jsonPath"),
                               field + ".jsonPath")
        v.required(item.get("operator"), field + ".operator")
        v.enum(item.get("operator"), field + ".operator", "Operator", MATCH_OPERATORS)
        has_value, has_values = "value" in item and item["value"] is not None, \
            "values" in item and item["values"] is not None
        if has_value == has_values:
            raise ApiError.bad_request(
                "Exactly one of value and values must be set in %s." % field, field)
        criterion: Dict[str, Any] = {"jsonPath": json_path, "operator": item["operator"]}
        if has_values:
            criterion["values"] = copy.deepcopy(v.array(item["values"], field + ".values"))
        else:
            criterion["value"] = copy.deepcopy(item["value"])
        out.append(criterion)
    return out


def validate_trigger_body(body: Dict[str, Any]) -> Dict[str, Any]:
    """The writable fields of a Create/UpdateTriggerRequest, checked (400 on error)."""
    name = v.required(v.string(body.get("name"), "name"), "name")
    topic = v.required(v.string(body.get("topicName"), "topicName"), "topicName")
    target = _check_target(body.get("target"))
    enabled = v.boolean(body.get("enabled"), "enabled")
    if enabled is None:
        raise ApiError.missing_field("enabled")
    criteria = _check_match_criteria(body.get("matchCriteria"))
    ttl = v.integer(body.get("eventTTLSeconds"), "eventTTLSeconds",
                    minimum=MIN_EVENT_TTL_SECONDS)
    delay = v.integer(body.get("delayBySeconds"), "delayBySeconds",
                      minimum=DELAY_RANGE_SECONDS[0], maximum=DELAY_RANGE_SECONDS[1])
    if ttl is not None and delay is not None:
        raise ApiError.bad_request("Only one of eventTTLSeconds or delayBySeconds can be set.",
                                   "delayBySeconds")
    description = v.string(body.get("description"), "description", max_length=MAX_DESCRIPTION)
    doc: Dict[str, Any] = {"name": name, "topicName": topic, "target": target,
                           "enabled": enabled}
    if criteria is not None:
        doc["matchCriteria"] = criteria
    if ttl is not None:
        doc["eventTTLSeconds"] = ttl
    if delay is not None:
        doc["delayBySeconds"] = delay
    if description is not None:
        doc["description"] = description
    return doc


def render_trigger(trigger: Dict[str, Any]) -> Dict[str, Any]:
    out = {key: copy.deepcopy(value) for key, value in trigger.items()
           if not key.startswith("_")}
    out["selfUri"] = "%s/%s" % (BASE_PATH, trigger["id"])
    return out


def _get_or_404(state: Any, trigger_id: str) -> Dict[str, Any]:
    return get_or_404(state, "triggers", trigger_id, "Trigger")


def _sort_key(trigger: Dict[str, Any]) -> list:
    # Creation order; the id breaks ties between triggers created in the same millisecond.
    return [trigger.get("_created", ""), trigger["id"]]


def _property_changes(old: Dict[str, Any], new: Dict[str, Any]) -> List[Dict[str, Any]]:
    return diff_properties(render_trigger(old), render_trigger(new))


@route("GET", "/api/v2/processautomation/triggers")
def list_triggers(req):
    topics = set(req.args("topicName"))
    enabled = req.bool_arg("enabled")
    has_delay = req.bool_arg("hasDelayBy")
    items = [trigger for trigger in req.state.all("triggers")
             if (not topics or trigger["topicName"] in topics)
             and (enabled is None or trigger["enabled"] == enabled)
             and (has_delay is None or ("delayBySeconds" in trigger) == has_delay)]
    return cursor_listing(req, items, _sort_key, default_size=25, max_size=MAX_PAGE_SIZE,
                          render=render_trigger)


@route("POST", "/api/v2/processautomation/triggers")
def create_trigger(req):
    doc = validate_trigger_body(req.json_body(dict))
    _check_topic(doc["topicName"])
    trigger = {"id": req.state.new_id()}
    trigger.update(doc)
    trigger["version"] = 1
    trigger["_created"] = req.state.now()
    req.state.put("triggers", trigger["id"], trigger)
    req.state.on_change("Trigger", "Create", {"id": trigger["id"], "name": trigger["name"]})
    return render_trigger(trigger)


@route("GET", "/api/v2/processautomation/triggers/topics")
def list_trigger_topics(req):
    return cursor_listing(req, trigger_topics(), lambda topic: [topic], default_size=25,
                          max_size=MAX_PAGE_SIZE)


get_route("/api/v2/processautomation/triggers/{triggerId}", "triggers", "Trigger",
          lambda state, trigger: render_trigger(trigger))


@update_route("PUT", "/api/v2/processautomation/triggers/{triggerId}", "triggers", "Trigger")
def update_trigger(req, old, body):
    """UpdateTriggerRequest: a full replacement that needs the current ``version``."""
    version = v.required(v.integer(body.get("version"), "version"), "version")
    doc = validate_trigger_body(body)
    if doc["topicName"] != old["topicName"]:
        raise ApiError.bad_request("The topicName of a trigger cannot be changed; it must be "
                                   "[%s]." % old["topicName"], "topicName")
    if version != old["version"]:
        # The message is the platform's; the code is UNCONFIRMED.
        raise ApiError.conflict(VERSION_MISMATCH)
    new = {"id": old["id"]}
    new.update(doc)
    new["version"] = old["version"] + 1
    new["_created"] = old.get("_created", "")
    req.state.put("triggers", new["id"], new)
    req.state.on_change("Trigger", "Update", {"id": new["id"], "name": new["name"]},
                        _property_changes(old, new))
    return render_trigger(new)


@route("DELETE", "/api/v2/processautomation/triggers/{triggerId}")
def delete_trigger(req):
    old = _get_or_404(req.state, req.path_params["triggerId"])
    req.state.delete("triggers", old["id"])
    req.state.on_change("Trigger", "Delete", {"id": old["id"], "name": old["name"]})
    return None
