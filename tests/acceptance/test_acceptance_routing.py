"""Acceptance: queues, members, wrap-up codes, skills, skill groups and skill rules, by ansible-playbook.

The same tests run against a private emulator (default) or a real organization
(GENESYSCLOUD_ACCEPTANCE=1). They only assert what the public API shows, so they hold on both:
every object is named with the run prefix and deleted by the test (the session removes leftovers).
"""
import pytest

pytestmark = pytest.mark.usefixtures('leaves_nothing')

QUEUES = '/api/v2/routing/queues'
SKILLS = '/api/v2/routing/skills'
GROUPS = '/api/v2/routing/skillgroups'
WRAPUP_CODES = '/api/v2/routing/wrapupcodes'
QUEUE = 'genesyscloud.routing.genesys_queue'
SKILL = 'genesyscloud.routing.genesys_skill'
SKILL_GROUP = 'genesyscloud.routing.genesys_skill_group'
SKILL_RULES = 'genesyscloud.routing.genesys_skill_rules'


def named(api, list_path, name):
    """The one live object of that exact name (read through the public API), or None."""
    found = [item for item in api.list_all(list_path, params={'name': name})
             if item.get('name') == name and item.get('state', 'active') != 'deleted']
    assert len(found) <= 1, 'more than one %s named %r' % (list_path, name)
    return found[0] if found else None


def only_reads(result):
    """True when a module result's API calls were all reads (its own count, not the server's)."""
    return all(operation.startswith('GET ') or operation == 'POST /oauth/token'
               for operation in result['api_calls']['by_operation'])


def hand_edit(api, queue_id, change):
    """Someone edits the queue outside Ansible: a whole-object PUT, as the UI does."""
    queue = api.get('%s/%s' % (QUEUES, queue_id))
    change(queue)
    api.put('%s/%s' % (QUEUES, queue_id), body=queue)


def task(title, module, **options):
    return {'name': title, module: options}


def test_queue_create_edit_rerun_hand_edit_etag_and_delete(playbook, api, run_prefix, org_refs):
    name = run_prefix + 'queue'
    spec = {'name': name, 'division': org_refs.division, 'description': 'created by the acceptance run',
            'media_settings': {'call': {'alerting_timeout_seconds': 12,
                                        'service_level': {'percentage': 0.8, 'duration_ms': 20000}}},
            'acw_settings': {'wrapup_prompt': 'OPTIONAL'}}
    created = playbook([task('create', QUEUE, **spec)])['create']
    assert created['changed'] and created['action'] == 'create'
    queue = api.get('%s/%s' % (QUEUES, named(api, QUEUES, name)['id']))
    assert queue['mediaSettings']['call']['alertingTimeoutSeconds'] == 12
    assert queue['division']['name'] == org_refs.division

    edited = playbook([task('edit', QUEUE, **dict(spec, description='edited'))])['edit']
    assert edited['changed'] and [change['path'] for change in edited['changes']] == ['description']
    assert api.get('%s/%s' % (QUEUES, queue['id']))['description'] == 'edited'

    again = playbook([task('again', QUEUE, **dict(spec, description='edited'))])['again']
    assert again['changed'] is False and again['action'] == 'none' and only_reads(again)

    # A hand edit of a field the task does not manage survives the next apply.
    hand_edit(api, queue['id'], lambda body: body.update(callingPartyName='Edited by hand'))
    playbook([task('after hand edit', QUEUE, name=name, description='after the hand edit')])
    stored = api.get('%s/%s' % (QUEUES, queue['id']))
    assert stored['callingPartyName'] == 'Edited by hand' and stored['description'] == 'after the hand edit'

    # A reviewed etag that went stale is refused, and nothing is written.
    review = playbook([task('review', QUEUE, name=name, description='reviewed')], check=True)['review']
    hand_edit(api, queue['id'], lambda body: body.update(callingPartyName='Edited after the review'))
    refused = playbook([task('stale', QUEUE, name=name, description='reviewed', expected_etag=review['etag'])],
                       expect_failure=True)['stale']
    assert refused['failed']
    assert api.get('%s/%s' % (QUEUES, queue['id']))['description'] == 'after the hand edit'

    deleted = playbook([task('delete', QUEUE, name=name, state='absent', force_delete=True),
                        task('delete again', QUEUE, name=name, state='absent')])
    assert deleted['delete']['changed'] and deleted['delete']['action'] == 'delete'
    assert deleted['delete again']['changed'] is False
    assert named(api, QUEUES, name) is None


def test_members_and_wrapup_codes(playbook, api, run_prefix, org_refs):
    codes = [run_prefix + 'resolved', run_prefix + 'escalated']
    # The collection has no wrap-up code module: the test creates its own codes through the API.
    for code in codes:
        api.post(WRAPUP_CODES, body={'name': code})
    name = run_prefix + 'members'
    first, second = org_refs.users[:2]
    spec = {'name': name, 'division': org_refs.division,
            'members_mode': 'authoritative', 'wrapup_codes_mode': 'authoritative',
            'members': [{'user': first, 'ring': 1}, {'user': second, 'ring': 1}], 'wrapup_codes': codes}
    run = playbook([task('members', QUEUE, **spec), task('again', QUEUE, **spec)])
    assert run['members']['changed'] and run['members']['members']['added'] == 2
    assert run['again']['changed'] is False and only_reads(run['again'])
    queue_id = named(api, QUEUES, name)['id']
    members = api.list_all('%s/%s/members' % (QUEUES, queue_id))
    emails = dict((member['id'], api.get('/api/v2/users/%s' % member['id'])['email']) for member in members)
    assert sorted((emails[member['id']], member['ringNumber']) for member in members) == \
        sorted([(first, 1), (second, 1)])
    assigned = api.list_all('%s/%s/wrapupcodes' % (QUEUES, queue_id))
    assert sorted(code['name'] for code in assigned) == sorted(codes)

    fewer = playbook([task('fewer', QUEUE, **dict(spec, members=[{'user': second, 'ring': 1}],
                                                   wrapup_codes=codes[:1]))])['fewer']
    assert fewer['members']['removed'] == 1
    assert [emails[member['id']] for member in api.list_all('%s/%s/members' % (QUEUES, queue_id))] == [second]
    assert [code['name'] for code in api.list_all('%s/%s/wrapupcodes' % (QUEUES, queue_id))] == codes[:1]

    playbook([task('delete', QUEUE, name=name, state='absent', force_delete=True)])
    for code in codes:
        api.delete('%s/%s' % (WRAPUP_CODES, named(api, WRAPUP_CODES, code)['id']))
    assert named(api, QUEUES, name) is None


def test_skills_and_skill_groups(playbook, api, run_prefix, org_refs):
    skills = [run_prefix + 'billing', run_prefix + 'networking']
    run = playbook([task('skills', SKILL, skills=[{'name': skill} for skill in skills]),
                    task('again', SKILL, skills=[{'name': skill} for skill in skills])])
    assert run['skills']['changed'] and run['again']['changed'] is False and only_reads(run['again'])
    assert all(named(api, SKILLS, skill) for skill in skills)

    group = run_prefix + 'experts'
    spec = {'name': group, 'division': org_refs.division, 'description': 'billing or networking',
            'skill_conditions': [{'operation': 'Or', 'routing_skill_conditions': [
                {'routing_skill': skills[0], 'comparator': 'GreaterThanOrEqualTo', 'proficiency': 3},
                {'routing_skill': skills[1], 'comparator': 'GreaterThan', 'proficiency': 0}]}],
            'member_divisions': [org_refs.division]}
    run = playbook([task('group', SKILL_GROUP, **spec), task('again', SKILL_GROUP, **spec),
                    task('describe', SKILL_GROUP, **dict(spec, description='changed'))])
    assert run['group']['changed'] and run['again']['changed'] is False and only_reads(run['again'])
    assert [change['path'] for change in run['describe']['changes']] == ['description']
    stored = api.get('%s/%s' % (GROUPS, named(api, GROUPS, group)['id']))
    assert stored['description'] == 'changed'
    conditions = stored['skillConditions'][0]['routingSkillConditions']
    assert sorted(condition['routingSkill'] for condition in conditions) == sorted(skills)
    divisions = api.get('%s/%s/members/divisions' % (GROUPS, stored['id']))['entities']
    assert [division['name'] for division in divisions] == [org_refs.division]

    run = playbook([task('delete group', SKILL_GROUP, name=group, state='absent'),
                    task('delete skills', SKILL, skills=[{'name': skill, 'state': 'absent'} for skill in skills])])
    assert run['delete group']['changed'] and run['delete skills']['changed']
    assert named(api, GROUPS, group) is None
    assert not any(named(api, SKILLS, skill) for skill in skills)   # soft-deleted: no longer listed as active


def test_skill_rules_with_bullseye_and_conditional_group_routing(playbook, api, run_prefix, org_refs):
    skill, group, main, overflow = (run_prefix + suffix for suffix in ('vip', 'vip-agents', 'vip', 'overflow'))
    playbook([
        task('skill', SKILL, name=skill),
        task('group', SKILL_GROUP, name=group, skill_conditions=[{'operation': 'And', 'routing_skill_conditions': [
            {'routing_skill': skill, 'comparator': 'GreaterThan', 'proficiency': 0}]}]),
        task('queues', QUEUE, queues=[{'name': main, 'division': org_refs.division, 'description': 'kept'},
                                      {'name': overflow, 'division': org_refs.division}]),
    ])
    rules = {'queue': main, 'skill_evaluation_method': 'BEST',
             'bullseye_rings': [{'expansion_timeout_seconds': 15, 'skills_to_remove': [skill]},
                                {'expansion_timeout_seconds': 30}],
             'conditional_group_routing': [
                 {'operator': 'GreaterThan', 'metric': 'EstimatedWaitTime', 'condition_value': 60,
                  'wait_seconds': 20, 'groups': [{'name': group, 'type': 'SKILLGROUP'}]},
                 {'queue': overflow, 'operator': 'LessThan', 'metric': 'ServiceLevel', 'condition_value': 0.7,
                  'wait_seconds': 30, 'groups': [{'name': group, 'type': 'SKILLGROUP'}]}]}
    run = playbook([task('rules', SKILL_RULES, state='merged', config=[rules]),
                    task('again', SKILL_RULES, state='merged', config=[rules]),
                    task('gather', SKILL_RULES, state='gathered', config=[{'queue': main}])])
    assert run['rules']['changed'] and run['again']['changed'] is False
    queue = api.get('%s/%s' % (QUEUES, named(api, QUEUES, main)['id']))
    assert queue['description'] == 'kept' and queue['skillEvaluationMethod'] == 'BEST'
    assert len(queue['bullseye']['rings']) == 2
    cgr = queue['conditionalGroupRouting']['rules']
    assert [rule['metric'] for rule in cgr] == ['EstimatedWaitTime', 'ServiceLevel']
    assert cgr[1]['queue']['id'] == named(api, QUEUES, overflow)['id']
    [gathered] = run['gather']['gathered']
    assert gathered['queue'] == main and gathered['conditional_group_routing'][1]['queue'] == overflow
    assert gathered['bullseye_rings'][0]['skills_to_remove'] == [skill]

    cleared = playbook([task('clear', SKILL_RULES, state='deleted', config=[{'queue': main}])])['clear']
    assert cleared['changed']
    queue = api.get('%s/%s' % (QUEUES, queue['id']))
    assert not (queue.get('conditionalGroupRouting') or {}).get('rules')
    playbook([task('queues', QUEUE, queues=[{'name': main, 'state': 'absent', 'force_delete': True},
                                            {'name': overflow, 'state': 'absent', 'force_delete': True}]),
              task('group', SKILL_GROUP, name=group, state='absent'),
              task('skill', SKILL, name=skill, state='absent')])
    assert named(api, QUEUES, main) is None and named(api, GROUPS, group) is None

