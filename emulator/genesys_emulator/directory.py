"""Directory objects the routing resources point at: divisions, users, groups, teams.

Read-mostly: users, groups and teams come from the seed.  Writes supported here
are the ones routing automation needs: moving objects between divisions and
assigning routing skills to users.
"""
from __future__ import annotations

import copy
from typing import Any, Dict, List

from . import validation as v
from .entities import get_or_404, get_route
from .framework import ApiError, route
from .paging import by_name_and_id, cursor_listing, named_cursor_listing, page_listing
from .refs import division_ref, entity_ref, public, self_uri

USER_STATES = ("active", "inactive", "deleted")


# ---------------------------------------------------------------------------
# Rendering

def render_user(state: Any, user: Dict[str, Any]) -> Dict[str, Any]:
    out = public(user)
    out["division"] = division_ref(state, user["division"]["id"])
    out["selfUri"] = self_uri("users", user["id"])
    return out


def user_ref(state: Any, user_id: str) -> Dict[str, Any]:
    return entity_ref(state, "users", user_id)


def group_member_ids(state: Any, kind: str, group_id: str) -> List[str]:
    group = state.get(kind, group_id)
    return list(group.get("_memberIds", [])) if group else []


def render_group(state: Any, group: Dict[str, Any]) -> Dict[str, Any]:
    out = public(group)
    out["memberCount"] = len(group.get("_memberIds", []))
    out["selfUri"] = self_uri("groups", group["id"])
    return out


def render_team(state: Any, team: Dict[str, Any]) -> Dict[str, Any]:
    out = public(team)
    out["division"] = division_ref(state, team["division"]["id"])
    out["memberCount"] = len(team.get("_memberIds", []))
    out["selfUri"] = self_uri("teams", team["id"])
    return out


def render_division(state: Any, division: Dict[str, Any], object_counts: bool = False
                    ) -> Dict[str, Any]:
    out = public(division)
    out["selfUri"] = self_uri("divisions", division["id"])
    if object_counts:
        counts: Dict[str, int] = {}
        for kind, label in (("queues", "QUEUE"), ("users", "USER")):
            counts[label] = sum(1 for item in state.all(kind)
                                if item.get("division", {}).get("id") == division["id"])
        out["objectCounts"] = counts
    return out


def _by_name(items: List[Dict[str, Any]], descending: bool = False) -> List[Dict[str, Any]]:
    return sorted(items, key=lambda item: (item.get("name") or "").lower(), reverse=descending)


def _descending(req: Any) -> bool:
    return (req.arg("sortOrder") or "asc").lower() in ("desc", "descending")


# ---------------------------------------------------------------------------
# Users

@route("GET", "/api/v2/users")
def list_users(req):
    wanted_ids = set(req.args("id"))
    wanted_state = (req.arg("state") or "active").lower()
    if wanted_state not in USER_STATES + ("any",):
        raise ApiError.invalid_value("state", wanted_state, "State", list(USER_STATES) + ["any"])
    users = [user for user in req.state.all("users")
             if (not wanted_ids or user["id"] in wanted_ids)
             and (wanted_state == "any" or user.get("state") == wanted_state)]
    return page_listing(req, _by_name(users, _descending(req)), max_size=500,
                        render=lambda user: render_user(req.state, user))


get_route("/api/v2/users/{userId}", "users", "User", render_user)


# -- user routing skills (UserRoutingSkill) ----------------------------------

def _user_skill_entities(state: Any, user_id: str) -> List[Dict[str, Any]]:
    assigned = state.get("user_skills", user_id) or {}
    out = []
    for skill_id, proficiency in assigned.items():
        skill = state.get("skills", skill_id)
        out.append({"id": skill_id, "name": skill["name"] if skill else None,
                    "proficiency": proficiency,
                    "state": "active" if skill and skill["state"] == "active" else "deleted",
                    "skillUri": self_uri("skills", skill_id),
                    "selfUri": "/api/v2/users/%s/routingskills/%s" % (user_id, skill_id)})
    return sorted(out, key=lambda item: (item["name"] or "").lower())


def _skill_post(state: Any, item: Any, field: str) -> tuple:
    v.obj(item, field)
    skill_id = v.required(v.string(item.get("id"), field + ".id"), field + ".id")
    proficiency = v.required(v.number(item.get("proficiency"), field + ".proficiency", 0, 5),
                             field + ".proficiency")
    skill = state.get("skills", skill_id)
    if skill is None or skill["state"] != "active":
        raise v.unknown_entity(field + ".id", skill_id, "Routing skill")
    return skill_id, float(proficiency)


@route("GET", "/api/v2/users/{userId}/routingskills")
def list_user_skills(req):
    user_id = req.path_params["userId"]
    get_or_404(req.state, "users", user_id, "User")
    items = _user_skill_entities(req.state, user_id)
    if _descending(req):
        items.reverse()
    return page_listing(req, items, max_size=500)


@route("POST", "/api/v2/users/{userId}/routingskills")
def add_user_skill(req):
    user_id = req.path_params["userId"]
    get_or_404(req.state, "users", user_id, "User")
    skill_id, proficiency = _skill_post(req.state, req.json_body(dict), "body")
    assigned = dict(req.state.get("user_skills", user_id) or {})
    assigned[skill_id] = proficiency
    req.state.put("user_skills", user_id, assigned)
    return next(item for item in _user_skill_entities(req.state, user_id)
                if item["id"] == skill_id)


@route("PUT", "/api/v2/users/{userId}/routingskills/bulk")
def replace_user_skills(req):
    """Replaces ALL of the user's skill assignments."""
    user_id = req.path_params["userId"]
    get_or_404(req.state, "users", user_id, "User")
    body = req.json_body(list)
    assigned = {}
    for index, item in enumerate(body):
        skill_id, proficiency = _skill_post(req.state, item, "body[%d]" % index)
        assigned[skill_id] = proficiency
    req.state.put("user_skills", user_id, assigned)
    return page_listing(req, _user_skill_entities(req.state, user_id), max_size=500)


@route("DELETE", "/api/v2/users/{userId}/routingskills/{skillId}")
def remove_user_skill(req):
    user_id = req.path_params["userId"]
    get_or_404(req.state, "users", user_id, "User")
    assigned = dict(req.state.get("user_skills", user_id) or {})
    if assigned.pop(req.path_params["skillId"], None) is None:
        raise ApiError.not_found("The user does not have skill [%s]."
                                 % req.path_params["skillId"])
    req.state.put("user_skills", user_id, assigned)
    return None


# ---------------------------------------------------------------------------
# Groups and teams

@route("GET", "/api/v2/groups")
def list_groups(req):
    wanted_ids = set(req.args("id"))
    groups = [group for group in req.state.all("groups")
              if not wanted_ids or group["id"] in wanted_ids]
    return page_listing(req, _by_name(groups, _descending(req)), max_size=500,
                        render=lambda group: render_group(req.state, group))


get_route("/api/v2/groups/{groupId}", "groups", "Group", render_group)


@route("GET", "/api/v2/groups/{groupId}/members")
def list_group_members(req):
    group = get_or_404(req.state, "groups", req.path_params["groupId"], "Group")
    users = [req.state.get("users", uid) for uid in group.get("_memberIds", [])]
    users = [user for user in users if user is not None]
    return page_listing(req, _by_name(users, _descending(req)), max_size=500,
                        render=lambda user: render_user(req.state, user))


@route("GET", "/api/v2/teams")
def list_teams(req):
    return named_cursor_listing(req, req.state.all("teams"),
                                render=lambda team: render_team(req.state, team))


get_route("/api/v2/teams/{teamId}", "teams", "Team", render_team)


@route("GET", "/api/v2/teams/{teamId}/members")
def list_team_members(req):
    team = get_or_404(req.state, "teams", req.path_params["teamId"], "Team")
    members = [user_ref(req.state, uid) for uid in team.get("_memberIds", [])
               if req.state.get("users", uid) is not None]
    return cursor_listing(req, members, by_name_and_id, max_size=100)


# ---------------------------------------------------------------------------
# Divisions

@route("GET", "/api/v2/authorization/divisions")
def list_divisions(req):
    wanted_ids = set(req.args("id"))
    name = req.arg("name")
    counts = req.bool_arg("objectCount", False)
    divisions = [division for division in req.state.all("divisions")
                 if (not wanted_ids or division["id"] in wanted_ids)
                 and (name is None or division["name"].lower() == name.lower())]
    return page_listing(req, _by_name(divisions, _descending(req)), max_size=500,
                        render=lambda division: render_division(req.state, division, counts))


@route("GET", "/api/v2/authorization/divisions/home")
def get_home_division(req):
    for division in req.state.all("divisions"):
        if division.get("homeDivision"):
            return render_division(req.state, division)
    raise ApiError.not_found("The organization has no home division.")


@route("GET", "/api/v2/authorization/divisions/{divisionId}")
def get_division(req):
    division = get_or_404(req.state, "divisions", req.path_params["divisionId"], "Division")
    return render_division(req.state, division, req.bool_arg("objectCount", False))


# Object types this emulator can move, mapped to store kinds and audit types.
MOVABLE = {"QUEUE": ("queues", "Queue"), "USER": ("users", "User")}


@route("POST", "/api/v2/authorization/divisions/{divisionId}/objects/{objectType}")
def move_objects(req):
    """Assign objects to a division: how a queue changes division (204)."""
    division_id = req.path_params["divisionId"]
    get_or_404(req.state, "divisions", division_id, "Division")
    object_type = req.path_params["objectType"].upper()
    if object_type not in MOVABLE:
        raise ApiError.invalid_value("objectType", req.path_params["objectType"], "ObjectType",
                                     sorted(MOVABLE))
    kind, audit_type = MOVABLE[object_type]
    ids = req.json_body(list)
    v.array(ids, "body", min_items=1)
    for index, object_id in enumerate(ids):
        v.string(object_id, "body[%d]" % index)
        if req.state.get(kind, object_id) is None:
            raise v.unknown_entity("body[%d]" % index, object_id, audit_type)
    now = req.state.now()
    for object_id in dict.fromkeys(ids):
        old = req.state.get(kind, object_id)
        if old["division"]["id"] == division_id:
            continue
        new = copy.deepcopy(old)
        new["division"] = {"id": division_id}
        if kind == "queues":
            new["dateModified"] = now
            new["modifiedBy"] = req.client_id
        else:
            new["version"] = int(old.get("version", 1)) + 1
        req.state.put(kind, object_id, new)
        req.state.on_change(audit_type, "Update", {"id": object_id, "name": new.get("name")},
                            [{"property": "division", "oldValues": [old["division"]["id"]],
                              "newValues": [division_id]}])
    return None
