"""Acceptance: utilization (org-wide, restored), the EventBridge integration, facts, export round trip, drift.

Same rules as test_acceptance_routing.py: public API only, run-prefixed objects, nothing left behind.
The utilization is the one org-wide object the suite writes: read first, changed, and put back to
exactly what was read (the session fixture saved it to disk too, for a run that is killed).
"""
import json

import pytest

from ansible_collections.genesyscloud.routing.plugins.module_utils.platform_quirks import strip_server_filled

from test_acceptance_routing import QUEUES, QUEUE, SKILL, SKILL_GROUP, SKILL_RULES, named, only_reads, task

pytestmark = pytest.mark.usefixtures('leaves_nothing')

UTILIZATION = '/api/v2/routing/utilization'
INTEGRATIONS = '/api/v2/integrations'
WEBHOOK = 'genesyscloud.routing.genesys_webhook'
FACTS = 'genesyscloud.routing.genesys_queue_facts'


def test_utilization_merge_then_the_original_is_restored(playbook, api):
    original = api.get(UTILIZATION)
    chat = original['utilization'].get('chat') or {}
    wanted = 2 if chat.get('maximumCapacity') != 2 else 3
    try:
        run = playbook([task('chat', 'genesyscloud.routing.genesys_utilization',
                             media_types={'chat': {'maximum_capacity': wanted}}),
                        task('again', 'genesyscloud.routing.genesys_utilization',
                             media_types={'chat': {'maximum_capacity': wanted}})])
        assert run['chat']['changed'] and run['again']['changed'] is False and only_reads(run['again'])
        changed = api.get(UTILIZATION)
        assert changed['utilization']['chat']['maximumCapacity'] == wanted
        for media_type, settings in original['utilization'].items():   # the full PUT sent the others back
            if media_type != 'chat':
                assert changed['utilization'][media_type] == settings, media_type
    finally:
        import acceptance_org
        api.put(UTILIZATION, body=acceptance_org.writable_utilization(original))
    assert api.get(UTILIZATION)['utilization'] == original['utilization']


def test_eventbridge_integration_create_rerun_change_disable_delete(playbook, api, target, run_prefix):
    account = target.setting('GENESYSCLOUD_ACCEPTANCE_AWS_ACCOUNT') or ('123456789012' if target.is_emulator else None)
    if not account:
        pytest.skip('a real organization needs GENESYSCLOUD_ACCEPTANCE_AWS_ACCOUNT for the EventBridge test')
    base = {'name': run_prefix + 'events', 'aws_account_id': account, 'aws_region': 'eu-west-1',
            'event_source_suffix': run_prefix + 'events'}
    run = playbook([task('create', WEBHOOK, events=['queue.update'], **base),
                    task('again', WEBHOOK, events=['queue.update'], **base),
                    task('events', WEBHOOK, name=base['name'], events=['queue.*', 'skill.create']),
                    task('disable', WEBHOOK, name=base['name'], enabled=False)])
    assert run['create']['changed'] and run['create']['action'] == 'create'
    assert run['again']['changed'] is False and only_reads(run['again'])
    assert run['events']['changes'] == [{'path': 'events', 'before': ['queue.update'],
                                         'after': ['queue.*', 'skill.create']}]
    integration = api.get('%s/%s' % (INTEGRATIONS, run['create']['id']))
    config = api.get('%s/%s/config/current' % (INTEGRATIONS, integration['id']))
    assert integration['intendedState'] == 'DISABLED'
    assert integration['integrationType']['id'] == 'amazon-eventbridge-source'
    assert config['properties']['awsAccountId'] == account
    assert run['events']['event_source_name'].endswith('/' + base['event_source_suffix'])

    deleted = playbook([task('delete', WEBHOOK, name=base['name'], state='absent'),
                        task('delete again', WEBHOOK, name=base['name'], state='absent')])
    assert deleted['delete']['changed'] and deleted['delete again']['changed'] is False
    assert named(api, INTEGRATIONS, base['name']) is None


def build_small_org(playbook, run_prefix, org_refs):
    """Two skills, a skill group, two queues (members, rules) of the run: the object of the export tests."""
    skill, group, queue, other = (run_prefix + suffix for suffix in ('lang', 'lang-agents', 'export', 'export-2'))
    playbook([
        task('skill', SKILL, name=skill, division=org_refs.division),
        task('group', SKILL_GROUP, name=group, division=org_refs.division, member_divisions=[org_refs.division],
             skill_conditions=[{'operation': 'And', 'routing_skill_conditions': [
                 {'routing_skill': skill, 'comparator': 'GreaterThan', 'proficiency': 1}]}]),
        task('queues', QUEUE, queues=[
            {'name': queue, 'division': org_refs.division, 'description': 'exported',
             'members': [{'user': org_refs.users[0]}]},
            {'name': other, 'division': org_refs.division}]),
        task('rules', SKILL_RULES, state='merged', config=[{
            'queue': queue, 'bullseye_rings': [{'expansion_timeout_seconds': 20, 'skills_to_remove': [skill]}, {}],
            'conditional_group_routing': [{'operator': 'GreaterThan', 'metric': 'EstimatedWaitTime',
                                           'condition_value': 30, 'wait_seconds': 10,
                                           'groups': [{'name': group, 'type': 'SKILLGROUP'}]}]}]),
    ])
    return skill, group, queue, other


def remove_small_org(playbook, names):
    skill, group, queue, other = names
    playbook([task('queues', QUEUE, queues=[{'name': name, 'state': 'absent', 'force_delete': True}
                                            for name in (queue, other)]),
              task('group', SKILL_GROUP, name=group, state='absent'),
              task('skill', SKILL, name=skill, state='absent')])


def export_tasks(run_prefix):
    return [{'name': 'export', FACTS: {
        'name_patterns': [run_prefix + '*'], 'gather': ['queues', 'skills', 'skill_groups'],
        'include': ['members', 'wrapup_codes', 'skill_rules', 'member_divisions'], 'format': 'desired_state'},
        'register': 'exported'}]


def feed_back_tasks():
    """The writers fed with the export; skill rules merged, so queues outside the run are never touched."""
    return [
        {'name': 'skills', SKILL: {'skills': '{{ exported.skills }}'}, 'register': 'skills'},
        {'name': 'skill_groups', SKILL_GROUP: {'skill_groups': '{{ exported.skill_groups }}'},
         'register': 'skill_groups'},
        {'name': 'queues', QUEUE: {'queues': '{{ exported.queues }}'}, 'register': 'queues'},
        {'name': 'skill_rules', SKILL_RULES: {'state': 'merged', 'config': '{{ exported.skill_rules }}'},
         'register': 'skill_rules'},
    ]


def test_facts_and_export_round_trip_change_nothing(playbook, api, run_prefix, org_refs):
    names = build_small_org(playbook, run_prefix, org_refs)
    skill, group, queue, other = names
    run = playbook(export_tasks(run_prefix) + feed_back_tasks())
    export = run['export']
    assert export['changed'] is False and only_reads(export)
    assert [item['name'] for item in export['queues']] == [queue, other]
    assert [item['name'] for item in export['skills']] == [skill]
    assert [item['name'] for item in export['skill_groups']] == [group]
    exported = export['queues'][0]
    assert exported['division'] == org_refs.division and exported['description'] == 'exported'
    assert [member['user'] for member in exported['members']] == [org_refs.users[0]]
    rules = [item for item in export['skill_rules'] if item['queue'] == queue][0]
    assert rules['conditional_group_routing'][0]['groups'] == [{'name': group, 'type': 'SKILLGROUP'}]
    for name in ('skills', 'skill_groups', 'queues', 'skill_rules'):
        assert run[name]['changed'] is False, (name, run[name].get('changes'))
        assert only_reads(run[name]), name
    remove_small_org(playbook, names)


def test_drift_after_a_hand_edit_is_reported_in_check_mode_without_writing(playbook, api, run_prefix, org_refs,
                                                                          tmp_path):
    names = build_small_org(playbook, run_prefix, org_refs)
    queue = names[2]
    export = playbook(export_tasks(run_prefix) + [
        {'name': 'save', 'ansible.builtin.copy': {'content': '{{ exported | to_json }}',
                                                  'dest': str(tmp_path / 'export.json')}}])['export']
    assert export['queues']
    stored = api.get('%s/%s' % (QUEUES, named(api, QUEUES, queue)['id']))
    stored['description'] = 'edited in the UI'
    # Like any writer (the admin UI included), it leaves out what the platform fills in by itself.
    api.put('%s/%s' % (QUEUES, stored['id']), body=strip_server_filled(stored))

    state = json.loads((tmp_path / 'export.json').read_text())
    report_path = tmp_path / 'drift.json'
    run = playbook([{'name': 'load', 'ansible.builtin.set_fact': {'exported': state}}] + feed_back_tasks() + [
        {'name': 'report', 'genesyscloud.routing.genesys_drift_report': {
            'environment': 'acceptance', 'json_path': str(report_path),
            'results': {'skill': '{{ skills }}', 'skill_group': '{{ skill_groups }}', 'queue': '{{ queues }}',
                        'skill_rules': '{{ skill_rules }}'}}}], check=True, diff=True)
    assert all(only_reads(run[name]) for name in ('skills', 'skill_groups', 'queues', 'skill_rules'))
    report = json.loads(report_path.read_text())
    assert report['in_sync'] is False
    assert [(item['kind'], item['name'], item['action'], [change['path'] for change in item['changes']])
            for item in report['objects']] == [('queue', queue, 'update', ['description'])]
    assert api.get('%s/%s' % (QUEUES, stored['id']))['description'] == 'edited in the UI'
    remove_small_org(playbook, names)
