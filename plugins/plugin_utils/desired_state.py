# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The desired-state format of one environment, its JSON Schema and the offline validator.

An environment's desired routing state is a set of Ansible variables, usually spread over the
files of `inventories/<env>/group_vars/all/`. Each section is the option list (or dict) of one
writing module, so the role can hand it over unchanged:

    variable               module                     key     applied
    routing_skills         genesys_skill              name    1st
    routing_skill_groups   genesys_skill_group        name    2nd
    routing_utilization    genesys_utilization        -       3rd (one dict)
    routing_queues         genesys_queue              name    4th
    routing_workitem_schemas genesys_workitem_schema  name    5th
    routing_workbins       genesys_workbin            name    6th
    routing_worktypes      genesys_worktype           name    7th (after queues and skills)
    routing_skill_rules    genesys_skill_rules        queue   8th
    routing_webhooks       genesys_webhook            name    9th

The JSON Schema of the whole format is assembled here from the field maps the modules already use
(*_fields.py, plus rule_schema.py for the rule sets), so an editor, the offline validator and the
modules agree. `validate_documents` checks files offline:
schema, bounds and cross-field rules, duplicate keys and cross-references between sections (a
rule naming a skill, a group or a queue must find it in the state or in an exported snapshot).
Every problem is an `Issue` naming the file, the option path and the value.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy
import difflib
import re

from ansible_collections.genesyscloud.routing.plugins.module_utils import fieldmap
from ansible_collections.genesyscloud.routing.plugins.module_utils import queue_fields
from ansible_collections.genesyscloud.routing.plugins.module_utils import rule_schema
from ansible_collections.genesyscloud.routing.plugins.module_utils import skill_fields
from ansible_collections.genesyscloud.routing.plugins.module_utils import skill_group_fields
from ansible_collections.genesyscloud.routing.plugins.module_utils import skill_rule_fields
from ansible_collections.genesyscloud.routing.plugins.module_utils import task_routing_state
from ansible_collections.genesyscloud.routing.plugins.module_utils import utilization_fields
from ansible_collections.genesyscloud.routing.plugins.module_utils import validation
from ansible_collections.genesyscloud.routing.plugins.module_utils import webhook_fields

SCHEMA_ID = 'urn:genesyscloud.routing:schema:desired_state'


class Section:
    """One top-level variable of the desired state."""

    def __init__(self, var, kind, module, label, key='name', many=True, etags=True):
        self.var = var
        self.kind = kind          # resolver kind of the objects (or a section name for non-resolvable ones)
        self.module = module
        self.label = label
        self.key = key
        self.many = many
        self.etags = etags        # whether the module accepts expected_etag per object

    def keys(self, value):
        """(index, key) of each declared object that should exist."""
        if not self.many or not isinstance(value, list):
            return []
        return [(index, item.get(self.key)) for index, item in enumerate(value)
                if isinstance(item, dict) and item.get(self.key) is not None
                and item.get('state', 'present') != 'absent']


# In dependency order: the role applies them in this order and prunes in the reverse order.
SECTIONS = [
    Section('routing_skills', 'skill', 'genesys_skill', 'skill', etags=False),
    Section('routing_skill_groups', 'skill_group', 'genesys_skill_group', 'skill group'),
    Section('routing_utilization', 'utilization', 'genesys_utilization', 'utilization', key=None, many=False),
    Section('routing_queues', 'queue', 'genesys_queue', 'queue'),
] + [Section(var, kind, module, label) for var, kind, module, label, _fields in task_routing_state.TASK_SECTIONS] + [
    Section('routing_skill_rules', 'skill_rules', 'genesys_skill_rules', 'rule set', key='queue'),
    Section('routing_webhooks', 'webhook', 'genesys_webhook', 'webhook'),
]
SECTION_BY_VAR = dict((section.var, section) for section in SECTIONS)
SECTION_BY_KIND = dict((section.kind, section) for section in SECTIONS)

# Settings of the role that may sit next to the desired state (they are not objects).
ROLE_SETTINGS = {
    'routing_prune': {'type': 'boolean', 'description': 'Delete objects of the managed kinds that the state '
                                                        'does not declare (default false).'},
    'routing_environment': {'type': 'string', 'description': 'Name of the environment shown in reports.'},
    'routing_sections': {'type': 'array', 'items': {'enum': [section.var for section in SECTIONS]},
                         'description': 'The sections a run manages (default: all that are defined).'},
    'routing_report_dir': {'type': 'string', 'description': 'Directory for the drift report files.'},
    'routing_expected_etags': {'type': 'object', 'description': 'Etags from a reviewed drift report.'},
    'routing_stale_policy': {'enum': ['apply_rest', 'all_or_nothing'],
                             'description': 'What apply does when a pinned object changed since review.'},
    'routing_fail_on_drift': {'type': 'boolean', 'description': 'Make the drift playbook fail when changes '
                                                                'are pending.'},
    'routing_workers': {'type': 'integer', 'minimum': 1, 'maximum': fieldmap.MAX_WORKERS,
                        'description': 'Parallel writes in the bulk modules.'},
    'routing_batch_size': {'type': 'integer', 'minimum': 1,
                           'description': 'Queues per batch; each batch prints its progress.'},
    'routing_state_dir': {'type': 'string', 'description': 'Take the desired state from the files below this '
                                                           'directory (an export, for example).'},
}

# Names known to exist in an organization without being desired state (an export writes them).
KNOWN_NAMES_VAR = 'routing_known_names'
KNOWN_NAME_KINDS = ('division', 'language', 'group', 'team', 'user', 'wrapup_code', 'skill', 'skill_group', 'queue')

# Kinds whose references are checked offline, and where the state declares them.
DECLARING_SECTION = dict({'skill': 'routing_skills', 'skill_group': 'routing_skill_groups',
                          'queue': 'routing_queues'}, **task_routing_state.DECLARING)


# ---------------------------------------------------------------------------------------------
# JSON Schema

def build_schema():
    """The JSON Schema (draft 2020-12) of a desired-state file, as a new dict.

    Every section's item schema is generated from its field map (names required: ids differ
    between organizations); the rule sets' schema comes with the rule definitions.
    """
    defs = copy.deepcopy(rule_schema.SKILL_RULES_SCHEMA['$defs'])
    defs['skill'] = fieldmap.json_schema(skill_fields.SKILL_OPTIONS, required=('name',), defs=defs)
    defs['skillGroup'] = fieldmap.json_schema(skill_group_fields.SKILL_GROUP_OPTIONS, required=('name',), defs=defs)
    defs['utilization'] = fieldmap.json_schema(utilization_fields.DOCUMENTED_OPTIONS, defs=defs)
    defs['queue'] = fieldmap.json_schema(queue_fields.QUEUE_OPTIONS, required=('name',), defs=defs)
    defs['webhook'] = fieldmap.json_schema(webhook_fields.DOCUMENTED_OPTIONS, defs=defs)
    for name, module in (('skill', 'genesys_skill'), ('skillGroup', 'genesys_skill_group'),
                         ('utilization', 'genesys_utilization'), ('queue', 'genesys_queue'),
                         ('webhook', 'genesys_webhook')):
        defs[name]['description'] = 'In the options of genesyscloud.routing.%s.' % module
    task_defs, task_properties = task_routing_state.task_schema_parts(defs)
    defs.update(task_defs)

    properties = {
        'routing_skills': {'description': 'Routing skills (genesys_skill, applied first).',
                           'type': 'array', 'items': {'$ref': '#/$defs/skill'}},
        'routing_skill_groups': {'description': 'Skill groups (genesys_skill_group).', 'type': 'array',
                                 'items': {'$ref': '#/$defs/skillGroup'}},
        'routing_utilization': {'description': 'Organization-wide utilization (genesys_utilization).',
                                '$ref': '#/$defs/utilization'},
        'routing_queues': {'description': 'Queues with their members (genesys_queue).',
                           'type': 'array', 'items': {'$ref': '#/$defs/queue'}},
        'routing_skill_rules': {'description': 'Skill-based routing rules per queue (genesys_skill_rules).',
                                'type': 'array', 'items': {'$ref': '#/$defs/ruleSet'}},
        'routing_webhooks': {'description': 'Routing change events through EventBridge (genesys_webhook).',
                             'type': 'array', 'items': {'$ref': '#/$defs/webhook'}},
        KNOWN_NAMES_VAR: {
            'description': 'Names that exist in the organization without being managed here (written by '
                           'export, read by the validator as a snapshot; ignored by the role).',
            'type': 'object', 'additionalProperties': False,
            'properties': dict((kind, {'type': 'array', 'items': {'type': 'string'}}) for kind in KNOWN_NAME_KINDS),
        },
    }
    properties.update(task_properties)
    properties.update(copy.deepcopy(ROLE_SETTINGS))
    return {
        '$schema': rule_schema.SCHEMA_DIALECT,
        '$id': SCHEMA_ID,
        'title': 'Desired routing state of a Genesys Cloud environment (genesyscloud.routing)',
        'description': 'One file of inventories/<env>/group_vars/all/. Each routing_* variable is the option list '
                       'of one module of the collection; names stand for every referenced object. Other '
                       'variables may share the file.',
        'type': 'object',
        'properties': properties,
        '$defs': defs,
    }


# ---------------------------------------------------------------------------------------------
# Validation

class Issue:
    """One problem of a desired-state file: where (file, line, option path), the value, and why."""

    def __init__(self, file, path, message, value=None, check='schema', severity='error', line=None):
        self.file = file
        self.path = path
        self.message = message
        self.value = value
        self.check = check
        self.severity = severity
        self.line = line

    @property
    def where(self):
        return '%s:%d' % (self.file, self.line) if self.line else str(self.file)

    def __str__(self):
        return '%s: %s: %s (value: %s)' % (self.where, self.path or '(file)', self.message, short_repr(self.value))

    def as_dict(self):
        return {'file': self.file, 'line': self.line, 'path': self.path, 'value': self.value,
                'message': self.message, 'check': self.check, 'severity': self.severity, 'text': str(self)}


def short_repr(value, limit=120):
    text = repr(value)
    return text if len(text) <= limit else text[:limit - 3] + '...'


def from_error(file, error, check, prefix_message=None):
    """FieldMapError -> Issue; the error's text starts with its path, which Issue prints itself."""
    text = str(error)
    head = '%s: ' % error.path
    message = text[len(head):] if text.startswith(head) else text
    echo = ' (got %r)' % (error.value,)
    if message.endswith(echo):
        message = message[:-len(echo)]  # the Issue prints the value itself
    if prefix_message:
        message = '%s %s' % (prefix_message, message)
    return Issue(file, error.path, message, error.value, check)


class Result:
    """Everything the validator found, plus what it could not check offline."""

    def __init__(self, files, issues, sections, unverified):
        self.files = files            # file -> list of section variables it sets
        self.issues = issues
        self.sections = sections      # variable -> file that sets it
        self.unverified = unverified  # resolver kind -> number of references not checkable offline

    @property
    def errors(self):
        return [issue for issue in self.issues if issue.severity == 'error']

    @property
    def ok(self):
        return not self.errors


def validate_documents(documents, snapshot=None):
    """Validate a desired state given as [(file, parsed YAML)] in the order Ansible loads them.

    `snapshot`: optional [(file, parsed YAML)] of an export of the organization; its objects and
    `routing_known_names` count as existing for cross-references. Returns a `Result`.
    """
    issues = []
    files = {}
    state = {}
    owner = {}
    for file, data in documents:
        files[file] = []
        if data is None:
            continue
        if not isinstance(data, dict):
            issues.append(Issue(file, '', 'a variables file must be a mapping of variable names to values, got %s'
                                % type(data).__name__, data, 'format'))
            continue
        for var in sorted(data):
            if not isinstance(var, str) or not var.startswith('routing_'):
                continue
            if var not in SECTION_BY_VAR and var not in ROLE_SETTINGS and var != KNOWN_NAMES_VAR:
                known = sorted(list(SECTION_BY_VAR) + list(ROLE_SETTINGS) + [KNOWN_NAMES_VAR])
                close = difflib.get_close_matches(var, known, n=1, cutoff=0.7)
                hint = "; did you mean '%s'?" % close[0] if close else ' (known: %s)' % ', '.join(known)
                issues.append(Issue(file, var, 'is not a variable of the desired-state format%s' % hint,
                                    data[var], 'format'))
                continue
            if var in owner:
                issues.append(Issue(file, var, 'is also set in %s; Ansible would silently keep only one of them'
                                    % owner[var], None, 'duplicate'))
                continue
            owner[var] = file
            files[file].append(var)
            state[var] = data[var]

    structural = schema_issues(state, owner)
    issues.extend(structural)
    # The semantic and reference checks read values the schema vouched for: objects the schema
    # found wrong are left out of them (their errors are reported already).
    checked = well_formed(state, structural)
    # Duplicate keys are judged on every object, schema errors or not, so they show up together.
    issues.extend(duplicate_issues(state, owner))
    issues.extend(semantic_issues(checked, owner))
    reference_issues, unverified = cross_reference_issues(checked, owner, snapshot_names(snapshot or []))
    issues.extend(reference_issues)
    issues = unique_sorted(issues)
    return Result(files, issues, owner, unverified)


# The single source of schemas/desired_state.schema.json (a unit test keeps the file in step).
DESIRED_STATE_SCHEMA = build_schema()


def state_schema():
    return DESIRED_STATE_SCHEMA


def schema_issues(state, owner):
    schema = state_schema()
    issues = []
    for var in sorted(state):
        # Validate each variable on its own, so each error is charged to the file that sets it.
        single = {'$schema': schema['$schema'], '$defs': schema['$defs'], 'type': 'object',
                  'properties': {var: schema['properties'][var]}}
        for error in validation.schema_errors(single, {var: state[var]}):
            issues.append(from_error(owner[var], error, 'schema'))
    return issues


def well_formed(state, structural):
    """The state with every object that has a schema error blanked (list positions kept for paths)."""
    bad = set()
    for issue in structural:
        head = re.match(r'^(routing_[a-z_]+)(?:\[(\d+)\])?', issue.path or '')
        if head:
            bad.add((head.group(1), int(head.group(2)) if head.group(2) is not None else None))
    checked = {}
    for var, value in state.items():
        if isinstance(value, list):
            checked[var] = [None if (var, index) in bad or (var, None) in bad else item
                            for index, item in enumerate(value)]
        elif (var, None) not in bad:
            checked[var] = value
    return checked


def items(state, var):
    value = state.get(var)
    if not isinstance(value, list):
        return []
    return [(index, item) for index, item in enumerate(value) if isinstance(item, dict)]


def duplicate_issues(state, owner):
    """An object declared twice in a section (keys compared case-insensitively)."""
    issues = []
    for section in SECTIONS:
        if section.var not in state or not section.many:
            continue
        seen = {}
        for index, item in items(state, section.var):
            key = item.get(section.key)
            if not isinstance(key, str):
                continue
            path = '%s[%d].%s' % (section.var, index, section.key)
            if key.lower() in seen:
                issues.append(Issue(owner[section.var], path, "%s '%s' is declared twice (also at %s[%d]; names "
                                    "are compared case-insensitively)"
                                    % (section.label, key, section.var, seen[key.lower()]), key, 'duplicate'))
            else:
                seen[key.lower()] = index
    return issues


def semantic_issues(state, owner):
    """Rules beyond the schema: the modules' own cross-field checks."""
    issues = []
    for index, item in items(state, 'routing_queues'):
        prefix = 'routing_queues[%d].' % index
        for error in queue_fields.cross_field_errors(item, prefix) + queue_member_errors(item, prefix):
            issues.append(from_error(owner['routing_queues'], error, 'rule'))
        if item.get('id'):
            issues.append(Issue(owner['routing_queues'], prefix + 'id', 'ids differ between organizations; a '
                                'desired state names its queues (keep id only for duplicate names)', item['id'],
                                'portability', severity='warning'))
    for index, item in items(state, 'routing_webhooks'):
        if item.get('events') is not None:
            for error in webhook_fields.validate_events(item['events'], 'routing_webhooks[%d].events' % index):
                issues.append(from_error(owner['routing_webhooks'], error, 'rule'))
    return issues


def queue_member_errors(item, prefix):
    from ansible_collections.genesyscloud.routing.plugins.module_utils.members import validate_members
    return validate_members(item, prefix)


# ---------------------------------------------------------------------------------------------
# Cross-references

def references(state):
    """(kind, name, option path, section variable) of every object the state names."""
    found = []

    def add(kind, name, path, var):
        if isinstance(name, str) and name:
            found.append((kind, name, path, var))

    for index, item in items(state, 'routing_skills'):
        add('division', item.get('division'), 'routing_skills[%d].division' % index, 'routing_skills')
    for index, item in items(state, 'routing_skill_groups'):
        path = 'routing_skill_groups[%d]' % index
        add('division', item.get('division'), path + '.division', 'routing_skill_groups')
        for position, name in enumerate(as_list(item.get('member_divisions'))):
            add('division', name, '%s.member_divisions[%d]' % (path, position), 'routing_skill_groups')
        for kind, name, where in condition_references(item.get('skill_conditions'), path + '.skill_conditions'):
            add(kind, name, where, 'routing_skill_groups')
    for index, item in items(state, 'routing_queues'):
        path = 'routing_queues[%d]' % index
        add('division', item.get('division'), path + '.division', 'routing_queues')
        for kind, name, where in group_references(item.get('member_groups'), path + '.member_groups'):
            add(kind, name, where, 'routing_queues')
        backup = (item.get('direct_routing') or {}).get('backup_queue') if isinstance(
            item.get('direct_routing'), dict) else None
        add('queue', backup, path + '.direct_routing.backup_queue', 'routing_queues')
        for position, member in enumerate(as_list(item.get('members'))):
            if isinstance(member, dict):
                add('user', member.get('user'), '%s.members[%d].user' % (path, position), 'routing_queues')
        for position, code in enumerate(as_list(item.get('wrapup_codes'))):
            add('wrapup_code', code, '%s.wrapup_codes[%d]' % (path, position), 'routing_queues')
    for index, item in items(state, 'routing_skill_rules'):
        path = 'routing_skill_rules[%d]' % index
        add('queue', item.get('queue'), path + '.queue', 'routing_skill_rules')
        try:
            for kind, name, where in skill_rule_fields.rule_references(item, path):
                add(kind, name, where, 'routing_skill_rules')
        except (AttributeError, KeyError, TypeError):
            pass  # malformed; the schema check already reported it
    found.extend(task_routing_state.task_references(state, items))
    return found


def as_list(value):
    return value if isinstance(value, list) else []


def group_references(groups, path):
    found = []
    for index, group in enumerate(as_list(groups)):
        if isinstance(group, dict) and group.get('type') in fieldmap.GROUP_KINDS:
            found.append((fieldmap.GROUP_KINDS[group['type']], group.get('name'), '%s[%d].name' % (path, index)))
    return found


def condition_references(conditions, path):
    found = []
    for index, condition in enumerate(as_list(conditions)):
        if not isinstance(condition, dict):
            continue
        where = '%s[%d]' % (path, index)
        for option, kind, key in (('routing_skill_conditions', 'skill', 'routing_skill'),
                                  ('language_skill_conditions', 'language', 'language_skill')):
            for position, leaf in enumerate(as_list(condition.get(option))):
                if not isinstance(leaf, dict):
                    continue
                leaf_path = '%s.%s[%d]' % (where, option, position)
                found.append((kind, leaf.get(key), '%s.%s' % (leaf_path, key)))
                found.extend(condition_references(leaf.get('child_conditions'), leaf_path + '.child_conditions'))
    return found


def declared_names(state):
    """kind -> {lowercase name: name} of the objects the state declares present (and those it deletes)."""
    present = {}
    absent = {}
    for section in SECTIONS:
        if section.var not in state or not section.many or section.kind not in DECLARING_SECTION:
            continue
        present.setdefault(section.kind, {})
        for _index, item in items(state, section.var):
            name = item.get(section.key)
            if not isinstance(name, str):
                continue
            target = absent if item.get('state') == 'absent' else present
            target.setdefault(section.kind, {})[name.lower()] = name
    return present, absent


def snapshot_names(snapshot):
    """kind -> {lowercase name: name} of what an exported snapshot shows to exist."""
    names = {}
    for _file, data in snapshot:
        if not isinstance(data, dict):
            continue
        present, _absent = declared_names(data)
        for kind, found in present.items():
            names.setdefault(kind, {}).update(found)
        known = data.get(KNOWN_NAMES_VAR)
        if isinstance(known, dict):
            for kind, listed in known.items():
                if kind in KNOWN_NAME_KINDS and isinstance(listed, list):
                    names.setdefault(kind, {}).update((str(name).lower(), str(name)) for name in listed)
    return names


def cross_reference_issues(state, owner, snapshot):
    """Issues for references to objects neither the state nor the snapshot has; counts of unverifiable ones.

    A kind is checked when the state declares that kind or the snapshot lists it. A reference to an
    object the state deletes (state: absent) is an error even if the snapshot still has it.
    """
    present, absent = declared_names(state)
    issues = []
    unverified = {}
    for kind, name, path, var in references(state):
        known = dict(snapshot.get(kind, {}))
        known.update(present.get(kind, {}))
        if name.lower() in absent.get(kind, {}) and name.lower() not in present.get(kind, {}):
            issues.append(Issue(owner[var], path, "%s '%s' is declared absent (state: absent) in %s"
                                % (label_of(kind), name, owner.get(DECLARING_SECTION.get(kind), 'the state')),
                                name, 'reference'))
            continue
        if kind not in present and kind not in snapshot:
            unverified[kind] = unverified.get(kind, 0) + 1
            continue
        if name.lower() in known:
            continue
        close = difflib.get_close_matches(name, sorted(known.values()), n=3, cutoff=0.6)
        hint = '; did you mean %s?' % ' or '.join("'%s'" % item for item in close) if close else ''
        where = []
        if kind in present:
            where.append(DECLARING_SECTION[kind])
        if kind in snapshot:
            where.append('the snapshot')
        issues.append(Issue(owner[var], path, "unknown %s '%s': not in %s%s"
                            % (label_of(kind), name, ' or '.join(where), hint), name, 'reference'))
    return issues, unverified


LABELS = {'skill_group': 'skill group', 'wrapup_code': 'wrap-up code'}


def label_of(kind):
    return LABELS.get(kind, kind)


def unique_sorted(issues):
    seen = set()
    result = []
    for issue in issues:
        key = (issue.file, issue.path, issue.message)
        if key in seen:
            continue
        seen.add(key)
        result.append(issue)
    return sorted(result, key=lambda issue: (str(issue.file), validation.path_sort_key(issue.path or ''), issue.message))


def parse_path(path):
    """'routing_queues[3].media_settings.call' -> ['routing_queues', 3, 'media_settings', 'call']."""
    parts = []
    for token in (path or '').replace(']', '').replace('[', '.[').split('.'):
        if not token:
            continue
        parts.append(int(token[1:]) if token.startswith('[') and token[1:].isdigit() else token)
    return parts


def with_etags(items_list, etags, key='name', option='expected_etag'):
    """The items with `option` (expected_etag) set from `etags` (name -> etag) where the item has none."""
    result = []
    for item in items_list or []:
        if isinstance(item, dict) and item.get(key) in (etags or {}) and not item.get(option) \
                and (etags or {}).get(item.get(key)):
            item = dict(item, **{option: etags[item[key]]})
        result.append(item)
    return result
