"""Integrations, chiefly the Amazon EventBridge source (reference §4).

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
``eventFilter`` (topics of ``topics.TOPICS`` that support the EventBridge transport,
with ``{id}`` wildcards or concrete ids).

Emulator-only delivery of the events to a URL: event_delivery.py.  The topic
catalogue: topics.py.
"""
from __future__ import annotations

import copy
import json
import re
from typing import Any, Dict, Optional, Tuple

from . import validation as v
from .audit import EMULATOR_ORG_ID
from .entities import get_or_404, get_route, update_route
from .framework import ApiError, route
from .paging import page_listing
from .refs import public
from .topics import template_of, topics_for

EVENTBRIDGE_TYPE = "amazon-eventbridge-source"
INTENDED_STATES = ("ENABLED", "DISABLED", "DELETED", "RESTORED")
CONFIG_TYPES = ("properties", "advanced")
# The words [TF] IsVersionMismatch looks for in a 400 ("does not match the current version");
# the rest of the sentence is the emulator's.
VERSION_MISMATCH = "Version %s does not match the current version %s of this configuration."

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
    return get_or_404(state, "integrations", integration_id, "Integration")


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


@update_route("PATCH", "/api/v2/integrations/{integrationId}", "integrations", "Integration")
def patch_integration(req, old, body):
    """Only ``intendedState`` is writable on the Integration model.

    ENABLED/DISABLED as documented.  DELETED marks the integration for deletion
    and RESTORED brings a DELETED one back as DISABLED (both UNCONFIRMED).
    """
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


get_route("/api/v2/integrations/{integrationId}/config/current", "integrations", "Integration",
          lambda state, integration: render_config(integration))


@update_route("PUT", "/api/v2/integrations/{integrationId}/config/current", "integrations", "Integration")
def put_config(req, old, body):
    """Replace the IntegrationConfiguration; ``version`` must be the current one."""
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
