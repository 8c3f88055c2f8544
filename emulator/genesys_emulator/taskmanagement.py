"""Workbins and worktypes: ``/api/v2/taskmanagement/workbins`` and ``/worktypes``.

Behaviour (reference task-management.md; Terraform provider ``task_management_workbin``
and ``task_management_worktype``):

* No GET listing: ``POST .../query`` pages with an ``after`` cursor (taskmanagement_common).
* Writes are PATCH, partial; an explicit null clears.  No ``version`` in the entity or the
  PATCH body; every write still records a version and a history entry (``/versions``,
  ``/history``).
* Workbin: ``name`` 3-256, ``description`` <= 512, division defaults to home and cannot
  change.  DELETE of a workbin that is a worktype's default workbin is refused (400,
  UNCONFIRMED).
* Worktype: ``name`` 3-256 and ``defaultWorkbinId`` required; division defaults to the
  workbin's and must equal it, cannot change; ``defaultPriority`` within +-25,000,000;
  durations <= 365 days, ``defaultTtlSeconds`` 1 s..365 days; <= 20 default skills;
  server defaults ``assignmentEnabled=false``, ``serviceLevelTarget=100``; ``schemaId``
  cannot change once set; an unset ``schemaVersion`` follows the schema's latest version.
* Creating a worktype also creates an "Open" and a "Closed" status, unless
  ``disableDefaultStatusCreation`` (provider PR #2565); the Open one becomes the default
  status (UNCONFIRMED).  ``defaultStatusId`` can be set by PATCH, never unset.
"""
from __future__ import annotations

import copy
from typing import Any, Callable, Dict, List, Optional

from . import validation as v
from .entities import entity_route, get_or_404, get_route, update_route
from .framework import ApiError, route
from .refs import division_ref, home_division_id, self_uri
from .taskmanagement_common import (
    TM, delta_of, duration, forget_versions, name_3_256, patched, query_listing, record_version,
    refuse_unknown_keys, refuse_while_worktypes_use, version_routes,
)
from .taskmanagement_statuses import KIND as STATUS_KIND
from .taskmanagement_statuses import (
    new_status, rendered_statuses, status_ref, statuses_of, worktype_or_404,
)

WORKBIN_CREATE = ["name", "description", "divisionId"]
WORKBIN_UPDATE = ["name", "description"]
WORKTYPE_COMMON = ["name", "defaultWorkbinId", "defaultDurationSeconds",
                   "defaultExpirationSeconds", "defaultDueDurationSeconds", "defaultPriority",
                   "defaultTtlSeconds", "assignmentEnabled", "schemaId", "serviceLevelTarget",
                   "ruleSettings", "unassignedDivisionContactsEnabled", "description",
                   "schemaVersion", "defaultQueueId", "defaultLanguageId", "defaultSkillIds",
                   "defaultScriptId"]
WORKTYPE_CREATE = WORKTYPE_COMMON + ["divisionId", "disableDefaultStatusCreation"]
WORKTYPE_UPDATE = WORKTYPE_COMMON + ["defaultStatusId"]
NOT_NULLABLE = ("name", "defaultWorkbinId", "defaultStatusId", "assignmentEnabled")
MAX_PRIORITY = 25000000
MAX_SKILLS = 20


# ---------------------------------------------------------------------------
# Workbins


def workbin_uri(workbin_id: str) -> str:
    return "%s/workbins/%s" % (TM, workbin_id)


def render_workbin(state: Any, workbin: Dict[str, Any]) -> Dict[str, Any]:
    out = {"id": workbin["id"], "name": workbin["name"],
           "division": division_ref(state, workbin["divisionId"]),
           "dateCreated": workbin["dateCreated"], "dateModified": workbin["dateModified"],
           "selfUri": workbin_uri(workbin["id"])}
    if workbin.get("description") is not None:
        out["description"] = workbin["description"]
    return out


def workbin_attributes(workbin: Dict[str, Any]) -> Dict[str, Any]:
    keys = ("id", "name", "description", "divisionId", "dateModified")
    return {key: workbin.get(key) for key in keys}


def _workbin_or_404(state: Any, workbin_id: str) -> Dict[str, Any]:
    return get_or_404(state, "workbins", workbin_id, "Workbin")


def query_route(kind: str, attributes: Callable, render: Callable) -> None:
    """Register ``POST /api/v2/taskmanagement/<kind>/query``: the stored ``kind`` filtered, sorted
    and paged by ``query_listing``, each answered as ``render(state, entity)``."""
    route("POST", "/api/v2/taskmanagement/%s/query" % kind)(
        lambda req: query_listing(req, req.state.all(kind), attributes,
                                  lambda item: render(req.state, item)))


def announced_store(state: Any, store: Callable, entity_type: str, old: Optional[Dict[str, Any]],
                    new: Dict[str, Any]) -> None:
    """``store(state, old, new)`` (which records the version), then the audit event: Create
    without ``old``, else Update."""
    store(state, old, new)
    state.on_change(entity_type, "Create" if old is None else "Update", {"id": new["id"], "name": new["name"]})


def store_if_changed(state: Any, store: Callable, entity_type: str, old: Dict[str, Any],
                     new: Dict[str, Any]) -> None:
    """The end of a PATCH: a ``new`` that differs from ``old`` gets a new dateModified and is
    stored and announced; an unchanged one writes nothing."""
    if new != old:
        new["dateModified"] = state.now()
        announced_store(state, store, entity_type, old, new)


def store_workbin(state: Any, old: Optional[Dict[str, Any]], new: Dict[str, Any]) -> None:
    state.put("workbins", new["id"], new)
    record_version(state, "workbin", render_workbin(state, new),
                   delta_of(old, new, workbin_attributes, ["name", "description"]))


query_route("workbins", workbin_attributes, render_workbin)


@route("POST", "/api/v2/taskmanagement/workbins")
def create_workbin(req):
    body = req.json_body(dict)
    refuse_unknown_keys(body, WORKBIN_CREATE, "WorkbinCreate")
    division_id = v.string(body.get("divisionId"), "divisionId") or home_division_id(req.state)
    if req.state.get("divisions", division_id) is None:
        raise v.unknown_entity("divisionId", division_id, "Division")
    now = req.state.now()
    workbin = {"id": req.state.new_id(), "name": name_3_256(body.get("name")),
               "divisionId": division_id, "dateCreated": now, "dateModified": now}
    description = v.string(body.get("description"), "description", max_length=512)
    if description is not None:
        workbin["description"] = description
    announced_store(req.state, store_workbin, "Workbin", None, workbin)
    return render_workbin(req.state, workbin)


get_route("/api/v2/taskmanagement/workbins/{workbinId}", "workbins", "Workbin", render_workbin)


@update_route("PATCH", "/api/v2/taskmanagement/workbins/{workbinId}", "workbins", "Workbin")
def patch_workbin(req, old, body):
    refuse_unknown_keys(body, WORKBIN_UPDATE, "WorkbinUpdate")
    new = dict(old)
    if "name" in body:
        new["name"] = name_3_256(body["name"])
    new["description"] = patched(body, "description", old.get("description"),
                                 lambda value: v.string(value, "description", max_length=512))
    new = {key: value for key, value in new.items() if value is not None}
    store_if_changed(req.state, store_workbin, "Workbin", old, new)
    return render_workbin(req.state, new)


@entity_route("DELETE", "/api/v2/taskmanagement/workbins/{workbinId}", "workbins", "Workbin")
def delete_workbin(req, old):
    refuse_while_worktypes_use(req.state, old, "defaultWorkbinId",
                               "Workbin [%s] is the default workbin of worktype(s) %s.", "workbinId")
    req.state.delete("workbins", old["id"])
    forget_versions(req.state, "workbin", old["id"])
    req.state.on_change("Workbin", "Delete", {"id": old["id"], "name": old["name"]})
    return None


version_routes("workbins", "workbinId", "workbin", _workbin_or_404)


# ---------------------------------------------------------------------------
# Worktypes


def worktype_uri(worktype_id: str) -> str:
    return "%s/worktypes/%s" % (TM, worktype_id)


def _ref(kind: str, entity_id: Optional[str]) -> Optional[Dict[str, Any]]:
    return {"id": entity_id, "selfUri": self_uri(kind, entity_id)} if entity_id else None


def render_worktype(state: Any, worktype: Dict[str, Any],
                    with_statuses: bool = True) -> Dict[str, Any]:
    wid = worktype["id"]
    out: Dict[str, Any] = {
        "id": wid, "name": worktype["name"],
        "division": division_ref(state, worktype["divisionId"]),
        "dateCreated": worktype["dateCreated"], "dateModified": worktype["dateModified"],
        "defaultWorkbin": {"id": worktype["defaultWorkbinId"],
                           "selfUri": workbin_uri(worktype["defaultWorkbinId"])},
        "assignmentEnabled": worktype["assignmentEnabled"],
        "serviceLevelTarget": worktype["serviceLevelTarget"],
        "selfUri": worktype_uri(wid)}
    for key in ("description", "defaultDurationSeconds", "defaultExpirationSeconds",
                "defaultDueDurationSeconds", "defaultPriority", "defaultTtlSeconds",
                "ruleSettings", "unassignedDivisionContactsEnabled"):
        if worktype.get(key) is not None:
            out[key] = copy.deepcopy(worktype[key])
    if worktype.get("defaultStatusId"):
        out["defaultStatus"] = status_ref(wid, worktype["defaultStatusId"])
    if with_statuses:
        out["statuses"] = rendered_statuses(state, wid)
    refs = {"defaultQueue": _ref("queues", worktype.get("defaultQueueId")),
            "defaultLanguage": _ref("languages", worktype.get("defaultLanguageId")),
            "defaultScript": ({"id": worktype["defaultScriptId"]}
                              if worktype.get("defaultScriptId") else None)}
    out.update({key: ref for key, ref in refs.items() if ref})
    if worktype.get("defaultSkillIds"):
        out["defaultSkills"] = [_ref("skills", sid) for sid in worktype["defaultSkillIds"]]
    if worktype.get("schemaId"):
        schema = state.get("workitem_schemas", worktype["schemaId"]) or {}
        version = worktype.get("schemaVersion") or schema.get("version")
        out["schema"] = {"id": worktype["schemaId"], "name": schema.get("name"),
                         "version": version,
                         "selfUri": "%s/workitems/schemas/%s" % (TM, worktype["schemaId"])}
        out["schema"] = {key: value for key, value in out["schema"].items() if value is not None}
    return out


def worktype_attributes(worktype: Dict[str, Any]) -> Dict[str, Any]:
    keys = WORKTYPE_UPDATE + ["id", "divisionId", "dateModified"]
    return {key: worktype.get(key) for key in keys if key != "ruleSettings"}


def _live(state: Any, kind: str, entity_id: str, field: str, what: str) -> str:
    v.string(entity_id, field)
    entity = state.get(kind, entity_id)
    if entity is None or entity.get("state") == "deleted":
        raise v.unknown_entity(field, entity_id, what)
    return entity_id


def _skill_ids(state: Any, value: Any) -> List[str]:
    items = v.array(value, "defaultSkillIds", max_items=MAX_SKILLS)
    for index, item in enumerate(items):
        _live(state, "skills", item, "defaultSkillIds[%d]" % index, "Skill")
    if len(set(items)) != len(items):
        raise ApiError.bad_request("defaultSkillIds holds a skill twice.", "defaultSkillIds")
    return list(items)


def _rule_settings(value: Any) -> Dict[str, Any]:
    v.obj(value, "ruleSettings")
    refuse_unknown_keys(value, ["flowRulesEnabled"], "WorkitemRuleSettings")
    enabled = v.boolean(value.get("flowRulesEnabled"), "ruleSettings.flowRulesEnabled")
    return {"flowRulesEnabled": enabled} if enabled is not None else {}


def _worktype_fields(state: Any, body: Dict[str, Any], old: Dict[str, Any]) -> Dict[str, Any]:
    """Apply the PATCH-style ``body`` to ``old`` (a stored worktype or {}), checked."""
    for key in NOT_NULLABLE:
        if key in body and body[key] is None:
            raise ApiError.bad_request("[%s] cannot be cleared." % key, key)
    checks = {
        "description": lambda value: v.string(value, "description", max_length=512),
        "defaultWorkbinId": lambda value: _live(state, "workbins", value, "defaultWorkbinId",
                                                "Workbin"),
        "defaultDurationSeconds": lambda value: duration(value, "defaultDurationSeconds"),
        "defaultExpirationSeconds": lambda value: duration(value, "defaultExpirationSeconds"),
        "defaultDueDurationSeconds": lambda value: duration(value,
                                                            "defaultDueDurationSeconds"),
        "defaultTtlSeconds": lambda value: duration(value, "defaultTtlSeconds", minimum=1),
        "defaultPriority": lambda value: v.integer(value, "defaultPriority",
                                                   minimum=-MAX_PRIORITY, maximum=MAX_PRIORITY),
        "assignmentEnabled": lambda value: v.boolean(value, "assignmentEnabled"),
        "serviceLevelTarget": lambda value: v.integer(value, "serviceLevelTarget",
                                                      minimum=0, maximum=100),
        "ruleSettings": _rule_settings,
        "unassignedDivisionContactsEnabled": lambda value: v.boolean(
            value, "unassignedDivisionContactsEnabled"),
        "defaultQueueId": lambda value: _live(state, "queues", value, "defaultQueueId", "Queue"),
        "defaultLanguageId": lambda value: _live(state, "languages", value,
                                                 "defaultLanguageId", "Language"),
        "defaultSkillIds": lambda value: _skill_ids(state, value),
        "defaultScriptId": lambda value: v.string(value, "defaultScriptId"),
        "schemaId": lambda value: _live(state, "workitem_schemas", value, "schemaId",
                                        "Workitem schema"),
        "schemaVersion": lambda value: v.integer(value, "schemaVersion", minimum=1),
        "defaultStatusId": lambda value: v.string(value, "defaultStatusId"),
    }
    doc = dict(old)
    if "name" in body:
        doc["name"] = name_3_256(body["name"])
    for key, check in checks.items():
        doc[key] = patched(body, key, old.get(key), check)
    if old.get("schemaId") and doc.get("schemaId") != old["schemaId"]:
        raise ApiError.bad_request("The schemaId of a worktype cannot change once set.",
                                   "schemaId")
    if doc.get("schemaVersion") is not None:
        if not doc.get("schemaId"):
            raise ApiError.bad_request("schemaVersion needs a schemaId.", "schemaVersion")
        latest = state.get("workitem_schemas", doc["schemaId"])["version"]
        if doc["schemaVersion"] > latest:
            raise ApiError.invalid_value("schemaVersion", doc["schemaVersion"], "schemaVersion",
                                         reason="the schema's latest version is %d" % latest)
    if doc.get("defaultStatusId") and doc["defaultStatusId"] not in statuses_of(
            state, old.get("id") or ""):
        raise v.unknown_entity("defaultStatusId", doc["defaultStatusId"],
                               "Status of this worktype")
    return {key: value for key, value in doc.items() if value is not None}


def store_worktype(state: Any, old: Optional[Dict[str, Any]], new: Dict[str, Any]) -> None:
    state.put("worktypes", new["id"], new)
    tracked = [key for key in WORKTYPE_UPDATE if key != "ruleSettings"]
    delta = delta_of(old, new, worktype_attributes, tracked)
    # WorktypeDelta carries schemaVersion as a string change (WorkitemsAttributeChangeString).
    delta.update({"schemaVersion": {key: str(value) for key, value in
                                    delta["schemaVersion"].items()}} if "schemaVersion" in delta
                 else {})
    record_version(state, "worktype", render_worktype(state, new), delta)


query_route("worktypes", worktype_attributes, render_worktype)


@route("POST", "/api/v2/taskmanagement/worktypes")
def create_worktype(req):
    body = req.json_body(dict)
    refuse_unknown_keys(body, WORKTYPE_CREATE, "WorktypeCreate")
    v.required(body.get("name"), "name")
    v.required(body.get("defaultWorkbinId"), "defaultWorkbinId")
    fields = {key: value for key, value in body.items()
              if key not in ("divisionId", "disableDefaultStatusCreation")}
    doc = _worktype_fields(req.state, fields, {})
    workbin_division = req.state.get("workbins", doc["defaultWorkbinId"])["divisionId"]
    division_id = v.string(body.get("divisionId"), "divisionId") or workbin_division
    if req.state.get("divisions", division_id) is None:
        raise v.unknown_entity("divisionId", division_id, "Division")
    if division_id != workbin_division:
        raise ApiError.bad_request("The worktype must be in the division of its default "
                                   "workbin.", "divisionId")
    now = req.state.now()
    doc.update({"id": req.state.new_id(), "divisionId": division_id, "dateCreated": now,
                "dateModified": now})
    doc.setdefault("assignmentEnabled", False)
    doc.setdefault("serviceLevelTarget", 100)
    req.state.put("worktypes", doc["id"], doc)
    if not v.boolean(body.get("disableDefaultStatusCreation"), "disableDefaultStatusCreation"):
        opened = new_status(req.state, doc["id"], {"name": "Open", "category": "Open"})
        new_status(req.state, doc["id"], {"name": "Closed", "category": "Closed"})
        doc = dict(doc, defaultStatusId=opened["id"])
    announced_store(req.state, store_worktype, "Worktype", None, doc)
    return render_worktype(req.state, doc)


get_route("/api/v2/taskmanagement/worktypes/{worktypeId}", "worktypes", "Worktype", render_worktype)


@update_route("PATCH", "/api/v2/taskmanagement/worktypes/{worktypeId}", "worktypes", "Worktype")
def patch_worktype(req, old, body):
    if "divisionId" in body:
        raise ApiError.bad_request("The division of a worktype cannot change.", "divisionId")
    refuse_unknown_keys(body, WORKTYPE_UPDATE, "WorktypeUpdate")
    new = _worktype_fields(req.state, body, old)
    if new.get("defaultWorkbinId") != old.get("defaultWorkbinId"):
        workbin = req.state.get("workbins", new["defaultWorkbinId"])
        if workbin["divisionId"] != old["divisionId"]:
            raise ApiError.bad_request("The default workbin must be in the worktype's "
                                       "division.", "defaultWorkbinId")
    store_if_changed(req.state, store_worktype, "Worktype", old, new)
    return render_worktype(req.state, new)


@entity_route("DELETE", "/api/v2/taskmanagement/worktypes/{worktypeId}", "worktypes", "Worktype")
def delete_worktype(req, old):
    req.state.delete("worktypes", old["id"])
    req.state.delete(STATUS_KIND, old["id"])        # statuses go with their worktype
    forget_versions(req.state, "worktype", old["id"])
    req.state.on_change("Worktype", "Delete", {"id": old["id"], "name": old["name"]})
    return None


version_routes("worktypes", "worktypeId", "worktype", worktype_or_404)
