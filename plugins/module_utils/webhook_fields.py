# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Routing change events delivered through the Amazon EventBridge integration.

Genesys Cloud has no outbound webhook resource. Routing configuration changes are published
as audit events on the topic ``v2.audits.entitytype.{id}.entityid.{id}`` and the Amazon
EventBridge integration (type ``amazon-eventbridge-source``) delivers topics with wildcard ids
to an AWS partner event source; an EventBridge rule there picks the events and forwards them,
for instance to an API destination (any HTTPS webhook).

This file holds the pieces that need no API:

* the event catalogue: friendly names (``queue.update``, ``skill.*``, ``routing.*``) <->
  the audit topic plus an ``entityType``/``action`` filter on the audit message;
* the EventBridge event pattern that matches exactly the chosen events;
* the field map of the module's options (argspec, schema and generated documentation).

The integration's topic filter can only select whole topics, so every friendly name maps to
the one wildcard audit topic and the entity/action selection lives in the event pattern.
The selection is also recorded in one marked sentence of the integration's ``notes`` (the rest of
the notes is the user's and is kept) so it is visible on the platform and a change of selection
is a real, versioned configuration change.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import difflib
import re

from ansible_collections.genesyscloud.routing.plugins.module_utils.fieldmap import (
    NAME_SCHEMA, STATES, Field, FieldMapError,
)

EVENTBRIDGE_TYPE = 'amazon-eventbridge-source'
AUDIT_TOPIC = 'v2.audits.entitytype.{id}.entityid.{id}'
ALL_ROUTING = 'routing.*'

# The partner event source an integration feeds: aws.partner/genesys.com/cloud/<orgId>/<suffix>.
EVENT_SOURCE_PREFIX = 'aws.partner/genesys.com/cloud/'
# AWS: each part of a partner event source name is [.\-_A-Za-z0-9]; Genesys allows 64 characters.
SUFFIX_RE = re.compile(r'^[.\-_A-Za-z0-9]{1,64}$')
ACCOUNT_RE = re.compile(r'^[0-9]{12}$')
REGION_RE = re.compile(r'^[a-z]{2}(-[a-z]+)+-[0-9]+$')
TOPIC_RE = re.compile(r'^v2(\.([A-Za-z0-9_-]+|\{id\}))+$')

# Friendly action -> AuditTopicAuditLogMessage.action
ACTIONS = {
    'create': 'Create',
    'update': 'Update',
    'delete': 'Delete',
    'member_add': 'MemberAdd',
    'member_update': 'MemberUpdate',
    'member_remove': 'MemberRemove',
    'wrapup_code_add': 'WrapupCodeAdd',
    'wrapup_code_remove': 'WrapupCodeRemove',
}

# Friendly kind -> (AuditTopicAuditLogMessage.entityType, friendly actions it is audited with).
# Entity types and actions are values of the platform's enums, in the enum's casing.
KINDS = {
    'queue': ('Queue', ('create', 'update', 'delete', 'member_add', 'member_update', 'member_remove',
                        'wrapup_code_add', 'wrapup_code_remove')),
    'skill': ('RoutingSkill', ('create', 'update', 'delete')),
    'language': ('RoutingLanguage', ('create', 'update', 'delete')),
    'skill_group': ('SkillGroup', ('create', 'update', 'delete')),
    'wrapup_code': ('WrapupCode', ('create', 'update', 'delete')),
    'utilization': ('MaxOrgRoutingUtilizationCapacity', ('create', 'update', 'delete')),
    'utilization_label': ('RoutingUtilizationTag', ('create', 'update', 'delete')),
}


# The audit serviceName each entity type is published under: queues under ContactCenter and
# skill groups under Groups, not Routing (Genesys audit action catalogue; see docs/emulator.md).
SERVICE_OF_ENTITY = {
    'Queue': 'ContactCenter',
    'SkillGroup': 'Groups',
}
DEFAULT_SERVICE = 'Routing'


def service_of(entity_type):
    return SERVICE_OF_ENTITY.get(entity_type, DEFAULT_SERVICE)


def catalogue():
    """Every friendly event name, sorted: `routing.*`, `<kind>.*` and `<kind>.<action>`."""
    names = [ALL_ROUTING]
    for kind, (_entity, actions) in KINDS.items():
        names.append(kind + '.*')
        names.extend('%s.%s' % (kind, action) for action in actions)
    return sorted(names)


def is_topic(name):
    return name.startswith('v2.')


# ---------------------------------------------------------------------------------------------
# Selection: validate and normalize the `events` option

def validate_events(events, path='events'):
    """FieldMapErrors for entries that are neither a known friendly name nor a topic."""
    errors = []
    known = catalogue()
    for index, name in enumerate(events or []):
        item_path = '%s[%d]' % (path, index)
        if not isinstance(name, str) or not name:
            errors.append(FieldMapError(item_path, 'must be a non-empty string', name))
        elif is_topic(name):
            if not TOPIC_RE.match(name):
                errors.append(FieldMapError(item_path, "'%s' is not a notification topic (dot-separated words, "
                                                       "with {id} where any id may appear)" % name, name))
        elif name not in known:
            close = difflib.get_close_matches(name, known, n=3, cutoff=0.6)
            hint = ('; did you mean %s?' % ', '.join(close)) if close else \
                '; use routing.*, <kind>.* or <kind>.<action> with kind one of %s, or a topic starting with v2.' \
                % ', '.join(sorted(KINDS))
            errors.append(FieldMapError(item_path, "unknown event '%s'%s" % (name, hint), name))
    return errors


def normalize_events(events):
    """The selection as a sorted list without duplicates or entries a wider entry already covers."""
    chosen = set(events or [])
    if AUDIT_TOPIC in chosen or ALL_ROUTING in chosen:
        # Every audit event (or every routing one) is already chosen: friendly names add nothing.
        chosen = set(name for name in chosen if is_topic(name) or
                     (name == ALL_ROUTING and AUDIT_TOPIC not in chosen))
    wildcards = set(name[:-2] for name in chosen if name.endswith('.*') and not is_topic(name))
    chosen = set(name for name in chosen
                 if is_topic(name) or name.endswith('.*') or name.split('.', 1)[0] not in wildcards)
    return sorted(chosen)


def topics_for(selection):
    """The integration's eventFilter for a selection: the audit topic plus any raw topics."""
    topics = set(name for name in selection if is_topic(name))
    if any(not is_topic(name) for name in selection):
        topics.add(AUDIT_TOPIC)
    return sorted(topics)


# ---------------------------------------------------------------------------------------------
# The EventBridge event pattern

def audit_clauses(selection):
    """One pattern clause per group of entity types that share a service name and the chosen actions.

    A clause is the `detail.eventBody` filter of an audit event; `actions` None means any action.
    """
    friendly = [name for name in selection if not is_topic(name)]
    if not friendly:
        return []
    if ALL_ROUTING in friendly:
        friendly = [kind + '.*' for kind in KINDS]
    chosen = {}
    for name in friendly:
        kind, action = name.split('.', 1)
        entity, _actions = KINDS[kind]
        if action == '*':
            chosen[entity] = None
        elif chosen.get(entity, ()) is not None:
            chosen[entity] = tuple(sorted(set(chosen.get(entity, ())) | set([ACTIONS[action]])))
    groups = {}
    for entity, actions in chosen.items():
        groups.setdefault((service_of(entity), actions), []).append(entity)
    clauses = []
    for (service, actions), entities in groups.items():
        clause = {'serviceName': [service], 'entityType': sorted(entities)}
        if actions is not None:
            clause['action'] = list(actions)
        clauses.append(clause)
    return sorted(clauses, key=lambda clause: (clause['entityType'], clause.get('action') or []))


def event_pattern(selection, source=None, source_prefix=None):
    """The EventBridge rule pattern matching exactly the events of a normalized selection.

    `source` is the partner event source name (exact match); without it `source_prefix` gives
    a prefix match. Returns None for an empty selection (nothing is delivered).
    """
    clauses = []
    raw_topics = sorted(name for name in selection if is_topic(name))
    if AUDIT_TOPIC in raw_topics:
        clauses.append({'detail-type': [AUDIT_TOPIC]})
    else:
        for body_filter in audit_clauses(selection):
            clauses.append({'detail-type': [AUDIT_TOPIC], 'detail': {'eventBody': body_filter}})
    others = [topic for topic in raw_topics if topic != AUDIT_TOPIC]
    if others:
        # EventBridge sets detail-type to the subscribed topic, with {id} where ids vary.
        clauses.append({'detail-type': others})
    if not clauses:
        return None
    pattern = {}
    if source:
        pattern['source'] = [source]
    elif source_prefix:
        pattern['source'] = [{'prefix': source_prefix}]
    if len(clauses) == 1:
        pattern.update(clauses[0])
    else:
        pattern['$or'] = clauses
    return pattern


def event_source_name(org_id, suffix):
    if not org_id or not suffix:
        return None
    return '%s%s/%s' % (EVENT_SOURCE_PREFIX, org_id, suffix)


# ---------------------------------------------------------------------------------------------
# The selection recorded in the integration's notes

NOTES_MARK = 'genesyscloud.routing.genesys_webhook events: '
NOTES_RE = re.compile(re.escape(NOTES_MARK) + r'\[([^\]]*)\]')
NOTES_LEAD = 'Routing change events for an Amazon EventBridge rule, managed by Ansible. '
NOTES_TAIL = '. Filter them in AWS with the event pattern the module returns.'
# The whole managed sentence, so that it is replaced in place and nothing else is touched.
MANAGED_NOTES_RE = re.compile(
    '(%s)?%s\\[[^\\]]*\\](%s)?' % (re.escape(NOTES_LEAD), re.escape(NOTES_MARK), re.escape(NOTES_TAIL)))


def render_notes(selection):
    return '%s%s[%s]%s' % (NOTES_LEAD, NOTES_MARK, ', '.join(selection), NOTES_TAIL)


def merge_notes(notes, selection):
    """The integration's notes with the module's sentence for `selection` (None: left as they are).

    What a person wrote stays; only the marked sentence is replaced, or appended on its own line.
    """
    notes = notes or ''
    if selection is None:
        return notes
    sentence = render_notes(selection)
    if MANAGED_NOTES_RE.search(notes):
        return MANAGED_NOTES_RE.sub(lambda _match: sentence, notes, count=1)
    return '%s\n\n%s' % (notes.rstrip(), sentence) if notes.strip() else sentence


def parse_notes(notes):
    """The selection recorded in notes, or None when the notes carry none."""
    match = NOTES_RE.search(notes or '')
    if not match:
        return None
    return [item.strip() for item in match.group(1).split(',') if item.strip()]


# ---------------------------------------------------------------------------------------------
# Options

# EventBridge configuration properties the module manages (IntegrationConfiguration.properties).
PROPERTY_FIELDS = [
    Field('aws_account_id', api='awsAccountId',
          description='The 12-digit AWS account that receives the partner event source. Quote it in YAML. '
                      'Required to create the integration.'),
    Field('aws_region', api='awsAccountRegion',
          description='AWS region of the partner event source, for example C(eu-west-1). Required to create '
                      'the integration.'),
    Field('event_source_suffix', max_length=64,
          description='Suffix of the partner event source name C(aws.partner/genesys.com/cloud/<orgId>/<suffix>): '
                      'letters, digits, C(.), C(-) and C(_), at most 64 characters. Required to create the '
                      'integration.'),
]

DOCUMENTED_OPTIONS = [
    # An empty name would let the platform name the integration itself ("Amazon EventBridge Source"),
    # and the next run would create another: the name is the key, so it must be a real name.
    Field('name', required=True, schema=NAME_SCHEMA,
          description='Name of the integration (the key). Only integrations of the type '
                      'C(amazon-eventbridge-source) count; two of them with this name make the task fail, listing '
                      'both ids.'),
    Field('state', choices=STATES, default='present', description='Whether the integration should exist.'),
    Field('enabled', type='bool',
          description='Whether the integration delivers events (its intended state). When omitted an existing '
                      'integration keeps its state and a new one is enabled.'),
] + PROPERTY_FIELDS + [
    Field('events', type='list', elements='str', ordered=False, api_also=('eventFilter',),  # delivered as its topics
          description='The events to deliver, as a whole list (order does not matter). Friendly names select '
                      'routing audit events: C(routing.*) (every routing change), C(<kind>.*) or C(<kind>.<action>) '
                      'with kind one of C(queue), C(skill), C(language), C(skill_group), C(wrapup_code), '
                      'C(utilization), C(utilization_label) and action one of C(create), C(update), C(delete) '
                      '(queues also C(member_add), C(member_update), C(member_remove), C(wrapup_code_add), '
                      'C(wrapup_code_remove)). They all subscribe the audit topic '
                      'C(v2.audits.entitytype.{id}.entityid.{id}); the entity and action filter is in the returned '
                      'RV(event_pattern). Entries starting with C(v2.) are notification topics subscribed as given. '
                      'C([]) delivers nothing. When omitted the subscription is left as it is.'),
    Field('expected_etag',
          description='The etag of the integration when its change was reviewed (from an earlier result). If it '
                      'has changed since, the task fails and writes nothing.'),
    Field('expected_version', type='int', minimum=1,
          description='The configuration version the change was reviewed against. It is sent as the version of '
                      'the update; if the configuration has moved on, the task fails and writes nothing instead '
                      'of re-applying the change.'),
]
