"""What workbins, worktypes and workitem schemas share: query paging, versions, history, PATCH.

* ``POST .../query`` (WorkbinQueryRequest / WorktypeQueryRequest): ``pageSize`` <= 200,
  ``after`` cursor in the body, ``filters[{name, type, operator, values}]``, ``sort``.
  Answer ``{entities, after, count, selfUri}``: ``after`` only while more match
  (reference task-management.md "Endpoints and paging"; ``count`` is UNCONFIRMED: here
  the number of matches).
* Every create or PATCH of a workbin or worktype records a version (WorkbinVersion /
  WorktypeVersion: the entity plus ``version``) and a history entry (``{version, delta}``
  with ``{oldValue, newValue}`` per changed attribute).  ``/versions`` and ``/history`` page
  by ``after`` / ``pageSize`` in the query string (SDK ``get_taskmanagement_*_versions``).
* PATCH is partial: an absent key leaves the field alone, an explicit JSON null clears it
  (the Terraform provider clears optional fields that way).
"""
from __future__ import annotations

import base64
import copy
import json
from typing import Any, Callable, Dict, List, Optional

from . import validation as v
from .framework import ApiError, route

TM = "/api/v2/taskmanagement"
MAX_QUERY_PAGE = 200
DEFAULT_QUERY_PAGE = 25
FILTER_TYPES = ("String", "Int")
FILTER_OPERATORS = ("EQ", "NEQ", "GT", "LT", "GTE", "LTE", "IN", "CONTAINS", "BETWEEN",
                    "BEGINS_WITH")
SORT_NAMES = ("dateModified", "name")
VERSIONS_KIND = "taskmanagement_versions"
MAX_DAYS_SECONDS = 365 * 86400


def _cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(json.dumps({"o": offset}).encode()).decode().rstrip("=")


def _offset(cursor: str, field: str) -> int:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        offset = json.loads(base64.urlsafe_b64decode(padded.encode()).decode())["o"]
        if isinstance(offset, int) and offset >= 0:
            return offset
    except (ValueError, KeyError, TypeError, UnicodeDecodeError):
        pass
    raise ApiError.invalid_value(field, cursor, field, reason="not a valid cursor")


def _matches(value: Any, flt: Dict[str, Any]) -> bool:
    operator, wanted = flt["operator"], flt["values"]
    if flt["type"] == "Int":
        try:
            wanted = [int(item) for item in wanted]
        except ValueError:
            raise ApiError.invalid_value("filters.values", wanted, "filters.values",
                                         reason="Int filters need integer values")
    if isinstance(value, list):
        return any(_matches(item, flt) for item in value)
    if value is None:
        return operator == "NEQ"
    first = wanted[0]
    if operator == "EQ":
        return value == first
    if operator == "NEQ":
        return value != first
    if operator == "IN":
        return value in wanted
    if operator == "CONTAINS":
        return str(first).lower() in str(value).lower()
    if operator == "BEGINS_WITH":
        return str(value).lower().startswith(str(first).lower())
    if operator == "BETWEEN":
        return len(wanted) == 2 and wanted[0] <= value <= wanted[1]
    comparisons = {"GT": value > first, "LT": value < first, "GTE": value >= first,
                   "LTE": value <= first}
    return comparisons[operator]


def _check_filters(raw: Any, attributes: Dict[str, Any]) -> List[Dict[str, Any]]:
    filters = v.array(raw, "filters") or []
    out = []
    for index, flt in enumerate(filters):
        field = "filters[%d]" % index
        v.obj(flt, field)
        name = v.required(v.string(flt.get("name"), field + ".name"), field + ".name")
        if name not in attributes:
            raise ApiError.invalid_value(field + ".name", name, "Filter name",
                                         sorted(attributes))
        v.required(flt.get("type"), field + ".type")
        v.enum(flt.get("type"), field + ".type", "Type", FILTER_TYPES)
        v.required(flt.get("operator"), field + ".operator")
        v.enum(flt.get("operator"), field + ".operator", "Operator", FILTER_OPERATORS)
        values = v.required(v.array(flt.get("values"), field + ".values", min_items=1),
                            field + ".values")
        out.append({"name": name, "type": flt["type"], "operator": flt["operator"],
                    "values": [str(item) for item in values]})
    return out


def query_listing(req: Any, items: List[Dict[str, Any]],
                  attributes: Callable[[Dict[str, Any]], Dict[str, Any]],
                  render: Callable[[Dict[str, Any]], Dict[str, Any]]) -> Dict[str, Any]:
    """The answer of a ``POST .../query`` over ``items`` (stored entities)."""
    body = req.json_body(dict)
    size = v.integer(body.get("pageSize"), "pageSize", minimum=1, maximum=MAX_QUERY_PAGE)
    size = size or DEFAULT_QUERY_PAGE
    known = attributes(items[0]) if items else attributes({})
    filters = _check_filters(body.get("filters"), known)
    sort = v.obj(body.get("sort"), "sort") or {}
    sort_name = v.enum(sort.get("name"), "sort.name", "Name", SORT_NAMES) or "name"
    ascending = v.boolean(sort.get("ascending"), "sort.ascending")
    matched = [item for item in items
               if all(_matches(attributes(item).get(flt["name"]), flt) for flt in filters)]
    matched.sort(key=lambda item: ((item.get(sort_name) or "").lower(), item["id"]),
                 reverse=ascending is False)
    after = v.string(body.get("after"), "after")
    start = _offset(after, "after") if after else 0
    chunk = matched[start:start + size]
    listing: Dict[str, Any] = {"entities": [render(item) for item in chunk],
                               "count": len(matched), "selfUri": req.path}
    if start + size < len(matched):
        listing["after"] = _cursor(start + size)
    return listing


# ---------------------------------------------------------------------------
# PATCH helpers


def refuse_while_worktypes_use(state: Any, entity: Dict[str, Any], key: str, message: str,
                               field: str) -> None:
    """400 while worktypes hold the entity's id in ``key``: ``message`` gets its name and theirs."""
    users = sorted(wt["name"] for wt in state.all("worktypes") if wt.get(key) == entity["id"])
    if users:
        raise ApiError.bad_request(message % (entity["name"], ", ".join(users)), field)


def refuse_unknown_keys(body: Dict[str, Any], allowed: List[str], model: str) -> None:
    for key in sorted(body):
        if key not in allowed:
            raise ApiError.bad_request("Unrecognized field [%s]: it is not part of %s."
                                       % (key, model), key)


def patched(body: Dict[str, Any], key: str, current: Any, check: Callable[[Any], Any]) -> Any:
    """The new value of ``key``: unchanged when absent, cleared by null, else checked."""
    if key not in body:
        return current
    if body[key] is None:
        return None
    return check(body[key])


def duration(value: Any, field: str, minimum: int = 0) -> Optional[int]:
    return v.integer(value, field, minimum=minimum, maximum=MAX_DAYS_SECONDS)


def name_3_256(value: Any, field: str = "name") -> str:
    name = v.required(v.string(value, field, max_length=256), field)
    if len(name) < 3:
        raise ApiError.invalid_value(field, name, field, reason="must be at least 3 characters")
    return name


# ---------------------------------------------------------------------------
# Versions and history


def _history_key(kind: str, entity_id: str) -> str:
    return "%s:%s" % (kind, entity_id)


def record_version(state: Any, kind: str, snapshot: Dict[str, Any],
                   delta: Dict[str, Any]) -> int:
    """Store the entity as a new version with its delta; returns the version number."""
    key = _history_key(kind, snapshot["id"])
    history = copy.deepcopy(state.get(VERSIONS_KIND, key) or [])
    number = len(history) + 1
    history.append({"version": number, "snapshot": copy.deepcopy(snapshot), "delta": delta})
    state.put(VERSIONS_KIND, key, history)
    return number


def forget_versions(state: Any, kind: str, entity_id: str) -> None:
    state.delete(VERSIONS_KIND, _history_key(kind, entity_id))


def delta_of(old: Optional[Dict[str, Any]], new: Dict[str, Any],
             attributes: Callable[[Dict[str, Any]], Dict[str, Any]],
             tracked: List[str]) -> Dict[str, Any]:
    """``{attribute: {oldValue, newValue}}`` for the tracked attributes that changed."""
    before = attributes(old) if old else {}
    after = attributes(new)
    delta = {}
    for name in tracked:
        if before.get(name) != after.get(name):
            change = {}
            if before.get(name) is not None:
                change["oldValue"] = before[name]
            if after.get(name) is not None:
                change["newValue"] = after[name]
            delta[name] = change
    return delta


def _cursor_page(req: Any, entries: List[Any]) -> Dict[str, Any]:
    size = req.int_arg("pageSize", DEFAULT_QUERY_PAGE, minimum=1, maximum=MAX_QUERY_PAGE)
    order = req.arg("sortOrder", "descending")
    v.enum(order, "sortOrder", "SortOrder", ("ascending", "descending"))
    ordered = entries if order == "ascending" else list(reversed(entries))
    after = req.arg("after")
    start = _offset(after, "after") if after else 0
    listing: Dict[str, Any] = {"entities": ordered[start:start + size], "selfUri": req.path}
    if start + size < len(ordered):
        listing["after"] = _cursor(start + size)
    return listing


def versions_listing(req: Any, kind: str, entity_id: str) -> Dict[str, Any]:
    history = req.state.get(VERSIONS_KIND, _history_key(kind, entity_id)) or []
    return _cursor_page(req, [dict(entry["snapshot"], version=entry["version"])
                              for entry in history])


def one_version(req: Any, kind: str, entity_id: str, raw_version: str) -> Dict[str, Any]:
    history = req.state.get(VERSIONS_KIND, _history_key(kind, entity_id)) or []
    try:
        number = int(raw_version)
    except ValueError:
        raise ApiError.invalid_value("entityVersion", raw_version, "entityVersion",
                                     reason="must be an integer")
    if not 1 <= number <= len(history):
        raise ApiError.not_found("Version [%s] of [%s] was not found." % (raw_version, entity_id))
    return dict(history[number - 1]["snapshot"], version=number)


def history_listing(req: Any, kind: str, entity_id: str) -> Dict[str, Any]:
    history = req.state.get(VERSIONS_KIND, _history_key(kind, entity_id)) or []
    fields = set(req.args("fields"))
    entries = []
    for entry in history:
        delta = {key: value for key, value in entry["delta"].items()
                 if not fields or key in fields}
        if fields and not delta:
            continue
        entries.append({"version": entry["version"], "delta": delta})
    return _cursor_page(req, entries)


def version_routes(collection: str, id_param: str, kind: str,
                   lookup: Callable[[Any, str], Dict[str, Any]]) -> None:
    """Register ``/versions``, ``/versions/{entityVersion}`` and ``/history`` of a collection.

    ``lookup(state, id)`` answers the entity or raises the 404.
    """
    base = "%s/%s/{%s}" % (TM, collection, id_param)

    def versions(req):
        return versions_listing(req, kind, lookup(req.state, req.path_params[id_param])["id"])

    def version(req):
        entity = lookup(req.state, req.path_params[id_param])
        return one_version(req, kind, entity["id"], req.path_params["entityVersion"])

    def history(req):
        return history_listing(req, kind, lookup(req.state, req.path_params[id_param])["id"])

    route("GET", base + "/versions")(versions)
    route("GET", base + "/versions/{entityVersion}")(version)
    route("GET", base + "/history")(history)
