"""Issue 14 items 1, 5 and 14: what the drift report shows, and rings validated before any write."""

QUEUES = '/api/v2/routing/queues'
QUEUE = 'genesyscloud.routing.genesys_queue'


def queues_named(emulator, name):
    listed = emulator.api('GET', QUEUES, params={'name': name, 'pageSize': 500}).json()['entities']
    return [queue for queue in listed if queue['name'] == name]


def one_ring_queue(emulator):
    for queue in emulator.api('GET', QUEUES, params={'pageSize': 500}).json()['entities']:
        if len((queue.get('bullseye') or {}).get('rings') or []) <= 1:
            return queue
    raise AssertionError('the demo seed has no queue with a single bullseye ring')


def a_user_email(emulator):
    return emulator.api('GET', '/api/v2/users', params={'pageSize': 5}).json()['entities'][0]['email']


def test_ring_beyond_a_new_queues_rings_fails_naming_the_path_and_writes_nothing(emulator, playbook):
    user = a_user_email(emulator)
    emulator.reset_stats()
    run = playbook([{'name': 'ring', QUEUE: {'queues': [
        {'name': 'Ring Two Queue', 'members': [{'user': user, 'ring': 2}]}]}}], expect_failure=True)
    assert run['ring']['failed']
    assert [(error['path'], error['value']) for error in run['ring']['errors']] == [('queues[0].members[0].ring', 2)]
    assert 'which has 1 ring(s)' in run['ring']['msg']
    assert emulator.stats()['writes'] == 0
    assert queues_named(emulator, 'Ring Two Queue') == []


def test_ring_beyond_an_existing_queues_rings_fails_before_any_write(emulator, playbook):
    queue = one_ring_queue(emulator)
    user = a_user_email(emulator)
    emulator.reset_stats()
    run = playbook([{'name': 'ring', QUEUE: {'name': queue['name'], 'description': 'would change',
                                             'members': [{'user': user, 'ring': 2}]}}], expect_failure=True)
    assert [(error['path'], error['value']) for error in run['ring']['errors']] == [('members[0].ring', 2)]
    assert emulator.stats()['writes'] == 0
