"""Issue 14 items 1, 5 and 14: what the drift report shows, and rings validated before any write."""
import json

import pytest
import yaml

from test_workflow import Workflow

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


def check_state(flow, emulator, files):
    """Write a desired state (file name -> its sections) and run the drift check on it; the check
    must write nothing. Returns the report and its (kind, name, action) rows."""
    state = flow.tmp / 'state'
    state.mkdir()
    for name, sections in files.items():
        (state / name).write_text(yaml.safe_dump(sections))
    emulator.reset_stats()
    report = flow.drift(extra={'routing_state_dir': str(state)})
    assert emulator.stats()['writes'] == 0
    return report, [(item['kind'], item['name'], item['action']) for item in report['objects']]


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


@pytest.fixture
def flow(emulator, tmp_path):
    return Workflow(tmp_path, {'dev': emulator.base_url, 'prod': emulator.base_url})


def direct_member_ids(emulator, queue_id):
    body = emulator.api('GET', '%s/%s/members' % (QUEUES, queue_id), params={'pageSize': 100}).json()
    return [member['id'] for member in body['entities'] if member.get('memberBy', 'user') == 'user']


def all_members(emulator, queue_id):
    body = emulator.api('GET', '%s/%s/members' % (QUEUES, queue_id), params={'pageSize': 100}).json()
    return set(member['id'] for member in body['entities'])


def queue_with_direct_members(emulator, count):
    for queue in emulator.api('GET', QUEUES, params={'pageSize': 500}).json()['entities']:
        if len(direct_member_ids(emulator, queue['id'])) >= count:
            return queue
    raise AssertionError('the demo seed has no queue with %d direct members' % count)


def test_drift_report_itemizes_members_and_wrapup_codes_and_apply_refuses_moved_membership(flow, emulator):
    queue = queue_with_direct_members(emulator, 3)
    emails = dict((user['id'], user['email']) for user in
                  emulator.api('GET', '/api/v2/users', params={'pageSize': 500}).json()['entities'])
    members = direct_member_ids(emulator, queue['id'])
    outsiders = [user_id for user_id in emails if user_id not in all_members(emulator, queue['id'])]
    codes = dict((code['id'], code['name']) for code in
                 emulator.api('GET', '/api/v2/routing/wrapupcodes', params={'pageSize': 500}).json()['entities'])
    on_queue = [code['id'] for code in emulator.api('GET', '%s/%s/wrapupcodes' % (QUEUES, queue['id']),
                                                    params={'pageSize': 100}).json()['entities']]
    new_code = [code_id for code_id in sorted(codes) if code_id not in on_queue][0]
    report, _ = check_state(flow, emulator, {
        'queues.yml': {'routing_queues': [{
            'name': queue['name'], 'members_mode': 'authoritative',
            'members': [{'user': emails[members[0]]}, {'user': emails[outsiders[0]]}],
            'wrapup_codes_mode': 'authoritative', 'wrapup_codes': [codes[new_code]]}]},
    })
    [record] = [item for item in report['objects'] if (item['kind'], item['name']) == ('queue', queue['name'])]
    by_path = dict((change['path'], change) for change in record['changes'])
    removed = sorted((emails[user_id] for user_id in members[1:]), key=str.lower)
    assert by_path['members']['added'] == [emails[outsiders[0]]]
    assert by_path['members']['removed'] == removed
    assert by_path['wrapup_codes']['added'] == [codes[new_code]]
    assert by_path['wrapup_codes']['removed'] == sorted((codes[code_id] for code_id in on_queue), key=str.lower)
    markdown = flow.report('dev', 'drift.md').read_text()
    for name in removed + [emails[outsiders[0]], codes[new_code]] + [codes[code_id] for code_id in on_queue]:
        assert '`%s`' % name in markdown
    assert report['etags']['queue_members'][queue['name']].startswith('W/"')

    # A colleague adds a member after the review: the queue body (and its etag) is unchanged.
    reviewed = flow.tmp / 'reviewed.json'
    reviewed.write_bytes(flow.report('dev', 'drift.json').read_bytes())
    added = emulator.api('POST', '%s/%s/members' % (QUEUES, queue['id']), json=[{'id': outsiders[1]}])
    assert added.status_code < 300, added.text
    before_apply = all_members(emulator, queue['id'])
    flow.run('apply.yml', extra={'routing_drift_report': str(reviewed), 'routing_state_dir': str(flow.tmp / 'state')},
             expect_ok=False)
    applied = json.loads(flow.report('dev', 'apply.json').read_text())
    [refused] = [item for item in applied['objects'] if item.get('failed')]
    assert (refused['kind'], refused['name']) == ('queue', queue['name'])
    assert 'members or wrap-up codes changed since review' in refused['message']
    assert all_members(emulator, queue['id']) == before_apply


def test_first_check_plans_a_new_skill_group_on_a_skill_the_same_plan_creates(flow, emulator):
    report, rows = check_state(flow, emulator, {
        'skills.yml': {'routing_skills': [{'name': 'Brand New Skill'}]},
        'skill_groups.yml': {'routing_skill_groups': [{
            'name': 'Brand New Group', 'skill_conditions': [{'operation': 'And', 'routing_skill_conditions': [
                {'routing_skill': 'Brand New Skill', 'comparator': 'GreaterThanOrEqualTo', 'proficiency': 3}]}]}]},
    })
    assert rows == [
        ('skill', 'Brand New Skill', 'create'), ('skill_group', 'Brand New Group', 'create')]
    [group] = [item for item in report['objects'] if item['kind'] == 'skill_group']
    assert 'Brand New Skill' in json.dumps(group['changes'])
    assert 'planned' not in json.dumps(group['changes'])  # the placeholder id never shows; the name does


def test_a_real_apply_still_refuses_a_skill_that_does_not_exist(playbook, emulator):
    emulator.reset_stats()
    run = playbook([{'name': 'group', 'genesyscloud.routing.genesys_skill_group': {
        'name': 'Group On Nothing', 'planned_names': {'skill': ['Never Created Skill']},
        'skill_conditions': [{'operation': 'And', 'routing_skill_conditions': [
            {'routing_skill': 'Never Created Skill', 'comparator': 'GreaterThanOrEqualTo', 'proficiency': 3}]}]}}],
        expect_failure=True)
    assert "unknown skill 'Never Created Skill'" in run['group']['msg']
    assert emulator.stats()['writes'] == 0


def test_first_check_plans_a_new_queue_on_a_skill_group_the_same_plan_creates(flow, emulator):
    skill = emulator.api('GET', '/api/v2/routing/skills', params={'pageSize': 5}).json()['entities'][0]['name']
    report, rows = check_state(flow, emulator, {
        'skill_groups.yml': {'routing_skill_groups': [{
            'name': 'Fresh Group', 'skill_conditions': [{'operation': 'And', 'routing_skill_conditions': [
                {'routing_skill': skill, 'comparator': 'GreaterThanOrEqualTo', 'proficiency': 1}]}]}]},
        'queues.yml': {'routing_queues': [{
            'name': 'Fresh Queue', 'member_groups': [{'name': 'Fresh Group', 'type': 'SKILLGROUP'}]}]},
    })
    assert rows == [
        ('skill_group', 'Fresh Group', 'create'), ('queue', 'Fresh Queue', 'create')]
    [queue] = [item for item in report['objects'] if item['kind'] == 'queue']
    assert {'path': 'member_groups', 'before': None,
            'after': [{'name': 'Fresh Group', 'type': 'SKILLGROUP'}]} in queue['changes']


def test_first_check_plans_the_rules_of_a_new_queue_on_a_new_skill(flow, emulator):
    report, rows = check_state(flow, emulator, {
        'skills.yml': {'routing_skills': [{'name': 'Ring Skill'}]},
        'queues.yml': {'routing_queues': [{'name': 'Ringed Queue'}]},
        'skill_rules.yml': {'routing_skill_rules': [{
            'queue': 'Ringed Queue', 'bullseye_rings': [
                {'expansion_timeout_seconds': 10, 'skills_to_remove': ['Ring Skill']}, {}]}]},
    })
    assert rows == [
        ('skill', 'Ring Skill', 'create'), ('queue', 'Ringed Queue', 'create'),
        ('skill_rules', 'Ringed Queue', 'update')]
    [rules] = [item for item in report['objects'] if item['kind'] == 'skill_rules']
    assert 'Ring Skill' in json.dumps(rules['changes']) and 'planned:' not in json.dumps(rules['changes'])
    assert 'Ringed Queue' not in report['etags'].get('skill_rules', {})  # nothing exists yet to pin
