"""ISO-8601 instants, intervals and periods of the query endpoints (analytics, audit)."""
from __future__ import annotations

import datetime as dt
import re
from typing import Any, Tuple

from .framework import ApiError

_DURATION = re.compile(r"^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$")


def parse_instant(text: str, field: str) -> dt.datetime:
    """An ISO-8601 date-time as an aware UTC datetime (no offset means UTC)."""
    try:
        value = dt.datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except (ValueError, AttributeError):
        raise _invalid_date(field, text)
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.timezone.utc)
    return value.astimezone(dt.timezone.utc)


def parse_interval(text: str, field: str = "interval") -> Tuple[dt.datetime, dt.datetime]:
    """``start/end`` ISO-8601 interval; 400 when malformed or empty."""
    parts = text.split("/") if isinstance(text, str) else []
    if len(parts) != 2:
        raise _invalid_date(field, text)
    start, end = parse_instant(parts[0], field), parse_instant(parts[1], field)
    if end <= start:
        raise ApiError(400, "invalid.date",
                       "The interval [%s] must end after it starts." % text,
                       details=[{"errorCode": "invalid.date", "fieldName": field}])
    return start, end


def parse_duration(text: str, field: str = "granularity") -> dt.timedelta:
    """ISO-8601 period with weeks/days/hours/minutes/seconds (PT30M, PT1H, P1D, P1W...).

    Months and years are not supported by the emulator (400).
    """
    found = _DURATION.match(text) if isinstance(text, str) else None
    if not found or not any(found.groups()) or text.endswith("T"):
        raise ApiError.invalid_value(field, text, field,
                                     reason="expected an ISO-8601 period such as PT30M, "
                                            "PT1H or P1D")
    weeks, days, hours, minutes, seconds = (int(g) if g else 0 for g in found.groups())
    value = dt.timedelta(weeks=weeks, days=days, hours=hours, minutes=minutes, seconds=seconds)
    if value.total_seconds() <= 0:
        raise ApiError.invalid_value(field, text, field, reason="must be a positive period")
    return value


def format_instant(value: dt.datetime) -> str:
    value = value.astimezone(dt.timezone.utc)
    return value.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (value.microsecond // 1000)


def _invalid_date(field: str, text: Any) -> ApiError:
    # Code from the reference's error table (invalid.date); wording UNCONFIRMED.
    return ApiError(400, "invalid.date",
                    "Value [%s] for [%s] is not a valid ISO-8601 date or interval."
                    % (text, field),
                    message_params={"value": text, "field": field},
                    details=[{"errorCode": "invalid.date", "fieldName": field}])
