"""The JSON Schemas generated from the field maps, checked by jsonschema: the one validation engine."""
import jsonschema
import pytest

from ansible_collections.genesyscloud.routing.plugins.module_utils import fieldmap
from ansible_collections.genesyscloud.routing.plugins.module_utils import queue_fields, skill_fields
from ansible_collections.genesyscloud.routing.plugins.module_utils import skill_group_fields, utilization_fields
from ansible_collections.genesyscloud.routing.plugins.module_utils import webhook_fields
from ansible_collections.genesyscloud.routing.plugins.module_utils.validation import (
    field_errors, prepare_items, schema_of,
)

TABLES = {
    'queue': queue_fields.QUEUE_OPTIONS,
    'skill': skill_fields.SKILL_OPTIONS,
    'skill_group': skill_group_fields.SKILL_GROUP_OPTIONS,
    'utilization': utilization_fields.DOCUMENTED_OPTIONS,
    'webhook': webhook_fields.DOCUMENTED_OPTIONS,
}


@pytest.mark.parametrize('name', sorted(TABLES))
def test_generated_schemas_are_valid_draft_2020_12(name):
    schema = dict(schema_of(TABLES[name]), **{'$schema': 'https://json-schema.org/draft/2020-12/schema'})
    jsonschema.Draft202012Validator.check_schema(schema)


def messages(errors):
    return [str(error) for error in errors]


def test_platform_bounds_and_exact_enumerations():
    errors = field_errors(skill_group_fields.SKILL_GROUP_OPTIONS, {'name': 'G', 'skill_conditions': [{
        'operation': 'and', 'routing_skill_conditions': [
            {'routing_skill': 'Billing', 'comparator': 'equalTo', 'proficiency': 6},
            {'routing_skill': 'Billing', 'comparator': 'EqualTo', 'proficiency': -1},
            {'routing_skill': 'Billing', 'comparator': 'EqualTo', 'proficiency': 2.5}]}]}, 'skill_groups[0]')
    assert messages(errors) == [
        "skill_groups[0].skill_conditions[0].operation: 'and' is not one of: And, Or, Not",
        "skill_groups[0].skill_conditions[0].routing_skill_conditions[0].comparator: 'equalTo' is not one of: "
        "EqualTo, NotEqualTo, LessThan, GreaterThan, GreaterThanOrEqualTo, LessThanOrEqualTo",
        'skill_groups[0].skill_conditions[0].routing_skill_conditions[0].proficiency: 6 is above the maximum 5',
        'skill_groups[0].skill_conditions[0].routing_skill_conditions[1].proficiency: -1 is below the minimum 0',
        'skill_groups[0].skill_conditions[0].routing_skill_conditions[2].proficiency: expected integer, got 2.5',
    ]
    utilization = field_errors(utilization_fields.DOCUMENTED_OPTIONS, {'media_types': {
        'call': {'maximum_capacity': 25}, 'chat': {'maximum_capacity': 26}, 'video': {}}})
    assert [error.path for error in utilization] == ['media_types.chat.maximum_capacity', 'media_types.video']


def test_nesting_is_checked_at_any_depth_and_unknown_keys_are_named():
    deep = {'routing_skill': 'A', 'comparator': 'EqualTo', 'proficiency': 9, 'colour': 'red'}
    for _level in range(6):
        deep = {'routing_skill': 'A', 'comparator': 'EqualTo', 'proficiency': 1,
                'child_conditions': [{'operation': 'Or', 'routing_skill_conditions': [deep]}]}
    errors = field_errors(skill_group_fields.SKILL_GROUP_OPTIONS, {'name': 'G', 'skill_conditions': [
        {'operation': 'And', 'routing_skill_conditions': [deep]}]})
    hop = '.child_conditions[0].routing_skill_conditions[0]'
    base = 'skill_conditions[0].routing_skill_conditions[0]' + hop * 6
    assert [(error.path, str(error).split(': ', 1)[1]) for error in errors] == [
        (base + '.colour', 'is not a known option (known: child_conditions, comparator, proficiency, routing_skill)'),
        (base + '.proficiency', '9 is above the maximum 5'),
    ]


def test_bounds_are_stated_once():
    """Ring numbers and utilization capacity: the schema, the argspec docs and the rule schema share one constant."""
    from ansible_collections.genesyscloud.routing.plugins.module_utils import rule_schema
    ring = schema_of(queue_fields.QUEUE_OPTIONS)['properties']['members']['items']['properties']['ring']
    assert ring['maximum'] == queue_fields.MAX_RINGS == rule_schema.definition('ruleSet')[
        'properties']['bullseye_rings']['maxItems']
    capacity = schema_of(utilization_fields.DOCUMENTED_OPTIONS)['properties']['media_types']['properties'][
        'chat']['properties']['maximum_capacity']
    assert capacity['maximum'] == utilization_fields.MAX_CAPACITY
    assert str(utilization_fields.MAX_CAPACITY) in capacity['description']


# -- names (issue 14 items 3 and 4) ---------------------------------------------------------------

@pytest.mark.parametrize('name, message', [
    ('', "name: must be a name: not empty, not blank and without control characters (got '')"),
    ('   ', "name: must be a name: not empty, not blank and without control characters (got '   ')"),
    ('Support\tTier 1', "name: must be a name: not empty, not blank and without control characters (got 'Support\\tTier 1')"),
    ('Line\nbreak', "name: must be a name: not empty, not blank and without control characters (got 'Line\\nbreak')"),
])
def test_names_must_be_real_names(name, message):
    for table in (queue_fields.QUEUE_OPTIONS, skill_fields.SKILL_OPTIONS, webhook_fields.DOCUMENTED_OPTIONS):
        assert messages(field_errors(table, {'name': name})) == [message]


def test_names_over_the_length_limit_are_refused_with_their_length():
    errors = field_errors(skill_fields.SKILL_OPTIONS, {'name': 'x' * 10000}, 'skills[0]')
    assert [error.path for error in errors] == ['skills[0].name']
    assert 'is 10000 characters long; the maximum is %d' % fieldmap.NAME_MAX_LENGTH in str(errors[0]) or \
        'is too long' in str(errors[0])
    assert field_errors(queue_fields.QUEUE_OPTIONS, {'name': 'q' * fieldmap.NAME_MAX_LENGTH}) == []


# -- bulk lists: documented once, checked by the schema (issue 14 items 7 and 9) -------------------

def test_bulk_items_are_checked_with_their_path_and_all_at_once():
    items, errors = prepare_items(queue_fields.QUEUE_OPTIONS, [
        {'name': 'A'},
        'just a string',
        {'name': 'B', 'media_settings': 'fast'},
        {'name': 'C', 'members': ['ada@example.com']},
        {'name': 'D', 'media_settings': {'call': {'alerting_timeout_seconds': 3}}},
    ], 'queues')
    assert [(error.path, error.value) for error in errors] == [
        ('queues[1]', 'just a string'),
        ('queues[2].media_settings', 'fast'),
        ('queues[3].members[0]', 'ada@example.com'),
        ('queues[4].media_settings.call.alerting_timeout_seconds', 3),
    ]
    assert messages(errors)[1] == "queues[2].media_settings: expected object, got 'fast'"
    assert items[0]['state'] == 'present' and items[0]['force_delete'] is False and items[0]['members'] is None


def test_bulk_items_get_ansible_conversions_and_defaults():
    items, errors = prepare_items(queue_fields.QUEUE_OPTIONS, [
        {'name': 'A', 'media_settings': {'call': {'alerting_timeout_seconds': '15', 'enable_auto_answer': 'yes'}},
         'calling_party_number': 5551234, 'members': [{'user': 'ada'}]},
    ], 'queues')
    assert errors == []
    call = items[0]['media_settings']['call']
    assert call['alerting_timeout_seconds'] == 15 and call['enable_auto_answer'] is True
    assert items[0]['calling_party_number'] == '5551234'
    assert items[0]['members'] == [{'user': 'ada', 'ring': None}]
    assert items[0]['media_settings']['chat'] is None


def test_unknown_options_of_a_bulk_item_are_named():
    _items, errors = prepare_items(skill_fields.SKILL_OPTIONS, [{'name': 'A', 'colour': 'red'}], 'skills')
    assert [error.path for error in errors] == ['skills[0].colour']
