"""genesys_skill_rules through ansible-playbook against the emulator: every state, proven by GETs.

Each test compares the queue the platform returns before and after: the rule keys must hold
what the state says, every other key must be exactly as it was, and runs that change nothing
must make zero writes (emulator stats).
"""
import copy

import pytest

from ansible_collections.genesyscloud.routing.plugins.module_utils.etag_and_diff import fingerprint
from ansible_collections.genesyscloud.routing.plugins.module_utils.client import GenesysClient
from ansible_collections.genesyscloud.routing.plugins.module_utils.resolver import Resolver
from ansible_collections.genesyscloud.routing.plugins.module_utils.skill_rules import (
    SkillRuleService, plan_targets, rules_output, select_targets,
)
from ansible_collections.genesyscloud.routing.plugins.module_utils.runner import apply_all
from ansible_collections.genesyscloud.routing.plugins.module_utils.platform_quirks import strip_server_filled

MODULE = 'genesyscloud.routing.genesys_skill_rules'
QUEUES = '/api/v2/routing/queues'
PUT_QUEUE = 'PUT /api/v2/routing/queues/{queueId}'
RULE_KEYS = ('skillEvaluationMethod', 'bullseye', 'conditionalGroupRouting', 'routingRules')
# Keys the platform sets on every write; the rest of a queue must survive a rules write untouched.
VOLATILE = ('dateModified', 'modifiedBy')


def task(name, state, config=None, **extra):
    args = {'state': state}
    if config is not None:
        args['config'] = config
    args.update(extra)
    return {'name': name, MODULE: args}


def queue_named(emulator, name):
    listed = emulator.api('GET', QUEUES, params={'pageSize': 500}).json()['entities']
    [queue] = [queue for queue in listed if queue['name'] == name]
    return emulator.api('GET', '%s/%s' % (QUEUES, queue['id'])).json()


def all_queues(emulator):
    return emulator.api('GET', QUEUES, params={'pageSize': 500}).json()['entities']


def rest_of(queue, also=()):
    """The queue without its rule keys (and the given extra keys) or the keys every write moves."""
    return dict((key, value) for key, value in queue.items()
                if key not in RULE_KEYS and key not in VOLATILE and key not in also)


def has_rules(queue):
    return bool((queue.get('bullseye') or {}).get('rings') or (queue.get('conditionalGroupRouting') or {}).get('rules')
                or queue.get('routingRules'))


def puts(emulator):
    return emulator.stats()['by_operation'].get(PUT_QUEUE, 0)


GROUP = {'name': 'Support Agents', 'type': 'GROUP'}


# ------------------------------------------------------------------------------------------- gathered

def test_gathered_then_overridden_with_that_output_changes_nothing(emulator, playbook):
    run = playbook([task('gather', 'gathered')])
    gathered = run['gather']['gathered']
    assert run['gather']['changed'] is False
    assert [item['queue'] for item in gathered] == sorted((q['name'] for q in all_queues(emulator)), key=str.lower)
    support = [item for item in gathered if item['queue'] == 'Support'][0]
    # names, not ids; rings in order; the default (last) ring with its team
    assert support['skill_evaluation_method'] == 'BEST'
    assert support['bullseye_rings'] == [
        {'expansion_timeout_seconds': 15.0, 'skills_to_remove': ['VIP']},
        {'expansion_timeout_seconds': 30.0, 'skills_to_remove': ['Technical']},
        {'member_groups': [{'name': 'Tier 2 Escalations', 'type': 'TEAM'}]}]
    assert support['conditional_group_routing'] == [
        {'metric': 'EstimatedWaitTime', 'operator': 'GreaterThan', 'condition_value': 60.0, 'wait_seconds': 20,
         'groups': [GROUP]},
        {'metric': 'ServiceLevel', 'operator': 'LessThan', 'condition_value': 0.7, 'wait_seconds': 30,
         'groups': [{'name': 'Tier 2 Escalations', 'type': 'TEAM'}]}]
    assert support['preferred_agent_rules'] == [
        {'operator': 'MEETS_THRESHOLD', 'threshold': 9, 'wait_seconds': 10.0},
        {'operator': 'ANY', 'wait_seconds': 15.0}]
    assert run['gather']['etags']['Support'] == fingerprint(queue_named(emulator, 'Support'))
    assert emulator.stats()['writes'] == 0

    emulator.reset_stats()
    run = playbook([task('override', 'overridden', gathered)], diff=True)
    result = run['override']
    assert result['changed'] is False
    assert result['requests'] == [] and result['diff'] == [] and result['changes'] == []
    assert result['before'] == result['after'] == gathered
    assert emulator.stats()['writes'] == 0


def test_gathered_for_listed_queues_only(emulator, playbook):
    run = playbook([task('gather', 'gathered', [{'queue': 'VIP'}, {'queue': 'support'}])])
    assert [item['queue'] for item in run['gather']['gathered']] == ['VIP', 'Support']
    assert run['gather']['gathered'][0]['bullseye_rings'] == [
        {'expansion_timeout_seconds': 10.0, 'skills_to_remove': ['VIP']}, {}]


# ------------------------------------------------------------------------------------------- merged

def test_merged_sets_only_the_given_rules_and_keeps_every_other_field(emulator, playbook):
    before = queue_named(emulator, 'Support')
    config = [{'queue': 'Support', 'preferred_agent_rules': [{'operator': 'ANY', 'wait_seconds': 20}]}]
    run = playbook([task('merge', 'merged', config)])
    result = run['merge']
    after = queue_named(emulator, 'Support')
    assert result['changed'] is True
    assert after['routingRules'] == [{'operator': 'ANY', 'waitSeconds': 20.0}]
    for key in ('skillEvaluationMethod', 'bullseye', 'conditionalGroupRouting'):
        assert after[key] == before[key]
    assert rest_of(after) == rest_of(before)
    assert result['requests'] == [{'method': 'PUT', 'path': '%s/%s' % (QUEUES, before['id']), 'queue': 'Support',
                                   'body': {'routingRules': [{'operator': 'ANY', 'waitSeconds': 20.0}]}}]
    assert [change['path'] for change in result['changes']] == ['preferred_agent_rules']
    assert result['etags']['Support'] == fingerprint(after)

    emulator.reset_stats()
    again = playbook([task('again', 'merged', config)])['again']
    assert again['changed'] is False and again['requests'] == []
    assert emulator.stats()['writes'] == 0


def test_merged_resolves_names_of_rings_groups_and_cgr_queues(emulator, playbook):
    queues = dict((queue['name'], queue['id']) for queue in all_queues(emulator))
    teams = emulator.api('GET', '/api/v2/teams').json()['entities']
    skills = dict((skill['name'], skill['id'])
                  for skill in emulator.api('GET', '/api/v2/routing/skills', params={'pageSize': 500}).json()['entities'])
    config = [{'queue': 'Billing', 'skill_evaluation_method': 'BEST',
               'bullseye_rings': [
                   {'expansion_timeout_seconds': 5, 'skills_to_remove': ['Billing', 'Accounts']},
                   {'expansion_timeout_seconds': 10, 'member_groups': [{'name': 'Technical Experts',
                                                                          'type': 'SKILLGROUP'}]},
                   {'member_groups': [{'name': 'Tier 2 Escalations', 'type': 'TEAM'}, GROUP]}],
               'conditional_group_routing': [
                   {'operator': 'GreaterThan', 'condition_value': 30, 'wait_seconds': 10, 'groups': [GROUP]},
                   {'queue': 'Support', 'metric': 'ServiceLevel', 'operator': 'LessThan', 'condition_value': 0.5,
                    'groups': [{'name': 'Tier 2 Escalations', 'type': 'TEAM'}]}]}]
    run = playbook([task('merge', 'merged', config)])
    assert run['merge']['changed'] is True
    stored = queue_named(emulator, 'Billing')
    assert stored['skillEvaluationMethod'] == 'BEST'
    rings = stored['bullseye']['rings']
    assert [ring.get('expansionCriteria') for ring in rings] == [
        [{'type': 'TIMEOUT_SECONDS', 'threshold': 5.0}], [{'type': 'TIMEOUT_SECONDS', 'threshold': 10.0}], None]
    assert sorted(skill['id'] for skill in rings[0]['actions']['skillsToRemove']) == \
        sorted([skills['Billing'], skills['Accounts']])
    assert [group['name'] for group in rings[1]['memberGroups']] == ['Technical Experts']
    assert sorted(group['type'] for group in rings[2]['memberGroups']) == ['GROUP', 'TEAM']
    rules = stored['conditionalGroupRouting']['rules']
    assert rules[0]['queue']['id'] == stored['id']  # filled in by the platform: the queue itself
    assert rules[1]['queue']['id'] == queues['Support']
    assert rules[1]['groups'][0]['id'] == [team['id'] for team in teams if team['name'] == 'Tier 2 Escalations'][0]

    emulator.reset_stats()
    assert playbook([task('again', 'merged', config)])['again']['changed'] is False
    assert emulator.stats()['writes'] == 0


# ------------------------------------------------------------------------------------------- replaced

def test_replaced_makes_the_rules_exactly_the_item(emulator, playbook):
    before = queue_named(emulator, 'VIP')
    assert before['bullseye']['rings'] and before['routingRules']
    config = [{'queue': 'VIP', 'conditional_group_routing': [
        {'operator': 'GreaterThanOrEqualTo', 'condition_value': 45, 'groups': [GROUP]}]}]
    result = playbook([task('replace', 'replaced', config)], diff=True)['replace']
    after = queue_named(emulator, 'VIP')
    assert result['changed'] is True
    assert after['bullseye']['rings'] == [] and after['routingRules'] == []
    assert [rule['conditionValue'] for rule in after['conditionalGroupRouting']['rules']] == [45.0]
    assert after['skillEvaluationMethod'] == before['skillEvaluationMethod']  # not given: left as is
    assert rest_of(after) == rest_of(before)
    [diff] = result['diff']
    assert diff['before']['bullseye_rings'] == [{'expansion_timeout_seconds': 10.0, 'skills_to_remove': ['VIP']}, {}]
    assert diff['after'] == {'bullseye_rings': [], 'preferred_agent_rules': [], 'conditional_group_routing': [
        {'metric': 'EstimatedWaitTime', 'operator': 'GreaterThanOrEqualTo', 'condition_value': 45.0,
         'groups': [GROUP]}]}

    emulator.reset_stats()
    assert playbook([task('again', 'replaced', config)])['again']['changed'] is False
    assert emulator.stats()['writes'] == 0


# ------------------------------------------------------------------------------------------- overridden

def test_overridden_clears_every_queue_left_out_and_writes_only_those_that_change(emulator, playbook):
    before = dict((queue['name'], queue) for queue in all_queues(emulator))
    with_rules = sorted(name for name, queue in before.items() if has_rules(queue))
    assert 'Support' in with_rules and 'VIP' in with_rules
    config = [{'queue': 'Sales', 'preferred_agent_rules': [{'operator': 'MEETS_THRESHOLD', 'threshold': 7}]}]
    emulator.reset_stats()
    result = playbook([task('override', 'overridden', config)])['override']
    assert result['changed'] is True
    assert sorted(request['queue'] for request in result['requests']) == sorted(with_rules + ['Sales'])
    # Queues without rules are not written; Support's last ring has member groups, which the platform
    # will not drop with the ring: one extra PUT empties them first (TF PR #1982, #2491).
    assert puts(emulator) == len(with_rules) + 1 + 1
    after = dict((queue['name'], queue) for queue in all_queues(emulator))
    for name, queue in after.items():
        if name == 'Sales':
            assert queue['routingRules'] == [{'operator': 'MEETS_THRESHOLD', 'threshold': 7}]
        else:
            assert not has_rules(queue), name
        assert queue['skillEvaluationMethod'] == before[name]['skillEvaluationMethod']
        assert rest_of(queue, also=('memberCount', 'joinedMemberCount')) == \
            rest_of(before[name], also=('memberCount', 'joinedMemberCount'))
    # listed queues first, in config order, then every other queue by name
    assert [item['queue'] for item in result['before']] == \
        ['Sales'] + sorted((name for name in before if name != 'Sales'), key=str.lower)

    emulator.reset_stats()
    assert playbook([task('again', 'overridden', config)])['again']['changed'] is False
    assert emulator.stats()['writes'] == 0


# ------------------------------------------------------------------------------------------- deleted

def test_deleted_clears_the_listed_queues_then_all(emulator, playbook):
    support_before = queue_named(emulator, 'Support')
    vip_before = queue_named(emulator, 'VIP')
    result = playbook([task('delete', 'deleted', [{'queue': 'VIP'}])])['delete']
    assert result['changed'] is True and [request['queue'] for request in result['requests']] == ['VIP']
    vip = queue_named(emulator, 'VIP')
    assert not has_rules(vip)
    assert vip['skillEvaluationMethod'] == vip_before['skillEvaluationMethod']
    assert rest_of(vip) == rest_of(vip_before)
    assert queue_named(emulator, 'Support') == support_before  # not listed: not touched

    result = playbook([task('delete all', 'deleted')])['delete all']
    assert [request['queue'] for request in result['requests']] == ['Support']
    assert not any(has_rules(queue) for queue in all_queues(emulator))
    support = queue_named(emulator, 'Support')
    assert support['skillEvaluationMethod'] == 'BEST'
    assert rest_of(support, also=('memberCount', 'joinedMemberCount')) == \
        rest_of(support_before, also=('memberCount', 'joinedMemberCount'))

    emulator.reset_stats()
    assert playbook([task('again', 'deleted')])['again']['changed'] is False
    assert emulator.stats()['writes'] == 0


# ------------------------------------------------------------------------------------------- check mode, diff

def test_check_mode_predicts_without_writing_and_diffs_canonically(emulator, playbook):
    before = queue_named(emulator, 'Support')
    config = [{'queue': 'Support', 'bullseye_rings': [
        {'expansion_timeout_seconds': 20, 'skills_to_remove': ['Technical', 'VIP']},
        {'member_groups': [{'name': 'Tier 2 Escalations', 'type': 'TEAM'}, GROUP]}]}]
    emulator.reset_stats()
    tasks = [task('merge', 'merged', config), task('override', 'overridden', config),
             task('delete', 'deleted')]
    run = playbook(tasks, check=True, diff=True)
    assert emulator.stats()['writes'] == 0
    assert queue_named(emulator, 'Support') == before
    merge = run['merge']
    assert merge['changed'] is True
    [diff] = merge['diff']
    assert diff['before'] == {'bullseye_rings': [
        {'expansion_timeout_seconds': 15.0, 'skills_to_remove': ['VIP']},
        {'expansion_timeout_seconds': 30.0, 'skills_to_remove': ['Technical']},
        {'member_groups': [{'name': 'Tier 2 Escalations', 'type': 'TEAM'}]}]}
    # skills and groups sorted by name, rings kept in the given order
    assert diff['after'] == {'bullseye_rings': [
        {'expansion_timeout_seconds': 20.0, 'skills_to_remove': ['Technical', 'VIP']},
        {'member_groups': [GROUP, {'name': 'Tier 2 Escalations', 'type': 'TEAM'}]}]}
    assert merge['after'][0]['bullseye_rings'] == diff['after']['bullseye_rings']
    assert [request['queue'] for request in merge['requests']] == ['Support']
    assert run['override']['changed'] and len(run['override']['requests']) >= 2
    assert run['delete']['changed']


# ------------------------------------------------------------------------------------------- rendered

def test_rendered_needs_no_credentials_and_no_network(emulator, playbook):
    config = [{'queue': 'VIP', 'skill_evaluation_method': 'BEST',
               'bullseye_rings': [{'expansion_timeout_seconds': 10, 'skills_to_remove': ['VIP']}, {}],
               'preferred_agent_rules': [{'operator': 'ANY'}]}]
    offline = {'GENESYSCLOUD_OAUTHCLIENT_ID': '', 'GENESYSCLOUD_OAUTHCLIENT_SECRET': '',
               'GENESYSCLOUD_API_URL': 'http://127.0.0.1:9'}
    emulator.reset_stats()
    result = playbook([task('render', 'rendered', config)], env=offline)['render']
    assert result['changed'] is False
    assert result['rendered'] == [{'queue': 'VIP', 'body': {
        'skillEvaluationMethod': 'BEST',
        'bullseye': {'rings': [{'expansionCriteria': [{'type': 'TIMEOUT_SECONDS', 'threshold': 10.0}],
                                'actions': {'skillsToRemove': [{'id': 'VIP'}]}}, {}]},
        'routingRules': [{'operator': 'ANY'}]}}]
    assert 'api_calls' not in result
    assert emulator.stats()['total'] == 0


# ------------------------------------------------------------------------------------------- bad input

SIX_RULES = [{'operator': 'GreaterThan', 'condition_value': index, 'groups': [GROUP]} for index in range(6)]


@pytest.mark.parametrize('config, path, fragment', [
    ([{'queue': 'Support', 'bullseye_rings': [{'expansion_timeout_seconds': 5},
                                              {'skills_to_remove': ['Techincal']}]}],
     'config[0].bullseye_rings[1].skills_to_remove[0]', "unknown skill 'Techincal'; did you mean 'Technical'?"),
    ([{'queue': 'Support'}, {'queue': 'VIP', 'conditional_group_routing': SIX_RULES}],
     'config[1].conditional_group_routing[5]', 'at most 5 conditional group routing rules'),
    ([{'queue': 'Support', 'conditional_group_routing': [
        {'queue': 'Sales', 'operator': 'GreaterThan', 'condition_value': 5, 'groups': [GROUP]}]}],
     'config[0].conditional_group_routing[0].queue', "omit queue on it (got 'Sales')"),
    ([{'queue': 'Support', 'bullseye_rings': [{'expansion_timeout_seconds': 300000}, {}]}],
     'config[0].bullseye_rings[0].expansion_timeout_seconds', '300000.0 is above the maximum 259200'),
    ([{'queue': 'Support', 'bullseye_rings': [{'expansion_timeout_seconds': 5, 'skills_to_remove': ['VIP']},
                                              {'skills_to_remove': ['vip']}]}],
     'config[0].bullseye_rings[1].skills_to_remove[0]', "skill 'vip' is already removed at "
                                                        'config[0].bullseye_rings[0].skills_to_remove[0]'),
    ([{'queue': 'Suport', 'skill_evaluation_method': 'ALL'}],
     'config[0].queue', "unknown queue 'Suport'; did you mean 'Support'"),
    ([{'queue': 'Support', 'conditional_group_routing': [
        {'operator': 'GreaterThan', 'condition_value': 5, 'groups': [{'name': 'Support Agent', 'type': 'GROUP'}]}]}],
     'config[0].conditional_group_routing[0].groups[0].name', "unknown group 'Support Agent'"),
])
def test_bad_input_fails_with_the_option_path_and_writes_nothing(emulator, playbook, config, path, fragment):
    before = queue_named(emulator, 'Support')
    emulator.reset_stats()
    result = playbook([task('bad', 'merged', config)], expect_failure=True)['bad']
    assert result['failed']
    assert path + ':' in result['msg'] and fragment in result['msg'], result['msg']
    assert path in [error['path'] for error in result['errors']]
    assert emulator.stats()['writes'] == 0
    assert queue_named(emulator, 'Support') == before


def test_structural_errors_are_found_before_any_api_call(emulator, playbook):
    emulator.reset_stats()
    result = playbook([task('bad', 'replaced', [{'queue': 'Support', 'conditional_group_routing': SIX_RULES}])],
                      expect_failure=True)['bad']
    assert 'config[0].conditional_group_routing[5]' in result['msg']
    assert emulator.stats()['total'] == 0


# ------------------------------------------------------------------------------------------- ETag, concurrency

def test_stale_expected_etag_refuses_and_the_current_one_applies(emulator, playbook):
    reviewed = playbook([task('review', 'gathered', [{'queue': 'Support'}])])['review']['etags']['Support']
    edited = queue_named(emulator, 'Support')
    edited['description'] = 'Edited in the UI'
    assert emulator.api('PUT', '%s/%s' % (QUEUES, edited['id']), json=strip_server_filled(edited)).status_code == 200
    config = [{'queue': 'Support', 'skill_evaluation_method': 'ALL', 'expected_etag': reviewed}]
    emulator.reset_stats()
    result = playbook([task('apply', 'merged', config)], expect_failure=True)['apply']
    assert 'changed since review' in result['msg']
    assert emulator.stats()['writes'] == 0
    fresh = queue_named(emulator, 'Support')
    assert fresh['skillEvaluationMethod'] == 'BEST'
    config[0]['expected_etag'] = fingerprint(fresh)
    result = playbook([task('apply', 'merged', config)])['apply']
    assert result['changed'] and queue_named(emulator, 'Support')['skillEvaluationMethod'] == 'ALL'


def test_a_concurrent_edit_is_kept_and_only_the_rules_are_reapplied(emulator):
    client = GenesysClient(emulator.base_url, emulator.base_url, access_token=emulator.token())
    warnings = []
    service = SkillRuleService(client, Resolver(client), warn=warnings.append)
    targets = select_targets(service, [{'queue': 'Support', 'preferred_agent_rules': []}], 'merged')
    plans = plan_targets(service, targets)
    # Someone else changes another field of the queue between our read and our write.
    theirs = queue_named(emulator, 'Support')
    theirs['callingPartyName'] = 'Changed meanwhile'
    emulator.api('PUT', '%s/%s' % (QUEUES, theirs['id']), json=strip_server_filled(theirs))
    results, failures = apply_all(service, plans)
    result = rules_output(results, 'merged', with_diff=False)
    assert failures == []
    stored = queue_named(emulator, 'Support')
    assert stored['callingPartyName'] == 'Changed meanwhile'
    assert stored['routingRules'] == []
    assert warnings and 'changed by someone else' in warnings[0]
    assert result['etags']['Support'] == fingerprint(stored)


def test_members_and_unmanaged_queue_data_survive_a_rules_write(emulator, playbook):
    support = queue_named(emulator, 'Support')
    members = copy.deepcopy(emulator.api('GET', '%s/%s/members' % (QUEUES, support['id']),
                                         params={'pageSize': 100}).json()['entities'])
    playbook([task('merge', 'merged', [{'queue': 'Support', 'skill_evaluation_method': 'NONE'}])])
    after = emulator.api('GET', '%s/%s/members' % (QUEUES, support['id']), params={'pageSize': 100}).json()
    assert after['entities'] == members
