"""Emulator-only admin endpoints under /__emulator (no auth, never faulted or counted)."""
from __future__ import annotations

from .framework import ApiError, Response, route


@route("GET", "/__emulator/stats")
def get_stats(req):
    return req.emulator.stats.snapshot()


@route("DELETE", "/__emulator/stats")
def delete_stats(req):
    req.emulator.stats.reset()
    return None


@route("POST", "/__emulator/reset")
def post_reset(req):
    """Reload the start-up seed (or ``{"seed": spec}``), clear faults and rate windows."""
    spec = None
    if isinstance(req.body, dict) and req.body.get("seed"):
        spec = _seed_spec(req.body)
    _checked(lambda: req.emulator.reset(spec))
    return {"seed": spec or req.emulator.seed_spec}


@route("POST", "/__emulator/seed")
def post_seed(req):
    """Replace the whole org with another seed, e.g. ``{"seed": "large:50"}``."""
    body = req.json_body(dict)
    spec = _seed_spec(body)
    salt = body.get("salt")
    if salt is not None and not isinstance(salt, str):
        raise ApiError.bad_request("salt must be a string")
    _checked(lambda: req.emulator.load_seed(spec, salt))
    return {"seed": spec}


@route("GET", "/__emulator/state")
def get_state(req):
    return req.state.dump()


@route("GET", "/__emulator/faults")
def get_faults(req):
    return req.emulator.faults.current()


@route("PUT", "/__emulator/faults")
def put_faults(req):
    from .server import configure_faults
    configure_faults(req.emulator, req.json_body(dict))
    return req.emulator.faults.current()


@route("GET", "/__emulator/rate-limits")
def get_rate_limits(req):
    return req.emulator.limiter.current()


@route("PUT", "/__emulator/rate-limits")
def put_rate_limits(req):
    """``{"limit": N|null, "window": S, "org_limit": N|null}``: per-token and org-wide limits."""
    from .server import configure_rate_limits
    return configure_rate_limits(req.emulator, req.json_body(dict))


@route("GET", "/__emulator/health")
def get_health(req):
    return Response(200, {"status": "ok", "seed": req.emulator.seed_spec})


def _seed_spec(body):
    spec = body.get("seed")
    if not isinstance(spec, str) or not spec:
        raise ApiError.bad_request("seed must be a non-empty string such as \"demo\" or "
                                   "\"large:50\"")
    return spec


def _checked(action):
    from .seeds import SeedError
    try:
        action()
    except SeedError as exc:
        raise ApiError.bad_request(str(exc))
