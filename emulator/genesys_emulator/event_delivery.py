"""Emulator-only event delivery (NOT a platform feature).

On the real platform, events go to an AWS partner event bus.  Here, when a
delivery URL is set (``--deliver-url`` through ``configure_delivery``, the
``GENESYS_EMULATOR_DELIVER_URL`` environment variable, or ``PUT /__emulator/delivery
{"url": ...}``), every audit event that an ENABLED EventBridge integration's
eventFilter matches is POSTed, in the EventBridge envelope, to that URL from a
background thread (bounded queue, a few retries; the API call never waits for it).
``GET /__emulator/delivery`` shows the URL and counters.
"""
from __future__ import annotations

import collections
import json
import os
import queue
import re
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
import weakref
from typing import Any, Dict, List, Optional, Tuple

from .audit import audit_log
from .framework import ApiError, on_startup, per_store, route
from .integrations import EVENTBRIDGE_TYPE, config_problem, event_source_name
from .topics import template_of, topic_matches

DELIVER_URL_ENV = "GENESYS_EMULATOR_DELIVER_URL"
DELIVERY_QUEUE_SIZE = 1000
DELIVERY_ATTEMPTS = 4
DELIVERY_TIMEOUT_S = 5.0
DELIVERY_BACKOFF_S = 0.25
_IDLE_EXIT_S = 1.0


class EventDelivery:
    """Emulator-only: POSTs EventBridge envelopes to one URL from a background thread.

    ``offer`` never blocks: a full queue drops the event (counted).  A failed POST
    (connection error or non-2xx) is retried ``DELIVERY_ATTEMPTS`` times in all.
    The worker exits after an idle second without a URL and is restarted on demand.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._queue: "queue.Queue[Dict[str, Any]]" = queue.Queue(maxsize=DELIVERY_QUEUE_SIZE)
        self._thread: Optional[threading.Thread] = None
        self.url: Optional[str] = None
        self.counters = {"queued": 0, "delivered": 0, "failed": 0, "dropped": 0, "retries": 0}
        self.recent: "collections.deque[Dict[str, Any]]" = collections.deque(maxlen=50)

    def configure(self, url: Optional[str]) -> None:
        if url is not None:
            check_delivery_url(url)
        with self._lock:
            self.url = url
            # A new configuration starts fresh counters (tests read them per scenario).
            self.counters = dict.fromkeys(self.counters, 0)
            self.recent.clear()
            if url is None:
                self._drain()
            elif self._thread is None:
                self._thread = threading.Thread(target=self._run, daemon=True,
                                                name="genesys-emulator-delivery")
                self._thread.start()

    def _drain(self) -> None:
        while True:
            try:
                self._queue.get_nowait()
            except queue.Empty:
                return
            self.counters["dropped"] += 1

    def offer(self, envelope: Dict[str, Any]) -> bool:
        with self._lock:
            if self.url is None:
                return False
            try:
                self._queue.put_nowait(envelope)
            except queue.Full:
                self.counters["dropped"] += 1
                return False
            self.counters["queued"] += 1
            return True

    def status(self) -> Dict[str, Any]:
        with self._lock:
            return {"url": self.url, "pending": self._queue.qsize(),
                    "counters": dict(self.counters), "recent": list(self.recent)}

    def _run(self) -> None:
        while True:
            try:
                envelope = self._queue.get(timeout=_IDLE_EXIT_S)
            except queue.Empty:
                with self._lock:
                    if self.url is None and self._queue.empty():
                        self._thread = None
                        return
                continue
            with self._lock:
                url = self.url
            if url is None:
                continue
            self._post(url, envelope)

    def _post(self, url: str, envelope: Dict[str, Any]) -> None:
        payload = json.dumps(envelope, separators=(",", ":")).encode("utf-8")
        outcome = "failed"
        detail = None
        attempts = 0
        for attempt in range(1, DELIVERY_ATTEMPTS + 1):
            attempts = attempt
            request = urllib.request.Request(url, data=payload, method="POST",
                                             headers={"Content-Type": "application/json"})
            try:
                with urllib.request.urlopen(request, timeout=DELIVERY_TIMEOUT_S) as response:
                    response.read()
                    detail = response.status
                    if 200 <= response.status < 300:
                        outcome = "delivered"
                        break
            except urllib.error.HTTPError as exc:
                detail = exc.code
            except (urllib.error.URLError, OSError, ValueError) as exc:
                detail = str(exc)
            if attempt < DELIVERY_ATTEMPTS:
                with self._lock:
                    self.counters["retries"] += 1
                time.sleep(DELIVERY_BACKOFF_S * (2 ** (attempt - 1)))
        with self._lock:
            self.counters[outcome] += 1
            self.recent.append({"id": envelope["id"], "detail-type": envelope["detail-type"],
                                "topicName": envelope["detail"]["topicName"],
                                "outcome": outcome, "attempts": attempts, "detail": detail})
        if outcome == "failed":
            print("genesys-emulator: event delivery to %s failed: %s" % (url, detail),
                  file=sys.stderr)


def check_delivery_url(url: Any) -> str:
    if not isinstance(url, str) or not re.match(r"^https?://[^\s/]+", url):
        raise ValueError("the delivery URL must be an http:// or https:// URL")
    return url


@per_store
def event_delivery(state: Any) -> EventDelivery:  # noqa: ARG001 - one worker per store
    """The delivery worker of one emulator (keyed by its Store)."""
    return EventDelivery()


def configure_delivery(state: Any, url: Optional[str]) -> None:
    """Emulator-only: set (or clear with None) the URL events are POSTed to.

    For the CLI: ``event_delivery.configure_delivery(emulator.store, args.deliver_url)``.
    Raises ValueError for a URL that is not http(s).
    """
    event_delivery(state).configure(url)


def eventbridge_envelope(integration: Dict[str, Any], record: Dict[str, Any],
                         detail_type: str) -> Dict[str, Any]:
    """The EventBridge event an integration emits for one audit record."""
    props = integration["_config"]["properties"]
    event_time = record["eventBody"].get("eventTime") or ""
    return {
        "version": "0",
        "id": str(uuid.uuid4()),
        "detail-type": detail_type,
        "source": event_source_name(integration),
        "account": props["awsAccountId"],
        # EventBridge times have no fraction of a second.
        "time": event_time[:19] + "Z" if len(event_time) >= 19 else event_time,
        "region": props["awsAccountRegion"],
        "resources": [],
        # detail.timestamp: when the platform published the event (EventBridge blueprint event files).
        "detail": {"topicName": record["topicName"], "version": record.get("version", "2"),
                   "timestamp": event_time,
                   "eventBody": record["eventBody"], "metadata": dict(record["metadata"])},
    }


def matching_integrations(state: Any, topic: str) -> List[Tuple[Dict[str, Any], str]]:
    """(integration, detail-type) for every active EventBridge integration whose
    eventFilter matches a concrete topic."""
    out = []
    for integration in sorted(state.all("integrations"), key=lambda item: item["id"]):
        if integration["integrationType"]["id"] != EVENTBRIDGE_TYPE:
            continue
        if integration["intendedState"] != "ENABLED" or config_problem(integration):
            continue
        for topic_filter in integration["_config"]["properties"].get("eventFilter") or []:
            if topic_matches(topic_filter, topic):
                out.append((integration, template_of(topic) or topic_filter))
                break
    return out


def _forward(state: Any, record: Dict[str, Any]) -> None:
    # Runs inside the API call (under the store lock): only match and enqueue.
    delivery = event_delivery(state)
    if delivery.url is None:
        return
    for integration, detail_type in matching_integrations(state, record["topicName"]):
        delivery.offer(eventbridge_envelope(integration, record, detail_type))


@on_startup
def _start(state: Any) -> None:
    # A weak reference: the audit log is keyed weakly by the store and must not pin it.
    state_ref = weakref.ref(state)

    def forward(record: Dict[str, Any]) -> None:
        target = state_ref()
        if target is not None:
            _forward(target, record)

    audit_log(state).subscribe(forward)
    url = os.environ.get(DELIVER_URL_ENV)
    if url:
        configure_delivery(state, url)


@route("PUT", "/__emulator/delivery")
def put_delivery(req):
    """Emulator-only: ``{"url": "http://127.0.0.1:PORT/path"}`` (null turns delivery off)."""
    body = req.json_body(dict)
    url = body.get("url")
    try:
        configure_delivery(req.state, url)
    except ValueError as exc:
        raise ApiError.bad_request(str(exc), "url")
    return event_delivery(req.state).status()


@route("GET", "/__emulator/delivery")
def get_delivery(req):
    """Emulator-only: delivery URL, pending count, counters and the last outcomes."""
    return event_delivery(req.state).status()
