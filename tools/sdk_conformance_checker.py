"""The checker of sdk_conformance.py: one JSON body against the SDK model it must deserialize into.

The SDK is the oracle: response models per operation and the enums of each model
attribute are read from the SDK itself.  A self-test plants one defect of each kind.
"""
import ast
import inspect
import json
import os
import re
from typing import Any, Callable, Dict, List, Optional, Tuple

# Imported by sdk_conformance.py after its check that the SDK venv is in use.
import PureCloudPlatformClientV2
from PureCloudPlatformClientV2 import models as sdk_models
from dateutil.parser import isoparse

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


def container_of(klass: str) -> Optional[Tuple[type, str]]:
    """(list or dict, element type) of a ``list[...]`` or ``dict(str, ...)`` SDK type; None otherwise."""
    if klass.startswith("list["):
        return list, klass[5:-1]
    if klass.startswith("dict("):
        return dict, re.match(r"dict\(([^,]*), (.*)\)", klass).group(2)
    return None


def members(data: Any, kind: type) -> List[Tuple[Any, Any]]:
    """(index or key, value) of a JSON array or object of that kind; none when ``data`` is not one."""
    if kind is list and isinstance(data, list):
        return list(enumerate(data))
    if kind is dict and isinstance(data, dict):
        return list(data.items())
    return []


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
        container = container_of(klass)
        if container is not None:
            kind, inner = container
            if not isinstance(data, kind):
                self._add(out, "type", path, "expected a JSON %s (%s), got %s"
                          % ("array" if kind is list else "object", klass, _json_type(data)), owner)
                return
            for key, item in members(data, kind):
                where = "%s[%d]" % (path, key) if kind is list else "%s.%s" % (path, key)
                self._walk(item, inner, where, owner, out)
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


class Recorded:
    """One answered call: what was asked, what came back, what it is checked against."""

    def __init__(self, operation: str, label: str, status: int, data: Any,
                 model: Optional[str] = None):
        self.operation = operation
        self.label = label
        self.status = status
        self.data = data
        self.model = model          # None: the SDK's response type for ``operation``


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
