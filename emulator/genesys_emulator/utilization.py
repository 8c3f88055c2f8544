"""Organization utilization (reference §3.4): /api/v2/routing/utilization, and labels.

PUT is a full replacement: "Any omitted media types will be set to the system
default values".  DELETE reverts everything to the defaults.

Defaults (help centre "utilization", https://help.mypurecloud.com/?p=4728): one call, up to four
chats, one email, one message, one callback; "by default, Genesys Cloud allows interruptions to
email" (which media interrupt it is UNCONFIRMED: all the others here); calls and callbacks do
not interrupt each other.  With eventual consistency on, a PUT within the lag after a label was
created or changed answers 409, as [TF] routing_utilization says ("if a label is created
immediately before the utilization update, it can lead to a conflict") and retries.
"""
from __future__ import annotations

import copy
from typing import Any, Dict

from . import validation as v
from .consistency import recently_changed, visible_after
from .entities import get_or_404, get_route, update_route
from .framework import ApiError, diff_properties, route
from .paging import page_listing

MEDIA_TYPES = ("call", "callback", "chat", "email", "message")
# System defaults per media type (help centre article "utilization").
DEFAULT_CAPACITY = {"call": 1, "callback": 1, "chat": 4, "email": 1, "message": 1}
DEFAULT_INTERRUPTABLE = {"email": ["call", "callback", "chat", "message"]}
MAX_CAPACITY = 25
SETTINGS_ID = "utilization"


def default_utilization() -> Dict[str, Any]:
    return {"utilization": {media: {"maximumCapacity": DEFAULT_CAPACITY[media],
                                    "interruptableMediaTypes":
                                        list(DEFAULT_INTERRUPTABLE.get(media, [])),
                                    "includeNonAcd": False}
                            for media in MEDIA_TYPES},
            "labelUtilizations": {}}


def current(state: Any) -> Dict[str, Any]:
    return state.get("settings", SETTINGS_ID) or default_utilization()


def _validated(state: Any, body: Dict[str, Any]) -> Dict[str, Any]:
    result = default_utilization()
    media_map = v.obj(body.get("utilization"), "utilization") or {}
    for media, settings in media_map.items():
        field = "utilization." + media
        v.enum(media, "utilization", "MediaType", MEDIA_TYPES)
        v.obj(settings, field)
        settings = settings or {}
        entry = result["utilization"][media]
        if settings.get("maximumCapacity") is not None:
            entry["maximumCapacity"] = v.integer(settings["maximumCapacity"],
                                                 field + ".maximumCapacity", 0, MAX_CAPACITY)
        interruptable = v.array(settings.get("interruptableMediaTypes"),
                                field + ".interruptableMediaTypes")
        if interruptable is not None:
            for index, other in enumerate(interruptable):
                v.enum(other, "%s.interruptableMediaTypes[%d]" % (field, index), "MediaType",
                       MEDIA_TYPES)
            entry["interruptableMediaTypes"] = list(dict.fromkeys(interruptable))
        if settings.get("includeNonAcd") is not None:
            entry["includeNonAcd"] = v.boolean(settings["includeNonAcd"],
                                               field + ".includeNonAcd")
    labels = v.obj(body.get("labelUtilizations"), "labelUtilizations") or {}
    for label_id, settings in labels.items():
        field = "labelUtilizations." + label_id
        label = state.get("utilization_labels", label_id)
        if label is None:
            raise v.unknown_entity("labelUtilizations", label_id, "Utilization label")
        v.obj(settings, field)
        settings = settings or {}
        entry = {"maximumCapacity": v.integer(settings.get("maximumCapacity"),
                                              field + ".maximumCapacity", 0, MAX_CAPACITY),
                 "interruptingLabelIds": v.array(settings.get("interruptingLabelIds"),
                                                 field + ".interruptingLabelIds") or [],
                 "labelName": label.get("name")}
        result["labelUtilizations"][label_id] = entry
    if body.get("maxInboundCalls") is not None:
        result["maxInboundCalls"] = v.integer(body["maxInboundCalls"], "maxInboundCalls", 1)
    return result


@route("GET", "/api/v2/routing/utilization")
def get_utilization(req):
    return copy.deepcopy(current(req.state))


@route("PUT", "/api/v2/routing/utilization")
def put_utilization(req):
    body = req.json_body(dict)
    if recently_changed(req.state, "utilization_labels"):
        raise ApiError.conflict("Utilization is being updated for a recent label change; try again.")
    old = current(req.state)
    new = _validated(req.state, body)
    req.state.put("settings", SETTINGS_ID, new)
    req.state.on_change("MaxOrgRoutingUtilizationCapacity", "Update",
                        {"id": SETTINGS_ID, "name": "Organization utilization"},
                        diff_properties(old, new))
    return copy.deepcopy(new)


@route("DELETE", "/api/v2/routing/utilization")
def delete_utilization(req):
    old = current(req.state)
    new = default_utilization()
    req.state.put("settings", SETTINGS_ID, new)
    req.state.on_change("MaxOrgRoutingUtilizationCapacity", "Delete",
                        {"id": SETTINGS_ID, "name": "Organization utilization"},
                        diff_properties(old, new))
    return None


# ---------------------------------------------------------------------------
# Utilization labels: {id, name, version, selfUri}

LABELS = "/api/v2/routing/utilization/labels/"


def _render_label(label: Dict[str, Any]) -> Dict[str, Any]:
    out = {key: label[key] for key in ("id", "name", "version")}
    out["selfUri"] = LABELS + label["id"]
    return out


def _label_or_404(state: Any, label_id: str) -> Dict[str, Any]:
    return get_or_404(state, "utilization_labels", label_id, "Utilization label")


def _label_name(state: Any, body: Dict[str, Any], label_id: Any = None) -> str:
    name = v.required(v.string(body.get("name"), "name", max_length=256), "name").strip()
    if any(other["name"].lower() == name.lower() and other["id"] != label_id
           for other in state.all("utilization_labels")):
        raise ApiError(400, "bad.request", "A utilization label named [%s] already exists." % name,
                       details=[{"errorCode": "duplicate.name", "fieldName": "name"}])
    return name


@route("GET", "/api/v2/routing/utilization/labels")
def list_labels(req):
    labels = sorted(req.state.all("utilization_labels"), key=lambda label: label["name"].lower())
    name = req.arg("name")
    if name:
        labels = [label for label in labels if label["name"].lower() == name.lower()]
    return page_listing(req, labels, max_size=100, render=_render_label)


@route("POST", "/api/v2/routing/utilization/labels")
def create_label(req):
    body = req.json_body(dict)
    label = {"id": req.state.new_id(), "name": _label_name(req.state, body), "version": 1}
    pending = visible_after(req.state)
    if pending is not None:
        label["_visibleAt"] = pending
    req.state.put("utilization_labels", label["id"], label)
    req.state.on_change("RoutingUtilizationTag", "Create", {"id": label["id"], "name": label["name"]})
    return _render_label(label)


get_route("/api/v2/routing/utilization/labels/{labelId}", "utilization_labels", "Utilization label",
          lambda state, label: _render_label(label))


@update_route("PUT", "/api/v2/routing/utilization/labels/{labelId}", "utilization_labels", "Utilization label")
def update_label(req, old, body):
    new = dict(old, name=_label_name(req.state, body, old["id"]), version=old["version"] + 1)
    pending = visible_after(req.state)
    if pending is not None:
        new["_visibleAt"] = pending
    req.state.put("utilization_labels", new["id"], new)
    req.state.on_change("RoutingUtilizationTag", "Update", {"id": new["id"], "name": new["name"]},
                        diff_properties({"name": old["name"]}, {"name": new["name"]}))
    return _render_label(new)


@route("DELETE", "/api/v2/routing/utilization/labels/{labelId}")
def delete_label(req):
    old = _label_or_404(req.state, req.path_params["labelId"])
    in_use = old["id"] in (current(req.state).get("labelUtilizations") or {})
    if in_use and not req.bool_arg("forceDelete", False):
        raise ApiError(409, "conflict", "Utilization label [%s] is in use; use forceDelete." % old["name"])
    req.state.delete("utilization_labels", old["id"])
    if in_use:
        settings = copy.deepcopy(current(req.state))
        settings["labelUtilizations"].pop(old["id"], None)
        req.state.put("settings", SETTINGS_ID, settings)
    req.state.on_change("RoutingUtilizationTag", "Delete", {"id": old["id"], "name": old["name"]})
    return None
