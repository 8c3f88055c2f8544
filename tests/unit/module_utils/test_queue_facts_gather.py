"""Pure logic of genesys_queue_facts: options, selection, gathering with a fake API, export shapes, docs."""
import copy
import datetime
import re
from pathlib import Path

import pytest
import yaml

from ansible_collections.genesyscloud.routing.plugins.module_utils import fieldmap
from ansible_collections.genesyscloud.routing.plugins.module_utils import queue_facts
from ansible_collections.genesyscloud.routing.plugins.module_utils.etag_and_diff import fingerprint
from ansible_collections.genesyscloud.routing.plugins.module_utils.module_client import auth_argument_spec
from ansible_collections.genesyscloud.routing.plugins.module_utils.queue_fields import QUEUE_SETTINGS
from ansible_collections.genesyscloud.routing.plugins.module_utils.resolver import Resolver

from test_skill_modules_docs import mismatches  # validate-modules' checks, shared

ROOT = Path(__file__).resolve().parents[3]
NOW = datetime.datetime(2026, 1, 5, 12, 0, 0, tzinfo=datetime.timezone.utc)

DIVISIONS = [{'id': 'd-home', 'name': 'Home', 'description': 'The home division'},
             {'id': 'd-sales', 'name': 'Sales', 'description': 'Sales teams'}]
USERS = [{'id': 'u-1', 'name': 'Ada', 'email': 'ada@example.com'},
         {'id': 'u-2', 'name': 'Bob', 'email': 'bob@example.com'}]
GROUPS = [{'id': 'g-1', 'name': 'Sales Agents'}]
SKILLS = [{'id': 's-1', 'name': 'VIP', 'division': {'id': 'd-sales'}, 'state': 'active'},
          {'id': 's-2', 'name': 'Old', 'division': {'id': 'd-home'}, 'state': 'deleted'}]
QUEUES = [
    {'id': 'q-2', 'name': 'sales - Outbound', 'division': {'id': 'd-sales', 'name': 'Sales'},
     'description': 'Outbound', 'memberCount': 2, 'dateModified': '2024-01-01T00:00:00.000Z',
     'mediaSettings': {'call': {'alertingTimeoutSeconds': 10, 'serviceLevel': {'percentage': 0.8,
                                                                              'durationMs': 20000}}},
     'memberGroups': [{'id': 'g-1', 'type': 'GROUP'}],
     'directRouting': {'backupQueueId': 'q-1', 'waitForAgent': True},
     'bullseye': {'rings': [{'expansionCriteria': [{'type': 'TIMEOUT_SECONDS', 'threshold': 15}],
                             'actions': {'skillsToRemove': [{'id': 's-1'}]}}, {}]},
     'skillEvaluationMethod': 'BEST'},
    {'id': 'q-1', 'name': 'Billing', 'division': {'id': 'd-home', 'name': 'Home'},
     'acwSettings': {'wrapupPrompt': 'MANDATORY_TIMEOUT', 'timeoutMs': 60000}, 'selfUri': '/x'},
    {'id': 'q-3', 'name': 'Sales - Inbound', 'division': {'id': 'd-sales', 'name': 'Sales'}},
]
LANGUAGES = [{'id': 'l-1', 'name': 'Spanish', 'state': 'active'}]
SKILL_GROUP = {'id': 'sg-1', 'name': 'Spanish VIP', 'division': {'id': 'd-sales', 'name': 'Sales'},
               'description': 'VIP in Spanish', 'memberCount': 3, 'dateModified': '2024-01-01T00:00:00.000Z',
               'skillConditions': [{'operation': 'And',
                                    'routingSkillConditions': [{'routingSkill': 'VIP', 'comparator': 'GreaterThan',
                                                                'proficiency': 2, 'childConditions': []}],
                                    'languageSkillConditions': [{'languageSkill': 'Spanish',
                                                                 'comparator': 'GreaterThanOrEqualTo',
                                                                 'proficiency': 3.0, 'childConditions': []}]}]}
MEMBERS = {'q-2': [{'id': 'u-2', 'ringNumber': 2, 'memberBy': 'user', 'joined': True},
                   {'id': 'u-1', 'ringNumber': 1, 'memberBy': 'group', 'joined': True}],
           'q-1': [], 'q-3': [{'id': 'u-1', 'memberBy': 'user'}]}
CODES = {'q-2': [{'id': 'w-2', 'name': 'No Sale'}, {'id': 'w-1', 'name': 'Completed'}], 'q-1': [], 'q-3': []}


class FakeClient:
    """Answers the listings the facts need; records every call like the client's stats."""

    def __init__(self, queues=None):
        self.queues = queues if queues is not None else copy.deepcopy(QUEUES)
        self.calls = []

    def list_all(self, path, params=None):
        self.calls.append(('GET', path))
        listings = {'/api/v2/routing/queues': self.queues, '/api/v2/authorization/divisions': DIVISIONS,
                    '/api/v2/users': USERS, '/api/v2/groups': GROUPS, '/api/v2/routing/skills': SKILLS,
                    '/api/v2/teams': [], '/api/v2/routing/wrapupcodes': [], '/api/v2/routing/languages': LANGUAGES,
                    '/api/v2/routing/skillgroups': [dict((key, value) for key, value in SKILL_GROUP.items()
                                                         if key != 'skillConditions')]}
        if path in listings:
            return copy.deepcopy(listings[path])
        found = re.match(r'^/api/v2/routing/queues/([^/]+)/(members|wrapupcodes)$', path)
        assert found, path
        return copy.deepcopy((MEMBERS if found.group(2) == 'members' else CODES)[found.group(1)])

    def get(self, path, params=None):
        self.calls.append(('GET', path))
        answers = {'/api/v2/routing/utilization': {'utilization': {'call': {'maximumCapacity': 1}}},
                   '/api/v2/routing/skillgroups/sg-1': SKILL_GROUP,
                   '/api/v2/routing/skillgroups/sg-1/members/divisions': {
                       'entities': [{'id': 'd-sales'}, {'id': 'd-home'}]}}
        return copy.deepcopy(answers[path])

    def post(self, path, body=None, **kwargs):
        self.calls.append(('POST', path))
        return {}


def params(**given):
    values = dict((field.option, field.default) for field in queue_facts.DOCUMENTED_OPTIONS)
    values.update(given)
    return values


def run(client=None, **given):
    client = client or FakeClient()
    options = params(**given)
    errors, interval = queue_facts.validate_params(options, now=NOW)
    assert errors == []
    return queue_facts.gather(client, Resolver(client), options, interval=interval, now=NOW), client


# -- options ---------------------------------------------------------------------------------------

@pytest.mark.parametrize('given, path, value', [
    ({'granularity': 'PT1H'}, 'granularity', 'PT1H'),
    ({'interval': 'P1D', 'granularity': 'hourly'}, 'granularity', 'hourly'),
    ({'interval': 'last week'}, 'interval', 'last week'),
    ({'alert_when': {'service_level_below': 0.8}}, 'alert_when.service_level_below', 0.8),
    ({'alert_when': {'abandon_rate_above': 0.1}}, 'alert_when.abandon_rate_above', 0.1),
    ({'alert_when': {'occupancy_above': 1.5}}, 'alert_when.occupancy_above', 1.5),
    ({'alert_when': {'waiting_above': -1}}, 'alert_when.waiting_above', -1),
    ({'include': ['members'], 'gather': ['skills']}, 'include[0]', 'members'),
    ({'include': ['skill_rules', 'member_divisions']}, 'include[1]', 'member_divisions'),
    ({'pin_etags': True}, 'pin_etags', True),
    ({'report_path': '/tmp/report.html'}, 'report_path', '/tmp/report.html'),
    ({'live': True, 'report_path': '/no/such/folder/report.html'}, 'report_path', '/no/such/folder/report.html'),
    ({'workers': 0}, 'workers', 0),
])
def test_bad_options_name_the_path_and_value(given, path, value):
    errors, _interval = queue_facts.validate_params(params(**given), now=NOW)
    assert [(error.path, error.value) for error in errors] == [(path, value)]


def test_valid_options_resolve_the_interval():
    errors, interval = queue_facts.validate_params(params(interval='PT1H', granularity='PT15M', live=True,
                                                          alert_when={'service_level_below': 0.8},
                                                          report_path='/tmp/r.html'), now=NOW)
    assert errors == []
    assert interval == '2026-01-05T11:00:00.000Z/2026-01-05T12:00:00.000Z'


# -- selection -------------------------------------------------------------------------------------

def test_selection_by_exact_names_patterns_and_divisions():
    entities = copy.deepcopy(QUEUES)
    names = lambda picked: [entity['name'] for entity in picked]  # noqa: E731
    assert names(queue_facts.Selection().pick(entities)) == ['Billing', 'Sales - Inbound', 'sales - Outbound']
    exact = queue_facts.Selection(names=['Billing', 'billing', 'Nope'])
    assert names(exact.pick(entities)) == ['Billing']          # exact names are case-sensitive
    assert exact.not_found() == ['Nope', 'billing']
    assert names(queue_facts.Selection(patterns=['SALES*']).pick(entities)) == ['Sales - Inbound', 'sales - Outbound']
    either = queue_facts.Selection(names=['Billing'], patterns=['*inbound'])
    assert names(either.pick(entities)) == ['Billing', 'Sales - Inbound']
    in_sales = queue_facts.Selection(patterns=['*'], division_ids=['d-sales'])
    assert names(in_sales.pick(entities)) == ['Sales - Inbound', 'sales - Outbound']


def test_unknown_division_fails_with_suggestions():
    client = FakeClient()
    with pytest.raises(fieldmap.FieldMapError) as caught:
        queue_facts.selection_from(params(divisions=['Home', 'Sale']), Resolver(client))
    assert caught.value.path == 'divisions[1]'
    assert "did you mean 'Sales'" in str(caught.value)


# -- gathering -------------------------------------------------------------------------------------

def test_plain_call_is_one_listing_sweep_with_etags():
    result, client = run()
    assert client.calls == [('GET', '/api/v2/routing/queues')]
    assert [queue['name'] for queue in result['queues']] == ['Billing', 'Sales - Inbound', 'sales - Outbound']
    billing = result['queues'][0]
    assert billing['etag'] == fingerprint(QUEUES[1])
    assert dict((key, value) for key, value in billing.items() if key != 'etag') == QUEUES[1]
    assert result['etags']['queues'] == dict((queue['name'], fingerprint(queue)) for queue in QUEUES)
    assert 'live' not in result and 'history' not in result and 'alerts' not in result


def test_sub_resources_cost_one_call_per_queue_and_kind():
    result, client = run(include=['members', 'wrapup_codes'], names=['sales - Outbound'])
    per_queue = [call for call in client.calls if call[1].count('/') > 4]
    assert sorted(per_queue) == [('GET', '/api/v2/routing/queues/q-2/members'),
                                 ('GET', '/api/v2/routing/queues/q-2/wrapupcodes')]
    assert result['queues'][0]['members'] == MEMBERS['q-2']


def test_skill_rules_in_the_api_format_cost_no_call():
    result, client = run(include=['skill_rules'], names=['sales - Outbound'])
    assert ('GET', '/api/v2/routing/queues/q-2/members') not in client.calls
    rules = result['queues'][0]['skill_rules']
    assert 'queue' not in rules
    assert rules['bullseye_rings'][0]['skills_to_remove'] == ['VIP']
    assert result['queues'][0]['bullseye'] == QUEUES[0]['bullseye']    # the API object stays whole


def test_desired_state_is_the_option_shape_of_genesys_queue():
    result, _client = run(format='desired_state', include=['members', 'wrapup_codes', 'skill_rules'])
    outbound = result['queues'][2]
    assert list(outbound)[:3] == ['name', 'division', 'description']
    assert outbound['division'] == 'Sales'
    assert outbound['member_groups'] == [{'name': 'Sales Agents', 'type': 'GROUP'}]
    assert outbound['direct_routing'] == {'backup_queue': 'Billing', 'wait_for_agent': True}
    assert outbound['media_settings']['call']['service_level'] == {'percentage': 0.8, 'duration_ms': 20000}
    # direct members only (a member through a group is not an option), rings kept, authoritative
    assert outbound['members'] == [{'user': 'bob@example.com', 'ring': 2}]
    assert outbound['members_mode'] == 'authoritative'
    assert outbound['wrapup_codes'] == ['Completed', 'No Sale']
    assert outbound['wrapup_codes_mode'] == 'authoritative'
    assert result['queues'][1]['members'] == [{'user': 'ada@example.com', 'ring': 1}]   # no ring means ring 1
    for key in ('id', 'etag', 'expected_etag', 'memberCount', 'dateModified', 'selfUri'):
        assert key not in outbound
    # every key is an option of genesys_queue, with a value its argspec accepts
    spec = fieldmap.argument_spec(queue_facts_queue_options())
    assert set(outbound) <= set(spec)
    # the skill rules go to genesys_skill_rules, in its config item shape
    rules = result['skill_rules'][2]
    assert rules['queue'] == 'sales - Outbound'
    assert rules['bullseye_rings'] == [{'expansion_timeout_seconds': 15.0, 'skills_to_remove': ['VIP']}, {}]


def queue_facts_queue_options():
    from ansible_collections.genesyscloud.routing.plugins.module_utils.queue_fields import QUEUE_OPTIONS
    return QUEUE_OPTIONS


def test_desired_state_settings_round_trip_through_the_field_map():
    """to_api of the exported options gives back exactly the queue's writable settings."""
    client = FakeClient()
    resolver = Resolver(client)
    resolver.prime('queue', client.list_all('/api/v2/routing/queues'))
    for queue in QUEUES:
        options = queue_facts.queue_options(queue, resolver)
        body = fieldmap.to_api(QUEUE_SETTINGS, options, resolver)
        merged = fieldmap.deep_merge(queue, body)
        assert fingerprint(merged) == fingerprint(queue), queue['name']
        assert fieldmap.from_api(QUEUE_SETTINGS, body, resolver) == fieldmap.normalize_given(QUEUE_SETTINGS, options)


def test_pinned_etags_and_duplicate_names_carry_what_the_writer_needs():
    twins = copy.deepcopy(QUEUES) + [{'id': 'q-4', 'name': 'Billing', 'division': {'id': 'd-home'}}]
    warnings = []
    client = FakeClient(queues=twins)
    options = params(format='desired_state', pin_etags=True, include=['skill_rules'])
    result = queue_facts.gather(client, Resolver(client), options, warn=warnings.append)
    billing = [queue for queue in result['queues'] if queue['name'] == 'Billing']
    assert sorted(queue['id'] for queue in billing) == ['q-1', 'q-4']
    assert billing[0]['expected_etag'] == fingerprint([q for q in twins if q['id'] == billing[0]['id']][0])
    assert 'id' not in result['queues'][-1]
    assert set(item['queue'] for item in result['skill_rules']) == {'q-1', 'q-4', 'Sales - Inbound',
                                                                     'sales - Outbound'}
    assert set(result['etags']['queues']) == {'q-1', 'q-4', 'Sales - Inbound', 'sales - Outbound'}
    assert any("several queues are named 'Billing'" in warning for warning in warnings)


def test_other_kinds_and_facts():
    result, client = run(gather=['skills', 'divisions', 'utilization'], divisions=['Sales'])
    assert ('GET', '/api/v2/routing/queues') not in client.calls     # queues are not needed
    assert [skill['name'] for skill in result['skills']] == ['VIP']  # deleted skills are gone
    assert result['skills'][0]['etag'] == fingerprint(SKILLS[0])
    assert [division['name'] for division in result['divisions']] == ['Sales']
    assert result['utilization']['etag'] == fingerprint({'utilization': {'call': {'maximumCapacity': 1}}})
    facts = queue_facts.facts_of(result)
    assert facts == {'genesys_skills': result['skills'], 'genesys_divisions': result['divisions'],
                     'genesys_utilization': result['utilization']}
    desired, _client = run(gather=['skills', 'divisions', 'utilization'], format='desired_state', pin_etags=True)
    assert desired['skills'] == [{'name': 'VIP', 'division': 'Sales'}]
    assert desired['utilization'] == {'media_types': {'call': {'maximum_capacity': 1}},
                                      'expected_etag': result['utilization']['etag']}
    assert desired['divisions'][0] == {'name': 'Home', 'description': 'The home division'}


def test_skill_groups_are_read_whole_and_exported_by_their_own_view():
    result, client = run(gather=['skill_groups'], include=['member_divisions'])
    assert client.calls == [('GET', '/api/v2/routing/skillgroups'), ('GET', '/api/v2/routing/skillgroups/sg-1'),
                            ('GET', '/api/v2/routing/skillgroups/sg-1/members/divisions'),
                            ('GET', '/api/v2/authorization/divisions')]
    group = result['skill_groups'][0]
    assert group['etag'] == fingerprint(SKILL_GROUP)
    assert group['skillConditions'] == SKILL_GROUP['skillConditions']
    assert group['member_divisions'] == [{'id': 'd-sales', 'name': 'Sales'}, {'id': 'd-home', 'name': 'Home'}]
    desired, _client = run(gather=['skill_groups'], include=['member_divisions'], format='desired_state',
                           pin_etags=True)
    assert desired['skill_groups'] == [{
        'name': 'Spanish VIP', 'division': 'Sales', 'description': 'VIP in Spanish',
        'skill_conditions': [{'operation': 'And',
                              'routing_skill_conditions': [{'routing_skill': 'VIP', 'comparator': 'GreaterThan',
                                                            'proficiency': 2}],
                              'language_skill_conditions': [{'language_skill': 'Spanish',
                                                             'comparator': 'GreaterThanOrEqualTo',
                                                             'proficiency': 3}]}],
        'member_divisions': ['Home', 'Sales'], 'expected_etag': fingerprint(SKILL_GROUP)}]


def test_metrics_and_alerts_need_the_queue_listing_but_not_the_definitions():
    result, client = run(gather=[], live=True, interval='PT1H', alert_when={'waiting_above': 0}, names=['Billing'])
    assert 'queues' not in result
    assert client.calls.count(('GET', '/api/v2/routing/queues')) == 1
    assert [path for method, path in client.calls if method == 'POST'] == [
        '/api/v2/analytics/queues/observations/query', '/api/v2/analytics/conversations/aggregates/query']
    assert [row['name'] for row in result['live']] == ['Billing']
    assert result['history'][0]['interval'] == '2026-01-05T11:00:00.000Z/2026-01-05T12:00:00.000Z'
    assert result['alerts'] == []     # no data, no alert


# -- documentation agrees with the argument spec (validate-modules style) ----------------------------

def module_documentation():
    text = (ROOT / 'plugins' / 'modules' / 'genesys_queue_facts.py').read_text()
    parts = {}
    for name in ('DOCUMENTATION', 'EXAMPLES', 'RETURN'):
        parts[name] = yaml.safe_load(re.search(r"^%s = r'''\n(.*?)^'''" % name, text, re.S | re.M).group(1))
    return parts


def test_documentation_matches_the_argument_spec():
    docs = module_documentation()
    spec = fieldmap.argument_spec(queue_facts.DOCUMENTED_OPTIONS)
    from ansible_collections.genesyscloud.routing.plugins.doc_fragments.options import ModuleDocFragment
    assert mismatches(spec, yaml.safe_load(ModuleDocFragment.QUEUE_FACTS)['options']) == []
    assert not set(spec) & set(auth_argument_spec())
    assert docs['DOCUMENTATION']['extends_documentation_fragment'] == [
        'genesyscloud.routing.auth', 'genesyscloud.routing.common', 'genesyscloud.routing.options.queue_facts']
    assert set(docs['RETURN']) >= {'queues', 'skills', 'skill_groups', 'divisions', 'utilization', 'skill_rules',
                                   'etags', 'not_found', 'live', 'history', 'alerts', 'report', 'api_calls'}
    modules = {'genesyscloud.routing.genesys_queue_facts', 'genesyscloud.routing.genesys_queue',
               'ansible.builtin.assert'}
    assert all(modules & set(task) for task in docs['EXAMPLES'])
    assert set(queue_facts.FACT_NAMES) <= set(docs['RETURN'])
