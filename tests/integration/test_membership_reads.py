"""Membership read strategy against the emulator: the cheaper side is read, and the plan is the same."""
import copy

from ansible_collections.genesyscloud.routing.plugins.module_utils.client import GenesysClient
from ansible_collections.genesyscloud.routing.plugins.module_utils.queues import QueueService, ensure_queues
from ansible_collections.genesyscloud.routing.plugins.module_utils.resolver import Resolver

QUEUES = '/api/v2/routing/queues'
USER_QUEUES = 'GET /api/v2/users/{userId}/queues'
QUEUE_MEMBERS = 'GET /api/v2/routing/queues/{queueId}/members'


class QueueSideOnly(QueueService):
    """The service as it read before: each plan lists its own queue's members."""

    def read_ahead(self, addressed, workers):
        pass


def client_for(emulator, tmp_path):
    return GenesysClient(emulator.base_url, emulator.base_url, client_id='emulator-client',
                         client_secret='emulator-secret', token_cache_dir=str(tmp_path))


def team_queues(emulator, count=8):
    """`count` single-ring queues with the same two direct members; the last one also has an undeclared third."""
    people = emulator.api('GET', '/api/v2/users', params={'pageSize': 100}).json()['entities'][:3]
    names = []
    for number in range(count):
        queue = emulator.api('POST', QUEUES, json={'name': 'Team queue %d' % number}).json()
        present = people if number == count - 1 else people[:2]
        emulator.api('POST', '%s/%s/members' % (QUEUES, queue['id']), json=[{'id': p['id']} for p in present])
        names.append(queue['name'])
    declared = [{'user': person['name']} for person in people[:2]]
    specs = [{'name': name, 'members': copy.deepcopy(declared)} for name in names]
    specs[-1]['members_mode'] = 'authoritative'
    return specs, people[2]['email']  # members are shown by their login (email)


def check(service, specs, emulator):
    emulator.reset_stats()
    results, failures = ensure_queues(service, copy.deepcopy(specs), True, workers=4, sweep=True)
    assert failures == []
    return results, emulator.stats()


def test_users_side_read_when_cheaper_and_plan_identical(emulator, tmp_path):
    specs, undeclared = team_queues(emulator)
    ours, stats = check(QueueService(client_for(emulator, tmp_path), Resolver(client_for(emulator, tmp_path))),
                        specs, emulator)
    # Two user listings stand in for seven queue listings; the queue with an undeclared member is read itself.
    assert stats['by_operation'].get(USER_QUEUES) == 2
    assert stats['by_operation'].get(QUEUE_MEMBERS) == 1
    assert stats['writes'] == 0
    queue_side, queue_stats = check(QueueSideOnly(client_for(emulator, tmp_path), Resolver(client_for(emulator, tmp_path))),
                                    specs, emulator)
    assert queue_stats['by_operation'].get(QUEUE_MEMBERS) == 8 and USER_QUEUES not in queue_stats['by_operation']
    assert ours == queue_side
    # Authoritative mode still finds the undeclared member, and only there is a change predicted.
    assert [result['name'] for result in ours if result['changed']] == [specs[-1]['name']]
    assert ours[-1]['members'] == {'mode': 'authoritative', 'added': 0, 'removed': 1, 'ring_changes': 0}
    assert undeclared in [entry['user'] for entry in ours[-1]['diff']['before']['members']]


def test_queue_side_read_when_cheaper(emulator, tmp_path):
    """Two queues declaring many users: their own listings are fewer calls than one per user."""
    people = emulator.api('GET', '/api/v2/users', params={'pageSize': 100}).json()['entities'][:6]
    specs = []
    for number in range(2):
        queue = emulator.api('POST', QUEUES, json={'name': 'Crowd %d' % number}).json()
        emulator.api('POST', '%s/%s/members' % (QUEUES, queue['id']), json=[{'id': p['id']} for p in people])
        specs.append({'name': queue['name'], 'members': [{'user': p['name']} for p in people]})
    results, stats = check(QueueService(client_for(emulator, tmp_path), Resolver(client_for(emulator, tmp_path))),
                           specs, emulator)
    assert stats['by_operation'].get(QUEUE_MEMBERS) == 2 and USER_QUEUES not in stats['by_operation']
    assert not any(result['changed'] for result in results)
