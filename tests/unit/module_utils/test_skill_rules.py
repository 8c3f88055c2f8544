"""Pure logic of genesys_skill_rules: conversion, canonical views, plans per state, targets, report."""
import copy
import json

import pytest

from ansible_collections.genesyscloud.routing.plugins.module_utils.errors import InputErrors
from ansible.module_utils.testing import patch_module_args
from hypothesis import given, settings

from ansible_collections.genesyscloud.routing.plugins.module_utils.etag_and_diff import fingerprint
from ansible_collections.genesyscloud.routing.plugins.module_utils.fieldmap import FieldMapError
from ansible_collections.genesyscloud.routing.plugins.module_utils.resolver import Resolver
from ansible_collections.genesyscloud.routing.plugins.module_utils.skill_rule_fields import (
    rule_references, rules_from_api, rules_to_api,
)
from ansible_collections.genesyscloud.routing.plugins.module_utils.skill_rules import (
    SkillRuleService, managed_rules, plan_targets, removal_errors, render, rules_output, select_targets,
)
from ansible_collections.genesyscloud.routing.plugins.module_utils import validation
from ansible_collections.genesyscloud.routing.plugins.module_utils.runner import ensure
from ansible_collections.genesyscloud.routing.plugins.modules import genesys_skill_rules

from test_skill_rules_schema import COMPLETE, GROUP, rule_sets

def entities(prefix, names):
    return [{'id': '%s-%d' % (prefix, index), 'name': name} for index, name in enumerate(names)]


# A fake org: every group name of the generated rule sets exists as a group, a team and a skill group.
GROUP_NAMES = ['Support Agents', 'Sales Agents', 'Tier 2', 'Technical Experts']
LISTINGS = {
    '/api/v2/routing/skills': [{'id': 's-vip', 'name': 'VIP'}, {'id': 's-tech', 'name': 'Technical'},
                               {'id': 's-bill', 'name': 'Billing'}, {'id': 's-sales', 'name': 'Sales'},
                               {'id': 's-span', 'name': 'Spanish'}],
    '/api/v2/groups': entities('g', GROUP_NAMES),
    '/api/v2/teams': entities('t', GROUP_NAMES),
    '/api/v2/routing/skillgroups': entities('sg', GROUP_NAMES),
}

SUPPORT = {
    'id': 'q-sup', 'name': 'Support', 'description': 'Front line', 'memberCount': 4,
    'mediaSettings': {'call': {'alertingTimeoutSeconds': 12}},
    'skillEvaluationMethod': 'BEST',
    'bullseye': {'rings': [
        {'expansionCriteria': [{'type': 'TIMEOUT_SECONDS', 'threshold': 15}],
         'actions': {'skillsToRemove': [{'id': 's-vip', 'name': 'VIP', 'selfUri': '/api/v2/routing/skills/s-vip'}]}},
        {'memberGroups': [{'id': 't-2', 'type': 'TEAM', 'name': 'Tier 2', 'memberCount': 4}]}]},
    'conditionalGroupRouting': {'rules': [
        {'metric': 'EstimatedWaitTime', 'operator': 'GreaterThan', 'conditionValue': 60, 'waitSeconds': 20,
         'groups': [{'id': 'g-0', 'type': 'GROUP'}]}]},
    'routingRules': [{'operator': 'ANY', 'waitSeconds': 15}],
}
SALES = {'id': 'q-sales', 'name': 'Sales', 'skillEvaluationMethod': 'ALL', 'description': 'no rules'}


class FakeClient:
    """Listings from fixed tables; records every call (the planning code must never write)."""

    def __init__(self, queues=None):
        self.listings = dict(LISTINGS)
        self.listings['/api/v2/routing/queues'] = copy.deepcopy(queues if queues is not None else [SUPPORT, SALES])
        self.calls = []

    def list_all(self, path, params=None):
        self.calls.append(('LIST', path))
        return copy.deepcopy(self.listings[path])

    def __getattr__(self, method):
        def call(*args, **kwargs):
            self.calls.append((method.upper(), args[0] if args else None))
            raise AssertionError('unexpected %s call' % method)
        return call


def service_for(client=None):
    client = client or FakeClient()
    return SkillRuleService(client, Resolver(client))


# ------------------------------------------------------------------------------------------- conversion

def test_rules_to_api_resolves_names_and_shapes_the_platform_objects():
    body = rules_to_api(COMPLETE, service_for().resolver, 'config[0]')
    assert body['skillEvaluationMethod'] == 'BEST'
    assert body['bullseye']['rings'] == [
        {'expansionCriteria': [{'type': 'TIMEOUT_SECONDS', 'threshold': 15.0}],
         'actions': {'skillsToRemove': [{'id': 's-vip'}]}},
        {'expansionCriteria': [{'type': 'TIMEOUT_SECONDS', 'threshold': 30.5}],
         'actions': {'skillsToRemove': [{'id': 's-tech'}]}, 'memberGroups': [{'id': 'sg-3', 'type': 'SKILLGROUP'}]},
        {'memberGroups': [{'id': 't-2', 'type': 'TEAM'}]}]
    assert body['conditionalGroupRouting']['rules'] == [
        {'metric': 'EstimatedWaitTime', 'operator': 'GreaterThan', 'conditionValue': 60.0, 'waitSeconds': 20,
         'groups': [{'id': 'g-0', 'type': 'GROUP'}]},
        {'metric': 'ServiceLevel', 'operator': 'LessThan', 'conditionValue': 0.7, 'queue': {'id': 'q-sales'},
         'groups': [{'id': 't-2', 'type': 'TEAM'}]}]
    assert body['routingRules'] == [{'operator': 'MEETS_THRESHOLD', 'threshold': 9, 'waitSeconds': 10.0},
                                    {'operator': 'ANY'}]
    assert 'expected_etag' not in str(body)


def test_empty_lists_clear_and_absent_options_are_not_sent():
    resolver = service_for().resolver
    assert rules_to_api({'bullseye_rings': [], 'conditional_group_routing': [], 'preferred_agent_rules': []},
                        resolver) == {'bullseye': {'rings': []}, 'conditionalGroupRouting': {'rules': []},
                                      'routingRules': []}
    assert rules_to_api({'queue': 'Support'}, resolver) == {}


def test_rules_from_api_is_canonical_names_sorted_sets_ordered_rings_floats():
    queue = copy.deepcopy(SUPPORT)
    queue['bullseye']['rings'][1]['memberGroups'].insert(0, {'id': 'g-0', 'type': 'GROUP'})
    queue['bullseye']['rings'][0]['actions']['skillsToRemove'].append({'id': 's-bill'})
    view = rules_from_api(queue, service_for().resolver)
    assert view == {
        'skill_evaluation_method': 'BEST',
        'bullseye_rings': [{'expansion_timeout_seconds': 15.0, 'skills_to_remove': ['Billing', 'VIP']},
                           {'member_groups': [GROUP, {'name': 'Tier 2', 'type': 'TEAM'}]}],
        'conditional_group_routing': [{'metric': 'EstimatedWaitTime', 'operator': 'GreaterThan',
                                       'condition_value': 60.0, 'wait_seconds': 20, 'groups': [GROUP]}],
        'preferred_agent_rules': [{'operator': 'ANY', 'wait_seconds': 15.0}]}
    assert isinstance(view['bullseye_rings'][0]['expansion_timeout_seconds'], float)


def test_a_queue_without_rules_has_empty_lists_and_unknown_ids_stay_ids():
    resolver = service_for().resolver
    assert rules_from_api(SALES, resolver) == {'skill_evaluation_method': 'ALL', 'bullseye_rings': [],
                                               'conditional_group_routing': [], 'preferred_agent_rules': []}
    queue = {'bullseye': {'rings': [{'actions': {'skillsToRemove': [{'id': 's-gone'}]}}, {}]}}
    assert rules_from_api(queue, resolver)['bullseye_rings'] == [{'skills_to_remove': ['s-gone']}, {}]


@settings(max_examples=100, deadline=None)
@given(rule_sets())
def test_options_to_api_and_back_is_the_canonical_form_of_the_options(item):
    # rule_sets() names queues like skills; give the fake org queues by those names
    queues = [{'id': 'q-%d' % index, 'name': name}
              for index, name in enumerate(['VIP', 'Billing', 'Sales', 'Technical', 'Spanish'])]
    resolver = service_for(FakeClient(queues)).resolver
    view = rules_from_api(rules_to_api(item, resolver, 'config[0]'), resolver)
    again = rules_from_api(rules_to_api(view, resolver, 'config[0]'), resolver)
    assert again == view  # canonical form is a fixed point
    assert [ring.get('skills_to_remove', []) for ring in view['bullseye_rings']] == \
        [sorted(ring.get('skills_to_remove', [])) for ring in item['bullseye_rings']]
    assert [rule['operator'] for rule in view['conditional_group_routing']] == \
        [rule['operator'] for rule in item['conditional_group_routing']]
    assert [rule.get('metric', 'EstimatedWaitTime') for rule in item['conditional_group_routing']] == \
        [rule['metric'] for rule in view['conditional_group_routing']]


def test_rule_references_lists_every_name_with_its_option_path():
    assert rule_references(COMPLETE, 'config[0]') == [
        ('skill', 'VIP', 'config[0].bullseye_rings[0].skills_to_remove[0]'),
        ('skill', 'Technical', 'config[0].bullseye_rings[1].skills_to_remove[0]'),
        ('skill_group', 'Technical Experts', 'config[0].bullseye_rings[1].member_groups[0].name'),
        ('team', 'Tier 2', 'config[0].bullseye_rings[2].member_groups[0].name'),
        ('group', 'Support Agents', 'config[0].conditional_group_routing[0].groups[0].name'),
        ('queue', 'Sales', 'config[0].conditional_group_routing[1].queue'),
        ('team', 'Tier 2', 'config[0].conditional_group_routing[1].groups[0].name')]


def test_render_needs_no_client_and_keeps_names():
    [rendered] = render([{'queue': 'VIP', 'bullseye_rings': [{'skills_to_remove': ['VIP']}, {}]}])
    assert rendered == {'queue': 'VIP', 'body': {'bullseye': {'rings': [
        {'actions': {'skillsToRemove': [{'id': 'VIP'}]}}, {}]}}}


# ------------------------------------------------------------------------------------------- managed per state

ITEM = {'queue': 'Support', 'skill_evaluation_method': 'ALL', 'preferred_agent_rules': [{'operator': 'ANY'}]}


@pytest.mark.parametrize('state, expected', [
    ('merged', {'skill_evaluation_method': 'ALL', 'preferred_agent_rules': [{'operator': 'ANY'}]}),
    ('replaced', {'skill_evaluation_method': 'ALL', 'preferred_agent_rules': [{'operator': 'ANY'}],
                  'bullseye_rings': [], 'conditional_group_routing': []}),
    ('overridden', {'skill_evaluation_method': 'ALL', 'preferred_agent_rules': [{'operator': 'ANY'}],
                    'bullseye_rings': [], 'conditional_group_routing': []}),
    ('deleted', {'preferred_agent_rules': [], 'bullseye_rings': [], 'conditional_group_routing': []}),
])
def test_each_state_manages_the_documented_options(state, expected):
    assert managed_rules(ITEM, state) == expected


# ------------------------------------------------------------------------------------------- plans

def plan_for(state, item, queues=None):
    service = service_for(FakeClient(queues))
    targets = select_targets(service, [item], state)
    return service, plan_targets(service, targets)


def test_merged_plan_changes_only_the_given_option_and_keeps_the_rest_of_the_queue():
    service, [plan] = plan_for('merged', {'queue': 'Support', 'preferred_agent_rules': []})
    assert plan.partial == {'routingRules': []}
    assert plan.changes == [{'path': 'preferred_agent_rules', 'before': [{'operator': 'ANY', 'wait_seconds': 15.0}],
                             'after': []}]
    assert plan.before == {'preferred_agent_rules': [{'operator': 'ANY', 'wait_seconds': 15.0}]}
    assert plan.after == {'preferred_agent_rules': []}
    assert dict((k, v) for k, v in plan.desired.items() if k != 'routingRules') == \
        dict((k, v) for k, v in SUPPORT.items() if k != 'routingRules')
    assert set(call[0] for call in service.client.calls) == set(['LIST'])  # planning only reads


def test_replaced_plan_clears_lists_left_out_but_not_the_evaluation_method():
    _service, [plan] = plan_for('replaced', {'queue': 'Support', 'preferred_agent_rules': [{'operator': 'ANY',
                                                                                            'wait_seconds': 15}]})
    assert sorted(change['path'] for change in plan.changes) == ['bullseye_rings', 'conditional_group_routing']
    assert plan.desired['skillEvaluationMethod'] == 'BEST'
    assert plan.desired['bullseye'] == {'rings': []}


def test_the_same_rules_written_differently_are_no_change():
    """Whole floats as ints, groups in another order, a queue named by id: same routing, no write."""
    item = {'queue': 'q-sup', 'skill_evaluation_method': 'BEST',
            'bullseye_rings': [{'expansion_timeout_seconds': 15, 'skills_to_remove': ['vip']},
                               {'member_groups': [{'name': 'Tier 2', 'type': 'TEAM'}]}],
            'conditional_group_routing': [{'metric': 'EstimatedWaitTime', 'operator': 'GreaterThan',
                                           'condition_value': 60.0, 'wait_seconds': 20, 'groups': [GROUP]}],
            'preferred_agent_rules': [{'operator': 'ANY', 'wait_seconds': 15.0}]}
    _service, [plan] = plan_for('replaced', item)
    assert plan.changes == [] and plan.changed is False


def test_overridden_targets_every_queue_and_only_changing_ones_change():
    service = service_for()
    targets = select_targets(service, [{'queue': 'Sales', 'skill_evaluation_method': 'NONE'}], 'overridden')
    assert [(target.queue['name'], target.path) for target in targets] == [('Sales', 'config[0]'), ('Support', None)]
    plans = plan_targets(service, targets)
    assert [plan.changed for plan in plans] == [True, True]
    assert plans[1].after == {'bullseye_rings': [], 'conditional_group_routing': [], 'preferred_agent_rules': []}
    service = SkillRuleService(service.client, Resolver(service.client), state='overridden')
    results, failures = ensure(service, [({'queue': 'Sales', 'skill_evaluation_method': 'NONE'}, 'config[0].')],
                               check_mode=True, sweep=True)
    result = rules_output(results, 'overridden', with_diff=True)
    assert failures == [] and all(item['changed'] for item in results)
    assert [request['queue'] for request in result['requests']] == ['Sales', 'Support']
    assert result['requests'][1]['body'] == {'bullseye': {'rings': []}, 'conditionalGroupRouting': {'rules': []},
                                             'routingRules': []}
    assert result['after'][1] == {'queue': 'Support', 'skill_evaluation_method': 'BEST', 'bullseye_rings': [],
                                  'conditional_group_routing': [], 'preferred_agent_rules': []}
    assert result['etags'] == {'Sales': fingerprint(SALES), 'Support': fingerprint(SUPPORT)}
    assert [diff['before_header'] for diff in result['diff']] == ['skill rules of queue Sales',
                                                                  'skill rules of queue Support']
    assert all(call[0] == 'LIST' for call in service.client.calls)


def test_deleted_without_config_targets_all_queues_and_an_empty_list_none():
    service = service_for()
    assert [target.queue['name'] for target in select_targets(service, None, 'deleted')] == ['Sales', 'Support']
    assert select_targets(service_for(), [], 'deleted') == []


def test_every_unknown_name_and_duplicate_is_reported_before_planning():
    config = [{'queue': 'Suport'},
              {'queue': 'Support', 'bullseye_rings': [{'skills_to_remove': ['Spansih']},
                                                      {'member_groups': [{'name': 'Tier Two', 'type': 'TEAM'}]}]},
              {'queue': 'q-sup'}]
    with pytest.raises(InputErrors) as caught:
        select_targets(service_for(), config, 'merged')
    assert [str(error) for error in caught.value.errors] == [
        "config[0].queue: unknown queue 'Suport'; did you mean 'Support'?",
        "config[2].queue: queue 'q-sup' is already listed at config[1].queue",
        "config[1].bullseye_rings[0].skills_to_remove[0]: unknown skill 'Spansih'; did you mean 'Spanish'?",
        "config[1].bullseye_rings[1].member_groups[0].name: unknown team 'Tier Two'; did you mean 'Tier 2'?"]


def test_a_skill_removed_twice_by_name_and_by_id_is_caught_online():
    item = {'bullseye_rings': [{'skills_to_remove': ['VIP']}, {'skills_to_remove': ['s-vip']}]}
    assert removal_errors(item, 'config[0]') == []  # offline the two spellings look different
    resolver = service_for().resolver
    [error] = removal_errors(item, 'config[0]', lambda name, path: resolver.resolve('skill', name, path))
    assert error.path == 'config[0].bullseye_rings[1].skills_to_remove[0]'
    assert isinstance(error, FieldMapError)


# ------------------------------------------------------------------------------------------- the module's first checks

def run_module(args, capsys):
    """Run genesys_skill_rules.main() in-process; these paths end before any client exists."""
    with patch_module_args(args):
        with pytest.raises(SystemExit):
            genesys_skill_rules.main()
    return json.loads(capsys.readouterr().out)


def test_config_is_required_by_the_states_that_write_or_render(capsys):
    result = run_module({'state': 'replaced'}, capsys)
    assert result['failed'] and result['msg'] == 'config is required with state=replaced'


def test_missing_jsonschema_fails_with_the_standard_message(capsys, monkeypatch):
    monkeypatch.setattr(validation, 'HAS_JSONSCHEMA', False)
    result = run_module({'state': 'rendered', 'config': [{'queue': 'VIP'}]}, capsys)
    assert result['failed'] and 'jsonschema' in result['msg'] and 'rendered' not in result


def test_rendered_runs_in_process_without_credentials(capsys, monkeypatch):
    for name in ('GENESYSCLOUD_OAUTHCLIENT_ID', 'GENESYSCLOUD_OAUTHCLIENT_SECRET', 'GENESYSCLOUD_ACCESS_TOKEN',
                 'GENESYSCLOUD_API_URL'):
        monkeypatch.delenv(name, raising=False)
    result = run_module({'state': 'rendered', 'config': [
        {'queue': 'VIP', 'conditional_group_routing': [{'operator': 'LessThan', 'condition_value': 5,
                                                        'groups': [GROUP]}]}]}, capsys)
    assert result['changed'] is False
    assert result['rendered'] == [{'queue': 'VIP', 'body': {'conditionalGroupRouting': {'rules': [
        {'metric': 'EstimatedWaitTime', 'operator': 'LessThan', 'conditionValue': 5.0,
         'groups': [{'id': 'Support Agents', 'type': 'GROUP'}]}]}}}]


def test_invalid_input_lists_every_error_with_path_and_value(capsys):
    result = run_module({'state': 'merged', 'config': [
        {'queue': 'VIP', 'bullseye_rings': [{'expansion_timeout_seconds': 300000}, {}],
         'preferred_agent_rules': [{'operator': 'MEETS_THRESHOLD'}]}]}, capsys)
    assert result['failed']
    assert result['errors'] == [
        {'path': 'config[0].bullseye_rings[0].expansion_timeout_seconds', 'value': 300000.0,
         'msg': 'config[0].bullseye_rings[0].expansion_timeout_seconds: 300000.0 is above the maximum 259200'},
        {'path': 'config[0].preferred_agent_rules[0].threshold', 'value': None,
         'msg': 'config[0].preferred_agent_rules[0].threshold: is required when operator is MEETS_THRESHOLD'}]
    assert 'api_calls' not in result  # failed before a client existed
