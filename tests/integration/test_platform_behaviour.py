"""The modules against platform behaviours that are not plain CRUD (issue 13; docs/emulator.md, "sources").

Each test fails with the collection as it was before it learned the behaviour: the emulator now
behaves as the platform does, and a module that relied on a lenient emulator breaks here.
"""
from ansible_collections.genesyscloud.routing.plugins.module_utils.webhook_fields import parse_notes

QUEUES = '/api/v2/routing/queues'
INTEGRATIONS = '/api/v2/integrations'
UTILIZATION = '/api/v2/routing/utilization'
PUT_QUEUE = 'PUT /api/v2/routing/queues/{queueId}'
QUEUE_MODULE = 'genesyscloud.routing.genesys_queue'
RULES_MODULE = 'genesyscloud.routing.genesys_skill_rules'


def queue_named(emulator, name):
    [queue] = emulator.api('GET', QUEUES, params={'name': name}).json()['entities']
    return emulator.api('GET', '%s/%s' % (QUEUES, queue['id'])).json()


def queue_puts(emulator):
    return emulator.stats()['by_operation'].get(PUT_QUEUE, 0)


def test_queue_with_cgr_rules_updates_and_reports_no_false_drift(emulator, playbook):
    """Item 1: the GET names the queue itself in CGR rule 1 (refused back by a PUT) and fills the
    activation's simpleMetric.queue; a read-modify-write strips them and never shows them as drift."""
    support = queue_named(emulator, 'Support')
    assert support['conditionalGroupRouting']['rules'][0]['queue']['id'] == support['id']
    run = playbook([{'name': 'describe', QUEUE_MODULE: {'name': 'Support', 'description': 'Tier 1 and 2'}}])
    assert run['describe']['changed'] is True, run['describe'].get('msg')
    after = queue_named(emulator, 'Support')
    assert after['description'] == 'Tier 1 and 2'
    assert after['conditionalGroupRouting'] == support['conditionalGroupRouting']
    assert after['conditionalGroupActivation'] == support['conditionalGroupActivation']

    gathered = playbook([{'name': 'gather', RULES_MODULE: {'state': 'gathered', 'config': [{'queue': 'Support'}]}}])
    [item] = gathered['gather']['gathered']
    assert 'queue' not in item['conditional_group_routing'][0]
    emulator.reset_stats()
    again = playbook([{'name': 'again', RULES_MODULE: {'state': 'replaced', 'config': [item]}}])
    assert again['again']['changed'] is False, again['again'].get('changes')
    assert emulator.stats()['writes'] == 0


def test_dropping_a_bullseye_ring_with_member_groups_clears_them_first(emulator, playbook):
    """Item 3: the platform refuses to remove a ring that still has member groups; one extra PUT
    empties them first, and only when needed."""
    gathered = playbook([{'name': 'gather', RULES_MODULE: {'state': 'gathered', 'config': [{'queue': 'Support'}]}}])
    [item] = gathered['gather']['gathered']
    assert item['bullseye_rings'][2].get('member_groups')
    emulator.reset_stats()
    shrunk = dict(item, bullseye_rings=item['bullseye_rings'][:2])
    run = playbook([{'name': 'shrink', RULES_MODULE: {'state': 'replaced', 'config': [shrunk]}}])
    assert run['shrink']['changed'] is True, run['shrink'].get('msg')
    assert queue_puts(emulator) == 2
    assert len(queue_named(emulator, 'Support')['bullseye']['rings']) == 2

    emulator.reset_stats()
    bare = dict(shrunk, bullseye_rings=[dict(ring, member_groups=[]) for ring in shrunk['bullseye_rings']] +
                [{'expansion_timeout_seconds': 5}])
    playbook([{'name': 'grow', RULES_MODULE: {'state': 'replaced', 'config': [bare]}}])
    emulator.reset_stats()
    run = playbook([{'name': 'shrink again', RULES_MODULE: {'state': 'replaced', 'config': [shrunk]}}])
    assert run['shrink again']['changed'] is True
    assert queue_puts(emulator) == 1, 'no extra PUT when the dropped ring has no member groups'


def test_members_and_delete_converge_with_eventual_consistency(emulator, playbook):
    """Item 4: bulk member adds are applied late (a ring PATCH right after can 404) and a deleted
    queue can still be read; the module waits (bounded) and reports only what is applied."""
    emulator.set_faults({'consistency': 'eventual:2'})
    users = emulator.api('GET', '/api/v2/users', params={'pageSize': 100}).json()['entities']
    emails = [user['email'] for user in users[:3]]
    run = playbook([{'name': 'create', QUEUE_MODULE: {
        'name': 'Eventual', 'members': [{'user': emails[0]}, {'user': emails[1], 'ring': 1},
                                        {'user': emails[2], 'ring': 1}]}}])
    assert run['create']['changed'] is True, run['create'].get('msg')
    queue = emulator.api('GET', QUEUES, params={'name': 'Eventual'}).json()['entities'][0]
    listed = emulator.api('GET', '%s/%s/members' % (QUEUES, queue['id']), params={'pageSize': 100}).json()
    assert len(listed['entities']) == 3, 'the module reported members the platform does not list yet'

    # More members right after: the module confirms they are listed before reporting them added.
    users_by_email = dict((user['email'], user['id']) for user in users)
    more = [user['email'] for user in users[3:5]]
    run = playbook([{'name': 'more', QUEUE_MODULE: {'name': 'Eventual', 'members': [
        {'user': more[0]}, {'user': more[1]}]}}])
    assert run['more']['changed'] is True, run['more'].get('msg')
    listed = set(member['id'] for member in emulator.api(
        'GET', '%s/%s/members' % (QUEUES, queue['id']), params={'pageSize': 100}).json()['entities'])
    assert set([users_by_email[more[0]], users_by_email[more[1]]]) <= listed

    run = playbook([{'name': 'delete', QUEUE_MODULE: {'name': 'Eventual', 'state': 'absent'}}])
    assert run['delete']['changed'] is True, run['delete'].get('msg')
    assert emulator.api('GET', '%s/%s' % (QUEUES, queue['id'])).status_code == 404


def test_ring_patch_right_after_an_add_is_retried(emulator, playbook):
    """Item 4: a ring PATCH right after the bulk add meets a member not processed yet (404; TF retries
    it): the module waits until the add is listed, and retries a PATCH that still answers 404."""
    emulator.set_faults({'consistency': 'eventual:1'})
    users = emulator.api('GET', '/api/v2/users', params={'pageSize': 100}).json()['entities']
    playbook([{'name': 'rings', 'genesyscloud.routing.genesys_skill_rules': {
        'state': 'merged', 'config': [{'queue': 'Sales', 'bullseye_rings': [
            {'expansion_timeout_seconds': 5}, {'expansion_timeout_seconds': 10}, {}]}]}}])
    sales = queue_named(emulator, 'Sales')
    current = set(member['id'] for member in emulator.api(
        'GET', '%s/%s/members' % (QUEUES, sales['id']), params={'pageSize': 100}).json()['entities'])
    newcomer = next(user for user in users if user['id'] not in current)
    run = playbook([{'name': 'add on ring 3', QUEUE_MODULE: {
        'name': 'Sales', 'members': [{'user': newcomer['email'], 'ring': 3}]}}])
    assert run['add on ring 3']['changed'] is True, run['add on ring 3'].get('msg')
    member = [member for member in emulator.api('GET', '%s/%s/members' % (QUEUES, sales['id']),
                                                params={'pageSize': 100}).json()['entities']
              if member['id'] == newcomer['id']]
    assert member and member[0]['ringNumber'] == 3


def test_utilization_put_answering_409_is_retried(emulator, playbook):
    """Item 5: PUT /routing/utilization can answer 409 (TF retries it)."""
    emulator.set_faults({'probability': 1, 'kinds': ['409'], 'count': 1, 'methods': ['PUT'], 'paths': [UTILIZATION]})
    run = playbook([{'name': 'chat', 'genesyscloud.routing.genesys_utilization': {
        'media_types': {'chat': {'maximum_capacity': 7}}}}])
    assert run['chat']['changed'] is True, run['chat'].get('msg')
    assert emulator.api('GET', UTILIZATION).json()['utilization']['chat']['maximumCapacity'] == 7
    assert emulator.faults()['injected'] == 1


def test_webhook_keeps_what_a_person_wrote_in_the_notes(emulator, playbook):
    """Issue 14 item 10: the module manages one marked sentence of the notes, not the notes."""
    base = {'name': 'Routing changes', 'aws_account_id': '123456789012', 'aws_region': 'eu-west-1',
            'event_source_suffix': 'routing-changes'}
    playbook([{'name': 'create', 'genesyscloud.routing.genesys_webhook': dict(base, events=['queue.update'])}])
    [item] = [entry for entry in emulator.api('GET', INTEGRATIONS, params={'pageSize': 100}).json()['entities']
              if entry['name'] == 'Routing changes']
    path = '%s/%s/config/current' % (INTEGRATIONS, item['id'])
    config = emulator.api('GET', path).json()
    written = 'Owned by the CX platform team; page #cx-ops before disabling.'
    body = dict((key, config[key]) for key in ('name', 'version', 'properties', 'advanced', 'credentials'))
    body['notes'] = written + '\n\n' + config['notes']
    assert emulator.api('PUT', path, json=body).status_code == 200

    run = playbook([{'name': 'more events', 'genesyscloud.routing.genesys_webhook': dict(
        base, events=['queue.*', 'skill.*'])}])
    assert run['more events']['changed'] is True, run['more events'].get('msg')
    notes = emulator.api('GET', path).json()['notes']
    assert notes.startswith(written)
    assert parse_notes(notes) == ['queue.*', 'skill.*']
    again = playbook([{'name': 'again', 'genesyscloud.routing.genesys_webhook': dict(
        base, events=['queue.*', 'skill.*'])}])
    assert again['again']['changed'] is False
