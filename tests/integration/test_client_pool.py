"""token_pool_size against the emulator: each token within its own limit, 0 x 429, one token by default.

The assertions are call counts (per token, from the emulator's by_token and the client's
calls_per_token), never timings.
"""
from concurrent.futures import ThreadPoolExecutor

import pytest

from ansible_collections.genesyscloud.routing.plugins.module_utils.client import GenesysClient
from ansible_collections.genesyscloud.routing.plugins.module_utils.errors import GenesysConfigError

CLIENT = ("emulator-client", "emulator-secret")
QUEUES = "/api/v2/routing/queues"


def make_client(emulator, **kwargs):
    options = dict(client_id=CLIENT[0], client_secret=CLIENT[1])
    options.update(kwargs)
    return GenesysClient(emulator.base_url, emulator.base_url, **options)


def run_calls(client, count, workers=4):
    with ThreadPoolExecutor(max_workers=workers) as pool:
        list(pool.map(lambda _i: client.get(QUEUES), range(count)))


def test_a_pool_of_four_keeps_each_token_within_its_own_limit(emulator_factory):
    limited = emulator_factory(rate_limit=20, rate_window=2)
    client = make_client(limited, token_pool_size=4)
    run_calls(client, 240)
    stats = limited.stats()
    assert stats["rate_limited"] == 0 and "429" not in stats["by_status"]
    assert stats["tokens_issued"] == 4 and len(stats["by_token"]) == 4
    assert all(entry["peak_per_window"] <= 20 for entry in stats["by_token"].values())
    assert sorted(entry["calls"] for entry in stats["by_token"].values()) == sorted(
        client.stats["calls_per_token"])
    assert sum(client.stats["calls_per_token"]) == 240 and min(client.stats["calls_per_token"]) > 0


def test_one_token_is_the_default(emulator_factory):
    limited = emulator_factory(rate_limit=20, rate_window=2)
    client = make_client(limited)
    run_calls(client, 60)
    stats = limited.stats()
    assert stats["rate_limited"] == 0
    assert stats["tokens_issued"] == 1 and list(stats["by_token"].values())[0]["calls"] == 60
    assert client.stats["calls_per_token"] == [60]


def test_a_short_task_with_a_pool_still_uses_one_token(emulator):
    client = make_client(emulator, token_pool_size=10)
    for _ in range(5):
        client.get(QUEUES)
    assert emulator.stats()["tokens_issued"] == 1
    assert client.stats["calls_per_token"] == [5] + [0] * 9


def test_an_org_wide_ceiling_is_waited_out(emulator_factory):
    limited = emulator_factory(rate_limit=50, rate_window=2)
    limited.api("PUT", "/__emulator/rate-limits", json={"org_limit": 30}).raise_for_status()
    client = make_client(limited, token_pool_size=4, retry_max_wait=30)
    run_calls(client, 80)
    stats = limited.stats()
    assert stats["by_operation"]["GET /api/v2/routing/queues"] - stats["rate_limited"] == 80
    assert all(entry["peak_per_window"] <= 50 for entry in stats["by_token"].values())


@pytest.mark.parametrize("size", [0, 21])
def test_pool_size_is_bounded(emulator, size):
    with pytest.raises(GenesysConfigError) as info:
        make_client(emulator, token_pool_size=size)
    assert "between 1 and 20" in str(info.value)
