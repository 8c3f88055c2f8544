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
from .framework import ApiError, diff_properties, route
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
    entity = req.state.get(kind, req.path_params[id_param])
    if entity is None:
        raise ApiError.not_found("%s [%s] was not found." % (what, req.path_params[id_param]),
                                 entity_id=req.path_params[id_param])
    return entity


def _new_name(req, kind: str, what: str) -> str:
    body = req.json_body(dict)
    name = v.required(v.string(body.get("name"), "name", max_length=256), "name").strip()
    if active_by_name(req.state, kind, name) is not None:
        # Code and wording UNCONFIRMED: no source showed the duplicate-name error.
        raise ApiError(400, "bad.request", "A %s with name [%s] already exists." % (what, name),
                       message_params={"name": name},
                       details=[{"errorCode": "duplicate.name", "fieldName": "name"}])
    return name


# ---------------------------------------------------------------------------
# Skills

@route("GET", "/api/v2/routing/skills")
def list_skills(req):
    return _list(req, "skills", render_skill)


@route("GET", "/api/v2/routing/skills/{skillId}")
def get_skill(req):
    return render_skill(req.state, _get(req, "skills", "skillId", "Routing skill"))


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
    req.state.put("skills", skill["id"], skill)
    req.state.on_change("RoutingSkill", "Create", {"id": skill["id"], "name": name},
                        diff_properties(None, skill))
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
    req.state.put("skills", new["id"], new)
    req.state.on_change("RoutingSkill", "Update", {"id": new["id"], "name": new["name"]},
                        diff_properties(old, new))
    return render_skill(req.state, new)


@route("DELETE", "/api/v2/routing/skills/{skillId}")
def delete_skill(req):
    old = _get(req, "skills", "skillId", "Routing skill")
    if old["state"] == "deleted":
        # UNCONFIRMED: what a second DELETE answers.
        raise ApiError.not_found("Routing skill [%s] is already deleted." % old["id"],
                                 entity_id=old["id"])
    new = dict(old, state="deleted", dateModified=req.state.now(),
               version=str(int(old.get("version", "1")) + 1))
    req.state.put("skills", new["id"], new)
    req.state.on_change("RoutingSkill", "Delete", {"id": new["id"], "name": new["name"]},
                        diff_properties(old, new))
    return None


# ---------------------------------------------------------------------------
# Languages

@route("GET", "/api/v2/routing/languages")
def list_languages(req):
    return _list(req, "languages", render_language)


@route("GET", "/api/v2/routing/languages/{languageId}")
def get_language(req):
    return render_language(req.state, _get(req, "languages", "languageId", "Language"))


@route("POST", "/api/v2/routing/languages")
def create_language(req):
    name = _new_name(req, "languages", "language")
    language = {"id": req.state.new_id(), "name": name, "state": "active",
                "dateModified": req.state.now(), "version": "1"}
    req.state.put("languages", language["id"], language)
    req.state.on_change("RoutingLanguage", "Create", {"id": language["id"], "name": name},
                        diff_properties(None, language))
    return render_language(req.state, language)


@route("DELETE", "/api/v2/routing/languages/{languageId}")
def delete_language(req):
    old = _get(req, "languages", "languageId", "Language")
    if old["state"] == "deleted":
        raise ApiError.not_found("Language [%s] is already deleted." % old["id"],
                                 entity_id=old["id"])
    new = dict(old, state="deleted", dateModified=req.state.now(),
               version=str(int(old.get("version", "1")) + 1))
    req.state.put("languages", new["id"], new)
    req.state.on_change("RoutingLanguage", "Delete", {"id": new["id"], "name": new["name"]},
                        diff_properties(old, new))
    return None
