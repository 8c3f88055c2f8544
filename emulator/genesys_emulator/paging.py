"""The two listing envelopes of the platform: page numbers and cursors."""
from __future__ import annotations

import base64
import json
import math
from typing import Any, Callable, Dict, List, Optional, Sequence
from urllib.parse import quote

from .framework import ApiError, Request

PAGING_PARAMS = ("pageSize", "pageNumber")
CURSOR_PARAMS = ("pageSize", "after", "before")


def _page_size(req: Request, default: int, maximum: int) -> int:
    raw = req.arg("pageSize")
    if raw is None or raw == "":
        return default
    try:
        size = int(raw)
    except ValueError:
        raise ApiError.invalid_value("pageSize", raw, "pageSize", reason="must be an integer")
    if size < 1:
        raise ApiError.invalid_value("pageSize", raw, "pageSize", reason="must be at least 1")
    if size > maximum:
        raise ApiError(400, "invalid.value",
                       "Value [%d] is not valid for field [pageSize]: the maximum page size "
                       "is %d" % (size, maximum),
                       message_params={"value": size, "max": maximum},
                       message_with_params="Value [{value}] is not valid for field "
                                           "[pageSize]: the maximum page size is {max}",
                       details=[{"errorCode": "invalid.value", "fieldName": "pageSize"}])
    return size


def build_uri(path: str, first: Sequence[tuple], req: Request, skip: Sequence[str]) -> str:
    """``path?k=v&...`` with ``first`` pairs in front, then the caller's other params."""
    pairs = [(key, str(value)) for key, value in first]
    for key, values in req.query.items():
        if key in skip:
            continue
        for value in values:
            pairs.append((key, value))
    return path + "?" + "&".join("%s=%s" % (quote(k, safe=""), quote(v, safe="*,"))
                                 for k, v in pairs)


def page_listing(req: Request, items: List[Any], default_size: int = 25,
                 max_size: int = 500, with_totals: bool = True,
                 render: Optional[Callable[[Any], Any]] = None) -> Dict[str, Any]:
    """Page-number envelope (QueueEntityListing and friends).

    ``with_totals=False`` gives the queue-members shape: no total, no pageCount,
    no lastUri (QueueMemberEntityListing).
    """
    size = _page_size(req, default_size, max_size)
    number = req.int_arg("pageNumber", 1, minimum=1)
    total = len(items)
    page_count = int(math.ceil(total / float(size))) if total else 0
    start = (number - 1) * size
    chunk = items[start:start + size]
    entities = [render(item) for item in chunk] if render else chunk

    def uri(page: int) -> str:
        return build_uri(req.path, (("pageSize", size), ("pageNumber", page)), req,
                         PAGING_PARAMS)

    listing: Dict[str, Any] = {"entities": entities, "pageSize": size, "pageNumber": number}
    if with_totals:
        listing["total"] = total
        listing["pageCount"] = page_count
    listing["firstUri"] = uri(1)
    listing["selfUri"] = uri(number)
    has_next = start + size < total
    if has_next:
        listing["nextUri"] = uri(number + 1)
    if number > 1:
        listing["previousUri"] = uri(number - 1)
    if with_totals:
        listing["lastUri"] = uri(max(page_count, 1))
    return listing


def _encode_cursor(key: Any) -> str:
    raw = json.dumps(key, separators=(",", ":")).encode("utf-8")
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def _decode_cursor(cursor: str, name: str) -> Any:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        return json.loads(base64.urlsafe_b64decode(padded.encode("ascii")).decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        raise ApiError.invalid_value(name, cursor, name, reason="not a valid cursor")


def cursor_listing(req: Request, items: List[Any], sort_key: Callable[[Any], list],
                   default_size: int = 25, max_size: int = 100,
                   render: Optional[Callable[[Any], Any]] = None) -> Dict[str, Any]:
    """Cursor envelope ``{entities, nextUri, previousUri, selfUri}``.

    Cursors encode the sort key of the boundary item, so pages stay consistent
    when items are added or removed between calls.
    """
    size = _page_size(req, default_size, max_size)
    after = req.arg("after")
    before = req.arg("before")
    ordered = sorted(items, key=sort_key)
    keys = [sort_key(item) for item in ordered]
    if after:
        bound = _decode_cursor(after, "after")
        start = next((i for i, key in enumerate(keys) if key > bound), len(keys))
        end = start + size
    elif before:
        bound = _decode_cursor(before, "before")
        end = next((i for i, key in enumerate(keys) if key >= bound), len(keys))
        start = max(0, end - size)
    else:
        start, end = 0, size
    chunk = ordered[start:end]
    entities = [render(item) for item in chunk] if render else chunk

    def uri(extra: Sequence[tuple]) -> str:
        return build_uri(req.path, (("pageSize", size),) + tuple(extra), req, CURSOR_PARAMS)

    self_extra: tuple = ()
    if after:
        self_extra = (("after", after),)
    elif before:
        self_extra = (("before", before),)
    listing: Dict[str, Any] = {"entities": entities, "selfUri": uri(self_extra)}
    if chunk and end < len(ordered):
        listing["nextUri"] = uri((("after", _encode_cursor(keys[end - 1])),))
    if chunk and start > 0:
        listing["previousUri"] = uri((("before", _encode_cursor(keys[start])),))
    return listing


def by_name_and_id(item: Dict[str, Any]) -> list:
    """Cursor sort key of named entities and references: lower-cased name, then id."""
    return [(item.get("name") or "").lower(), item["id"]]


def named_cursor_listing(req: Request, items: List[Dict[str, Any]],
                         render: Optional[Callable[[Any], Any]] = None) -> Dict[str, Any]:
    """Cursor envelope (at most 100 a page) of named entities by name then id, keeping the
    ones whose name starts with the ``name`` argument (case-insensitive)."""
    prefix = (req.arg("name") or "").lower()
    kept = [item for item in items if not prefix or item["name"].lower().startswith(prefix)]
    return cursor_listing(req, kept, by_name_and_id, max_size=100, render=render)
