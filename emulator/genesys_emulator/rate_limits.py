"""Rate limits of the emulator: per token, and optionally one org-wide ceiling."""
from __future__ import annotations

import threading
import time
from typing import Any, Dict, List, Optional, Tuple

DEFAULT_ALLOWED = 300          # advertised when rate limiting is off


class RateLimiter:
    """Fixed windows: ``limit`` calls per token per ``window`` seconds, and optionally an
    org-wide ceiling of ``org_limit`` calls per window over all tokens together.

    The platform limits each client-credentials token (reference genesys-api.md 6.2) and
    also holds organization-level limits; the org ceiling stands in for the latter
    (its exact 429 text is UNCONFIRMED, so it answers like the per-token limit).
    """

    def __init__(self, limit: Optional[int], window: int, org_limit: Optional[int] = None) -> None:
        self.limit = limit
        self.window = window
        self.org_limit = org_limit
        self._lock = threading.Lock()
        self._buckets: Dict[str, List[float]] = {}

    def clear(self) -> None:
        with self._lock:
            self._buckets.clear()

    def configure(self, config: Any) -> Dict[str, Any]:
        """Change the limits at run time (``PUT /__emulator/rate-limits``); windows restart."""
        if not isinstance(config, dict):
            raise ValueError("rate-limit config must be a JSON object")
        unknown = set(config) - {"limit", "window", "org_limit"}
        if unknown:
            raise ValueError("unknown rate-limit option(s): %s" % ", ".join(sorted(unknown)))
        for name in ("limit", "org_limit"):
            value = config.get(name, getattr(self, name))
            if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 1):
                raise ValueError("%s must be a positive integer or null" % name)
        window = config.get("window", self.window)
        if isinstance(window, bool) or not isinstance(window, int) or window < 1:
            raise ValueError("window must be a positive integer")
        with self._lock:
            self.limit = config.get("limit", self.limit)
            self.org_limit = config.get("org_limit", self.org_limit)
            self.window = window
            self._buckets.clear()
        return self.current()

    def current(self) -> Dict[str, Any]:
        return {"limit": self.limit, "window": self.window, "org_limit": self.org_limit}

    def _count(self, key: str, now: float) -> List[float]:
        bucket = self._buckets.get(key)
        if bucket is None or now >= bucket[0] + self.window:
            bucket = [now, 0]
            self._buckets[key] = bucket
        bucket[1] += 1
        return bucket

    def hit(self, key: str) -> Tuple[int, int, int, Optional[Tuple[int, int]]]:
        """Count one call: (count, allowed, seconds until reset, (Retry-After, the limit passed) or None)."""
        now = time.monotonic()
        with self._lock:
            bucket = self._count("token " + key, now)
            reset_in = max(1, int(round(bucket[0] + self.window - now)))
            allowed = self.limit if self.limit is not None else DEFAULT_ALLOWED
            over = (reset_in, self.limit) if self.limit is not None and bucket[1] > self.limit else None
            if self.org_limit is not None:
                org = self._count("org", now)
                org_reset = max(1, int(round(org[0] + self.window - now)))
                if org[1] > self.org_limit and (over is None or org_reset > over[0]):
                    over = (org_reset, self.org_limit)
            return int(bucket[1]), allowed, reset_in, over
