"""Integrations, chiefly the Amazon EventBridge source (reference §4), and event delivery.

Platform endpoints served (all in the SDK operation list):

* ``GET /api/v2/integrations/types``, ``GET /api/v2/integrations/types/{typeId}``,
  ``GET /api/v2/integrations/types/{typeId}/configschemas/{configType}``
* ``GET|POST /api/v2/integrations``, ``GET|PATCH|DELETE /api/v2/integrations/{integrationId}``
* ``GET|PUT /api/v2/integrations/{integrationId}/config/current``
* ``GET /api/v2/organizations/me`` (minimal: the org id names the partner event source)

Lifecycle as the real API shapes it: POST ``{name, integrationType: {id}}`` creates
a DISABLED integration with config version 1; PUT config/current carries the
whole IntegrationConfiguration and the current ``version`` (400 "does not match the current
version" otherwise), the
version then increments; PATCH ``{intendedState}`` enables or disables it and
``reportedState`` follows (ERROR when an enabled EventBridge integration has no
valid configuration).  ``name`` and ``notes`` are read-only on the Integration and
change through the configuration, as in the SDK models.

EventBridge configuration ``properties``: ``awsAccountId`` (12 digits),
``awsAccountRegion`` (an AWS region), optional ``eventSourceSuffix`` and
``eventFilter`` (topics of ``TOPICS`` that support the EventBridge transport,
with ``{id}`` wildcards or concrete ids).

Emulator-only delivery (NOT a platform feature): on the real platform events go
to an AWS partner event bus.  Here, when a delivery URL is set (``--deliver-url``
through ``configure_delivery``, the ``GENESYS_EMULATOR_DELIVER_URL`` environment
variable, or ``PUT /__emulator/delivery {"url": ...}``), every audit event that an
ENABLED EventBridge integration's eventFilter matches is POSTed, in the
EventBridge envelope, to that URL from a background thread (bounded queue, a few
retries; the API call never waits for it).  ``GET /__emulator/delivery`` shows
the URL and counters.
"""
from __future__ import annotations

import collections
import copy
import json
import os
import queue
import re
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
import weakref
from typing import Any, Dict, List, Optional, Tuple

from . import validation as v
from .audit import AUDIT_TOPIC_TEMPLATE, EMULATOR_ORG_ID, audit_log
from .framework import ApiError, on_startup, route
from .paging import page_listing
from .refs import public

EVENTBRIDGE_TYPE = "amazon-eventbridge-source"
INTENDED_STATES = ("ENABLED", "DISABLED", "DELETED", "RESTORED")
CONFIG_TYPES = ("properties", "advanced")
# The words [TF] IsVersionMismatch looks for in a 400 ("does not match the current version");
# the rest of the sentence is the emulator's.
VERSION_MISMATCH = "Version %s does not match the current version %s of this configuration."
DELIVER_URL_ENV = "GENESYS_EMULATOR_DELIVER_URL"

# ---------------------------------------------------------------------------
# Topic catalogue (shared with triggers.py)

# (template, transports, description).  Templates from the SDK's notification
# mappings and the reference; which transport supports which topic is an
# emulator assumption (UNCONFIRMED) except the audit topic, which EventBridge
# carries and Process Automation does not (reference §4).
TOPICS: Tuple[Tuple[str, Tuple[str, ...], str], ...] = (
    (AUDIT_TOPIC_TEMPLATE, ("Websocket", "EventBridge"), "Audit events of any entity"),
    ("v2.routing.queues.{id}.users", ("Websocket", "EventBridge"), "Queue membership changes"),
    ("v2.routing.queues.{id}.conversations", ("Websocket", "EventBridge"),
     "Conversations in a queue"),
    ("v2.analytics.queues.{id}.observations", ("Websocket", "EventBridge"),
     "Queue observation changes"),
    ("v2.users.{id}.presence", ("Websocket", "EventBridge"), "User presence changes"),
    ("v2.users.{id}.routingStatus", ("Websocket", "EventBridge"), "User routing status changes"),
    ("v2.users.{id}.activity", ("Websocket", "EventBridge", "ProcessAutomation"),
     "User activity (presence, routing status, queues)"),
    ("v2.detail.events.conversation.{id}.acd.start", ("EventBridge", "ProcessAutomation"),
     "A conversation entered a queue"),
    ("v2.detail.events.conversation.{id}.acd.end", ("EventBridge", "ProcessAutomation"),
     "A conversation left a queue"),
    ("v2.detail.events.conversation.{id}.acw", ("EventBridge", "ProcessAutomation"),
     "After-call work finished"),
    ("v2.detail.events.conversation.{id}.wrapup", ("EventBridge", "ProcessAutomation"),
     "A wrap-up code was applied"),
    ("v2.detail.events.conversation.{id}.user.start", ("EventBridge", "ProcessAutomation"),
     "An agent joined a conversation"),
    ("v2.detail.events.conversation.{id}.user.end", ("EventBridge", "ProcessAutomation"),
     "An agent left a conversation"),
    ("v2.detail.events.conversation.{id}.customer.start", ("EventBridge", "ProcessAutomation"),
     "A customer joined a conversation"),
    ("v2.detail.events.conversation.{id}.customer.end", ("EventBridge", "ProcessAutomation"),
     "A customer left a conversation"),
    # EventBridge topics for the entities the collection manages (queues, users, wrap-up codes)
    # and those Genesys' EventBridge blueprints subscribe (aws-eventbridge-analytics-detail-events
    # terraform.tfvars; GenesysCloudDevOps aws-event-bridge-module README).
    ("v2.analytics.queues.{id}.activity", ("Websocket", "EventBridge"), "Queue activity"),
    ("v2.analytics.wrapup.{id}.aggregates", ("Websocket", "EventBridge"),
     "Wrap-up code aggregates"),
    ("v2.analytics.users.{id}.aggregates", ("Websocket", "EventBridge"), "User aggregates"),
    ("v2.analytics.flow.{id}.aggregates", ("Websocket", "EventBridge"), "Flow aggregates"),
    ("v2.analytics.flowoutcome.{id}.aggregates", ("Websocket", "EventBridge"),
     "Flow outcome aggregates"),
    ("v2.routing.queues.{id}.conversations.calls", ("Websocket", "EventBridge"),
     "Calls in a queue"),
    ("v2.routing.queues.{id}.conversations.callbacks", ("Websocket", "EventBridge"),
     "Callbacks in a queue"),
    ("v2.routing.queues.{id}.conversations.chats", ("Websocket", "EventBridge"),
     "Chats in a queue"),
    ("v2.routing.queues.{id}.conversations.emails", ("Websocket", "EventBridge"),
     "Emails in a queue"),
    ("v2.routing.queues.{id}.conversations.messages", ("Websocket", "EventBridge"),
     "Messages in a queue"),
    ("v2.detail.events.conversation.{id}.attributes", ("EventBridge", "ProcessAutomation"),
     "Conversation attributes changed"),
    ("v2.detail.events.conversation.{id}.flow.start", ("EventBridge", "ProcessAutomation"),
     "A conversation entered a flow"),
    ("v2.detail.events.conversation.{id}.flow.end", ("EventBridge", "ProcessAutomation"),
     "A conversation left a flow"),
    ("v2.architect.dependencytracking.build", ("Websocket", "EventBridge"),
     "Architect dependency tracking build finished"),
)


def topics_for(transport: str) -> List[str]:
    """Topic templates that support one transport (Websocket, EventBridge, ProcessAutomation)."""
    return [template for template, transports, _ in TOPICS if transport in transports]


def _segments(topic: str) -> List[str]:
    return topic.split(".")


def filter_fits_template(topic_filter: str, template: str) -> bool:
    """Whether a filter is the template with some ``{id}`` filled by concrete ids."""
    mine, theirs = _segments(topic_filter), _segments(template)
    if len(mine) != len(theirs):
        return False
    for part, expected in zip(mine, theirs):
        if expected == "{id}":
            if part != "{id}" and (not part or "{" in part or "}" in part):
                return False
        elif part != expected:
            return False
    return True


def template_of(topic_filter: str, transport: Optional[str] = None) -> Optional[str]:
    """The catalogue template a filter or concrete topic belongs to (None if unknown)."""
    for template, transports, _ in TOPICS:
        if transport is not None and transport not in transports:
            continue
        if filter_fits_template(topic_filter, template):
            return template
    return None


def topic_matches(topic_filter: str, topic: str) -> bool:
    """Whether a concrete topic matches a filter (``{id}`` matches any one segment)."""
    mine, theirs = _segments(topic_filter), _segments(topic)
    if len(mine) != len(theirs):
        return False
    return all(part == "{id}" and value != "" or part == value
               for part, value in zip(mine, theirs))


# ---------------------------------------------------------------------------
# Integration types

AWS_REGIONS = (
    "us-east-1", "us-east-2", "us-west-1", "us-west-2", "af-south-1", "ap-east-1",
    "ap-south-1", "ap-south-2", "ap-southeast-1", "ap-southeast-2", "ap-southeast-3",
    "ap-southeast-4", "ap-southeast-5", "ap-southeast-7", "ap-northeast-1", "ap-northeast-2",
    "ap-northeast-3", "ca-central-1", "ca-west-1", "eu-central-1", "eu-central-2", "eu-west-1",
    "eu-west-2", "eu-west-3", "eu-south-1", "eu-south-2", "eu-north-1", "il-central-1",
    "me-south-1", "me-central-1", "mx-central-1", "sa-east-1", "us-gov-east-1",
    "us-gov-west-1")
# AWS names partner event sources aws.partner/<partner>/<name>, each part of
# [.\-_A-Za-z0-9] and the whole at most 256 characters.
_SOURCE_PREFIX = "aws.partner/genesys.com/cloud/%s/" % EMULATOR_ORG_ID
_SUFFIX = re.compile(r"^[.\-_A-Za-z0-9]+$")
MAX_SUFFIX_LENGTH = 256 - len(_SOURCE_PREFIX)

# Ids are real integration type ids; the descriptive fields are plausible text.
INTEGRATION_TYPES: Tuple[Dict[str, Any], ...] = (
    {"id": EVENTBRIDGE_TYPE, "name": "Amazon EventBridge Source",
     "description": "Sends Genesys Cloud events to an Amazon EventBridge partner event source.",
     "provider": "aws", "category": "Event streaming"},
    {"id": "purecloud-data-actions", "name": "Genesys Cloud Data Actions",
     "description": "Data actions that call the Genesys Cloud Platform API.",
     "provider": "genesys", "category": "Data actions"},
    {"id": "custom-rest-actions", "name": "Web Services Data Actions",
     "description": "Data actions that call any REST web service.",
     "provider": "genesys", "category": "Data actions"},
    {"id": "embedded-client-app", "name": "Client Application",
     "description": "Embeds a web application in the Genesys Cloud user interface.",
     "provider": "genesys", "category": "Client applications"},
)
_TYPES_BY_ID = {item["id"]: item for item in INTEGRATION_TYPES}


def _type_uri(type_id: str) -> str:
    return "/api/v2/integrations/types/%s" % type_id


def render_type(item: Dict[str, Any]) -> Dict[str, Any]:
    out = dict(item)
    out.update({
        "images": [],
        "configPropertiesSchemaUri": _type_uri(item["id"]) + "/configschemas/properties",
        "configAdvancedSchemaUri": _type_uri(item["id"]) + "/configschemas/advanced",
        "credentials": {},
        "nonInstallable": False,
        "selfUri": _type_uri(item["id"]),
    })
    return out


def _type_ref(type_id: str) -> Dict[str, Any]:
    item = _TYPES_BY_ID.get(type_id, {"id": type_id})
    out = {key: item[key] for key in ("id", "name", "description", "provider", "category")
           if key in item}
    out["selfUri"] = _type_uri(type_id)
    return out


def _properties_schema(type_id: str) -> Dict[str, Any]:
    """JsonSchemaDocument of a type's configuration properties."""
    schema: Dict[str, Any] = {"$schema": "http://json-schema.org/draft-04/schema#",
                              "id": _type_uri(type_id) + "/configschemas/properties",
                              "title": "%s properties" % _TYPES_BY_ID[type_id]["name"],
                              "type": "object", "properties": {}}
    if type_id == EVENTBRIDGE_TYPE:
        schema["required"] = ["awsAccountId", "awsAccountRegion"]
        schema["properties"] = {
            "awsAccountId": {"type": "string", "pattern": "^[0-9]{12}$",
                             "title": "AWS Account ID"},
            "awsAccountRegion": {"type": "string", "enum": list(AWS_REGIONS),
                                 "title": "AWS Account Region"},
            "eventSourceSuffix": {"type": "string", "pattern": _SUFFIX.pattern,
                                  "maxLength": MAX_SUFFIX_LENGTH,
                                  "title": "Event Source Suffix"},
            "eventFilter": {"type": "array", "items": {"type": "string",
                                                       "enum": topics_for("EventBridge")},
                            "title": "Topic Filtering"},
        }
    return schema


# ---------------------------------------------------------------------------
# Configuration validation


def validate_eventbridge_properties(props: Dict[str, Any]) -> Dict[str, Any]:
    """Check EventBridge ``properties``; 400 (ApiError) on the first problem."""
    account = v.required(props.get("awsAccountId"), "properties.awsAccountId")
    if not isinstance(account, str) or not re.match(r"^[0-9]{12}$", account):
        raise ApiError.invalid_value("properties.awsAccountId", account, "awsAccountId",
                                     reason="must be a 12-digit AWS account id")
    region = v.required(props.get("awsAccountRegion"), "properties.awsAccountRegion")
    v.enum(region, "properties.awsAccountRegion", "awsAccountRegion", AWS_REGIONS)
    suffix = v.string(props.get("eventSourceSuffix"), "properties.eventSourceSuffix",
                      max_length=MAX_SUFFIX_LENGTH)
    if suffix is not None and not _SUFFIX.match(suffix):
        raise ApiError.invalid_value("properties.eventSourceSuffix", suffix,
                                     "eventSourceSuffix",
                                     reason="only letters, digits, '.', '-' and '_' are allowed")
    filters = v.array(props.get("eventFilter"), "properties.eventFilter") or []
    for index, topic in enumerate(filters):
        field = "properties.eventFilter[%d]" % index
        v.string(topic, field)
        if template_of(topic, "EventBridge") is None:
            raise ApiError(400, "invalid.value",
                           "Topic [%s] is not available for the EventBridge integration."
                           % topic,
                           message_params={"topic": topic},
                           message_with_params="Topic [{topic}] is not available for the "
                                               "EventBridge integration.",
                           details=[{"errorCode": "invalid.value", "fieldName": field}])
    return props


def config_problem(integration: Dict[str, Any]) -> Optional[str]:
    """Why an integration cannot run with its current configuration (None when fine)."""
    if integration["integrationType"]["id"] != EVENTBRIDGE_TYPE:
        return None
    try:
        validate_eventbridge_properties(integration["_config"]["properties"])
    except ApiError as error:
        return error.message
    return None


def event_source_name(integration: Dict[str, Any]) -> str:
    """The AWS partner event source the integration feeds.

    Real form: ``aws.partner/genesys.com/cloud/<orgId>/<eventSourceSuffix>``.
    Emulator assumptions: the fixed fake org id, and the integration id when no
    suffix is configured.
    """
    suffix = integration["_config"]["properties"].get("eventSourceSuffix") or integration["id"]
    return _SOURCE_PREFIX + suffix


# ---------------------------------------------------------------------------
# Rendering and state


def _integration_uri(integration_id: str) -> str:
    return "/api/v2/integrations/%s" % integration_id


def render_config(integration: Dict[str, Any]) -> Dict[str, Any]:
    config = integration["_config"]
    return {"id": integration["id"], "name": config["name"], "version": config["version"],
            "properties": copy.deepcopy(config["properties"]),
            "advanced": copy.deepcopy(config["advanced"]), "notes": config["notes"],
            "credentials": copy.deepcopy(config["credentials"]),
            "selfUri": _integration_uri(integration["id"]) + "/config/current"}


def _reported_state(integration: Dict[str, Any], now: str) -> Dict[str, Any]:
    intended = integration["intendedState"]
    if intended == "ENABLED":
        problem = config_problem(integration)
        if problem:
            return {"code": "ERROR", "effective": "Error",
                    "detail": {"message": "Invalid configuration: %s" % problem},
                    "lastUpdated": now}
        return {"code": "ACTIVE", "effective": "Active", "lastUpdated": now}
    return {"code": "INACTIVE", "effective": "Inactive", "lastUpdated": now}


def render_integration(integration: Dict[str, Any], full_config: bool = False
                       ) -> Dict[str, Any]:
    out = public(integration)
    out["integrationType"] = _type_ref(integration["integrationType"]["id"])
    current = render_config(integration)
    if not full_config:
        current = {key: current[key] for key in ("id", "name", "version", "selfUri")}
    out["config"] = {"current": current}
    out["reportedState"] = copy.deepcopy(integration["_reportedState"])
    attributes: Dict[str, str] = {}
    if integration["integrationType"]["id"] == EVENTBRIDGE_TYPE \
            and integration["_config"]["properties"].get("awsAccountId"):
        # Emulator assumption: the source name is exposed as a read-only attribute.
        attributes["eventSourceName"] = event_source_name(integration)
    out["attributes"] = attributes
    out["selfUri"] = _integration_uri(integration["id"])
    return out


def _get_or_404(state: Any, integration_id: str) -> Dict[str, Any]:
    integration = state.get("integrations", integration_id)
    if integration is None:
        raise ApiError.not_found("Integration [%s] was not found." % integration_id,
                                 entity_id=integration_id)
    return integration


def _ref(integration: Dict[str, Any]) -> Dict[str, Any]:
    return {"id": integration["id"], "name": integration["name"]}


def _wants_full_config(req) -> bool:
    return any(item in ("config.current", "config") for item in req.args("expand"))


# ---------------------------------------------------------------------------
# Routes: the organization (its id is part of every partner event source name)


@route("GET", "/api/v2/organizations/me")
def get_organization(req):
    """A minimal Organization (SDK get_organizations_me, no permission needed).

    Emulator assumptions: the fixed fake org id of audit.py and a fixed name.
    """
    return {"id": EMULATOR_ORG_ID, "name": "Genesys Emulator", "thirdPartyOrgName": "genesys-emulator",
            "state": "active", "selfUri": "/api/v2/organizations/%s" % EMULATOR_ORG_ID}


# ---------------------------------------------------------------------------
# Routes: types


@route("GET", "/api/v2/integrations/types")
def list_types(req):
    items = sorted(INTEGRATION_TYPES, key=lambda item: item["name"].lower())
    return page_listing(req, items, max_size=100, render=render_type)


@route("GET", "/api/v2/integrations/types/{typeId}")
def get_type(req):
    item = _TYPES_BY_ID.get(req.path_params["typeId"])
    if item is None:
        raise ApiError.not_found("Integration type [%s] was not found."
                                 % req.path_params["typeId"])
    return render_type(item)


@route("GET", "/api/v2/integrations/types/{typeId}/configschemas/{configType}")
def get_type_schema(req):
    type_id = req.path_params["typeId"]
    if type_id not in _TYPES_BY_ID:
        raise ApiError.not_found("Integration type [%s] was not found." % type_id)
    config_type = req.path_params["configType"]
    v.enum(config_type, "configType", "ConfigType", CONFIG_TYPES)
    if config_type == "advanced":
        return {"$schema": "http://json-schema.org/draft-04/schema#",
                "id": _type_uri(type_id) + "/configschemas/advanced",
                "title": "%s advanced" % _TYPES_BY_ID[type_id]["name"],
                "type": "object", "properties": {}}
    return _properties_schema(type_id)


# ---------------------------------------------------------------------------
# Routes: integrations


@route("GET", "/api/v2/integrations")
def list_integrations(req):
    items = sorted(req.state.all("integrations"),
                   key=lambda item: ((item.get("name") or "").lower(), item["id"]))
    full = _wants_full_config(req)
    return page_listing(req, items, max_size=100,
                        render=lambda item: render_integration(item, full))


@route("POST", "/api/v2/integrations")
def create_integration(req):
    """CreateIntegrationRequest ``{name, integrationType: {id}}``; starts DISABLED.

    The model marks ``name`` required, but the emulator defaults it to the type
    name when absent (the platform UI does the same when installing).
    """
    body = req.json_body(dict)
    type_ref = v.required(body.get("integrationType"), "integrationType")
    v.obj(type_ref, "integrationType")
    type_id = v.required(v.string(type_ref.get("id"), "integrationType.id"),
                         "integrationType.id")
    if type_id not in _TYPES_BY_ID:
        raise ApiError.invalid_value("integrationType.id", type_id, "IntegrationType",
                                     reason="unknown integration type")
    name = v.string(body.get("name"), "name", max_length=256) or _TYPES_BY_ID[type_id]["name"]
    now = req.state.now()
    integration = {
        "id": req.state.new_id(),
        "name": name,
        "integrationType": {"id": type_id},
        "notes": "",
        "intendedState": "DISABLED",
        "_config": {"name": name, "version": 1, "properties": {}, "advanced": {},
                    "notes": "", "credentials": {}},
        "_created": now,
    }
    integration["_reportedState"] = _reported_state(integration, now)
    req.state.put("integrations", integration["id"], integration)
    req.state.on_change("Integration", "Create", _ref(integration))
    return render_integration(integration)


@route("GET", "/api/v2/integrations/{integrationId}")
def get_integration(req):
    integration = _get_or_404(req.state, req.path_params["integrationId"])
    return render_integration(integration, _wants_full_config(req))


@route("PATCH", "/api/v2/integrations/{integrationId}")
def patch_integration(req):
    """Only ``intendedState`` is writable on the Integration model.

    ENABLED/DISABLED as documented.  DELETED marks the integration for deletion
    and RESTORED brings a DELETED one back as DISABLED (both UNCONFIRMED).
    """
    old = _get_or_404(req.state, req.path_params["integrationId"])
    body = req.json_body(dict)
    intended = v.required(body.get("intendedState"), "intendedState")
    v.enum(intended, "intendedState", "IntendedState", INTENDED_STATES)
    if intended == "RESTORED":
        if old["intendedState"] != "DELETED":
            raise ApiError.bad_request("Only a DELETED integration can be RESTORED.",
                                       "intendedState")
        intended = "DISABLED"
    new = copy.deepcopy(old)
    new["intendedState"] = intended
    new["_reportedState"] = _reported_state(new, req.state.now())
    req.state.put("integrations", new["id"], new)
    if old["intendedState"] != new["intendedState"]:
        req.state.on_change("Integration", "Update", _ref(new),
                            [{"property": "intendedState", "oldValues": [old["intendedState"]],
                              "newValues": [new["intendedState"]]}])
    return render_integration(new)


@route("DELETE", "/api/v2/integrations/{integrationId}")
def delete_integration(req):
    """Deletes at once and answers the deleted Integration (the SDK returns one)."""
    old = _get_or_404(req.state, req.path_params["integrationId"])
    req.state.delete("integrations", old["id"])
    req.state.on_change("Integration", "Delete", _ref(old))
    return render_integration(old)


@route("GET", "/api/v2/integrations/{integrationId}/config/current")
def get_config(req):
    return render_config(_get_or_404(req.state, req.path_params["integrationId"]))


@route("PUT", "/api/v2/integrations/{integrationId}/config/current")
def put_config(req):
    """Replace the IntegrationConfiguration; ``version`` must be the current one."""
    old = _get_or_404(req.state, req.path_params["integrationId"])
    body = req.json_body(dict)
    version = v.required(v.integer(body.get("version"), "version"), "version")
    name = v.required(v.string(body.get("name"), "name", max_length=256), "name")
    properties = v.obj(body.get("properties"), "properties") or {}
    advanced = v.obj(body.get("advanced"), "advanced") or {}
    notes = v.string(body.get("notes"), "notes") or ""
    credentials = v.obj(body.get("credentials"), "credentials") or {}
    for key, value in credentials.items():
        v.obj(value, "credentials.%s" % key)
    if version != old["_config"]["version"]:
        # [TF] IsVersionMismatch treats 409, 408 and a 400 saying the version "does not match the
        # current version" alike; the emulator answers the 400 form (409 and 408 come from the
        # fault kinds of the same names).
        raise ApiError(400, "bad.request", VERSION_MISMATCH % (version, old["_config"]["version"]),
                       details=[{"errorCode": "version.mismatch", "fieldName": "version"}])
    if old["integrationType"]["id"] == EVENTBRIDGE_TYPE:
        validate_eventbridge_properties(properties)
    new = copy.deepcopy(old)
    new["_config"] = {"name": name, "version": version + 1,
                      "properties": copy.deepcopy(properties),
                      "advanced": copy.deepcopy(advanced), "notes": notes,
                      "credentials": copy.deepcopy(credentials)}
    new["name"] = name
    new["notes"] = notes
    new["_reportedState"] = _reported_state(new, req.state.now())
    req.state.put("integrations", new["id"], new)
    changes = []
    for key in ("name", "properties", "advanced", "notes"):
        if old["_config"][key] != new["_config"][key]:
            changes.append({"property": "config.%s" % key,
                            "oldValues": [_text(old["_config"][key])],
                            "newValues": [_text(new["_config"][key])]})
    req.state.on_change("Integration", "Update", _ref(new), changes)
    return render_config(new)


def _text(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, sort_keys=True,
                                                           separators=(",", ":"))


# ---------------------------------------------------------------------------
# Emulator-only event delivery

DELIVERY_QUEUE_SIZE = 1000
DELIVERY_ATTEMPTS = 4
DELIVERY_TIMEOUT_S = 5.0
DELIVERY_BACKOFF_S = 0.25
_IDLE_EXIT_S = 1.0


class EventDelivery:
    """Emulator-only: POSTs EventBridge envelopes to one URL from a background thread.

    ``offer`` never blocks: a full queue drops the event (counted).  A failed POST
    (connection error or non-2xx) is retried ``DELIVERY_ATTEMPTS`` times in all.
    The worker exits after an idle second without a URL and is restarted on demand.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._queue: "queue.Queue[Dict[str, Any]]" = queue.Queue(maxsize=DELIVERY_QUEUE_SIZE)
        self._thread: Optional[threading.Thread] = None
        self.url: Optional[str] = None
        self.counters = {"queued": 0, "delivered": 0, "failed": 0, "dropped": 0, "retries": 0}
        self.recent: "collections.deque[Dict[str, Any]]" = collections.deque(maxlen=50)

    def configure(self, url: Optional[str]) -> None:
        if url is not None:
            check_delivery_url(url)
        with self._lock:
            self.url = url
            # A new configuration starts fresh counters (tests read them per scenario).
            self.counters = dict.fromkeys(self.counters, 0)
            self.recent.clear()
            if url is None:
                self._drain()
            elif self._thread is None:
                self._thread = threading.Thread(target=self._run, daemon=True,
                                                name="genesys-emulator-delivery")
                self._thread.start()

    def _drain(self) -> None:
        while True:
            try:
                self._queue.get_nowait()
            except queue.Empty:
                return
            self.counters["dropped"] += 1

    def offer(self, envelope: Dict[str, Any]) -> bool:
        with self._lock:
            if self.url is None:
                return False
            try:
                self._queue.put_nowait(envelope)
            except queue.Full:
                self.counters["dropped"] += 1
                return False
            self.counters["queued"] += 1
            return True

    def status(self) -> Dict[str, Any]:
        with self._lock:
            return {"url": self.url, "pending": self._queue.qsize(),
                    "counters": dict(self.counters), "recent": list(self.recent)}

    def _run(self) -> None:
        while True:
            try:
                envelope = self._queue.get(timeout=_IDLE_EXIT_S)
            except queue.Empty:
                with self._lock:
                    if self.url is None and self._queue.empty():
                        self._thread = None
                        return
                continue
            with self._lock:
                url = self.url
            if url is None:
                continue
            self._post(url, envelope)

    def _post(self, url: str, envelope: Dict[str, Any]) -> None:
        payload = json.dumps(envelope, separators=(",", ":")).encode("utf-8")
        outcome = "failed"
        detail = None
        attempts = 0
        for attempt in range(1, DELIVERY_ATTEMPTS + 1):
            attempts = attempt
            request = urllib.request.Request(url, data=payload, method="POST",
                                             headers={"Content-Type": "application/json"})
            try:
                with urllib.request.urlopen(request, timeout=DELIVERY_TIMEOUT_S) as response:
                    response.read()
                    detail = response.status
                    if 200 <= response.status < 300:
                        outcome = "delivered"
                        break
            except urllib.error.HTTPError as exc:
                detail = exc.code
            except (urllib.error.URLError, OSError, ValueError) as exc:
                detail = str(exc)
            if attempt < DELIVERY_ATTEMPTS:
                with self._lock:
                    self.counters["retries"] += 1
                time.sleep(DELIVERY_BACKOFF_S * (2 ** (attempt - 1)))
        with self._lock:
            self.counters[outcome] += 1
            self.recent.append({"id": envelope["id"], "detail-type": envelope["detail-type"],
                                "topicName": envelope["detail"]["topicName"],
                                "outcome": outcome, "attempts": attempts, "detail": detail})
        if outcome == "failed":
            print("genesys-emulator: event delivery to %s failed: %s" % (url, detail),
                  file=sys.stderr)


def check_delivery_url(url: Any) -> str:
    if not isinstance(url, str) or not re.match(r"^https?://[^\s/]+", url):
        raise ValueError("the delivery URL must be an http:// or https:// URL")
    return url


_DELIVERIES: "weakref.WeakKeyDictionary[Any, EventDelivery]" = weakref.WeakKeyDictionary()
_DELIVERIES_LOCK = threading.Lock()


def event_delivery(state: Any) -> EventDelivery:
    """The delivery worker of one emulator (keyed by its Store)."""
    with _DELIVERIES_LOCK:
        delivery = _DELIVERIES.get(state)
        if delivery is None:
            delivery = EventDelivery()
            _DELIVERIES[state] = delivery
        return delivery


def configure_delivery(state: Any, url: Optional[str]) -> None:
    """Emulator-only: set (or clear with None) the URL events are POSTed to.

    For the CLI: ``integrations.configure_delivery(emulator.store, args.deliver_url)``.
    Raises ValueError for a URL that is not http(s).
    """
    event_delivery(state).configure(url)


def eventbridge_envelope(integration: Dict[str, Any], record: Dict[str, Any],
                         detail_type: str) -> Dict[str, Any]:
    """The EventBridge event an integration emits for one audit record."""
    props = integration["_config"]["properties"]
    event_time = record["eventBody"].get("eventTime") or ""
    return {
        "version": "0",
        "id": str(uuid.uuid4()),
        "detail-type": detail_type,
        "source": event_source_name(integration),
        "account": props["awsAccountId"],
        # EventBridge times have no fraction of a second.
        "time": event_time[:19] + "Z" if len(event_time) >= 19 else event_time,
        "region": props["awsAccountRegion"],
        "resources": [],
        # detail.timestamp: when the platform published the event (EventBridge blueprint event files).
        "detail": {"topicName": record["topicName"], "version": record.get("version", "2"),
                   "timestamp": event_time,
                   "eventBody": record["eventBody"], "metadata": dict(record["metadata"])},
    }


def matching_integrations(state: Any, topic: str) -> List[Tuple[Dict[str, Any], str]]:
    """(integration, detail-type) for every active EventBridge integration whose
    eventFilter matches a concrete topic."""
    out = []
    for integration in sorted(state.all("integrations"), key=lambda item: item["id"]):
        if integration["integrationType"]["id"] != EVENTBRIDGE_TYPE:
            continue
        if integration["intendedState"] != "ENABLED" or config_problem(integration):
            continue
        for topic_filter in integration["_config"]["properties"].get("eventFilter") or []:
            if topic_matches(topic_filter, topic):
                out.append((integration, template_of(topic) or topic_filter))
                break
    return out


def _forward(state: Any, record: Dict[str, Any]) -> None:
    # Runs inside the API call (under the store lock): only match and enqueue.
    delivery = event_delivery(state)
    if delivery.url is None:
        return
    for integration, detail_type in matching_integrations(state, record["topicName"]):
        delivery.offer(eventbridge_envelope(integration, record, detail_type))


@on_startup
def _start(state: Any) -> None:
    # A weak reference: the audit log is keyed weakly by the store and must not pin it.
    state_ref = weakref.ref(state)

    def forward(record: Dict[str, Any]) -> None:
        target = state_ref()
        if target is not None:
            _forward(target, record)

    audit_log(state).subscribe(forward)
    url = os.environ.get(DELIVER_URL_ENV)
    if url:
        configure_delivery(state, url)


@route("PUT", "/__emulator/delivery")
def put_delivery(req):
    """Emulator-only: ``{"url": "http://127.0.0.1:PORT/path"}`` (null turns delivery off)."""
    body = req.json_body(dict)
    url = body.get("url")
    try:
        configure_delivery(req.state, url)
    except ValueError as exc:
        raise ApiError.bad_request(str(exc), "url")
    return event_delivery(req.state).status()


@route("GET", "/__emulator/delivery")
def get_delivery(req):
    """Emulator-only: delivery URL, pending count, counters and the last outcomes."""
    return event_delivery(req.state).status()
