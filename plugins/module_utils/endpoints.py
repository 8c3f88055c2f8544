# -*- coding: utf-8 -*-
# Copyright: (c) 2025, genesyscloud.routing contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Where the API lives: regions, base URLs (https only, except loopback), API paths.

The Genesys Cloud regions and their API/login hosts come from reference section 6.4 and
the Terraform provider; ``resolve_endpoints`` turns the module options into the two
origins the client talks to, and ``build_path`` is the one way to put an id into a path.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import ipaddress
import re

from urllib.parse import quote, urlsplit

from ansible_collections.genesyscloud.routing.plugins.module_utils.errors import (
    GenesysConfigError,
    UnsupportedOperationError,
)

# Region -> domain; the API host is api.<domain> and the login host login.<domain> (reference §6.4).
REGIONS = {
    "us_east_1": "mypurecloud.com",
    "us_east_2": "use2.us-gov-pure.cloud",
    "us_west_2": "usw2.pure.cloud",
    "ca_central_1": "cac1.pure.cloud",
    "sa_east_1": "sae1.pure.cloud",
    "mx_central_1": "mxc1.pure.cloud",
    "eu_west_1": "mypurecloud.ie",
    "eu_west_2": "euw2.pure.cloud",
    "eu_central_1": "mypurecloud.de",
    "eu_central_2": "euc2.pure.cloud",
    "eusc_de_east_1": "edee1.eusc-pure.cloud",
    "me_central_1": "mec1.pure.cloud",
    "ap_south_1": "aps1.pure.cloud",
    "ap_southeast_1": "apse1.pure.cloud",
    "ap_southeast_2": "mypurecloud.com.au",
    "ap_northeast_1": "mypurecloud.jp",
    "ap_northeast_2": "apne2.pure.cloud",
    "ap_northeast_3": "apne3.pure.cloud",
}
# Same default as the Terraform provider (aws_region defaults to us-east-1).
DEFAULT_REGION = "us_east_1"

_TEMPLATE_FIELD = re.compile(r"\{([^{}/]+)\}")


def normalize_region(region):
    """Map ``us-east-1``, ``us_east_1``, ``api.mypurecloud.com`` or ``mypurecloud.com`` to a REGIONS key."""
    text = str(region).strip().lower()
    key = text.replace("-", "_")
    if key in REGIONS:
        return key
    host = text
    if "://" in host:
        host = urlsplit(host).hostname or ""
    host = host.rstrip("/").rstrip(".")
    for prefix in ("api.", "login."):
        if host.startswith(prefix):
            host = host[len(prefix):]
            break
    for name, domain in REGIONS.items():
        if host == domain:
            return name
    raise GenesysConfigError(
        "Unknown Genesys Cloud region %r. Use one of: %s; or an API host such as api.mypurecloud.ie; "
        "or set api_url." % (region, ", ".join(sorted(name.replace("_", "-") for name in REGIONS))))


def is_loopback_host(host):
    if not host:
        return False
    host = host.strip("[]").rstrip(".").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_base_url(url, what="api_url"):
    """Validate a base URL and return its origin (``scheme://host[:port]``).

    ``http://`` is refused except for loopback hosts (a local emulator), so tokens and
    secrets never travel unencrypted over a network.
    """
    text = str(url).strip()
    if "://" not in text:
        text = "https://" + text
    parts = urlsplit(text)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        raise GenesysConfigError("%s %r is not an http(s) URL." % (what, url))
    if parts.username or parts.password:
        raise GenesysConfigError("%s must not contain credentials." % what)
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        raise GenesysConfigError("%s %r must be an origin only, such as https://api.mypurecloud.com." % (what, url))
    if scheme == "http" and not is_loopback_host(parts.hostname):
        raise GenesysConfigError(
            "Refusing plain http:// for %s (%s): only loopback hosts (127.0.0.0/8, ::1, localhost) may use "
            "http; use https://." % (what, parts.hostname))
    return "%s://%s" % (scheme, parts.netloc.lower())


def resolve_endpoints(region=None, api_url=None):
    """Return ``(api_url, login_url)``. ``api_url`` wins over ``region``.

    With ``api_url`` set, a host ``api.X`` logs in at ``login.X``; any other host (for
    instance a local emulator) serves ``/oauth/token`` itself. With neither set, the
    region defaults to us-east-1 like the Terraform provider.
    """
    if api_url:
        origin = check_base_url(api_url, "api_url")
        scheme, rest = origin.split("://", 1)
        if rest.startswith("api."):
            return origin, "%s://login.%s" % (scheme, rest[len("api."):])
        return origin, origin
    domain = REGIONS[normalize_region(region or DEFAULT_REGION)]
    return "https://api." + domain, "https://login." + domain


def build_path(template, **values):
    """Fill an API path template, URL-quoting each value as one path segment.

    ``build_path("/api/v2/routing/queues/{queueId}", queueId=qid)``. A value holding ``/``,
    ``?``, ``#`` or ``..`` stays inside its segment instead of changing which operation is
    called. The client's request methods take the same template and ``path_params``.
    """
    missing = sorted(set(_TEMPLATE_FIELD.findall(template)) - set(values))
    if missing:
        raise UnsupportedOperationError("No value for %s in the API path %s" % (", ".join(missing), template))
    quoted = {}
    for name, value in values.items():
        text = str(value)
        if text in ("", ".", ".."):
            raise UnsupportedOperationError("%r is not a usable value for {%s} in %s" % (text, name, template))
        quoted[name] = quote(text, safe="")
    return template.format(**quoted)
