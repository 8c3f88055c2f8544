"""Queue analytics: a deterministic simulated contact centre behind the analytics queries.

There are no real conversations in the emulator, so the numbers come from a
simulation derived from the store (queues, their members) and seeded by hashing
the queue id: the same org always gives the same answers, and tests can compute
the expected values with the two functions below.  This module holds the query
endpoints; the simulation lives in analytics_simulation.py (profiles, real time)
and analytics_history.py (15-minute slots), filters in analytics_filters.py.

``simulated_queue_state(store, queue_id)``  (real time)
    ``None`` for an unknown queue, else a dict::

        queueId, profile ("calm" | "steady" | "overloaded"),
        memberCount, activeMemberCount (joined members),
        users: [{userId, joined, routingStatus, presence, sinceMs}]   (sorted by userId)
        routingStatusCounts: {OFF_QUEUE, IDLE, INTERACTING, COMMUNICATING, NOT_RESPONDING}
        onQueueCounts: the same without OFF_QUEUE; offQueueCount
        presenceCounts: {system presence: count}
        occupancy: INTERACTING / (IDLE + INTERACTING + COMMUNICATING), None without agents
        mediaTypes: {voice|callback|chat|email|message: {
            waiting, interacting, alerting, longestWaitingMs, longestInteractingMs,
            waitingConversations, interactingConversations, alertingConversations}}
        waiting, interacting, alerting (sums), longestWaitingMs (max or None)

    Only joined members count in the routing-status, presence and occupancy
    figures; ``memberCount`` counts every member.  A member's status is simulated
    per queue (a simplification: one user may look different in two queues).

``simulated_queue_history(store, queue_id, media_type, start, end)``  (historical)
    Counters summed over the 15-minute slots that start in ``[start, end)``
    (aware datetimes): offered, answered, abandoned, shortAbandoned, answeredInSl,
    transferred, slNumerator, slDenominator, slTarget, and timer stats
    ``{count, sum, min, max}`` for tAnswered, tAbandon, tTalk, tHeld, tAcw, tHandle,
    tAlert, tWait, tNotResponding, tShortAbandon.  ``aggregate_metric_stats(counters,
    metric)`` turns them into the StatisticalSummary the API answers.

Load profile: each queue has one of three profiles.  "overloaded" queues always
show occupancy > 0.85 (with at least one on-queue agent), more than 10 waiting
conversations and a service level well below 0.8; "calm" queues at most 0.34
occupancy, at most 3 waiting and a service level above 0.9; "steady" queues sit
in between (occupancy <= 0.6, waiting <= 10).  Seeded queues get their profile
from the seed (sorted by name, cycling overloaded, calm, steady, so the demo org
always has queues over and under the usual thresholds); other queues get
``queue_profile(queue_id)``, derived from the id hash.  ``effective_profile(store,
queue_id)`` tells which one applies.

Emulator-only admin routes: ``GET /__emulator/analytics/queues/{queueId}`` answers
``simulated_queue_state`` over HTTP (for tests running the emulator in another
process); ``PUT`` with ``{"profile": "overloaded"|"steady"|"calm"|null}`` pins a
queue's profile (null goes back to the hash).

Endpoints: ``POST /api/v2/analytics/queues/observations/query`` and
``POST /api/v2/analytics/conversations/aggregates/query`` (shapes per reference §5).
"""
from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, Dict, List, Optional, Tuple

from . import validation as v
from .analytics_filters import (
    dimension_values, eval_filter, metric_list, predicates, validate_filter)
from .analytics_history import (
    slot_starts, add_counters, aggregate_metric_stats, simulated_queue_history)
from .analytics_simulation import (
    ON_QUEUE_STATUSES, PROFILE_KIND, PROFILE_ORDER, ROUTING_STATUSES,
    SYSTEM_PRESENCES, live_queue, live_queue_ids, queue_media_types, simulated_queue_state)
from .entities import get_or_404
from .framework import ApiError, route, seeder
from .isotime import format_instant, parse_duration, parse_interval

# ---------------------------------------------------------------------------
# Platform enums (from the SDK models QueueObservationQuery and ConversationAggregationQuery)

OBSERVATION_METRICS = (
    "oActiveUsers", "oAlerting", "oInteracting", "oLongestInteracting", "oLongestWaiting",
    "oMemberUsers", "oOffQueueUsers", "oOnQueueUsers", "oUserPresences",
    "oUserRoutingStatuses", "oWaiting")
OBSERVATION_DETAIL_METRICS = tuple(m for m in OBSERVATION_METRICS
                                   if not m.startswith("oLongest"))
OBSERVATION_DIMENSIONS = ("mediaType", "queueId")
# Media types of analytics dimensions.  Only the first five carry simulated traffic.
ANALYTICS_MEDIA_TYPES = ("voice", "callback", "chat", "email", "message", "cobrowse", "video",
                         "screenshare", "unknown")

AGGREGATE_METRICS = (
    "nBlindTransferred", "nBotInteractions", "nCallbackAttempts", "nCallbackOverSla",
    "nCallbackScheduled", "nCfcOffered", "nCobrowseSessions", "nConnected", "nConsult",
    "nConsultTransferred", "nConversations", "nError", "nOffered", "nOutbound",
    "nOutboundAbandoned", "nOutboundAttempted", "nOutboundConnected", "nOverSla",
    "nStateTransitionError", "nTakeover", "nTransferred", "oAudioMessageCount",
    "oCallbackServiceLevel", "oExternalAudioMessageCount", "oExternalMediaCount", "oMediaCount",
    "oMessageCount", "oMessageSegmentCount", "oMessageTurn", "oServiceLevel", "oServiceTarget",
    "oSkillExpressionApplications", "tAbandon", "tAcd", "tActiveCallback",
    "tActiveCallbackComplete", "tAcw", "tAgentResponseTime", "tAgentVideoConnected", "tAlert",
    "tAnswered", "tAverageAgentResponseTime", "tAverageCustomerResponseTime", "tBarging",
    "tCallbackAbandon", "tCallbackConnect", "tCallbackNotReached", "tCallbackVirtualWait",
    "tCfcAbandon", "tCfcAcd", "tCfcAnswered", "tCfcFlowOut", "tCoaching", "tCoachingComplete",
    "tConnected", "tContacting", "tDialing", "tFirstConnect", "tFirstDial", "tFirstEngagement",
    "tFirstResponse", "tFlowOut", "tHandle", "tHeld", "tHeldComplete", "tIvr", "tMonitoring",
    "tMonitoringComplete", "tNotResponding", "tPark", "tParkComplete", "tScreenMonitoring",
    "tShortAbandon", "tSnippetRecord", "tTalk", "tTalkComplete", "tTransmitting",
    "tUserResponseTime", "tVoicemail", "tWait")
AGGREGATE_GROUP_BY = (
    "activeRouting", "activeSkillId", "addressFrom", "addressTo", "agentAssistantId",
    "agentBullseyeRing", "agentOwned", "agentRank", "agentScore", "ani", "assignerId",
    "authenticated", "conversationId", "conversationInitiator", "convertedFrom", "convertedTo",
    "customerParticipation", "deliveryStatus", "destinationAddress", "direction",
    "disconnectType", "divisionId", "dnis", "edgeId", "eligibleAgentCount", "errorCode",
    "extendedDeliveryStatus", "externalContactId", "externalMediaCount",
    "externalOrganizationId", "externalTag", "firstQueue", "flaggedReason", "flowInType",
    "flowOutType", "groupId", "interactionType", "journeyActionId", "journeyActionMapId",
    "journeyActionMapVersion", "journeyCustomerId", "journeyCustomerIdType",
    "journeyCustomerSessionId", "journeyCustomerSessionIdType", "knowledgeBaseId", "mediaCount",
    "mediaType", "messageType", "originatingDirection", "originatingSocialMediaPublic",
    "outboundCampaignId", "outboundContactId", "outboundContactListId", "participantName",
    "peerId", "proposedAgentId", "provider", "purpose", "queueId", "remote", "removedSkillId",
    "requestedLanguageId", "requestedRouting", "requestedRoutingSkillId", "roomId",
    "routingPriority", "routingRing", "routingRule", "routingRuleType", "scoredAgentId",
    "selectedAgentId", "selectedAgentRank", "selfServed", "sessionDnis", "sessionId",
    "skillExpressionId", "stationId", "teamId", "usedRouting", "userId", "videoPresent",
    "waitingInteractionCount", "wrapUpCode")
AGGREGATE_DIMENSIONS = tuple(sorted(AGGREGATE_GROUP_BY + ("canonicalExternalContactId",)))
QUERY_TYPES = ("groupBy", "topN", "bottomN")
ALTERNATE_TIME_DIMENSIONS = ("eventTime",)

# UNCONFIRMED limits (no source showed them); generous but bounded.
MAX_OBSERVATION_QUEUE_IDS = 100
MAX_AGGREGATE_INTERVAL = dt.timedelta(days=31)
MAX_SLOT_EVALUATIONS = 400000     # queue x media type x 15-minute slots per query
# ---------------------------------------------------------------------------
# Observation query


_PRESENCE_NAMESPACE = uuid.UUID("a7c1b6de-2f0e-4c8b-9a51-5d2e7f3c1b90")


def presence_definition_id(system_presence: str) -> str:
    """Organization presence id of a system presence (fixed fake ids of the emulator)."""
    return str(uuid.uuid5(_PRESENCE_NAMESPACE, system_presence))


def _ago(now: dt.datetime, millis: int) -> str:
    return format_instant(now - dt.timedelta(milliseconds=millis))


def _user_observations(state: Dict[str, Any], now: dt.datetime, keep) -> List[Dict[str, Any]]:
    users = [u for u in state["users"] if u["joined"] and keep(u)]
    users.sort(key=lambda u: (-u["sinceMs"], u["userId"]))
    return [{"observationDate": _ago(now, u["sinceMs"]), "userId": u["userId"]} for u in users]


def _conversation_observations(convs: List[Dict[str, Any]], now: dt.datetime, key: str
                               ) -> List[Dict[str, Any]]:
    """ObservationValue items, oldest first (``key`` holds the age in ms)."""
    out = []
    for conv in sorted(convs, key=lambda c: -c[key]):
        item = {"observationDate": _ago(now, conv[key]),
                "conversationId": conv["conversationId"], "sessionId": conv["sessionId"],
                "direction": "inbound", "routingPriority": conv.get("routingPriority", 0),
                "requestedRoutingSkillIds": []}
        if conv.get("userId"):
            item["userId"] = conv["userId"]
        out.append(item)
    return out


def _entry(metric: str, count: int, qualifier: Optional[str] = None,
           observations: Optional[List[Dict[str, Any]]] = None) -> Dict[str, Any]:
    entry: Dict[str, Any] = {"metric": metric}
    if qualifier is not None:
        entry["qualifier"] = qualifier
    entry["stats"] = {"count": count}
    if observations is not None:
        entry["truncated"] = False
        entry["observations"] = observations
    return entry


def _user_metric_entries(metric: str, state: Dict[str, Any], detailed: bool,
                         now: dt.datetime) -> List[Dict[str, Any]]:
    def obs(keep):
        return _user_observations(state, now, keep) if detailed else None

    if metric == "oOnQueueUsers":
        return [_entry(metric, state["onQueueCounts"][status], status,
                       obs(lambda u, s=status: u["routingStatus"] == s))
                for status in ON_QUEUE_STATUSES]
    if metric == "oUserRoutingStatuses":
        return [_entry(metric, state["routingStatusCounts"][status], status,
                       obs(lambda u, s=status: u["routingStatus"] == s))
                for status in ROUTING_STATUSES]
    if metric == "oUserPresences":
        return [_entry(metric, count, presence_definition_id(presence),
                       obs(lambda u, p=presence: u["presence"] == p))
                for presence, count in sorted(state["presenceCounts"].items()) if count]
    if metric == "oOffQueueUsers":
        return [_entry(metric, state["offQueueCount"], None,
                       obs(lambda u: u["routingStatus"] == "OFF_QUEUE"))]
    if metric == "oActiveUsers":
        return [_entry(metric, state["activeMemberCount"], None, obs(lambda u: True))]
    if metric == "oMemberUsers":
        entry = _entry(metric, state["memberCount"])
        if detailed:
            entry["truncated"] = False
            entry["observations"] = [
                {"observationDate": _ago(now, u["sinceMs"]), "userId": u["userId"]}
                for u in sorted(state["users"], key=lambda u: (-u["sinceMs"], u["userId"]))]
        return [entry]
    raise AssertionError(metric)


_CONV_FIELDS = {"oWaiting": ("waitingConversations", "waitMs"),
                "oInteracting": ("interactingConversations", "durationMs"),
                "oAlerting": ("alertingConversations", "durationMs")}


def _conversation_metric_entries(metric: str, media_states: List[Tuple[str, Dict[str, Any]]],
                                 detailed: bool, now: dt.datetime) -> List[Dict[str, Any]]:
    if metric in ("oLongestWaiting", "oLongestInteracting"):
        list_key, ms_key = (("waitingConversations", "waitMs") if metric == "oLongestWaiting"
                            else ("interactingConversations", "durationMs"))
        candidates = [conv for _media, ms in media_states for conv in ms[list_key]]
        if not candidates:
            return [_entry(metric, 0)]
        conv = max(candidates, key=lambda item: item[ms_key])
        entry = _entry(metric, 1, None, _conversation_observations([conv], now, ms_key))
        entry["stats"]["calculatedMetricValue"] = conv[ms_key]
        return [entry]
    list_key, ms_key = _CONV_FIELDS[metric]
    count = sum(len(ms[list_key]) for _media, ms in media_states)
    observations = None
    if detailed:
        observations = []
        for media, ms in media_states:
            observations.extend(_conversation_observations(ms[list_key], now, ms_key))
        observations.sort(key=lambda item: item["observationDate"])
    return [_entry(metric, count, None, observations)]


USER_METRICS = ("oActiveUsers", "oMemberUsers", "oOffQueueUsers", "oOnQueueUsers",
                "oUserPresences", "oUserRoutingStatuses")


def observation_query(store: Any, body: Any, now: Optional[dt.datetime] = None
                      ) -> Dict[str, Any]:
    """QueueObservationQueryResponse for a QueueObservationQuery (validates; raises ApiError).

    Grouping: user metrics (on/off-queue users, routing statuses, presences,
    members) in a ``{queueId}`` group.  Conversation metrics (oWaiting,
    oInteracting, oAlerting, oLongest*) go to ``{queueId, mediaType}`` groups when
    the filter has a mediaType predicate, else into the ``{queueId}`` group summed
    over the queue's media types.
    """
    now = now or dt.datetime.now(dt.timezone.utc)
    if not isinstance(body, dict):
        raise ApiError.bad_request("The request body must be a JSON object.")
    flt = validate_filter(body.get("filter"), "filter", OBSERVATION_DIMENSIONS, False)
    metrics = metric_list(body.get("metrics"), "metrics", OBSERVATION_METRICS, "Metrics", True)
    details = metric_list(body.get("detailMetrics"), "detailMetrics",
                           OBSERVATION_DETAIL_METRICS, "DetailMetrics", False)
    for metric in details:
        if metric not in metrics:
            metrics.append(metric)
    queue_ids = dimension_values(flt, "queueId")
    if not queue_ids:
        # The platform needs queue ids to observe (UNCONFIRMED wording).
        raise ApiError.bad_request("The filter must name at least one queueId.", "filter")
    if len(queue_ids) > MAX_OBSERVATION_QUEUE_IDS:
        # UNCONFIRMED limit: no source showed the platform maximum.
        raise ApiError.invalid_value("filter", len(queue_ids), "filter",
                                     reason="at most %d queue ids are allowed per query"
                                            % MAX_OBSERVATION_QUEUE_IDS)
    for media in dimension_values(flt, "mediaType"):
        v.enum(media, "filter.mediaType", "MediaType", ANALYTICS_MEDIA_TYPES)
    split_media = any(pred.get("dimension") == "mediaType" for pred in predicates(flt))

    results = []
    for queue_id in queue_ids:
        if not eval_filter(flt, {"queueId": queue_id}, ignore=("mediaType",)):
            continue
        state = simulated_queue_state(store, queue_id)
        if state is None:
            continue      # unknown or deleted queue: nothing observed
        media_states = [(media, ms) for media, ms in state["mediaTypes"].items()
                        if eval_filter(flt, {"queueId": queue_id, "mediaType": media})]
        queue_data: List[Dict[str, Any]] = []
        media_data: Dict[str, List[Dict[str, Any]]] = {media: [] for media, _ in media_states}
        for metric in metrics:
            detailed = metric in details
            if metric in USER_METRICS:
                queue_data.extend(_user_metric_entries(metric, state, detailed, now))
            elif split_media:
                for media, ms in media_states:
                    media_data[media].extend(
                        _conversation_metric_entries(metric, [(media, ms)], detailed, now))
            else:
                queue_data.extend(
                    _conversation_metric_entries(metric, media_states, detailed, now))
        if queue_data:
            results.append({"group": {"queueId": queue_id}, "data": queue_data})
        for media, _ms in media_states:
            if media_data[media]:
                results.append({"group": {"queueId": queue_id, "mediaType": media},
                                "data": media_data[media]})
    response: Dict[str, Any] = {"results": results}
    if "oUserPresences" in metrics:
        response["systemToOrganizationMappings"] = {
            presence: [presence_definition_id(presence)] for presence in SYSTEM_PRESENCES}
    return response


@route("POST", "/api/v2/analytics/queues/observations/query")
def post_queue_observations(req):
    return observation_query(req.state, req.json_body(dict))


# ---------------------------------------------------------------------------
# Conversation aggregates query

# Dimension values every simulated conversation has besides queueId/mediaType.
_FIXED_DIMENSIONS = {"direction": "inbound", "originatingDirection": "inbound",
                     "purpose": "acd"}


def buckets(start: dt.datetime, end: dt.datetime, granularity: Optional[dt.timedelta]
            ) -> List[Tuple[dt.datetime, dt.datetime]]:
    """Split [start, end) by the granularity (the last bucket is cut at ``end``)."""
    if granularity is None:
        return [(start, end)]
    out = []
    cursor = start
    while cursor < end:
        out.append((cursor, min(cursor + granularity, end)))
        cursor += granularity
    return out


def aggregate_query(store: Any, body: Any) -> Dict[str, Any]:
    """ConversationAggregateQueryResponse for a ConversationAggregationQuery.

    Groups: the ``groupBy`` dimensions the simulation knows (queueId, mediaType,
    direction, originatingDirection, purpose); other groupBy dimensions are accepted
    and simply absent from the groups.  Metrics without data are left out, and so
    are empty intervals and groups, as the platform does.
    """
    if not isinstance(body, dict):
        raise ApiError.bad_request("The request body must be a JSON object.")
    interval = v.required(v.string(body.get("interval"), "interval"), "interval")
    start, end = parse_interval(interval, "interval")
    if end - start > MAX_AGGREGATE_INTERVAL:
        # UNCONFIRMED limit: keeps the simulation bounded.
        raise ApiError.invalid_value("interval", interval, "interval",
                                     reason="the emulator answers intervals of at most "
                                            "%d days" % MAX_AGGREGATE_INTERVAL.days)
    granularity = None
    if body.get("granularity") is not None:
        granularity = parse_duration(v.string(body.get("granularity"), "granularity"))
    v.string(body.get("timeZone"), "timeZone")
    query_type = v.enum(body.get("queryType"), "queryType", "QueryType", QUERY_TYPES)
    # Accepted and checked; the simulation has one time per event, so it changes nothing.
    v.enum(body.get("alternateTimeDimension"), "alternateTimeDimension",
           "AlternateTimeDimension", ALTERNATE_TIME_DIMENSIONS)
    if query_type in ("topN", "bottomN"):
        raise ApiError.bad_request("The emulator answers queryType groupBy only.", "queryType")
    group_by = metric_list(body.get("groupBy"), "groupBy", AGGREGATE_GROUP_BY, "GroupBy", False)
    metrics = metric_list(body.get("metrics"), "metrics", AGGREGATE_METRICS, "Metrics", True)
    flt = body.get("filter")
    if flt is not None:
        validate_filter(flt, "filter", AGGREGATE_DIMENSIONS, True)
        for media in dimension_values(flt, "mediaType"):
            v.enum(media, "filter.mediaType", "MediaType", ANALYTICS_MEDIA_TYPES)

    keys = [dim for dim in group_by if dim in ("queueId", "mediaType") or dim in
            _FIXED_DIMENSIONS]
    groups: Dict[Tuple[Tuple[str, str], ...], List[Tuple[str, str]]] = {}
    for queue_id in live_queue_ids(store):
        queue = live_queue(store, queue_id)
        for media in queue_media_types(queue):
            dims = dict(_FIXED_DIMENSIONS, queueId=queue_id, mediaType=media)
            if flt is not None and not eval_filter(flt, dims):
                continue
            group_key = tuple((dim, dims[dim]) for dim in keys)
            groups.setdefault(group_key, []).append((queue_id, media))

    cost = sum(len(pairs) for pairs in groups.values()) * len(slot_starts(start, end))
    if cost > MAX_SLOT_EVALUATIONS:
        # Emulator limit (the platform's own limits are UNCONFIRMED): the query runs
        # under the store lock, so an unbounded one would stall every other call.
        raise ApiError(400, "bad.request",
                       "The query covers too much data for the emulator (%d queue/media "
                       "slots, at most %d); narrow the interval or the queues."
                       % (cost, MAX_SLOT_EVALUATIONS),
                       details=[{"errorCode": "bad.request", "fieldName": "interval"}])
    slices = buckets(start, end, granularity)
    results = []
    for group_key in sorted(groups):
        pairs = groups[group_key]
        data = []
        for b_start, b_end in slices:
            total: Optional[Dict[str, Any]] = None
            for queue_id, media in pairs:
                part = simulated_queue_history(store, queue_id, media, b_start, b_end)
                if total is None:
                    total = part
                else:
                    # Several queues in one group: the target of the first one is shown.
                    add_counters(total, part)
            entries = []
            for metric in metrics:
                stats = aggregate_metric_stats(total, metric) if total else None
                if stats is not None:
                    entries.append({"metric": metric, "stats": stats})
            if entries:
                data.append({"interval": "%s/%s" % (format_instant(b_start),
                                                    format_instant(b_end)),
                             "metrics": entries})
        if data:
            results.append({"group": dict(group_key), "data": data})
    return {"results": results} if results else {}


@route("POST", "/api/v2/analytics/conversations/aggregates/query")
def post_conversation_aggregates(req):
    return aggregate_query(req.state, req.json_body(dict))


# ---------------------------------------------------------------------------
# Seeding and emulator-only admin routes


@seeder
def _seed_profiles(ctx: Any) -> None:
    """Pin the profiles of seeded queues so every seeded org has hot and quiet queues."""
    queues = sorted(ctx.state.all("queues"), key=lambda q: ((q.get("name") or "").lower(),
                                                             q["id"]))
    cycle = ("overloaded", "calm", "steady")
    for index, queue in enumerate(queues):
        ctx.state.put(PROFILE_KIND, queue["id"], {"profile": cycle[index % len(cycle)]})


def _queue_or_404(state: Any, queue_id: str) -> Dict[str, Any]:
    # A deleted queue is removed from the store (queues.py), so a stored one is live.
    return get_or_404(state, "queues", queue_id, "Queue")


@route("GET", "/__emulator/analytics/queues/{queueId}")
def get_simulated_state(req):
    """Emulator-only: ``simulated_queue_state`` of one queue."""
    _queue_or_404(req.state, req.path_params["queueId"])
    return simulated_queue_state(req.state, req.path_params["queueId"])


@route("PUT", "/__emulator/analytics/queues/{queueId}")
def put_simulated_profile(req):
    """Emulator-only: pin (or with null, unpin) the load profile of one queue."""
    queue = _queue_or_404(req.state, req.path_params["queueId"])
    profile = req.json_body(dict).get("profile")
    if profile is not None:
        v.enum(profile, "profile", "Profile", PROFILE_ORDER)
    # Admin routes run outside a transaction; one of our own gets the write journaled
    # (--state), like an API write.
    req.state.begin()
    if profile is None:
        req.state.delete(PROFILE_KIND, queue["id"])
    else:
        req.state.put(PROFILE_KIND, queue["id"], {"profile": profile})
    req.state.commit()
    return simulated_queue_state(req.state, queue["id"])
