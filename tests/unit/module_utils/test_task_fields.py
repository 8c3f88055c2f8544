# -*- coding: utf-8 -*-
"""The task-routing field maps on the one validation engine: bounds declared on their Fields are
what the modules check (field_errors) and what the desired-state schema says."""

from ansible_collections.genesyscloud.routing.plugins.plugin_utils import desired_state
from ansible_collections.genesyscloud.routing.plugins.module_utils.validation import field_errors
from ansible_collections.genesyscloud.routing.plugins.module_utils.runner import item_errors
from ansible_collections.genesyscloud.routing.plugins.module_utils.workbins import WORKBIN_OPTIONS
from ansible_collections.genesyscloud.routing.plugins.module_utils.worktype_fields import WORKTYPE_OPTIONS


def paths(errors):
    return [error.path for error in errors]


def test_a_workbin_name_shorter_than_three_characters_is_refused_with_its_path():
    assert paths(item_errors(WORKBIN_OPTIONS, None, {'name': 'ab'}, 'workbins[1].')) == ['workbins[1].name']
    assert item_errors(WORKBIN_OPTIONS, None, {'name': 'abc', 'description': 'x' * 512}, '') == []
    assert paths(field_errors(WORKBIN_OPTIONS, {'name': 'abc', 'description': 'x' * 513})) == ['description']


def test_worktype_bounds_cover_status_names_and_the_skill_limit():
    spec = {'name': 'Refunds', 'default_skills': ['s%d' % index for index in range(21)],
            'statuses': [{'name': 'ok', 'category': 'Open'}], 'default_priority': 25000001}
    assert sorted(paths(field_errors(WORKTYPE_OPTIONS, spec))) == [
        'default_priority', 'default_skills[20]', 'statuses[0].name']


def test_the_desired_state_task_sections_are_generated_from_the_field_maps():
    schema = desired_state.build_schema()
    workbin = schema['$defs']['workbin']
    assert workbin['properties']['name']['minLength'] == 3
    assert workbin['properties']['division']['description'].startswith('Division of the workbin')
    worktype = schema['$defs']['worktype']
    assert worktype['properties']['statuses']['items']['properties']['category']['enum'] == [
        'Open', 'InProgress', 'Waiting', 'Closed']
    assert schema['properties']['routing_worktypes']['items'] == {'$ref': '#/$defs/worktype'}
