"""Request counters of the emulator (``GET /__emulator/stats``): calls, writes, statuses, tokens."""
from __future__ import annotations

import hashlib
import threading
from typing import Any, Dict, Optional

WRITE_METHODS = frozenset(("POST", "PUT", "PATCH", "DELETE"))
# POSTs that only query (analytics); they change nothing, so they are not counted as writes.
QUERY_OPERATIONS = frozenset((
    "POST /api/v2/taskmanagement/workbins/query",
    "POST /api/v2/taskmanagement/worktypes/query",
    "POST /api/v2/analytics/taskmanagement/metrics/query",
    "POST /api/v2/analytics/queues/observations/query",
    "POST /api/v2/analytics/conversations/aggregates/query",
    "POST /api/v2/audits/query/realtime",
))


def is_write_call(is_api: bool, method: str, operation: Optional[str]) -> bool:
    """Whether an /api/v2 call counts as a write in the stats."""
    return is_api and method in WRITE_METHODS and operation not in QUERY_OPERATIONS


class Stats:
    """Request counters (thread-safe).  Every received call counts, whatever its outcome."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        with self._lock:
            self.total = 0
            self.writes = 0
            self.writes_applied = 0
            self.tokens_issued = 0
            self.rate_limited = 0
            self.faults_injected = 0
            self.by_operation: Dict[str, int] = {}
            self.by_status: Dict[str, int] = {}
            self.by_token: Dict[str, Dict[str, int]] = {}

    def bump(self, name: str, amount: int = 1) -> None:
        with self._lock:
            setattr(self, name, getattr(self, name) + amount)

    def record_call(self, operation: Optional[str], is_write: bool) -> None:
        with self._lock:
            self.total += 1
            if is_write:
                self.writes += 1
            if operation:
                self.by_operation[operation] = self.by_operation.get(operation, 0) + 1

    def record_token(self, token: str, count_in_window: int, limited: bool) -> None:
        """Calls per token (named by a short hash, never the token) and the most seen in one window."""
        name = hashlib.sha256(token.encode("utf-8")).hexdigest()[:12]
        with self._lock:
            entry = self.by_token.setdefault(name, {"calls": 0, "peak_per_window": 0, "rate_limited": 0})
            entry["calls"] += 1
            entry["peak_per_window"] = max(entry["peak_per_window"], count_in_window)
            entry["rate_limited"] += int(limited)

    def record_status(self, status: int) -> None:
        with self._lock:
            key = str(status)
            self.by_status[key] = self.by_status.get(key, 0) + 1

    def snapshot(self) -> Dict[str, Any]:
        with self._lock:
            return {"total": self.total, "writes": self.writes,
                    "writes_applied": self.writes_applied,
                    "tokens_issued": self.tokens_issued,
                    "by_operation": dict(self.by_operation),
                    "by_status": dict(self.by_status),
                    "by_token": dict((name, dict(entry)) for name, entry in self.by_token.items()),
                    "rate_limited": self.rate_limited,
                    "faults_injected": self.faults_injected}
