# -*- coding: utf-8 -*-
# Copyright: (c) 2025, genesyscloud.routing contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Connection options shared by every module, and the glue from a module to the client.

``AUTH_OPTIONS`` is the single table of connection options. ``auth_argument_spec()``
turns it into argument_spec entries; the doc fragment ``genesyscloud.routing.auth``
documents the same options (a unit test keeps the two in step).

Typical module use::

    argument_spec = dict(name=dict(type='str', required=True))
    argument_spec.update(auth_argument_spec())
    module = AnsibleModule(argument_spec=argument_spec, supports_check_mode=True)
    client = client_from_module(module)
    try:
        ...
    except GenesysError as exc:
        fail_on_api_error(module, exc, api_calls=client.stats)
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy
from collections import Counter

from ansible.module_utils.basic import env_fallback

from ansible_collections.genesyscloud.routing.plugins.module_utils.client import (
    HAS_REQUESTS,
    REQUESTS_IMPORT_ERROR,
    GenesysClient,
)
from ansible_collections.genesyscloud.routing.plugins.module_utils.endpoints import resolve_endpoints
from ansible_collections.genesyscloud.routing.plugins.module_utils.errors import (
    GenesysApiError,
    GenesysConfigError,
    GenesysError,
    missing_library_message,
)

DEFAULT_TOKEN_CACHE_DIR = "~/.cache/genesyscloud-routing"

# name -> type, default, no_log, env. Options whose names look secret-like to
# ansible-test (token_*) carry an explicit no_log=False.
AUTH_OPTIONS = {
    "client_id": {"type": "str", "env": "GENESYSCLOUD_OAUTHCLIENT_ID"},
    "client_secret": {"type": "str", "no_log": True, "env": "GENESYSCLOUD_OAUTHCLIENT_SECRET"},
    "access_token": {"type": "str", "no_log": True, "env": "GENESYSCLOUD_ACCESS_TOKEN"},
    "region": {"type": "str", "default": "us-east-1", "env": "GENESYSCLOUD_REGION"},
    "api_url": {"type": "str", "env": "GENESYSCLOUD_API_URL"},
    "validate_certs": {"type": "bool", "default": True},
    "ca_path": {"type": "path"},
    "token_cache": {"type": "bool", "default": True, "no_log": False},
    "token_cache_dir": {"type": "path", "default": DEFAULT_TOKEN_CACHE_DIR, "no_log": False,
                        "env": "GENESYSCLOUD_TOKEN_CACHE_DIR"},
    "max_retries": {"type": "int", "default": 5},
    "retry_max_wait": {"type": "int", "default": 120},
    "requests_per_minute": {"type": "int", "env": "GENESYSCLOUD_REQUESTS_PER_MINUTE"},
    "token_pool_size": {"type": "int", "default": 1, "no_log": False, "env": "GENESYSCLOUD_TOKEN_POOL_SIZE"},
    "timeout": {"type": "int", "default": 30},
}


def auth_argument_spec():
    """argument_spec entries for the connection options (a fresh copy each call)."""
    spec = {}
    for name, option in AUTH_OPTIONS.items():
        entry = {"type": option["type"]}
        if "default" in option:
            entry["default"] = copy.deepcopy(option["default"])
        if "no_log" in option:
            entry["no_log"] = option["no_log"]
        if "env" in option:
            entry["fallback"] = (env_fallback, [option["env"]])
        spec[name] = entry
    return spec


def _param(module, name):
    return module.params.get(name, AUTH_OPTIONS[name].get("default"))


def client_from_module(module):
    """Build the GenesysClient from the module's connection options, or fail the module clearly."""
    if not HAS_REQUESTS:
        module.fail_json(msg=missing_library_message("requests", module._name), exception=str(REQUESTS_IMPORT_ERROR))
    try:
        api_url, login_url = resolve_endpoints(_param(module, "region"), _param(module, "api_url"))
        access_token = _param(module, "access_token")
        if not access_token:
            missing = [name for name in ("client_id", "client_secret") if not _param(module, name)]
            if missing:
                raise GenesysConfigError(
                    "Missing Genesys Cloud credentials: %s. Set access_token, or client_id and client_secret "
                    "(environment: GENESYSCLOUD_OAUTHCLIENT_ID, GENESYSCLOUD_OAUTHCLIENT_SECRET)."
                    % ", ".join(missing))
        if not _param(module, "validate_certs"):
            module.warn("validate_certs is false: the TLS certificate of %s is not verified." % api_url)
        cache_dir = None
        if _param(module, "token_cache") and not access_token:
            cache_dir = _param(module, "token_cache_dir")
        return GenesysClient(
            api_url, login_url,
            client_id=_param(module, "client_id"),
            client_secret=_param(module, "client_secret"),
            access_token=access_token,
            validate_certs=_param(module, "validate_certs"),
            ca_path=_param(module, "ca_path"),
            token_cache_dir=cache_dir,
            max_retries=_param(module, "max_retries"),
            retry_max_wait=_param(module, "retry_max_wait"),
            requests_per_minute=_param(module, "requests_per_minute"),
            token_pool_size=_param(module, "token_pool_size"),
            timeout=_param(module, "timeout"),
            warn=module.warn,
        )
    except GenesysConfigError as exc:
        module.fail_json(msg=str(exc))


def error_details(exc):
    """The machine-readable fields of an error, for module results."""
    details = {}
    if isinstance(exc, GenesysApiError):
        details.update(status=exc.status, code=exc.code, correlation_id=exc.correlation_id,
                       operation=exc.operation)
        if exc.missing_permissions:
            details["missing_permissions"] = exc.missing_permissions
        if exc.ambiguous:
            details["ambiguous"] = True
    return details


def fail_on_input_errors(module, errors, **extra):
    """``module.fail_json`` for bad input found before any write: every error with its option path and value."""
    module.fail_json(msg="; ".join(str(error) for error in errors),
                     errors=[{"path": error.path, "value": error.value, "msg": str(error)} for error in errors],
                     **extra)


def summarize_actions(results):
    """Counts of objects created, updated, deleted, unchanged and failed in a bulk result list."""
    summary = {"create": 0, "update": 0, "delete": 0, "none": 0, "failed": 0}
    for result in results:
        summary["failed" if result.get("failed") else result["action"]] += 1
    return summary


def fail_on_api_error(module, exc, **extra):
    """``module.fail_json`` with the error's message, status, code and correlation id.

    ``msg`` in ``extra`` becomes a prefix ("Could not update queue Sales: GET ... failed: ...").
    Other keys of ``extra`` are added to the result as given.
    """
    prefix = extra.pop("msg", None)
    message = str(exc) if isinstance(exc, GenesysError) else "%s: %s" % (type(exc).__name__, exc)
    result = error_details(exc)
    result.update(extra)
    if getattr(exc, "status", None) == 403:
        # Every module's documentation lists the API operations it calls and the permissions it needs.
        name = getattr(module, "_name", "") or ""
        message += (" The permissions this module needs are listed in its documentation: "
                    "ansible-doc genesyscloud.routing.%s" % name.split(".")[-1] if name else "")
    result["msg"] = "%s: %s" % (prefix, message) if prefix else message
    module.fail_json(**result)


def summarize_events(events):
    """Short, secret-free lines describing a client's retries, waits and recoveries."""
    lines = []
    retries = Counter()
    waited = 0.0
    for event in events:
        if event["event"] in ("retry", "rate_limited"):
            retries[event.get("reason") or event["event"]] += 1
            waited += event.get("wait_seconds") or 0.0
        elif event["event"] == "recovered":
            lines.append("%s: the connection was lost after sending; the created object was found and reused."
                         % event["operation"])
        elif event["event"] == "reauthenticate":
            lines.append("The access token was rejected once; a new token was fetched.")
    if retries:
        parts = ", ".join("%s x%d" % (reason, count) for reason, count in sorted(retries.items()))
        lines.insert(0, "Genesys Cloud requests were retried (%s), waiting %.1f s in total." % (parts, waited))
    return lines


def warn_client_events(module, client):
    """Turn the client's retry/recovery log into module warnings (one line per kind)."""
    for line in summarize_events(client.events):
        module.warn(line)
