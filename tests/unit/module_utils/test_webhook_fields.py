"""Pure logic of genesys_webhook: the event catalogue, the EventBridge pattern, notes, validation."""
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ansible_collections.genesyscloud.routing.plugins.module_utils import fieldmap
from ansible_collections.genesyscloud.routing.plugins.module_utils.webhook_fields import (
    ACTIONS, ALL_ROUTING, AUDIT_TOPIC, DOCUMENTED_OPTIONS, KINDS, catalogue, event_pattern,
    event_source_name, normalize_events, parse_notes, merge_notes, render_notes, topics_for, validate_events,
)
from ansible_collections.genesyscloud.routing.plugins.module_utils.runner import item_errors
from ansible_collections.genesyscloud.routing.plugins.module_utils.webhooks import validate_webhook_spec

SOURCE = 'aws.partner/genesys.com/cloud/org-1/routing'


# -- a small EventBridge pattern matcher (the documented semantics the module relies on) ------

def matches(pattern, event):
    """EventBridge matching: every key must match; lists are alternatives; dicts nest; $or any."""
    for key, condition in pattern.items():
        if key == '$or':
            if not any(matches(clause, event) for clause in condition):
                return False
            continue
        value = event.get(key) if isinstance(event, dict) else None
        if isinstance(condition, dict):
            if not isinstance(value, dict) or not matches(condition, value):
                return False
            continue
        values = value if isinstance(value, list) else [value]
        if not any(allowed(item, candidate) for item in condition for candidate in values):
            return False
    return True


def allowed(item, value):
    if isinstance(item, dict):
        return isinstance(value, str) and value.startswith(item['prefix'])
    return item == value


def audit_event(entity_type, action, service='Routing', source=SOURCE):
    return {
        'version': '0', 'id': 'e-1', 'source': source, 'account': '123456789012', 'region': 'eu-west-1',
        'detail-type': AUDIT_TOPIC,
        'detail': {'topicName': 'v2.audits.entitytype.%s.entityid.x-1' % entity_type, 'version': '2',
                   'eventBody': {'serviceName': service, 'entityType': entity_type, 'action': action,
                                 'entity': {'id': 'x-1'}, 'propertyChanges': []},
                   'metadata': {'CorrelationId': 'c-1'}},
    }


# The serviceName the platform audits each entity type under (docs/emulator.md, platform-behaviour row 5).
PLATFORM_SERVICE = {'Queue': 'ContactCenter', 'SkillGroup': 'Groups', 'User': 'Directory', 'Integration': 'Directory'}


def platform_service(entity_type):
    return PLATFORM_SERVICE.get(entity_type, 'Routing')


def covered(name, entity_type, action, service):
    """Independent statement of what a friendly name selects."""
    if service != platform_service(entity_type) or entity_type in ('User', 'Integration'):
        return False
    if name == ALL_ROUTING:
        return True
    kind, friendly_action = name.split('.', 1)
    if KINDS[kind][0] != entity_type:
        return False
    return friendly_action == '*' or ACTIONS[friendly_action] == action


ENTITY_TYPES = sorted(set(entity for entity, _actions in KINDS.values())) + ['User', 'Integration']
AUDIT_ACTIONS = sorted(ACTIONS.values()) + ['View']


# -- catalogue and selection -------------------------------------------------------------------

def test_catalogue_names_kinds_wildcards_and_actions():
    names = catalogue()
    assert names == sorted(names)
    for expected in ('routing.*', 'queue.*', 'queue.update', 'queue.member_add', 'skill.*', 'skill.delete',
                     'skill_group.create', 'wrapup_code.update', 'utilization.update', 'language.create'):
        assert expected in names
    assert 'skill.member_add' not in names  # members belong to queues only


def test_normalize_drops_duplicates_and_entries_a_wider_one_covers():
    assert normalize_events(['queue.update', 'queue.*', 'skill.create', 'skill.create']) == ['queue.*', 'skill.create']
    assert normalize_events(['queue.update', 'routing.*', 'v2.users.{id}.presence']) == \
        ['routing.*', 'v2.users.{id}.presence']
    assert normalize_events([AUDIT_TOPIC, 'routing.*', 'queue.update']) == [AUDIT_TOPIC]
    assert normalize_events([]) == []


def test_every_friendly_name_subscribes_the_one_audit_topic():
    assert topics_for(['queue.update', 'skill.*']) == [AUDIT_TOPIC]
    assert topics_for(['queue.update', 'v2.routing.queues.{id}.users']) == [AUDIT_TOPIC, 'v2.routing.queues.{id}.users']
    assert topics_for(['v2.routing.queues.{id}.users']) == ['v2.routing.queues.{id}.users']
    assert topics_for([]) == []


@pytest.mark.parametrize('events, path, hint', [
    (['queue.updated'], 'events[0]', 'did you mean queue.update'),
    (['queue.update', 'skil.*'], 'events[1]', 'did you mean skill.*'),
    (['webhook'], 'events[0]', 'kind one of'),
    (['v2.routing..queues'], 'events[0]', 'not a notification topic'),
    (['v2.routing.queues.{queueId}.users'], 'events[0]', 'not a notification topic'),
    ([''], 'events[0]', 'non-empty'),
])
def test_bad_events_are_named_by_path_and_value(events, path, hint):
    errors = validate_events(events)
    assert len(errors) == 1
    assert errors[0].path == path and errors[0].value == events[int(path[-2])]
    assert hint in str(errors[0])


def test_known_names_and_topics_are_valid():
    assert validate_events(catalogue() + [AUDIT_TOPIC, 'v2.routing.queues.{id}.users', 'v2.users.abc-1.presence']) == []


@pytest.mark.parametrize('spec, path', [
    ({'aws_account_id': '12345'}, 'aws_account_id'),
    ({'aws_account_id': '12345678901a'}, 'aws_account_id'),
    ({'aws_region': 'Europe'}, 'aws_region'),
    ({'event_source_suffix': 'bad suffix'}, 'event_source_suffix'),
    ({'event_source_suffix': 'x' * 65}, 'event_source_suffix'),
    ({'expected_version': 0}, 'expected_version'),
    ({'events': ['queue.nope']}, 'events[0]'),
])
def test_option_validation_names_the_option_and_value(spec, path):
    full = dict({'name': 'Routing', 'state': 'present'}, **spec)
    errors = item_errors(DOCUMENTED_OPTIONS, validate_webhook_spec, full)
    assert [error.path for error in errors] == [path]
    assert errors[0].value == full[path.split('[')[0]] or path.startswith('events')


def test_valid_options_pass():
    assert item_errors(DOCUMENTED_OPTIONS, validate_webhook_spec, {
        'name': 'Routing', 'state': 'present', 'aws_account_id': '012345678901', 'aws_region': 'us-gov-west-1',
        'event_source_suffix': 'a.b-c_d', 'events': ['queue.*'], 'expected_version': 3}) == []


# -- the event pattern -------------------------------------------------------------------------

def test_pattern_for_one_kind_and_action():
    pattern = event_pattern(['queue.update'], source=SOURCE)
    assert pattern == {
        'source': [SOURCE],
        'detail-type': [AUDIT_TOPIC],
        'detail': {'eventBody': {'serviceName': ['ContactCenter'], 'entityType': ['Queue'], 'action': ['Update']}},
    }
    json.dumps(pattern)  # ready to serialize for the AWS rule


def test_pattern_groups_entity_types_sharing_actions_and_uses_or_between_groups():
    pattern = event_pattern(normalize_events(['queue.*', 'skill.*', 'wrapup_code.create', 'wrapup_code.delete']),
                            source=SOURCE)
    assert pattern['source'] == [SOURCE]
    assert pattern['$or'] == [
        {'detail-type': [AUDIT_TOPIC], 'detail': {'eventBody': {'serviceName': ['ContactCenter'],
                                                                'entityType': ['Queue']}}},
        {'detail-type': [AUDIT_TOPIC], 'detail': {'eventBody': {'serviceName': ['Routing'],
                                                                'entityType': ['RoutingSkill']}}},
        {'detail-type': [AUDIT_TOPIC], 'detail': {'eventBody': {'serviceName': ['Routing'],
                                                                'entityType': ['WrapupCode'],
                                                                'action': ['Create', 'Delete']}}},
    ]


def test_pattern_with_raw_topics_and_without_a_known_source():
    pattern = event_pattern(['routing.*', 'v2.routing.queues.{id}.users'],
                            source_prefix='aws.partner/genesys.com/cloud/org-1/')
    assert pattern['source'] == [{'prefix': 'aws.partner/genesys.com/cloud/org-1/'}]
    clauses = pattern['$or']
    assert clauses[-1] == {'detail-type': ['v2.routing.queues.{id}.users']}
    # routing.* selects every kind the module offers, each under the service the platform audits it with.
    services = dict((entity, clause['detail']['eventBody']['serviceName'])
                    for clause in clauses[:-1] for entity in clause['detail']['eventBody']['entityType'])
    assert services == dict((entity, [platform_service(entity)]) for entity, _actions in KINDS.values())
    assert event_pattern([AUDIT_TOPIC], source=SOURCE) == {'source': [SOURCE], 'detail-type': [AUDIT_TOPIC]}
    assert event_pattern([], source=SOURCE) is None


@settings(max_examples=200, deadline=None)
@given(selection=st.lists(st.sampled_from(catalogue()), min_size=1, max_size=6),
       entity_type=st.sampled_from(ENTITY_TYPES), action=st.sampled_from(AUDIT_ACTIONS))
def test_pattern_matches_exactly_the_chosen_events(selection, entity_type, action):
    pattern = event_pattern(normalize_events(selection), source=SOURCE)
    service = platform_service(entity_type)
    expected = any(covered(name, entity_type, action, service) for name in selection)
    assert matches(pattern, audit_event(entity_type, action, service)) == expected
    # Events of another event source never match.
    assert not matches(pattern, audit_event(entity_type, action, service, source=SOURCE + '-other'))


def test_event_source_name_needs_org_and_suffix():
    assert event_source_name('org-1', 'routing') == SOURCE
    assert event_source_name('org-1', None) is None
    assert event_source_name(None, 'routing') is None


# -- notes and options -------------------------------------------------------------------------

def test_notes_record_the_selection_and_read_back():
    notes = render_notes(['queue.*', 'skill.update', 'v2.routing.queues.{id}.users'])
    assert parse_notes(notes) == ['queue.*', 'skill.update', 'v2.routing.queues.{id}.users']
    assert parse_notes(render_notes([])) == []
    assert parse_notes('Written by an admin') is None
    assert parse_notes(None) is None


def test_notes_keep_what_a_person_wrote():
    """Issue 14 item 10: only the module's marked sentence is managed; the user's text stays."""
    written = 'Owned by the routing team.\nAsk #cx-ops before changing.'
    notes = merge_notes(written, ['queue.update'])
    assert notes.startswith(written) and parse_notes(notes) == ['queue.update']
    changed = merge_notes(notes, ['queue.*', 'skill.*'])
    assert changed.startswith(written) and parse_notes(changed) == ['queue.*', 'skill.*']
    assert changed.count('genesys_webhook events') == 1
    assert merge_notes(changed, None) == changed
    # The sentence written by earlier versions is replaced in place, not repeated.
    assert merge_notes(render_notes(['queue.update']), ['skill.*']) == render_notes(['skill.*'])


def test_argument_spec_and_documentation_cover_every_option():
    spec = fieldmap.argument_spec(DOCUMENTED_OPTIONS)
    assert spec['name'] == {'type': 'str', 'required': True}
    assert spec['state'] == {'type': 'str', 'choices': ['present', 'absent'], 'default': 'present'}
    assert spec['events'] == {'type': 'list', 'elements': 'str'}
    assert spec['expected_version'] == {'type': 'int'}
    assert all(field.description for field in DOCUMENTED_OPTIONS)
