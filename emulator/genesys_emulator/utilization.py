"""Organization utilization (reference §3.4): /api/v2/routing/utilization.

PUT is a full replacement: "Any omitted media types will be set to the system
default values".  DELETE reverts everything to the defaults.
"""
from __future__ import annotations

import copy
from typing import Any, Dict

from . import validation as v
from .framework import diff_properties, route

MEDIA_TYPES = ("call", "callback", "chat", "email", "message")
# System defaults per media type: UNCONFIRMED values (commonly call 1, email 1, chat 4).
DEFAULT_CAPACITY = {"call": 1, "callback": 1, "chat": 4, "email": 1, "message": 4}
MAX_CAPACITY = 25
SETTINGS_ID = "utilization"


def default_utilization() -> Dict[str, Any]:
    return {"utilization": {media: {"maximumCapacity": DEFAULT_CAPACITY[media],
                                    "interruptableMediaTypes": [], "includeNonAcd": False}
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
