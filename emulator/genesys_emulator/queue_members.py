"""Queue sub-resources: members and wrap-up codes (reference §1.1).

Members: direct members are added with POST .../members (at most 100 ids per
call); group members follow the queue's memberGroups (and bullseye ring groups)
and cannot be added or removed directly.  New members are joined (UNCONFIRMED
default).  The member listing has no total and no pageCount.
"""
from __future__ import annotations

from typing import Any, Dict, List

from .consistency import visible_after
from . import validation as v
from .framework import ApiError, Response, route
from .paging import page_listing
from .queues import get_queue_or_404, queue_membership, render_queue, ring_count
from .refs import division_ref, self_uri
from .wrapupcodes import name_matches, render_wrapupcode

MAX_BATCH = 100


def _render_member(state: Any, queue_id: str, user_id: str,
                   membership: Dict[str, Any]) -> Dict[str, Any]:
    user = state.get("users", user_id) or {"id": user_id, "name": None}
    user_out = {"id": user_id, "name": user.get("name"), "selfUri": self_uri("users", user_id)}
    for key in ("email", "username", "state", "department", "title"):
        if user.get(key) is not None:
            user_out[key] = user[key]
    if user.get("division"):
        user_out["division"] = division_ref(state, user["division"]["id"])
    return {"id": user_id, "name": user.get("name"), "user": user_out,
            "ringNumber": membership["ringNumber"], "joined": membership["joined"],
            "memberBy": membership["memberBy"],
            "routingStatus": {"userId": user_id,
                              "status": user.get("routingStatus", "OFF_QUEUE")},
            "selfUri": "/api/v2/routing/queues/%s/members/%s" % (queue_id, user_id)}


def _batch(body: Any, field: str = "body") -> List[Any]:
    v.array(body, field)
    if len(body) > MAX_BATCH:
        raise ApiError(400, "invalid.value",
                       "At most %d members can be processed per request; got %d."
                       % (MAX_BATCH, len(body)),
                       message_params={"max": MAX_BATCH, "count": len(body)},
                       details=[{"errorCode": "invalid.value", "fieldName": field}])
    return body


def _user_ids(state: Any, body: List[Any]) -> List[str]:
    ids = []
    for index, item in enumerate(body):
        path = "body[%d]" % index
        v.obj(v.required(item, path), path)
        user_id = v.required(v.string(item.get("id"), path + ".id"), path + ".id")
        if state.get("users", user_id) is None:
            raise v.unknown_entity(path + ".id", user_id, "User")
        ids.append(user_id)
    return list(dict.fromkeys(ids))


# ---------------------------------------------------------------------------
# Members

@route("GET", "/api/v2/routing/queues/{queueId}/members")
def list_members(req):
    queue = get_queue_or_404(req.state, req.path_params["queueId"])
    membership = queue_membership(req.state, queue)
    name = (req.arg("name") or "").lower()
    member_by = req.arg("memberBy")
    if member_by is not None:
        v.enum(member_by, "memberBy", "MemberBy", ("user", "group"))
    joined = req.bool_arg("joined")
    rows = []
    for user_id, entry in membership.items():
        user = req.state.get("users", user_id) or {}
        user_name = user.get("name") or ""
        if name and name not in user_name.lower():
            continue
        if member_by and entry["memberBy"] != member_by:
            continue
        if joined is not None and entry["joined"] != joined:
            continue
        rows.append((user_name.lower(), user_id))
    rows.sort(reverse=(req.arg("sortOrder") or "asc").lower().startswith("desc"))
    return page_listing(req, rows, max_size=100, with_totals=False,
                        render=lambda row: _render_member(req.state, queue["id"], row[1],
                                                          membership[row[1]]))


@route("POST", "/api/v2/routing/queues/{queueId}/members")
def add_or_delete_members(req):
    """Bulk add, or with ``?delete=true`` bulk remove, up to 100 direct members."""
    queue = get_queue_or_404(req.state, req.path_params["queueId"])
    delete = req.bool_arg("delete", False)
    body = _batch(req.json_body(list))
    stored = dict(req.state.get("queue_members", queue["id"]) or {})
    if delete:
        ids = []
        for index, item in enumerate(body):
            path = "body[%d]" % index
            v.obj(v.required(item, path), path)
            ids.append(v.required(v.string(item.get("id"), path + ".id"), path + ".id"))
        removed = [uid for uid in dict.fromkeys(ids) if stored.get(uid, {}).get("direct")]
        for user_id in removed:
            del stored[user_id]
        if removed:
            req.state.put("queue_members", queue["id"], stored)
            req.state.on_change("Queue", "MemberRemove",
                                {"id": queue["id"], "name": queue["name"]},
                                [{"property": "members", "oldValues": removed,
                                  "newValues": []}])
        return None
    ids = _user_ids(req.state, body)
    membership = queue_membership(req.state, queue)
    added = []
    for user_id in ids:
        current = membership.get(user_id)
        if current is None:
            stored[user_id] = {"direct": True, "ringNumber": 1, "joined": True}
            pending_until = visible_after(req.state)
            if pending_until is not None:
                stored[user_id]["_visibleAt"] = pending_until
            added.append(user_id)
        elif current["memberBy"] == "group":
            # [TF] docs: adding a group member directly "will cause an error" (code UNCONFIRMED).
            raise ApiError(400, "bad.request",
                           "User [%s] is already a member of queue [%s] through a group."
                           % (user_id, queue["id"]),
                           details=[{"errorCode": "bad.request", "fieldName": "id",
                                     "entityId": user_id}])
    if added:
        req.state.put("queue_members", queue["id"], stored)
        req.state.on_change("Queue", "MemberAdd", {"id": queue["id"], "name": queue["name"]},
                            [{"property": "members", "oldValues": [], "newValues": added}])
    return None


@route("PATCH", "/api/v2/routing/queues/{queueId}/members")
def patch_members(req):
    """Join/unjoin up to 100 members; pairs that are not members are disregarded."""
    queue = get_queue_or_404(req.state, req.path_params["queueId"])
    body = _batch(req.json_body(list))
    membership = queue_membership(req.state, queue)
    stored = dict(req.state.get("queue_members", queue["id"]) or {})
    changed = []
    for index, item in enumerate(body):
        path = "body[%d]" % index
        v.obj(v.required(item, path), path)
        user_id = v.required(v.string(item.get("id"), path + ".id"), path + ".id")
        joined = v.required(v.boolean(item.get("joined"), path + ".joined"), path + ".joined")
        if user_id not in membership:
            continue
        entry = dict(stored.get(user_id) or {"direct": False})
        entry["joined"] = joined
        stored[user_id] = entry
        membership[user_id] = dict(membership[user_id], joined=joined)
        changed.append(user_id)
    if changed:
        req.state.put("queue_members", queue["id"], stored)
        req.state.on_change("Queue", "MemberUpdate", {"id": queue["id"], "name": queue["name"]},
                            [{"property": "joined", "oldValues": [], "newValues": changed}])
    entities = [_render_member(req.state, queue["id"], uid, membership[uid])
                for uid in dict.fromkeys(changed)]
    return {"entities": entities, "pageSize": len(entities), "pageNumber": 1}


@route("PATCH", "/api/v2/routing/queues/{queueId}/members/{memberId}")
def patch_member(req):
    """Update the ring number OR the joined status of one member."""
    queue = get_queue_or_404(req.state, req.path_params["queueId"])
    user_id = req.path_params["memberId"]
    membership = queue_membership(req.state, queue)
    if user_id not in membership:
        raise ApiError.not_found("User [%s] is not a member of queue [%s]."
                                 % (user_id, queue["id"]), entity_id=user_id)
    body = req.json_body(dict)
    ring = v.integer(body.get("ringNumber"), "ringNumber")
    joined = v.boolean(body.get("joined"), "joined")
    if ring is None and joined is None:
        raise ApiError.bad_request("Provide ringNumber or joined.", field="ringNumber")
    rings = ring_count(queue)
    if ring is not None and not 1 <= ring <= rings:
        # [TF] PR #37: the API rejects a ring that the queue's bullseye does not have.
        raise ApiError.invalid_value("ringNumber", ring, "ringNumber",
                                     reason="the queue has %d bullseye ring(s)" % rings)
    stored = dict(req.state.get("queue_members", queue["id"]) or {})
    old = membership[user_id]
    entry = dict(stored.get(user_id) or {"direct": False})
    if ring is not None:
        entry["ringNumber"] = ring
    if joined is not None:
        entry["joined"] = joined
    stored[user_id] = entry
    req.state.put("queue_members", queue["id"], stored)
    changes = []
    if ring is not None and ring != old["ringNumber"]:
        changes.append({"property": "ringNumber", "oldValues": [str(old["ringNumber"])],
                        "newValues": [str(ring)]})
    if joined is not None and joined != old["joined"]:
        changes.append({"property": "joined", "oldValues": [str(old["joined"]).lower()],
                        "newValues": [str(joined).lower()]})
    req.state.on_change("Queue", "MemberUpdate", {"id": queue["id"], "name": queue["name"]},
                        changes)
    return Response(202)


@route("DELETE", "/api/v2/routing/queues/{queueId}/members/{memberId}")
def delete_member(req):
    queue = get_queue_or_404(req.state, req.path_params["queueId"])
    user_id = req.path_params["memberId"]
    stored = dict(req.state.get("queue_members", queue["id"]) or {})
    if not stored.get(user_id, {}).get("direct"):
        if user_id in queue_membership(req.state, queue):
            raise ApiError.bad_request("User [%s] is a member through a group; change the "
                                       "group instead." % user_id)
        raise ApiError.not_found("User [%s] is not a member of queue [%s]."
                                 % (user_id, queue["id"]), entity_id=user_id)
    del stored[user_id]
    req.state.put("queue_members", queue["id"], stored)
    req.state.on_change("Queue", "MemberRemove", {"id": queue["id"], "name": queue["name"]},
                        [{"property": "members", "oldValues": [user_id], "newValues": []}])
    return None


@route("GET", "/api/v2/users/{userId}/queues")
def list_user_queues(req):
    """The queues a user is a member of (UserQueueEntityListing: the queue plus ``joined``).

    ``joined`` defaults to true as in the SDK docs (so unjoined memberships need ``joined=false``);
    members through groups are listed too (UNCONFIRMED); no ring number (the model has none).
    """
    user_id = req.path_params["userId"]
    if req.state.get("users", user_id) is None:
        raise ApiError.not_found("User [%s] was not found." % user_id, entity_id=user_id)
    joined = req.bool_arg("joined", True)
    divisions = set(req.args("divisionId"))
    rows = []
    for queue in req.state.all("queues"):
        if divisions and queue["division"]["id"] not in divisions:
            continue
        entry = queue_membership(req.state, queue).get(user_id)
        if entry is not None and entry["joined"] == joined:
            rows.append((queue["name"].lower(), queue["id"], queue))
    rows.sort()
    return page_listing(req, rows, max_size=100,
                        render=lambda row: dict(render_queue(req.state, row[2]), joined=joined))


# ---------------------------------------------------------------------------
# Queue wrap-up codes

@route("GET", "/api/v2/routing/queues/{queueId}/wrapupcodes")
def list_queue_wrapupcodes(req):
    queue = get_queue_or_404(req.state, req.path_params["queueId"])
    name = req.arg("name")
    codes = [req.state.get("wrapupcodes", code_id)
             for code_id in req.state.get("queue_wrapupcodes", queue["id"]) or []]
    codes = [code for code in codes
             if code is not None and (not name or name_matches(code["name"], name))]
    codes.sort(key=lambda code: (code["name"].lower(), code["id"]))
    return page_listing(req, codes, max_size=500,
                        render=lambda code: render_wrapupcode(req.state, code))


@route("POST", "/api/v2/routing/queues/{queueId}/wrapupcodes")
def add_queue_wrapupcodes(req):
    queue = get_queue_or_404(req.state, req.path_params["queueId"])
    body = _batch(req.json_body(list))
    ids = []
    for index, item in enumerate(body):
        path = "body[%d]" % index
        v.obj(v.required(item, path), path)
        code_id = v.required(v.string(item.get("id"), path + ".id"), path + ".id")
        if req.state.get("wrapupcodes", code_id) is None:
            raise v.unknown_entity(path + ".id", code_id, "Wrap-up code")
        ids.append(code_id)
    ids = list(dict.fromkeys(ids))
    current = list(req.state.get("queue_wrapupcodes", queue["id"]) or [])
    added = [code_id for code_id in ids if code_id not in current]
    if added:
        req.state.put("queue_wrapupcodes", queue["id"], current + added)
        req.state.on_change("Queue", "WrapupCodeAdd", {"id": queue["id"], "name": queue["name"]},
                            [{"property": "wrapupCodes", "oldValues": [], "newValues": added}])
    return [render_wrapupcode(req.state, req.state.get("wrapupcodes", code_id))
            for code_id in ids]


@route("DELETE", "/api/v2/routing/queues/{queueId}/wrapupcodes/{codeId}")
def remove_queue_wrapupcode(req):
    queue = get_queue_or_404(req.state, req.path_params["queueId"])
    code_id = req.path_params["codeId"]
    current = list(req.state.get("queue_wrapupcodes", queue["id"]) or [])
    if code_id not in current:
        raise ApiError.not_found("Wrap-up code [%s] is not assigned to queue [%s]."
                                 % (code_id, queue["id"]), entity_id=code_id)
    req.state.put("queue_wrapupcodes", queue["id"], [c for c in current if c != code_id])
    req.state.on_change("Queue", "WrapupCodeRemove", {"id": queue["id"], "name": queue["name"]},
                        [{"property": "wrapupCodes", "oldValues": [code_id], "newValues": []}])
    return None
