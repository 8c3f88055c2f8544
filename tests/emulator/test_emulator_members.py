"""Queue members and queue wrap-up codes."""
from __future__ import annotations

import copy

from queue_bodies import without_server_filled


def queue_named(emulator, name):
    return emulator.api("GET", "/api/v2/routing/queues", params={"name": name}).json()["entities"][0]


def users(emulator, count=None):
    listing = emulator.api("GET", "/api/v2/users", params={"pageSize": 100}).json()
    return listing["entities"][:count] if count else listing["entities"]


def members_of(emulator, queue_id, **params):
    params.setdefault("pageSize", 100)
    listing = emulator.api("GET", "/api/v2/routing/queues/%s/members" % queue_id,
                           params=params).json()
    return {m["id"]: m for m in listing["entities"]}


def test_member_listing_shape(emulator):
    support = queue_named(emulator, "Support")
    listing = emulator.api("GET", "/api/v2/routing/queues/%s/members" % support["id"],
                           params={"pageSize": 100}).json()
    assert "total" not in listing and "pageCount" not in listing and "lastUri" not in listing
    member = listing["entities"][0]
    assert {"id", "name", "user", "ringNumber", "joined", "memberBy", "routingStatus"} <= \
        set(member)
    assert member["user"]["id"] == member["id"]
    assert member["memberBy"] in ("user", "group")
    assert len(listing["entities"]) == support["memberCount"]
    direct = [m for m in listing["entities"] if m["memberBy"] == "user"]
    assert len(direct) == support["userMemberCount"]
    assert sum(1 for m in listing["entities"] if m["joined"]) == support["joinedMemberCount"]


def test_member_page_size_max_is_100(emulator):
    support = queue_named(emulator, "Support")
    response = emulator.api("GET", "/api/v2/routing/queues/%s/members" % support["id"],
                            params={"pageSize": 101})
    assert response.status_code == 400
    assert "100" in response.json()["message"]


def test_bulk_add_and_delete_members(emulator):
    claims = emulator.api("POST", "/api/v2/routing/queues", json={"name": "Claims"}).json()
    people = users(emulator, 5)
    response = emulator.api("POST", "/api/v2/routing/queues/%s/members" % claims["id"],
                            json=[{"id": u["id"]} for u in people])
    assert response.status_code == 204, response.text
    current = members_of(emulator, claims["id"])
    assert set(current) == {u["id"] for u in people}
    assert all(m["memberBy"] == "user" and m["ringNumber"] == 1 for m in current.values())
    refreshed = emulator.api("GET", "/api/v2/routing/queues/" + claims["id"]).json()
    assert refreshed["memberCount"] == 5 and refreshed["userMemberCount"] == 5
    # Adding again is harmless.
    assert emulator.api("POST", "/api/v2/routing/queues/%s/members" % claims["id"],
                        json=[{"id": people[0]["id"]}]).status_code == 204
    response = emulator.api("POST", "/api/v2/routing/queues/%s/members" % claims["id"],
                            params={"delete": "true"},
                            json=[{"id": people[0]["id"]}, {"id": people[1]["id"]}])
    assert response.status_code == 204
    assert set(members_of(emulator, claims["id"])) == {u["id"] for u in people[2:]}


def test_bulk_limit_is_100(emulator):
    claims = emulator.api("POST", "/api/v2/routing/queues", json={"name": "Claims"}).json()
    uid = users(emulator, 1)[0]["id"]
    response = emulator.api("POST", "/api/v2/routing/queues/%s/members" % claims["id"],
                            json=[{"id": uid}] * 101)
    assert response.status_code == 400
    assert "100" in response.json()["message"]
    assert members_of(emulator, claims["id"]) == {}
    response = emulator.api("POST", "/api/v2/routing/queues/%s/members" % claims["id"],
                            json=[{"id": uid}] * 100)
    assert response.status_code == 204


def test_unknown_user_rejects_the_whole_batch(emulator):
    claims = emulator.api("POST", "/api/v2/routing/queues", json={"name": "Claims"}).json()
    uid = users(emulator, 1)[0]["id"]
    response = emulator.api("POST", "/api/v2/routing/queues/%s/members" % claims["id"],
                            json=[{"id": uid}, {"id": "ghost"}])
    assert response.status_code == 400
    assert "ghost" in response.json()["message"]
    assert members_of(emulator, claims["id"]) == {}


def test_group_member_cannot_be_added_directly(emulator):
    sales = queue_named(emulator, "Sales")
    group_member = next(m for m in members_of(emulator, sales["id"]).values()
                        if m["memberBy"] == "group")
    response = emulator.api("POST", "/api/v2/routing/queues/%s/members" % sales["id"],
                            json=[{"id": group_member["id"]}])
    assert response.status_code == 400
    response = emulator.api("DELETE", "/api/v2/routing/queues/%s/members/%s"
                            % (sales["id"], group_member["id"]))
    assert response.status_code == 400


def test_ring_number_must_exist_on_the_bullseye(emulator):
    support = queue_named(emulator, "Support")       # 3 bullseye rings
    member = next(m for m in members_of(emulator, support["id"]).values()
                  if m["memberBy"] == "user")
    path = "/api/v2/routing/queues/%s/members/%s" % (support["id"], member["id"])
    response = emulator.api("PATCH", path, json={"ringNumber": 4})
    assert response.status_code == 400
    assert response.json()["details"][0]["fieldName"] == "ringNumber"
    assert emulator.api("PATCH", path, json={"ringNumber": 0}).status_code == 400
    assert emulator.api("PATCH", path, json={"ringNumber": 3}).status_code == 202
    assert members_of(emulator, support["id"])[member["id"]]["ringNumber"] == 3
    claims = emulator.api("POST", "/api/v2/routing/queues", json={"name": "No rings"}).json()
    emulator.api("POST", "/api/v2/routing/queues/%s/members" % claims["id"],
                 json=[{"id": member["id"]}])
    response = emulator.api("PATCH", "/api/v2/routing/queues/%s/members/%s"
                            % (claims["id"], member["id"]), json={"ringNumber": 2})
    assert response.status_code == 400


def test_shrinking_the_bullseye_moves_members_to_the_last_ring(emulator):
    support = queue_named(emulator, "Support")
    member = next(m for m in members_of(emulator, support["id"]).values()
                  if m["memberBy"] == "user")
    emulator.api("PATCH", "/api/v2/routing/queues/%s/members/%s" % (support["id"], member["id"]),
                 json={"ringNumber": 3})
    body = without_server_filled(dict(support, bullseye={"rings": support["bullseye"]["rings"][:2]}))
    # Ring 3 still has member groups: the platform refuses to drop it (TF PR #1982, #2491).
    response = emulator.api("PUT", "/api/v2/routing/queues/" + support["id"], json=body)
    assert response.status_code == 400
    assert response.json()["details"][0]["fieldName"] == "bullseye.rings[2].memberGroups"
    cleared = without_server_filled(copy.deepcopy(support))
    cleared["bullseye"]["rings"][2]["memberGroups"] = []
    assert emulator.api("PUT", "/api/v2/routing/queues/" + support["id"], json=cleared).status_code == 200
    assert emulator.api("PUT", "/api/v2/routing/queues/" + support["id"],
                        json=body).status_code == 200
    assert members_of(emulator, support["id"])[member["id"]]["ringNumber"] == 2



def test_patch_joined_for_many_and_one(emulator):
    claims = emulator.api("POST", "/api/v2/routing/queues", json={"name": "Claims"}).json()
    people = users(emulator, 3)
    emulator.api("POST", "/api/v2/routing/queues/%s/members" % claims["id"],
                 json=[{"id": u["id"]} for u in people])
    outsider = users(emulator)[10]["id"]
    response = emulator.api("PATCH", "/api/v2/routing/queues/%s/members" % claims["id"],
                            json=[{"id": people[0]["id"], "joined": False},
                                  {"id": outsider, "joined": False}])
    assert response.status_code == 200
    assert [m["id"] for m in response.json()["entities"]] == [people[0]["id"]]
    current = members_of(emulator, claims["id"])
    assert current[people[0]["id"]]["joined"] is False
    assert current[people[1]["id"]]["joined"] is True
    assert outsider not in current
    unjoined = members_of(emulator, claims["id"], joined="false")
    assert set(unjoined) == {people[0]["id"]}
    refreshed = emulator.api("GET", "/api/v2/routing/queues/" + claims["id"]).json()
    assert refreshed["joinedMemberCount"] == 2
    response = emulator.api("PATCH", "/api/v2/routing/queues/%s/members/%s"
                            % (claims["id"], people[1]["id"]), json={"joined": False})
    assert response.status_code == 202
    assert members_of(emulator, claims["id"])[people[1]["id"]]["joined"] is False
    assert emulator.api("PATCH", "/api/v2/routing/queues/%s/members" % claims["id"],
                        json=[{"id": "x", "joined": True}] * 101).status_code == 400


def test_delete_single_member(emulator):
    claims = emulator.api("POST", "/api/v2/routing/queues", json={"name": "Claims"}).json()
    person = users(emulator, 1)[0]
    emulator.api("POST", "/api/v2/routing/queues/%s/members" % claims["id"],
                 json=[{"id": person["id"]}])
    path = "/api/v2/routing/queues/%s/members/%s" % (claims["id"], person["id"])
    assert emulator.api("DELETE", path).status_code == 204
    assert emulator.api("DELETE", path).status_code == 404
    assert members_of(emulator, claims["id"]) == {}


def test_member_groups_drive_membership(emulator):
    groups = emulator.api("GET", "/api/v2/groups").json()["entities"]
    group = next(g for g in groups if g["name"] == "Sales Agents")
    queue = emulator.api("POST", "/api/v2/routing/queues", json={
        "name": "Group driven", "memberGroups": [{"id": group["id"], "type": "GROUP"}]}).json()
    assert queue["memberCount"] == group["memberCount"] > 0
    assert queue["userMemberCount"] == 0
    assert queue["memberGroups"][0]["name"] == "Sales Agents"
    assert queue["memberGroups"][0]["memberCount"] == group["memberCount"]
    group_users = emulator.api("GET", "/api/v2/groups/%s/members" % group["id"]).json()
    assert set(members_of(emulator, queue["id"])) == {u["id"] for u in group_users["entities"]}


def test_member_filters(emulator):
    support = queue_named(emulator, "Support")
    everyone = members_of(emulator, support["id"])
    by_user = members_of(emulator, support["id"], memberBy="user")
    by_group = members_of(emulator, support["id"], memberBy="group")
    assert by_user and by_group
    assert set(by_user) | set(by_group) == set(everyone)
    some = next(iter(everyone.values()))
    fragment = some["name"].split()[0][1:4].lower()
    named = members_of(emulator, support["id"], name=fragment)
    assert some["id"] in named
    assert all(fragment in m["name"].lower() for m in named.values())


# -- queue wrap-up codes -----------------------------------------------------

def test_queue_wrapupcodes_add_list_remove(emulator):
    claims = emulator.api("POST", "/api/v2/routing/queues", json={"name": "Claims"}).json()
    codes = emulator.api("GET", "/api/v2/routing/wrapupcodes").json()["entities"]
    path = "/api/v2/routing/queues/%s/wrapupcodes" % claims["id"]
    response = emulator.api("POST", path, json=[{"id": c["id"]} for c in codes[:3]])
    assert response.status_code == 200
    assert [c["id"] for c in response.json()] == [c["id"] for c in codes[:3]]
    listing = emulator.api("GET", path).json()
    assert listing["total"] == 3
    assert [c["name"] for c in listing["entities"]] == sorted(c["name"] for c in codes[:3])
    assert emulator.api("DELETE", path + "/" + codes[0]["id"]).status_code == 204
    assert emulator.api("DELETE", path + "/" + codes[0]["id"]).status_code == 404
    assert emulator.api("GET", path).json()["total"] == 2
    response = emulator.api("POST", path, json=[{"id": "nope"}])
    assert response.status_code == 400
    response = emulator.api("POST", path, json=[{"id": codes[0]["id"]}] * 101)
    assert response.status_code == 400
    assert emulator.api("GET", path).json()["total"] == 2


def test_deleting_a_wrapupcode_removes_it_from_queues(emulator):
    support = queue_named(emulator, "Support")
    path = "/api/v2/routing/queues/%s/wrapupcodes" % support["id"]
    before = emulator.api("GET", path).json()["entities"]
    assert emulator.api("DELETE", "/api/v2/routing/wrapupcodes/" + before[0]["id"]) \
        .status_code == 204
    after = emulator.api("GET", path).json()["entities"]
    assert [c["id"] for c in after] == [c["id"] for c in before[1:]]


def test_user_queues_lists_joined_memberships_unless_asked_for_unjoined(emulator):
    """GET /users/{id}/queues: UserQueueEntityListing (queue + joined, no ring); joined defaults to true."""
    person = users(emulator, 1)[0]["id"]
    created = [emulator.api("POST", "/api/v2/routing/queues", json={"name": "Mine %d" % n}).json()
               for n in range(3)]
    for queue in created:
        emulator.api("POST", "/api/v2/routing/queues/%s/members" % queue["id"], json=[{"id": person}])
    emulator.api("PATCH", "/api/v2/routing/queues/%s/members/%s" % (created[2]["id"], person),
                 json={"joined": False})
    path = "/api/v2/users/%s/queues" % person
    joined = emulator.api("GET", path, params={"pageSize": 100}).json()
    unjoined = emulator.api("GET", path, params={"pageSize": 100, "joined": "false"}).json()
    mine = {q["id"] for q in created}
    assert {q["id"] for q in joined["entities"]} & mine == {created[0]["id"], created[1]["id"]}
    assert {q["id"] for q in unjoined["entities"]} & mine == {created[2]["id"]}
    entry = next(q for q in joined["entities"] if q["id"] == created[0]["id"])
    assert entry["joined"] is True and entry["name"] == "Mine 0" and "ringNumber" not in entry
    assert entry["memberCount"] == 1 and entry["userMemberCount"] == 1
    assert joined["total"] == len(joined["entities"]) and "pageCount" in joined
    first = emulator.api("GET", path, params={"pageSize": 1}).json()
    assert len(first["entities"]) == 1 and first["pageCount"] == joined["total"]
    assert emulator.api("GET", path, params={"pageSize": 101}).status_code == 400
    assert emulator.api("GET", "/api/v2/users/no-such-user/queues").status_code == 404
