# -*- coding: utf-8 -*-
# Copyright: (c) 2025, genesyscloud.routing contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""OAuth token handling: an in-memory token plus an on-disk cache shared by tasks.

Every Ansible task runs in a new process, so without a cache each task would ask
the login service for a new token. The cache keeps one JSON file per (client id,
client secret, login host); its name is an HMAC of the three keyed with the secret, so
a different secret never reuses another's token, and neither the secret nor the client
id can be read from the name or the file. Files of tokens that have expired are
removed whenever a new token is stored.

This module does no HTTP itself: the client hands in a ``fetch`` callable that
performs the client-credentials exchange, so all HTTP stays in the client.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import errno
import hashlib
import hmac
import json
import os
import re
import stat
import tempfile
import threading
import time
from contextlib import contextmanager

try:
    import fcntl
    HAS_FCNTL = True
except ImportError:  # pragma: no cover - the Ansible controller is POSIX
    HAS_FCNTL = False

from ansible_collections.genesyscloud.routing.plugins.module_utils.errors import GenesysConfigError

# A cached token is reused only until this many seconds before it expires, so a
# request never starts with a token about to lapse.
EXPIRY_MARGIN_SECONDS = 60
# expires_in is optional in the OAuth answer; assume a short life when it is missing.
FALLBACK_EXPIRES_IN = 300
CACHE_FORMAT_VERSION = 2  # 2: the file name covers the client secret
_CACHE_FILE = re.compile(r"^[0-9a-f]{40}\.json$")
DIR_MODE = 0o700
FILE_MODE = 0o600
LOCK_WAIT_SECONDS = 90.0


class Secret:
    """Holds a sensitive string; repr/str never show it."""

    __slots__ = ("_value",)

    def __init__(self, value):
        self._value = value

    def reveal(self):
        return self._value

    def __repr__(self):
        return "Secret(********)"

    __str__ = __repr__

    def __eq__(self, other):
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self):
        return hash(self._value)


def cache_key(client_id, client_secret, login_host, slot=0):
    """File-name-safe key of a (client id, client secret, login host) triple.

    An HMAC keyed with the secret: a wrong or rotated secret gets its own entry (and so a
    401 from the login service) instead of a token cached under the right one, while the
    name reveals nothing about the secret.
    """
    secret = client_secret.reveal() if isinstance(client_secret, Secret) else client_secret
    material = "genesyscloud.routing token v%d\0%s\0%s" % (CACHE_FORMAT_VERSION, client_id, login_host.lower())
    if slot:
        material += "\0slot %d" % slot  # the other tokens of a token pool
    return hmac.new(str(secret).encode("utf-8"), material.encode("utf-8"), hashlib.sha256).hexdigest()[:40]


class TokenCache:
    """A directory of token files, private to the current user (dir 0700, files 0600).

    Files or directories with wider permissions are repaired with a warning; anything
    owned by another user is refused, since that user could read or plant tokens.
    """

    def __init__(self, directory, warn=None, lock_wait=LOCK_WAIT_SECONDS, sleep=time.sleep):
        self.directory = os.path.abspath(os.path.expanduser(directory))
        self._warn = warn or (lambda message: None)
        self._lock_wait = lock_wait
        self._sleep = sleep
        self._checked_dir = False

    def path_for(self, key):
        return os.path.join(self.directory, key + ".json")

    def ensure_directory(self):
        if self._checked_dir:
            return
        parent = os.path.dirname(self.directory)
        if parent and not os.path.isdir(parent):
            os.makedirs(parent)
        try:
            os.mkdir(self.directory, DIR_MODE)
            os.chmod(self.directory, DIR_MODE)  # mkdir's mode is filtered by the umask only
        except OSError as exc:
            if exc.errno != errno.EEXIST:
                raise GenesysConfigError("Cannot create the token cache directory %s: %s"
                                         % (self.directory, exc.strerror))
        st = os.stat(self.directory)
        if not stat.S_ISDIR(st.st_mode):
            raise GenesysConfigError("Token cache path %s is not a directory." % self.directory)
        self._check_owner(st, self.directory, "directory")
        if stat.S_IMODE(st.st_mode) & 0o077:
            os.chmod(self.directory, DIR_MODE)
            self._warn("Token cache directory %s had permissions %s; restricted them to 0700."
                       % (self.directory, oct(stat.S_IMODE(st.st_mode))))
        self._checked_dir = True

    def _check_owner(self, st, path, kind):
        if st.st_uid != os.geteuid():
            raise GenesysConfigError(
                "Token cache %s %s is owned by uid %d, not by the current user (uid %d); refusing to "
                "use it. Remove it, or set token_cache_dir to a private directory."
                % (kind, path, st.st_uid, os.geteuid()))

    def load(self, key):
        """Return the cache entry ``{"access_token", "expires_at"}`` or None."""
        entry = self._read(key)
        if (not isinstance(entry, dict) or entry.get("version") != CACHE_FORMAT_VERSION
                or not isinstance(entry.get("access_token"), str)
                or not isinstance(entry.get("expires_at"), (int, float))):
            return None
        return entry

    def _read(self, key):
        """The parsed file of ``key`` (any format version), or None when absent or unreadable JSON."""
        self.ensure_directory()
        path = self.path_for(key)
        try:
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        except OSError as exc:
            if exc.errno == errno.ENOENT:
                return None
            if exc.errno == errno.ELOOP:
                raise GenesysConfigError("Token cache file %s is a symbolic link; refusing to use it." % path)
            raise GenesysConfigError("Cannot read token cache file %s: %s" % (path, exc.strerror))
        with os.fdopen(fd, "r") as handle:
            st = os.fstat(handle.fileno())
            self._check_owner(st, path, "file")
            if stat.S_IMODE(st.st_mode) & 0o077:
                os.fchmod(handle.fileno(), FILE_MODE)
                self._warn("Token cache file %s had permissions %s; restricted them to 0600."
                           % (path, oct(stat.S_IMODE(st.st_mode))))
            try:
                return json.load(handle)
            except ValueError:
                return None  # a torn or foreign file: treat as absent, the next store replaces it

    def store(self, key, access_token, expires_at, login_host, now=None):
        """Write the entry atomically (a private temp file renamed over the old one), then drop expired ones."""
        self.ensure_directory()
        entry = {
            "version": CACHE_FORMAT_VERSION,
            "login_host": login_host,
            "access_token": access_token,
            "expires_at": expires_at,
        }
        fd, tmp_path = tempfile.mkstemp(prefix=".tmp-", suffix=".json", dir=self.directory)
        try:
            os.fchmod(fd, FILE_MODE)
            with os.fdopen(fd, "w") as handle:
                json.dump(entry, handle)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp_path, self.path_for(key))
        except BaseException:
            try:
                os.unlink(tmp_path)
            except OSError:
                pass
            raise
        self.remove_expired(now=now, keep=key)

    def remove_expired(self, now=None, keep=None):
        """Delete the files (and locks) of cached tokens that have expired; return their keys.

        Without this, each client id, secret and login host ever used would leave a file
        behind for good. Unreadable or foreign files are left alone.
        """
        now = time.time() if now is None else now
        removed = []
        for name in sorted(os.listdir(self.directory)):
            key = name[:-len(".json")]
            if not _CACHE_FILE.match(name) or key == keep:
                continue
            try:
                entry = self._read(key)
            except GenesysConfigError:
                continue
            expires_at = entry.get("expires_at") if isinstance(entry, dict) else None
            if not isinstance(expires_at, (int, float)) or expires_at > now:
                continue
            for path in (self.path_for(key), os.path.join(self.directory, key + ".lock")):
                try:
                    os.unlink(path)
                except OSError:
                    pass
            removed.append(key)
        return removed

    def remove(self, key):
        try:
            os.unlink(self.path_for(key))
        except OSError as exc:
            if exc.errno != errno.ENOENT:
                raise

    @contextmanager
    def locked(self, key):
        """Hold an exclusive lock for ``key`` across processes (best effort).

        The lock makes concurrent tasks wait for the one fetching a token instead of
        each fetching its own. If the lock cannot be had in time the caller proceeds
        unlocked: at worst two tokens are issued, never a wrong one.
        """
        self.ensure_directory()
        if not HAS_FCNTL:
            yield
            return
        lock_path = os.path.join(self.directory, key + ".lock")
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), FILE_MODE)
        try:
            deadline = time.monotonic() + self._lock_wait
            locked = False
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    locked = True
                    break
                except OSError as exc:
                    if exc.errno not in (errno.EAGAIN, errno.EACCES) or time.monotonic() >= deadline:
                        break
                    self._sleep(0.05)
            try:
                yield
            finally:
                if locked:
                    fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)


class StaticTokenAuth:
    """A caller-supplied access token: used as is, never cached, never refreshed."""

    can_refresh = False

    def __init__(self, access_token):
        self._token = Secret(access_token)
        self.fetched = 0

    def token(self):
        return self._token.reveal()

    def invalidate(self, rejected_token):
        pass  # nothing to refresh with; the caller reports the 401

    def __repr__(self):
        return "StaticTokenAuth(access_token=********)"


class ClientCredentialsAuth:
    """Client-credentials tokens, kept in memory and (optionally) in a TokenCache.

    ``fetch()`` must return ``(access_token, expires_in)`` or raise. Thread-safe: one
    lock serialises refreshes so a thread pool shares one token.
    """

    can_refresh = True

    def __init__(self, fetch, client_id, client_secret, login_host, cache=None, clock=time.time, slot=0):
        self._fetch = fetch
        self._login_host = login_host
        self._key = cache_key(client_id, client_secret, login_host, slot)
        self._cache = cache
        self._clock = clock
        self._lock = threading.Lock()
        self._token = None
        self._expires_at = 0.0
        self.fetched = 0

    def __repr__(self):
        return "ClientCredentialsAuth(login_host=%r, cached=%r)" % (self._login_host, self._cache is not None)

    @property
    def cache_path(self):
        return self._cache.path_for(self._key) if self._cache else None

    def _usable(self, expires_at):
        return self._clock() < expires_at - EXPIRY_MARGIN_SECONDS

    def token(self):
        with self._lock:
            if self._token is not None and self._usable(self._expires_at):
                return self._token.reveal()
            if self._cache is None:
                self._refresh()
                return self._token.reveal()
            with self._cache.locked(self._key):
                entry = self._cache.load(self._key)
                if entry and self._usable(entry["expires_at"]):
                    self._token = Secret(entry["access_token"])
                    self._expires_at = float(entry["expires_at"])
                else:
                    self._refresh()
                    self._cache.store(self._key, self._token.reveal(), self._expires_at, self._login_host,
                                      now=self._clock())
            return self._token.reveal()

    def _refresh(self):
        access_token, expires_in = self._fetch()
        try:
            lifetime = float(expires_in)
        except (TypeError, ValueError):
            lifetime = FALLBACK_EXPIRES_IN
        self.fetched += 1
        self._token = Secret(access_token)
        self._expires_at = self._clock() + lifetime

    def invalidate(self, rejected_token):
        """Forget ``rejected_token`` (memory and cache) unless it was already replaced."""
        with self._lock:
            if self._token is not None and self._token.reveal() == rejected_token:
                self._token = None
                self._expires_at = 0.0
            if self._cache is None:
                return
            with self._cache.locked(self._key):
                entry = self._cache.load(self._key)
                # Another process may already have stored a fresh token: keep that one.
                if entry and entry.get("access_token") == rejected_token:
                    self._cache.remove(self._key)
