"""Skills, languages, skill groups, wrap-up codes, utilization, directory."""
from __future__ import annotations


def skill_named(emulator, name):
    listing = emulator.api("GET", "/api/v2/routing/skills", params={"name": name}).json()
    return next(s for s in listing["entities"] if s["name"] == name)


def division_id(emulator, name):
    return emulator.api("GET", "/api/v2/authorization/divisions",
                        params={"name": name}).json()["entities"][0]["id"]


# -- skills ------------------------------------------------------------------

def test_skill_create_and_get(emulator):
    response = emulator.api("POST", "/api/v2/routing/skills", json={"name": "Mortgages"})
    assert response.status_code == 200
    skill = response.json()
    assert skill["state"] == "active"
    assert skill["division"]["name"] == "Home"
    assert skill["selfUri"] == "/api/v2/routing/skills/" + skill["id"]
    assert emulator.api("GET", "/api/v2/routing/skills/" + skill["id"]).json() == skill


def test_skill_name_filter_is_a_prefix(emulator):
    listing = emulator.api("GET", "/api/v2/routing/skills", params={"name": "Re"}).json()
    assert sorted(s["name"] for s in listing["entities"]) == ["Refunds", "Retention", "Returns"]


def test_duplicate_active_skill_name_is_rejected(emulator):
    response = emulator.api("POST", "/api/v2/routing/skills", json={"name": "Billing"})
    assert response.status_code == 400
    assert "Billing" in response.json()["message"]


def test_skill_delete_is_soft_and_name_can_be_reused(emulator):
    billing = skill_named(emulator, "Billing")
    assert emulator.api("DELETE", "/api/v2/routing/skills/" + billing["id"]).status_code == 204
    deleted = emulator.api("GET", "/api/v2/routing/skills/" + billing["id"])
    assert deleted.status_code == 200
    assert deleted.json()["state"] == "deleted"
    listed = emulator.api("GET", "/api/v2/routing/skills", params={"pageSize": 100}).json()
    assert billing["id"] not in {s["id"] for s in listed["entities"]}
    by_id = emulator.api("GET", "/api/v2/routing/skills", params={"id": billing["id"]}).json()
    assert by_id["total"] == 0
    recreated = emulator.api("POST", "/api/v2/routing/skills", json={"name": "Billing"})
    assert recreated.status_code == 200
    assert recreated.json()["id"] != billing["id"]
    assert emulator.api("DELETE", "/api/v2/routing/skills/" + billing["id"]).status_code == 404


def test_skills_cannot_be_renamed(emulator):
    billing = skill_named(emulator, "Billing")
    response = emulator.api("PATCH", "/api/v2/routing/skills/" + billing["id"],
                            json={"name": "Invoicing"})
    assert response.status_code == 400
    assert "renamed" in response.json()["message"]
    assert skill_named(emulator, "Billing")["id"] == billing["id"]


def test_skill_patch_moves_division(emulator):
    billing = skill_named(emulator, "Billing")
    sales = division_id(emulator, "Sales")
    response = emulator.api("PATCH", "/api/v2/routing/skills/" + billing["id"],
                            json={"divisionId": sales})
    assert response.status_code == 200
    assert response.json()["division"]["id"] == sales
    assert response.json()["version"] != billing["version"]
    response = emulator.api("PATCH", "/api/v2/routing/skills/" + billing["id"],
                            json={"divisionId": "nowhere"})
    assert response.status_code == 400


def test_languages_soft_delete(emulator):
    listing = emulator.api("GET", "/api/v2/routing/languages").json()
    assert sorted(l["name"] for l in listing["entities"]) == ["English", "French", "German",
                                                              "Spanish"]
    created = emulator.api("POST", "/api/v2/routing/languages", json={"name": "Italian"}).json()
    assert emulator.api("DELETE", "/api/v2/routing/languages/" + created["id"]).status_code == 204
    assert emulator.api("GET", "/api/v2/routing/languages/" + created["id"]).json()["state"] == \
        "deleted"
    assert emulator.api("GET", "/api/v2/routing/languages").json()["total"] == 4


def test_user_routing_skills(emulator):
    user = emulator.api("GET", "/api/v2/users").json()["entities"][0]
    path = "/api/v2/users/%s/routingskills" % user["id"]
    before = emulator.api("GET", path).json()
    assert before["total"] >= 1
    assert {"id", "name", "proficiency", "state", "skillUri", "selfUri"} <= \
        set(before["entities"][0])
    vip = skill_named(emulator, "VIP")
    replaced = emulator.api("PUT", path + "/bulk", json=[{"id": vip["id"], "proficiency": 4}])
    assert replaced.status_code == 200
    assert [s["name"] for s in replaced.json()["entities"]] == ["VIP"]
    assert emulator.api("PUT", path + "/bulk",
                        json=[{"id": vip["id"], "proficiency": 6}]).status_code == 400


# -- skill groups ------------------------------------------------------------

def _condition(skill="Technical", proficiency=3, comparator="GreaterThanOrEqualTo"):
    return [{"operation": "And",
             "routingSkillConditions": [{"routingSkill": skill, "comparator": comparator,
                                         "proficiency": proficiency, "childConditions": []}],
             "languageSkillConditions": []}]


def test_skillgroup_create_get_patch_delete(emulator):
    response = emulator.api("POST", "/api/v2/routing/skillgroups", json={
        "name": "Tech 3+", "description": "d", "skillConditions": _condition(),
        "memberDivisions": ["*"]})
    assert response.status_code == 200, response.text
    group = response.json()
    assert group["status"] == "Complete"
    assert len(group["memberDivisions"]) == 3
    fetched = emulator.api("GET", "/api/v2/routing/skillgroups/" + group["id"]).json()
    assert fetched["skillConditions"] == _condition()
    assert "memberDivisions" not in fetched
    patched = emulator.api("PATCH", "/api/v2/routing/skillgroups/" + group["id"],
                           json={"description": "changed"}).json()
    assert patched["description"] == "changed"
    assert patched["name"] == "Tech 3+"
    assert patched["skillConditions"] == _condition()
    assert emulator.api("DELETE", "/api/v2/routing/skillgroups/" + group["id"]) \
        .status_code == 204
    assert emulator.api("GET", "/api/v2/routing/skillgroups/" + group["id"]).status_code == 404


def test_skillgroup_members_follow_the_expression(emulator):
    group = emulator.api("POST", "/api/v2/routing/skillgroups", json={
        "name": "Tech 3+", "skillConditions": _condition(proficiency=3),
        "memberDivisions": ["*"]}).json()
    members = emulator.api("GET", "/api/v2/routing/skillgroups/%s/members" % group["id"],
                           params={"pageSize": 100}).json()["entities"]
    state = emulator.state()
    technical = next(s["id"] for s in state["skills"].values() if s["name"] == "Technical")
    expected = {uid for uid, skills in state["user_skills"].items()
                if skills.get(technical, -1) >= 3 and state["users"][uid]["state"] == "active"}
    assert expected and len(expected) < len(state["users"])
    assert {m["id"] for m in members} == expected
    assert group["memberCount"] == len(expected)


def test_skillgroup_validation(emulator):
    cases = [
        ([{"operation": "Xor", "routingSkillConditions": [], "languageSkillConditions": []}],
         "Operation"),
        (_condition(skill="No such skill"), "No such skill"),
        (_condition(proficiency=6), "between 0 and 5"),
        (_condition(comparator="About"), "Comparator"),
        ([{"operation": "And", "routingSkillConditions": [],
           "languageSkillConditions": [{"languageSkill": "Klingon", "comparator": "EqualTo",
                                        "proficiency": 1}]}], "Klingon"),
    ]
    for conditions, fragment in cases:
        response = emulator.api("POST", "/api/v2/routing/skillgroups",
                                json={"name": "Bad", "skillConditions": conditions})
        assert response.status_code == 400, conditions
        assert fragment in response.json()["message"]
    response = emulator.api("POST", "/api/v2/routing/skillgroups", json={"name": "No conds"})
    assert response.status_code == 400


def test_skillgroup_member_divisions(emulator):
    group = emulator.api("POST", "/api/v2/routing/skillgroups", json={
        "name": "Div test", "skillConditions": _condition()}).json()
    path = "/api/v2/routing/skillgroups/%s/members/divisions" % group["id"]
    home = division_id(emulator, "Home")
    assert [d["id"] for d in emulator.api("GET", path).json()["entities"]] == [home]
    sales = division_id(emulator, "Sales")
    response = emulator.api("POST", path, json={"addDivisionIds": [sales],
                                                "removeDivisionIds": [home]})
    assert response.status_code == 202
    # The group's own division stays a member division (TF routing_skill_group utils).
    assert [d["id"] for d in emulator.api("GET", path).json()["entities"]] == [home, sales]
    assert emulator.api("POST", path, json={"addDivisionIds": ["bogus"]}).status_code == 400
    # At most 50 member divisions (TF PR #1096).
    too_many = emulator.api("POST", path, json={"addDivisionIds": ["d%d" % i for i in range(51)]})
    assert too_many.status_code == 400 and "at most 50" in too_many.json()["message"]
    assert emulator.api("POST", "/api/v2/routing/skillgroups", json={
        "name": "Too wide", "skillConditions": _condition(),
        "memberDivisions": ["d%d" % i for i in range(51)]}).status_code == 400


# -- wrap-up codes -----------------------------------------------------------

def test_wrapupcode_crud(emulator):
    created = emulator.api("POST", "/api/v2/routing/wrapupcodes",
                           json={"name": "Wrong Number", "description": "d"})
    assert created.status_code == 200
    code = created.json()
    assert code["division"]["name"] == "Home"
    updated = emulator.api("PUT", "/api/v2/routing/wrapupcodes/" + code["id"],
                           json={"name": "Wrong number"}).json()
    assert updated["name"] == "Wrong number"
    assert "description" not in updated            # full update clears it
    assert emulator.api("POST", "/api/v2/routing/wrapupcodes",
                        json={"name": "Resolved"}).status_code == 400
    assert emulator.api("DELETE", "/api/v2/routing/wrapupcodes/" + code["id"]) \
        .status_code == 204
    assert emulator.api("GET", "/api/v2/routing/wrapupcodes/" + code["id"]).status_code == 404


# -- utilization -------------------------------------------------------------

def test_utilization_put_resets_omitted_media_types(emulator):
    before = emulator.api("GET", "/api/v2/routing/utilization").json()
    assert before["utilization"]["chat"]["maximumCapacity"] == 3     # seeded, not default
    response = emulator.api("PUT", "/api/v2/routing/utilization", json={
        "utilization": {"call": {"maximumCapacity": 2, "interruptableMediaTypes": ["chat"]}}})
    assert response.status_code == 200, response.text
    after = emulator.api("GET", "/api/v2/routing/utilization").json()
    assert after == response.json()
    assert after["utilization"]["call"] == {"maximumCapacity": 2,
                                            "interruptableMediaTypes": ["chat"],
                                            "includeNonAcd": False}
    assert after["utilization"]["chat"]["maximumCapacity"] == 4
    assert after["utilization"]["email"]["maximumCapacity"] == 1
    assert after["utilization"]["message"]["includeNonAcd"] is False
    assert set(after["utilization"]) == {"call", "callback", "chat", "email", "message"}


def test_utilization_validation_and_delete(emulator):
    for body in ({"utilization": {"call": {"maximumCapacity": 26}}},
                 {"utilization": {"fax": {"maximumCapacity": 1}}},
                 {"utilization": {"call": {"interruptableMediaTypes": ["pigeon"]}}},
                 {"utilization": {"call": {"includeNonAcd": "yes"}}}):
        assert emulator.api("PUT", "/api/v2/routing/utilization", json=body).status_code == 400
    assert emulator.api("DELETE", "/api/v2/routing/utilization").status_code == 204
    after = emulator.api("GET", "/api/v2/routing/utilization").json()
    assert {m: s["maximumCapacity"] for m, s in after["utilization"].items()} == \
        {"call": 1, "callback": 1, "chat": 4, "email": 1, "message": 1}
    # Email is interruptible by default (help centre "utilization").
    assert sorted(after["utilization"]["email"]["interruptableMediaTypes"]) == \
        ["call", "callback", "chat", "message"]


# -- directory ---------------------------------------------------------------

def test_users_groups_teams_divisions(emulator):
    users = emulator.api("GET", "/api/v2/users", params={"pageSize": 100}).json()
    assert users["total"] == 24                               # one demo user is inactive
    user = users["entities"][0]
    assert {"id", "name", "email", "division", "state", "version", "username", "selfUri"} <= \
        set(user)
    assert user["email"].endswith("@example.com")
    everyone = emulator.api("GET", "/api/v2/users", params={"state": "any"}).json()
    assert everyone["total"] == 25
    ids = [u["id"] for u in users["entities"][:2]]
    assert emulator.api("GET", "/api/v2/users", params={"id": ids}).json()["total"] == 2
    assert emulator.api("GET", "/api/v2/users/" + ids[0]).json()["id"] == ids[0]
    assert emulator.api("GET", "/api/v2/users/nobody").status_code == 404
    groups = emulator.api("GET", "/api/v2/groups").json()
    assert sorted(g["name"] for g in groups["entities"]) == ["Sales Agents", "Support Agents"]
    teams = emulator.api("GET", "/api/v2/teams").json()
    assert [t["name"] for t in teams["entities"]] == ["Tier 2 Escalations"]
    assert emulator.api("GET", "/api/v2/teams/" + teams["entities"][0]["id"]).status_code == 200
    divisions = emulator.api("GET", "/api/v2/authorization/divisions").json()
    assert sorted(d["name"] for d in divisions["entities"]) == ["Home", "Sales", "Support"]
    home = emulator.api("GET", "/api/v2/authorization/divisions/home").json()
    assert home["homeDivision"] is True and home["name"] == "Home"
