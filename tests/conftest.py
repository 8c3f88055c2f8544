"""Shared pytest fixtures: a real ``genesys-emulator`` process spoken to over HTTP.

Fixtures
--------
``emulator`` (function scope)
    One demo-seeded emulator shared by the whole session, reset before each test
    (seed reloaded, stats cleared, faults cleared, rate windows cleared).  Its
    default token is fetched before the stats are cleared, so a test starts with
    zero counters and faults it sets never hit the token call.  Use it for
    everything that does not need special start-up options.

``emulator_factory`` (function scope, returns a callable)
    ``emulator_factory(seed="demo", rate_limit=None, rate_window=None, state=None,
    faults=None, latency_ms=None, id_salt=None, clients=(), extra_args=())``
    starts a dedicated emulator process; all of them are stopped after the test.
    ``state`` is a file path for ``--state``; ``faults`` a dict for ``--faults``;
    ``clients`` a list of ``"ID:SECRET"`` strings.

``emulator_session`` (session scope)
    The shared demo emulator without the per-test reset (rarely needed).

The ``Emulator`` handle
-----------------------
``.base_url``            e.g. ``http://127.0.0.1:40123``
``.token(fresh=False)``  bearer token of the default client (cached unless fresh)
``.api(method, path, **kw)``  authenticated ``requests`` call (``path`` like
                         ``/api/v2/routing/queues``; ``json=``, ``params=``... as in
                         requests; pass ``headers={"Authorization": ...}`` to override)
``.stats()`` / ``.reset_stats()``   GET / DELETE /__emulator/stats
``.reset(seed=None)``    POST /__emulator/reset (optionally another seed)
``.seed(spec)``          POST /__emulator/seed, e.g. ``"large:50"``
``.set_faults(dict)`` / ``.faults()``   PUT / GET /__emulator/faults
``.state()``             GET /__emulator/state (the whole store)
``.stop()`` (SIGTERM) / ``.kill()`` (SIGKILL) / ``.stderr_text()``
"""
from __future__ import annotations

import json
import os
import select
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Dict, Iterable, List, Optional

import pytest
import requests

REPO_ROOT = Path(__file__).resolve().parent.parent
EMULATOR_SRC = REPO_ROOT / "emulator"
DEFAULT_CLIENT = ("emulator-client", "emulator-secret")
START_TIMEOUT = 30.0


class Emulator:
    """Handle on one emulator subprocess."""

    def __init__(self, args: List[str]):
        self.args = args
        self._stderr = tempfile.NamedTemporaryFile(prefix="genesys-emulator-", suffix=".log",
                                                   delete=False)
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(
            [str(EMULATOR_SRC)] + ([env["PYTHONPATH"]] if env.get("PYTHONPATH") else []))
        env["PYTHONUNBUFFERED"] = "1"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "genesys_emulator.cli"] + args,
            stdout=subprocess.PIPE, stderr=self._stderr, env=env)
        self.base_url = self._read_serving_line()
        self.session = requests.Session()
        self._token: Optional[str] = None

    def _read_serving_line(self) -> str:
        deadline = time.monotonic() + START_TIMEOUT
        assert self.process.stdout is not None
        while time.monotonic() < deadline:
            ready, _, _ = select.select([self.process.stdout], [], [], 0.2)
            if ready:
                line = self.process.stdout.readline().decode("utf-8").strip()
                prefix = "genesys-emulator: serving "
                if line.startswith(prefix):
                    return line[len(prefix):]
                if line == "" and self.process.poll() is not None:
                    break
            elif self.process.poll() is not None:
                break
        self.kill()
        raise RuntimeError("emulator did not start: %s" % self.stderr_text())

    # -- HTTP helpers ----------------------------------------------------
    def url(self, path: str) -> str:
        return self.base_url + path

    def token(self, fresh: bool = False) -> str:
        if fresh or self._token is None:
            response = requests.post(self.url("/oauth/token"), auth=DEFAULT_CLIENT,
                                     data={"grant_type": "client_credentials"}, timeout=10)
            response.raise_for_status()
            self._token = response.json()["access_token"]
        return self._token

    def api(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        headers = dict(kwargs.pop("headers", None) or {})
        headers.setdefault("Authorization", "Bearer " + self.token())
        kwargs.setdefault("timeout", 30)
        return self.session.request(method, self.url(path), headers=headers, **kwargs)

    def _admin(self, method: str, path: str, **kwargs: Any) -> Any:
        response = requests.request(method, self.url(path), timeout=60, **kwargs)
        response.raise_for_status()
        return response.json() if response.content else None

    def stats(self) -> Dict[str, Any]:
        return self._admin("GET", "/__emulator/stats")

    def reset_stats(self) -> None:
        self._admin("DELETE", "/__emulator/stats")

    def reset(self, seed: Optional[str] = None) -> None:
        self._admin("POST", "/__emulator/reset", json={"seed": seed} if seed else {})

    def seed(self, spec: str, salt: Optional[str] = None) -> None:
        body = {"seed": spec}
        if salt is not None:
            body["salt"] = salt
        self._admin("POST", "/__emulator/seed", json=body)

    def set_faults(self, config: Dict[str, Any]) -> Dict[str, Any]:
        return self._admin("PUT", "/__emulator/faults", json=config)

    def faults(self) -> Dict[str, Any]:
        return self._admin("GET", "/__emulator/faults")

    def state(self) -> Dict[str, Any]:
        return self._admin("GET", "/__emulator/state")

    # -- process control -------------------------------------------------
    def alive(self) -> bool:
        return self.process.poll() is None

    def stop(self, timeout: float = 10.0) -> Optional[int]:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=timeout)
        self._close()
        return self.process.returncode

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)
        self._close()

    def _close(self) -> None:
        if self.process.stdout is not None and not self.process.stdout.closed:
            self.process.stdout.close()
        if hasattr(self, "session"):
            self.session.close()

    def stderr_text(self) -> str:
        self._stderr.flush()
        return Path(self._stderr.name).read_text(encoding="utf-8", errors="replace")


def start_emulator(seed: str = "demo", rate_limit: Optional[int] = None,
                   rate_window: Optional[int] = None, state: Optional[str] = None,
                   faults: Optional[Dict[str, Any]] = None, latency_ms: Optional[int] = None,
                   id_salt: Optional[str] = None, clients: Iterable[str] = (),
                   extra_args: Iterable[str] = ()) -> Emulator:
    args = ["--port", "0", "--seed", seed]
    if rate_limit is not None:
        args += ["--rate-limit", str(rate_limit)]
    if rate_window is not None:
        args += ["--rate-window", str(rate_window)]
    if state is not None:
        args += ["--state", str(state)]
    if faults is not None:
        args += ["--faults", json.dumps(faults)]
    if latency_ms is not None:
        args += ["--latency-ms", str(latency_ms)]
    if id_salt:
        args += ["--id-salt", id_salt]
    for client in clients:
        args += ["--client", client]
    args += list(extra_args)
    return Emulator(args)


@pytest.fixture(scope="session")
def emulator_session():
    instance = start_emulator(seed="demo")
    yield instance
    instance.stop()


@pytest.fixture
def emulator(emulator_session):
    if not emulator_session.alive():
        pytest.fail("the shared emulator died: %s" % emulator_session.stderr_text()[-2000:])
    emulator_session.reset()
    emulator_session.token()      # fetched now, so faults a test sets never hit it
    emulator_session.reset_stats()
    return emulator_session


@pytest.fixture
def emulator_factory():
    started: List[Emulator] = []

    def factory(**kwargs: Any) -> Emulator:
        instance = start_emulator(**kwargs)
        started.append(instance)
        return instance

    yield factory
    for instance in started:
        instance.stop()
