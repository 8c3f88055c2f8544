"""Token cache files and token reuse/expiry, without any HTTP."""
import json
import os
import re
import stat
import threading

import pytest

from ansible_collections.genesyscloud.routing.plugins.module_utils.auth import (
    ClientCredentialsAuth,
    Secret,
    StaticTokenAuth,
    TokenCache,
    cache_key,
)
from ansible_collections.genesyscloud.routing.plugins.module_utils.errors import GenesysConfigError

SECRET = "s3cr3t-client-secret-value"


class Clock:
    def __init__(self, now=1_000_000.0):
        self.now = now

    def __call__(self):
        return self.now


class Fetcher:
    """Stands in for the OAuth exchange: hands out token-1, token-2, ..."""

    def __init__(self, expires_in=3600):
        self.calls = 0
        self.expires_in = expires_in

    def __call__(self):
        self.calls += 1
        return "token-%d" % self.calls, self.expires_in


def mode_of(path):
    return stat.S_IMODE(os.stat(path).st_mode)


def make_auth(tmp_path, expires_in=3600, client_id="client-a", host="login.mypurecloud.com", warn=None):
    """The first process's auth over a fresh cache directory: (auth, cache, its fetcher, its clock)."""
    fetcher, clock = Fetcher(expires_in), Clock()
    cache = TokenCache(str(tmp_path / "cache"), warn=warn)
    return ClientCredentialsAuth(fetcher, client_id, SECRET, host, cache=cache, clock=clock), cache, fetcher, clock


def next_process(fetcher, cache, clock, client_id="client-a", host="login.mypurecloud.com", secret=SECRET, warn=None):
    """A new auth over the same cache directory: what the next Ansible task (a new process) builds."""
    return ClientCredentialsAuth(fetcher, client_id, secret, host, cache=TokenCache(cache.directory, warn=warn), clock=clock)


# -------------------------------------------------------------------------- file layout

def test_cache_key_depends_on_client_secret_and_host():
    assert cache_key("a", SECRET, "login.x") == cache_key("a", SECRET, "LOGIN.X")
    assert cache_key("a", SECRET, "login.x") != cache_key("b", SECRET, "login.x")
    assert cache_key("a", SECRET, "login.x") != cache_key("a", SECRET, "login.y")
    assert cache_key("a", SECRET, "login.x") != cache_key("a", SECRET + "x", "login.x")
    assert cache_key("a", Secret(SECRET), "login.x") == cache_key("a", SECRET, "login.x")
    # each token of a token pool has its own file; the first keeps the key of a pool of one
    assert cache_key("a", SECRET, "login.x", slot=0) == cache_key("a", SECRET, "login.x")
    assert len({cache_key("a", SECRET, "login.x", slot=slot) for slot in range(20)}) == 20
    assert re.match(r"^[0-9a-f]{40}$", cache_key("my-client", SECRET, "login.x"))


def test_cache_key_is_keyed_by_the_secret_not_a_hash_of_it():
    import hashlib
    key = cache_key("a", SECRET, "login.x")
    assert SECRET not in key
    # A plain digest of the secret (or of the secret with the other parts) would let a reader of the
    # directory test guesses of the secret against the name without the HMAC construction.
    for material in (SECRET, "a" + SECRET + "login.x", "a\0%s\0login.x" % SECRET):
        assert hashlib.sha256(material.encode()).hexdigest()[:40] != key


def test_a_different_secret_never_reuses_the_cached_token(tmp_path):
    right, cache, fetcher, clock = make_auth(tmp_path)
    assert right.token() == "token-1"
    wrong = next_process(fetcher, cache, clock, secret="wrong-secret-value")
    assert wrong.token() == "token-2"  # the login service is asked (and would refuse a wrong secret)
    assert fetcher.calls == 2


def test_files_of_expired_tokens_are_removed_when_a_token_is_stored(tmp_path):
    old, cache, fetcher, clock = make_auth(tmp_path, expires_in=600, client_id="old-client")
    old.token()
    old_path = old.cache_path
    with cache.locked(cache_key("old-client", SECRET, "login.mypurecloud.com")):
        pass
    # a file of the previous format (no secret in its key) that has expired as well
    legacy = os.path.join(cache.directory, "0" * 40 + ".json")
    with open(legacy, "w") as handle:
        json.dump({"version": 1, "access_token": "legacy", "expires_at": clock.now - 1}, handle)
    os.chmod(legacy, 0o600)
    unrelated = os.path.join(cache.directory, "notes.txt")
    open(unrelated, "w").close()
    clock.now += 601  # the old client's token has expired
    live = next_process(fetcher, cache, clock, client_id="live-client")
    live.token()
    names = sorted(os.listdir(cache.directory))
    assert os.path.basename(old_path) not in names and os.path.basename(legacy) not in names
    assert not [name for name in names if name.startswith(os.path.basename(old_path)[:40])]
    assert os.path.basename(live.cache_path) in names and "notes.txt" in names


def test_unexpired_files_of_other_clients_are_kept(tmp_path):
    first, cache, fetcher, clock = make_auth(tmp_path, expires_in=3600, client_id="first")
    first.token()
    clock.now += 60
    second = next_process(fetcher, cache, clock, client_id="second")
    second.token()
    assert os.path.exists(first.cache_path) and os.path.exists(second.cache_path)


def test_directory_is_created_private(tmp_path):
    old = os.umask(0)
    try:
        cache = TokenCache(str(tmp_path / "deep" / "cache"))
        cache.ensure_directory()
    finally:
        os.umask(old)
    assert mode_of(cache.directory) == 0o700


def test_cache_file_is_0600_and_holds_no_secret_or_client_id(tmp_path):
    auth, cache, fetcher, _clock = make_auth(tmp_path, client_id="my-client-id")
    assert auth.token() == "token-1"
    files = [name for name in os.listdir(cache.directory) if name.endswith(".json")]
    assert files == [cache_key("my-client-id", SECRET, "login.mypurecloud.com") + ".json"]
    path = os.path.join(cache.directory, files[0])
    assert mode_of(path) == 0o600
    text = open(path).read()
    assert SECRET not in text and "my-client-id" not in text
    assert json.loads(text)["access_token"] == "token-1"
    # no temp files left behind by the atomic write
    assert [name for name in os.listdir(cache.directory) if name.startswith(".tmp-")] == []


def test_wide_directory_permissions_are_repaired_with_warning(tmp_path):
    directory = tmp_path / "cache"
    directory.mkdir()
    os.chmod(str(directory), 0o755)
    warnings = []
    cache = TokenCache(str(directory), warn=warnings.append)
    cache.ensure_directory()
    assert mode_of(str(directory)) == 0o700
    assert len(warnings) == 1 and "0700" in warnings[0]


def test_wide_file_permissions_are_repaired_with_warning(tmp_path):
    warnings = []
    auth, cache, fetcher, _clock = make_auth(tmp_path, warn=warnings.append)
    auth.token()
    path = auth.cache_path
    os.chmod(path, 0o644)
    second = next_process(fetcher, cache, Clock(), warn=warnings.append)
    assert second.token() == "token-1"
    assert mode_of(path) == 0o600
    assert any("0600" in w for w in warnings)


@pytest.mark.skipif(os.geteuid() != 0, reason="changing a file's owner needs root")
def test_cache_file_owned_by_another_user_is_refused(tmp_path):
    auth, cache, fetcher, _clock = make_auth(tmp_path)
    auth.token()
    os.chown(auth.cache_path, 65534, 65534)
    other = next_process(fetcher, cache, Clock())
    with pytest.raises(GenesysConfigError) as info:
        other.token()
    assert "not by the current user" in str(info.value)


@pytest.mark.skipif(os.geteuid() != 0, reason="changing a directory's owner needs root")
def test_cache_directory_owned_by_another_user_is_refused(tmp_path):
    directory = tmp_path / "cache"
    directory.mkdir(mode=0o700)
    os.chown(str(directory), 65534, 65534)
    with pytest.raises(GenesysConfigError):
        TokenCache(str(directory)).ensure_directory()


def test_symlinked_cache_file_is_refused(tmp_path):
    auth, cache, fetcher, _clock = make_auth(tmp_path)
    cache.ensure_directory()
    target = tmp_path / "elsewhere.json"
    target.write_text("{}")
    os.symlink(str(target), auth.cache_path)
    with pytest.raises(GenesysConfigError):
        auth.token()


def test_cache_path_that_is_a_file_is_refused(tmp_path):
    path = tmp_path / "not-a-dir"
    path.write_text("x")
    with pytest.raises(GenesysConfigError):
        TokenCache(str(path)).ensure_directory()


def test_corrupt_cache_file_is_replaced(tmp_path):
    auth, cache, fetcher, _clock = make_auth(tmp_path)
    cache.ensure_directory()
    with open(auth.cache_path, "w") as handle:
        handle.write("{not json")
    os.chmod(auth.cache_path, 0o600)
    assert auth.token() == "token-1"
    assert json.load(open(auth.cache_path))["access_token"] == "token-1"


# -------------------------------------------------------------------------- reuse / expiry

def test_second_process_reuses_cached_token(tmp_path):
    first, cache, fetcher, clock = make_auth(tmp_path)
    assert first.token() == "token-1"
    # a new auth object stands for the next Ansible task (a new process)
    second = next_process(fetcher, cache, clock)
    assert second.token() == "token-1"
    assert fetcher.calls == 1


def test_token_is_renewed_60_seconds_before_expiry(tmp_path):
    auth, cache, fetcher, clock = make_auth(tmp_path, expires_in=600)
    assert auth.token() == "token-1"
    clock.now += 600 - 61
    assert auth.token() == "token-1"
    clock.now += 2  # now 59 s before expiry
    assert auth.token() == "token-2"
    fresh = next_process(fetcher, cache, clock)
    assert fresh.token() == "token-2"
    assert fetcher.calls == 2


def test_expired_cache_entry_is_not_used_by_a_new_process(tmp_path):
    auth, cache, fetcher, clock = make_auth(tmp_path, expires_in=120)
    auth.token()
    clock.now += 100
    later = next_process(fetcher, cache, clock)
    assert later.token() == "token-2"


def test_other_client_or_host_gets_its_own_token(tmp_path):
    a, cache, fetcher, clock = make_auth(tmp_path)
    b = next_process(fetcher, cache, clock, client_id="client-b")
    c = next_process(fetcher, cache, clock, host="login.mypurecloud.ie")
    assert {a.token(), b.token(), c.token()} == {"token-1", "token-2", "token-3"}


def test_invalidate_drops_the_rejected_token_everywhere(tmp_path):
    auth, cache, fetcher, clock = make_auth(tmp_path)
    assert auth.token() == "token-1"
    auth.invalidate("token-1")
    assert not os.path.exists(auth.cache_path)
    assert auth.token() == "token-2"
    assert json.load(open(auth.cache_path))["access_token"] == "token-2"


def test_invalidate_keeps_a_token_another_process_already_renewed(tmp_path):
    stale, cache, fetcher, clock = make_auth(tmp_path)
    stale.token()  # token-1
    other = next_process(fetcher, cache, clock)
    other.token()
    other.invalidate("token-1")
    assert other.token() == "token-2"
    stale.invalidate("token-1")  # the stale process learns its token was rejected
    assert stale.token() == "token-2"  # picks up the renewed token instead of fetching
    assert fetcher.calls == 2


def test_without_cache_tokens_live_in_memory_only(tmp_path):
    fetcher = Fetcher()
    auth = ClientCredentialsAuth(fetcher, "client-a", SECRET, "login.x", cache=None, clock=Clock())
    assert auth.token() == auth.token() == "token-1"
    assert auth.cache_path is None
    assert fetcher.calls == 1


def test_missing_expires_in_gets_a_short_life(tmp_path):
    fetcher = Fetcher(expires_in=None)
    clock = Clock()
    auth = ClientCredentialsAuth(fetcher, "client-a", SECRET, "login.x", clock=clock)
    auth.token()
    clock.now += 300
    assert auth.token() == "token-2"


def test_concurrent_threads_share_one_fetch(tmp_path):
    auth, _cache, fetcher, _clock = make_auth(tmp_path)
    results = []
    threads = [threading.Thread(target=lambda: results.append(auth.token())) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == ["token-1"] * 8 and fetcher.calls == 1


# -------------------------------------------------------------------------- no leaks

def test_reprs_never_show_tokens(tmp_path):
    auth, _cache, _fetcher, _clock = make_auth(tmp_path)
    token = auth.token()
    static = StaticTokenAuth("given-access-token")
    assert token not in repr(auth)
    assert "given-access-token" not in repr(static) and "given-access-token" not in str(static.__dict__)
    secret = Secret("hidden-value")
    assert "hidden-value" not in repr(secret) and "hidden-value" not in str(secret)
    assert secret.reveal() == "hidden-value"
