"""In-memory state store with transactions, change events and crash-safe persistence.

Persistence (``--state FILE``) is a snapshot plus a write-ahead journal:

* ``FILE`` holds a full JSON snapshot, always replaced atomically
  (temp file in the same directory, fsync, ``os.replace``).
* ``FILE.journal`` gets one JSON line per acknowledged write operation with the
  puts/deletes it made, fsync'ed before the response leaves.  Rewriting a
  multi-megabyte snapshot on every write would cap a large org at a few dozen
  writes per second; appending a small line keeps it in the hundreds.
* Replaying is idempotent (a put sets a value, a delete removes it), so a crash
  between writing a new snapshot and truncating the journal is harmless, and a
  torn last line (killed mid-append, hence never acknowledged) is ignored.
* The journal is folded into a new snapshot once it grows past a threshold.
"""
from __future__ import annotations

import copy
import datetime
import json
import os
import sys
import tempfile
import threading
import uuid
from typing import Any, Callable, Dict, List, Optional, Tuple

from .framework import ChangeEvent, current_request

_MISSING = object()
FORMAT_VERSION = 1


def utc_now() -> str:
    now = datetime.datetime.now(datetime.timezone.utc)
    return now.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (now.microsecond // 1000)


class Store:
    """Collections of JSON-able entities: ``data[kind][id] = value``."""

    def __init__(self, state_file: Optional[str] = None,
                 compact_after_ops: int = 5000):
        self.lock = threading.RLock()
        self.data: Dict[str, Dict[str, Any]] = {}
        self.state_file = state_file
        self.compact_after_ops = compact_after_ops
        self._undo: Optional[List[Tuple[str, str, Any]]] = None
        self._ops: List[list] = []
        self._events: List[ChangeEvent] = []
        self._listeners: List[Callable[[ChangeEvent], None]] = []
        self._journal = None
        self._journal_ops = 0
        self.meta: Dict[str, Any] = {}

    # -- reading ---------------------------------------------------------
    def get(self, kind: str, entity_id: Optional[str]) -> Any:
        if entity_id is None:
            return None
        return self.data.get(kind, {}).get(entity_id)

    def all(self, kind: str) -> List[Any]:
        return list(self.data.get(kind, {}).values())

    def ids(self, kind: str) -> List[str]:
        return list(self.data.get(kind, {}).keys())

    def count(self, kind: str) -> int:
        return len(self.data.get(kind, {}))

    # -- writing ---------------------------------------------------------
    def put(self, kind: str, entity_id: str, value: Any) -> Any:
        coll = self.data.setdefault(kind, {})
        if self._undo is not None:
            self._undo.append((kind, entity_id, coll.get(entity_id, _MISSING)))
        coll[entity_id] = value
        self._record(["put", kind, entity_id, value])
        return value

    def delete(self, kind: str, entity_id: str) -> bool:
        coll = self.data.get(kind)
        if coll is None or entity_id not in coll:
            return False
        if self._undo is not None:
            self._undo.append((kind, entity_id, coll[entity_id]))
        del coll[entity_id]
        self._record(["del", kind, entity_id])
        return True

    def _record(self, op: list) -> None:
        if self._undo is not None:
            self._ops.append(op)            # journaled when the request commits
        else:
            self._journal_write([op])       # outside a request (e.g. a background thread)

    @staticmethod
    def new_id() -> str:
        return str(uuid.uuid4())

    @staticmethod
    def now() -> str:
        return utc_now()

    # -- change events -----------------------------------------------------
    def add_change_listener(self, fn: Callable[[ChangeEvent], None]) -> None:
        self._listeners.append(fn)

    def on_change(self, entity_type: str, action: str, entity: Dict[str, Any],
                  property_changes: Optional[List[Dict[str, Any]]] = None) -> None:
        req = current_request()
        context: Dict[str, Any] = {}
        if req is not None:
            context = {"client_id": req.client_id, "remote_ip": req.remote_ip,
                       "correlation_id": req.correlation_id, "method": req.method,
                       "path": req.path}
        event = ChangeEvent(entity_type, action, dict(entity), list(property_changes or []),
                            context, utc_now())
        if self._undo is not None:
            self._events.append(event)       # delivered after commit
        else:
            self._deliver([event])

    def _deliver(self, events: List[ChangeEvent]) -> None:
        for event in events:
            for listener in list(self._listeners):
                try:
                    listener(event)
                except Exception as exc:  # a broken listener must not fail the API call
                    print("genesys-emulator: change listener failed: %r" % (exc,),
                          file=sys.stderr)

    # -- transactions ------------------------------------------------------
    def begin(self) -> None:
        self._undo = []
        self._ops = []
        self._events = []

    def rollback(self) -> None:
        undo = self._undo or []
        for kind, entity_id, old in reversed(undo):
            coll = self.data.setdefault(kind, {})
            if old is _MISSING:
                coll.pop(entity_id, None)
            else:
                coll[entity_id] = old
        self._undo = None
        self._ops = []
        self._events = []

    def commit(self) -> None:
        """Persist this operation's writes, then deliver its change events."""
        ops, events = self._ops, self._events
        self._undo = None
        self._ops = []
        self._events = []
        if ops:
            self._journal_write(ops)
        if events:
            self._deliver(events)

    # -- whole-state operations -------------------------------------------
    def replace_all(self, data: Dict[str, Dict[str, Any]]) -> None:
        """Swap in a freshly seeded org and write a snapshot."""
        self.data = data
        self._ops = []
        self.save_snapshot()

    def dump(self) -> Dict[str, Any]:
        return copy.deepcopy(self.data)

    # -- persistence -------------------------------------------------------
    @property
    def journal_file(self) -> Optional[str]:
        return self.state_file + ".journal" if self.state_file else None

    def load(self) -> bool:
        """Load snapshot + journal; False when there is no state file yet."""
        if not self.state_file or not os.path.exists(self.state_file):
            return False
        with open(self.state_file, "r", encoding="utf-8") as handle:
            snapshot = json.load(handle)
        self.data = snapshot.get("data", {})
        self.meta = snapshot.get("meta", {})
        replayed = 0
        if os.path.exists(self.journal_file):
            with open(self.journal_file, "r", encoding="utf-8") as handle:
                for line in handle:
                    try:
                        record = json.loads(line)
                    except ValueError:
                        break  # torn tail from a crash mid-append: never acknowledged
                    for op in record.get("ops", []):
                        self._apply(op)
                    replayed += 1
        self._journal_ops = replayed
        if replayed:
            self.save_snapshot()
        return True

    def _apply(self, op: list) -> None:
        if op[0] == "put":
            self.data.setdefault(op[1], {})[op[2]] = op[3]
        elif op[0] == "del":
            self.data.get(op[1], {}).pop(op[2], None)

    def save_snapshot(self) -> None:
        if not self.state_file:
            return
        directory = os.path.dirname(os.path.abspath(self.state_file))
        os.makedirs(directory, exist_ok=True)
        fd, tmp_path = tempfile.mkstemp(prefix=".state-", suffix=".tmp", dir=directory)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump({"format": FORMAT_VERSION, "meta": self.meta, "data": self.data},
                          handle, separators=(",", ":"))
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp_path, self.state_file)
        except BaseException:
            if os.path.exists(tmp_path):
                os.unlink(tmp_path)
            raise
        _fsync_dir(directory)
        # The snapshot now contains everything the journal had.
        self._close_journal()
        with open(self.journal_file, "w", encoding="utf-8") as handle:
            handle.flush()
            os.fsync(handle.fileno())
        self._journal_ops = 0

    def _journal_write(self, ops: List[list]) -> None:
        if not self.state_file:
            return
        if self._journal is None:
            self._journal = open(self.journal_file, "a", encoding="utf-8")
        line = json.dumps({"ops": ops}, separators=(",", ":"))
        self._journal.write(line + "\n")
        self._journal.flush()
        os.fsync(self._journal.fileno())
        self._journal_ops += 1
        if self._journal_ops >= self.compact_after_ops:
            self.save_snapshot()

    def _close_journal(self) -> None:
        if self._journal is not None:
            self._journal.close()
            self._journal = None

    def close(self) -> None:
        with self.lock:
            self._close_journal()


def _fsync_dir(directory: str) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
