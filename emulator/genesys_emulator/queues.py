"""Routing queues (reference §1): /api/v2/routing/queues.

* POST answers 200 with the Queue.  PUT is a FULL REPLACEMENT: every writable
  field missing from the body is cleared, or reset to the server default for
  the fields that always have a value (``QUEUE_DEFAULTS``, ``MEDIA_DEFAULTS``;
  the default values themselves are UNCONFIRMED).
* Read-only fields in a request body (id, memberCount, dateCreated...) are ignored,
  not rejected, as the platform does ([TF] copies them from a GET into PUTs).
* Unknown properties are ignored (UNCONFIRMED).
* Last writer wins: no version, no ETag, no If-Match.
* Division: POST takes ``division.id`` (home when absent).  PUT IGNORES a
  different division: the platform moves queues with
  POST /api/v2/authorization/divisions/{divisionId}/objects/QUEUE (reference §1.1,
  where moving via PUT is UNCONFIRMED), so the emulator keeps that one way.
* Members and wrap-up codes are not part of the body: see queue_members.py.
* Body validation and the server defaults: queue_validation.py.
"""
from __future__ import annotations

import copy
from typing import Any, Dict, List, Set

from . import validation as v
from .consistency import cached_deleted, is_pending, remember_deleted
from .directory import group_member_ids
from .entities import get_or_404, save_change
from .framework import ApiError, route
from .paging import page_listing
from .queue_validation import MEMBER_GROUP_KINDS, MEMBER_GROUP_URIS, SERVER_FIELDS, validate_queue_body
from .refs import division_ref, public, resolve_division, self_uri
from .wrapupcodes import name_matches

# ---------------------------------------------------------------------------
# Membership (shared with queue_members.py)

def member_group_users(state: Any, group: Dict[str, Any]) -> List[str]:
    if group["type"] == "SKILLGROUP":
        from .skillgroups import member_ids
        skill_group = state.get("skillgroups", group["id"])
        return member_ids(state, skill_group) if skill_group else []
    return group_member_ids(state, MEMBER_GROUP_KINDS[group["type"]], group["id"])


def ring_count(queue: Dict[str, Any]) -> int:
    rings = (queue.get("bullseye") or {}).get("rings") or []
    return max(1, len(rings))


def queue_membership(state: Any, queue: Dict[str, Any]) -> Dict[str, Dict[str, Any]]:
    """userId -> {ringNumber, joined, memberBy} for direct and group members."""
    stored = state.get("queue_members", queue["id"]) or {}
    out: Dict[str, Dict[str, Any]] = {}
    for user_id, entry in stored.items():
        if is_pending(entry):
            continue   # a bulk add the platform has not processed yet (eventual consistency)
        if entry.get("direct"):
            out[user_id] = {"ringNumber": entry.get("ringNumber", 1),
                            "joined": entry.get("joined", True), "memberBy": "user"}
    group_sources: List[tuple] = [(group, ring_count(queue))
                                  for group in queue.get("memberGroups") or []]
    for ring_index, ring in enumerate((queue.get("bullseye") or {}).get("rings") or []):
        for group in ring.get("memberGroups") or []:
            group_sources.append((group, ring_index + 1))
    for group, ring_number in group_sources:
        for user_id in member_group_users(state, group):
            if user_id in out:
                continue
            override = stored.get(user_id) or {}
            out[user_id] = {"ringNumber": override.get("ringNumber", ring_number),
                            "joined": override.get("joined", True), "memberBy": "group"}
    return out


# ---------------------------------------------------------------------------
# Rendering

def _render_member_group(state: Any, group: Dict[str, Any]) -> Dict[str, Any]:
    out = {"id": group["id"], "type": group["type"],
           "selfUri": MEMBER_GROUP_URIS[group["type"]] + group["id"],
           "memberCount": len(member_group_users(state, group))}
    entity = state.get(MEMBER_GROUP_KINDS[group["type"]], group["id"])
    if entity is not None:
        out["name"] = entity["name"]
        if entity.get("division"):
            out["division"] = division_ref(state, entity["division"]["id"])
    return out


def render_queue(state: Any, queue: Dict[str, Any]) -> Dict[str, Any]:
    out = copy.deepcopy(public(queue))
    out["division"] = division_ref(state, queue["division"]["id"])
    if "memberGroups" in out:
        out["memberGroups"] = [_render_member_group(state, g) for g in queue["memberGroups"]]
    for ring in (out.get("bullseye") or {}).get("rings") or []:
        for skill in (ring.get("actions") or {}).get("skillsToRemove") or []:
            stored = state.get("skills", skill["id"])
            if stored is not None:
                skill["name"] = stored["name"]
            skill["selfUri"] = self_uri("skills", skill["id"])
        if ring.get("memberGroups"):
            ring["memberGroups"] = [_render_member_group(state, g) for g in ring["memberGroups"]]
    for index, rule in enumerate((out.get("conditionalGroupRouting") or {}).get("rules") or []):
        rule["groups"] = [_render_member_group(state, g) for g in rule["groups"]]
        if index == 0:
            # The platform fills rule 1 with the queue itself (and refuses it in a PUT):
            # [TF] routing_queue "remove queue_id from first CGR rule", PR #678.
            rule["queue"] = _queue_ref(state, queue["id"])
        elif rule.get("queue"):
            rule["queue"] = _queue_ref(state, rule["queue"]["id"])
    activation = out.get("conditionalGroupActivation") or {}
    for rule in activation.get("rules") or []:
        rule["groups"] = [_render_member_group(state, g) for g in rule["groups"]]
    for rule in [activation.get("pilotRule") or {}] + (activation.get("rules") or []):
        for condition in rule.get("conditions") or []:
            # Server-filled when the writer left it out ([TF] PR #2327 made it Computed).
            metric = condition.setdefault("simpleMetric", {})
            metric.setdefault("queue", {"id": queue["id"]})
            metric["queue"] = _queue_ref(state, metric["queue"]["id"])
    membership = queue_membership(state, queue)
    out["memberCount"] = len(membership)
    out["userMemberCount"] = sum(1 for m in membership.values() if m["memberBy"] == "user")
    out["joinedMemberCount"] = sum(1 for m in membership.values() if m["joined"])
    out["selfUri"] = self_uri("queues", queue["id"])
    return out


def _queue_ref(state: Any, queue_id: str) -> Dict[str, Any]:
    ref = {"id": queue_id, "selfUri": self_uri("queues", queue_id)}
    queue = state.get("queues", queue_id)
    if queue is not None:
        ref["name"] = queue["name"]
    return ref


def get_queue_or_404(state: Any, queue_id: str, cached: bool = False) -> Dict[str, Any]:
    if cached and state.get("queues", queue_id) is None:
        queue = cached_deleted(state, "queues", queue_id)
        if queue is not None:
            return queue
    return get_or_404(state, "queues", queue_id, "Queue")


def clamp_ring_numbers(state: Any, queue: Dict[str, Any]) -> None:
    """After a bullseye shrinks, members on a vanished ring move to the last ring."""
    rings = ring_count(queue)
    stored = state.get("queue_members", queue["id"]) or {}
    if any(entry.get("ringNumber", 1) > rings for entry in stored.values()):
        state.put("queue_members", queue["id"], {
            user_id: dict(entry, ringNumber=min(entry.get("ringNumber", 1), rings))
            for user_id, entry in stored.items()})


# ---------------------------------------------------------------------------
# Routes

@route("GET", "/api/v2/routing/queues")
def list_queues(req):
    name = req.arg("name")
    wanted_ids: Set[str] = set(req.args("id"))
    divisions: Set[str] = set(req.args("divisionId"))
    peers: Set[str] = set(req.args("peerId"))
    has_peer = req.bool_arg("hasPeer")
    library = req.arg("cannedResponseLibraryId")
    order = (req.arg("sortOrder") or "asc").lower()
    if order not in ("asc", "desc", "ascending", "descending"):
        raise ApiError.invalid_value("sortOrder", req.arg("sortOrder"), "SortOrder",
                                     ["asc", "desc"])
    queues = []
    for queue in req.state.all("queues"):
        if name and not name_matches(queue["name"], name):
            continue
        if wanted_ids and queue["id"] not in wanted_ids:
            continue
        if divisions and queue["division"]["id"] not in divisions:
            continue
        if peers and queue.get("peerId") not in peers:
            continue
        if has_peer is not None and bool(queue.get("peerId")) != has_peer:
            continue
        if library and library not in ((queue.get("cannedResponseLibraries") or {})
                                       .get("libraryIds") or []):
            continue
        queues.append(queue)
    queues.sort(key=lambda queue: (queue["name"].lower(), queue["id"]),
                reverse=order.startswith("desc"))
    return page_listing(req, queues, max_size=500,
                        render=lambda queue: render_queue(req.state, queue))


@route("POST", "/api/v2/routing/queues")
def create_queue(req):
    body = req.json_body(dict)
    source_id = v.string(body.get("sourceQueueId"), "sourceQueueId")
    if source_id:
        source = req.state.get("queues", source_id)
        if source is None:
            raise v.unknown_entity("sourceQueueId", source_id, "Queue")
        # Copy the source's settings; fields given in the body win.
        merged = {key: copy.deepcopy(value) for key, value in source.items()
                  if key not in SERVER_FIELDS and key not in ("name", "division", "description")
                  and not key.startswith("_")}
        merged.update({key: value for key, value in body.items() if value is not None})
        body = merged
    division_id = resolve_division(req.state, body.get("division"))
    doc = validate_queue_body(req.state, body)
    now = req.state.now()
    queue = {"id": req.state.new_id()}
    queue.update(doc)
    queue.update({"division": {"id": division_id}, "dateCreated": now, "dateModified": now,
                  "createdBy": req.client_id, "modifiedBy": req.client_id})
    save_change(req.state, "queues", "Queue", None, queue)
    return render_queue(req.state, queue)


@route("GET", "/api/v2/routing/queues/{queueId}")
def get_queue(req):
    return render_queue(req.state, get_queue_or_404(req.state, req.path_params["queueId"], cached=True))


def refuse_removing_rings_with_member_groups(old: Dict[str, Any], new: Dict[str, Any]) -> None:
    """400 when a PUT's bullseye drops rings that still hold member groups.

    Only a body that carries a bullseye with fewer rings is checked: whether omitting the
    bullseye altogether is refused too is UNCONFIRMED.

    The platform refuses it; [TF] first clears the member groups of the rings it removes with a
    preliminary PUT (PR #1982, PR #2491)."""
    old_rings = (old.get("bullseye") or {}).get("rings") or []
    kept = len((new.get("bullseye") or {}).get("rings") or [])
    for index in range(kept, len(old_rings)):
        if old_rings[index].get("memberGroups"):
            path = "bullseye.rings[%d].memberGroups" % index
            raise ApiError(400, "bad.request",
                           "Bullseye ring %d cannot be removed while it has member groups; remove its "
                           "member groups first." % (index + 1),
                           details=[{"errorCode": "bad.request", "fieldName": path}])


@route("PUT", "/api/v2/routing/queues/{queueId}")
def update_queue(req):
    """Full replacement of the writable fields (see module docstring)."""
    old = get_queue_or_404(req.state, req.path_params["queueId"])
    body = req.json_body(dict)
    # Validate the shape of a division in the body, but never move the queue here.
    v.obj(body.get("division"), "division")
    doc = validate_queue_body(req.state, body, queue_id=old["id"])
    if body.get("bullseye") is not None:
        refuse_removing_rings_with_member_groups(old, doc)
    new = {"id": old["id"]}
    new.update(doc)
    new.update({"division": copy.deepcopy(old["division"]), "dateCreated": old["dateCreated"],
                "createdBy": old.get("createdBy"), "dateModified": req.state.now(),
                "modifiedBy": req.client_id})
    save_change(req.state, "queues", "Queue", old, new)
    clamp_ring_numbers(req.state, new)
    return render_queue(req.state, new)


@route("DELETE", "/api/v2/routing/queues/{queueId}")
def delete_queue(req):
    """Immediate delete, 204 (the real status code is UNCONFIRMED)."""
    req.bool_arg("forceDelete", False)
    old = get_queue_or_404(req.state, req.path_params["queueId"])
    save_change(req.state, "queues", "Queue", old, None)
    remember_deleted(req.state, "queues", old)
    req.state.delete("queue_members", old["id"])
    req.state.delete("queue_wrapupcodes", old["id"])
    return None
