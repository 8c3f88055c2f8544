"""Field checks that answer the platform's 400 ErrorBody.

Each helper takes the value and its dotted field path (``mediaSettings.call.
alertingTimeoutSeconds``) so messages and ``details[].fieldName`` name the field.
``None`` means "absent" and passes every check except ``required``.
"""
from __future__ import annotations

from typing import Any, Dict, Iterable, List, Optional

from .framework import ApiError


def _type_error(field: str, value: Any, expected: str) -> ApiError:
    return ApiError.invalid_value(field, value, field, reason="expected %s" % expected)


def required(value: Any, field: str) -> Any:
    if value is None or (isinstance(value, str) and value.strip() == ""):
        raise ApiError.missing_field(field)
    return value


def obj(value: Any, field: str) -> Optional[Dict[str, Any]]:
    if value is not None and not isinstance(value, dict):
        raise _type_error(field, value, "an object")
    return value


def array(value: Any, field: str, max_items: Optional[int] = None,
          min_items: Optional[int] = None) -> Optional[List[Any]]:
    if value is None:
        return None
    if not isinstance(value, list):
        raise _type_error(field, value, "an array")
    if max_items is not None and len(value) > max_items:
        raise ApiError.invalid_value(field, len(value), field,
                                     reason="at most %d items are allowed" % max_items)
    if min_items is not None and len(value) < min_items:
        raise ApiError.invalid_value(field, len(value), field,
                                     reason="at least %d item(s) required" % min_items)
    return value


def string(value: Any, field: str, max_length: Optional[int] = None) -> Optional[str]:
    if value is None:
        return None
    if not isinstance(value, str):
        raise _type_error(field, value, "a string")
    if max_length is not None and len(value) > max_length:
        raise ApiError.invalid_value(field, value, field,
                                     reason="must be at most %d characters" % max_length)
    return value


def boolean(value: Any, field: str) -> Optional[bool]:
    if value is not None and not isinstance(value, bool):
        raise _type_error(field, value, "a boolean")
    return value


def integer(value: Any, field: str, minimum: Optional[float] = None,
            maximum: Optional[float] = None) -> Optional[int]:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise _type_error(field, value, "an integer")
    _range(value, field, minimum, maximum)
    return value


def number(value: Any, field: str, minimum: Optional[float] = None,
           maximum: Optional[float] = None) -> Optional[float]:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise _type_error(field, value, "a number")
    _range(value, field, minimum, maximum)
    return value


def _range(value: float, field: str, minimum: Optional[float],
           maximum: Optional[float]) -> None:
    if minimum is not None and maximum is not None and not minimum <= value <= maximum:
        raise ApiError.invalid_value(field, value, field, reason="must be between %s and %s"
                                     % (_num(minimum), _num(maximum)))
    if minimum is not None and value < minimum:
        raise ApiError.invalid_value(field, value, field,
                                     reason="must be at least %s" % _num(minimum))
    if maximum is not None and value > maximum:
        raise ApiError.invalid_value(field, value, field,
                                     reason="must be at most %s" % _num(maximum))


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def enum(value: Any, field: str, type_name: str, allowed: Iterable[str]) -> Optional[str]:
    """Enum check with the real platform message (``Allowable values are: ...``)."""
    if value is None:
        return None
    allowed = list(allowed)
    if not isinstance(value, str) or value not in allowed:
        raise ApiError.invalid_value(field, value, type_name, allowed)
    return value


def entity_ref(value: Any, field: str, require_id: bool = True) -> Optional[Dict[str, Any]]:
    """A ``{id, name?, selfUri?}`` reference; returns ``{id}`` (+ name when given)."""
    if value is None:
        return None
    obj(value, field)
    ref_id = string(value.get("id"), field + ".id")
    if require_id:
        required(ref_id, field + ".id")
    out: Dict[str, Any] = {}
    if ref_id is not None:
        out["id"] = ref_id
    name = string(value.get("name"), field + ".name")
    if name is not None:
        out["name"] = name
    return out


def unknown_entity(field: str, entity_id: Any, what: str) -> ApiError:
    return ApiError(400, "invalid.value",
                    "%s [%s] referenced by [%s] does not exist." % (what, entity_id, field),
                    message_params={"id": entity_id, "field": field},
                    message_with_params="%s [{id}] referenced by [{field}] does not exist."
                                        % what,
                    details=[{"errorCode": "invalid.value", "fieldName": field,
                              "entityId": str(entity_id)}])
