"""The client's OAuth handling against the emulator: token cache, bad credentials, re-auth."""
import os
import stat

import pytest

from ansible_collections.genesyscloud.routing.plugins.module_utils.auth import TokenCache, cache_key
from ansible_collections.genesyscloud.routing.plugins.module_utils.client import GenesysClient, resolve_endpoints
from ansible_collections.genesyscloud.routing.plugins.module_utils.errors import GenesysAuthError, GenesysConfigError

CLIENT_ID = "emulator-client"
CLIENT_SECRET = "emulator-secret"


def make_client(emulator, cache_dir=None, client_secret=CLIENT_SECRET, **kwargs):
    api_url, login_url = resolve_endpoints(api_url=emulator.base_url)
    return GenesysClient(api_url, login_url, client_id=CLIENT_ID, client_secret=client_secret,
                         token_cache_dir=str(cache_dir) if cache_dir else None, **kwargs)


def mode_of(path):
    return stat.S_IMODE(os.stat(path).st_mode)


def test_two_tasks_share_one_token_through_the_cache(emulator, tmp_path):
    cache_dir = tmp_path / "token-cache"
    first = make_client(emulator, cache_dir)   # task 1
    first.get("/api/v2/routing/queues")
    second = make_client(emulator, cache_dir)  # task 2: a new client, as in a new process
    second.get("/api/v2/routing/skills")

    stats = emulator.stats()
    assert stats["tokens_issued"] == 1
    assert stats["by_operation"]["POST /oauth/token"] == 1
    assert first.stats["tokens_fetched"] == 1 and second.stats["tokens_fetched"] == 0

    cache_file = second.token_cache_path
    assert os.path.dirname(cache_file) == str(cache_dir)
    assert mode_of(cache_file) == 0o600
    assert mode_of(str(cache_dir)) == 0o700
    assert CLIENT_SECRET not in open(cache_file).read()


def test_without_cache_each_task_fetches_its_own_token(emulator):
    make_client(emulator).get("/api/v2/routing/queues")
    make_client(emulator).get("/api/v2/routing/queues")
    assert emulator.stats()["tokens_issued"] == 2


def test_bad_credentials_fail_clearly_without_the_secret(emulator, tmp_path):
    wrong_secret = "definitely-wrong-secret-42"
    client = make_client(emulator, tmp_path / "cache", client_secret=wrong_secret)
    with pytest.raises(GenesysAuthError) as info:
        client.get("/api/v2/routing/queues")
    text = str(info.value)
    assert info.value.status == 401 and info.value.code == "invalid_client"
    assert "client authentication failed" in text and "client_id/client_secret" in text
    assert wrong_secret not in text and wrong_secret not in repr(info.value)
    assert emulator.stats()["by_operation"].get("POST /oauth/token") == 1  # a 401 is not retried
    assert not os.path.exists(client.token_cache_path)


def test_rejected_cached_token_triggers_exactly_one_reauthentication(emulator, tmp_path):
    cache_dir = tmp_path / "token-cache"
    login_host = emulator.base_url.split("://", 1)[1]
    # A token the server no longer knows (as after a revocation or a server restart), cached as still valid.
    cache = TokenCache(str(cache_dir))
    cache.store(cache_key(CLIENT_ID, CLIENT_SECRET, login_host), "stale-token-the-server-does-not-know",
                4102444800.0, login_host)

    client = make_client(emulator, cache_dir)
    assert client.get("/api/v2/routing/queues")["entities"] is not None
    client.get("/api/v2/routing/skills")

    stats = emulator.stats()
    assert stats["by_status"].get("401") == 1
    assert stats["tokens_issued"] == 1
    assert [event["event"] for event in client.events] == ["reauthenticate"]
    # the cache now holds the new token, so the next task does not fetch again
    make_client(emulator, cache_dir).get("/api/v2/routing/queues")
    assert emulator.stats()["tokens_issued"] == 1


def test_wrong_secret_after_a_cached_run_fails_with_401(emulator, tmp_path):
    cache_dir = tmp_path / "token-cache"
    make_client(emulator, cache_dir).get("/api/v2/routing/queues")  # an earlier run cached a token
    emulator.reset_stats()
    wrong = make_client(emulator, cache_dir, client_secret="a-wrong-secret-value")
    with pytest.raises(GenesysAuthError) as info:
        wrong.post("/api/v2/routing/queues", {"name": "written with a cached token"})
    assert info.value.status == 401 and info.value.path == "/oauth/token"
    stats = emulator.stats()
    assert stats["writes"] == 0 and stats["by_operation"] == {"POST /oauth/token": 1}
    # the right secret still finds its token
    make_client(emulator, cache_dir).get("/api/v2/routing/queues")
    assert emulator.stats()["tokens_issued"] == 0


def test_given_access_token_is_used_without_login(emulator):
    token = emulator.token(fresh=True)
    emulator.reset_stats()
    client = GenesysClient(emulator.base_url, emulator.base_url, access_token=token)
    client.get("/api/v2/routing/queues")
    stats = emulator.stats()
    assert stats["tokens_issued"] == 0 and stats["by_status"] == {"200": 1}


def test_plain_http_to_a_non_loopback_host_is_refused(emulator):
    port = emulator.base_url.rsplit(":", 1)[1]
    with pytest.raises(GenesysConfigError):
        resolve_endpoints(api_url="http://192.0.2.10:%s" % port)
    with pytest.raises(GenesysConfigError):
        GenesysClient("http://192.0.2.10:%s" % port, "http://192.0.2.10:%s" % port, client_id=CLIENT_ID,
                      client_secret=CLIENT_SECRET)
    assert emulator.stats()["total"] == 0
