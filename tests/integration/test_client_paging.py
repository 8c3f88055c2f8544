"""Paging against the emulator: page-number, queue-member (no totals) and cursor envelopes."""
from ansible_collections.genesyscloud.routing.plugins.module_utils.client import GenesysClient

CLIENT = ("emulator-client", "emulator-secret")


def make_client(emulator):
    return GenesysClient(emulator.base_url, emulator.base_url, client_id=CLIENT[0], client_secret=CLIENT[1],
                         requests_per_minute=6000)


def third_of(count):
    """A page size giving at least three pages for ``count`` >= 3 items."""
    assert count >= 3, "the demo seed should hold at least 3 items"
    return max(1, count // 3)


def calls(emulator, operation):
    return emulator.stats()["by_operation"].get(operation, 0)


def test_page_number_listing_over_three_pages(emulator):
    client = make_client(emulator)
    everything = client.list_all("/api/v2/routing/queues")  # one page of up to 500
    size = third_of(len(everything))
    emulator.reset_stats()

    pages = list(client.iter_pages("/api/v2/routing/queues", page_size=size))

    assert len(pages) >= 3
    assert [page["pageNumber"] for page in pages] == list(range(1, len(pages) + 1))
    assert pages[-1]["pageNumber"] == pages[0]["pageCount"]
    paged = [queue["id"] for page in pages for queue in page["entities"]]
    assert paged == [queue["id"] for queue in everything]
    assert calls(emulator, "GET /api/v2/routing/queues") == len(pages)  # no extra empty-page request


def test_page_number_listing_keeps_filters(emulator):
    client = make_client(emulator)
    everything = client.list_all("/api/v2/routing/queues")
    prefix = everything[0]["name"][:1]
    expected = [q["id"] for q in everything if q["name"].startswith(prefix)]
    assert [q["id"] for q in client.list_all("/api/v2/routing/queues", {"name": prefix + "*"}, page_size=1)] == expected


def test_queue_members_envelope_without_totals(emulator):
    client = make_client(emulator)
    queues = client.list_all("/api/v2/routing/queues")
    queue = max(queues, key=lambda q: q.get("memberCount") or 0)
    members_path = "/api/v2/routing/queues/%s/members" % queue["id"]
    everything = client.list_all(members_path)
    size = third_of(len(everything))
    emulator.reset_stats()

    pages = list(client.iter_pages(members_path, page_size=size))

    assert "pageCount" not in pages[0] and "total" not in pages[0]
    assert len(pages) >= 3
    assert [m["id"] for page in pages for m in page["entities"]] == [m["id"] for m in everything]
    assert calls(emulator, "GET /api/v2/routing/queues/{queueId}/members") == len(pages)


def test_cursor_listing_over_three_pages(emulator):
    client = make_client(emulator)
    everything = client.list_all("/api/v2/routing/skillgroups")
    size = third_of(len(everything))
    emulator.reset_stats()

    pages = list(client.iter_cursor("/api/v2/routing/skillgroups", page_size=size))

    assert len(pages) >= 3
    assert all("pageCount" not in page for page in pages)
    assert [g["id"] for page in pages for g in page["entities"]] == [g["id"] for g in everything]
    assert "nextUri" not in pages[-1]
    assert calls(emulator, "GET /api/v2/routing/skillgroups") == len(pages)


def test_list_all_picks_cursor_paging_for_cursor_endpoints(emulator):
    client = make_client(emulator)
    teams = client.list_all("/api/v2/teams", page_size=1)
    assert len(teams) == len({team["id"] for team in teams})
    assert calls(emulator, "GET /api/v2/teams") == max(1, len(teams))
