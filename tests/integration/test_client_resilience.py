"""Retries, rate limits and ambiguous writes against the emulator's fault injection."""
from concurrent.futures import ThreadPoolExecutor

import pytest

from ansible_collections.genesyscloud.routing.plugins.module_utils.client import GenesysClient
from ansible_collections.genesyscloud.routing.plugins.module_utils.errors import (
    GenesysApiError,
    GenesysConnectionError,
)

CLIENT = ("emulator-client", "emulator-secret")
QUEUES = "/api/v2/routing/queues"


def make_client(emulator, **kwargs):
    options = dict(client_id=CLIENT[0], client_secret=CLIENT[1], requests_per_minute=6000)
    options.update(kwargs)
    return GenesysClient(emulator.base_url, emulator.base_url, **options)


def queues_named(client, name):
    return [q for q in client.list_all(QUEUES, {"name": name}) if q["name"] == name]


def test_429_with_retry_after_is_waited_out(emulator):
    client = make_client(emulator)
    client.get(QUEUES)  # token first, so the fault hits the API call
    emulator.reset_stats()
    emulator.set_faults({"probability": 1, "kinds": ["429"], "count": 1, "methods": ["GET"]})

    assert "entities" in client.get(QUEUES)

    stats = emulator.stats()
    assert stats["by_status"] == {"429": 1, "200": 1}
    waits = [e for e in client.events if e["event"] == "rate_limited"]
    assert len(waits) == 1 and waits[0]["wait_seconds"] == 1  # the emulator's Retry-After


def test_429_waits_are_capped_by_retry_max_wait(emulator):
    client = make_client(emulator, retry_max_wait=0)
    client.get(QUEUES)
    emulator.set_faults({"probability": 1, "kinds": ["429"], "count": 1, "methods": ["GET"]})
    with pytest.raises(GenesysApiError) as info:
        client.get(QUEUES)
    assert info.value.status == 429 and "retry_max_wait" in str(info.value)


def test_503_on_get_is_retried(emulator):
    client = make_client(emulator)
    client.get(QUEUES)
    emulator.reset_stats()
    emulator.set_faults({"probability": 1, "kinds": ["503"], "count": 2, "methods": ["GET"]})

    assert "entities" in client.get(QUEUES)

    stats = emulator.stats()
    assert stats["by_status"] == {"503": 2, "200": 1}
    assert [e["event"] for e in client.events] == ["retry", "retry"]


def test_503_on_post_is_not_blindly_retried(emulator):
    client = make_client(emulator)
    client.get(QUEUES)
    emulator.set_faults({"probability": 1, "kinds": ["503"], "count": 1, "methods": ["POST"]})
    with pytest.raises(GenesysApiError) as info:
        client.post(QUEUES, {"name": "Client Test 503"})
    assert info.value.status == 503 and info.value.ambiguous
    assert emulator.stats()["by_operation"]["POST /api/v2/routing/queues"] == 1


def test_lost_response_on_create_does_not_duplicate_the_queue(emulator):
    client = make_client(emulator)
    name = "Client Test Lost Response"
    assert queues_named(client, name) == []
    emulator.set_faults({"probability": 1, "kinds": ["lost_response"], "count": 1, "methods": ["POST"],
                         "paths": [QUEUES]})

    created, recovered = client.create(QUEUES, {"name": name}, lambda: (queues_named(client, name) or [None])[0],
                                       return_recovered=True)

    assert recovered is True and created["name"] == name
    assert len(queues_named(client, name)) == 1
    assert emulator.stats()["by_operation"]["POST /api/v2/routing/queues"] == 1
    assert client.stats["recovered"] == 1


def test_connection_reset_before_create_is_resent_once_lookup_finds_nothing(emulator):
    client = make_client(emulator)
    name = "Client Test Reset"
    emulator.set_faults({"probability": 1, "kinds": ["reset"], "count": 1, "methods": ["POST"], "paths": [QUEUES]})

    created = client.create(QUEUES, {"name": name}, lambda: (queues_named(client, name) or [None])[0])

    assert created["name"] == name
    assert len(queues_named(client, name)) == 1
    assert emulator.stats()["by_operation"]["POST /api/v2/routing/queues"] == 2


def test_plain_post_with_lost_response_raises_ambiguous_and_sends_once(emulator):
    client = make_client(emulator)
    name = "Client Test Plain Post"
    emulator.set_faults({"probability": 1, "kinds": ["lost_response"], "count": 1, "methods": ["POST"],
                         "paths": [QUEUES]})
    with pytest.raises(GenesysConnectionError) as info:
        client.post(QUEUES, {"name": name})
    assert info.value.ambiguous
    assert len(queues_named(client, name)) == 1  # applied once, never resent


def test_missing_object_error_has_correlation_id(emulator):
    client = make_client(emulator)
    with pytest.raises(GenesysApiError) as info:
        client.get(QUEUES + "/00000000-0000-0000-0000-000000000000")
    assert info.value.status == 404 and info.value.code == "not.found"
    assert info.value.correlation_id and info.value.correlation_id in str(info.value)


def test_rate_limit_headers_pace_the_client_before_any_429(emulator_factory):
    # 5 calls per 2-second window: the inin-ratelimit-* headers must hold the client back.
    limited = emulator_factory(rate_limit=5, rate_window=2)
    client = make_client(limited, requests_per_minute=6000)
    for _ in range(8):
        client.get(QUEUES)
    stats = limited.stats()
    assert stats["rate_limited"] == 0 and "429" not in stats["by_status"]
    assert stats["by_operation"]["GET /api/v2/routing/queues"] == 8
    assert client.stats["waited_seconds"] > 0


def test_an_allowance_of_180_is_followed_by_threads_without_a_429(emulator_factory):
    # The platform may advertise less than 300 (reference: genesys-api.md, rate limits). A 3-second
    # window keeps the test short; the client is allowed far more (6000 a minute) than the 180 per
    # window the headers advertise, so only the headers can hold it back.
    limited = emulator_factory(rate_limit=180, rate_window=3)
    client = make_client(limited, requests_per_minute=6000)
    client.get(QUEUES)
    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(lambda _i: client.get(QUEUES), range(399)))
    stats = limited.stats()
    assert stats["rate_limited"] == 0 and "429" not in stats["by_status"]
    assert stats["by_operation"]["GET /api/v2/routing/queues"] == 400
    assert client.stats["waited_seconds"] > 0


def test_one_client_shared_by_threads(emulator):
    client = make_client(emulator)
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda _i: client.get(QUEUES), range(20)))
    assert all("entities" in result for result in results)
    stats = emulator.stats()
    assert stats["tokens_issued"] == 1
    assert stats["total"] == client.stats["total"] == 21
