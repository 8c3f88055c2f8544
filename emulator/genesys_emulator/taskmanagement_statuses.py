"""Worktype statuses: ``/api/v2/taskmanagement/worktypes/{worktypeId}/statuses``.

Rules (reference task-management.md "Writes", Terraform provider
``task_management_worktype_status``):

* ``name`` 3-256, unique within the worktype (case-insensitive here: UNCONFIRMED), 400
  "a status with same name already exists" (wording from provider PR #2565).
* ``category`` Open | InProgress | Waiting | Closed; not in WorkitemStatusUpdate, so it
  cannot change (providers recreate the status).
* ``destinationStatusIds`` <= 24 statuses of the same worktype; empty means any.
* ``defaultDestinationStatusId`` needs ``statusTransitionDelaySeconds`` (>= 60) and the
  other way round; ``statusTransitionTime`` is ``HH:mm:ss``.
* ``autoTerminateWorkitem`` only on Closed statuses.
* DELETE of the worktype's default status, or of a status another status points to
  (destination or default destination), is refused with a 400 (codes UNCONFIRMED).
* The listing is a plain GET ``{entities, total, selfUri}`` without paging.
"""
from __future__ import annotations

import copy
import re
from typing import Any, Dict, List, Optional

from . import validation as v
from .entities import get_or_404
from .framework import ApiError, route
from .taskmanagement_common import TM, name_3_256, patched, refuse_unknown_keys

KIND = "worktype_statuses"
CATEGORIES = ("Open", "InProgress", "Waiting", "Closed")
MAX_DESTINATIONS = 24
MIN_TRANSITION_DELAY = 60
MAX_TRANSITION_DELAY = 365 * 86400
CREATE_KEYS = ["name", "category", "destinationStatusIds", "description",
               "defaultDestinationStatusId", "statusTransitionDelaySeconds",
               "statusTransitionTime", "autoTerminateWorkitem"]
UPDATE_KEYS = [key for key in CREATE_KEYS if key != "category"]
TIME_RE = re.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]$")


def statuses_of(state: Any, worktype_id: str) -> Dict[str, Dict[str, Any]]:
    return state.get(KIND, worktype_id) or {}


def status_uri(worktype_id: str, status_id: str) -> str:
    return "%s/worktypes/%s/statuses/%s" % (TM, worktype_id, status_id)


def status_ref(worktype_id: str, status_id: Optional[str]) -> Optional[Dict[str, Any]]:
    return {"id": status_id, "selfUri": status_uri(worktype_id, status_id)} if status_id else None


def render_status(worktype_id: str, status: Dict[str, Any]) -> Dict[str, Any]:
    out: Dict[str, Any] = {"id": status["id"], "name": status["name"],
                           "category": status["category"],
                           "destinationStatuses": [status_ref(worktype_id, sid) for sid in
                                                   status.get("destinationStatusIds") or []],
                           "worktype": {"id": worktype_id,
                                        "selfUri": "%s/worktypes/%s" % (TM, worktype_id)},
                           "autoTerminateWorkitem": bool(status.get("autoTerminateWorkitem")),
                           "selfUri": status_uri(worktype_id, status["id"])}
    for key in ("description", "statusTransitionDelaySeconds", "statusTransitionTime"):
        if status.get(key) is not None:
            out[key] = status[key]
    if status.get("defaultDestinationStatusId"):
        out["defaultDestinationStatus"] = status_ref(worktype_id,
                                                     status["defaultDestinationStatusId"])
    return out


def rendered_statuses(state: Any, worktype_id: str) -> List[Dict[str, Any]]:
    found = statuses_of(state, worktype_id).values()
    return [render_status(worktype_id, status)
            for status in sorted(found, key=lambda s: (s["name"].lower(), s["id"]))]


def worktype_or_404(state: Any, worktype_id: str) -> Dict[str, Any]:
    return get_or_404(state, "worktypes", worktype_id, "Worktype")


def _status_or_404(state: Any, worktype_id: str, status_id: str) -> Dict[str, Any]:
    status = statuses_of(state, worktype_id).get(status_id)
    if status is None:
        raise ApiError.not_found("Status [%s] was not found in worktype [%s]."
                                 % (status_id, worktype_id), entity_id=status_id)
    return status


def _check_status(state: Any, worktype_id: str, doc: Dict[str, Any],
                  self_id: Optional[str]) -> None:
    """Cross-field and reference rules of a complete status document."""
    siblings = statuses_of(state, worktype_id)
    for other in siblings.values():
        if other["id"] != self_id and other["name"].lower() == doc["name"].lower():
            raise ApiError(400, "bad.request",
                           "a status with same name already exists: [%s]" % doc["name"],
                           details=[{"errorCode": "bad.request", "fieldName": "name"}])
    for index, target in enumerate(doc.get("destinationStatusIds") or []):
        if target not in siblings or target == self_id:
            raise v.unknown_entity("destinationStatusIds[%d]" % index, target,
                                   "Status of this worktype")
    target = doc.get("defaultDestinationStatusId")
    delay = doc.get("statusTransitionDelaySeconds")
    if target is not None:
        if target not in siblings or target == self_id:
            raise v.unknown_entity("defaultDestinationStatusId", target,
                                   "Status of this worktype")
        allowed = doc.get("destinationStatusIds") or []
        if allowed and target not in allowed:
            raise ApiError.bad_request("defaultDestinationStatusId must be one of the "
                                       "destinationStatusIds.", "defaultDestinationStatusId")
    if (target is None) != (delay is None):
        raise ApiError.bad_request("defaultDestinationStatusId and "
                                   "statusTransitionDelaySeconds must be set together.",
                                   "statusTransitionDelaySeconds")
    if doc.get("statusTransitionTime") is not None and target is None:
        raise ApiError.bad_request("statusTransitionTime needs a defaultDestinationStatusId.",
                                   "statusTransitionTime")
    if doc.get("autoTerminateWorkitem") and doc["category"] != "Closed":
        raise ApiError.bad_request("autoTerminateWorkitem can only be set on a status of "
                                   "category Closed.", "autoTerminateWorkitem")


def _checked_fields(body: Dict[str, Any], current: Dict[str, Any]) -> Dict[str, Any]:
    def time_of_day(value: Any) -> str:
        text = v.string(value, "statusTransitionTime")
        if not TIME_RE.match(text):
            raise ApiError.invalid_value("statusTransitionTime", text, "statusTransitionTime",
                                         reason="expected HH:mm:ss")
        return text

    def destinations(value: Any) -> List[str]:
        items = v.array(value, "destinationStatusIds", max_items=MAX_DESTINATIONS)
        for index, item in enumerate(items):
            v.string(item, "destinationStatusIds[%d]" % index)
        if len(set(items)) != len(items):
            raise ApiError.bad_request("destinationStatusIds holds a status twice.",
                                       "destinationStatusIds")
        return list(items)

    doc = dict(current)
    if "name" in body:
        doc["name"] = name_3_256(body["name"])
    checks = {
        "description": lambda value: v.string(value, "description", max_length=512),
        "destinationStatusIds": destinations,
        "defaultDestinationStatusId": lambda value: v.string(value,
                                                             "defaultDestinationStatusId"),
        "statusTransitionDelaySeconds": lambda value: v.integer(
            value, "statusTransitionDelaySeconds", minimum=MIN_TRANSITION_DELAY,
            maximum=MAX_TRANSITION_DELAY),
        "statusTransitionTime": time_of_day,
        "autoTerminateWorkitem": lambda value: v.boolean(value, "autoTerminateWorkitem"),
    }
    for key, check in checks.items():
        doc[key] = patched(body, key, current.get(key), check)
    return {key: value for key, value in doc.items() if value is not None}


def new_status(state: Any, worktype_id: str, body: Dict[str, Any],
               status_id: Optional[str] = None) -> Dict[str, Any]:
    """Validate a WorkitemStatusCreate and store it; returns the stored status."""
    refuse_unknown_keys(body, CREATE_KEYS, "WorkitemStatusCreate")
    name = name_3_256(body.get("name"))
    v.required(body.get("category"), "category")
    category = v.enum(body.get("category"), "category", "Category", CATEGORIES)
    doc = _checked_fields(body, {"name": name, "category": category})
    doc["id"] = status_id or state.new_id()
    _check_status(state, worktype_id, doc, doc["id"])
    statuses = copy.deepcopy(statuses_of(state, worktype_id))
    statuses[doc["id"]] = doc
    state.put(KIND, worktype_id, statuses)
    return doc


@route("GET", "/api/v2/taskmanagement/worktypes/{worktypeId}/statuses")
def list_statuses(req):
    worktype_id = req.path_params["worktypeId"]
    worktype_or_404(req.state, worktype_id)
    entities = rendered_statuses(req.state, worktype_id)
    return {"entities": entities, "total": len(entities), "selfUri": req.path}


@route("POST", "/api/v2/taskmanagement/worktypes/{worktypeId}/statuses")
def create_status(req):
    worktype_id = req.path_params["worktypeId"]
    worktype = worktype_or_404(req.state, worktype_id)
    status = new_status(req.state, worktype_id, req.json_body(dict))
    req.state.on_change("WorkitemStatus", "Create", {"id": status["id"], "name": status["name"],
                                                     "worktypeId": worktype["id"]})
    return render_status(worktype_id, status)


@route("GET", "/api/v2/taskmanagement/worktypes/{worktypeId}/statuses/{statusId}")
def get_status(req):
    worktype_id = req.path_params["worktypeId"]
    worktype_or_404(req.state, worktype_id)
    return render_status(worktype_id, _status_or_404(req.state, worktype_id,
                                                     req.path_params["statusId"]))


@route("PATCH", "/api/v2/taskmanagement/worktypes/{worktypeId}/statuses/{statusId}")
def patch_status(req):
    worktype_id = req.path_params["worktypeId"]
    worktype_or_404(req.state, worktype_id)
    old = _status_or_404(req.state, worktype_id, req.path_params["statusId"])
    body = req.json_body(dict)
    if "category" in body:
        raise ApiError.bad_request("The category of a status cannot be changed.", "category")
    refuse_unknown_keys(body, UPDATE_KEYS, "WorkitemStatusUpdate")
    if "name" in body and body["name"] is None:
        raise ApiError.missing_field("name")
    doc = _checked_fields(body, old)
    _check_status(req.state, worktype_id, doc, old["id"])
    statuses = copy.deepcopy(statuses_of(req.state, worktype_id))
    statuses[old["id"]] = doc
    req.state.put(KIND, worktype_id, statuses)
    req.state.on_change("WorkitemStatus", "Update", {"id": doc["id"], "name": doc["name"],
                                                     "worktypeId": worktype_id})
    return render_status(worktype_id, doc)


@route("DELETE", "/api/v2/taskmanagement/worktypes/{worktypeId}/statuses/{statusId}")
def delete_status(req):
    worktype_id = req.path_params["worktypeId"]
    worktype = worktype_or_404(req.state, worktype_id)
    old = _status_or_404(req.state, worktype_id, req.path_params["statusId"])
    if worktype.get("defaultStatusId") == old["id"]:
        raise ApiError.bad_request("Status [%s] is the default status of the worktype and "
                                   "cannot be deleted; set another default status first."
                                   % old["name"], "statusId")
    for other in statuses_of(req.state, worktype_id).values():
        if old["id"] in (other.get("destinationStatusIds") or []) or \
                other.get("defaultDestinationStatusId") == old["id"]:
            raise ApiError.bad_request("Status [%s] is a destination of status [%s]; remove "
                                       "that reference first." % (old["name"], other["name"]),
                                       "statusId")
    statuses = copy.deepcopy(statuses_of(req.state, worktype_id))
    del statuses[old["id"]]
    req.state.put(KIND, worktype_id, statuses)
    req.state.on_change("WorkitemStatus", "Delete", {"id": old["id"], "name": old["name"],
                                                     "worktypeId": worktype_id})
    return None
