"""Workitem schemas (``/api/v2/taskmanagement/workitems/schemas``) and the task-routing seed.

Rules (reference task-management.md "Writes" and "Schemas"; Terraform provider
``task_management_workitem_schema``):

* PUT replaces the whole DataSchema and needs ``version`` equal to the current one; the
  answer carries the incremented version.  A stale version gets 409 (code UNCONFIRMED).
  Creation gives version 1.  ``/versions`` lists every version (DataSchemaListing, no
  paging); ``/versions/{versionId}`` answers one.
* ``jsonSchema.properties`` keys are ``<key>_<coretype>``, each
  ``{allOf: [{$ref: "#/definitions/<coretype>"}], title, description, ...}``; at most 50
  properties per schema and 100 schemas per org.  ``$schema`` defaults to draft-04 and
  ``type`` to ``object`` (UNCONFIRMED: what the platform adds).
* Names are unique (case-insensitive, UNCONFIRMED).  DELETE of a schema a worktype uses is
  refused (400, UNCONFIRMED).  The platform's delete is soft (GET may answer 200 with
  ``deleted: true``, a key DataSchema does not declare); here the schema is gone (404), and
  the collection treats both answers as absent.
"""
from __future__ import annotations

import copy
import re
from typing import Any, Dict, List

from . import validation as v
from .entities import get_or_404, get_route, update_route
from .framework import ApiError, route, seeder
from .taskmanagement_common import TM, refuse_while_worktypes_use

KIND = "workitem_schemas"
VERSIONS = "workitem_schema_versions"
CORE_TYPES = ("text", "longtext", "url", "identifier", "enum", "date", "datetime", "integer",
              "number", "checkbox", "tag")
MAX_SCHEMAS = 100
MAX_PROPERTIES = 50
DRAFT_04 = "http://json-schema.org/draft-04/schema#"
KEY_RE = re.compile(r"^[a-z][a-z0-9_]*_(%s)$" % "|".join(CORE_TYPES))
BODY_KEYS = ("id", "name", "version", "appliesTo", "enabled", "jsonSchema", "selfUri",
             "createdBy", "dateCreated")


def schema_uri(schema_id: str) -> str:
    return "%s/workitems/schemas/%s" % (TM, schema_id)


def render_schema(schema: Dict[str, Any]) -> Dict[str, Any]:
    return {"id": schema["id"], "name": schema["name"], "version": schema["version"],
            "appliesTo": ["WORKITEM"], "enabled": schema["enabled"],
            "createdBy": {"id": schema["createdBy"]}, "dateCreated": schema["dateCreated"],
            "jsonSchema": copy.deepcopy(schema["jsonSchema"]), "selfUri": schema_uri(schema["id"])}


def _check_property(key: str, spec: Any) -> None:
    field = "jsonSchema.properties.%s" % key
    found = KEY_RE.match(key)
    if not found:
        raise ApiError.invalid_value(field, key, field, reason="a property key is <name>_<core "
                                     "type> with a core type among %s" % ", ".join(CORE_TYPES))
    v.obj(spec, field)
    v.required(spec, field)
    all_of = v.array(spec.get("allOf"), field + ".allOf", min_items=1)
    v.required(all_of, field + ".allOf")
    wanted = "#/definitions/%s" % found.group(1)
    if not isinstance(all_of[0], dict) or all_of[0].get("$ref") != wanted:
        raise ApiError.invalid_value(field + ".allOf[0].$ref", (all_of[0] or {}).get("$ref")
                                     if isinstance(all_of[0], dict) else all_of[0],
                                     field + ".allOf[0].$ref", reason="must be %s" % wanted)
    v.string(spec.get("title"), field + ".title")
    v.string(spec.get("description"), field + ".description")


def _check_json_schema(value: Any, name: str) -> Dict[str, Any]:
    v.required(value, "jsonSchema")
    v.obj(value, "jsonSchema")
    doc = copy.deepcopy(value)
    properties = v.obj(doc.get("properties"), "jsonSchema.properties") or {}
    if len(properties) > MAX_PROPERTIES:
        raise ApiError.invalid_value("jsonSchema.properties", len(properties),
                                     "jsonSchema.properties",
                                     reason="at most %d attributes" % MAX_PROPERTIES)
    for key, spec in properties.items():
        _check_property(key, spec)
    for index, key in enumerate(v.array(doc.get("required"), "jsonSchema.required") or []):
        if key not in properties:
            raise ApiError.invalid_value("jsonSchema.required[%d]" % index, key,
                                         "jsonSchema.required", reason="not a property")
    doc.setdefault("$schema", DRAFT_04)
    doc.setdefault("type", "object")
    doc.setdefault("title", name)
    doc["properties"] = properties
    return doc


def _checked(state: Any, body: Dict[str, Any], schema_id: str) -> Dict[str, Any]:
    for key in body:
        if key not in BODY_KEYS:
            raise ApiError.bad_request("Unrecognized field [%s]: it is not part of DataSchema."
                                       % key, key)
    name = v.required(v.string(body.get("name"), "name", max_length=256), "name")
    for other in state.all(KIND):
        if other["id"] != schema_id and other["name"].lower() == name.lower():
            raise ApiError.bad_request("A schema named [%s] already exists." % name, "name")
    enabled = v.boolean(body.get("enabled"), "enabled")
    return {"name": name, "enabled": True if enabled is None else enabled,
            "jsonSchema": _check_json_schema(body.get("jsonSchema"), name)}


def _schema_or_404(state: Any, schema_id: str) -> Dict[str, Any]:
    return get_or_404(state, KIND, schema_id, "Schema")


def _store(state: Any, schema: Dict[str, Any]) -> None:
    state.put(KIND, schema["id"], schema)
    versions = copy.deepcopy(state.get(VERSIONS, schema["id"]) or [])
    versions.append(schema)
    state.put(VERSIONS, schema["id"], versions)


def new_schema(state: Any, body: Dict[str, Any], schema_id: str, who: str,
               now: str = "") -> Dict[str, Any]:
    if state.count(KIND) >= MAX_SCHEMAS:
        raise ApiError.bad_request("The organization already has %d workitem schemas, the "
                                   "maximum." % MAX_SCHEMAS)
    schema = _checked(state, body, schema_id)
    schema.update({"id": schema_id, "version": 1, "createdBy": who,
                   "dateCreated": now or state.now()})
    _store(state, schema)
    return schema


@route("GET", "/api/v2/taskmanagement/workitems/schemas")
def list_schemas(req):
    found = sorted(req.state.all(KIND), key=lambda s: (s["name"].lower(), s["id"]))
    return {"entities": [render_schema(s) for s in found], "total": len(found),
            "selfUri": req.path}


@route("POST", "/api/v2/taskmanagement/workitems/schemas")
def create_schema(req):
    schema = new_schema(req.state, req.json_body(dict), req.state.new_id(),
                        req.client_id or "emulator")
    req.state.on_change("WorkitemSchema", "Create", {"id": schema["id"], "name": schema["name"]})
    return render_schema(schema)


get_route("/api/v2/taskmanagement/workitems/schemas/{schemaId}", KIND, "Schema",
          lambda state, schema: render_schema(schema))


@update_route("PUT", "/api/v2/taskmanagement/workitems/schemas/{schemaId}", KIND, "Schema")
def put_schema(req, old, body):
    version = v.required(v.integer(body.get("version"), "version"), "version")
    doc = _checked(req.state, body, old["id"])
    if version != old["version"]:
        raise ApiError(409, "conflict", "Schema [%s] is at version %d, not %d; read it again."
                       % (old["id"], old["version"], version))
    new = dict(old)
    new.update(doc)
    new["version"] = old["version"] + 1
    _store(req.state, new)
    req.state.on_change("WorkitemSchema", "Update", {"id": new["id"], "name": new["name"]})
    return render_schema(new)


@route("DELETE", "/api/v2/taskmanagement/workitems/schemas/{schemaId}")
def delete_schema(req):
    old = _schema_or_404(req.state, req.path_params["schemaId"])
    refuse_while_worktypes_use(req.state, old, "schemaId", "Schema [%s] is used by worktype(s) %s.",
                               "schemaId")
    req.state.delete(KIND, old["id"])
    req.state.delete(VERSIONS, old["id"])
    req.state.on_change("WorkitemSchema", "Delete", {"id": old["id"], "name": old["name"]})
    return None


@route("GET", "/api/v2/taskmanagement/workitems/schemas/{schemaId}/versions")
def schema_versions(req):
    old = _schema_or_404(req.state, req.path_params["schemaId"])
    found = req.state.get(VERSIONS, old["id"]) or []
    return {"entities": [render_schema(s) for s in found], "total": len(found),
            "selfUri": req.path}


@route("GET", "/api/v2/taskmanagement/workitems/schemas/{schemaId}/versions/{versionId}")
def schema_version(req):
    old = _schema_or_404(req.state, req.path_params["schemaId"])
    raw = req.path_params["versionId"]
    for schema in req.state.get(VERSIONS, old["id"]) or []:
        if str(schema["version"]) == raw:
            return render_schema(schema)
    raise ApiError.not_found("Version [%s] of schema [%s] was not found." % (raw, old["id"]))


# ---------------------------------------------------------------------------
# Seed: a few task-routing objects in demo, one set per 10 queues in large:N


def _attribute(core: str, title: str) -> Dict[str, Any]:
    return {"allOf": [{"$ref": "#/definitions/%s" % core}], "title": title}


def refund_schema_body(name: str) -> Dict[str, Any]:
    return {"name": name, "enabled": True, "jsonSchema": {
        "description": "Custom fields of a refund request",
        "properties": {"order_number_identifier": _attribute("identifier", "Order number"),
                       "amount_number": _attribute("number", "Amount"),
                       "reason_longtext": _attribute("longtext", "Reason")}}}


def _seed_schema(ctx: Any, name: str) -> Dict[str, Any]:
    return new_schema(ctx.state, refund_schema_body(name), ctx.make_id("workitem_schema", name),
                      "emulator-seed", ctx.now)


def _seed_task_set(ctx: Any, label: str, division_id: str, queue_id: str,
                   skill_ids: List[str], schema: Dict[str, Any]) -> None:
    from .taskmanagement import store_workbin, store_worktype
    from .taskmanagement_statuses import new_status
    state = ctx.state
    workbin = {"id": ctx.make_id("workbin", label), "name": "%s workbin" % label,
               "description": "Workitems of %s" % label, "divisionId": division_id,
               "dateCreated": ctx.now, "dateModified": ctx.now}
    store_workbin(state, None, workbin)
    worktype = {"id": ctx.make_id("worktype", label), "name": label,
                "description": "%s routed to a queue" % label, "divisionId": division_id,
                "defaultWorkbinId": workbin["id"], "defaultQueueId": queue_id,
                "defaultSkillIds": skill_ids, "defaultPriority": 10,
                "defaultDueDurationSeconds": 2 * 86400, "assignmentEnabled": True,
                "serviceLevelTarget": 100, "schemaId": schema["id"], "schemaVersion": 1,
                "dateCreated": ctx.now, "dateModified": ctx.now}
    state.put("worktypes", worktype["id"], worktype)
    def status_id(name: str) -> str:
        return ctx.make_id("workitem_status", "%s/%s" % (label, name))

    opened = new_status(state, worktype["id"], {"name": "Open", "category": "Open"},
                        status_id("Open"))
    closed = new_status(state, worktype["id"], {"name": "Closed", "category": "Closed",
                                                "autoTerminateWorkitem": True},
                        status_id("Closed"))
    new_status(state, worktype["id"], {"name": "Waiting on customer", "category": "Waiting",
                                       "destinationStatusIds": [opened["id"], closed["id"]],
                                       "defaultDestinationStatusId": closed["id"],
                                       "statusTransitionDelaySeconds": 7 * 86400},
               status_id("Waiting on customer"))
    store_worktype(state, None, dict(worktype, defaultStatusId=opened["id"]))


@seeder
def _seed_task_routing(ctx: Any) -> None:
    queues = sorted(ctx.state.all("queues"), key=lambda q: (q["name"].lower(), q["id"]))
    skills = {s["name"]: s["id"] for s in ctx.state.all("skills")}
    if ctx.name == "demo":
        # Refund requests start out in the email queue; the dev inventory moves them to Support.
        email = next((q for q in queues if q["name"] == "Email Support"), None)
        support = next((q for q in queues if q["name"] == "Support"), None)
        if email is None or support is None:
            return
        _seed_task_set(ctx, "Refund request", email["division"]["id"], email["id"],
                       [skills[name] for name in ("Refunds", "Billing") if name in skills],
                       _seed_schema(ctx, "Refund details"))
        _seed_task_set(ctx, "Address change", support["division"]["id"], support["id"],
                       [skills[name] for name in ("Accounts",) if name in skills],
                       _seed_schema(ctx, "Address change details"))
    elif ctx.name == "large" and queues:
        # One worktype (and workbin) per 10 queues; they share one schema, since an org
        # holds at most 100 schemas.
        schema = _seed_schema(ctx, "Task details")
        for index in range(0, len(queues), 10):
            queue = queues[index]
            _seed_task_set(ctx, "Task type %04d" % (index // 10 + 1),
                           queue["division"]["id"], queue["id"], sorted(skills.values())[:2],
                           schema)
