"""Shared rendering of references between entities (division, user, skill...)."""
from __future__ import annotations

from typing import Any, Dict, Optional

# selfUri prefixes per store kind, as the platform writes them.
SELF_URIS = {
    "divisions": "/api/v2/authorization/divisions/",
    "users": "/api/v2/users/",
    "groups": "/api/v2/groups/",
    "teams": "/api/v2/teams/",
    "skills": "/api/v2/routing/skills/",
    "languages": "/api/v2/routing/languages/",
    "wrapupcodes": "/api/v2/routing/wrapupcodes/",
    "queues": "/api/v2/routing/queues/",
    "skillgroups": "/api/v2/routing/skillgroups/",
}


def self_uri(kind: str, entity_id: str) -> str:
    return SELF_URIS[kind] + entity_id


def public(entity: Dict[str, Any]) -> Dict[str, Any]:
    """Copy without the internal ``_`` keys."""
    return {key: value for key, value in entity.items() if not key.startswith("_")}


def home_division_id(state: Any) -> Optional[str]:
    for division in state.all("divisions"):
        if division.get("homeDivision"):
            return division["id"]
    return None


def division_ref(state: Any, division_id: Optional[str]) -> Optional[Dict[str, Any]]:
    if not division_id:
        return None
    division = state.get("divisions", division_id)
    ref = {"id": division_id, "selfUri": self_uri("divisions", division_id)}
    if division is not None:
        ref["name"] = division["name"]
    return ref


def entity_ref(state: Any, kind: str, entity_id: str) -> Dict[str, Any]:
    """``{id, name, selfUri}`` of a stored entity (name omitted when unknown)."""
    ref = {"id": entity_id, "selfUri": self_uri(kind, entity_id)}
    entity = state.get(kind, entity_id)
    if entity is not None and entity.get("name") is not None:
        ref["name"] = entity["name"]
    return ref


def resolve_division(state: Any, value: Any, field: str = "division") -> str:
    """Division id from a ``{id}`` object in a request body, home when absent."""
    from . import validation
    from .framework import ApiError
    if value is None:
        home = home_division_id(state)
        if home is None:
            raise ApiError(500, "internal.server.error", "The organization has no home division.")
        return home
    validation.obj(value, field)
    division_id = value.get("id")
    if division_id in (None, ""):
        return resolve_division(state, None, field)
    validation.string(division_id, field + ".id")
    if state.get("divisions", division_id) is None:
        raise validation.unknown_entity(field + ".id", division_id, "Division")
    return division_id
