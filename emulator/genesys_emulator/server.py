"""The emulator instance: which modules register routes, its configuration, its lifecycle.

One ``Emulator`` object owns the store, the tokens, the counters (stats.py), the
rate limiter (rate_limits.py), the fault injector and the ThreadingHTTPServer whose
handler (http_handler.py) does auth, rate limits, faults and dispatch.  Resource
handlers never see sockets; they get a ``framework.Request`` and run under the
store lock (see framework.py).
"""
from __future__ import annotations

import dataclasses
import importlib
import secrets
import threading
import time
from http.server import ThreadingHTTPServer
from typing import Any, Dict, Optional, Tuple

from . import framework
from .faults import FaultConfigError, FaultInjector
from .framework import ApiError
from .http_handler import MAX_BODY_BYTES, EmulatorHTTPServer, EmulatorRequestHandler
from .rate_limits import RateLimiter
from .stats import Stats
from .store import Store

# Core resource modules, then the extension modules written alongside them.
CORE_MODULES = ("admin", "directory", "skills", "wrapupcodes", "queues", "queue_members",
                "skillgroups", "utilization")
EXTENSION_MODULES = ("integrations", "event_delivery", "triggers", "analytics", "audit",
                     "taskmanagement", "taskmanagement_schemas", "taskmanagement_analytics")


def load_route_modules() -> None:
    """Import every module that registers routes (idempotent)."""
    for name in CORE_MODULES:
        importlib.import_module("genesys_emulator." + name)
    for name in EXTENSION_MODULES:
        full = "genesys_emulator." + name
        try:
            importlib.import_module(full)
        except ModuleNotFoundError as exc:
            if exc.name != full:      # the module exists but one of its imports is missing
                raise


@dataclasses.dataclass
class EmulatorConfig:
    host: str = "127.0.0.1"
    port: int = 0
    seed: str = "demo"
    id_salt: str = ""
    state_file: Optional[str] = None
    rate_limit: Optional[int] = None
    rate_window: int = 60
    org_rate_limit: Optional[int] = None
    faults: Optional[Dict[str, Any]] = None
    consistency: Optional[str] = None      # "eventual[:seconds]": kept across resets
    latency_ms: int = 0
    clients: Dict[str, str] = dataclasses.field(
        default_factory=lambda: {"emulator-client": "emulator-secret"})
    token_ttl: int = 86400
    max_body: int = MAX_BODY_BYTES
    verbose: bool = False


class Emulator:
    """A running (or runnable) emulator instance."""

    def __init__(self, config: Optional[EmulatorConfig] = None) -> None:
        load_route_modules()
        self.config = config or EmulatorConfig()
        self.store = Store(self.config.state_file)
        self.stats = Stats()
        self.faults = FaultInjector()
        self.limiter = RateLimiter(self.config.rate_limit, self.config.rate_window, self.config.org_rate_limit)
        self.clients = dict(self.config.clients)
        self._tokens: Dict[str, Tuple[str, float]] = {}
        self._tokens_lock = threading.Lock()
        self.httpd: Optional[ThreadingHTTPServer] = None
        self._thread: Optional[threading.Thread] = None
        self.seed_spec = self.config.seed
        self.id_salt = self.config.id_salt
        for hook in framework.STARTUP_HOOKS:
            hook(self.store)
        with self.store.lock:
            if not self.store.load():
                self.load_seed(self.seed_spec, self.id_salt)
        # Handlers reach the eventual-consistency lag through the store they are given.
        self.store.faults = self.faults
        self._configure_start_faults()

    def _configure_start_faults(self) -> None:
        start = dict(self.config.faults or {})
        if self.config.consistency and "consistency" not in start:
            start["consistency"] = self.config.consistency
        self.faults.configure(start)

    # -- seeding -------------------------------------------------------------
    def load_seed(self, spec: str, salt: Optional[str] = None) -> None:
        from . import seeds   # local import: seeds imports resource helpers
        salt = self.id_salt if salt is None else salt
        data = seeds.build(spec, salt)      # built aside: a bad spec changes nothing
        with self.store.lock:
            self.store.meta = {"seed": spec, "salt": salt}
            self.store.replace_all(data)

    def reset(self, spec: Optional[str] = None) -> None:
        self.load_seed(spec or self.seed_spec, self.id_salt)
        self.faults.clear()
        if self.config.consistency:
            self.faults.configure({"consistency": self.config.consistency})
        self.limiter.clear()

    # -- tokens --------------------------------------------------------------
    def issue_token(self, client_id: str) -> str:
        token = secrets.token_urlsafe(32)
        with self._tokens_lock:
            self._tokens[token] = (client_id, time.time() + self.config.token_ttl)
        self.stats.bump("tokens_issued")
        return token

    def token_client(self, token: str) -> Tuple[Optional[str], bool]:
        """(client id, expired) for a bearer token; (None, False) when unknown."""
        with self._tokens_lock:
            entry = self._tokens.get(token)
        if entry is None:
            return None, False
        return entry[0], time.time() >= entry[1]

    # -- lifecycle -----------------------------------------------------------
    def bind(self) -> int:
        handler = type("BoundHandler", (EmulatorRequestHandler,), {"emulator": self})
        self.httpd = EmulatorHTTPServer((self.config.host, self.config.port), handler)
        return self.httpd.server_address[1]

    @property
    def base_url(self) -> str:
        assert self.httpd is not None
        return "http://%s:%d" % (self.config.host, self.httpd.server_address[1])

    def serve_forever(self) -> None:
        assert self.httpd is not None
        self.httpd.serve_forever(poll_interval=0.2)

    def start(self) -> "Emulator":
        """Bind and serve in a background thread (in-process use)."""
        if self.httpd is None:
            self.bind()
        self._thread = threading.Thread(target=self.serve_forever, name="genesys-emulator",
                                        daemon=True)
        self._thread.start()
        return self

    def shutdown(self) -> None:
        if self.httpd is not None:
            self.httpd.shutdown()
            self.httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self.store.close()


def configure_rate_limits(emulator: Emulator, config: Any) -> Dict[str, Any]:
    try:
        return emulator.limiter.configure(config)
    except ValueError as exc:
        raise ApiError.bad_request(str(exc))


def configure_faults(emulator: Emulator, config: Any) -> Dict[str, Any]:
    try:
        return emulator.faults.configure(config)
    except FaultConfigError as exc:
        raise ApiError.bad_request(str(exc))
