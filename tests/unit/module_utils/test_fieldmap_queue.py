"""Pure logic of the queue field map: conversion both ways, projection, merge, validation, ETag."""
import copy
import subprocess
import sys
from pathlib import Path

import pytest

from ansible_collections.genesyscloud.routing.plugins.module_utils import fieldmap
from ansible_collections.genesyscloud.routing.plugins.module_utils.etag_and_diff import (
    canonical, changes, fingerprint,
)
from ansible_collections.genesyscloud.routing.plugins.module_utils.fieldmap import FieldMapError
from ansible_collections.genesyscloud.routing.plugins.module_utils.members import (
    effective_mode, validate_members,
)
from ansible_collections.genesyscloud.routing.plugins.module_utils.queue_fields import (
    DOCUMENTED_OPTIONS, QUEUE_OPTIONS, QUEUE_SETTINGS, cross_field_errors,
)
from ansible_collections.genesyscloud.routing.plugins.module_utils.queues import validate_queue_spec
from ansible_collections.genesyscloud.routing.plugins.module_utils.runner import item_errors

ROOT = Path(__file__).resolve().parents[3]


class FakeResolver:
    """Names <-> ids from a fixed table (no API)."""

    def __init__(self):
        self.ids = {('group', 'Support Agents'): 'g-1', ('team', 'Night Shift'): 't-1',
                    ('queue', 'Backup'): 'q-9', ('division', 'Support'): 'd-2'}

    def resolve(self, kind, name, path):
        try:
            return self.ids[(kind, name)]
        except KeyError:
            raise FieldMapError(path, "unknown %s '%s'" % (kind, name), name)

    def name_of(self, kind, object_id):
        for (known_kind, name), known_id in self.ids.items():
            if known_kind == kind and known_id == object_id:
                return name
        return object_id


GIVEN = {
    'description': 'Tier 1',
    'media_settings': {'call': {'alerting_timeout_seconds': 15, 'service_level': {'percentage': 0.8,
                                                                                  'duration_ms': 20000}}},
    'acw_settings': {'wrapup_prompt': 'MANDATORY_TIMEOUT', 'timeout_ms': 60000},
    'queue_flow': 'flow-1',
    'direct_routing': {'backup_queue': 'Backup', 'wait_for_agent': True},
    'member_groups': [{'name': 'Support Agents', 'type': 'GROUP'}, {'name': 'Night Shift', 'type': 'TEAM'}],
    'canned_response_libraries': {'mode': 'SelectedOnly', 'library_ids': ['lib-b', 'lib-a']},
}


def test_to_api_maps_names_to_ids_and_options_to_api_keys():
    body = fieldmap.to_api(QUEUE_SETTINGS, GIVEN, FakeResolver())
    assert body['mediaSettings']['call'] == {'alertingTimeoutSeconds': 15,
                                             'serviceLevel': {'percentage': 0.8, 'durationMs': 20000}}
    assert body['acwSettings'] == {'wrapupPrompt': 'MANDATORY_TIMEOUT', 'timeoutMs': 60000}
    assert body['queueFlow'] == {'id': 'flow-1'}
    assert body['directRouting'] == {'backupQueueId': 'q-9', 'waitForAgent': True}
    assert body['memberGroups'] == [{'id': 'g-1', 'type': 'GROUP'}, {'id': 't-1', 'type': 'TEAM'}]
    assert 'scoringMethod' not in body  # not given, not managed


def test_round_trip_gives_back_the_normalized_options():
    resolver = FakeResolver()
    body = fieldmap.to_api(QUEUE_SETTINGS, GIVEN, resolver)
    view = fieldmap.from_api(QUEUE_SETTINGS, body, resolver)
    assert view == fieldmap.normalize_given(QUEUE_SETTINGS, GIVEN)
    # set-like lists come back sorted, whatever order the user wrote
    assert view['canned_response_libraries']['library_ids'] == ['lib-a', 'lib-b']
    assert view['member_groups'][0]['name'] == 'Night Shift'


def test_merge_keeps_unmanaged_fields_and_sibling_keys():
    current = {'id': 'q-1', 'name': 'Q', 'description': 'old', 'scoringMethod': 'PriorityOnly',
               'mediaSettings': {'call': {'alertingTimeoutSeconds': 8, 'enableAutoAnswer': True},
                                 'email': {'alertingTimeoutSeconds': 300}},
               'bullseye': {'rings': [{'expansionCriteria': [{'type': 'TIMEOUT_SECONDS', 'threshold': 5}]}]}}
    partial = fieldmap.to_api(QUEUE_SETTINGS, {'media_settings': {'call': {'alerting_timeout_seconds': 15}}},
                              FakeResolver())
    merged = fieldmap.deep_merge(current, partial)
    assert merged['mediaSettings']['call'] == {'alertingTimeoutSeconds': 15, 'enableAutoAnswer': True}
    assert merged['mediaSettings']['email'] == current['mediaSettings']['email']
    assert merged['bullseye'] == current['bullseye']
    assert merged['scoringMethod'] == 'PriorityOnly'
    assert current['mediaSettings']['call']['alertingTimeoutSeconds'] == 8  # input not mutated


def test_merge_replaces_references_whole():
    merged = fieldmap.deep_merge({'queueFlow': {'id': 'old', 'name': 'Old flow'}}, {'queueFlow': {'id': 'new'}})
    assert merged['queueFlow'] == {'id': 'new'}


def test_projection_and_changes_show_only_managed_leaves():
    resolver = FakeResolver()
    current = {'mediaSettings': {'call': {'alertingTimeoutSeconds': 8, 'enableAutoAnswer': True}},
               'description': 'same'}
    given = {'media_settings': {'call': {'alerting_timeout_seconds': 15}}, 'description': 'same'}
    desired = fieldmap.deep_merge(current, fieldmap.to_api(QUEUE_SETTINGS, given, resolver))
    normalized = fieldmap.normalize_given(QUEUE_SETTINGS, given)
    before = fieldmap.project(normalized, fieldmap.from_api(QUEUE_SETTINGS, current, resolver))
    after = fieldmap.project(normalized, fieldmap.from_api(QUEUE_SETTINGS, desired, resolver))
    assert before == {'media_settings': {'call': {'alerting_timeout_seconds': 8}}, 'description': 'same'}
    assert changes(before, after) == [{'path': 'media_settings.call.alerting_timeout_seconds',
                                       'before': 8, 'after': 15}]


def test_whole_numbers_compare_equal_as_int_or_float():
    assert changes({'x': 30}, {'x': 30.0}) == []
    assert fingerprint({'a': {'threshold': 30}}) == fingerprint({'a': {'threshold': 30.0}})


def test_fingerprint_ignores_server_owned_fields_and_set_order():
    one = {'id': 'q-1', 'name': 'Q', 'memberCount': 3, 'dateModified': '2026-01-01T00:00:00Z',
           'memberGroups': [{'id': 'a', 'type': 'GROUP', 'name': 'A'}, {'id': 'b', 'type': 'TEAM'}],
           'division': {'id': 'd', 'name': 'Home', 'selfUri': '/x'}}
    two = copy.deepcopy(one)
    two.update(memberCount=9, dateModified='2026-02-02T00:00:00Z')
    two['memberGroups'].reverse()
    two['division']['name'] = 'Renamed division'
    assert fingerprint(one) == fingerprint(two)
    assert canonical(one)['division'] == {'id': 'd'}


def test_fingerprint_moves_with_any_writable_field_and_keeps_ring_order():
    base = {'name': 'Q', 'bullseye': {'rings': [{'expansionCriteria': [{'threshold': 5}]},
                                                {'expansionCriteria': [{'threshold': 10}]}]}}
    reordered = copy.deepcopy(base)
    reordered['bullseye']['rings'].reverse()
    assert fingerprint(base) != fingerprint(reordered)
    assert fingerprint(base) != fingerprint(dict(base, description='x'))
    assert fingerprint(base).startswith('W/"')


@pytest.mark.parametrize('spec, path, value', [
    ({'name': 'Q', 'media_settings': {'call': {'alerting_timeout_seconds': 5}}},
     'media_settings.call.alerting_timeout_seconds', 5),
    ({'name': 'Q', 'media_settings': {'chat': {'service_level': {'percentage': 1.5}}}},
     'media_settings.chat.service_level.percentage', 1.5),
    ({'name': 'Q', 'media_settings': {'email': {'service_level': {'duration_ms': 999}}}},
     'media_settings.email.service_level.duration_ms', 999),
    ({'name': 'Q', 'acw_settings': {'wrapup_prompt': 'MANDATORY', 'timeout_ms': 5000}},
     'acw_settings.timeout_ms', 5000),
    ({'name': 'Q', 'members': [{'user': 'a@example.com', 'ring': 7}]}, 'members[0].ring', 7),
    ({'name': 'Q', 'agent_owned_routing': {'max_owned_callback_hours': 200}},
     'agent_owned_routing.max_owned_callback_hours', 200),
    ({'name': 'Q', 'description': 'x' * 600}, 'description', 'x' * 600),
])
def test_validation_names_the_path_and_value(spec, path, value):
    errors = item_errors(QUEUE_OPTIONS, validate_queue_spec, spec, '')
    assert [error.path for error in errors] == [path]
    assert errors[0].value == value
    assert path in str(errors[0])


def test_validation_prefixes_bulk_paths():
    errors = item_errors(QUEUE_OPTIONS, validate_queue_spec,
                         {'name': 'Q', 'media_settings': {'call': {'alerting_timeout_seconds': 1}}}, 'queues[3].')
    assert errors[0].path == 'queues[3].media_settings.call.alerting_timeout_seconds'


def test_timeout_rule_waits_for_the_merged_queue_when_prompt_not_given():
    assert cross_field_errors({'acw_settings': {'timeout_ms': 5000}}, '') == []
    merged = {'acw_settings': {'timeout_ms': 5000, 'wrapup_prompt': 'OPTIONAL'}}
    assert [e.path for e in cross_field_errors(merged, '', complete=True)] == ['acw_settings.timeout_ms']


def test_member_modes_never_remove_by_surprise():
    assert effective_mode({}, 'members') == 'ignore'
    assert effective_mode({'members': []}, 'members') == 'additive'
    assert effective_mode({'members': [], 'members_mode': 'authoritative'}, 'members') == 'authoritative'
    errors = validate_members({'members_mode': 'authoritative'})
    assert errors and errors[0].path == 'members'
    duplicate = validate_members({'members': [{'user': 'A@example.com'}, {'user': 'a@example.com'}]})
    assert duplicate[0].path == 'members[1].user'


def test_argument_spec_follows_the_table():
    spec = fieldmap.argument_spec(DOCUMENTED_OPTIONS)
    assert spec['media_settings']['options']['call']['options']['service_level']['options']['percentage'] == \
        {'type': 'float'}
    assert spec['members']['options']['user'] == {'type': 'str', 'required': True}
    # The bulk list's items take the single queue's options; the generated schema checks them.
    assert spec['queues'] == {'type': 'list', 'elements': 'raw'}
    assert spec['member_groups']['options']['type']['choices'] == ['GROUP', 'TEAM', 'SKILLGROUP']


def test_module_documentation_is_generated_from_the_table():
    result = subprocess.run([sys.executable, str(ROOT / 'tools' / 'render_docs.py')], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
