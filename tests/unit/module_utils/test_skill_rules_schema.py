"""The rule-set JSON Schema: one source for the file, the argspec and the docs; path-addressed errors."""
import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ansible_collections.genesyscloud.routing.plugins.module_utils import rule_schema
from ansible_collections.genesyscloud.routing.plugins.module_utils.fieldmap import argument_spec
from ansible_collections.genesyscloud.routing.plugins.module_utils.rule_schema import SKILL_RULES_SCHEMA
from ansible_collections.genesyscloud.routing.plugins.module_utils.skill_rule_fields import DOCUMENTED_OPTIONS
from ansible_collections.genesyscloud.routing.plugins.module_utils.skill_rules import validate_config
from ansible_collections.genesyscloud.routing.plugins.module_utils.validation import (
    DeclaredNames, reference_errors,
)

ROOT = Path(__file__).resolve().parents[3]
GROUP = {'name': 'Support Agents', 'type': 'GROUP'}

COMPLETE = {
    'queue': 'Support',
    'skill_evaluation_method': 'BEST',
    'bullseye_rings': [
        {'expansion_timeout_seconds': 15, 'skills_to_remove': ['VIP']},
        {'expansion_timeout_seconds': 30.5, 'skills_to_remove': ['Technical'],
         'member_groups': [{'name': 'Technical Experts', 'type': 'SKILLGROUP'}]},
        {'member_groups': [{'name': 'Tier 2', 'type': 'TEAM'}]},
    ],
    'conditional_group_routing': [
        {'metric': 'EstimatedWaitTime', 'operator': 'GreaterThan', 'condition_value': 60, 'wait_seconds': 20,
         'groups': [GROUP]},
        {'queue': 'Sales', 'metric': 'ServiceLevel', 'operator': 'LessThan', 'condition_value': 0.7,
         'groups': [{'name': 'Tier 2', 'type': 'TEAM'}]},
    ],
    'preferred_agent_rules': [{'operator': 'MEETS_THRESHOLD', 'threshold': 9, 'wait_seconds': 10},
                              {'operator': 'ANY'}],
    'expected_etag': 'W/"0123456789abcdef"',
}


def with_item(**changes):
    item = json.loads(json.dumps(COMPLETE))
    item.update(changes)
    return [item]


def cgr_rules(count):
    return [{'operator': 'GreaterThan', 'condition_value': index, 'groups': [GROUP]} for index in range(count)]


# ------------------------------------------------------------------------------------------- one source

def test_schema_file_is_in_sync_with_the_python_dict():
    result = subprocess.run([sys.executable, str(ROOT / 'tools' / 'write_schemas.py')], capture_output=True,
                            text=True)
    assert result.returncode == 0, result.stderr
    on_disk = json.loads((ROOT / 'schemas' / 'skill_rules.schema.json').read_text(encoding='utf-8'))
    assert on_disk == SKILL_RULES_SCHEMA


def test_schema_is_a_valid_draft_2020_12_schema():
    assert SKILL_RULES_SCHEMA['$schema'] == 'https://json-schema.org/draft/2020-12/schema'
    jsonschema.Draft202012Validator.check_schema(SKILL_RULES_SCHEMA)


def enum_fields(fields, schema_def, found):
    """(option path, argspec choices, schema enum) for every option with choices."""
    properties = rule_schema.definition(schema_def)['properties']
    for field in fields:
        if field.choices:
            found.append((field.option, list(field.choices), list(resolve(properties[field.option])['enum'])))
    return found


def resolve(schema):
    while '$ref' in schema and 'enum' not in schema:
        schema = rule_schema.definition(schema['$ref'].rsplit('/', 1)[1])
    return schema


def test_argspec_choices_and_defaults_come_from_the_schema():
    by_option = dict((field.option, field) for field in DOCUMENTED_OPTIONS[0].children)
    pairs = enum_fields(DOCUMENTED_OPTIONS[0].children, 'ruleSet', [])
    pairs += enum_fields(by_option['conditional_group_routing'].children, 'conditionalGroupRoutingRule', [])
    pairs += enum_fields(by_option['preferred_agent_rules'].children, 'preferredAgentRule', [])
    groups = by_option['bullseye_rings'].children[2].children
    pairs.append(('type', list(groups[1].choices), rule_schema.definition('memberGroup')['properties']['type']['enum']))
    assert len(pairs) == 5
    for option, choices, enum in pairs:
        assert choices == enum, option
    spec = argument_spec(DOCUMENTED_OPTIONS)
    metric = spec['config']['options']['conditional_group_routing']['options']['metric']
    assert metric['default'] == rule_schema.property_schema('conditionalGroupRoutingRule', 'metric')['default']


def test_the_schema_describes_exactly_the_options_of_a_config_item():
    def options(fields):
        return sorted(field.option for field in fields)

    by_option = dict((field.option, field) for field in DOCUMENTED_OPTIONS[0].children)
    assert options(DOCUMENTED_OPTIONS[0].children) == sorted(rule_schema.definition('ruleSet')['properties'])
    for option, schema_def in (('bullseye_rings', 'bullseyeRing'),
                               ('conditional_group_routing', 'conditionalGroupRoutingRule'),
                               ('preferred_agent_rules', 'preferredAgentRule')):
        assert options(by_option[option].children) == sorted(rule_schema.definition(schema_def)['properties'])


def test_module_documentation_is_generated_from_the_table():
    sys.path.insert(0, str(ROOT / 'tools'))
    try:
        import render_docs
    finally:
        sys.path.pop(0)
    text = (ROOT / 'plugins' / 'doc_fragments' / 'options.py').read_text(encoding='utf-8')
    assert render_docs.fragment_text() == text
    assert 'genesys_skill_rules' not in render_docs.stale_modules()


# ------------------------------------------------------------------------------------------- structural errors

def test_a_complete_rule_set_is_valid():
    assert validate_config([COMPLETE], 'merged') == []
    assert validate_config([{'queue': 'Empty', 'bullseye_rings': [], 'conditional_group_routing': [],
                             'preferred_agent_rules': []}], 'replaced') == []


@pytest.mark.parametrize('config, path, fragment', [
    (with_item(bullseye_rings=[{'expansion_timeout_seconds': 259201}, {}]),
     'config[0].bullseye_rings[0].expansion_timeout_seconds', '259201 is above the maximum 259200'),
    (with_item(bullseye_rings=[{'expansion_timeout_seconds': -1}, {}]),
     'config[0].bullseye_rings[0].expansion_timeout_seconds', '-1 is below the minimum 0'),
    (with_item(bullseye_rings=[{}]), 'config[0].bullseye_rings', 'a bullseye has 2 to 6 rings'),
    (with_item(bullseye_rings=[{}] * 7), 'config[0].bullseye_rings[6]', 'a bullseye has at most 6 rings'),
    (with_item(conditional_group_routing=cgr_rules(6)), 'config[0].conditional_group_routing[5]',
     'at most 5 conditional group routing rules; this is item 6 of 6'),
    (with_item(conditional_group_routing=[dict(cgr_rules(1)[0], queue='Sales')]),
     'config[0].conditional_group_routing[0].queue', "omit queue on it (got 'Sales')"),
    (with_item(conditional_group_routing=[dict(cgr_rules(1)[0], operator='Above')]),
     'config[0].conditional_group_routing[0].operator', "'Above' is not one of: GreaterThan"),
    (with_item(conditional_group_routing=[dict(cgr_rules(1)[0], metric='AverageWait')]),
     'config[0].conditional_group_routing[0].metric', "'AverageWait' is not one of: EstimatedWaitTime, ServiceLevel"),
    (with_item(conditional_group_routing=[dict(cgr_rules(1)[0], groups=[])]),
     'config[0].conditional_group_routing[0].groups', 'needs at least one group'),
    (with_item(conditional_group_routing=[dict(cgr_rules(1)[0], wait_seconds=259201)]),
     'config[0].conditional_group_routing[0].wait_seconds', 'above the maximum 259200'),
    (with_item(conditional_group_routing=[{'operator': 'GreaterThan', 'groups': [GROUP]}]),
     'config[0].conditional_group_routing[0].condition_value', 'is required'),
    (with_item(preferred_agent_rules=[{'operator': 'MEETS_THRESHOLD'}]),
     'config[0].preferred_agent_rules[0].threshold', 'is required when operator is MEETS_THRESHOLD'),
    (with_item(preferred_agent_rules=[{'operator': 'ANY', 'wait_seconds': 1}]),
     'config[0].preferred_agent_rules[0].wait_seconds', '1 is below the minimum 2'),
    (with_item(preferred_agent_rules=[{'operator': 'ANY'}] * 7),
     'config[0].preferred_agent_rules[6]', 'at most 6 preferred agent routing rules'),
    (with_item(skill_evaluation_method='SOME'),
     'config[0].skill_evaluation_method', "'SOME' is not one of: NONE, BEST, ALL"),
    (with_item(bullseye_rings=[{'member_groups': [{'name': 'X', 'type': 'DEPARTMENT'}]}, {}]),
     'config[0].bullseye_rings[0].member_groups[0].type', "'DEPARTMENT' is not one of: GROUP, TEAM, SKILLGROUP"),
    (with_item(bullseye_rings=[{'member_groups': [GROUP, GROUP]}, {}]),
     'config[0].bullseye_rings[0].member_groups[1]', 'lists the same group twice'),
    (with_item(bullseye_rings=[{'skills_to_remove': ['  ']}, {}]),
     'config[0].bullseye_rings[0].skills_to_remove[0]', 'must be a name'),
    (with_item(rings=[]), 'config[0].rings', 'is not a known option'),
    (with_item(expected_etag='abc'), 'config[0].expected_etag', 'must be an etag'),
    ([{'skill_evaluation_method': 'ALL'}], 'config[0].queue', 'is required'),
    ('Support', 'config', "expected array, got 'Support'"),
])
def test_structural_errors_name_the_option_path_and_the_value(config, path, fragment):
    errors = validate_config(config, 'merged')
    assert [error.path for error in errors] == [path], [str(error) for error in errors]
    assert str(errors[0]).startswith(path + ': ')
    assert fragment in str(errors[0])


def test_every_problem_is_reported_in_path_order():
    config = with_item(bullseye_rings=[{'expansion_timeout_seconds': 300000}, {}],
                       preferred_agent_rules=[{'operator': 'MEETS_THRESHOLD'}])
    config += [dict(config[0], queue='Other', conditional_group_routing=cgr_rules(6))] * 10
    paths = [error.path for error in validate_config(config, 'merged')]
    assert paths[:3] == ['config[0].bullseye_rings[0].expansion_timeout_seconds',
                         'config[0].preferred_agent_rules[0].threshold', 'config[1].bullseye_rings[0].expansion_'
                                                                         'timeout_seconds']
    assert paths[-1] == 'config[10].preferred_agent_rules[0].threshold'  # config[10] sorts after config[9]


# ------------------------------------------------------------------------------------------- semantic errors

def test_a_skill_removed_on_two_rings_is_reported_at_the_second():
    config = with_item(bullseye_rings=[{'expansion_timeout_seconds': 5, 'skills_to_remove': ['VIP', 'Sales']},
                                       {'expansion_timeout_seconds': 5, 'skills_to_remove': ['Billing']},
                                       {'skills_to_remove': ['vip']}])
    [error] = validate_config(config, 'merged')
    assert error.path == 'config[0].bullseye_rings[2].skills_to_remove[0]'
    assert "skill 'vip' is already removed at config[0].bullseye_rings[0].skills_to_remove[0]" in str(error)


def test_a_queue_listed_twice_is_reported():
    errors = validate_config([{'queue': 'Support'}, {'queue': 'Sales'}, {'queue': 'support'}], 'replaced')
    assert [(error.path, error.value) for error in errors] == [('config[2].queue', 'support')]
    assert 'already listed at config[0].queue' in str(errors[0])


@pytest.mark.parametrize('state, allowed', [('deleted', ['expected_etag']), ('gathered', [])])
def test_address_only_states_refuse_rule_options(state, allowed):
    item = dict(COMPLETE)
    errors = validate_config([item], state)
    expected = sorted(option for option in item if option not in ['queue'] + allowed)
    assert sorted(error.path.split('.', 1)[1] for error in errors) == expected
    assert 'state=%s only reads queue' % state in str(errors[0])


def test_semantic_checks_still_run_on_the_items_the_schema_accepts():
    config = [{'queue': 'Broken', 'bullseye_rings': [{}]},
              {'queue': 'Fine', 'bullseye_rings': [{'skills_to_remove': ['A']}, {'skills_to_remove': ['A']}]}]
    assert [error.path for error in validate_config(config, 'merged')] == [
        'config[0].bullseye_rings', 'config[1].bullseye_rings[1].skills_to_remove[0]']


# ------------------------------------------------------------------------------------------- shared definitions

def test_declared_names_check_references_offline_with_suggestions():
    names = DeclaredNames({'skill': ['Spanish', 'Billing'], 'queue': ['Support']})
    references = [('skill', 'Spansih', 'config[2].bullseye_rings[1].skills_to_remove[0]'),
                  ('skill', 'billing', 'config[0].bullseye_rings[0].skills_to_remove[0]'),
                  ('queue', 'Support', 'config[0].conditional_group_routing[1].queue'),
                  ('team', 'Not declared, not checked', 'config[0].bullseye_rings[0].member_groups[0].name')]
    errors = reference_errors(references, names)
    assert [str(error) for error in errors] == [
        "config[2].bullseye_rings[1].skills_to_remove[0]: unknown skill 'Spansih'; did you mean 'Spanish'?"]
    assert errors[0].value == 'Spansih'


# ------------------------------------------------------------------------------------------- property

NAMES = st.sampled_from(['VIP', 'Billing', 'Sales', 'Technical', 'Spanish'])
GROUPS = st.lists(st.fixed_dictionaries({'name': st.sampled_from(['Support Agents', 'Sales Agents', 'Tier 2']),
                                         'type': st.sampled_from(['GROUP', 'TEAM', 'SKILLGROUP'])}),
                  max_size=3, unique_by=lambda group: (group['name'], group['type']))
WAIT = st.integers(min_value=0, max_value=259200)
RING = st.fixed_dictionaries({}, optional={
    'expansion_timeout_seconds': st.one_of(WAIT, st.floats(min_value=0, max_value=259200)),
    'member_groups': GROUPS})
CGR_RULE = st.fixed_dictionaries({
    'operator': st.sampled_from(['GreaterThan', 'GreaterThanOrEqualTo', 'LessThan', 'LessThanOrEqualTo']),
    'condition_value': st.floats(min_value=0, max_value=259200),
    'groups': GROUPS.filter(bool)}, optional={'wait_seconds': WAIT,
                                             'metric': st.sampled_from(['EstimatedWaitTime', 'ServiceLevel'])})
PAR_RULE = st.one_of(
    st.fixed_dictionaries({'operator': st.just('MEETS_THRESHOLD'), 'threshold': st.integers(0, 100)},
                          optional={'wait_seconds': st.floats(min_value=2, max_value=259200)}),
    st.fixed_dictionaries({'operator': st.just('ANY')}, optional={'wait_seconds': st.integers(2, 259200)}))


@st.composite
def rule_sets(draw):
    item = {'queue': draw(NAMES)}
    rings = draw(st.one_of(st.just([]), st.lists(RING, min_size=2, max_size=6)))
    skills = draw(st.lists(NAMES, unique=True, max_size=len(rings)))
    for index, skill in enumerate(skills):  # each skill removed on one ring only
        rings[index] = dict(rings[index], skills_to_remove=[skill])
    item['bullseye_rings'] = rings
    rules = draw(st.lists(CGR_RULE, max_size=5))
    for rule in rules[1:]:
        if draw(st.booleans()):
            rule['queue'] = draw(NAMES)
    item['conditional_group_routing'] = rules
    item['preferred_agent_rules'] = draw(st.lists(PAR_RULE, max_size=6))
    return item


@settings(max_examples=150, deadline=None)
@given(rule_sets())
def test_every_rule_set_within_the_platform_bounds_is_valid(item):
    assert validate_config([item], 'replaced') == []
