# -*- coding: utf-8 -*-
# Copyright: (c) 2025, genesyscloud.routing contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Every exception the collection raises, in one hierarchy.

``GenesysError`` is the base. The client raises ``GenesysApiError`` (and its auth and
connection kinds) and ``GenesysConfigError``; the resource services raise ``ConflictError``
(the object moved under us: a stale ``expected_etag``, or a concurrent writer we could not
out-wait), ``LostUpdateError`` (a concurrent writer undid our change and the bounded re-write
did not converge), ``VerificationError`` (the platform does not hold what we wrote) and
``InputErrors`` (bad input found before any write, every problem with its option path).
``runner.fail`` is the one fail path that turns any of them into a module failure.

Messages are built only from the HTTP method, the request path (no query string),
the platform's error body and the correlation id, so they never carry a token or a
client secret.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re
import sys

# "... You must have at least one of the following permissions assigned: a:b:c, d:e:f"
_PERMISSION_LIST = re.compile(r"permissions?\s+assigned:\s*\[?([A-Za-z0-9:_*,\s-]+)\]?", re.I)
_PERMISSION = re.compile(r"^[A-Za-z0-9_*-]+(?::[A-Za-z0-9_*-]+){2}$")


def missing_library_message(library, needed_by):
    """The failure message of an entry point whose Python library cannot be imported: what is
    missing, for which Python, and the command that installs it there."""
    return ("%s needs the Python library %s, which %s cannot import. Install it with: %s -m pip install %s "
            "(or every library the collection needs: %s -m pip install -r requirements.txt, from the "
            "collection's root)" % (needed_by, library, sys.executable, sys.executable, library, sys.executable))


class GenesysError(Exception):
    """Base class of every error this collection's client raises."""


class GenesysConfigError(GenesysError, ValueError):
    """Invalid connection settings (unknown region, refused URL, unsafe token cache...)."""


class UnsupportedOperationError(GenesysError, ValueError):
    """A programming error: the request is not an allowlisted SDK operation."""


class InputErrors(GenesysError, ValueError):
    """Bad input found before any write; ``errors`` holds one FieldMapError per problem."""

    def __init__(self, errors):
        self.errors = list(errors)
        super(InputErrors, self).__init__("; ".join(str(error) for error in self.errors))


class ConflictError(GenesysError):
    """The object changed since it was reviewed (``expected_etag``) or kept moving under us.

    Raised before a write: nothing was written for that object.
    """

    def __init__(self, message, name=None, etag=None, version=None):
        self.name = name
        self.etag = etag
        self.version = version
        super(ConflictError, self).__init__(message)


class VerificationError(GenesysError):
    """After the write, the platform's copy does not hold what we wrote."""


class LostUpdateError(VerificationError):
    """A concurrent writer undid our change after our write, again after every bounded re-write."""


class GenesysApiError(GenesysError):
    """An API call that failed, with the platform's ErrorBody fields.

    ``ambiguous`` is True when a write may or may not have been applied (the connection
    dropped, or a gateway answered 502/503/504, after the request was sent).
    """

    def __init__(self, status, code, message, correlation_id=None, body=None, method=None, path=None,
                 operation=None, ambiguous=False):
        self.status = status
        self.code = code
        self.message = message
        self.correlation_id = correlation_id
        self.body = body
        self.method = method
        self.path = path
        self.operation = operation
        self.ambiguous = ambiguous
        self.missing_permissions = find_missing_permissions(body, message)
        super(GenesysApiError, self).__init__(self._describe())

    def _describe(self):
        where = " ".join(part for part in (self.method, self.path) if part) or "Genesys Cloud request"
        head = "%s failed" % where
        if self.status is not None:
            head += ": %s" % self.status
            if self.code:
                head += " %s" % self.code
        text = head
        if self.message:
            text += ": %s" % self.message.rstrip()
            if not text.endswith("."):
                text += "."
        if self.missing_permissions and not all(perm in text for perm in self.missing_permissions):
            text += " Missing permission (any of): %s." % ", ".join(self.missing_permissions)
        hint = self._hint()
        if hint:
            text += " " + hint
        if self.correlation_id:
            text += " (correlation id %s)" % self.correlation_id
        return text

    def _hint(self):
        if self.status is not None and self.status >= 500:
            if self.method in ("GET", "HEAD") or not (self.ambiguous or self.status == 500):
                return "This is usually transient; retrying later is safe."
            return ("A server-side failure; the write may or may not have been applied. Re-running converges "
                    "(the collection checks before it writes).")
        if self.status == 401:
            return "The access token was rejected; check the OAuth client and its region."
        if self.status == 403 and not self.missing_permissions:
            return "The OAuth client's role lacks a permission or scope for this operation."
        return ""

    def __repr__(self):
        return "%s(status=%r, code=%r, method=%r, path=%r, correlation_id=%r)" % (
            type(self).__name__, self.status, self.code, self.method, self.path, self.correlation_id)


class GenesysAuthError(GenesysApiError):
    """Getting or using an OAuth token failed (bad credentials, wrong region, expired token)."""

    def _hint(self):
        if self.path == "/oauth/token":
            return ("Check client_id/client_secret and that region (or api_url) is the org's region; "
                    "the OAuth client must use the Client Credentials grant.")
        return super(GenesysAuthError, self)._hint()


class GenesysConnectionError(GenesysApiError):
    """No usable HTTP answer after all retries (connection refused/reset, timeouts)."""

    def __init__(self, message, method=None, path=None, operation=None, ambiguous=False, attempts=None,
                 reason=None):
        self.attempts = attempts
        self.reason = reason  # short transport failure, e.g. "connection failed (ProtocolError)"
        super(GenesysConnectionError, self).__init__(
            None, "connection.error", message, method=method, path=path, operation=operation, ambiguous=ambiguous)

    def _hint(self):
        if self.ambiguous:
            return "The request may have been applied before the connection failed; re-run to converge."
        return "This is usually transient; retrying later is safe."


def find_missing_permissions(body, message=None):
    """List the permissions a 401/403 error body names, in order, without duplicates."""
    found = []
    if isinstance(body, dict):
        params = body.get("messageParams")
        if isinstance(params, dict):
            for value in params.values():
                for item in (value if isinstance(value, list) else str(value).split(",")):
                    item = str(item).strip(" []")
                    if _PERMISSION.match(item):
                        found.append(item)
        if not found:
            message = body.get("message") or message
    if not found and message:
        match = _PERMISSION_LIST.search(str(message))
        if match:
            found = [item.strip() for item in match.group(1).split(",") if _PERMISSION.match(item.strip())]
    unique = []
    for item in found:
        if item not in unique:
            unique.append(item)
    return unique
