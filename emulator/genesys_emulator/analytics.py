"""Queue analytics: a deterministic simulated contact centre behind the analytics queries.

There are no real conversations in the emulator, so the numbers come from a
simulation derived from the store (queues, their members) and seeded by hashing
the queue id: the same org always gives the same answers, and tests can compute
the expected values with the two pure functions below.

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
import hashlib
import math
import re
import struct
import uuid
from typing import Any, Dict, Iterable, List, Optional, Sequence, Tuple

from . import validation as v
from .framework import ApiError, route, seeder

# ---------------------------------------------------------------------------
# Platform enums (from the SDK models QueueObservationQuery and ConversationAggregationQuery)

OBSERVATION_METRICS = (
    "oActiveUsers", "oAlerting", "oInteracting", "oLongestInteracting", "oLongestWaiting",
    "oMemberUsers", "oOffQueueUsers", "oOnQueueUsers", "oUserPresences",
    "oUserRoutingStatuses", "oWaiting")
OBSERVATION_DETAIL_METRICS = tuple(m for m in OBSERVATION_METRICS
                                   if not m.startswith("oLongest"))
OBSERVATION_DIMENSIONS = ("mediaType", "queueId")
PREDICATE_TYPES = ("dimension", "property", "metric")
PREDICATE_OPERATORS = ("matches", "exists", "notExists")
FILTER_TYPES = ("and", "or")
# Media types of analytics dimensions.  Only the first five carry simulated traffic.
ANALYTICS_MEDIA_TYPES = ("voice", "callback", "chat", "email", "message", "cobrowse", "video",
                         "screenshare", "unknown")
SIMULATED_MEDIA_TYPES = ("voice", "callback", "chat", "email", "message")
ROUTING_STATUSES = ("OFF_QUEUE", "IDLE", "INTERACTING", "NOT_RESPONDING", "COMMUNICATING")
ON_QUEUE_STATUSES = ("IDLE", "INTERACTING", "COMMUNICATING", "NOT_RESPONDING")
SYSTEM_PRESENCES = ("AVAILABLE", "AWAY", "BREAK", "BUSY", "IDLE", "MEAL", "MEETING", "OFFLINE",
                    "ON_QUEUE", "TRAINING")

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
# Deterministic randomness

_ID_NAMESPACE = uuid.UUID("0b6c5e0e-6a59-4f7e-8d7c-3f0a4d1e9a57")


def _unit(*parts: Any) -> float:
    """A stable pseudo-random number in [0, 1) for the given key (sha256 based)."""
    digest = hashlib.sha256("|".join(str(part) for part in parts).encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") / 18446744073709551616.0


def _between(low: int, high: int, *parts: Any) -> int:
    """A stable integer in [low, high]."""
    return low + int(_unit(*parts) * (high - low + 1))


def _sim_id(*parts: Any) -> str:
    return str(uuid.uuid5(_ID_NAMESPACE, "/".join(str(part) for part in parts)))


# ---------------------------------------------------------------------------
# Load profiles

PROFILE_ORDER = ("calm", "steady", "overloaded")
PROFILES: Dict[str, Dict[str, Any]] = {
    "calm": {"off_queue_share": 0.30, "interacting_share": 0.34, "communicating_share": 0.10,
             "waiting": (0, 2), "longest_waiting_ms": (4000, 45000),
             "hourly_offered": 24, "abandon_rate": 0.02, "sl_rate": 0.96,
             "handle_factor": 0.9, "abandon_wait_ms": 25000},
    "steady": {"off_queue_share": 0.20, "interacting_share": 0.60, "communicating_share": 0.10,
               "waiting": (2, 5), "longest_waiting_ms": (30000, 150000),
               "hourly_offered": 48, "abandon_rate": 0.04, "sl_rate": 0.90,
               "handle_factor": 1.0, "abandon_wait_ms": 60000},
    "overloaded": {"off_queue_share": 0.10, "interacting_share": None,
                   "communicating_share": None,
                   "waiting": (12, 20), "longest_waiting_ms": (240000, 900000),
                   "hourly_offered": 90, "abandon_rate": 0.14, "sl_rate": 0.60,
                   "handle_factor": 1.2, "abandon_wait_ms": 150000},
}
# Secondary media carry a share of the primary medium's load.
MEDIA_WEIGHT = {"voice": 1.0, "chat": 0.4, "message": 0.3, "email": 0.2, "callback": 0.2}
# Average talk time per answered interaction (ms) before the profile factor.
TALK_MS = {"voice": 240000, "callback": 300000, "chat": 480000, "email": 600000,
           "message": 540000}
ACW_MS = {"voice": 30000, "callback": 30000, "chat": 25000, "email": 60000, "message": 25000}
# Queue mediaSettings keys -> analytics mediaType.
SETTINGS_MEDIA = (("call", "voice"), ("callback", "callback"), ("chat", "chat"),
                  ("email", "email"), ("message", "message"))
DEFAULT_SL_PERCENTAGE = 0.8
DEFAULT_SL_DURATION_MS = 20000
SLOT_SECONDS = 900


PROFILE_KIND = "analytics_profiles"    # store kind: queueId -> {"profile": name}


def queue_profile(queue_id: str) -> str:
    """The hash-derived load profile of a queue: "calm", "steady" or "overloaded"."""
    return PROFILE_ORDER[int(_unit("profile", queue_id) * len(PROFILE_ORDER))]


def effective_profile(store: Any, queue_id: str) -> str:
    """The profile in force: a stored override (seeded or set through
    ``PUT /__emulator/analytics/queues/{queueId}``), else the hash-derived one."""
    override = store.get(PROFILE_KIND, queue_id)
    if override and override.get("profile") in PROFILES:
        return override["profile"]
    return queue_profile(queue_id)


def queue_media_types(queue: Optional[Dict[str, Any]]) -> List[str]:
    """Analytics media types of a queue, from its mediaSettings (all five when absent)."""
    settings = (queue or {}).get("mediaSettings") or {}
    found = [media for key, media in SETTINGS_MEDIA if isinstance(settings.get(key), dict)]
    return found or list(SIMULATED_MEDIA_TYPES)


def service_level_settings(queue: Optional[Dict[str, Any]], media_type: str) -> Tuple[float, int]:
    """(percentage, durationMs) of the queue's service level for one media type."""
    key = next((k for k, media in SETTINGS_MEDIA if media == media_type), None)
    settings = ((queue or {}).get("mediaSettings") or {}).get(key) or {}
    level = settings.get("serviceLevel") or {}
    percentage = level.get("percentage")
    duration = level.get("durationMs")
    if not isinstance(percentage, (int, float)) or isinstance(percentage, bool):
        percentage = DEFAULT_SL_PERCENTAGE
    if not isinstance(duration, (int, float)) or isinstance(duration, bool) or duration <= 0:
        duration = DEFAULT_SL_DURATION_MS
    return float(percentage), int(duration)


# ---------------------------------------------------------------------------
# Store access


def queue_members(store: Any, queue_id: str) -> List[Tuple[str, bool]]:
    """``[(userId, joined)]`` of the queue's members (direct and via groups), by user id."""
    from .queues import queue_membership   # queues.py owns the membership layout
    queue = store.get("queues", queue_id)
    if queue is None:
        return []
    return sorted((user_id, bool(entry.get("joined")))
                  for user_id, entry in queue_membership(store, queue).items())


def _live_queue(store: Any, queue_id: str) -> Optional[Dict[str, Any]]:
    # A deleted queue is removed from the store (queues.py).
    return store.get("queues", queue_id)


def _live_queue_ids(store: Any) -> List[str]:
    return sorted(queue["id"] for queue in store.all("queues"))


# ---------------------------------------------------------------------------
# Real-time simulation


def _allocate_statuses(queue_id: str, profile: str, joined: Sequence[str]) -> Dict[str, str]:
    ranked = sorted(joined, key=lambda uid: (_unit("rank", queue_id, uid), uid))
    params = PROFILES[profile]
    off = int(len(ranked) * params["off_queue_share"])
    on = ranked[off:]
    n = len(on)
    if profile == "overloaded":
        # Nearly everyone busy: occupancy stays above 0.85 for any team size.
        not_responding = 1 if n >= 4 else 0
        idle = n // 20
        communicating = n // 20
        interacting = n - not_responding - idle - communicating
    else:
        interacting = int(n * params["interacting_share"])
        communicating = int(n * params["communicating_share"])
        not_responding = 0
        idle = n - interacting - communicating
    statuses = {uid: "OFF_QUEUE" for uid in ranked[:off]}
    order = (["INTERACTING"] * interacting + ["COMMUNICATING"] * communicating
             + ["NOT_RESPONDING"] * not_responding + ["IDLE"] * idle)
    for uid, status in zip(on, order):
        statuses[uid] = status
    return statuses


def _off_queue_presence(queue_id: str, user_id: str) -> str:
    choices = ("AVAILABLE", "AWAY", "BREAK", "MEAL", "MEETING", "TRAINING")
    return choices[int(_unit("presence", queue_id, user_id) * len(choices))]


def _weighted_media(queue_id: str, user_id: str, media_types: Sequence[str]) -> str:
    weights = [1.0 if i == 0 else MEDIA_WEIGHT[m] for i, m in enumerate(media_types)]
    point = _unit("medium", queue_id, user_id) * sum(weights)
    for media, weight in zip(media_types, weights):
        if point < weight:
            return media
        point -= weight
    return media_types[-1]


def simulate_queue_state(queue_id: str, members: Sequence[Tuple[str, bool]],
                         media_types: Sequence[str], profile: Optional[str] = None
                         ) -> Dict[str, Any]:
    """The simulated real-time state from plain inputs (see module docstring)."""
    profile = profile or queue_profile(queue_id)
    params = PROFILES[profile]
    media_types = [m for m in SIMULATED_MEDIA_TYPES if m in media_types] or ["voice"]
    joined_ids = [uid for uid, joined in members if joined]
    statuses = _allocate_statuses(queue_id, profile, joined_ids)

    users = []
    for uid, joined in sorted(members):
        status = statuses.get(uid, "OFF_QUEUE")
        presence = "ON_QUEUE" if status != "OFF_QUEUE" else _off_queue_presence(queue_id, uid)
        users.append({"userId": uid, "joined": joined, "routingStatus": status,
                      "presence": presence,
                      "sinceMs": _between(30000, 1800000, "since", queue_id, uid)})
    active = [user for user in users if user["joined"]]
    status_counts = {status: 0 for status in ROUTING_STATUSES}
    presence_counts = {presence: 0 for presence in SYSTEM_PRESENCES}
    for user in active:
        status_counts[user["routingStatus"]] += 1
        presence_counts[user["presence"]] += 1
    working = (status_counts["IDLE"] + status_counts["INTERACTING"]
               + status_counts["COMMUNICATING"])
    occupancy = status_counts["INTERACTING"] / float(working) if working else None

    idle_agents = sorted((u["userId"] for u in active if u["routingStatus"] == "IDLE"),
                         key=lambda uid: (_unit("rank", queue_id, uid), uid))
    per_media: Dict[str, Dict[str, Any]] = {}
    for index, media in enumerate(media_types):
        low, high = params["waiting"]
        if index > 0:   # secondary media: a lighter load than the primary one
            low, high = 0, int(high * MEDIA_WEIGHT[media])
        waiting = _between(low, high, "waiting", queue_id, media)
        longest_waiting = (_between(params["longest_waiting_ms"][0],
                                    params["longest_waiting_ms"][1], "longest", queue_id, media)
                           if waiting else None)
        waiting_convs = [{"conversationId": _sim_id(queue_id, media, "waiting", i),
                          "sessionId": _sim_id(queue_id, media, "waiting-session", i),
                          "waitMs": longest_waiting * (waiting - i) // waiting,
                          "routingPriority": 0}
                         for i in range(waiting)]
        interacting_convs = []
        for user in active:
            if user["routingStatus"] != "INTERACTING":
                continue
            if _weighted_media(queue_id, user["userId"], media_types) != media:
                continue
            uid = user["userId"]
            interacting_convs.append({
                "conversationId": _sim_id(queue_id, media, "interacting", uid),
                "sessionId": _sim_id(queue_id, media, "interacting-session", uid),
                "userId": uid,
                "durationMs": _between(20000, 1200000, "talk", queue_id, uid)})
        interacting_convs.sort(key=lambda conv: (-conv["durationMs"], conv["userId"]))
        alerting_convs = []
        if waiting and idle_agents and _unit("alerting", queue_id, media) < 0.5:
            agent = idle_agents[index % len(idle_agents)]
            alerting_convs.append({
                "conversationId": _sim_id(queue_id, media, "alerting", 0),
                "sessionId": _sim_id(queue_id, media, "alerting-session", 0),
                "userId": agent,
                "durationMs": _between(1000, 8000, "alert", queue_id, media)})
        per_media[media] = {
            "waiting": waiting,
            "interacting": len(interacting_convs),
            "alerting": len(alerting_convs),
            "longestWaitingMs": longest_waiting,
            "longestInteractingMs": (interacting_convs[0]["durationMs"]
                                     if interacting_convs else None),
            "waitingConversations": waiting_convs,
            "interactingConversations": interacting_convs,
            "alertingConversations": alerting_convs,
        }
    longest_values = [m["longestWaitingMs"] for m in per_media.values()
                      if m["longestWaitingMs"] is not None]
    return {
        "queueId": queue_id,
        "profile": profile,
        "memberCount": len(users),
        "activeMemberCount": len(active),
        "users": users,
        "routingStatusCounts": status_counts,
        "onQueueCounts": {status: status_counts[status] for status in ON_QUEUE_STATUSES},
        "offQueueCount": status_counts["OFF_QUEUE"],
        "presenceCounts": presence_counts,
        "occupancy": occupancy,
        "mediaTypes": per_media,
        "waiting": sum(m["waiting"] for m in per_media.values()),
        "interacting": sum(m["interacting"] for m in per_media.values()),
        "alerting": sum(m["alerting"] for m in per_media.values()),
        "longestWaitingMs": max(longest_values) if longest_values else None,
    }


def simulated_queue_state(store: Any, queue_id: str) -> Optional[Dict[str, Any]]:
    """Real-time state of one queue (see the module docstring); None if it does not exist.

    Call it under ``store.lock`` when the emulator is serving requests.
    """
    queue = _live_queue(store, queue_id)
    if queue is None:
        return None
    return simulate_queue_state(queue_id, queue_members(store, queue_id),
                                queue_media_types(queue), effective_profile(store, queue_id))


# ---------------------------------------------------------------------------
# Historical simulation (15-minute slots)

_TIMERS = ("tAnswered", "tAbandon", "tTalk", "tHeld", "tAcw", "tHandle", "tAlert", "tWait",
           "tNotResponding", "tShortAbandon")
_COUNTS = ("offered", "answered", "abandoned", "shortAbandoned", "answeredInSl", "transferred",
           "slNumerator", "slDenominator")
# A slot is a flat tuple: the counts, then (count, sum, min, max) per timer.  Flat
# tuples keep month-long queries over many queues affordable.
_TIMER_BASE = len(_COUNTS)
_SLOT_WIDTH = _TIMER_BASE + 4 * len(_TIMERS)
_WORDS = struct.Struct(">16I")


def _slot_draws(queue_id: str, media: str, slot: int) -> List[float]:
    """Sixteen stable uniforms in [0, 1) for one slot, from a single sha512."""
    digest = hashlib.sha512(("slot|%s|%s|%d" % (queue_id, media, slot)).encode("utf-8")).digest()
    return [word / 4294967296.0 for word in _WORDS.unpack(digest)]


def _timer(count: int, average: float, low_factor: float, high_factor: float
           ) -> Tuple[int, int, Optional[int], Optional[int]]:
    """(count, sum, min, max) of ``count`` durations around ``average``."""
    if count <= 0:
        return (0, 0, None, None)
    total = int(round(count * average))
    if count == 1:
        return (1, total, total, total)
    return (count, total, int(round(average * low_factor)), int(round(average * high_factor)))


def _day_factor(slot: int) -> float:
    """Traffic shape over the UTC day and week: busy office hours, quiet nights/weekends."""
    hour = (slot // 3600) % 24
    weekday = (slot // 86400 + 3) % 7      # 1970-01-01 was a Thursday (weekday 3)
    if 8 <= hour < 18:
        factor = 1.0
    elif 6 <= hour < 8 or 18 <= hour < 21:
        factor = 0.4
    else:
        factor = 0.08
    return factor * (0.3 if weekday >= 5 else 1.0)


def _min(a: Optional[int], b: Optional[int]) -> Optional[int]:
    if a is None:
        return b
    return a if b is None or a <= b else b


def _max(a: Optional[int], b: Optional[int]) -> Optional[int]:
    if a is None:
        return b
    return a if b is None or a >= b else b


def _slot(queue_id: str, profile: str, media: str, primary: bool, slot: int,
          sl_duration_ms: int) -> Tuple[Any, ...]:
    """The flat counters of one 15-minute slot."""
    params = PROFILES[profile]
    (d_offered, d_abandon, d_sl, d_talk, d_held, d_acw, d_fast, d_slow, d_abandon_wait,
     d_alert) = _slot_draws(queue_id, media, slot)[:10]

    rate = params["hourly_offered"] * (1.0 if primary else MEDIA_WEIGHT[media]) \
        * _day_factor(slot) / 4.0
    offered = int(rate * (0.6 + 0.8 * d_offered) + 0.5)
    abandoned = min(offered, int(offered * params["abandon_rate"] * (0.5 + d_abandon) + 0.5))
    short_abandoned = int(abandoned * 0.25)
    answered = offered - abandoned
    in_sl = min(answered, int(answered * params["sl_rate"] * (0.9 + 0.2 * d_sl) + 0.5))
    over_sl = answered - in_sl
    transferred = int(answered * 0.07)
    not_responding = int(offered * (0.06 if profile == "overloaded" else 0.02))
    factor = params["handle_factor"]

    talk = _timer(answered, TALK_MS[media] * factor * (0.8 + 0.4 * d_talk), 0.25, 2.5)
    held = _timer(int(answered * 0.2), 45000 * (0.5 + d_held), 0.3, 2.5)
    acw = _timer(answered, ACW_MS[media] * (0.6 + 0.8 * d_acw), 0.3, 3.0)
    if answered == 0:
        handle = (0, 0, None, None)
    else:
        handle_sum = talk[1] + held[1] + acw[1]
        if answered == 1:
            handle = (1, handle_sum, handle_sum, handle_sum)
        else:
            handle = (answered, handle_sum, talk[2] + acw[2], talk[3] + acw[3] + (held[3] or 0))
    # Speed of answer: within the service-level threshold for in_sl, beyond it otherwise.
    fast_avg = sl_duration_ms * (0.2 + 0.5 * d_fast)
    slow_avg = sl_duration_ms * (1.5 + 3.0 * d_slow)
    answer_sum = int(round(in_sl * fast_avg + over_sl * slow_avg))
    if answered == 0:
        answer = (0, 0, None, None)
    elif answered == 1:
        answer = (1, answer_sum, answer_sum, answer_sum)
    else:
        answer = (answered, answer_sum,
                  int(round(fast_avg * 0.3)) if in_sl else int(round(slow_avg * 0.7)),
                  int(round(slow_avg * 1.6)) if over_sl
                  else min(sl_duration_ms, int(round(fast_avg * 1.8))))
    abandon = _timer(abandoned, params["abandon_wait_ms"] * (0.5 + d_abandon_wait), 0.05, 2.0)
    wait = (answered + abandoned, answer[1] + abandon[1], _min(answer[2], abandon[2]),
            _max(answer[3], abandon[3]))
    return ((offered, answered, abandoned, short_abandoned, in_sl, transferred, in_sl,
             answered + abandoned - short_abandoned)
            + answer + abandon + talk + held + acw + handle
            + _timer(answered, 6000 * (0.5 + d_alert), 0.2, 3.0) + wait
            + _timer(not_responding, 30000, 1.0, 1.0) + _timer(short_abandoned, 3000, 0.4, 1.5))


def _add_flat(total: List[Any], part: Sequence[Any]) -> None:
    for index in range(_TIMER_BASE):
        total[index] += part[index]
    for base in range(_TIMER_BASE, _SLOT_WIDTH, 4):
        if part[base]:
            total[base] += part[base]
            total[base + 1] += part[base + 1]
            total[base + 2] = _min(total[base + 2], part[base + 2])
            total[base + 3] = _max(total[base + 3], part[base + 3])


def _empty_flat() -> List[Any]:
    flat: List[Any] = [0] * _TIMER_BASE
    for _name in _TIMERS:
        flat.extend((0, 0, None, None))
    return flat


def _counters_from_flat(flat: Sequence[Any], sl_target: float) -> Dict[str, Any]:
    counters: Dict[str, Any] = dict(zip(_COUNTS, flat[:_TIMER_BASE]))
    for index, name in enumerate(_TIMERS):
        base = _TIMER_BASE + 4 * index
        counters[name] = {"count": flat[base], "sum": flat[base + 1], "min": flat[base + 2],
                          "max": flat[base + 3]}
    counters["slTarget"] = sl_target
    return counters


def empty_counters(sl_target: float = DEFAULT_SL_PERCENTAGE) -> Dict[str, Any]:
    """All-zero historical counters."""
    return _counters_from_flat(_empty_flat(), sl_target)


def add_counters(total: Dict[str, Any], part: Dict[str, Any]) -> Dict[str, Any]:
    """Sum two counter dicts in place (``total``) and return it."""
    for name in _COUNTS:
        total[name] += part[name]
    for name in _TIMERS:
        mine, theirs = total[name], part[name]
        mine["count"] += theirs["count"]
        mine["sum"] += theirs["sum"]
        mine["min"] = _min(mine["min"], theirs["min"])
        mine["max"] = _max(mine["max"], theirs["max"])
    return total


def _slot_starts(start: dt.datetime, end: dt.datetime) -> range:
    first = int(math.ceil(start.timestamp() / SLOT_SECONDS)) * SLOT_SECONDS
    stop = int(math.ceil(end.timestamp() / SLOT_SECONDS)) * SLOT_SECONDS
    return range(first, max(first, stop), SLOT_SECONDS)


def simulate_queue_history(queue_id: str, media_type: str, primary: bool, start: dt.datetime,
                           end: dt.datetime, sl_target: float = DEFAULT_SL_PERCENTAGE,
                           sl_duration_ms: int = DEFAULT_SL_DURATION_MS,
                           profile: Optional[str] = None) -> Dict[str, Any]:
    """Counters of one queue and media type over the slots starting in [start, end)."""
    profile = profile or queue_profile(queue_id)
    total = _empty_flat()
    for slot in _slot_starts(start, end):
        _add_flat(total, _slot(queue_id, profile, media_type, primary, slot, sl_duration_ms))
    return _counters_from_flat(total, sl_target)


def simulated_queue_history(store: Any, queue_id: str, media_type: str, start: dt.datetime,
                            end: dt.datetime) -> Optional[Dict[str, Any]]:
    """Historical counters of one queue/media type (see module docstring).

    ``None`` when the queue does not exist; all-zero counters for a media type
    the queue does not handle.
    """
    queue = _live_queue(store, queue_id)
    if queue is None:
        return None
    media = queue_media_types(queue)
    target, duration = service_level_settings(queue, media_type)
    if media_type not in media:
        return empty_counters(target)
    primary = media_type == [m for m in SIMULATED_MEDIA_TYPES if m in media][0]
    return simulate_queue_history(queue_id, media_type, primary, start, end, target, duration,
                                  effective_profile(store, queue_id))


def _timer_stats(timer: Dict[str, Any]) -> Optional[Dict[str, Any]]:
    if not timer["count"]:
        return None
    return {"count": timer["count"], "sum": timer["sum"], "min": timer["min"],
            "max": timer["max"]}


def aggregate_metric_stats(counters: Dict[str, Any], metric: str) -> Optional[Dict[str, Any]]:
    """StatisticalSummary of one aggregate metric, or None when it has no data.

    Simulated metrics: nOffered, nConversations, nConnected, nTransferred, nOverSla,
    oServiceLevel and the timers tAnswered, tAbandon, tTalk, tHeld, tAcw, tHandle,
    tAlert, tWait, tAcd (same as tWait), tNotResponding, tShortAbandon.  Every
    other metric of the enum is accepted and has no data (as on an org that does
    not use that feature).
    """
    counts = {"nOffered": counters["offered"], "nConversations": counters["offered"],
              "nConnected": counters["answered"], "nTransferred": counters["transferred"],
              "nOverSla": counters["slDenominator"] - counters["slNumerator"]}
    if metric in counts:
        return {"count": counts[metric]} if counts[metric] else None
    if metric == "oServiceLevel":
        denominator = counters["slDenominator"]
        if not denominator:
            return None
        return {"ratio": round(counters["slNumerator"] / float(denominator), 4),
                "numerator": counters["slNumerator"], "denominator": denominator,
                "target": counters["slTarget"]}
    timer_name = "tWait" if metric == "tAcd" else metric
    if timer_name in _TIMERS:
        return _timer_stats(counters[timer_name])
    return None


# ---------------------------------------------------------------------------
# ISO-8601 parsing shared by the query endpoints

_DURATION = re.compile(r"^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$")


def parse_instant(text: str, field: str) -> dt.datetime:
    """An ISO-8601 date-time as an aware UTC datetime (no offset means UTC)."""
    try:
        value = dt.datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except (ValueError, AttributeError):
        raise _invalid_date(field, text)
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.timezone.utc)
    return value.astimezone(dt.timezone.utc)


def parse_interval(text: str, field: str = "interval") -> Tuple[dt.datetime, dt.datetime]:
    """``start/end`` ISO-8601 interval; 400 when malformed or empty."""
    parts = text.split("/") if isinstance(text, str) else []
    if len(parts) != 2:
        raise _invalid_date(field, text)
    start, end = parse_instant(parts[0], field), parse_instant(parts[1], field)
    if end <= start:
        raise ApiError(400, "invalid.date",
                       "The interval [%s] must end after it starts." % text,
                       details=[{"errorCode": "invalid.date", "fieldName": field}])
    return start, end


def parse_duration(text: str, field: str = "granularity") -> dt.timedelta:
    """ISO-8601 period with weeks/days/hours/minutes/seconds (PT30M, PT1H, P1D, P1W...).

    Months and years are not supported by the emulator (400).
    """
    found = _DURATION.match(text) if isinstance(text, str) else None
    if not found or not any(found.groups()) or text.endswith("T"):
        raise ApiError.invalid_value(field, text, field,
                                     reason="expected an ISO-8601 period such as PT30M, "
                                            "PT1H or P1D")
    weeks, days, hours, minutes, seconds = (int(g) if g else 0 for g in found.groups())
    value = dt.timedelta(weeks=weeks, days=days, hours=hours, minutes=minutes, seconds=seconds)
    if value.total_seconds() <= 0:
        raise ApiError.invalid_value(field, text, field, reason="must be a positive period")
    return value


def format_instant(value: dt.datetime) -> str:
    value = value.astimezone(dt.timezone.utc)
    return value.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (value.microsecond // 1000)


def _invalid_date(field: str, text: Any) -> ApiError:
    # Code from the reference's error table (invalid.date); wording UNCONFIRMED.
    return ApiError(400, "invalid.date",
                    "Value [%s] for [%s] is not a valid ISO-8601 date or interval."
                    % (text, field),
                    message_params={"value": text, "field": field},
                    details=[{"errorCode": "invalid.date", "fieldName": field}])


# ---------------------------------------------------------------------------
# Filters (shared shape of QueueObservationQueryFilter / ConversationAggregateQueryFilter)


def _validate_predicate(pred: Any, field: str, dimensions: Sequence[str]) -> None:
    v.obj(pred, field)
    v.required(pred, field)
    v.enum(pred.get("type"), field + ".type", "Type", PREDICATE_TYPES)
    v.enum(pred.get("operator"), field + ".operator", "Operator", PREDICATE_OPERATORS)
    if pred.get("type", "dimension") == "dimension":
        v.required(pred.get("dimension"), field + ".dimension")
        v.enum(pred.get("dimension"), field + ".dimension", "Dimension", dimensions)
        if (pred.get("operator") or "matches") == "matches":
            v.required(v.string(pred.get("value"), field + ".value"), field + ".value")


def validate_filter(flt: Any, field: str, dimensions: Sequence[str],
                    nested_clauses: bool) -> Dict[str, Any]:
    """Check a query filter; ``nested_clauses`` allows clauses (aggregates) vs only
    predicates inside clauses (observations)."""
    v.required(flt, field)
    v.obj(flt, field)
    v.required(flt.get("type"), field + ".type")
    v.enum(flt.get("type"), field + ".type", "Type", FILTER_TYPES)
    for index, pred in enumerate(v.array(flt.get("predicates"), field + ".predicates") or []):
        _validate_predicate(pred, "%s.predicates[%d]" % (field, index), dimensions)
    for index, clause in enumerate(v.array(flt.get("clauses"), field + ".clauses") or []):
        sub = "%s.clauses[%d]" % (field, index)
        v.obj(clause, sub)
        v.required(clause, sub)
        v.required(clause.get("type"), sub + ".type")
        v.enum(clause.get("type"), sub + ".type", "Type", FILTER_TYPES)
        preds = v.array(clause.get("predicates"), sub + ".predicates")
        if not nested_clauses:
            v.required(preds, sub + ".predicates")
        for p_index, pred in enumerate(preds or []):
            _validate_predicate(pred, "%s.predicates[%d]" % (sub, p_index), dimensions)
    return flt


def _predicates(flt: Dict[str, Any]) -> Iterable[Dict[str, Any]]:
    for pred in flt.get("predicates") or []:
        yield pred
    for clause in flt.get("clauses") or []:
        for pred in _predicates(clause):
            yield pred


def _dimension_values(flt: Dict[str, Any], dimension: str) -> List[str]:
    """Values of ``matches`` predicates on one dimension, in order, without repeats."""
    out: List[str] = []
    for pred in _predicates(flt):
        if pred.get("type", "dimension") != "dimension" or pred.get("dimension") != dimension:
            continue
        if (pred.get("operator") or "matches") == "matches" and pred.get("value") not in out:
            out.append(pred["value"])
    return out


def _eval_predicate(pred: Dict[str, Any], dims: Dict[str, Optional[str]],
                    ignore: Sequence[str]) -> bool:
    if pred.get("type", "dimension") != "dimension":
        return True          # property/metric predicates are not simulated: no restriction
    dimension = pred.get("dimension")
    if dimension in ignore:
        return True
    value = dims.get(dimension)   # a dimension the simulation lacks has no value
    operator = pred.get("operator") or "matches"
    if operator == "exists":
        return value is not None
    if operator == "notExists":
        return value is None
    return value is not None and value == pred.get("value")


def eval_filter(flt: Dict[str, Any], dims: Dict[str, Optional[str]],
                ignore: Sequence[str] = ()) -> bool:
    """Evaluate a filter against one row of dimension values."""
    results = [_eval_predicate(pred, dims, ignore) for pred in flt.get("predicates") or []]
    results += [eval_filter(clause, dims, ignore) for clause in flt.get("clauses") or []]
    if not results:
        return True
    return all(results) if flt.get("type") == "and" else any(results)


def _metric_list(value: Any, field: str, allowed: Sequence[str], type_name: str,
                 required: bool) -> List[str]:
    if required:
        v.required(value, field)
    items = v.array(value, field, min_items=1 if required else None) or []
    out = []
    for index, item in enumerate(items):
        v.enum(item, "%s[%d]" % (field, index), type_name, allowed)
        if item not in out:
            out.append(item)
    return out


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
    metrics = _metric_list(body.get("metrics"), "metrics", OBSERVATION_METRICS, "Metrics", True)
    details = _metric_list(body.get("detailMetrics"), "detailMetrics",
                           OBSERVATION_DETAIL_METRICS, "DetailMetrics", False)
    for metric in details:
        if metric not in metrics:
            metrics.append(metric)
    queue_ids = _dimension_values(flt, "queueId")
    if not queue_ids:
        # The platform needs queue ids to observe (UNCONFIRMED wording).
        raise ApiError.bad_request("The filter must name at least one queueId.", "filter")
    if len(queue_ids) > MAX_OBSERVATION_QUEUE_IDS:
        # UNCONFIRMED limit: no source showed the platform maximum.
        raise ApiError.invalid_value("filter", len(queue_ids), "filter",
                                     reason="at most %d queue ids are allowed per query"
                                            % MAX_OBSERVATION_QUEUE_IDS)
    for media in _dimension_values(flt, "mediaType"):
        v.enum(media, "filter.mediaType", "MediaType", ANALYTICS_MEDIA_TYPES)
    split_media = any(pred.get("dimension") == "mediaType" for pred in _predicates(flt))

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
    group_by = _metric_list(body.get("groupBy"), "groupBy", AGGREGATE_GROUP_BY, "GroupBy", False)
    metrics = _metric_list(body.get("metrics"), "metrics", AGGREGATE_METRICS, "Metrics", True)
    flt = body.get("filter")
    if flt is not None:
        validate_filter(flt, "filter", AGGREGATE_DIMENSIONS, True)
        for media in _dimension_values(flt, "mediaType"):
            v.enum(media, "filter.mediaType", "MediaType", ANALYTICS_MEDIA_TYPES)

    keys = [dim for dim in group_by if dim in ("queueId", "mediaType") or dim in
            _FIXED_DIMENSIONS]
    groups: Dict[Tuple[Tuple[str, str], ...], List[Tuple[str, str]]] = {}
    for queue_id in _live_queue_ids(store):
        queue = _live_queue(store, queue_id)
        for media in queue_media_types(queue):
            dims = dict(_FIXED_DIMENSIONS, queueId=queue_id, mediaType=media)
            if flt is not None and not eval_filter(flt, dims):
                continue
            group_key = tuple((dim, dims[dim]) for dim in keys)
            groups.setdefault(group_key, []).append((queue_id, media))

    cost = sum(len(pairs) for pairs in groups.values()) * len(_slot_starts(start, end))
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
    queue = _live_queue(state, queue_id)
    if queue is None:
        raise ApiError.not_found("Queue [%s] was not found." % queue_id, entity_id=queue_id)
    return queue


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
