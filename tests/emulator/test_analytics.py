"""Analytics queries over real HTTP checked against the pure simulation functions."""
from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from genesys_emulator import analytics, analytics_history, analytics_simulation, isotime
from genesys_emulator.store import Store

OBSERVATIONS = "/api/v2/analytics/queues/observations/query"
AGGREGATES = "/api/v2/analytics/conversations/aggregates/query"
QUEUES = "/api/v2/routing/queues"
DAY = "2026-01-05T00:00:00.000Z/2026-01-06T00:00:00.000Z"
DAY_START = dt.datetime(2026, 1, 5, tzinfo=dt.timezone.utc)


def local_store(emulator):
    """A Store holding the emulator's current org, for the pure functions."""
    store = Store()
    store.data = emulator.state()
    return store


def _queues(emulator):
    return emulator.api("GET", QUEUES, params={"pageSize": 100}).json()["entities"]


def _observe(emulator, queue_ids, metrics, media=None, details=None):
    predicates = [{"type": "dimension", "dimension": "queueId", "operator": "matches",
                   "value": queue_id} for queue_id in queue_ids]
    flt = {"type": "or", "predicates": predicates}
    if media:
        flt = {"type": "and", "clauses": [
            {"type": "or", "predicates": predicates},
            {"type": "or", "predicates": [{"dimension": "mediaType", "value": m}
                                          for m in media]}]}
    body = {"filter": flt, "metrics": metrics}
    if details:
        body["detailMetrics"] = details
    response = emulator.api("POST", OBSERVATIONS, json=body)
    assert response.status_code == 200, response.text
    return response.json()


def _data(result, metric, qualifier=None):
    return next(d for d in result["data"]
                if d["metric"] == metric and d.get("qualifier") == qualifier)


# -- observations ---------------------------------------------------------------------------

def test_observations_equal_the_simulation(emulator):
    queues = _queues(emulator)
    store = local_store(emulator)
    metrics = ["oOnQueueUsers", "oOffQueueUsers", "oUserRoutingStatuses", "oMemberUsers",
               "oActiveUsers", "oWaiting", "oInteracting", "oAlerting", "oLongestWaiting"]
    response = _observe(emulator, [q["id"] for q in queues], metrics)
    results = {r["group"]["queueId"]: r for r in response["results"]}
    assert set(results) == {q["id"] for q in queues}
    for queue in queues:
        expected = analytics_simulation.simulated_queue_state(store, queue["id"])
        result = results[queue["id"]]
        assert result["group"] == {"queueId": queue["id"]}
        for status in analytics_simulation.ON_QUEUE_STATUSES:
            assert _data(result, "oOnQueueUsers", status)["stats"]["count"] == \
                expected["onQueueCounts"][status]
        for status in analytics_simulation.ROUTING_STATUSES:
            assert _data(result, "oUserRoutingStatuses", status)["stats"]["count"] == \
                expected["routingStatusCounts"][status]
        assert _data(result, "oOffQueueUsers")["stats"]["count"] == expected["offQueueCount"]
        assert _data(result, "oMemberUsers")["stats"]["count"] == expected["memberCount"]
        assert _data(result, "oMemberUsers")["stats"]["count"] == queue["memberCount"]
        assert _data(result, "oActiveUsers")["stats"]["count"] == \
            expected["activeMemberCount"] == queue["joinedMemberCount"]
        assert _data(result, "oWaiting")["stats"]["count"] == expected["waiting"]
        assert _data(result, "oInteracting")["stats"]["count"] == expected["interacting"]
        assert _data(result, "oAlerting")["stats"]["count"] == expected["alerting"]
        longest = _data(result, "oLongestWaiting")
        if expected["longestWaitingMs"] is None:
            assert longest["stats"]["count"] == 0
        else:
            assert longest["stats"]["calculatedMetricValue"] == expected["longestWaitingMs"]
            assert longest["observations"][0]["observationDate"].endswith("Z")


def test_media_type_predicate_splits_conversation_metrics(emulator):
    queue = _queues(emulator)[0]
    expected = analytics_simulation.simulated_queue_state(local_store(emulator), queue["id"])
    response = _observe(emulator, [queue["id"]], ["oOnQueueUsers", "oWaiting"],
                        media=["voice", "chat"])
    groups = [r["group"] for r in response["results"]]
    assert groups == [{"queueId": queue["id"]},
                      {"queueId": queue["id"], "mediaType": "voice"},
                      {"queueId": queue["id"], "mediaType": "chat"}]
    assert [d["metric"] for d in response["results"][0]["data"]] == ["oOnQueueUsers"] * 4
    for result in response["results"][1:]:
        media = result["group"]["mediaType"]
        assert result["data"] == [{"metric": "oWaiting", "stats": {
            "count": expected["mediaTypes"][media]["waiting"]}}]


def test_detail_metrics_list_one_observation_per_count(emulator):
    queue = _queues(emulator)[0]
    response = _observe(emulator, [queue["id"]], ["oWaiting", "oOnQueueUsers"],
                        details=["oWaiting", "oOnQueueUsers"])
    result = response["results"][0]
    waiting = _data(result, "oWaiting")
    assert len(waiting["observations"]) == waiting["stats"]["count"]
    dates = [o["observationDate"] for o in waiting["observations"]]
    assert dates == sorted(dates)
    assert all(o["conversationId"] and o["direction"] == "inbound"
               for o in waiting["observations"])
    interacting = _data(result, "oOnQueueUsers", "INTERACTING")
    assert len(interacting["observations"]) == interacting["stats"]["count"]
    assert all("userId" in o for o in interacting["observations"])


def test_presences_come_with_the_system_mapping(emulator):
    queue = _queues(emulator)[0]
    expected = analytics_simulation.simulated_queue_state(local_store(emulator), queue["id"])
    response = _observe(emulator, [queue["id"]], ["oUserPresences"])
    mapping = response["systemToOrganizationMappings"]
    by_id = {ids[0]: name for name, ids in mapping.items()}
    counts = {by_id[d["qualifier"]]: d["stats"]["count"] for d in response["results"][0]["data"]}
    assert counts == {name: n for name, n in expected["presenceCounts"].items() if n}


def test_membership_changes_show_in_observations(emulator):
    queue = emulator.api("POST", QUEUES, json={"name": "Observed queue"}).json()
    users = emulator.api("GET", "/api/v2/users", params={"pageSize": 4}).json()["entities"]
    before = _observe(emulator, [queue["id"]], ["oMemberUsers"])
    assert before["results"][0]["data"][0]["stats"]["count"] == 0
    emulator.api("POST", "%s/%s/members" % (QUEUES, queue["id"]),
                 json=[{"id": u["id"]} for u in users])
    after = _observe(emulator, [queue["id"]], ["oMemberUsers", "oUserRoutingStatuses"])
    assert _data(after["results"][0], "oMemberUsers")["stats"]["count"] == 4
    statuses = [d["stats"]["count"] for d in after["results"][0]["data"]
                if d["metric"] == "oUserRoutingStatuses"]
    assert sum(statuses) == 4


def test_demo_org_has_queues_over_and_under_thresholds(emulator):
    store = local_store(emulator)
    start, end = DAY_START, DAY_START + dt.timedelta(days=1)
    hot, quiet = [], []
    for queue in _queues(emulator):
        state = analytics_simulation.simulated_queue_state(store, queue["id"])
        totals = analytics_history.empty_counters()
        for media in analytics_simulation.queue_media_types(queue):
            analytics_history.add_counters(totals, analytics_history.simulated_queue_history(
                store, queue["id"], media, start, end))
        service_level = totals["slNumerator"] / totals["slDenominator"]
        occupancy = state["occupancy"] or 0.0
        if occupancy > 0.85 and state["waiting"] > 10 and service_level < 0.8:
            hot.append(queue["name"])
        if occupancy <= 0.85 and state["waiting"] <= 10 and service_level >= 0.8:
            quiet.append(queue["name"])
    assert hot and quiet


def test_admin_route_serves_and_pins_the_simulation(emulator):
    queue = _queues(emulator)[0]
    url = "/__emulator/analytics/queues/%s" % queue["id"]
    served = emulator.api("GET", url).json()
    assert served == analytics_simulation.simulated_queue_state(local_store(emulator), queue["id"])
    pinned = emulator.api("PUT", url, json={"profile": "overloaded"})
    assert pinned.status_code == 200 and pinned.json()["profile"] == "overloaded"
    observed = _observe(emulator, [queue["id"]], ["oWaiting"])
    assert observed["results"][0]["data"][0]["stats"]["count"] > 10
    assert emulator.api("PUT", url, json={"profile": "frantic"}).status_code == 400
    assert emulator.api("GET", "/__emulator/analytics/queues/nope").status_code == 404


def test_unknown_queue_is_not_observed(emulator):
    response = _observe(emulator, ["00000000-0000-0000-0000-000000000000"], ["oWaiting"])
    assert response["results"] == []


@pytest.mark.parametrize("body", [
    {"metrics": ["oWaiting"]},
    {"filter": {"type": "or", "predicates": [{"dimension": "queueId", "value": "q"}]}},
    {"filter": {"type": "or", "predicates": [{"dimension": "queueId", "value": "q"}]},
     "metrics": ["oWaiting", "oBogus"]},
    {"filter": {"type": "or", "predicates": [{"dimension": "queueId", "value": "q"}]},
     "metrics": []},
    {"filter": {"type": "or", "predicates": [{"dimension": "queueId", "value": "q"}]},
     "metrics": ["oWaiting"], "detailMetrics": ["oLongestWaiting"]},
    {"filter": {"type": "xor", "predicates": [{"dimension": "queueId", "value": "q"}]},
     "metrics": ["oWaiting"]},
    {"filter": {"type": "or", "predicates": [{"dimension": "userId", "value": "u"}]},
     "metrics": ["oWaiting"]},
    {"filter": {"type": "or", "predicates": [{"dimension": "mediaType", "value": "voice"}]},
     "metrics": ["oWaiting"]},
    {"filter": {"type": "or", "predicates": [
        {"dimension": "queueId", "value": "q%d" % i} for i in range(101)]},
     "metrics": ["oWaiting"]},
], ids=["no-filter", "no-metrics", "unknown-metric", "empty-metrics", "bad-detail-metric",
        "bad-filter-type", "bad-dimension", "no-queue-id", "too-many-queues"])
def test_observation_validation(emulator, body):
    response = emulator.api("POST", OBSERVATIONS, json=body)
    assert response.status_code == 400, response.text
    assert response.json()["code"] in ("bad.request", "invalid.value", "missing.required.field")


def test_one_hundred_queue_ids_are_accepted(emulator):
    body = {"filter": {"type": "or", "predicates": [
        {"dimension": "queueId", "value": "q%d" % i} for i in range(100)]},
        "metrics": ["oWaiting"]}
    assert emulator.api("POST", OBSERVATIONS, json=body).status_code == 200


# -- conversation aggregates ------------------------------------------------------------------

def _aggregate(emulator, **body):
    response = emulator.api("POST", AGGREGATES, json=body)
    assert response.status_code == 200, response.text
    return response.json()


def _metric(entry, name):
    return next((m["stats"] for m in entry["metrics"] if m["metric"] == name), None)


def test_aggregates_equal_the_simulation_per_interval(emulator):
    queue = _queues(emulator)[0]
    store = local_store(emulator)
    response = _aggregate(emulator, interval=DAY, granularity="PT6H",
                          groupBy=["queueId", "mediaType"],
                          filter={"type": "and", "predicates": [
                              {"dimension": "queueId", "value": queue["id"]},
                              {"dimension": "mediaType", "value": "voice"}]},
                          metrics=["nOffered", "tAnswered", "tAbandon", "tHandle", "tTalk",
                                   "tAcw", "tWait", "oServiceLevel"])
    assert [r["group"] for r in response["results"]] == [
        {"mediaType": "voice", "queueId": queue["id"]}]
    data = response["results"][0]["data"]
    assert [d["interval"] for d in data] == [
        "2026-01-05T%02d:00:00.000Z/2026-01-05T%02d:00:00.000Z" % (h, h + 6)
        for h in (0, 6, 12)] + ["2026-01-05T18:00:00.000Z/2026-01-06T00:00:00.000Z"]
    for index, entry in enumerate(data):
        start = DAY_START + dt.timedelta(hours=6 * index)
        expected = analytics_history.simulated_queue_history(store, queue["id"], "voice", start,
                                                     start + dt.timedelta(hours=6))
        assert _metric(entry, "nOffered") == {"count": expected["offered"]}
        for timer in ("tAnswered", "tHandle", "tTalk", "tAcw", "tWait"):
            assert _metric(entry, timer) == expected[timer]
        if expected["abandoned"]:
            assert _metric(entry, "tAbandon")["count"] == expected["abandoned"]
        service = _metric(entry, "oServiceLevel")
        assert service["numerator"] == expected["slNumerator"]
        assert service["denominator"] == expected["slDenominator"]
        assert service["target"] == queue["mediaSettings"]["call"]["serviceLevel"]["percentage"]
        assert service["ratio"] == pytest.approx(
            expected["slNumerator"] / expected["slDenominator"], abs=1e-4)
        handle = _metric(entry, "tHandle")
        assert handle["min"] <= handle["sum"] / handle["count"] <= handle["max"]


def test_granularity_splits_are_consistent(emulator):
    queue = _queues(emulator)[1]
    common = {"interval": DAY, "groupBy": ["queueId"], "metrics": ["nOffered", "tHandle"],
              "filter": {"type": "or", "predicates": [
                  {"dimension": "queueId", "value": queue["id"]}]}}
    whole = _aggregate(emulator, **common)["results"][0]["data"]
    halves = _aggregate(emulator, granularity="PT30M", **common)["results"][0]["data"]
    assert len(whole) == 1 and whole[0]["interval"] == DAY
    assert 1 < len(halves) <= 48
    assert sum(_metric(d, "nOffered")["count"] for d in halves) == \
        _metric(whole[0], "nOffered")["count"]
    assert sum(_metric(d, "tHandle")["sum"] for d in halves) == \
        _metric(whole[0], "tHandle")["sum"]
    # Same question, same answer.
    assert _aggregate(emulator, granularity="PT30M", **common)["results"][0]["data"] == halves


def test_group_by_queue_sums_the_media_types(emulator):
    queues = _queues(emulator)[:2]
    store = local_store(emulator)
    response = _aggregate(emulator, interval=DAY, groupBy=["queueId"], metrics=["nOffered"],
                          filter={"type": "or", "predicates": [
                              {"dimension": "queueId", "value": q["id"]} for q in queues]})
    assert sorted(r["group"]["queueId"] for r in response["results"]) == \
        sorted(q["id"] for q in queues)
    for result in response["results"]:
        queue = next(q for q in queues if q["id"] == result["group"]["queueId"])
        expected = sum(analytics_history.simulated_queue_history(
            store, queue["id"], media, DAY_START, DAY_START + dt.timedelta(days=1))["offered"]
            for media in analytics_simulation.queue_media_types(queue))
        assert _metric(result["data"][0], "nOffered") == {"count": expected}


def test_unsimulated_metrics_and_empty_intervals_are_left_out(emulator):
    queue = _queues(emulator)[0]
    flt = {"type": "or", "predicates": [{"dimension": "queueId", "value": queue["id"]}]}
    response = _aggregate(emulator, interval=DAY, groupBy=["queueId"], filter=flt,
                          metrics=["nOffered", "nBotInteractions"])
    assert [m["metric"] for m in response["results"][0]["data"][0]["metrics"]] == ["nOffered"]
    tiny = _aggregate(emulator, interval="2026-01-05T00:01:00Z/2026-01-05T00:02:00Z",
                      filter=flt, metrics=["nOffered"])
    assert tiny == {}
    nobody = _aggregate(emulator, interval=DAY, metrics=["nOffered"], filter={
        "type": "and", "predicates": [{"dimension": "queueId", "value": queue["id"]},
                                      {"dimension": "userId", "value": "someone"}]})
    assert nobody == {}


@pytest.mark.parametrize("body", [
    {"metrics": ["nOffered"]},
    {"interval": "2026-01-05", "metrics": ["nOffered"]},
    {"interval": "2026-01-06T00:00:00Z/2026-01-05T00:00:00Z", "metrics": ["nOffered"]},
    {"interval": DAY},
    {"interval": DAY, "metrics": ["nOffered", "nBogus"]},
    {"interval": DAY, "metrics": ["nOffered"], "granularity": "thirty minutes"},
    {"interval": DAY, "metrics": ["nOffered"], "granularity": "PT0M"},
    {"interval": DAY, "metrics": ["nOffered"], "granularity": "P1M"},
    {"interval": DAY, "metrics": ["nOffered"], "groupBy": ["colour"]},
    {"interval": DAY, "metrics": ["nOffered"], "filter": {"predicates": []}},
    {"interval": "2026-01-01T00:00:00Z/2026-03-01T00:00:00Z", "metrics": ["nOffered"]},
], ids=["no-interval", "not-an-interval", "backwards", "no-metrics", "unknown-metric",
        "bad-granularity", "zero-granularity", "months", "bad-group-by", "filter-no-type",
        "too-long"])
def test_aggregate_validation(emulator, body):
    response = emulator.api("POST", AGGREGATES, json=body)
    assert response.status_code == 400, response.text
    assert response.json()["status"] == 400


# -- pure simulation properties --------------------------------------------------------------

def test_simulation_is_deterministic():
    members = [("u%d" % i, i % 5 != 0) for i in range(12)]
    first = analytics_simulation.simulate_queue_state("queue-a", members, ["voice", "chat"])
    assert first == analytics_simulation.simulate_queue_state("queue-a", list(reversed(members)),
                                                   ["chat", "voice"])
    start = DAY_START
    end = start + dt.timedelta(hours=3)
    assert analytics_history.simulate_queue_history("queue-a", "voice", True, start, end) == \
        analytics_history.simulate_queue_history("queue-a", "voice", True, start, end)


@settings(max_examples=60, deadline=None)
@given(team=st.integers(min_value=0, max_value=40),
       profile=st.sampled_from(analytics_simulation.PROFILE_ORDER),
       queue_id=st.uuids().map(str))
def test_profiles_hold_their_thresholds(team, profile, queue_id):
    members = [("user-%02d" % i, True) for i in range(team)]
    state = analytics_simulation.simulate_queue_state(queue_id, members, list(analytics_simulation.MEDIA_WEIGHT),
                                           profile)
    assert sum(state["routingStatusCounts"].values()) == team
    if profile == "overloaded":
        assert state["waiting"] > 10
        assert state["occupancy"] is None or state["occupancy"] > 0.85
    else:
        assert state["waiting"] <= 10
        assert state["occupancy"] is None or state["occupancy"] <= 0.6
    for media in state["mediaTypes"].values():
        waits = [c["waitMs"] for c in media["waitingConversations"]]
        assert waits == sorted(waits, reverse=True)
        assert (waits[0] if waits else None) == media["longestWaitingMs"]
    assert state["interacting"] == state["routingStatusCounts"]["INTERACTING"]


def test_daily_service_level_follows_the_profile():
    start, end = DAY_START, DAY_START + dt.timedelta(days=1)
    for profile, low, high in (("overloaded", 0.0, 0.7), ("steady", 0.8, 1.0),
                               ("calm", 0.9, 1.0)):
        totals = analytics_history.simulate_queue_history("queue-b", "voice", True, start, end,
                                                  profile=profile)
        assert low <= totals["slNumerator"] / totals["slDenominator"] <= high, profile
        assert totals["answered"] + totals["abandoned"] == totals["offered"]


def test_parse_helpers():
    assert isotime.parse_duration("PT30M") == dt.timedelta(minutes=30)
    assert isotime.parse_duration("P1DT12H") == dt.timedelta(days=1, hours=12)
    assert isotime.parse_duration("P1W") == dt.timedelta(weeks=1)
    start, end = isotime.parse_interval("2026-01-05T01:00:00+01:00/2026-01-05T01:00:00Z")
    assert start == dt.datetime(2026, 1, 5, 0, tzinfo=dt.timezone.utc)
    assert end - start == dt.timedelta(hours=1)
    assert len(analytics.buckets(start, start + dt.timedelta(minutes=70),
                                 dt.timedelta(minutes=30))) == 3


def test_oversized_aggregate_queries_are_refused():
    from genesys_emulator import seeds
    from genesys_emulator.framework import ApiError

    store = Store()
    store.data = seeds.build("large:30")
    month = {"interval": "2026-01-01T00:00:00Z/2026-01-31T00:00:00Z", "metrics": ["nOffered"]}
    with pytest.raises(ApiError) as refused:
        analytics.aggregate_query(store, month)
    assert refused.value.status == 400 and "too much data" in refused.value.message
    one_queue = dict(month, filter={"type": "or", "predicates": [
        {"dimension": "queueId", "value": store.all("queues")[0]["id"]}]})
    assert analytics.aggregate_query(store, one_queue)["results"]
