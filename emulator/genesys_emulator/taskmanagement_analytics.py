"""Workitem load: ``POST /api/v2/analytics/taskmanagement/metrics/query`` (observations).

Body TaskManagementObservationQuery ``{filter: {predicates: [{dimension: queueId|typeId,
value}]}, metrics: [{name, qualifier?}], groupBy: [...]}``; answer
TaskManagementObservationQueryResponse ``{results: [{group: {queueId, typeId}, data: [{metric,
stats: {count}}]}]}`` (SDK 269 models).  Metric names are the SDK's enum; predicates on the
same dimension are ORed, across dimensions ANDed (as in the routing observation query).

The emulator has no workitems: the counts are SIMULATED, emulator-only, stable per
(queue, worktype) and scaled by the queue's analytics load profile
(analytics_simulation.py), so an overloaded queue has more unassigned workitems than a
calm one.  Only worktypes routed to a queue (``defaultQueueId``) have a load.
"""
from __future__ import annotations

import hashlib
from typing import Any, Dict, List

from . import validation as v
from .analytics_simulation import effective_profile
from .framework import route

METRICS = ("oWorkitemsUnassigned", "oWorkitemsAssigned", "oWorkitemsConnected", "oWorkitemsParked",
           "oWorkitemsHeld", "oWorkitemsAcdStarted", "oWorkitemsDeclined", "oWorkitemsIdle",
           "oWorkitemsDisconnected", "oWorkitemsAcdExpired", "oWorkitemsDue", "oWorkitemsOverDue",
           "oWorkitemOldestUnassigned", "oWorkitemOldestAssigned")
QUALIFIERS = ("Hours24", "Hours72")
DIMENSIONS = ("queueId", "typeId")
GROUP_BY = ("queueId", "typeId")
SCALE = {"calm": 1, "steady": 3, "overloaded": 9}


def _draw(queue_id: str, type_id: str, metric: str) -> int:
    digest = hashlib.sha256(("workitems|%s|%s|%s" % (queue_id, type_id, metric)).encode()).digest()
    return digest[0] % 4


def simulated_count(state: Any, queue_id: str, type_id: str, metric: str) -> int:
    scale = SCALE.get(effective_profile(state, queue_id), 1)
    if metric in ("oWorkitemOldestUnassigned", "oWorkitemOldestAssigned"):
        return 0
    if metric in ("oWorkitemsUnassigned", "oWorkitemsDue"):
        return scale * 2 + _draw(queue_id, type_id, metric)
    if metric in ("oWorkitemsAssigned", "oWorkitemsConnected"):
        return scale + _draw(queue_id, type_id, metric)
    if metric == "oWorkitemsOverDue":
        return max(0, scale - 1) + _draw(queue_id, type_id, metric) // 2
    return _draw(queue_id, type_id, metric) // 2


def _checked_query(body: Dict[str, Any]) -> Dict[str, Any]:
    metrics = v.required(v.array(body.get("metrics"), "metrics", min_items=1), "metrics")
    wanted = []
    for index, item in enumerate(metrics):
        field = "metrics[%d]" % index
        v.obj(item, field)
        v.required(item.get("name"), field + ".name")
        v.enum(item.get("name"), field + ".name", "Name", METRICS)
        v.enum(item.get("qualifier"), field + ".qualifier", "Qualifier", QUALIFIERS)
        wanted.append(item["name"])
    group_by = v.array(body.get("groupBy"), "groupBy") or []
    for index, item in enumerate(group_by):
        v.enum(item, "groupBy[%d]" % index, "GroupBy", GROUP_BY)
    wanted_values: Dict[str, List[str]] = {}
    predicates = v.array((v.obj(body.get("filter"), "filter") or {}).get("predicates"),
                         "filter.predicates") or []
    for index, predicate in enumerate(predicates):
        field = "filter.predicates[%d]" % index
        v.obj(predicate, field)
        v.required(predicate.get("dimension"), field + ".dimension")
        v.enum(predicate.get("dimension"), field + ".dimension", "Dimension", DIMENSIONS)
        value = v.required(v.string(predicate.get("value"), field + ".value"), field + ".value")
        wanted_values.setdefault(predicate["dimension"], []).append(value)
    return {"metrics": wanted, "groupBy": group_by, "filters": wanted_values}


@route("POST", "/api/v2/analytics/taskmanagement/metrics/query")
def workitem_observations(req):
    query = _checked_query(req.json_body(dict))
    filters = query["filters"]
    sums: Dict[tuple, Dict[str, int]] = {}
    for worktype in sorted(req.state.all("worktypes"), key=lambda item: item["id"]):
        queue_id = worktype.get("defaultQueueId")
        if not queue_id:
            continue
        if filters.get("queueId") and queue_id not in filters["queueId"]:
            continue
        if filters.get("typeId") and worktype["id"] not in filters["typeId"]:
            continue
        values = {"queueId": queue_id, "typeId": worktype["id"]}
        key = tuple((name, values[name]) for name in query["groupBy"])
        counts = sums.setdefault(key, {})
        for metric in query["metrics"]:
            counts[metric] = counts.get(metric, 0) + simulated_count(req.state, queue_id,
                                                                     worktype["id"], metric)
    results = [{"group": dict(key), "data": [{"metric": metric, "stats": {"count": count}}
                                             for metric, count in counts.items()]}
               for key, counts in sorted(sums.items())]
    return {"results": results}
