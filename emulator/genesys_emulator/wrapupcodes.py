"""Wrap-up codes (reference §3.5): /api/v2/routing/wrapupcodes."""
from __future__ import annotations

from typing import Any, Dict, List

from . import validation as v
from .entities import entity_route, get_or_404, get_route, save_change
from .framework import ApiError, route
from .paging import page_listing
from .refs import division_ref, public, resolve_division, self_uri


def render_wrapupcode(state: Any, code: Dict[str, Any]) -> Dict[str, Any]:
    out = public(code)
    out["division"] = division_ref(state, code["division"]["id"])
    out["selfUri"] = self_uri("wrapupcodes", code["id"])
    return out


def name_matches(name: str, pattern: str) -> bool:
    """Platform name filter: exact unless it has leading/trailing ``*`` (case-insensitive)."""
    name = name.lower()
    pattern = pattern.lower()
    starts = pattern.startswith("*")
    ends = pattern.endswith("*") and len(pattern) > 1
    core = pattern.strip("*")
    if starts and ends:
        return core in name
    if starts:
        return name.endswith(core)
    if ends:
        return name.startswith(core)
    return name == core


def sorted_codes(req, codes: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    sort_by = (req.arg("sortBy") or "name").lower()
    if sort_by not in ("name", "id"):
        raise ApiError.invalid_value("sortBy", req.arg("sortBy"), "SortBy", ["name", "id"])
    order = (req.arg("sortOrder") or "ascending").lower()
    descending = order in ("descending", "desc")
    if sort_by == "id":
        return sorted(codes, key=lambda code: code["id"], reverse=descending)
    return sorted(codes, key=lambda code: (code["name"].lower(), code["id"]), reverse=descending)


@route("GET", "/api/v2/routing/wrapupcodes")
def list_wrapupcodes(req):
    name = req.arg("name")
    wanted_ids = set(req.args("id"))
    divisions = set(req.args("divisionId"))
    codes = [code for code in req.state.all("wrapupcodes")
             if (not name or name_matches(code["name"], name))
             and (not wanted_ids or code["id"] in wanted_ids)
             and (not divisions or code["division"]["id"] in divisions)]
    # The reference says clients use pageSize 100; accept up to 500 like the other lists.
    return page_listing(req, sorted_codes(req, codes), max_size=500,
                        render=lambda code: render_wrapupcode(req.state, code))


def _get(req) -> Dict[str, Any]:
    return get_or_404(req.state, "wrapupcodes", req.path_params["codeId"], "Wrap-up code")


def _validated(req, current_id=None) -> Dict[str, Any]:
    body = req.json_body(dict)
    name = v.required(v.string(body.get("name"), "name", max_length=256), "name").strip()
    lowered = name.lower()
    for other in req.state.all("wrapupcodes"):
        if other["id"] != current_id and other["name"].lower() == lowered:
            # UNCONFIRMED: duplicate wrap-up code names assumed rejected like queues.
            raise ApiError(400, "bad.request",
                           "A wrap-up code with name [%s] already exists." % name,
                           details=[{"errorCode": "duplicate.name", "fieldName": "name"}])
    description = v.string(body.get("description"), "description", max_length=1024)
    return {"name": name, "description": description, "division": body.get("division")}


@route("POST", "/api/v2/routing/wrapupcodes")
def create_wrapupcode(req):
    fields = _validated(req)
    now = req.state.now()
    code = {"id": req.state.new_id(), "name": fields["name"],
            "division": {"id": resolve_division(req.state, fields["division"])},
            "dateCreated": now, "dateModified": now,
            "createdBy": req.client_id, "modifiedBy": req.client_id}
    if fields["description"] is not None:
        code["description"] = fields["description"]
    save_change(req.state, "wrapupcodes", "WrapupCode", None, code)
    return render_wrapupcode(req.state, code)


get_route("/api/v2/routing/wrapupcodes/{codeId}", "wrapupcodes", "Wrap-up code", render_wrapupcode)


@route("PUT", "/api/v2/routing/wrapupcodes/{codeId}")
def update_wrapupcode(req):
    """Full update: an omitted description is cleared; an omitted division is kept."""
    old = _get(req)
    fields = _validated(req, current_id=old["id"])
    division_id = old["division"]["id"]
    if fields["division"] is not None:
        division_id = resolve_division(req.state, fields["division"])
    new = {"id": old["id"], "name": fields["name"], "division": {"id": division_id},
           "dateCreated": old.get("dateCreated"), "dateModified": req.state.now(),
           "createdBy": old.get("createdBy"), "modifiedBy": req.client_id}
    if fields["description"] is not None:
        new["description"] = fields["description"]
    save_change(req.state, "wrapupcodes", "WrapupCode", old, new)
    return render_wrapupcode(req.state, new)


@entity_route("DELETE", "/api/v2/routing/wrapupcodes/{codeId}", "wrapupcodes", "Wrap-up code")
def delete_wrapupcode(req, old):
    save_change(req.state, "wrapupcodes", "WrapupCode", old, None)
    # Queues stop offering a deleted code.
    for queue_id in req.state.ids("queue_wrapupcodes"):
        codes = req.state.get("queue_wrapupcodes", queue_id)
        if old["id"] in codes:
            req.state.put("queue_wrapupcodes", queue_id, [c for c in codes if c != old["id"]])
    return None
