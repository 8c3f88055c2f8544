"""The skill, skill-group and utilization schemas, and the stdlib checker that applies them in modules."""
import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ansible_collections.genesyscloud.routing.plugins.module_utils import fieldmap
from ansible_collections.genesyscloud.routing.plugins.module_utils.routing_schema_parts import (
    COMPARATORS, CONDITION_OPERATIONS, MEDIA_TYPES, ROUTING_DEFS, SKILL_GROUPS_SCHEMA, SKILLS_SCHEMA,
    UTILIZATION_SCHEMA, item_schema,
)
from ansible_collections.genesyscloud.routing.plugins.module_utils.rule_schema import SHARED_DEFS
from ansible_collections.genesyscloud.routing.plugins.module_utils.schema_check import UnsupportedSchema, schema_errors
from ansible_collections.genesyscloud.routing.plugins.module_utils.skill_group_fields import (
    DOCUMENTED_OPTIONS as GROUP_OPTIONS,
)
from ansible_collections.genesyscloud.routing.plugins.module_utils.utilization_fields import (
    DOCUMENTED_OPTIONS as UTILIZATION_OPTIONS,
)

DOCUMENTS = [SKILLS_SCHEMA, SKILL_GROUPS_SCHEMA, UTILIZATION_SCHEMA]


@pytest.mark.parametrize('document', DOCUMENTS, ids=['skills', 'skill_groups', 'utilization'])
def test_documents_are_valid_draft_2020_12(document):
    jsonschema.Draft202012Validator.check_schema(document)


def test_own_definitions_do_not_shadow_the_shared_ones():
    assert not set(ROUTING_DEFS) & set(SHARED_DEFS)
    assert SKILL_GROUPS_SCHEMA['$defs']['comparator'] == SHARED_DEFS['comparator']


def test_platform_bounds_and_exact_enumerations():
    errors = schema_errors(item_schema('skillGroup'), {'name': 'G', 'skill_conditions': [{
        'operation': 'and', 'routing_skill_conditions': [
            {'routing_skill': 'Billing', 'comparator': 'equalTo', 'proficiency': 6},
            {'routing_skill': 'Billing', 'comparator': 'EqualTo', 'proficiency': -1},
            {'routing_skill': 'Billing', 'comparator': 'EqualTo', 'proficiency': 2.5}]}]}, 'skill_groups[0]')
    assert [str(error) for error in errors] == [
        "skill_groups[0].skill_conditions[0].operation: 'and' is not one of: And, Or, Not",
        "skill_groups[0].skill_conditions[0].routing_skill_conditions[0].comparator: 'equalTo' is not one of: "
        "EqualTo, NotEqualTo, LessThan, GreaterThan, GreaterThanOrEqualTo, LessThanOrEqualTo",
        'skill_groups[0].skill_conditions[0].routing_skill_conditions[0].proficiency: 6 is above the maximum 5',
        'skill_groups[0].skill_conditions[0].routing_skill_conditions[1].proficiency: -1 is below the minimum 0',
        'skill_groups[0].skill_conditions[0].routing_skill_conditions[2].proficiency: expected integer, got 2.5',
    ]
    utilization = schema_errors(item_schema('utilization'), {'media_types': {
        'call': {'maximum_capacity': 25}, 'chat': {'maximum_capacity': 26}, 'video': {}}})
    assert [error.path for error in utilization] == ['media_types.chat.maximum_capacity', 'media_types.video']


def test_nesting_is_checked_at_any_depth_and_unknown_keys_are_named():
    deep = {'routing_skill': 'A', 'comparator': 'EqualTo', 'proficiency': 9, 'colour': 'red'}
    for _level in range(6):
        deep = {'routing_skill': 'A', 'comparator': 'EqualTo', 'proficiency': 1,
                'child_conditions': [{'operation': 'Or', 'routing_skill_conditions': [deep]}]}
    errors = schema_errors(item_schema('skillGroup'), {'name': 'G', 'skill_conditions': [
        {'operation': 'And', 'routing_skill_conditions': [deep]}]})
    hop = '.child_conditions[0].routing_skill_conditions[0]'
    base = 'skill_conditions[0].routing_skill_conditions[0]' + hop * 6
    assert [(error.path, str(error).split(': ', 1)[1]) for error in errors] == [
        (base + '.colour', 'is not a known option (known: child_conditions, comparator, proficiency, routing_skill)'),
        (base + '.proficiency', '9 is above the maximum 5'),
    ]


def test_none_counts_as_not_given_and_required_keys_are_named():
    errors = schema_errors(item_schema('skill'), {'name': None, 'division': None, 'state': 'present'}, 'skills[2]')
    assert [(error.path, str(error)) for error in errors] == [('skills[2].name', 'skills[2].name: is required')]


def test_shared_error_messages_and_patterns_apply():
    errors = schema_errors(item_schema('skill'), {'name': '   '})
    assert str(errors[0]) == "name: must be a non-empty name (got '   ')"


def test_unsupported_keywords_are_refused_not_skipped():
    with pytest.raises(UnsupportedSchema):
        schema_errors({'type': 'string', 'format': 'email'}, 'x')
    with pytest.raises(UnsupportedSchema):
        schema_errors({'$ref': 'https://example.com/other.json'}, 'x')


def test_enums_of_the_field_maps_follow_the_schema():
    spec = fieldmap.argument_spec(GROUP_OPTIONS)
    condition = spec['skill_conditions']['options']
    assert tuple(condition['operation']['choices']) == CONDITION_OPERATIONS
    assert tuple(condition['routing_skill_conditions']['options']['comparator']['choices']) == COMPARATORS
    assert tuple(ROUTING_DEFS['skillCondition']['properties']['operation']['enum']) == CONDITION_OPERATIONS
    media = fieldmap.argument_spec(UTILIZATION_OPTIONS)['media_types']['options']
    assert tuple(media) == ('call', 'callback', 'chat', 'email', 'messaging')  # Ansible reserves `message`
    assert set(media) == set(ROUTING_DEFS['utilization']['properties']['media_types']['properties'])
    assert tuple(media['chat']['options']['interruptible_media_types']['choices']) == MEDIA_TYPES
    assert tuple(ROUTING_DEFS['mediaType']['enum']) == MEDIA_TYPES


# -- the stdlib checker agrees with the reference implementation -------------------------------

NAMES = st.sampled_from(['Billing', 'Spanish', 'VIP', 'Home'])
ODD = st.one_of(st.none(), st.booleans(), st.integers(-3, 30), st.sampled_from([2.0, 2.5, -0.5, '', ' ']),
                st.sampled_from(list(COMPARATORS) + ['equalto', 'And', 'Or', 'Not', 'call', 'chat', 'video']))


def mostly(valid, odd=ODD):
    """Valid values nine times in ten, so an instance is often wrong in one place only.

    (Not one_of(valid, valid, ..., odd): Hypothesis flattens nested one_of, which would let the
    many odd alternatives outweigh the valid one.)
    """
    return st.integers(0, 9).flatmap(lambda roll: odd if roll == 0 else valid)


def leaf(name_option, conditions):
    return st.fixed_dictionaries(
        {name_option: mostly(NAMES), 'comparator': mostly(st.sampled_from(COMPARATORS)),
         'proficiency': mostly(st.integers(0, 5), st.integers(-2, 7))},
        optional={'child_conditions': st.lists(conditions, max_size=2)})


def with_stray_key(objects):
    return mostly(objects, st.tuples(objects, ODD).map(lambda pair: dict(pair[0], stray=pair[1])))


OPERATIONS = mostly(st.sampled_from(CONDITION_OPERATIONS))
CONDITIONS = st.recursive(
    st.fixed_dictionaries({'operation': OPERATIONS}),
    lambda children: with_stray_key(st.fixed_dictionaries({'operation': OPERATIONS}, optional={
        'routing_skill_conditions': st.lists(with_stray_key(leaf('routing_skill', children)), max_size=2),
        'language_skill_conditions': st.lists(with_stray_key(leaf('language_skill', children)), max_size=2)})),
    max_leaves=6)

GROUPS = with_stray_key(st.fixed_dictionaries({}, optional={
    'name': mostly(NAMES), 'state': mostly(st.sampled_from(['present', 'absent'])),
    'skill_conditions': mostly(st.lists(CONDITIONS, max_size=3)),
    'member_divisions': mostly(st.lists(st.sampled_from(['Home', 'Sales', '*']), max_size=3)),
    'description': mostly(st.text(max_size=3))}))

MEDIA = with_stray_key(st.fixed_dictionaries({}, optional={
    'maximum_capacity': mostly(st.integers(0, 25), st.integers(-2, 27)),
    'interruptible_media_types': mostly(st.lists(st.sampled_from(MEDIA_TYPES), max_size=3),
                                        st.lists(st.sampled_from(['call', 'video', 'Call']), max_size=2)),
    'include_non_acd': mostly(st.booleans())}))
UTILIZATIONS = with_stray_key(st.fixed_dictionaries({}, optional={
    'media_types': mostly(st.dictionaries(st.sampled_from(['call', 'chat', 'messaging']), MEDIA, max_size=3),
                          st.dictionaries(st.sampled_from(['video', 'message']), MEDIA, max_size=2)),
    'authoritative': mostly(st.booleans())}))


def without_none(value):
    """What both sides must agree on: the checker treats None as 'not given', as Ansible means it."""
    if isinstance(value, dict):
        return dict((key, without_none(item)) for key, item in value.items() if item is not None)
    if isinstance(value, list):
        return [without_none(item) for item in value]
    return value


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(GROUPS.map(lambda group: ('skillGroup', group)),
                 UTILIZATIONS.map(lambda utilization: ('utilization', utilization))))
def test_checker_agrees_with_jsonschema(case):
    def_name, instance = case
    instance = without_none(instance)
    schema = item_schema(def_name)
    reference = jsonschema.Draft202012Validator(schema)
    assert (schema_errors(schema, instance) == []) == reference.is_valid(instance), instance
