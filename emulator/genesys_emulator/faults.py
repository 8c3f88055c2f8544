"""Fault injection: network and gateway failures a real client has to survive.

Config (``--faults JSON`` or ``PUT /__emulator/faults``)::

    {"probability": 0.2,                      # 0 turns injection off
     "kinds": ["500", "502", "503", "504", "429", "reset", "latency", "lost_response"],
     "latency_ms": 2000,                      # for "latency"
     "methods": ["POST"],                     # optional filter
     "paths": ["/api/v2/routing/queues"],     # optional: path templates or literal prefixes
     "count": 3,                              # optional: inject at most 3 faults
     "seed": 42,                              # optional: RNG seed (reproducible tests)
     "consistency": "eventual:5"}             # optional: "strong" (default) or "eventual[:seconds]"

Kinds: an HTTP status answers that status with an ErrorBody (429 adds
``Retry-After: 1``); ``reset`` drops the connection without an answer;
``latency`` sleeps then answers normally; ``lost_response`` performs the
operation, then drops the connection (a client cannot tell whether it happened);
``409`` answers a conflict (the platform's utilization PUT can, [TF] retries it) and ``408`` a
request timeout (with 409, a version conflict of an integration configuration for [TF]).
Neither is among the default kinds: they mean "re-read and retry", not a passing failure.

``consistency: "eventual[:seconds]"`` (also ``--consistency``) reproduces the platform's lag
(default 5 s): bulk member adds become visible (listing, PATCH) only after the lag, a deleted
queue stays readable by id for the lag, and a utilization PUT within the lag after a utilization
label was created or changed answers 409.  See docs/emulator.md for the sources.
"""
from __future__ import annotations

import random
import threading
from typing import Any, Dict, Optional

KINDS = ("500", "502", "503", "504", "429", "409", "408", "reset", "latency", "lost_response")
DEFAULT_KINDS = tuple(kind for kind in KINDS if kind not in ("409", "408"))
DEFAULT_LATENCY_MS = 2000
DEFAULT_LAG_SECONDS = 5.0
MAX_LAG_SECONDS = 120.0


def parse_consistency(value: Any) -> float:
    """The lag in seconds of ``"strong"`` (0), ``"eventual"`` or ``"eventual:<seconds>"``."""
    if value is None or value == "strong":
        return 0.0
    if not isinstance(value, str) or not (value == "eventual" or value.startswith("eventual:")):
        raise FaultConfigError('consistency must be "strong", "eventual" or "eventual:<seconds>"')
    if value == "eventual":
        return DEFAULT_LAG_SECONDS
    try:
        seconds = float(value.split(":", 1)[1])
    except ValueError:
        raise FaultConfigError("consistency seconds must be a number, got %r" % value)
    if not 0 < seconds <= MAX_LAG_SECONDS:
        raise FaultConfigError("consistency seconds must be above 0 and at most %d"
                               % MAX_LAG_SECONDS)
    return seconds


class FaultConfigError(ValueError):
    pass


def normalize(config: Any) -> Dict[str, Any]:
    """Validate a fault config and fill its defaults."""
    if config is None:
        config = {}
    if not isinstance(config, dict):
        raise FaultConfigError("fault config must be a JSON object")
    unknown = set(config) - {"probability", "kinds", "latency_ms", "methods", "paths",
                             "count", "seed", "consistency"}
    if unknown:
        raise FaultConfigError("unknown fault option(s): %s" % ", ".join(sorted(unknown)))
    probability = config.get("probability", 0)
    if isinstance(probability, bool) or not isinstance(probability, (int, float)) \
            or not 0 <= probability <= 1:
        raise FaultConfigError("probability must be a number between 0 and 1")
    kinds = config.get("kinds", list(DEFAULT_KINDS))
    if not isinstance(kinds, list) or not kinds:
        raise FaultConfigError("kinds must be a non-empty list")
    kinds = [str(kind) for kind in kinds]
    bad = [kind for kind in kinds if kind not in KINDS]
    if bad:
        raise FaultConfigError("unknown fault kind(s): %s (allowed: %s)"
                               % (", ".join(bad), ", ".join(KINDS)))
    latency_ms = config.get("latency_ms", DEFAULT_LATENCY_MS)
    if isinstance(latency_ms, bool) or not isinstance(latency_ms, (int, float)) \
            or latency_ms < 0:
        raise FaultConfigError("latency_ms must be a non-negative number")
    methods = config.get("methods")
    if methods is not None:
        if not isinstance(methods, list) or not all(isinstance(m, str) for m in methods):
            raise FaultConfigError("methods must be a list of strings")
        methods = [m.upper() for m in methods]
    paths = config.get("paths")
    if paths is not None and (not isinstance(paths, list)
                              or not all(isinstance(p, str) for p in paths)):
        raise FaultConfigError("paths must be a list of strings")
    count = config.get("count")
    if count is not None and (isinstance(count, bool) or not isinstance(count, int)
                              or count < 0):
        raise FaultConfigError("count must be a non-negative integer")
    seed = config.get("seed")
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, (int, str))):
        raise FaultConfigError("seed must be an integer or a string")
    lag = parse_consistency(config.get("consistency"))
    consistency = "eventual:%g" % lag if lag else "strong"
    return {"probability": probability, "kinds": kinds, "latency_ms": latency_ms,
            "methods": methods, "paths": paths, "count": count, "seed": seed,
            "consistency": consistency}


class FaultInjector:
    """Decides, per request, whether and which fault to inject (thread-safe)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.config = normalize({})
        self.injected = 0           # since the config was set (for "count")
        self._rng = random.Random(0)

    def configure(self, config: Any) -> Dict[str, Any]:
        normalized = normalize(config)
        with self._lock:
            self.config = normalized
            self.injected = 0
            self._rng = random.Random(normalized["seed"] if normalized["seed"] is not None
                                      else 0)
        return normalized

    def clear(self) -> None:
        self.configure({})

    def lag_seconds(self) -> float:
        """How long the emulated platform takes to catch up (0: strongly consistent)."""
        with self._lock:
            return parse_consistency(self.config["consistency"])

    def current(self) -> Dict[str, Any]:
        with self._lock:
            result = dict(self.config)
            result["injected"] = self.injected
            count = self.config["count"]
            result["remaining"] = None if count is None else max(0, count - self.injected)
            return result

    def decide(self, method: str, path: str, template: Optional[str]) -> Optional[str]:
        with self._lock:
            config = self.config
            if config["probability"] <= 0:
                return None
            if config["count"] is not None and self.injected >= config["count"]:
                return None
            if config["methods"] is not None and method not in config["methods"]:
                return None
            if config["paths"] is not None and not any(
                    pattern == template or path.startswith(pattern)
                    for pattern in config["paths"]):
                return None
            if self._rng.random() >= config["probability"]:
                return None
            self.injected += 1
            return self._rng.choice(config["kinds"])
