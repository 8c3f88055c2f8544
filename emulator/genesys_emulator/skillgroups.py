"""Skill groups (reference §3.2): expression-based groups of agents.

Membership is computed from the users' routing skills and languages, limited to
the users of the group's member divisions.  Evaluation rules (the platform's
exact semantics are UNCONFIRMED): the top-level ``skillConditions`` are ANDed;
``And`` = all sub-conditions hold, ``Or`` = any, ``Not`` = none; a skill or
language condition also requires all of its ``childConditions``.
"""
from __future__ import annotations

import copy
import operator
from typing import Any, Dict, List

from . import validation as v
from .entities import entity_route, get_or_404, get_route, save_change
from .framework import ApiError, Response, route
from .paging import by_name_and_id, cursor_listing, named_cursor_listing
from .refs import division_ref, entity_ref, resolve_division, self_uri

OPERATIONS = ("And", "Not", "Or")
COMPARATORS = {"EqualTo": operator.eq, "NotEqualTo": operator.ne, "LessThan": operator.lt,
               "GreaterThan": operator.gt, "GreaterThanOrEqualTo": operator.ge,
               "LessThanOrEqualTo": operator.le}
MAX_DEPTH = 10


# ---------------------------------------------------------------------------
# Validation

def validate_conditions(state: Any, conditions: Any, field: str, depth: int = 0) -> List[Any]:
    v.array(conditions, field)
    if depth > MAX_DEPTH:
        raise ApiError.invalid_value(field, "...", field,
                                     reason="conditions nest deeper than %d levels" % MAX_DEPTH)
    for index, condition in enumerate(conditions):
        path = "%s[%d]" % (field, index)
        v.obj(v.required(condition, path), path)
        v.required(condition.get("operation"), path + ".operation")
        v.enum(condition.get("operation"), path + ".operation", "Operation", OPERATIONS)
        skill_conditions = v.array(condition.get("routingSkillConditions"),
                                   path + ".routingSkillConditions") or []
        language_conditions = v.array(condition.get("languageSkillConditions"),
                                      path + ".languageSkillConditions") or []
        if not skill_conditions and not language_conditions:
            raise ApiError.invalid_value(path, "", path, reason="a condition needs at least one "
                                         "routing skill or language condition")
        for kind, key, items in (("skills", "routingSkill", skill_conditions),
                                 ("languages", "languageSkill", language_conditions)):
            list_name = "routingSkillConditions" if kind == "skills" else \
                "languageSkillConditions"
            for sub_index, item in enumerate(items):
                sub = "%s.%s[%d]" % (path, list_name, sub_index)
                v.obj(v.required(item, sub), sub)
                name = v.required(v.string(item.get(key), sub + "." + key), sub + "." + key)
                if not _active_name(state, kind, name):
                    raise v.unknown_entity(sub + "." + key, name,
                                           "Routing skill" if kind == "skills" else "Language")
                v.required(item.get("comparator"), sub + ".comparator")
                v.enum(item.get("comparator"), sub + ".comparator", "Comparator",
                       list(COMPARATORS))
                v.required(item.get("proficiency"), sub + ".proficiency")
                v.integer(item.get("proficiency"), sub + ".proficiency", 0, 5)
                children = item.get("childConditions")
                if children is not None:
                    validate_conditions(state, children, sub + ".childConditions", depth + 1)
    return conditions


def _active_name(state: Any, kind: str, name: str) -> bool:
    lowered = name.lower()
    return any(item["state"] == "active" and item["name"].lower() == lowered
               for item in state.all(kind))


# ---------------------------------------------------------------------------
# Membership

def _proficiencies(state: Any, kind: str, user_id: str) -> Dict[str, float]:
    store_kind = "user_skills" if kind == "skills" else "user_languages"
    out = {}
    for entity_id, proficiency in (state.get(store_kind, user_id) or {}).items():
        entity = state.get(kind, entity_id)
        if entity is not None and entity["state"] == "active":
            out[entity["name"].lower()] = proficiency
    return out


def _holds(condition: Dict[str, Any], skills: Dict[str, float],
           languages: Dict[str, float]) -> bool:
    results = []
    for kind_map, key, items in ((skills, "routingSkill", condition.get("routingSkillConditions")),
                                 (languages, "languageSkill",
                                  condition.get("languageSkillConditions"))):
        for item in items or []:
            have = kind_map.get(item[key].lower())
            ok = have is not None and COMPARATORS[item["comparator"]](have, item["proficiency"])
            if ok:
                ok = all(_holds(child, skills, languages)
                         for child in item.get("childConditions") or [])
            results.append(ok)
    if condition["operation"] == "And":
        return all(results)
    if condition["operation"] == "Or":
        return any(results)
    return not any(results)


MAX_MEMBER_DIVISIONS = 50   # [TF] PR #1096


def member_divisions(group: Dict[str, Any]) -> List[str]:
    """The group's member divisions: its own division always among them ([TF] routing_skill_group
    utils strips it from the API's list when the user did not ask for it)."""
    own = (group.get("division") or {}).get("id")
    return list(dict.fromkeys(([own] if own else []) + list(group.get("memberDivisions") or [])))


def _check_member_division_count(ids: Any, field: str) -> None:
    explicit = [item for item in ids or [] if item != "*"] if isinstance(ids, list) else []
    if len(set(explicit)) > MAX_MEMBER_DIVISIONS:
        raise ApiError(400, "invalid.value",
                       "A skill group can have at most %d member divisions; got %d."
                       % (MAX_MEMBER_DIVISIONS, len(set(explicit))),
                       details=[{"errorCode": "invalid.value", "fieldName": field}])


def member_ids(state: Any, group: Dict[str, Any]) -> List[str]:
    divisions = set(member_divisions(group))
    out = []
    for user in state.all("users"):
        if user.get("state") != "active" or user["division"]["id"] not in divisions:
            continue
        skills = _proficiencies(state, "skills", user["id"])
        languages = _proficiencies(state, "languages", user["id"])
        if all(_holds(condition, skills, languages) for condition in group["skillConditions"]):
            out.append(user["id"])
    return out


# ---------------------------------------------------------------------------
# Rendering

def render_definition(state: Any, group: Dict[str, Any]) -> Dict[str, Any]:
    """SkillGroupDefinition (list entries): no conditions, no member divisions."""
    out = {"id": group["id"], "name": group["name"],
           "division": division_ref(state, group["division"]["id"]),
           "memberCount": len(member_ids(state, group)),
           "dateModified": group["dateModified"], "dateCreated": group["dateCreated"],
           "selfUri": self_uri("skillgroups", group["id"])}
    if group.get("description") is not None:
        out["description"] = group["description"]
    return out


def render_skillgroup(state: Any, group: Dict[str, Any],
                      with_member_divisions: bool = False) -> Dict[str, Any]:
    out = render_definition(state, group)
    out["status"] = "Complete"
    out["skillConditions"] = copy.deepcopy(group["skillConditions"])
    if with_member_divisions:
        out["memberDivisions"] = member_divisions(group)
    return out


def _get(req) -> Dict[str, Any]:
    return get_or_404(req.state, "skillgroups", req.path_params["skillGroupId"], "Skill group")


def _check_name(state: Any, name: str, current_id: Any = None) -> str:
    name = v.required(v.string(name, "name", max_length=256), "name").strip()
    for other in state.all("skillgroups"):
        if other["id"] != current_id and other["name"].lower() == name.lower():
            # UNCONFIRMED: duplicate skill group names assumed rejected.
            raise ApiError(400, "bad.request",
                           "A skill group with name [%s] already exists." % name,
                           details=[{"errorCode": "duplicate.name", "fieldName": "name"}])
    return name


def _division_ids(state: Any, ids: Any, field: str) -> List[str]:
    v.array(ids, field)
    out: List[str] = []
    for index, division_id in enumerate(ids or []):
        v.string(division_id, "%s[%d]" % (field, index))
        if division_id == "*":
            out.extend(d["id"] for d in state.all("divisions"))
        elif state.get("divisions", division_id) is None:
            raise v.unknown_entity("%s[%d]" % (field, index), division_id, "Division")
        else:
            out.append(division_id)
    return list(dict.fromkeys(out))


# ---------------------------------------------------------------------------
# Routes

@route("GET", "/api/v2/routing/skillgroups")
def list_skillgroups(req):
    return named_cursor_listing(req, req.state.all("skillgroups"),
                                render=lambda group: render_definition(req.state, group))


@route("POST", "/api/v2/routing/skillgroups")
def create_skillgroup(req):
    body = req.json_body(dict)
    name = _check_name(req.state, body.get("name"))
    description = v.string(body.get("description"), "description", max_length=1024)
    division_id = resolve_division(req.state, body.get("division"))
    conditions = validate_conditions(
        req.state, v.required(body.get("skillConditions"), "skillConditions"),
        "skillConditions")
    if not conditions:
        raise ApiError.invalid_value("skillConditions", "[]", "skillConditions",
                                     reason="at least one condition is required")
    divisions = body.get("memberDivisions")
    _check_member_division_count(divisions, "memberDivisions")
    if divisions:
        divisions = _division_ids(req.state, divisions, "memberDivisions")
    else:
        divisions = [division_id]   # the own division is always a member division
    now = req.state.now()
    group = {"id": req.state.new_id(), "name": name, "division": {"id": division_id},
             "skillConditions": copy.deepcopy(conditions), "memberDivisions": divisions,
             "dateCreated": now, "dateModified": now}
    if description is not None:
        group["description"] = description
    save_change(req.state, "skillgroups", "SkillGroup", None, group)
    return render_skillgroup(req.state, group, with_member_divisions=True)


get_route("/api/v2/routing/skillgroups/{skillGroupId}", "skillgroups", "Skill group",
          render_skillgroup)


@route("PATCH", "/api/v2/routing/skillgroups/{skillGroupId}")
def patch_skillgroup(req):
    """Fields present in the body replace the stored ones; absent fields are kept."""
    old = _get(req)
    body = req.json_body(dict)
    new = copy.deepcopy(old)
    if "name" in body:
        new["name"] = _check_name(req.state, body["name"], current_id=old["id"])
    if "description" in body:
        description = v.string(body["description"], "description", max_length=1024)
        if description is None:
            new.pop("description", None)
        else:
            new["description"] = description
    if "division" in body and body["division"] is not None:
        new["division"] = {"id": resolve_division(req.state, body["division"])}
    if "skillConditions" in body:
        conditions = validate_conditions(
            req.state, v.required(body["skillConditions"], "skillConditions"), "skillConditions")
        if not conditions:
            raise ApiError.invalid_value("skillConditions", "[]", "skillConditions",
                                         reason="at least one condition is required")
        new["skillConditions"] = copy.deepcopy(conditions)
    new["dateModified"] = req.state.now()
    save_change(req.state, "skillgroups", "SkillGroup", old, new)
    return render_skillgroup(req.state, new)


@entity_route("DELETE", "/api/v2/routing/skillgroups/{skillGroupId}", "skillgroups", "Skill group")
def delete_skillgroup(req, old):
    save_change(req.state, "skillgroups", "SkillGroup", old, None)
    return None


@route("GET", "/api/v2/routing/skillgroups/{skillGroupId}/members")
def list_skillgroup_members(req):
    group = _get(req)
    members = [entity_ref(req.state, "users", uid) for uid in member_ids(req.state, group)]
    return cursor_listing(req, members, by_name_and_id, max_size=100)


@route("GET", "/api/v2/routing/skillgroups/{skillGroupId}/members/divisions")
def list_skillgroup_member_divisions(req):
    group = _get(req)
    return {"entities": [division_ref(req.state, division_id)
                         for division_id in member_divisions(group)]}


@route("POST", "/api/v2/routing/skillgroups/{skillGroupId}/members/divisions")
def update_skillgroup_member_divisions(req):
    old = _get(req)
    body = req.json_body(dict)
    _check_member_division_count(body.get("addDivisionIds"), "addDivisionIds")
    add = _division_ids(req.state, body.get("addDivisionIds"), "addDivisionIds")
    # Removing the group's own division is ignored: it is always a member division.
    remove = set(_division_ids(req.state, body.get("removeDivisionIds"), "removeDivisionIds")) - \
        {old["division"]["id"]}
    current = [d for d in (old.get("memberDivisions") or []) if d not in remove]
    current.extend(d for d in add if d not in current and d not in remove)
    if "*" not in (body.get("addDivisionIds") or []):
        _check_member_division_count(member_divisions(dict(old, memberDivisions=current)),
                                     "addDivisionIds")
    new = copy.deepcopy(old)
    new["memberDivisions"] = current
    new["dateModified"] = req.state.now()
    save_change(req.state, "skillgroups", "SkillGroup", old, new)
    # UNCONFIRMED status: the SDK returns nothing; membership is recomputed asynchronously.
    return Response(202)
