"""If the platform ever sends an ETag on a queue, the write is conditional and a 412 is a conflict."""
import pytest

from ansible_collections.genesyscloud.routing.plugins.module_utils.errors import GenesysApiError
from ansible_collections.genesyscloud.routing.plugins.module_utils.queues import ConflictError, QueueService
from ansible_collections.genesyscloud.routing.plugins.module_utils.resolver import OfflineResolver

QUEUE = {'id': 'q-1', 'name': 'Billing', 'description': 'old', 'division': {'id': 'd-1'}}


class StubClient:
    """Answers one queue; records the PUT and its headers; optionally refuses it with a 412."""

    def __init__(self, etag, refuse=False):
        self.etag = etag
        self.refuse = refuse
        self.puts = []

    def get_with_etag(self, path, params=None):
        return dict(QUEUE), self.etag

    def get(self, path, params=None):
        return dict(QUEUE, description='new')

    def put(self, path, body=None, params=None, headers=None):
        self.puts.append((path, body, headers))
        if self.refuse:
            raise GenesysApiError(412, 'precondition.failed', 'stale', method='PUT', path=path)


def plan_update(client):
    service = QueueService(client, OfflineResolver())
    return service, service.plan({'name': 'Billing', 'description': 'new'}, dict(QUEUE))


def test_server_etag_becomes_if_match():
    client = StubClient('"v7"')
    service, plan = plan_update(client)
    stored = service.apply(plan)
    assert client.puts[0][2] == {'If-Match': '"v7"'}
    assert stored['description'] == 'new'


def test_without_server_etag_the_put_is_plain():
    client = StubClient(None)
    service, plan = plan_update(client)
    service.apply(plan)
    assert client.puts[0][2] is None


def test_412_is_a_conflict_not_a_crash():
    client = StubClient('"v7"', refuse=True)
    service, plan = plan_update(client)
    with pytest.raises(ConflictError) as info:
        service.apply(plan)
    assert 'nothing was written' in str(info.value)
