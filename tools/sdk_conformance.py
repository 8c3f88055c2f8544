#!/usr/bin/env python3
"""Check that the emulator's responses deserialize into the official SDK's models without loss.

Issue 2 acceptance: the responses for queues, skills, skill groups, wrap-up codes,
users, utilization, triggers, integrations and analytics queries must survive the
official Python SDK (``purecloudplatformclientv2``).  The SDK is NOT a dependency
of the project: this dev tool runs in a throwaway venv outside the repo.

How to run (from anywhere; the repo's own venv provides the emulator)::

    python3 -m venv /tmp/sdkvenv
    /tmp/sdkvenv/bin/pip install purecloudplatformclientv2 requests
    /tmp/sdkvenv/bin/python /work/main/tools/sdk_conformance.py

Options: ``--emulator PATH`` (default: ``<repo>/.venv/bin/genesys-emulator``),
``--verbose`` (list every finding, not only the first few per response),
``--json FILE`` (write the findings as JSON too), ``--coverage`` (list the
model fields that no answer carried: what the emulator does not model).

What it does, after a self-test that plants one defect of each kind and
insists that the checker flags it:

1. Starts ``genesys-emulator --port 0 --seed demo``, takes a token, and calls
   every listing and get of the routing subset plus the write operations
   (creates, PUTs, PATCHes, DELETEs, analytics and audit queries), a set of
   error answers (400/401/404/405/409/413/415, the rate limiter's 429, injected
   429/5xx faults) and the audit events the emulator published.  Each JSON body
   is deserialized with the SDK's own ``ApiClient.__deserialize`` into the model
   the SDK declares for that operation (read from the SDK's ``apis/*.py``, so
   the SDK stays the oracle; ``ErrorBody`` for errors), re-serialized with
   ``ApiClient.sanitize_for_serialization`` and compared with the original.
2. Drives the emulator through the SDK's API classes: request bodies are SDK
   models serialized by the SDK, answers are parsed by the SDK's HTTP path.
3. Probes every enum of the request bodies: each SDK value must be accepted,
   a value outside the SDK must get a 400 (stored and echoed back, it would be
   lost by SDK clients).

Findings:

* ``unknown-key``   a key the model does not declare (the SDK drops it: loss)
* ``type``          a value of another JSON type than the model's (str for an
                    int, a float for an int, an object for a string...), or a
                    date-time not in the models' form yyyy-MM-ddTHH:mm:ss[.mmm]Z
* ``enum``          a value outside the setter's ``allowed_values`` (the SDK
                    replaces it with ``outdated_sdk_version``)
* ``enum-case``     a value that matches an allowed value only ignoring case
* ``null``          a key whose value is null (the SDK drops it; the platform
                    omits null fields)
* ``roundtrip``     any other difference after deserialize + serialize
* ``parse-error``   the SDK raised while deserializing
* ``no-model``      a body where the SDK expects none, or an operation that is
                    not in the SDK at all
* ``no-body``       no body where the SDK expects a model
* ``sdk-call``      an SDK API call raised
* ``rejects-sdk-enum`` / ``accepts-invalid-enum``   from the request enum probe

Exit status: 0 without findings, 1 with findings, 2 when the check itself
could not run (SDK missing, emulator did not start, an API call failed).
"""
import argparse
import ast
import base64
import datetime
import inspect
import json
import os
import re
import subprocess
import sys
import time
from typing import Any, Callable, Dict, List, Optional, Tuple

from sdk_conformance_taskmanagement import exercise_task_management

try:
    import requests
    import PureCloudPlatformClientV2
    from PureCloudPlatformClientV2 import models as sdk_models
    from dateutil.parser import isoparse
except ImportError as exc:   # pragma: no cover - depends on the throwaway venv
    sys.stderr.write("sdk_conformance: %s\nRun it with the throwaway SDK venv, see the "
                     "docstring: /tmp/sdkvenv/bin/python tools/sdk_conformance.py\n" % exc)
    sys.exit(2)

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_EMULATOR = os.path.join(REPO, ".venv", "bin", "genesys-emulator")
SERVING = re.compile(r"genesys-emulator: serving (http://\S+)")
CLIENT_ID, CLIENT_SECRET = "emulator-client", "emulator-secret"
PLATFORM_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$")
PRIMITIVES = ("str", "int", "float", "bool", "date", "datetime", "LocalDateTime", "object")


class SetupError(Exception):
    """The check could not run (as opposed to a conformance finding)."""


# ---------------------------------------------------------------------------
# The SDK as oracle: response models per operation, enums per model attribute

def sdk_response_types() -> Dict[str, str]:
    """``"METHOD /api/v2/..."`` -> the response_type the SDK deserializes into ("" = none).

    Parsed from the generated ``apis/*.py``: each operation method sets
    ``resource_path = '<template>'`` and calls ``call_api(resource_path, '<METHOD>', ...,
    response_type=...)``.
    """
    apis_dir = os.path.join(os.path.dirname(PureCloudPlatformClientV2.__file__), "apis")
    pattern = re.compile(
        r"resource_path = '([^']+)'.*?call_api\(resource_path, '([A-Z]+)'.*?"
        r"response_type=(None|'[^']*')", re.S)
    found: Dict[str, str] = {}
    for name in sorted(os.listdir(apis_dir)):
        if not name.endswith(".py"):
            continue
        with open(os.path.join(apis_dir, name), encoding="utf-8") as handle:
            text = handle.read()
        for template, method, response_type in pattern.findall(text):
            found["%s %s" % (method, template)] = response_type.strip("'") \
                if response_type != "None" else ""
    return found


_ENUM_CACHE: Dict[Tuple[type, str], Optional[List[str]]] = {}
_ALLOWED = re.compile(r"allowed_values = (\[.*?\])", re.S)


def allowed_values(model: type, attr: str) -> Optional[List[str]]:
    """The ``allowed_values`` list of a model attribute's setter, None when not an enum."""
    key = (model, attr)
    if key not in _ENUM_CACHE:
        prop = getattr(model, attr, None)
        values = None
        if isinstance(prop, property) and prop.fset is not None:
            found = _ALLOWED.search(inspect.getsource(prop.fset))
            if found:
                values = ast.literal_eval(found.group(1))
        _ENUM_CACHE[key] = values
    return _ENUM_CACHE[key]


def model_class(klass: str) -> type:
    model = getattr(sdk_models, klass, None)
    if model is None:
        raise SetupError("the SDK has no model %s" % klass)
    return model


# ---------------------------------------------------------------------------
# Checking one JSON body against one SDK type

class Finding:
    def __init__(self, kind: str, path: str, detail: str, model: str):
        self.kind = kind
        self.path = path
        self.detail = detail
        self.model = model

    def as_dict(self) -> Dict[str, str]:
        return {"kind": self.kind, "path": self.path, "detail": self.detail,
                "model": self.model}


class Checker:
    """Walks a JSON value beside the SDK type it must deserialize into."""

    def __init__(self, api_client: Any):
        self.api_client = api_client
        self.models_seen: Dict[str, int] = {}       # model name -> objects checked
        self.model_findings: Dict[str, int] = {}    # model name -> findings
        self.fields_checked = 0                     # JSON keys compared with a model
        self.keys_seen: Dict[str, set] = {}         # model name -> JSON keys answered

    def check(self, data: Any, klass: str) -> List[Finding]:
        findings: List[Finding] = []
        self._walk(data, klass, "$", klass, findings)
        flagged = [f.path for f in findings]
        try:
            # The SDK's own deserializer (name-mangled private method).
            obj = self.api_client._ApiClient__deserialize(data, klass)
            again = self.api_client.sanitize_for_serialization(obj)
        except Exception as exc:   # any failure of the SDK is a finding
            findings.append(Finding("parse-error", "$", "%s: %s" % (type(exc).__name__, exc),
                                    klass))
            return findings
        for path, detail in self._differences(data, again, klass, "$"):
            if not any(path == p or path.startswith(p + ".") or path.startswith(p + "[")
                       for p in flagged):
                findings.append(Finding("roundtrip", path, detail, klass))
        return findings

    # -- structural walk ------------------------------------------------------
    def _walk(self, data: Any, klass: str, path: str, owner: str,
              out: List[Finding]) -> None:
        if data is None:
            return
        if klass.startswith("list["):
            if not isinstance(data, list):
                self._add(out, "type", path, "expected a JSON array (%s), got %s"
                          % (klass, _json_type(data)), owner)
                return
            inner = klass[5:-1]
            for index, item in enumerate(data):
                self._walk(item, inner, "%s[%d]" % (path, index), owner, out)
            return
        if klass.startswith("dict("):
            if not isinstance(data, dict):
                self._add(out, "type", path, "expected a JSON object (%s), got %s"
                          % (klass, _json_type(data)), owner)
                return
            inner = re.match(r"dict\(([^,]*), (.*)\)", klass).group(2)
            for key, value in data.items():
                self._walk(value, inner, "%s.%s" % (path, key), owner, out)
            return
        if klass in PRIMITIVES:
            problem = _primitive_problem(data, klass)
            if problem:
                self._add(out, "type", path, problem, owner)
            return
        self._walk_model(data, klass, path, out)

    def _walk_model(self, data: Any, klass: str, path: str, out: List[Finding]) -> None:
        model = model_class(klass)
        self.models_seen[klass] = self.models_seen.get(klass, 0) + 1
        if not isinstance(data, dict):
            self._add(out, "type", path, "expected a JSON object (%s), got %s"
                      % (klass, _json_type(data)), klass)
            return
        instance = model()
        by_json = {json_key: attr for attr, json_key in instance.attribute_map.items()}
        self.keys_seen.setdefault(klass, set()).update(data)
        for key, value in data.items():
            self.fields_checked += 1
            where = "%s.%s" % (path, key)
            attr = by_json.get(key)
            if attr is None:
                self._add(out, "unknown-key", where, "%s has no field [%s]" % (klass, key), klass)
                continue
            if value is None:
                self._add(out, "null", where, "null value (dropped by the SDK)", klass)
                continue
            attr_type = instance.swagger_types[attr]
            allowed = allowed_values(model, attr)
            if allowed is not None and isinstance(value, str):
                if value not in allowed:
                    lowered = [item.lower() for item in allowed]
                    kind = "enum-case" if value.lower() in lowered else "enum"
                    self._add(out, kind, where, "[%s] not in %s" % (value, allowed), klass)
                    continue
            self._walk(value, attr_type, where, klass, out)

    def unseen_fields(self, klass: str) -> List[str]:
        """Fields of a model that no checked answer carried (emulator coverage)."""
        declared = model_class(klass)().attribute_map.values()
        return sorted(set(declared) - self.keys_seen.get(klass, set()))

    def _add(self, out: List[Finding], kind: str, path: str, detail: str, model: str) -> None:
        out.append(Finding(kind, path, detail, model))
        self.model_findings[model] = self.model_findings.get(model, 0) + 1

    # -- round trip comparison -------------------------------------------------
    def _differences(self, original: Any, again: Any, klass: str,
                     path: str) -> List[Tuple[str, str]]:
        if original is None:
            return []
        if klass in ("datetime", "LocalDateTime") and isinstance(original, str):
            if isinstance(again, str) and _same_instant(original, again):
                return []
            return [(path, "datetime %r came back as %r" % (original, again))]
        if isinstance(original, dict):
            if not isinstance(again, dict):
                return [(path, "object came back as %s" % _json_type(again))]
            out = []
            sub_types = self._sub_types(klass)
            for key, value in original.items():
                where = "%s.%s" % (path, key)
                if key not in again:
                    out.append((where, "key lost"))
                    continue
                out.extend(self._differences(value, again[key], sub_types(key), where))
            return out
        if isinstance(original, list):
            if not isinstance(again, list) or len(again) != len(original):
                return [(path, "array came back as %r" % (again,))]
            inner = klass[5:-1] if klass.startswith("list[") else "object"
            out = []
            for index, (item, item_again) in enumerate(zip(original, again)):
                out.extend(self._differences(item, item_again, inner,
                                             "%s[%d]" % (path, index)))
            return out
        if original != again or type(original) is bool and type(again) is not bool:
            return [(path, "%r came back as %r" % (original, again))]
        return []

    def _sub_types(self, klass: str) -> Callable[[str], str]:
        if klass.startswith("dict("):
            inner = re.match(r"dict\(([^,]*), (.*)\)", klass).group(2)
            return lambda key: inner
        if klass in PRIMITIVES or klass.startswith("list["):
            return lambda key: "object"
        instance = model_class(klass)()
        by_json = {json_key: instance.swagger_types[attr]
                   for attr, json_key in instance.attribute_map.items()}
        return lambda key: by_json.get(key, "object")


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number %r" % (value,)
    if isinstance(value, str):
        return "string %r" % (value[:40],)
    if isinstance(value, list):
        return "array"
    return "object"


def _primitive_problem(value: Any, klass: str) -> Optional[str]:
    """Why a JSON value does not fit an SDK primitive type, None when it fits."""
    if klass == "object":
        return None
    if klass == "str":
        return None if isinstance(value, str) else "expected a string, got %s" % _json_type(value)
    if klass == "bool":
        return None if isinstance(value, bool) else \
            "expected a boolean, got %s" % _json_type(value)
    if klass == "int":
        if isinstance(value, int) and not isinstance(value, bool):
            return None
        return "expected an integer, got %s" % _json_type(value)
    if klass == "float":
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return None
        return "expected a number, got %s" % _json_type(value)
    if not isinstance(value, str):
        return "expected an ISO-8601 %s string, got %s" % (klass, _json_type(value))
    try:
        isoparse(value)
    except (ValueError, OverflowError):
        return "not an ISO-8601 %s: %r" % (klass, value)
    if klass == "datetime" and not PLATFORM_DATETIME.match(value):
        # The models document "yyyy-MM-ddTHH:mm:ss[.mmm]Z" for every date-time field.
        return "not in the platform form yyyy-MM-ddTHH:mm:ss[.mmm]Z: %r" % (value,)
    return None


def _same_instant(first: str, second: str) -> bool:
    try:
        return isoparse(first) == isoparse(second)
    except (ValueError, OverflowError, TypeError):
        return False


# ---------------------------------------------------------------------------
# Self-test: the checker must flag each kind of defect (run before every check)

SELF_TEST_CASES: Tuple[Tuple[str, str, Any, str], ...] = (
    # (expected kind, model, document, path of the finding)
    ("unknown-key", "Queue", {"id": "q", "colour": "red"}, "$.colour"),
    ("unknown-key", "Queue", {"mediaSettings": {"call": {"ringTone": 1}}},
     "$.mediaSettings.call.ringTone"),
    ("type", "Queue", {"memberCount": "3"}, "$.memberCount"),
    ("type", "Queue", {"memberCount": 2.5}, "$.memberCount"),
    ("type", "Queue", {"autoAnswerOnly": "false"}, "$.autoAnswerOnly"),
    ("type", "Queue", {"name": {"text": "x"}}, "$.name"),
    ("type", "Queue", {"routingRules": {"operator": "ANY"}}, "$.routingRules"),
    ("type", "Queue", {"division": "home"}, "$.division"),
    ("type", "Queue", {"dateCreated": "2024-01-15 09:00"}, "$.dateCreated"),
    ("type", "Queue", {"dateCreated": "2024-01-15T09:00:00"}, "$.dateCreated"),
    ("enum", "Queue", {"scoringMethod": "Fastest"}, "$.scoringMethod"),
    ("enum-case", "Queue", {"skillEvaluationMethod": "all"}, "$.skillEvaluationMethod"),
    ("enum", "QueueMemberEntityListing",
     {"entities": [{"routingStatus": {"status": "BUSY"}}]}, "$.entities[0].routingStatus.status"),
    ("null", "WrapupCode", {"id": "w", "description": None}, "$.description"),
    ("parse-error", "Queue", {"dateCreated": "yesterday"}, "$"),
)


def self_test() -> List[str]:
    """What the checker failed to flag (empty when it works)."""
    problems = []
    checker = Checker(PureCloudPlatformClientV2.ApiClient())
    for kind, klass, document, path in SELF_TEST_CASES:
        found = [(f.kind, f.path) for f in checker.check(document, klass)]
        if (kind, path) not in found:
            problems.append("%s at %s in %s %s (got %s)" % (kind, path, klass,
                                                            json.dumps(document), found))
    clean = {"id": "q", "name": "Q", "memberCount": 2, "dateCreated": "2024-01-15T09:00:00.000Z",
             "skillEvaluationMethod": "ALL", "mediaSettings": {"call": {
                 "serviceLevel": {"percentage": 1, "durationMs": 20000}}}}
    if checker.check(clean, "Queue"):
        problems.append("a clean Queue was flagged: %s"
                        % [f.as_dict() for f in checker.check(clean, "Queue")])
    records = [Recorded("GET /api/v2/routing/queues/{queueId}", "no body", 204, None),
               Recorded("DELETE /api/v2/routing/queues/{queueId}", "body", 200, {"id": "q"}),
               Recorded("GET /api/v2/not/in/the/sdk", "not sdk", 200, {})]
    kinds = [[f.kind for f in findings] for _, _, findings in check_records(records, checker)]
    if kinds != [["no-body"], ["no-model"], ["no-model"]]:
        problems.append("body presence checks gave %s" % kinds)
    return problems


# ---------------------------------------------------------------------------
# The emulator process and an API client

class EmulatorProcess:
    def __init__(self, executable: str, *extra_args: str):
        if not os.path.exists(executable):
            raise SetupError("no emulator at %s (create the repo venv first)" % executable)
        self.proc = subprocess.Popen([executable, "--port", "0", "--seed", "demo"]
                                     + list(extra_args),
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline()
        found = SERVING.search(line)
        if not found:
            self.stop()
            raise SetupError("the emulator did not start: %r %s" % (line, self.stderr()))
        self.url = found.group(1)

    def stderr(self) -> str:
        try:
            return self.proc.stderr.read() if self.proc.poll() is not None else ""
        except (OSError, ValueError):
            return ""

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


class Api:
    def __init__(self, base_url: str):
        self.base_url = base_url
        self.session = requests.Session()
        basic = base64.b64encode(("%s:%s" % (CLIENT_ID, CLIENT_SECRET)).encode()).decode()
        response = self.session.post(base_url + "/oauth/token",
                                     headers={"Authorization": "Basic " + basic},
                                     data={"grant_type": "client_credentials"}, timeout=30)
        if response.status_code != 200:
            raise SetupError("token request failed: %s %s" % (response.status_code,
                                                              response.text))
        self.session.headers["Authorization"] = "Bearer " + response.json()["access_token"]

    def call(self, method: str, path: str, body: Any = None,
             params: Optional[Dict[str, Any]] = None,
             headers: Optional[Dict[str, str]] = None,
             raw: Optional[bytes] = None) -> requests.Response:
        if raw is not None:
            return self.session.request(method, self.base_url + path, data=raw, params=params,
                                        headers=headers, timeout=30)
        return self.session.request(method, self.base_url + path, json=body, params=params,
                                    headers=headers, timeout=30)


# ---------------------------------------------------------------------------
# The calls: every listing and get, and the write responses

class Recorded:
    """One answered call: what was asked, what came back, what it is checked against."""

    def __init__(self, operation: str, label: str, status: int, data: Any,
                 model: Optional[str] = None):
        self.operation = operation
        self.label = label
        self.status = status
        self.data = data
        self.model = model          # None: the SDK's response type for ``operation``


class Recorder:
    """Runs calls and keeps every answer for checking."""

    def __init__(self, api: Api):
        self.api = api
        self.records: List[Recorded] = []

    def _send(self, method: str, template: str, body: Any, params: Optional[Dict[str, Any]],
              path_params: Dict[str, str], headers: Optional[Dict[str, str]] = None,
              raw: Optional[bytes] = None) -> requests.Response:
        path = template
        for name, value in path_params.items():
            path = path.replace("{%s}" % name, value)
        return self.api.call(method, path, body, params, headers=headers, raw=raw)

    def __call__(self, method: str, template: str, label: str = "",
                 body: Any = None, params: Optional[Dict[str, Any]] = None,
                 **path_params: str) -> Any:
        """A call that must succeed; its body (or its lack of one) is checked."""
        response = self._send(method, template, body, params, path_params)
        if response.status_code >= 300:
            raise SetupError("%s %s answered %s: %s" % (method, template, response.status_code,
                                                       response.text[:500]))
        data = response.json() if response.content else None
        operation = "%s %s" % (method, template)
        self.records.append(Recorded(operation, _label(operation, label),
                                     response.status_code, data))
        return data

    def error(self, status: int, method: str, template: str, label: str,
              body: Any = None, params: Optional[Dict[str, Any]] = None,
              headers: Optional[Dict[str, str]] = None, raw: Optional[bytes] = None,
              **path_params: str) -> None:
        """A call that must fail with ``status``; its body must be an ErrorBody."""
        response = self._send(method, template, body, params, path_params, headers, raw)
        if response.status_code != status:
            raise SetupError("%s %s (%s) answered %s, expected %s: %s" % (
                method, template, label, response.status_code, status, response.text[:300]))
        operation = "%s %s" % (method, template)
        data = response.json() if response.content else None
        self.records.append(Recorded(operation, "%s -> %d %s" % (operation, status, label),
                                     status, data, model="ErrorBody"))

    def extra(self, label: str, data: Any, model: str) -> None:
        """A JSON document that is not an API answer (e.g. a delivered event)."""
        self.records.append(Recorded("-", label, 200, data, model=model))


def _label(operation: str, label: str) -> str:
    return operation + ((" " + label) if label else "")


def by_name(listing: Dict[str, Any], name: str) -> Dict[str, Any]:
    for entity in listing["entities"]:
        if entity["name"] == name:
            return entity
    raise SetupError("no entity named %r in the listing" % name)


def writable_queue(queue: Dict[str, Any], name: str) -> Dict[str, Any]:
    """A QueueRequest body from a Queue as read (read-only fields dropped)."""
    body = {key: value for key, value in queue.items()
            if key not in ("id", "selfUri", "memberCount", "userMemberCount",
                           "joinedMemberCount", "dateCreated", "dateModified", "createdBy",
                           "modifiedBy")}
    body["name"] = name
    return body


Q = "/api/v2/routing/queues"
EVENTBRIDGE = "amazon-eventbridge-source"
AUDIT_FILTER = "v2.audits.entitytype.{id}.entityid.{id}"
WORKFLOW_ID = "2f3c0b6a-7d7e-4a43-8a3b-9e1b8f0f4c11"
ALL_OBSERVATION_METRICS = ["oActiveUsers", "oAlerting", "oInteracting", "oLongestInteracting",
                           "oLongestWaiting", "oMemberUsers", "oOffQueueUsers", "oOnQueueUsers",
                           "oUserPresences", "oUserRoutingStatuses", "oWaiting"]


def exercise(call: Recorder) -> Dict[str, Any]:
    """Every listing, get and write of the routing subset, on the demo seed's objects.

    Returns the ids it found or made (``ctx``) for the later rounds.
    """
    ctx: Dict[str, Any] = {}
    for step in (_directory, _skills, _wrapup_codes, _skill_groups, _queues, _utilization,
                 _triggers, _integrations, _analytics, _audits, exercise_task_management,
                 _deletes, _errors):
        step(call, ctx)
    return ctx


def _directory(call: Recorder, ctx: Dict[str, Any]) -> None:
    divisions = call("GET", "/api/v2/authorization/divisions", params={"pageSize": 100})
    call("GET", "/api/v2/authorization/divisions/home")
    ctx["division"] = by_name(divisions, "Support")["id"]
    call("GET", "/api/v2/authorization/divisions/{divisionId}", "(objectCount)",
         divisionId=ctx["division"], params={"objectCount": "true"})
    users = call("GET", "/api/v2/users", params={"pageSize": 100})
    call("GET", "/api/v2/users", "(expand)",
         params={"pageSize": 5, "expand": "routingStatus,presence,skills,languages"})
    ctx["users"] = [user["id"] for user in users["entities"] if user.get("state") == "active"]
    call("GET", "/api/v2/users/{userId}", userId=ctx["users"][0])
    groups = call("GET", "/api/v2/groups")
    ctx["group"] = groups["entities"][0]["id"]
    call("GET", "/api/v2/groups/{groupId}", groupId=groups["entities"][0]["id"])
    call("GET", "/api/v2/groups/{groupId}/members", groupId=groups["entities"][0]["id"])
    teams = call("GET", "/api/v2/teams")
    call("GET", "/api/v2/teams/{teamId}", teamId=teams["entities"][0]["id"])
    call("GET", "/api/v2/teams/{teamId}/members", teamId=teams["entities"][0]["id"])


def _skills(call: Recorder, ctx: Dict[str, Any]) -> None:
    skills = call("GET", "/api/v2/routing/skills", params={"pageSize": 100})
    ctx["skill"] = skills["entities"][0]
    call("GET", "/api/v2/routing/skills/{skillId}", skillId=ctx["skill"]["id"])
    new_skill = call("POST", "/api/v2/routing/skills", body={"name": "Conformance skill"})
    call("PATCH", "/api/v2/routing/skills/{skillId}", skillId=new_skill["id"],
         body={"divisionId": ctx["division"]})
    call("DELETE", "/api/v2/routing/skills/{skillId}", skillId=new_skill["id"])
    call("GET", "/api/v2/routing/skills/{skillId}", "(deleted)", skillId=new_skill["id"])
    languages = call("GET", "/api/v2/routing/languages")
    ctx["language"] = languages["entities"][0]
    call("GET", "/api/v2/routing/languages/{languageId}", languageId=ctx["language"]["id"])
    ctx["new_language"] = call("POST", "/api/v2/routing/languages",
                               body={"name": "Conformance language"})["id"]
    user_id = ctx["users"][0]
    call("GET", "/api/v2/users/{userId}/routingskills", userId=user_id)
    call("POST", "/api/v2/users/{userId}/routingskills", userId=user_id,
         body={"id": ctx["skill"]["id"], "proficiency": 3.5})
    call("PUT", "/api/v2/users/{userId}/routingskills/bulk", userId=user_id,
         body=[{"id": ctx["skill"]["id"], "proficiency": 4}])
    call("DELETE", "/api/v2/users/{userId}/routingskills/{skillId}", userId=user_id,
         skillId=ctx["skill"]["id"])


def _wrapup_codes(call: Recorder, ctx: Dict[str, Any]) -> None:
    codes = call("GET", "/api/v2/routing/wrapupcodes", params={"pageSize": 100})
    call("GET", "/api/v2/routing/wrapupcodes/{codeId}", codeId=codes["entities"][0]["id"])
    code = call("POST", "/api/v2/routing/wrapupcodes",
                body={"name": "Conformance code", "description": "created by the check",
                      "division": {"id": ctx["division"]}})
    call("PUT", "/api/v2/routing/wrapupcodes/{codeId}", codeId=code["id"],
         body={"name": "Conformance code 2", "description": "renamed",
               "division": {"id": ctx["division"]}})
    ctx["code"] = code["id"]


def _skill_groups(call: Recorder, ctx: Dict[str, Any]) -> None:
    listing = call("GET", "/api/v2/routing/skillgroups")
    group_id = listing["entities"][0]["id"]
    ctx["skill_group_probe"] = group_id
    call("GET", "/api/v2/routing/skillgroups/{skillGroupId}", skillGroupId=group_id)
    call("GET", "/api/v2/routing/skillgroups/{skillGroupId}/members", skillGroupId=group_id)
    call("GET", "/api/v2/routing/skillgroups/{skillGroupId}/members/divisions",
         skillGroupId=group_id)
    created = call("POST", "/api/v2/routing/skillgroups", body={
        "name": "Conformance group", "description": "created by the check",
        "division": {"id": ctx["division"]}, "memberDivisions": [ctx["division"]],
        "skillConditions": [{"operation": "Or", "routingSkillConditions": [
            {"routingSkill": ctx["skill"]["name"], "comparator": "GreaterThan",
             "proficiency": 1, "childConditions": []}],
            "languageSkillConditions": [{"languageSkill": ctx["language"]["name"],
                                         "comparator": "GreaterThanOrEqualTo",
                                         "proficiency": 2}]}]})
    call("PATCH", "/api/v2/routing/skillgroups/{skillGroupId}",
         skillGroupId=created["id"], body={"description": "patched"})
    call("POST", "/api/v2/routing/skillgroups/{skillGroupId}/members/divisions",
         skillGroupId=created["id"], body={"addDivisionIds": ["*"], "removeDivisionIds": []})
    ctx["skill_group"] = created["id"]


def _queues(call: Recorder, ctx: Dict[str, Any]) -> None:
    queues = call("GET", Q, params={"pageSize": 100})
    ctx["queues"] = [queue["id"] for queue in queues["entities"]]
    support = by_name(queues, "Support")
    ctx["support"] = support["id"]
    call("GET", Q + "/{queueId}", queueId=support["id"])
    created = call("POST", Q, body=writable_queue(support, "Conformance queue"))
    call("PUT", Q + "/{queueId}", queueId=created["id"],
         body=writable_queue(created, "Conformance queue renamed"))
    call("POST", Q, "(sourceQueueId)",
         body={"name": "Conformance copy", "sourceQueueId": support["id"]})
    members = call("GET", Q + "/{queueId}/members", queueId=support["id"],
                   params={"pageSize": 100})
    call("GET", Q + "/{queueId}/members", "(expand)", queueId=support["id"],
         params={"expand": "routingStatus,presence"})
    member = members["entities"][0]["id"]
    call("PATCH", Q + "/{queueId}/members", queueId=support["id"],
         body=[{"id": member, "joined": False}])
    call("PATCH", Q + "/{queueId}/members/{memberId}", queueId=support["id"], memberId=member,
         body={"joined": True})
    plain = call("POST", Q, "(name only)", body={"name": "Conformance plain"})
    direct = ctx["users"][-1]
    call("POST", Q + "/{queueId}/members", queueId=plain["id"], body=[{"id": direct}])
    call("GET", Q + "/{queueId}/members", "(direct member)", queueId=plain["id"])
    call("DELETE", Q + "/{queueId}/members/{memberId}", queueId=plain["id"], memberId=direct)
    call("GET", Q + "/{queueId}/wrapupcodes", queueId=support["id"])
    call("POST", Q + "/{queueId}/wrapupcodes", queueId=created["id"],
         body=[{"id": ctx["code"]}])
    call("DELETE", Q + "/{queueId}/wrapupcodes/{codeId}", queueId=created["id"],
         codeId=ctx["code"])
    call("POST", "/api/v2/authorization/divisions/{divisionId}/objects/{objectType}",
         divisionId=ctx["division"], objectType="QUEUE", body=[created["id"]])
    ctx["queue"] = created["id"]


def _utilization(call: Recorder, ctx: Dict[str, Any]) -> None:
    call("GET", "/api/v2/routing/utilization")
    call("PUT", "/api/v2/routing/utilization", body={"utilization": {
        "call": {"maximumCapacity": 1, "interruptableMediaTypes": ["email"],
                 "includeNonAcd": True},
        "chat": {"maximumCapacity": 3}}})
    call("DELETE", "/api/v2/routing/utilization")


def _triggers(call: Recorder, ctx: Dict[str, Any]) -> None:
    call("GET", "/api/v2/processautomation/triggers/topics")
    trigger = call("POST", "/api/v2/processautomation/triggers", body={
        "name": "Conformance trigger", "topicName": "v2.users.{id}.activity",
        "target": {"type": "Workflow", "id": WORKFLOW_ID,
                   "workflowTargetSettings": {"dataFormat": "Json"}},
        "enabled": True, "description": "created by the check", "eventTTLSeconds": 60,
        "matchCriteria": [{"jsonPath": "routingStatus.status", "operator": "Equal",
                           "value": "OFF_QUEUE"},
                          {"jsonPath": "presence.presenceDefinition.systemPresence",
                           "operator": "In", "values": ["AWAY", "BREAK"]}]})
    call("GET", "/api/v2/processautomation/triggers")
    call("GET", "/api/v2/processautomation/triggers/{triggerId}", triggerId=trigger["id"])
    update = {key: trigger[key] for key in ("name", "topicName", "target", "enabled",
                                            "matchCriteria", "version")}
    update.update(delayBySeconds=120, description="updated by the check")
    call("PUT", "/api/v2/processautomation/triggers/{triggerId}", triggerId=trigger["id"],
         body=update)
    ctx["trigger"] = trigger


def _integrations(call: Recorder, ctx: Dict[str, Any]) -> None:
    call("GET", "/api/v2/organizations/me")
    call("GET", "/api/v2/integrations/types")
    call("GET", "/api/v2/integrations/types/{typeId}", typeId=EVENTBRIDGE)
    for config_type in ("properties", "advanced"):
        call("GET", "/api/v2/integrations/types/{typeId}/configschemas/{configType}",
             "(%s)" % config_type, typeId=EVENTBRIDGE, configType=config_type)
    integration = call("POST", "/api/v2/integrations", body={
        "name": "Conformance bridge", "integrationType": {"id": EVENTBRIDGE}})
    config = call("GET", "/api/v2/integrations/{integrationId}/config/current",
                  integrationId=integration["id"])
    call("PUT", "/api/v2/integrations/{integrationId}/config/current",
         integrationId=integration["id"], body={
             "name": "Conformance bridge", "version": config["version"], "notes": "check",
             "properties": {"awsAccountId": "123456789012", "awsAccountRegion": "eu-west-1",
                            "eventSourceSuffix": "conformance", "eventFilter": [AUDIT_FILTER]},
             "advanced": {}, "credentials": {}})
    call("PATCH", "/api/v2/integrations/{integrationId}", integrationId=integration["id"],
         body={"intendedState": "ENABLED"})
    call("GET", "/api/v2/integrations/{integrationId}", integrationId=integration["id"])
    call("GET", "/api/v2/integrations/{integrationId}", "(expand)",
         integrationId=integration["id"], params={"expand": "config.current"})
    call("GET", "/api/v2/integrations")
    ctx["integration"] = integration["id"]


def _analytics(call: Recorder, ctx: Dict[str, Any]) -> None:
    by_queue = [{"type": "dimension", "dimension": "queueId", "operator": "matches",
                 "value": queue_id} for queue_id in ctx["queues"]]
    call("POST", "/api/v2/analytics/queues/observations/query", body={
        "filter": {"type": "or", "predicates": by_queue},
        "metrics": ALL_OBSERVATION_METRICS, "detailMetrics": ["oWaiting", "oInteracting"]})
    call("POST", "/api/v2/analytics/queues/observations/query", "(by media type)", body={
        "filter": {"type": "and", "clauses": [
            {"type": "or", "predicates": by_queue},
            {"type": "or", "predicates": [{"dimension": "mediaType", "value": media}
                                          for media in ("voice", "chat", "email")]}]},
        "metrics": ALL_OBSERVATION_METRICS})
    call("POST", "/api/v2/analytics/conversations/aggregates/query", body={
        "interval": "2026-01-05T00:00:00.000Z/2026-01-06T00:00:00.000Z",
        "granularity": "PT6H", "groupBy": ["queueId", "mediaType"],
        "filter": {"type": "or", "predicates": [
            {"type": "dimension", "dimension": "queueId", "operator": "matches",
             "value": ctx["support"]}]},
        "metrics": ["nOffered", "nConnected", "tAnswered", "tAbandon", "tHandle", "tTalk",
                    "tAcw", "tWait", "oServiceLevel"]})
    call("POST", "/api/v2/analytics/conversations/aggregates/query", "(no groupBy)", body={
        "interval": "2026-01-05T00:00:00.000Z/2026-01-06T00:00:00.000Z",
        "metrics": ["nOffered", "tHandle", "oServiceLevel"]})


def _audits(call: Recorder, ctx: Dict[str, Any]) -> None:
    call("POST", "/api/v2/audits/query/realtime", body={
        "interval": "2020-01-01T00:00:00.000Z/2100-01-01T00:00:00.000Z",
        "serviceName": "Routing", "filters": [{"property": "EntityType", "value": "Queue"}]})
    # The audit events the emulator publishes (EventBridge delivery, triggers).
    events = call.api.call("GET", "/__emulator/events").json()["entities"]
    if not events:
        raise SetupError("the emulator recorded no audit events")
    for record in events:
        body = record["eventBody"]
        call.extra("event %s %s" % (body.get("entityType"), body.get("action")), body,
                   "AuditTopicAuditLogMessage")


def _deletes(call: Recorder, ctx: Dict[str, Any]) -> None:
    call("DELETE", "/api/v2/integrations/{integrationId}", integrationId=ctx["integration"])
    call("DELETE", "/api/v2/processautomation/triggers/{triggerId}",
         triggerId=ctx["trigger"]["id"])
    call("DELETE", Q + "/{queueId}", queueId=ctx["queue"])
    call("DELETE", "/api/v2/routing/skillgroups/{skillGroupId}",
         skillGroupId=ctx["skill_group"])
    call("DELETE", "/api/v2/routing/wrapupcodes/{codeId}", codeId=ctx["code"])
    call("DELETE", "/api/v2/routing/languages/{languageId}", languageId=ctx["new_language"])


def _errors(call: Recorder, ctx: Dict[str, Any]) -> None:
    missing = "00000000-0000-0000-0000-000000000000"
    call.error(404, "GET", Q + "/{queueId}", "(unknown queue)", queueId=missing)
    call.error(400, "POST", Q, "(no name)", body={"description": "nameless"})
    call.error(400, "POST", Q, "(bad enum)", body={
        "name": "Bad mode", "mediaSettings": {"callback": {"mode": ""}}})
    call.error(400, "GET", Q, "(pageSize too big)", params={"pageSize": 10000})
    stale = dict((key, ctx["trigger"][key]) for key in ("name", "topicName", "target",
                                                        "enabled"))
    trigger = call("POST", "/api/v2/processautomation/triggers", "(for a stale PUT)",
                   body=dict(stale, name="Conformance stale"))
    call.error(409, "PUT", "/api/v2/processautomation/triggers/{triggerId}", "(stale version)",
               triggerId=trigger["id"], body=dict(stale, version=trigger["version"] + 5))
    call.error(401, "GET", Q, "(bad token)", headers={"Authorization": "Bearer nope"})
    call.error(404, "GET", "/api/v2/routing/nosuchthing", "(unknown path)")
    call.error(405, "PATCH", Q, "(method not allowed)", body={})
    call.error(400, "POST", Q, "(malformed JSON)", raw=b"{not json",
               headers={"Content-Type": "application/json"})
    call.error(415, "POST", Q, "(not JSON)", raw=b"name=x",
               headers={"Content-Type": "application/x-www-form-urlencoded"})
    call.error(413, "POST", Q, "(too large)", body={"name": "x" * (2 * 1024 * 1024)})
    for status in ("429", "500", "502", "503", "504"):
        call.api.call("PUT", "/__emulator/faults", {"probability": 1, "kinds": [status],
                                                     "count": 1})
        call.error(int(status), "GET", "/api/v2/routing/skills", "(injected fault)")
    call.api.call("PUT", "/__emulator/faults", {"probability": 0})


# ---------------------------------------------------------------------------
# The SDK as the client: request models serialized by the SDK, answers parsed by it

class SdkClientRound:
    """Drives the emulator through the SDK's own API classes (its HTTP path end to end).

    This proves what the raw check cannot: the emulator accepts the JSON the SDK
    serializes from its request models, and the SDK's HTTP handling (token call,
    status codes, empty bodies) works against the emulator.
    """

    def __init__(self, base_url: str):
        self.client = PureCloudPlatformClientV2.ApiClient(host=base_url)
        self.client.get_client_credentials_token(CLIENT_ID, CLIENT_SECRET)
        self.results: List[Tuple[str, Optional[str]]] = []   # (label, error or None)

    def model(self, klass: str, data: Any) -> Any:
        """An SDK request model built from JSON, as a user of the SDK would hold it."""
        return self.client._ApiClient__deserialize(data, klass)

    def step(self, label: str, action: Callable[[], Any], expect_model: bool = True) -> Any:
        try:
            result = action()
        except Exception as exc:   # an SDK exception is exactly what this reports
            detail = getattr(exc, "body", None) or str(exc)
            self.results.append((label, "%s: %s" % (type(exc).__name__, str(detail)[:300])))
            return None
        if expect_model and result is None:
            self.results.append((label, "the SDK returned None"))
            return None
        self.results.append((label, None))
        return result

    def run(self) -> List[Tuple[str, Optional[str]]]:
        sdk = PureCloudPlatformClientV2
        routing = sdk.RoutingApi(self.client)
        users = sdk.UsersApi(self.client)
        step = self.step
        divisions = step("AuthorizationApi.get_authorization_divisions",
                         lambda: sdk.AuthorizationApi(self.client).get_authorization_divisions(
                             page_size=100))
        division = next(d.id for d in divisions.entities if d.name == "Support")
        user_list = step("UsersApi.get_users", lambda: users.get_users(page_size=100))
        user_id = next(u.id for u in user_list.entities if u.state == "active")
        step("UsersApi.get_user", lambda: users.get_user(user_id))
        step("GroupsApi.get_groups", lambda: sdk.GroupsApi(self.client).get_groups())
        step("TeamsApi.get_teams", lambda: sdk.TeamsApi(self.client).get_teams())
        skills = step("RoutingApi.get_routing_skills",
                      lambda: routing.get_routing_skills(page_size=100))
        skill = step("RoutingApi.post_routing_skills", lambda: routing.post_routing_skills(
            self.model("CreateRoutingSkill", {"name": "SDK skill"})))
        step("RoutingApi.patch_routing_skill", lambda: routing.patch_routing_skill(
            skill.id, self.model("UpdateSkillDivisionRequest", {"divisionId": division})))
        step("RoutingApi.delete_routing_skill", lambda: routing.delete_routing_skill(skill.id),
             expect_model=False)
        languages = step("RoutingApi.get_routing_languages",
                         lambda: routing.get_routing_languages())
        step("UsersApi.post_user_routingskills", lambda: users.post_user_routingskills(
            user_id, self.model("UserRoutingSkillPost",
                                {"id": skills.entities[0].id, "proficiency": 2.5})))
        step("UsersApi.put_user_routingskills_bulk", lambda: users.put_user_routingskills_bulk(
            user_id, [self.model("UserRoutingSkillPost",
                                 {"id": skills.entities[0].id, "proficiency": 3})]))
        code = step("RoutingApi.post_routing_wrapupcodes", lambda: routing.post_routing_wrapupcodes(
            self.model("WrapupCodeRequest", {"name": "SDK code", "division": {"id": division}})))
        step("RoutingApi.put_routing_wrapupcode", lambda: routing.put_routing_wrapupcode(
            code.id, self.model("WrapupCodeRequest", {"name": "SDK code 2",
                                                      "description": "via the SDK"})))
        group_body = {
            "name": "SDK group", "division": {"id": division},
            "skillConditions": [{"operation": "And", "routingSkillConditions": [
                {"routingSkill": skills.entities[0].name, "comparator": "GreaterThan",
                 "proficiency": 0}], "languageSkillConditions": [
                {"languageSkill": languages.entities[0].name, "comparator": "EqualTo",
                 "proficiency": 3}]}]}
        group = step("RoutingApi.post_routing_skillgroups",
                     lambda: routing.post_routing_skillgroups(
                         self.model("SkillGroupWithMemberDivisions", group_body)))
        step("RoutingApi.patch_routing_skillgroup", lambda: routing.patch_routing_skillgroup(
            group.id, self.model("SkillGroup", {
                "name": "SDK group 2",
                "skillConditions": self.client.sanitize_for_serialization(
                    group.skill_conditions)})))
        step("RoutingApi.get_routing_skillgroup_members",
             lambda: routing.get_routing_skillgroup_members(group.id))
        queues = step("RoutingApi.get_routing_queues",
                      lambda: routing.get_routing_queues(page_size=100))
        support = next(q for q in queues.entities if q.name == "Support")
        support_json = self.client.sanitize_for_serialization(support)
        created = step("RoutingApi.post_routing_queues", lambda: routing.post_routing_queues(
            self.model("CreateQueueRequest", dict(support_json, name="SDK queue"))))
        # Read-modify-write with read-only fields left in, as [TF] does.
        step("RoutingApi.put_routing_queue", lambda: routing.put_routing_queue(
            created.id, self.model("QueueRequest", dict(
                self.client.sanitize_for_serialization(created), name="SDK queue 2"))))
        members = step("RoutingApi.get_routing_queue_members",
                       lambda: routing.get_routing_queue_members(support.id, page_size=100))
        step("RoutingApi.patch_routing_queue_members", lambda: routing.patch_routing_queue_members(
            support.id, [self.model("QueueMember", {"id": members.entities[0].id,
                                                    "joined": False})]))
        step("RoutingApi.patch_routing_queue_member", lambda: routing.patch_routing_queue_member(
            support.id, members.entities[0].id, self.model("QueueMember", {"joined": True})),
            expect_model=False)
        plain = step("RoutingApi.post_routing_queues (name only)",
                     lambda: routing.post_routing_queues(
                         self.model("CreateQueueRequest", {"name": "SDK plain"})))
        lone = user_list.entities[-1].id
        step("RoutingApi.post_routing_queue_members", lambda: routing.post_routing_queue_members(
            plain.id, [self.model("WritableEntity", {"id": lone})]), expect_model=False)
        step("RoutingApi.delete_routing_queue_member",
             lambda: routing.delete_routing_queue_member(plain.id, lone), expect_model=False)
        step("RoutingApi.post_routing_queue_wrapupcodes",
             lambda: routing.post_routing_queue_wrapupcodes(
                 plain.id, [self.model("WrapUpCodeReference", {"id": code.id})]))
        step("AuthorizationApi.post_authorization_division_object",
             lambda: sdk.AuthorizationApi(self.client).post_authorization_division_object(
                 division, "QUEUE", [plain.id]), expect_model=False)
        step("RoutingApi.put_routing_utilization", lambda: routing.put_routing_utilization(
            self.model("UtilizationRequest", {"utilization": {
                "email": {"maximumCapacity": 2, "interruptableMediaTypes": ["call"]}}})))
        step("RoutingApi.get_routing_utilization", lambda: routing.get_routing_utilization())
        automation = sdk.ProcessAutomationApi(self.client)
        trigger = step("ProcessAutomationApi.post_processautomation_triggers",
                       lambda: automation.post_processautomation_triggers(self.model(
                           "CreateTriggerRequest", {
                               "name": "SDK trigger", "topicName": "v2.users.{id}.activity",
                               "target": {"type": "Workflow", "id": WORKFLOW_ID},
                               "enabled": False, "delayBySeconds": 60})))
        step("ProcessAutomationApi.put_processautomation_trigger",
             lambda: automation.put_processautomation_trigger(trigger.id, self.model(
                 "UpdateTriggerRequest", {
                     "name": "SDK trigger 2", "topicName": trigger.topic_name,
                     "target": {"type": "Workflow", "id": WORKFLOW_ID},
                     "enabled": True, "version": trigger.version})))
        integrations = sdk.IntegrationsApi(self.client)
        integration = step("IntegrationsApi.post_integrations",
                           lambda: integrations.post_integrations(body=self.model(
                               "CreateIntegrationRequest", {
                                   "name": "SDK bridge",
                                   "integrationType": {"id": EVENTBRIDGE}})))
        config = step("IntegrationsApi.get_integration_config_current",
                      lambda: integrations.get_integration_config_current(integration.id))
        step("IntegrationsApi.put_integration_config_current",
             lambda: integrations.put_integration_config_current(integration.id, body=self.model(
                 "IntegrationConfiguration", {
                     "name": "SDK bridge", "version": config.version,
                     "properties": {"awsAccountId": "123456789012",
                                    "awsAccountRegion": "us-east-1",
                                    "eventFilter": [AUDIT_FILTER]},
                     "advanced": {}, "notes": "", "credentials": {}})))
        step("IntegrationsApi.patch_integration", lambda: integrations.patch_integration(
            integration.id, body=self.model("Integration", {"intendedState": "ENABLED"})))
        step("IntegrationsApi.delete_integration",
             lambda: integrations.delete_integration(integration.id))
        analytics = sdk.AnalyticsApi(self.client)
        step("AnalyticsApi.post_analytics_queues_observations_query",
             lambda: analytics.post_analytics_queues_observations_query(self.model(
                 "QueueObservationQuery", {
                     "filter": {"type": "or", "predicates": [
                         {"type": "dimension", "dimension": "queueId", "operator": "matches",
                          "value": support.id}]},
                     "metrics": ALL_OBSERVATION_METRICS, "detailMetrics": ["oWaiting"]})))
        step("AnalyticsApi.post_analytics_conversations_aggregates_query",
             lambda: analytics.post_analytics_conversations_aggregates_query(self.model(
                 "ConversationAggregationQuery", {
                     "interval": "2026-01-05T00:00:00.000Z/2026-01-06T00:00:00.000Z",
                     "granularity": "PT12H", "groupBy": ["queueId"],
                     "filter": {"type": "or", "predicates": [
                         {"type": "dimension", "dimension": "queueId", "operator": "matches",
                          "value": support.id}]},
                     "metrics": ["nOffered", "tHandle", "oServiceLevel"]})))
        step("ProcessAutomationApi.delete_processautomation_trigger",
             lambda: automation.delete_processautomation_trigger(trigger.id),
             expect_model=False)
        step("RoutingApi.delete_routing_queue", lambda: routing.delete_routing_queue(created.id),
             expect_model=False)
        return self.results


# ---------------------------------------------------------------------------
# Request enums: every SDK value accepted, a value outside the SDK rejected

BOGUS_ENUM = "NotAnSdkValue"
Path = Tuple[Any, ...]


def enum_paths(data: Any, klass: str, path: Path = ()) -> List[Tuple[Path, List[str]]]:
    """(path, allowed values) of every enum-typed string in a request body."""
    out: List[Tuple[Path, List[str]]] = []
    if data is None or klass in PRIMITIVES:
        return out
    if klass.startswith("list["):
        for index, item in enumerate(data if isinstance(data, list) else []):
            out.extend(enum_paths(item, klass[5:-1], path + (index,)))
        return out
    if klass.startswith("dict("):
        inner = re.match(r"dict\(([^,]*), (.*)\)", klass).group(2)
        for key, value in (data if isinstance(data, dict) else {}).items():
            out.extend(enum_paths(value, inner, path + (key,)))
        return out
    if not isinstance(data, dict):
        return out
    model = model_class(klass)
    instance = model()
    by_json = {json_key: attr for attr, json_key in instance.attribute_map.items()}
    for key, value in data.items():
        attr = by_json.get(key)
        if attr is None:
            continue
        allowed = allowed_values(model, attr)
        if allowed is not None and isinstance(value, str):
            out.append((path + (key,), allowed))
        else:
            out.extend(enum_paths(value, instance.swagger_types[attr], path + (key,)))
    return out


def _set_path(body: Any, path: Path, value: Any) -> None:
    for key in path[:-1]:
        body = body[key]
    body[path[-1]] = value


def _get_path(body: Any, path: Path) -> Any:
    for key in path:
        try:
            body = body[key]
        except (KeyError, IndexError, TypeError):
            return None
    return body


def _error_message(response: requests.Response) -> str:
    try:
        return "%d %s" % (response.status_code, response.json()["message"][:90])
    except (ValueError, KeyError, TypeError):
        return str(response.status_code)


def _path_text(path: Path) -> str:
    return "".join("[%d]" % key if isinstance(key, int) else "." + key for key in path)[1:]


class EnumProbe:
    """Sends each enum of a request body with every SDK value, then with a bogus one.

    A 400 that names the SDK value as invalid is a finding (``rejects-sdk-enum``); a
    2xx for the bogus value is a finding (``accepts-invalid-enum``), worse when the
    value is echoed back, since the SDK then turns it into ``outdated_sdk_version``.
    Any other 400 (a rule between fields) leaves the value unproven, not a finding.
    """

    def __init__(self, api: Api):
        self.api = api
        self.rows: List[Tuple[str, str, int, List[str], List[Finding]]] = []

    def probe(self, label: str, request_model: str, make_body: Callable[[], Dict[str, Any]],
              send: Callable[[Dict[str, Any]], requests.Response]) -> None:
        for path, allowed in enum_paths(make_body(), request_model):
            where = _path_text(path)
            findings: List[Finding] = []
            accepted, unproven = 0, []
            for value in allowed:
                body = make_body()
                _set_path(body, path, value)
                response = send(body)
                if response.status_code < 300:
                    accepted += 1
                elif "Value [%s]" % value in response.text:
                    findings.append(Finding("rejects-sdk-enum", where, "the SDK value [%s] got "
                                            "%d: %s" % (value, response.status_code,
                                                        response.text[:200]), request_model))
                else:
                    unproven.append("%s (%s)" % (value, _error_message(response)))
            body = make_body()
            _set_path(body, path, BOGUS_ENUM)
            response = send(body)
            if response.status_code < 300:
                echoed = _get_path(response.json() if response.content else None,
                                   path) == BOGUS_ENUM
                findings.append(Finding("accepts-invalid-enum", where, "[%s] accepted (%d)%s" % (
                    BOGUS_ENUM, response.status_code,
                    ", and echoed back: the SDK turns it into outdated_sdk_version"
                    if echoed else ""), request_model))
            elif response.status_code != 400:
                findings.append(Finding("accepts-invalid-enum", where, "[%s] answered %d, "
                                        "expected 400" % (BOGUS_ENUM, response.status_code),
                                        request_model))
            self.rows.append((label, where, accepted, unproven, findings))

    def run(self, ctx: Dict[str, Any]) -> None:
        api = self.api
        support = api.call("GET", Q + "/" + ctx["support"]).json()
        queue_body = writable_queue(support, support["name"])
        self.probe("PUT " + Q + "/{queueId}", "QueueRequest",
                   lambda: json.loads(json.dumps(queue_body)),
                   lambda body: api.call("PUT", Q + "/" + ctx["support"], body))
        names = iter(range(1, 100000))
        base_cga = {"name": "", "conditionalGroupActivation": {
            "pilotRule": {"conditions": [{"simpleMetric": {"metric": "EstimatedWaitTime"},
                                          "operator": "GreaterThan", "value": 30}]},
            "rules": [{"conditions": [{"simpleMetric": {"metric": "IdleAgentCount"},
                                       "operator": "LessThan", "value": 2}],
                       "groups": [{"id": ctx["group"], "type": "GROUP"}]}]}}

        def new_queue(body: Dict[str, Any]) -> requests.Response:
            return api.call("POST", Q, dict(body, name="Enum probe %d" % next(names)))
        self.probe("POST " + Q + " (conditional group activation)", "CreateQueueRequest",
                   lambda: json.loads(json.dumps(base_cga)), new_queue)
        group_id = ctx["skill_group_probe"]
        group = api.call("GET", "/api/v2/routing/skillgroups/" + group_id).json()
        group_body = {"name": group["name"], "skillConditions": group["skillConditions"]}
        self.probe("PATCH /api/v2/routing/skillgroups/{skillGroupId}", "SkillGroup",
                   lambda: json.loads(json.dumps(group_body)),
                   lambda body: api.call("PATCH", "/api/v2/routing/skillgroups/" + group_id,
                                         body))
        trigger = api.call("POST", "/api/v2/processautomation/triggers", {
            "name": "Enum probe trigger", "topicName": "v2.users.{id}.activity",
            "target": {"type": "Workflow", "id": WORKFLOW_ID,
                       "workflowTargetSettings": {"dataFormat": "Json"}},
            "enabled": False, "matchCriteria": [
                {"jsonPath": "routingStatus.status", "operator": "Equal", "value": "IDLE"}]}
            ).json()
        trigger_path = "/api/v2/processautomation/triggers/" + trigger["id"]

        def trigger_body() -> Dict[str, Any]:
            current = api.call("GET", trigger_path).json()
            return {key: current[key] for key in ("name", "topicName", "target", "enabled",
                                                  "matchCriteria", "version")}
        self.probe("PUT /api/v2/processautomation/triggers/{triggerId}", "UpdateTriggerRequest",
                   trigger_body, lambda body: api.call("PUT", trigger_path, body))
        integration = api.call("POST", "/api/v2/integrations", {
            "name": "Enum probe bridge", "integrationType": {"id": EVENTBRIDGE}}).json()
        self.probe("PATCH /api/v2/integrations/{integrationId}", "Integration",
                   lambda: {"intendedState": "DISABLED"},
                   lambda body: api.call("PATCH", "/api/v2/integrations/" + integration["id"],
                                         body))
        observation = {"filter": {"type": "and", "clauses": [
            {"type": "or", "predicates": [{"type": "dimension", "dimension": "queueId",
                                           "operator": "matches", "value": ctx["support"]}]}],
            "predicates": [{"type": "dimension", "dimension": "mediaType",
                            "operator": "matches", "value": "voice"}]},
            "metrics": ["oWaiting"]}
        self.probe("POST /api/v2/analytics/queues/observations/query", "QueueObservationQuery",
                   lambda: json.loads(json.dumps(observation)),
                   lambda body: api.call("POST", "/api/v2/analytics/queues/observations/query",
                                         body))
        aggregate = {"interval": "2026-01-05T00:00:00.000Z/2026-01-06T00:00:00.000Z",
                     "queryType": "groupBy", "alternateTimeDimension": "eventTime",
                     "filter": {"type": "and", "clauses": [{"type": "or", "predicates": [
                         {"type": "dimension", "dimension": "queueId", "operator": "matches",
                          "value": ctx["support"]}]}],
                         "predicates": [{"type": "dimension", "dimension": "mediaType",
                                         "operator": "matches", "value": "voice"}]},
                     "metrics": ["nOffered"]}
        self.probe("POST /api/v2/analytics/conversations/aggregates/query",
                   "ConversationAggregationQuery", lambda: json.loads(json.dumps(aggregate)),
                   lambda body: api.call("POST",
                                         "/api/v2/analytics/conversations/aggregates/query",
                                         body))


# ---------------------------------------------------------------------------
# Report

def _rate_limited(executable: str) -> List[Recorded]:
    """The 429 of the real rate limiter (a second emulator, one call per window)."""
    process = EmulatorProcess(executable, "--rate-limit", "1")
    try:
        recorder = Recorder(Api(process.url))
        recorder("GET", "/api/v2/routing/skills", "(within the limit)")
        recorder.error(429, "GET", "/api/v2/routing/skills", "(rate limit)")
        return recorder.records
    finally:
        process.stop()


def check_records(records: List[Recorded], checker: Checker
                  ) -> List[Tuple[Recorded, str, List[Finding]]]:
    """(record, model name shown, findings) for every recorded answer."""
    response_types = sdk_response_types()
    rows = []
    for record in records:
        klass = record.model
        if klass is None:
            klass = response_types.get(record.operation)
            if klass is None:
                rows.append((record, "-", [Finding("no-model", "$", "not an SDK operation",
                                                   "-")]))
                continue
            if not klass:
                findings = [] if record.data is None else [
                    Finding("no-model", "$", "the SDK expects no body, got %s"
                            % _json_type(record.data), "-")]
                rows.append((record, "(no body)", findings))
                continue
        if record.data is None:
            rows.append((record, klass, [Finding("no-body", "$", "HTTP %d without a body; the "
                                                 "SDK expects %s" % (record.status, klass),
                                                 klass)]))
            continue
        rows.append((record, klass, checker.check(record.data, klass)))
    return rows


def sdk_version() -> str:
    try:
        from importlib.metadata import version
        return version("PureCloudPlatformClientV2")
    except Exception:   # metadata missing: still report the rest
        return "?"


def run(emulator: str, verbose: bool, json_file: Optional[str], coverage: bool) -> int:
    missed = self_test()
    if missed:
        raise SetupError("the checker's self-test failed:\n  " + "\n  ".join(missed))
    checker = Checker(PureCloudPlatformClientV2.ApiClient())
    process = EmulatorProcess(emulator)
    try:
        recorder = Recorder(Api(process.url))
        ctx = exercise(recorder)
        sdk_calls = SdkClientRound(process.url).run()
        probe = EnumProbe(recorder.api)
        probe.run(ctx)
    finally:
        process.stop()
    records = recorder.records + _rate_limited(emulator)
    rows = check_records(records, checker)

    print("SDK conformance: PureCloudPlatformClientV2 %s against %s (seed demo), %s"
          % (sdk_version(), emulator, datetime.date.today().isoformat()))
    print("checker self-test passed: %d planted defects flagged, a clean Queue not flagged"
          % (len(SELF_TEST_CASES) + 3))
    print()
    width = max(len(record.label) for record, _, _ in rows)
    model_width = max(len(klass) for _, klass, _ in rows)
    print("%-*s  %-*s  %s" % (width, "RESPONSE", model_width, "SDK MODEL", "FINDINGS"))
    total = 0
    kinds: Dict[str, int] = {}
    for record, klass, findings in rows:
        total += len(findings)
        print("%-*s  %-*s  %d" % (width, record.label, model_width, klass, len(findings)))
        shown = findings if verbose else findings[:5]
        for finding in shown:
            kinds[finding.kind] = kinds.get(finding.kind, 0) + 1
            print("    %-12s %s  %s" % (finding.kind, finding.path, finding.detail))
        for finding in findings[len(shown):]:
            kinds[finding.kind] = kinds.get(finding.kind, 0) + 1
        if len(findings) > len(shown):
            print("    ... %d more (use --verbose)" % (len(findings) - len(shown)))
    print()
    print("SDK AS THE CLIENT (request models serialized by the SDK, answers parsed by it)")
    for label, error in sdk_calls:
        print("  %-62s %s" % (label, "ok" if error is None else "FAILED"))
        if error is not None:
            total += 1
            kinds["sdk-call"] = kinds.get("sdk-call", 0) + 1
            print("    %s" % error)
    print()
    print("REQUEST ENUMS (every SDK value sent, then [%s])" % BOGUS_ENUM)
    for label, where, accepted, unproven, findings in probe.rows:
        print("  %-58s %-52s accepted %d" % (label, where, accepted))
        for item in unproven:
            print("    %-20s %s" % ("unproven", item))
        for finding in findings:
            total += 1
            kinds[finding.kind] = kinds.get(finding.kind, 0) + 1
            print("    %-20s %s" % (finding.kind, finding.detail))
    print()
    print("%-45s %8s %9s" % ("MODEL (nested models included)", "OBJECTS", "FINDINGS"))
    for name in sorted(checker.models_seen):
        print("%-45s %8d %9d" % (name, checker.models_seen[name],
                                  checker.model_findings.get(name, 0)))
    if coverage:
        print()
        print("COVERAGE: model fields no answer carried (not findings; what the emulator "
              "does not model)")
        for name in sorted(checker.models_seen):
            unseen = checker.unseen_fields(name)
            if unseen:
                print("  %s: %s" % (name, ", ".join(unseen)))
    print()
    print("%d responses (%d JSON fields), %d models, %d SDK client calls, %d request enums, "
          "%d findings%s" % (
              len(rows), checker.fields_checked, len(checker.models_seen), len(sdk_calls),
              len(probe.rows), total,
        (" (" + ", ".join("%s %d" % item for item in sorted(kinds.items())) + ")")
        if kinds else ""))
    if json_file:
        with open(json_file, "w", encoding="utf-8") as handle:
            json.dump({"sdk": sdk_version(), "date": datetime.date.today().isoformat(),
                       "responses": [{"response": record.label, "status": record.status,
                                      "model": klass,
                                      "findings": [f.as_dict() for f in findings]}
                                     for record, klass, findings in rows],
                       "sdk_client_calls": [{"call": label, "error": error}
                                            for label, error in sdk_calls],
                       "request_enums": [{"request": label, "field": where,
                                          "accepted": accepted, "unproven": unproven,
                                          "findings": [f.as_dict() for f in findings]}
                                         for label, where, accepted, unproven, findings
                                         in probe.rows],
                       "models": checker.models_seen}, handle, indent=2)
    return 1 if total else 0


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--emulator", default=DEFAULT_EMULATOR,
                        help="genesys-emulator executable (default: %(default)s)")
    parser.add_argument("--verbose", action="store_true", help="list every finding")
    parser.add_argument("--json", metavar="FILE", help="also write the findings as JSON")
    parser.add_argument("--coverage", action="store_true",
                        help="also list the model fields that no answer carried")
    args = parser.parse_args(argv)
    started = time.monotonic()
    try:
        status = run(args.emulator, args.verbose, args.json, args.coverage)
    except SetupError as exc:
        sys.stderr.write("sdk_conformance: cannot check: %s\n" % exc)
        return 2
    print("(%.1f s)" % (time.monotonic() - started))
    return status


if __name__ == "__main__":
    sys.exit(main())
