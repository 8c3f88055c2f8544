"""Routing skills and routing languages (reference §3.1).

* No rename: the only update is PATCH ``{divisionId}``.
* DELETE is soft: the entity stays, ``state`` becomes ``deleted``, GET by id still
  returns it.  Lists show active entities only (also when filtered by ``id``).
* A name held by an active skill cannot be reused; a name only held by deleted
  skills can, and gives a new skill with a new id.
"""
from __future__ import annotations

import copy
from typing import Any, Dict, Optional

from . import validation as v
from .entities import get_or_404, save_change
from .framework import ApiError, route
from .paging import page_listing
from .refs import division_ref, public, resolve_division, self_uri


def render_skill(state: Any, skill: Dict[str, Any]) -> Dict[str, Any]:
    out = public(skill)
    out["division"] = division_ref(state, skill["division"]["id"])
    out["selfUri"] = self_uri("skills", skill["id"])
    return out


def render_language(state: Any, language: Dict[str, Any]) -> Dict[str, Any]:
    out = public(language)
    out["selfUri"] = self_uri("languages", language["id"])
    return out


def active_by_name(state: Any, kind: str, name: str) -> Optional[Dict[str, Any]]:
    """The active skill/language with this name (case-insensitive), if any."""
    lowered = name.lower()
    for item in state.all(kind):
        if item["state"] == "active" and item["name"].lower() == lowered:
            return item
    return None


def _list(req, kind: str, render):
    prefix = (req.arg("name") or "").lower()
    wanted_ids = set(req.args("id"))
    items = [item for item in req.state.all(kind)
             if item["state"] == "active"
             and (not prefix or item["name"].lower().startswith(prefix))
             and (not wanted_ids or item["id"] in wanted_ids)]
    descending = (req.arg("sortOrder") or "asc").lower() in ("desc", "descending")
    items.sort(key=lambda item: item["name"].lower(), reverse=descending)
    return page_listing(req, items, max_size=500, render=lambda item: render(req.state, item))


def _get(req, kind: str, id_param: str, what: str) -> Dict[str, Any]:
    return get_or_404(req.state, kind, req.path_params[id_param], what)


def _new_name(req, kind: str, what: str) -> str:
    body = req.json_body(dict)
    name = v.required(v.string(body.get("name"), "name", max_length=256), "name").strip()
    if active_by_name(req.state, kind, name) is not None:
        # Code and wording UNCONFIRMED: no source showed the duplicate-name error.
        raise ApiError(400, "bad.request", "A %s with name [%s] already exists." % (what, name),
                       message_params={"name": name},
                       details=[{"errorCode": "duplicate.name", "fieldName": "name"}])
    return name


def _soft_delete(req, kind: str, id_param: str, what: str, entity_type: str) -> None:
    old = _get(req, kind, id_param, what)
    if old["state"] == "deleted":
        # UNCONFIRMED: what a second DELETE answers.
        raise ApiError.not_found("%s [%s] is already deleted." % (what, old["id"]),
                                 entity_id=old["id"])
    new = dict(old, state="deleted", dateModified=req.state.now(),
               version=str(int(old.get("version", "1")) + 1))
    save_change(req.state, kind, entity_type, old, new, action="Delete")


def _register_shared_routes(base: str, kind: str, id_param: str, what: str, entity_type: str,
                            render) -> None:
    """The list, get and soft delete that skills and languages have in common."""
    item = "%s/{%s}" % (base, id_param)
    route("GET", base)(lambda req: _list(req, kind, render))
    route("GET", item)(lambda req: render(req.state, _get(req, kind, id_param, what)))
    route("DELETE", item)(lambda req: _soft_delete(req, kind, id_param, what, entity_type))


_register_shared_routes("/api/v2/routing/skills", "skills", "skillId", "Routing skill",
                        "RoutingSkill", render_skill)
_register_shared_routes("/api/v2/routing/languages", "languages", "languageId", "Language",
                        "RoutingLanguage", render_language)


# ---------------------------------------------------------------------------
# Skills: created with a division, and the division is all a PATCH may change

@route("POST", "/api/v2/routing/skills")
def create_skill(req):
    name = _new_name(req, "skills", "routing skill")
    body = req.body
    division_id = body.get("divisionId")
    if division_id is not None:
        v.string(division_id, "divisionId")
        if req.state.get("divisions", division_id) is None:
            raise v.unknown_entity("divisionId", division_id, "Division")
    else:
        division_id = resolve_division(req.state, None)
    skill = {"id": req.state.new_id(), "name": name, "division": {"id": division_id},
             "state": "active", "dateModified": req.state.now(), "version": "1"}
    save_change(req.state, "skills", "RoutingSkill", None, skill)
    return render_skill(req.state, skill)


@route("PATCH", "/api/v2/routing/skills/{skillId}")
def patch_skill(req):
    """Only the division can change; skills cannot be renamed."""
    old = _get(req, "skills", "skillId", "Routing skill")
    body = req.json_body(dict)
    if "name" in body and body["name"] != old["name"]:
        raise ApiError(400, "bad.request",
                       "Routing skills cannot be renamed; only divisionId can be updated. "
                       "Create a new skill instead.",
                       details=[{"errorCode": "bad.request", "fieldName": "name"}])
    extra = sorted(set(body) - {"divisionId", "name", "id", "selfUri"})
    if extra:
        raise ApiError(400, "bad.request",
                       "Only divisionId can be updated on a routing skill; got [%s]."
                       % ", ".join(extra),
                       details=[{"errorCode": "bad.request", "fieldName": extra[0]}])
    division_id = v.required(v.string(body.get("divisionId"), "divisionId"), "divisionId")
    if req.state.get("divisions", division_id) is None:
        raise v.unknown_entity("divisionId", division_id, "Division")
    if old["state"] == "deleted":
        raise ApiError.not_found("Routing skill [%s] is deleted." % old["id"],
                                 entity_id=old["id"])
    new = copy.deepcopy(old)
    new["division"] = {"id": division_id}
    new["dateModified"] = req.state.now()
    new["version"] = str(int(old.get("version", "1")) + 1)
    save_change(req.state, "skills", "RoutingSkill", old, new)
    return render_skill(req.state, new)


# ---------------------------------------------------------------------------
# Languages: a name only

@route("POST", "/api/v2/routing/languages")
def create_language(req):
    name = _new_name(req, "languages", "language")
    language = {"id": req.state.new_id(), "name": name, "state": "active",
                "dateModified": req.state.now(), "version": "1"}
    save_change(req.state, "languages", "RoutingLanguage", None, language)
    return render_language(req.state, language)
