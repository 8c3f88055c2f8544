"""Eventual consistency (``--consistency eventual[:seconds]`` or the faults admin API).

The platform processes some writes asynchronously and serves some reads from a cache:

* bulk member changes ``POST /routing/queues/{id}/members`` are applied later: right after an
  add, the member is not listed yet and a PATCH of its ring answers 404 (SDK docs of the
  operation; [TF] ``updateQueueUserRingNum`` retries on 404 and waits before reading members);
* a deleted queue can still be read by id for up to about a minute ([TF] routing queue delete
  waits, then polls up to 120 s);
* a utilization PUT right after a utilization label was created answers 409 ([TF]
  routing_utilization retries on 409 for this reason).

With strong consistency (the default) the lag is 0 and none of this happens.
"""
from __future__ import annotations

import time
from typing import Any, Dict, Optional


def lag_seconds(state: Any) -> float:
    faults = getattr(state, "faults", None)
    return faults.lag_seconds() if faults is not None else 0.0


def visible_after(state: Any) -> Optional[float]:
    """The wall-clock time a change made now becomes visible, or None when it is at once."""
    lag = lag_seconds(state)
    return time.time() + lag if lag else None


def is_pending(entry: Dict[str, Any]) -> bool:
    return (entry.get("_visibleAt") or 0) > time.time()


def remember_deleted(state: Any, kind: str, entity: Dict[str, Any]) -> None:
    """Keep a deleted entity readable by id for the lag (the platform's read cache)."""
    until = visible_after(state)
    if until is not None:
        state.put("_cached_" + kind, entity["id"], {"entity": entity, "until": until})


def cached_deleted(state: Any, kind: str, entity_id: str) -> Optional[Dict[str, Any]]:
    cached = state.get("_cached_" + kind, entity_id)
    if cached is None or cached["until"] <= time.time():
        return None
    return cached["entity"]


def recently_changed(state: Any, kind: str) -> bool:
    """Whether an entity of `kind` was created or changed less than the lag ago."""
    return any(entry.get("_visibleAt", 0) > time.time() for entry in state.all(kind))
