"""Helpers of the event-delivery tests (tests/emulator and tests/integration): a local receiver
standing in for the EventBridge destination, and EventBridge's pattern matching."""
from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class EventReceiver:
    """A local HTTP endpoint that records POSTed JSON; the first ``fail_first`` calls get 500."""

    def __init__(self, fail_first=0, path="/events"):
        self.events = []
        self.attempts = 0
        self.fail_first = fail_first
        self.content_types = []
        self.path = path
        self.cond = threading.Condition()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                payload = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                with receiver.cond:
                    receiver.attempts += 1
                    failing = receiver.attempts <= receiver.fail_first
                    if not failing:
                        receiver.events.append(json.loads(payload))
                        receiver.content_types.append(self.headers.get("Content-Type"))
                    receiver.cond.notify_all()
                self.send_response(500 if failing else 200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self):
        return "http://127.0.0.1:%d%s" % (self.server.server_address[1], self.path)

    def wait_for(self, count=1, timeout=20.0, where=lambda event: True):
        """The received events that satisfy ``where`` once there are ``count`` of them (or at the timeout)."""
        with self.cond:
            self.cond.wait_for(lambda: len([e for e in self.events if where(e)]) >= count, timeout)
            return [e for e in self.events if where(e)]

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def pattern_matches(pattern, event):
    """EventBridge pattern semantics: exact values, ``{"prefix": ...}``, nesting, ``$or``."""
    for key, condition in pattern.items():
        if key == "$or":
            if not any(pattern_matches(clause, event) for clause in condition):
                return False
        elif isinstance(condition, dict):
            if not isinstance(event.get(key), dict) or not pattern_matches(condition, event[key]):
                return False
        elif not any(event.get(key) == item or isinstance(item, dict) and
                     str(event.get(key, "")).startswith(item["prefix"]) for item in condition):
            return False
    return True
