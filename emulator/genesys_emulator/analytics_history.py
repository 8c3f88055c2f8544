"""Historical counters of the analytics simulation, in 15-minute slots.

``simulated_queue_history`` sums the slots of one queue and media type; the
aggregates query of analytics.py turns the counters into StatisticalSummary
entries with ``aggregate_metric_stats``.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import math
import struct
from typing import Any, Dict, List, Optional, Sequence, Tuple

from .analytics_simulation import (
    ACW_MS, DEFAULT_SL_DURATION_MS, DEFAULT_SL_PERCENTAGE, MEDIA_WEIGHT, PROFILES,
    SIMULATED_MEDIA_TYPES, SLOT_SECONDS, TALK_MS, effective_profile, live_queue, queue_media_types,
    queue_profile, service_level_settings)

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


def slot_starts(start: dt.datetime, end: dt.datetime) -> range:
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
    for slot in slot_starts(start, end):
        _add_flat(total, _slot(queue_id, profile, media_type, primary, slot, sl_duration_ms))
    return _counters_from_flat(total, sl_target)


def simulated_queue_history(store: Any, queue_id: str, media_type: str, start: dt.datetime,
                            end: dt.datetime) -> Optional[Dict[str, Any]]:
    """Historical counters of one queue/media type (see module docstring).

    ``None`` when the queue does not exist; all-zero counters for a media type
    the queue does not handle.
    """
    queue = live_queue(store, queue_id)
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
