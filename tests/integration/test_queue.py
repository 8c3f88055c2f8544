"""genesys_queue through ansible-playbook against the emulator (issue: never lose a field)."""
import copy
import subprocess

import pytest

from ansible_collections.genesyscloud.routing.plugins.module_utils.etag_and_diff import fingerprint
from ansible_collections.genesyscloud.routing.plugins.module_utils.client import GenesysClient, resolve_endpoints
from ansible_collections.genesyscloud.routing.plugins.module_utils.queues import QueueService, ensure_queues
from ansible_collections.genesyscloud.routing.plugins.module_utils.resolver import Resolver
from ansible_collections.genesyscloud.routing.plugins.module_utils.platform_quirks import strip_server_filled

QUEUES = '/api/v2/routing/queues'
# Keys the platform changes on every write; everything else must survive untouched.
VOLATILE = {'dateModified', 'modifiedBy', 'description'}


def queue_by_name(emulator, name):
    listed = emulator.api('GET', QUEUES, params={'name': name, 'pageSize': 500}).json()['entities']
    return [queue for queue in listed if queue['name'] == name]


def members_of(emulator, queue_id, direct_only=True):
    """(user id, ring) of the queue's members; direct members only unless told otherwise."""
    body = emulator.api('GET', '%s/%s/members' % (QUEUES, queue_id), params={'pageSize': 100}).json()
    return sorted((member['id'], member.get('ringNumber')) for member in body['entities']
                  if not direct_only or member.get('memberBy', 'user') == 'user')


def writes(emulator):
    return emulator.stats()['writes']


def richest_demo_queue(emulator):
    """A demo queue with bullseye, conditional group routing, media settings and members."""
    for queue in emulator.api('GET', QUEUES, params={'pageSize': 500}).json()['entities']:
        if queue.get('bullseye') and queue.get('conditionalGroupRouting') and queue.get('memberCount') \
                and queue.get('mediaSettings'):
            return queue
    pytest.fail('the demo seed has no queue with bullseye, CGR, media settings and members')


def user_emails(emulator, count, queue_id=None):
    """Emails of users; with queue_id, only users who are not yet members of that queue in any way."""
    users = emulator.api('GET', '/api/v2/users', params={'pageSize': 500}).json()['entities']
    if queue_id:
        taken = set(member_id for member_id, _ring in members_of(emulator, queue_id, direct_only=False))
        users = [user for user in users if user['id'] not in taken]
    return [user['email'] for user in users[:count]]


def test_create_update_and_rerun_is_a_no_op(emulator, playbook):
    create = {'genesyscloud.routing.genesys_queue': {
        'name': 'Ansible Test Queue', 'division': 'Support', 'description': 'created',
        'media_settings': {'call': {'alerting_timeout_seconds': 12,
                                    'service_level': {'percentage': 0.8, 'duration_ms': 20000}}},
        'acw_settings': {'wrapup_prompt': 'OPTIONAL'}}}
    run = playbook([dict(create, name='create')])
    created = run['create']
    assert created['changed'] and created['action'] == 'create'
    [stored] = queue_by_name(emulator, 'Ansible Test Queue')
    assert stored['mediaSettings']['call']['alertingTimeoutSeconds'] == 12
    assert stored['division']['name'] == 'Support'
    assert created['etag'] == fingerprint(stored)

    update = copy.deepcopy(create)
    update['genesyscloud.routing.genesys_queue']['description'] = 'updated'
    run = playbook([dict(update, name='update')])
    assert run['update']['changed'] and run['update']['action'] == 'update'
    assert [c['path'] for c in run['update']['changes']] == ['description']
    assert queue_by_name(emulator, 'Ansible Test Queue')[0]['description'] == 'updated'

    emulator.reset_stats()
    run = playbook([dict(update, name='again')])
    assert run['again']['changed'] is False
    assert run['again']['action'] == 'none'
    assert writes(emulator) == 0
    assert run['again']['etag'] == fingerprint(queue_by_name(emulator, 'Ansible Test Queue')[0])


def test_changing_description_keeps_every_other_field_and_member(emulator, playbook):
    queue = richest_demo_queue(emulator)
    before = emulator.api('GET', '%s/%s' % (QUEUES, queue['id'])).json()
    members_before = members_of(emulator, queue['id'])
    playbook([{'name': 'describe', 'genesyscloud.routing.genesys_queue': {
        'name': queue['name'], 'description': 'only this changes'}}])
    after = emulator.api('GET', '%s/%s' % (QUEUES, queue['id'])).json()
    assert after['description'] == 'only this changes'
    assert {k: v for k, v in after.items() if k not in VOLATILE} == \
        {k: v for k, v in before.items() if k not in VOLATILE}
    assert members_of(emulator, queue['id']) == members_before


def test_check_mode_makes_no_writes_and_diff_shows_exactly_the_changes(emulator, playbook):
    queue = richest_demo_queue(emulator)
    new_user = user_emails(emulator, 1, queue['id'])[0]
    tasks = [
        {'name': 'create', 'genesyscloud.routing.genesys_queue': {'name': 'Never Created', 'description': 'x'}},
        {'name': 'update', 'genesyscloud.routing.genesys_queue': {
            'name': queue['name'], 'description': 'predicted',
            'media_settings': {'call': {'alerting_timeout_seconds': 41}}}},
        {'name': 'members', 'genesyscloud.routing.genesys_queue': {
            'name': queue['name'], 'members': [{'user': new_user, 'ring': 2}]}},
        {'name': 'delete', 'genesyscloud.routing.genesys_queue': {'name': queue['name'], 'state': 'absent'}},
    ]
    emulator.reset_stats()
    run = playbook(tasks, check=True, diff=True)
    assert writes(emulator) == 0
    assert all(run[name]['changed'] for name in ('create', 'update', 'members', 'delete'))
    assert run['create']['diff']['before'] == {}
    assert run['create']['diff']['after'] == {'name': 'Never Created', 'description': 'x'}
    update = run['update']
    assert update['diff']['before']['media_settings']['call'] == {
        'alerting_timeout_seconds': queue['mediaSettings']['call']['alertingTimeoutSeconds']}
    assert update['diff']['after'] == {'description': 'predicted',
                                       'media_settings': {'call': {'alerting_timeout_seconds': 41}}}
    assert sorted(c['path'] for c in update['changes']) == ['description', 'media_settings.call.alerting_timeout_seconds']
    assert update['queue']['mediaSettings']['call']['alertingTimeoutSeconds'] == 41  # predicted object
    assert run['members']['members'] == {'mode': 'additive', 'added': 1, 'removed': 0, 'ring_changes': 1}
    assert {'user': new_user, 'ring': 2} in run['members']['diff']['after']['members']
    assert run['delete']['diff']['after'] == {}
    assert queue_by_name(emulator, 'Never Created') == []


def test_stale_expected_etag_refuses_and_current_etag_applies(emulator, playbook):
    queue = richest_demo_queue(emulator)
    reviewed = playbook([{'name': 'review', 'genesyscloud.routing.genesys_queue': {
        'name': queue['name'], 'description': 'reviewed change'}}], check=True)['review']
    # Someone edits the queue in the UI after the review.
    edited = emulator.api('GET', '%s/%s' % (QUEUES, queue['id'])).json()
    edited['callingPartyName'] = 'Changed in the UI'
    assert emulator.api('PUT', '%s/%s' % (QUEUES, queue['id']), json=strip_server_filled(edited)).status_code == 200
    emulator.reset_stats()
    run = playbook([{'name': 'apply', 'genesyscloud.routing.genesys_queue': {
        'name': queue['name'], 'description': 'reviewed change', 'expected_etag': reviewed['etag']}}],
        expect_failure=True)
    assert run['apply']['failed']
    assert 'changed since review' in run['apply']['msg']
    assert writes(emulator) == 0
    fresh = emulator.api('GET', '%s/%s' % (QUEUES, queue['id'])).json()
    assert fresh['description'] == queue['description']
    run = playbook([{'name': 'apply', 'genesyscloud.routing.genesys_queue': {
        'name': queue['name'], 'description': 'reviewed change', 'expected_etag': fingerprint(fresh)}}])
    assert run['apply']['changed']


class EditingClient(GenesysClient):
    """A client that lets 'someone else' edit the queue right after our first read of it."""

    def __init__(self, emulator, queue_id, **kwargs):
        super(EditingClient, self).__init__(**kwargs)
        self.emulator = emulator
        self.queue_id = queue_id
        self.reads = 0

    def request(self, method, path, **kwargs):
        answer = super(EditingClient, self).request(method, path, **kwargs)
        if method == 'GET' and path == '%s/%s' % (QUEUES, self.queue_id):
            self.reads += 1
            if self.reads == 1:
                theirs = copy.deepcopy(answer)
                theirs['callingPartyName'] = 'Their change'
                self.emulator.api('PUT', path, json=strip_server_filled(theirs)).raise_for_status()
        return answer


def test_concurrent_edit_between_reads_is_re_merged_not_lost(emulator, tmp_path):
    queue = richest_demo_queue(emulator)
    api_url, login_url = resolve_endpoints(api_url=emulator.base_url)
    client = EditingClient(emulator, queue['id'], api_url=api_url, login_url=login_url,
                           client_id='emulator-client', client_secret='emulator-secret',
                           token_cache_dir=str(tmp_path))
    warnings = []
    service = QueueService(client, Resolver(client), warn=warnings.append)
    results, failures = ensure_queues(service, [{'id': queue['id'], 'description': 'our change'}], False)
    assert failures == []
    assert results[0]['changed']
    stored = emulator.api('GET', '%s/%s' % (QUEUES, queue['id'])).json()
    assert stored['description'] == 'our change'
    assert stored['callingPartyName'] == 'Their change'
    assert any('changed by someone else' in warning for warning in warnings)


def test_members_additive_never_removes_and_authoritative_converges(emulator, playbook):
    queue = richest_demo_queue(emulator)
    existing = members_of(emulator, queue['id'])
    emails = user_emails(emulator, 3, queue['id'])
    run = playbook([{'name': 'add', 'genesyscloud.routing.genesys_queue': {
        'name': queue['name'], 'members': [{'user': emails[-1]}]}}])
    assert run['add']['members']['removed'] == 0
    after = members_of(emulator, queue['id'])
    assert set(existing) <= set(after) and len(after) == len(existing) + 1

    run = playbook([{'name': 'exact', 'genesyscloud.routing.genesys_queue': {
        'name': queue['name'], 'members_mode': 'authoritative',
        'members': [{'user': emails[0], 'ring': 1}, {'user': emails[1], 'ring': 2}]}}])
    assert run['exact']['changed']
    users = emulator.api('GET', '/api/v2/users', params={'pageSize': 500}).json()['entities']
    ids = {user['email']: user['id'] for user in users}
    assert members_of(emulator, queue['id']) == sorted([(ids[emails[0]], 1), (ids[emails[1]], 2)])
    emulator.reset_stats()
    rerun = playbook([{'name': 'exact', 'genesyscloud.routing.genesys_queue': {
        'name': queue['name'], 'members_mode': 'authoritative',
        'members': [{'user': emails[0], 'ring': 1}, {'user': emails[1], 'ring': 2}]}}])
    assert rerun['exact']['changed'] is False and writes(emulator) == 0


def test_lost_create_response_does_not_duplicate_the_queue(emulator, playbook):
    emulator.set_faults({'probability': 1, 'kinds': ['lost_response'], 'methods': ['POST'],
                         'paths': [QUEUES], 'count': 1})
    run = playbook([{'name': 'create', 'genesyscloud.routing.genesys_queue': {
        'name': 'Lost Response Queue', 'description': 'created once'}}])
    assert run['create']['changed']
    assert len(queue_by_name(emulator, 'Lost Response Queue')) == 1
    assert emulator.stats()['by_operation'].get('POST /api/v2/routing/queues') == 1
    assert run['create']['api_calls']['recovered'] == 1


def test_bad_input_fails_before_any_call_with_path_and_value(emulator, playbook):
    emulator.reset_stats()
    run = playbook([{'name': 'bad', 'genesyscloud.routing.genesys_queue': {'queues': [
        {'name': 'Fine'},
        {'name': 'Broken', 'media_settings': {'chat': {'alerting_timeout_seconds': 3}}}]}}],
        expect_failure=True)
    assert run['bad']['failed']
    assert 'queues[1].media_settings.chat.alerting_timeout_seconds' in run['bad']['msg']
    assert run['bad']['errors'][0]['value'] == 3
    assert emulator.stats()['total'] == 0


def test_unknown_reference_suggests_and_writes_nothing(emulator, playbook):
    emulator.reset_stats()
    run = playbook([{'name': 'typo', 'genesyscloud.routing.genesys_queue': {
        'name': 'Billing', 'division': 'Suport'}}], expect_failure=True)
    assert "division: unknown division 'Suport'; did you mean 'Support'?" in run['typo']['msg']
    assert writes(emulator) == 0


def test_bulk_form_uses_one_listing_sweep_and_writes_only_changes(emulator, playbook):
    queues = emulator.api('GET', QUEUES, params={'pageSize': 500}).json()['entities']
    first, second = queues[0], queues[1]
    emulator.reset_stats()
    run = playbook([{'name': 'bulk', 'genesyscloud.routing.genesys_queue': {'queues': [
        {'name': first['name'], 'description': first.get('description')},
        {'name': second['name'], 'description': 'bulk change'},
        {'name': 'Bulk New Queue'},
    ]}}], diff=True)
    bulk = run['bulk']
    assert bulk['summary'] == {'create': 1, 'update': 1, 'delete': 0, 'none': 1, 'failed': 0}
    stats = emulator.stats()['by_operation']
    # One sweep to plan, then per batch of up to 100 changed queues one listing by id to
    # re-read them before writing, one to verify after, and one last read-back once a concurrent
    # writer's stale copy would have landed (the settle check): no GET per queue.
    assert stats['GET /api/v2/routing/queues'] == 4
    assert 'GET /api/v2/routing/queues/{queueId}' not in stats
    assert stats['PUT /api/v2/routing/queues/{queueId}'] == 1
    assert stats['POST /api/v2/routing/queues'] == 1
    assert [result['name'] for result in bulk['results']] == [first['name'], second['name'], 'Bulk New Queue']
    assert len(bulk['diff']) == 2


def test_delete_and_division_move(emulator, playbook):
    queues = emulator.api('GET', QUEUES, params={'pageSize': 500}).json()['entities']
    mover = next(queue for queue in queues if queue['division']['name'] != 'Sales')
    victim = next(queue for queue in queues if queue['id'] != mover['id'])
    run = playbook([
        {'name': 'move', 'genesyscloud.routing.genesys_queue': {'name': mover['name'], 'division': 'Sales'}},
        {'name': 'delete', 'genesyscloud.routing.genesys_queue': {'name': victim['name'], 'state': 'absent',
                                                                  'force_delete': True}},
        {'name': 'delete again', 'genesyscloud.routing.genesys_queue': {'name': victim['name'],
                                                                        'state': 'absent'}},
    ])
    assert run['move']['changes'] == [{'path': 'division', 'before': mover['division']['name'], 'after': 'Sales'}]
    assert emulator.api('GET', '%s/%s' % (QUEUES, mover['id'])).json()['division']['name'] == 'Sales'
    assert emulator.stats()['by_operation'].get(
        'POST /api/v2/authorization/divisions/{divisionId}/objects/{objectType}') == 1
    assert run['delete']['changed'] and run['delete']['action'] == 'delete'
    assert emulator.api('GET', '%s/%s' % (QUEUES, victim['id'])).status_code == 404
    assert run['delete again']['changed'] is False


def test_one_token_for_many_tasks(emulator, playbook):
    tasks = [{'name': 'task %d' % index, 'genesyscloud.routing.genesys_queue': {
        'name': 'Billing', 'description': 'same'}} for index in range(5)]
    emulator.reset_stats()
    playbook(tasks)
    assert emulator.stats()['tokens_issued'] == 1


def test_ansible_doc_lists_and_renders_the_module(playbook):
    env = playbook.env()
    listed = subprocess.run([str(playbook.bin / 'ansible-doc'), '-l', 'genesyscloud.routing'], capture_output=True,
                            text=True, env=env, cwd=str(playbook.root))
    assert 'genesyscloud.routing.genesys_queue' in listed.stdout
    shown = subprocess.run([str(playbook.bin / 'ansible-doc'), 'genesyscloud.routing.genesys_queue'],
                           capture_output=True, text=True, env=env, cwd=str(playbook.root))
    assert shown.returncode == 0, shown.stderr
    for text in ('expected_etag', 'members_mode', 'alerting_timeout_seconds', 'queues', 'client_secret',
                 'RETURN VALUES', 'etag', 'EXAMPLES'):
        assert text in shown.stdout


def test_authoritative_250_members_converge_in_three_bulk_calls(emulator, playbook):
    emulator.seed('large:3')
    users = emulator.api('GET', '/api/v2/users', params={'pageSize': 500}).json()['entities']
    assert len(users) >= 250
    queue = emulator.api('POST', QUEUES, json={'name': 'Big Team'}).json()
    members = [{'user': user['email']} for user in users[:250]]
    emulator.reset_stats()
    run = playbook([{'name': 'big', 'genesyscloud.routing.genesys_queue': {
        'name': 'Big Team', 'members_mode': 'authoritative', 'members': members}}])
    assert run['big']['members'] == {'mode': 'authoritative', 'added': 250, 'removed': 0, 'ring_changes': 0}
    assert emulator.stats()['by_operation']['POST /api/v2/routing/queues/{queueId}/members'] == 3
    listed = []
    page = 1
    while True:
        body = emulator.api('GET', '%s/%s/members' % (QUEUES, queue['id']),
                            params={'pageSize': 100, 'pageNumber': page}).json()
        listed.extend(body['entities'])
        if not body.get('nextUri'):
            break
        page += 1
    assert sorted(member['id'] for member in listed) == sorted(user['id'] for user in users[:250])
    emulator.reset_stats()
    rerun = playbook([{'name': 'big', 'genesyscloud.routing.genesys_queue': {
        'name': 'Big Team', 'members_mode': 'authoritative', 'members': members}}])
    assert rerun['big']['changed'] is False and emulator.stats()['writes'] == 0


def test_bulk_edit_between_plan_and_write_is_re_merged(emulator, tmp_path):
    """Bulk runs re-read by batch listing: someone else's edit after the sweep survives ours."""
    queue = richest_demo_queue(emulator)
    api_url, login_url = resolve_endpoints(api_url=emulator.base_url)
    client = GenesysClient(api_url, login_url, client_id='emulator-client', client_secret='emulator-secret',
                           token_cache_dir=str(tmp_path))
    warnings = []
    service = QueueService(client, Resolver(client), warn=warnings.append)
    service.load_all()
    plan = service.plan({'name': queue['name'], 'description': 'bulk change'}, service.find({'name': queue['name']}))
    theirs = emulator.api('GET', '%s/%s' % (QUEUES, queue['id'])).json()
    theirs['callingPartyName'] = 'Edited after the sweep'
    emulator.api('PUT', '%s/%s' % (QUEUES, queue['id']), json=strip_server_filled(theirs)).raise_for_status()
    service.prefetch([plan])
    service.apply(plan)
    stored, errors = service.verify_batch([plan])
    assert errors == {}
    assert stored[queue['id']]['description'] == 'bulk change'
    assert stored[queue['id']]['callingPartyName'] == 'Edited after the sweep'
    assert any('changed by someone else' in warning for warning in warnings)
