"""Steps most resource handlers share: find a stored entity or answer 404, serve it by id,
and write a change to the store together with its audit event (``state.on_change``, see
framework.py)."""
from __future__ import annotations

import re
from typing import Any, Callable, Dict, Optional

from .framework import ApiError, diff_properties, route


def get_or_404(state: Any, kind: str, entity_id: str, what: str) -> Dict[str, Any]:
    """The stored entity, or the platform's 404 naming it (``what`` e.g. "Routing skill")."""
    entity = state.get(kind, entity_id)
    if entity is None:
        raise ApiError.not_found("%s [%s] was not found." % (what, entity_id), entity_id=entity_id)
    return entity


def get_route(template: str, kind: str, what: str,
              render: Callable[[Any, Dict[str, Any]], Any]) -> None:
    """Register ``GET template``: the stored entity named by the template's last path
    parameter, answered as ``render(state, entity)``, or the 404 of ``get_or_404``."""
    param = re.findall(r"\{(\w+)\}", template)[-1]
    route("GET", template)(
        lambda req: render(req.state, get_or_404(req.state, kind, req.path_params[param], what)))


def entity_route(method: str, template: str, kind: str, what: str) -> Callable:
    """Register ``METHOD template`` for a handler called as ``handler(req, old)``: ``old`` is the
    entity named by the template's last path parameter, or the 404 of ``get_or_404``."""
    param = re.findall(r"\{(\w+)\}", template)[-1]

    def register(handler: Callable) -> Callable:
        route(method, template)(
            lambda req: handler(req, get_or_404(req.state, kind, req.path_params[param], what)))
        return handler
    return register


def update_route(method: str, template: str, kind: str, what: str) -> Callable:
    """``entity_route`` for a PUT or PATCH: the handler is called as ``handler(req, old, body)``,
    ``body`` the JSON object sent (read after the 404)."""
    def register(handler: Callable) -> Callable:
        entity_route(method, template, kind, what)(lambda req, old: handler(req, old, req.json_body(dict)))
        return handler
    return register


def save_change(state: Any, kind: str, entity_type: str, old: Optional[Dict[str, Any]],
                new: Optional[Dict[str, Any]], action: Optional[str] = None) -> None:
    """Store ``new`` (delete ``old`` when ``new`` is None) and report the change with its
    property diff.  The action is Create without ``old``, Delete without ``new``, else
    Update; a soft delete (the entity stays, marked deleted) passes ``action="Delete"``."""
    if new is None:
        state.delete(kind, old["id"])
    else:
        state.put(kind, new["id"], new)
    if action is None:
        action = "Create" if old is None else "Delete" if new is None else "Update"
    current = new if new is not None else old
    state.on_change(entity_type, action, {"id": current["id"], "name": current["name"]},
                    diff_properties(old, new))
