"""Task management over real HTTP: workbins, worktypes, statuses, schemas, paging, versions."""
from __future__ import annotations

TM = "/api/v2/taskmanagement"


def _ok(response):
    assert response.status_code in (200, 204), response.text
    return response.json() if response.status_code == 200 else None


def _query(emulator, kind, **body):
    return _ok(emulator.api("POST", "%s/%s/query" % (TM, kind), json=body))


def _by_name(emulator, kind, name):
    found = _query(emulator, kind, filters=[{"name": "name", "type": "String",
                                             "operator": "EQ", "values": [name]}])
    assert found["count"] == 1, found
    return found["entities"][0]


def _workbin(emulator, name="Claims bin", **extra):
    return _ok(emulator.api("POST", TM + "/workbins", json=dict({"name": name}, **extra)))


def _worktype(emulator, workbin_id, name="Claim", **extra):
    body = dict({"name": name, "defaultWorkbinId": workbin_id}, **extra)
    return _ok(emulator.api("POST", TM + "/worktypes", json=body))


def test_demo_seed_routes_a_worktype_to_a_queue(emulator):
    worktype = _by_name(emulator, "worktypes", "Refund request")
    queue = _ok(emulator.api("GET", "/api/v2/routing/queues/%s" % worktype["defaultQueue"]["id"]))
    assert queue["name"] == "Email Support"
    assert worktype["defaultDueDurationSeconds"] == 2 * 86400
    assert len(worktype["defaultSkills"]) == 2
    names = sorted(status["name"] for status in worktype["statuses"])
    assert names == ["Closed", "Open", "Waiting on customer"]
    assert worktype["defaultStatus"]["id"] in [s["id"] for s in worktype["statuses"]]


def test_large_seed_has_one_worktype_per_ten_queues(emulator):
    emulator.seed("large:25")
    assert _query(emulator, "worktypes")["count"] == 3
    assert _query(emulator, "workbins")["count"] == 3


def test_query_pages_with_after_until_it_is_absent(emulator):
    for number in range(5):
        _workbin(emulator, "Paged bin %d" % number)
    seen, after, pages = [], None, 0
    while True:
        body = {"pageSize": 2, "filters": [{"name": "name", "type": "String",
                                            "operator": "BEGINS_WITH", "values": ["Paged"]}]}
        if after:
            body["after"] = after
        page = _query(emulator, "workbins", **body)
        pages += 1
        seen.extend(item["name"] for item in page["entities"])
        after = page.get("after")
        if not after:
            break
    assert pages == 3
    assert seen == ["Paged bin %d" % n for n in range(5)]


def test_query_refuses_a_page_size_over_200_and_bad_filters(emulator):
    assert emulator.api("POST", TM + "/workbins/query", json={"pageSize": 201}).status_code == 400
    bad = emulator.api("POST", TM + "/workbins/query", json={"filters": [
        {"name": "name", "type": "String", "operator": "LIKE", "values": ["x"]}]})
    assert bad.status_code == 400
    assert "Allowable values are" in bad.json()["message"]


def test_workbin_patch_is_partial_null_clears_and_division_is_fixed(emulator):
    workbin = _workbin(emulator, description="first")
    path = "%s/workbins/%s" % (TM, workbin["id"])
    renamed = _ok(emulator.api("PATCH", path, json={"name": "Claims bin 2"}))
    assert renamed["description"] == "first"
    cleared = _ok(emulator.api("PATCH", path, json={"description": None}))
    assert "description" not in cleared
    moved = emulator.api("PATCH", path, json={"divisionId": workbin["division"]["id"]})
    assert moved.status_code == 400
    versions = _ok(emulator.api("GET", path + "/versions"))
    assert [item["version"] for item in versions["entities"]] == [3, 2, 1]
    history = _ok(emulator.api("GET", path + "/history", params={"sortOrder": "ascending"}))
    assert history["entities"][1]["delta"]["name"] == {"oldValue": "Claims bin",
                                                       "newValue": "Claims bin 2"}


def test_workbin_name_bounds(emulator):
    short = emulator.api("POST", TM + "/workbins", json={"name": "ab"})
    assert short.status_code == 400
    assert short.json()["details"][0]["fieldName"] == "name"


def test_worktype_create_makes_open_and_closed_unless_disabled(emulator):
    workbin = _workbin(emulator)
    worktype = _worktype(emulator, workbin["id"])
    assert sorted(s["category"] for s in worktype["statuses"]) == ["Closed", "Open"]
    assert worktype["assignmentEnabled"] is False and worktype["serviceLevelTarget"] == 100
    bare = _worktype(emulator, workbin["id"], "Bare claim", disableDefaultStatusCreation=True)
    assert bare["statuses"] == [] and "defaultStatus" not in bare


def test_worktype_rules(emulator):
    workbin = _workbin(emulator)
    home_other = emulator.api("POST", TM + "/worktypes", json={"name": "x-ray"})
    assert home_other.status_code == 400
    too_high = emulator.api("POST", TM + "/worktypes", json={
        "name": "Urgent", "defaultWorkbinId": workbin["id"], "defaultPriority": 25000001})
    assert too_high.status_code == 400
    worktype = _worktype(emulator, workbin["id"])
    path = "%s/worktypes/%s" % (TM, worktype["id"])
    assert emulator.api("PATCH", path, json={"defaultStatusId": None}).status_code == 400
    assert emulator.api("PATCH", path, json={"divisionId": "x"}).status_code == 400
    schema = _by_schema_name(emulator, "Refund details")
    set_once = _ok(emulator.api("PATCH", path, json={"schemaId": schema["id"]}))
    assert set_once["schema"]["version"] == schema["version"]
    other = _ok(emulator.api("POST", TM + "/workitems/schemas", json={
        "name": "Other", "jsonSchema": {"properties": {}}}))
    assert emulator.api("PATCH", path, json={"schemaId": other["id"]}).status_code == 400


def _by_schema_name(emulator, name):
    listing = _ok(emulator.api("GET", TM + "/workitems/schemas"))
    return next(item for item in listing["entities"] if item["name"] == name)


def test_status_rules_and_delete_order(emulator):
    workbin = _workbin(emulator)
    worktype = _worktype(emulator, workbin["id"], disableDefaultStatusCreation=True)
    base = "%s/worktypes/%s/statuses" % (TM, worktype["id"])
    opened = _ok(emulator.api("POST", base, json={"name": "New", "category": "Open"}))
    done = _ok(emulator.api("POST", base, json={"name": "Done", "category": "Closed"}))
    dup = emulator.api("POST", base, json={"name": "new", "category": "Open"})
    assert dup.status_code == 400
    lonely = emulator.api("PATCH", "%s/%s" % (base, opened["id"]),
                          json={"defaultDestinationStatusId": done["id"]})
    assert lonely.status_code == 400          # needs statusTransitionDelaySeconds
    assert emulator.api("PATCH", "%s/%s" % (base, opened["id"]),
                        json={"category": "Closed"}).status_code == 400
    _ok(emulator.api("PATCH", "%s/%s" % (base, opened["id"]), json={
        "destinationStatusIds": [done["id"]], "defaultDestinationStatusId": done["id"],
        "statusTransitionDelaySeconds": 60}))
    _ok(emulator.api("PATCH", "%s/worktypes/%s" % (TM, worktype["id"]),
                     json={"defaultStatusId": opened["id"]}))
    assert emulator.api("DELETE", "%s/%s" % (base, done["id"])).status_code == 400
    assert emulator.api("DELETE", "%s/%s" % (base, opened["id"])).status_code == 400
    listing = _ok(emulator.api("GET", base))
    assert listing["total"] == 2


def test_schema_versions_and_stale_put(emulator):
    body = {"name": "Claim details", "enabled": True, "jsonSchema": {"properties": {
        "claim_identifier": {"allOf": [{"$ref": "#/definitions/identifier"}],
                             "title": "Claim"}}}}
    created = _ok(emulator.api("POST", TM + "/workitems/schemas", json=body))
    assert created["version"] == 1
    path = "%s/workitems/schemas/%s" % (TM, created["id"])
    updated = _ok(emulator.api("PUT", path, json=dict(body, version=1, enabled=False)))
    assert updated["version"] == 2
    stale = emulator.api("PUT", path, json=dict(body, version=1))
    assert stale.status_code == 409
    versions = _ok(emulator.api("GET", path + "/versions"))
    assert [item["version"] for item in versions["entities"]] == [1, 2]
    assert _ok(emulator.api("GET", path + "/versions/1"))["enabled"] is True
    wrong = dict(body, jsonSchema={"properties": {"claim_text": {
        "allOf": [{"$ref": "#/definitions/integer"}]}}})
    assert emulator.api("POST", TM + "/workitems/schemas",
                        json=dict(wrong, name="Wrong")).status_code == 400


def test_deletes_refuse_objects_in_use(emulator):
    worktype = _by_name(emulator, "worktypes", "Refund request")
    workbin_path = "%s/workbins/%s" % (TM, worktype["defaultWorkbin"]["id"])
    assert emulator.api("DELETE", workbin_path).status_code == 400
    schema_path = "%s/workitems/schemas/%s" % (TM, worktype["schema"]["id"])
    assert emulator.api("DELETE", schema_path).status_code == 400
    _ok(emulator.api("DELETE", "%s/worktypes/%s" % (TM, worktype["id"])))
    _ok(emulator.api("DELETE", workbin_path))
    _ok(emulator.api("DELETE", schema_path))
    assert emulator.api("GET", schema_path).status_code == 404


def test_query_is_not_counted_as_a_write(emulator):
    _query(emulator, "worktypes")
    assert emulator.stats()["writes"] == 0


def test_worktype_history_carries_schema_version_as_a_string(emulator):
    # WorktypeDelta.schemaVersion is a WorkitemsAttributeChangeString (found by tools/sdk_conformance.py).
    worktype = _by_name(emulator, "worktypes", "Refund request")
    history = _ok(emulator.api("GET", "%s/worktypes/%s/history" % (TM, worktype["id"])))
    change = history["entities"][-1]["delta"]["schemaVersion"]
    assert change == {"newValue": "1"}


def test_workitem_load_observations_per_queue_and_worktype(emulator):
    worktype = _by_name(emulator, "worktypes", "Refund request")
    queue_id = worktype["defaultQueue"]["id"]
    body = {"groupBy": ["queueId", "typeId"],
            "filter": {"predicates": [{"dimension": "queueId", "value": queue_id}]},
            "metrics": [{"name": "oWorkitemsUnassigned"}, {"name": "oWorkitemsAssigned"}]}
    first = _ok(emulator.api("POST", "/api/v2/analytics/taskmanagement/metrics/query", json=body))
    assert [result["group"] for result in first["results"]] == [
        {"queueId": queue_id, "typeId": worktype["id"]}]
    counts = {item["metric"]: item["stats"]["count"] for item in first["results"][0]["data"]}
    assert counts["oWorkitemsUnassigned"] >= 2 and counts["oWorkitemsAssigned"] >= 1
    again = _ok(emulator.api("POST", "/api/v2/analytics/taskmanagement/metrics/query", json=body))
    assert again == first                       # stable between calls
    bad = emulator.api("POST", "/api/v2/analytics/taskmanagement/metrics/query",
                       json={"metrics": [{"name": "oWaiting"}]})
    assert bad.status_code == 400 and "Allowable values are" in bad.json()["message"]
    assert emulator.stats()["writes"] == 0
