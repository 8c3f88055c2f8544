"""Both listing envelopes, walked across several pages."""
from __future__ import annotations

from urllib.parse import parse_qs, urlsplit


def follow_pages(emulator, path, params):
    pages = []
    response = emulator.api("GET", path, params=params)
    while True:
        assert response.status_code == 200, response.text
        page = response.json()
        pages.append(page)
        if not page.get("nextUri"):
            return pages
        response = emulator.api("GET", page["nextUri"])


def test_queue_pages_walk_and_envelope(emulator):
    emulator.seed("large:60")
    pages = follow_pages(emulator, "/api/v2/routing/queues", {"pageSize": 25})
    assert len(pages) == 3
    first, middle, last = pages
    for number, page in enumerate(pages, start=1):
        assert page["pageNumber"] == number
        assert page["pageSize"] == 25
        assert page["total"] == 60
        assert page["pageCount"] == 3
        assert page["firstUri"] == "/api/v2/routing/queues?pageSize=25&pageNumber=1"
        assert page["lastUri"] == "/api/v2/routing/queues?pageSize=25&pageNumber=3"
        assert page["selfUri"] == "/api/v2/routing/queues?pageSize=25&pageNumber=%d" % number
    assert "previousUri" not in first
    assert first["nextUri"] == "/api/v2/routing/queues?pageSize=25&pageNumber=2"
    assert middle["previousUri"] == "/api/v2/routing/queues?pageSize=25&pageNumber=1"
    assert "nextUri" not in last
    assert [len(p["entities"]) for p in pages] == [25, 25, 10]
    names = [q["name"] for p in pages for q in p["entities"]]
    assert names == sorted(names, key=str.lower)
    assert len(set(names)) == 60


def test_page_uris_keep_the_other_query_parameters(emulator):
    emulator.seed("large:60")
    page = emulator.api("GET", "/api/v2/routing/queues",
                        params={"pageSize": 5, "name": "Queue 00*"}).json()
    query = parse_qs(urlsplit(page["nextUri"]).query)
    assert query == {"pageSize": ["5"], "pageNumber": ["2"], "name": ["Queue 00*"]}
    assert page["total"] == 60
    second = emulator.api("GET", page["nextUri"]).json()
    assert second["pageNumber"] == 2 and len(second["entities"]) == 5


def test_beyond_the_last_page_is_empty(emulator):
    page = emulator.api("GET", "/api/v2/routing/queues",
                        params={"pageSize": 25, "pageNumber": 9}).json()
    assert page["entities"] == []
    assert "nextUri" not in page


def test_page_size_limits(emulator):
    ok = emulator.api("GET", "/api/v2/routing/queues", params={"pageSize": 500})
    assert ok.status_code == 200
    for path in ("/api/v2/routing/queues", "/api/v2/routing/skills", "/api/v2/users",
                 "/api/v2/routing/wrapupcodes"):
        response = emulator.api("GET", path, params={"pageSize": 501})
        assert response.status_code == 400, path
        body = response.json()
        assert body["code"] == "invalid.value"
        assert "500" in body["message"]
    assert emulator.api("GET", "/api/v2/routing/queues",
                        params={"pageSize": 0}).status_code == 400
    assert emulator.api("GET", "/api/v2/routing/queues",
                        params={"pageNumber": "x"}).status_code == 400


def test_skill_pages(emulator):
    pages = follow_pages(emulator, "/api/v2/routing/skills", {"pageSize": 7})
    assert len(pages) == 3
    assert sum(len(p["entities"]) for p in pages) == 20 == pages[0]["total"]


def test_member_pages_have_no_total(emulator):
    emulator.seed("large:3")
    queue = emulator.api("GET", "/api/v2/routing/queues").json()["entities"][0]
    path = "/api/v2/routing/queues/%s/members" % queue["id"]
    pages = follow_pages(emulator, path, {"pageSize": 1})
    assert len(pages) == queue["memberCount"] >= 3
    for page in pages:
        assert "total" not in page and "pageCount" not in page
    assert "previousUri" in pages[-1]


def test_skillgroup_cursor_pages(emulator):
    for index in range(4):
        response = emulator.api("POST", "/api/v2/routing/skillgroups", json={
            "name": "Cursor %d" % index,
            "skillConditions": [{"operation": "And", "routingSkillConditions": [
                {"routingSkill": "Sales", "comparator": "GreaterThan", "proficiency": 1}],
                "languageSkillConditions": []}]})
        assert response.status_code == 200, response.text
    pages = follow_pages(emulator, "/api/v2/routing/skillgroups", {"pageSize": 2})
    assert len(pages) == 4                                   # 3 seeded + 4 new, by 2
    for page in pages:
        assert set(page) <= {"entities", "nextUri", "previousUri", "selfUri"}
        assert "total" not in page
    assert "previousUri" not in pages[0]
    assert "nextUri" not in pages[-1]
    names = [g["name"] for p in pages for g in p["entities"]]
    assert len(names) == 7 == len(set(names))
    assert names == sorted(names, key=str.lower)
    back = emulator.api("GET", pages[2]["previousUri"]).json()
    assert [g["name"] for g in back["entities"]] == [g["name"] for g in pages[1]["entities"]]


def test_cursor_survives_inserts_between_pages(emulator):
    first = emulator.api("GET", "/api/v2/routing/skillgroups", params={"pageSize": 1}).json()
    emulator.api("POST", "/api/v2/routing/skillgroups", json={
        "name": "AAA inserted first",
        "skillConditions": [{"operation": "And", "routingSkillConditions": [
            {"routingSkill": "Sales", "comparator": "GreaterThan", "proficiency": 1}],
            "languageSkillConditions": []}]})
    second = emulator.api("GET", first["nextUri"]).json()
    assert second["entities"][0]["name"] > first["entities"][0]["name"]


def test_skillgroup_name_filter_and_page_size(emulator):
    listing = emulator.api("GET", "/api/v2/routing/skillgroups",
                           params={"name": "spanish"}).json()
    assert [g["name"] for g in listing["entities"]] == ["Spanish Billing"]
    assert emulator.api("GET", "/api/v2/routing/skillgroups",
                        params={"pageSize": 101}).status_code == 400
    assert emulator.api("GET", "/api/v2/routing/skillgroups",
                        params={"after": "!!!"}).status_code == 400
