"""Route framework of the Genesys Cloud emulator: the contract for resource modules.

Every resource module (queues.py, skills.py, ... and the extension modules
integrations.py, triggers.py, analytics.py, audit.py) plugs in through this
module only.  Nothing here knows about HTTP sockets; ``http_handler.py`` does that.

Registering a route
-------------------
::

    from .framework import route, ApiError, Response

    @route("GET", "/api/v2/routing/queues/{queueId}")
    def get_queue(req):
        queue = req.state.get("queues", req.path_params["queueId"])
        if queue is None:
            raise ApiError.not_found()
        return queue                      # dict/list => 200 + JSON

* ``template`` must be the path template EXACTLY as written in
  genesys-sdk-operations.tsv (a unit test checks every /api/v2 route against it).
  Statistics are keyed ``"<METHOD> <template>"``.
* Literal segments win over ``{params}`` (``/users/search`` beats ``/users/{userId}``),
  and literal segments match case-insensitively (the platform tolerates path case).
* Templates under ``/__emulator/`` are admin routes: no auth, no rate limit, no
  faults, not counted in the statistics.
* A module is loaded by ``server.load_route_modules()``; core modules and the
  extension modules are listed there (``EXTENSION_MODULES``).  An extension
  module that does not exist yet is skipped; one that fails to import is an error.

The request object (``Request``) handed to a handler
----------------------------------------------------
``req.method``, ``req.path`` (no query string), ``req.template``,
``req.path_params`` (dict), ``req.query`` (dict name -> list of values, so repeated
``id=a&id=b`` gives ``["a", "b"]``), ``req.headers``, ``req.body`` (parsed JSON or
``None`` when the request had no body), ``req.token``, ``req.client_id``,
``req.remote_ip``, ``req.correlation_id``, ``req.state`` (the Store),
``req.emulator`` (the running emulator: stats, config).
Helpers: ``req.arg(name, default)`` (single value), ``req.args(name)`` (all values;
comma-separated values are split too), ``req.int_arg(name, default, minimum,
maximum)`` and ``req.bool_arg(name, default)`` (both raise a 400 on bad input),
``req.json_body(kind)`` (``dict`` or ``list``; 400 when missing or the wrong shape).

What a handler returns
----------------------
* ``dict`` / ``list``            -> 200 with that JSON body
* ``None``                       -> 204 without a body
* ``Response(status, body=None, headers=None)`` -> anything else (e.g. 202).

Errors
------
``raise ApiError(status, code, message, message_params=None, details=None)`` gives
the platform ErrorBody ``{message, code, status, messageWithParams, messageParams,
contextId, details, errors}``.  Shortcuts: ``ApiError.bad_request(msg)``,
``ApiError.not_found(msg)``, ``ApiError.invalid_value(field, value, field_type,
allowed)``, ``ApiError.missing_field(field)``, ``ApiError.conflict(msg)``.
Any other exception becomes a 500 ``internal.server.error`` (traceback only on stderr).

Helpers: ``validation.py`` (field checks that raise the platform 400s),
``paging.page_listing(req, items, max_size=..., render=...)`` (page-number
envelope) and ``paging.cursor_listing(req, items, sort_key, ...)`` (cursor
envelope; ``sort_key`` returns a list; ``named_cursor_listing`` for named entities),
``refs.py`` (division/entity references, selfUris), ``entities.py`` (``get_or_404``, and
``save_change``: a write with its audit event).  Admin handlers (``/__emulator/...``)
run under the lock but outside a transaction.

State, lock and transactions
----------------------------
The server holds ``req.state.lock`` (an RLock) around every /api/v2 handler call,
so a handler is one atomic operation; last writer wins, as on the platform.
Background threads (e.g. event delivery) must take ``with state.lock:`` themselves;
outside a request, each ``put``/``delete`` is journaled at once (no rollback).

* ``state.get(kind, id)``, ``state.all(kind)`` (list), ``state.ids(kind)``,
  ``state.count(kind)``, ``state.put(kind, id, value)``, ``state.delete(kind, id)``.
  ``kind`` is a free collection name (``"queues"``, ``"triggers"``...); values must
  be JSON-serialisable.  NEVER mutate a stored value in place: build a new dict
  (``copy.deepcopy``) and ``put`` it.  That is what makes rollback on error and
  journaling of acknowledged writes work.
* If the handler raises, every ``put``/``delete`` of that request is rolled back.
* After the handler returns, the writes are persisted (``--state``) BEFORE the
  response is sent.
* Keys starting with ``_`` inside stored dicts are internal; render what you answer.
* ``state.new_id()`` (uuid4 string), ``state.now()`` (ISO-8601 UTC with millis).

Change hook (audit)
-------------------
A handler that changes something calls
``state.on_change(entity_type, action, entity, property_changes=None)``
e.g. ``state.on_change("Queue", "Update", {"id": qid, "name": name},
diff_properties(old, new))``.  ``property_changes`` is a list of
``{"property", "oldValues": [str], "newValues": [str]}`` (AuditTopicPropertyChange).
Events are queued and delivered only after the operation commits (a failed
request emits nothing), still under the lock and in order, to every listener
registered with ``state.add_change_listener(fn)``; ``fn(event)`` gets a
``ChangeEvent`` (entity_type, action, entity, property_changes, context,
event_time) where ``context`` holds client_id, remote_ip, correlation_id, method,
path.  Listeners must be quick and must not call the emulator over HTTP.
Listeners survive ``/__emulator/reset``.  Register them from a module-level
``@on_startup`` function, which receives the Store once it exists.

Seed data
---------
``@seeder`` registers ``fn(ctx)`` called after the core seed builds the org
(also on ``/__emulator/reset`` and ``/__emulator/seed``).  ``ctx.name`` is the seed
("empty", "demo", "large"), ``ctx.arg`` (e.g. 50 for "large:50" or None),
``ctx.salt`` (id salt, "" or "prod"), ``ctx.make_id(kind, name)`` (deterministic
uuid5 that honours the salt), ``ctx.state`` (use put), ``ctx.now``.
Seeders must not emit change events.
"""
from __future__ import annotations

import dataclasses
import json
import re
import functools
import threading
import uuid
import weakref
from typing import Any, Callable, Dict, List, Optional, Tuple, TypeVar

# ---------------------------------------------------------------------------
# Errors and responses


class ApiError(Exception):
    """An API error answered with the platform ErrorBody shape."""

    def __init__(self, status: int, code: str, message: str,
                 message_params: Optional[Dict[str, Any]] = None,
                 details: Optional[List[Dict[str, Any]]] = None,
                 message_with_params: Optional[str] = None,
                 headers: Optional[Dict[str, str]] = None,
                 entity_id: Optional[str] = None):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.message_params = message_params or {}
        self.details = details or []
        self.message_with_params = message_with_params or message
        self.headers = headers or {}
        self.entity_id = entity_id

    def body(self, context_id: str) -> Dict[str, Any]:
        body = {
            "message": self.message,
            "code": self.code,
            "status": self.status,
            "messageWithParams": self.message_with_params,
            "messageParams": {k: str(v) for k, v in self.message_params.items()},
            "contextId": context_id,
            "details": self.details,
            "errors": [],
        }
        if self.entity_id:
            body["entityId"] = self.entity_id
        return body

    # Shortcuts for the common shapes -------------------------------------
    @classmethod
    def bad_request(cls, message: str, field: Optional[str] = None) -> "ApiError":
        details = [{"errorCode": "bad.request", "fieldName": field}] if field else None
        return cls(400, "bad.request", message, details=details)

    @classmethod
    def not_found(cls, message: str = "The requested resource was not found.",
                  entity_id: Optional[str] = None) -> "ApiError":
        return cls(404, "not.found", message, entity_id=entity_id)

    @classmethod
    def conflict(cls, message: str) -> "ApiError":
        return cls(409, "conflict", message)

    @classmethod
    def missing_field(cls, field: str) -> "ApiError":
        return cls(400, "missing.required.field",
                   "The field [%s] is required." % field,
                   message_params={"field": field},
                   message_with_params="The field [{field}] is required.",
                   details=[{"errorCode": "missing.required.field", "fieldName": field}])

    @classmethod
    def invalid_value(cls, field: str, value: Any, field_type: str,
                      allowed: Optional[List[str]] = None,
                      reason: Optional[str] = None) -> "ApiError":
        """Enum or range violation, in the real platform wording for enums.

        Real example (TF issue #1578): "Value [] is not valid for field type
        [Mode]. Allowable values are: AgentFirst, CustomerFirst".
        """
        shown = _display(value)
        if allowed is not None:
            allowed_text = ", ".join(allowed)
            message = "Value [%s] is not valid for field type [%s]. Allowable values are: %s" % (
                shown, field_type, allowed_text)
            template = ("Value [{value}] is not valid for field type [{fieldType}]. "
                        "Allowable values are: {allowedValues}")
            params = {"value": shown, "fieldType": field_type, "allowedValues": allowed_text}
        else:
            message = "Value [%s] is not valid for field [%s]: %s" % (shown, field, reason)
            template = "Value [{value}] is not valid for field [{field}]: {reason}"
            params = {"value": shown, "field": field, "reason": reason}
        return cls(400, "invalid.value", message, message_params=params,
                   message_with_params=template,
                   details=[{"errorCode": "invalid.value", "fieldName": field}])


def _display(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return json.dumps(value, separators=(",", ":"))
    return str(value)


class Response:
    """Explicit response: status, JSON body (or None), extra headers."""

    def __init__(self, status: int = 200, body: Any = None,
                 headers: Optional[Dict[str, str]] = None):
        self.status = status
        self.body = body
        self.headers = headers or {}


# ---------------------------------------------------------------------------
# Request context


class Request:
    """Everything a handler may need about the call being served."""

    def __init__(self, method: str, path: str, template: str,
                 path_params: Dict[str, str], query: Dict[str, List[str]],
                 headers: Any, body: Any, state: Any, emulator: Any,
                 correlation_id: str, remote_ip: str,
                 token: Optional[str] = None, client_id: Optional[str] = None):
        self.method = method
        self.path = path
        self.template = template
        self.path_params = path_params
        self.query = query
        self.headers = headers
        self.body = body
        self.state = state
        self.emulator = emulator
        self.correlation_id = correlation_id
        self.remote_ip = remote_ip
        self.token = token
        self.client_id = client_id

    def arg(self, name: str, default: Optional[str] = None) -> Optional[str]:
        values = self.query.get(name)
        return values[-1] if values else default

    def args(self, name: str) -> List[str]:
        """All values of a multi-valued parameter (repeated or comma-separated)."""
        out: List[str] = []
        for raw in self.query.get(name, []):
            out.extend(part for part in raw.split(",") if part != "")
        return out

    def int_arg(self, name: str, default: int, minimum: Optional[int] = None,
                maximum: Optional[int] = None) -> int:
        raw = self.arg(name)
        if raw is None or raw == "":
            return default
        try:
            value = int(raw)
        except ValueError:
            raise ApiError.invalid_value(name, raw, name, reason="must be an integer")
        if minimum is not None and value < minimum:
            raise ApiError.invalid_value(name, raw, name,
                                         reason="must be at least %d" % minimum)
        if maximum is not None and value > maximum:
            raise ApiError.invalid_value(name, raw, name,
                                         reason="must be at most %d" % maximum)
        return value

    def bool_arg(self, name: str, default: Optional[bool] = None) -> Optional[bool]:
        raw = self.arg(name)
        if raw is None or raw == "":
            return default
        lowered = raw.lower()
        if lowered in ("true", "1"):
            return True
        if lowered in ("false", "0"):
            return False
        raise ApiError.invalid_value(name, raw, "Boolean", ["true", "false"])

    def json_body(self, kind: type = dict) -> Any:
        if self.body is None:
            raise ApiError.bad_request("A request body is required.")
        if not isinstance(self.body, kind):
            expected = "a JSON object" if kind is dict else "a JSON array"
            raise ApiError.bad_request("The request body must be %s." % expected)
        return self.body


# ---------------------------------------------------------------------------
# Route registry

Handler = Callable[[Request], Any]


@dataclasses.dataclass
class Route:
    method: str
    template: str
    handler: Handler
    admin: bool
    segments: Tuple[str, ...]          # lower-cased literals, "" for a parameter
    param_names: Tuple[Optional[str], ...]

    @property
    def operation(self) -> str:
        return "%s %s" % (self.method, self.template)

    def match(self, parts: List[str]) -> Optional[Dict[str, str]]:
        if len(parts) != len(self.segments):
            return None
        params: Dict[str, str] = {}
        for part, literal, name in zip(parts, self.segments, self.param_names):
            if name is None:
                if part.lower() != literal:
                    return None
            else:
                if part == "":
                    return None
                params[name] = part
        return params

    def specificity(self) -> Tuple[int, ...]:
        # Lower sorts first: literal segments (0) beat parameters (1), left to right.
        return tuple(1 if name else 0 for name in self.param_names)


_PARAM = re.compile(r"^\{([A-Za-z0-9_]+)\}$")
ROUTES: List[Route] = []


def split_path(path: str) -> List[str]:
    return [part for part in path.strip("/").split("/")]


def route(method: str, template: str) -> Callable[[Handler], Handler]:
    """Register ``handler(req)`` for ``METHOD template`` (see module docstring)."""
    method = method.upper()

    def decorator(handler: Handler) -> Handler:
        parts = split_path(template)
        names = []
        literals = []
        for part in parts:
            found = _PARAM.match(part)
            names.append(found.group(1) if found else None)
            literals.append("" if found else part.lower())
        for existing in ROUTES:
            if existing.method == method and existing.template == template:
                raise ValueError("route registered twice: %s %s" % (method, template))
        ROUTES.append(Route(method, template, handler, template.startswith("/__emulator/"),
                            tuple(literals), tuple(names)))
        return handler

    return decorator


def resolve(method: str, path: str) -> Tuple[Optional[Route], Dict[str, str], bool]:
    """Find the route for a call: (route, path params, path_exists_for_other_method)."""
    parts = split_path(path)
    best: Optional[Route] = None
    best_params: Dict[str, str] = {}
    path_known = False
    candidates = []
    for item in ROUTES:
        params = item.match(parts)
        if params is None:
            continue
        candidates.append((item.specificity(), item, params))
    if not candidates:
        return None, {}, False
    candidates.sort(key=lambda entry: entry[0])
    top = candidates[0][0]
    for spec, item, params in candidates:
        if spec != top:
            break
        path_known = True
        if item.method == method:
            best, best_params = item, params
            break
    if best is None:
        # Fall back to a less specific template that does accept the method,
        # e.g. DELETE /users/search would not exist, but another shape might.
        for spec, item, params in candidates:
            if item.method == method:
                return item, params, True
    return best, best_params, path_known


# ---------------------------------------------------------------------------
# Change events (audit hook)


@dataclasses.dataclass
class ChangeEvent:
    entity_type: str
    action: str
    entity: Dict[str, Any]
    property_changes: List[Dict[str, Any]]
    context: Dict[str, Any]
    event_time: str


def _value_strings(value: Any) -> List[str]:
    if value is None:
        return []
    if isinstance(value, list):
        return [_display(item) for item in value]
    return [_display(value)]


def diff_properties(old: Optional[Dict[str, Any]], new: Optional[Dict[str, Any]],
                    ignore: Tuple[str, ...] = ("dateModified", "modifiedBy", "version",
                                               "selfUri")) -> List[Dict[str, Any]]:
    """Top-level property changes between two entity dicts, audit-topic style."""
    old = old or {}
    new = new or {}
    changes = []
    for key in sorted(set(old) | set(new)):
        if key in ignore or key.startswith("_"):
            continue
        if old.get(key) != new.get(key):
            changes.append({"property": key,
                            "oldValues": _value_strings(old.get(key)),
                            "newValues": _value_strings(new.get(key))})
    return changes


# ---------------------------------------------------------------------------
# Seeders and start-up hooks


@dataclasses.dataclass
class SeedContext:
    name: str
    arg: Optional[int]
    salt: str
    state: Any
    now: str

    def make_id(self, kind: str, name: str) -> str:
        return make_seed_id(kind, name, self.salt)


_SEED_NAMESPACE = uuid.UUID("6f1c2a52-4a8e-4c55-9d0e-0a8f3b9a1e11")


def make_seed_id(kind: str, name: str, salt: str = "") -> str:
    """Deterministic id for seeded objects; a salt gives another org's ids."""
    key = "%s:%s:%s" % (salt, kind, name) if salt else "%s:%s" % (kind, name)
    return str(uuid.uuid5(_SEED_NAMESPACE, key))


SEEDERS: List[Callable[[SeedContext], None]] = []
STARTUP_HOOKS: List[Callable[[Any], None]] = []


def seeder(fn: Callable[[SeedContext], None]) -> Callable[[SeedContext], None]:
    """Register an extension seeder (runs after the core seed)."""
    SEEDERS.append(fn)
    return fn


def on_startup(fn: Callable[[Any], None]) -> Callable[[Any], None]:
    """Register ``fn(state)``, called once when an emulator instance is created."""
    STARTUP_HOOKS.append(fn)
    return fn


T = TypeVar("T")


def per_store(factory: Callable[[Any], T]) -> Callable[[Any], T]:
    """Turn ``factory(state)`` into ``get(state)``: one object per emulator (keyed by its
    Store), made on first use and held weakly so that it never keeps a store alive."""
    objects: "weakref.WeakKeyDictionary[Any, T]" = weakref.WeakKeyDictionary()
    lock = threading.Lock()

    @functools.wraps(factory)
    def get(state: Any) -> T:
        with lock:
            found = objects.get(state)
            if found is None:
                found = factory(state)
                objects[state] = found
            return found

    return get


_local = threading.local()


def current_request() -> Optional[Request]:
    """The request being served by this thread, if any."""
    return getattr(_local, "request", None)


def set_current_request(req: Optional[Request]) -> None:
    _local.request = req
