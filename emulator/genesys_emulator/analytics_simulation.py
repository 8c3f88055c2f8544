"""The simulated contact centre behind the analytics queries: load profiles and real time.

There are no real conversations in the emulator, so the numbers come from a
simulation derived from the store (queues, their members) and seeded by hashing
the queue id; analytics.py describes the state it answers and the load profiles.
The historical counters live in analytics_history.py.
"""
from __future__ import annotations

import hashlib
import uuid
from typing import Any, Dict, List, Optional, Sequence, Tuple

# Enums of the simulated state (SDK models QueueObservationQuery and ConversationAggregationQuery).
SIMULATED_MEDIA_TYPES = ("voice", "callback", "chat", "email", "message")
ROUTING_STATUSES = ("OFF_QUEUE", "IDLE", "INTERACTING", "NOT_RESPONDING", "COMMUNICATING")
ON_QUEUE_STATUSES = ("IDLE", "INTERACTING", "COMMUNICATING", "NOT_RESPONDING")
SYSTEM_PRESENCES = ("AVAILABLE", "AWAY", "BREAK", "BUSY", "IDLE", "MEAL", "MEETING", "OFFLINE",
                    "ON_QUEUE", "TRAINING")

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


def live_queue(store: Any, queue_id: str) -> Optional[Dict[str, Any]]:
    # A deleted queue is removed from the store (queues.py).
    return store.get("queues", queue_id)


def live_queue_ids(store: Any) -> List[str]:
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
    queue = live_queue(store, queue_id)
    if queue is None:
        return None
    return simulate_queue_state(queue_id, queue_members(store, queue_id),
                                queue_media_types(queue), effective_profile(store, queue_id))
