# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What is configured: queues (and skills, skill groups, divisions, utilization) read in bulk.

Definitions come from one listing sweep per kind at the largest page size (never one GET per
queue); per-queue sub-resources (members, wrap-up codes) are opt-in because each costs a call
per queue. Two output shapes:

* `api`: the objects as the platform returns them, each with its client-side `etag`
  (`canonical.fingerprint`, the same value the writing modules report).
* `desired_state`: the option shape of the writing modules, produced by their own field maps'
  `from_api` (ids shown as names, server-owned keys left out, stable order), so feeding it back
  to them changes nothing.

This file also holds the option table of genesys_queue_facts (argspec and generated docs).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import fnmatch
import os

from ansible_collections.genesyscloud.routing.plugins.module_utils import fieldmap
from ansible_collections.genesyscloud.routing.plugins.module_utils import queue_analytics as analytics
from ansible_collections.genesyscloud.routing.plugins.module_utils import task_routing_state
from ansible_collections.genesyscloud.routing.plugins.module_utils.etag_and_diff import fingerprint
from ansible_collections.genesyscloud.routing.plugins.module_utils.fieldmap import Field, FieldMapError, workers_field
from ansible_collections.genesyscloud.routing.plugins.module_utils.members import DEFAULT_RING
from ansible_collections.genesyscloud.routing.plugins.module_utils.membership import read_members, read_wrapup_codes
from ansible_collections.genesyscloud.routing.plugins.module_utils.queue_fields import QUEUE_SETTINGS
from ansible_collections.genesyscloud.routing.plugins.module_utils.runner import run_bounded
from ansible_collections.genesyscloud.routing.plugins.module_utils.skill_groups import SkillGroupService
from ansible_collections.genesyscloud.routing.plugins.module_utils.platform_quirks import strip_server_filled
from ansible_collections.genesyscloud.routing.plugins.module_utils.skill_rule_fields import rules_from_api
from ansible_collections.genesyscloud.routing.plugins.module_utils.skills import SkillService
from ansible_collections.genesyscloud.routing.plugins.module_utils.utilization import UtilizationService
from ansible_collections.genesyscloud.routing.plugins.module_utils.validation import field_errors

GATHER_KINDS = ('queues', 'skills', 'skill_groups', 'divisions', 'utilization', 'workitem_schemas', 'workbins',
                'worktypes', 'workitem_load')
SUB_RESOURCES = ('members', 'wrapup_codes', 'skill_rules', 'member_divisions')
QUEUE_SUB_RESOURCES = ('members', 'wrapup_codes', 'skill_rules')
FORMATS = ('api', 'desired_state')

# kind gathered -> resolver kind that lists it (one cached sweep shared with name look-ups)
LISTED_KINDS = {'queues': 'queue', 'skills': 'skill', 'skill_groups': 'skill_group', 'divisions': 'division'}
UTILIZATION = '/api/v2/routing/utilization'

# Result key -> ansible_facts key.
FACT_NAMES = {
    'queues': 'genesys_queues', 'skills': 'genesys_skills', 'skill_groups': 'genesys_skill_groups',
    'divisions': 'genesys_divisions', 'utilization': 'genesys_utilization', 'skill_rules': 'genesys_skill_rules',
    'workitem_schemas': 'genesys_workitem_schemas', 'workbins': 'genesys_workbins',
    'worktypes': 'genesys_worktypes', 'workitem_load': 'genesys_workitem_load',
    'live': 'genesys_queue_live', 'history': 'genesys_queue_history', 'alerts': 'genesys_queue_alerts',
}

DOCUMENTED_OPTIONS = [
    Field('gather', type='list', elements='str', choices=GATHER_KINDS, default=['queues'],
          description='Kinds of definitions to return. C(queues), C(skills), C(skill_groups) and C(divisions) '
                      'each take one listing sweep at the largest page size; skill groups also take one GET per'
                      ' selected group, because the listing leaves out their expression. C(utilization) is the '
                      'organization-wide setting (one GET). C(workitem_schemas), C(workbins) and C(worktypes) '
                      'are the task-routing objects (one listing each; worktypes with their statuses). '
                      'C(workitem_load) is the current workitem load of the selected queues per worktype: '
                      'waiting (unassigned), in progress (assigned) and overdue workitems (one analytics '
                      'observation query per 100 queues). Live figures, history and alerts always concern the'
                      ' selected queues, whether or not C(queues) is listed here.'),
    Field('names', type='list', elements='str',
          description='Exact names to select (case-sensitive, as the writing modules match them). Applies to '
                      'queues, skills and skill groups. Names that match nothing are listed in RV(not_found) '
                      'with a warning.'),
    Field('name_patterns', type='list', elements='str',
          description='Shell-style patterns (C(*), C(?), C([...])), matched case-insensitively against the '
                      'names of queues, skills and skill groups. An object is selected when it matches O(names)'
                      ' or any pattern; without either, all objects are selected.'),
    Field('divisions', type='list', elements='str',
          description='Only objects in these divisions, by name or id (queues, skills, skill groups, and the '
                      'divisions themselves). Filtered on the client after the one listing sweep.'),
    Field('include', type='list', elements='str', choices=SUB_RESOURCES, default=[],
          description='Sub-resources to add. C(wrapup_codes) of queues cost one listing call per selected queue;'
                      ' C(members) at most one per selected queue (none for a queue whose member count is 0, and '
                      "the users' own queue listings instead where those are fewer calls); so a plain call leaves "
                      'them out. They are read in parallel (O(workers)). C(skill_rules) adds the skill-routing '
                      'rules of queues in the option shape of M(genesyscloud.routing.genesys_skill_rules) '
                      '(names instead of ids); they are part of the queue object, so they cost no call. '
                      'C(member_divisions) adds the member divisions of skill groups (one call per selected '
                      'group). Each needs its kind in O(gather).'),
    Field('format', choices=FORMATS, default='api',
          description='C(api) returns the objects as the platform stores them, each with its client-side '
                      'C(etag). C(desired_state) returns them in exactly the option shape of the writing '
                      'modules (M(genesyscloud.routing.genesys_queue), M(genesyscloud.routing.genesys_skill), '
                      'M(genesyscloud.routing.genesys_skill_group), '
                      'M(genesyscloud.routing.genesys_skill_rules), '
                      'M(genesyscloud.routing.genesys_utilization)): ids replaced by names, server-owned fields'
                      ' left out, sorted by name. Fed back to those modules it reports no change. With '
                      'sub-resources the member and wrap-up code lists are exported as authoritative.'),
    Field('pin_etags', type='bool', default=False,
          description="With O(format=desired_state), add each object's etag as C(expected_etag) where the "
                      'writing module has that option (queues, skill groups, skill rules, utilization), so '
                      'applying the export fails instead of overwriting an object that changed since. Off by '
                      'default: an export meant to be kept as code should not pin a moment in time. The etags '
                      'are always in RV(etags).'),
    Field('live', type='bool', default=False,
          description='Add live figures of the selected queues from the queue observations query: agents by '
                      'routing status, members, conversations waiting, interacting and alerting, longest '
                      'waiting, and an occupancy snapshot (see RV(live)). Implied by '
                      'O(alert_when.occupancy_above), O(alert_when.waiting_above) and '
                      'O(alert_when.longest_waiting_above).'),
    Field('interval',
          description='Add historical figures of the selected queues over this interval from the conversation '
                      'aggregates query: offered, answered, abandoned, average handle time, average speed of '
                      'answer and service level. Either C(start/end) in ISO-8601 '
                      '(C(2026-01-05T00:00:00Z/2026-01-06T00:00:00Z); no offset means UTC) or a period of '
                      'weeks, days, hours, minutes or seconds ending now (C(PT8H), C(P7D)).'),
    Field('granularity',
          description='Also split the history into sub-intervals of this ISO-8601 period (C(PT30M), C(PT1H), '
                      'C(P1D)). Needs O(interval).'),
    Field('alert_when', type='dict',
          description='Thresholds. Each queue whose value is strictly beyond one gets an entry in RV(alerts), '
                      'so a playbook can C(assert) on it or notify. A queue without data for a metric (no '
                      'agents, no traffic) never alerts on it.',
          children=[
              Field('occupancy_above', type='float', minimum=0, maximum=1,
                    description='Alert when the occupancy snapshot is above this fraction (0-1).'),
              Field('waiting_above', type='int', minimum=0,
                    description='Alert when more conversations than this are waiting in the queue.'),
              Field('longest_waiting_above', type='int', minimum=0,
                    description='Alert when the longest-waiting conversation has waited more than this many seconds.'),
              Field('service_level_below', type='float', minimum=0, maximum=1,
                    description='Alert when the service level over O(interval) is below this fraction (0-1). Needs '
                                'O(interval).'),
              Field('abandon_rate_above', type='float', minimum=0, maximum=1,
                    description='Alert when abandoned / offered over O(interval) is above this fraction (0-1). Needs '
                                'O(interval).'),
          ]),
    Field('report_path',
          description='Write a self-contained HTML snapshot report to this path (no external assets): one row '
                      'per selected queue with bars for occupancy, waiting and service level, thresholds marked'
                      ' and alerts highlighted. Needs live or historical figures. The directory must exist. Not'
                      ' written in check mode.'),
    workers_field('member and wrap-up code listings'),
]


# ---------------------------------------------------------------------------------------------
# Validation (offline, before any API call)

def validate_params(params, now=None):
    """FieldMapErrors for every problem in the options; also resolves the interval.

    Returns (errors, interval) where interval is the `start/end` string sent to the platform.
    """
    errors = field_errors(DOCUMENTED_OPTIONS, params)
    thresholds = params.get('alert_when') or {}
    interval = None
    if params.get('interval') is not None:
        try:
            interval = analytics.format_interval(*analytics.resolve_interval(params['interval'], now))
        except FieldMapError as error:
            errors.append(error)
    if params.get('granularity') is not None:
        if params.get('interval') is None:
            errors.append(FieldMapError('granularity', 'needs interval', params['granularity']))
        else:
            try:
                analytics.validate_granularity(params['granularity'])
            except FieldMapError as error:
                errors.append(error)
    for option in sorted(thresholds):
        if thresholds[option] is not None and analytics.THRESHOLDS[option][2] == 'history' \
                and params.get('interval') is None:
            errors.append(FieldMapError('alert_when.' + option, 'is judged on historical figures and needs '
                                        'interval (for example interval: PT8H)', thresholds[option]))
    gathered = params.get('gather') or []
    for index, name in enumerate(params.get('include') or []):
        owner = 'queues' if name in QUEUE_SUB_RESOURCES else 'skill_groups'
        if owner not in gathered:
            errors.append(FieldMapError('include[%d]' % index, '%s belongs to %s; add %s to gather'
                                        % (name, owner, owner), name))
    if params.get('pin_etags') and params.get('format') != 'desired_state':
        errors.append(FieldMapError('pin_etags', 'is only used with format desired_state', True))
    report_path = params.get('report_path')
    if report_path:
        if not (params.get('live') or params.get('interval') or analytics.sources_needed(thresholds)):
            errors.append(FieldMapError('report_path', 'the report shows live and historical figures; set live, '
                                        'interval or alert_when', report_path))
        folder = os.path.dirname(os.path.abspath(os.path.expanduser(report_path)))
        if not os.path.isdir(folder):
            errors.append(FieldMapError('report_path', "folder '%s' does not exist" % folder, report_path))
    return errors, interval


# ---------------------------------------------------------------------------------------------
# Selection

class Selection:
    """Which objects the task is about: exact names or patterns (either), within divisions."""

    def __init__(self, names=None, patterns=None, division_ids=None):
        self.names = list(names or [])
        self.patterns = [pattern.lower() for pattern in patterns or []]
        self.division_ids = set(division_ids) if division_ids is not None else None
        self.seen_names = set()

    def by_name(self, name):
        if not self.names and not self.patterns:
            return True
        if name in self.names:
            self.seen_names.add(name)
            return True
        return any(fnmatch.fnmatchcase((name or '').lower(), pattern) for pattern in self.patterns)

    def in_divisions(self, entity, own_id=False):
        if self.division_ids is None:
            return True
        division_id = entity.get('id') if own_id else (entity.get('division') or {}).get('id')
        return division_id in self.division_ids

    def pick(self, entities, by_name=True, own_division=False):
        picked = [entity for entity in entities
                  if (not by_name or self.by_name(entity.get('name'))) and self.in_divisions(entity, own_division)]
        return sorted(picked, key=name_order)

    def not_found(self):
        return sorted(name for name in set(self.names) if name not in self.seen_names)


def name_order(entity):
    """Stable order: by name, case-insensitively, then exact name and id for ties."""
    name = entity.get('name') or ''
    return (name.lower(), name, entity.get('id') or '')


def selection_from(params, resolver):
    division_ids = None
    if params.get('divisions'):
        division_ids = [resolver.resolve('division', value, 'divisions[%d]' % index)
                        for index, value in enumerate(params['divisions'])]
    return Selection(params.get('names'), params.get('name_patterns'), division_ids)


# ---------------------------------------------------------------------------------------------
# Queues

def read_sub_resources(client, resolver, queues, include, workers):
    """queueId -> {'members': [...], 'wrapup_codes': [...]} for the sub-resources asked for.

    Members come from the cheaper side (membership.py): every user of the organization may be a member.
    """
    if not queues or ('members' not in include and 'wrapup_codes' not in include):
        return {}
    found = dict((queue['id'], {}) for queue in queues)
    if 'members' in include:
        everyone = set(user['id'] for user in resolver.entities('user'))
        members, _plan = read_members(client, queues, dict((queue['id'], everyone) for queue in queues), workers)
        for queue_id, listed in members.items():
            found[queue_id]['members'] = listed
    if 'wrapup_codes' in include:
        for queue_id, listed in read_wrapup_codes(client, [queue['id'] for queue in queues], workers).items():
            found[queue_id]['wrapup_codes'] = listed
    return found


def member_options(members, resolver):
    """Direct user members in genesys_queue's `members` shape; members through groups are not options."""
    options = [{'user': resolver.name_of('user', member['id']), 'ring': member.get('ringNumber') or DEFAULT_RING}
               for member in members if member.get('memberBy', 'user') == 'user']
    return sorted(options, key=lambda item: str(item['user']).lower())


def wrapup_code_names(codes, resolver):
    return sorted(code.get('name') or resolver.name_of('wrapup_code', code['id']) for code in codes)


def queue_options(queue, resolver, sub=None, pin_etag=False, with_id=False):
    """One queue in the option shape of genesys_queue (its field map's from_api, names for ids)."""
    options = {'name': queue.get('name')}
    if with_id:
        options['id'] = queue['id']
    division_id = (queue.get('division') or {}).get('id')
    if division_id:
        options['division'] = resolver.name_of('division', division_id)
    options.update(fieldmap.from_api(QUEUE_SETTINGS, queue, resolver))
    sub = sub or {}
    if 'members' in sub:
        options['members'] = member_options(sub['members'], resolver)
        options['members_mode'] = 'authoritative'
    if 'wrapup_codes' in sub:
        options['wrapup_codes'] = wrapup_code_names(sub['wrapup_codes'], resolver)
        options['wrapup_codes_mode'] = 'authoritative'
    if pin_etag:
        options['expected_etag'] = fingerprint(queue)
    return options


def queue_api_view(queue, sub=None):
    """The platform's queue object plus its etag (and the sub-resources read for it)."""
    view = dict(queue)
    view['etag'] = fingerprint(queue)
    for key, value in (sub or {}).items():
        view[key] = value
    return view


def skill_rules_options(queue, resolver, by_id=False, pin_etag=False):
    """The queue's skill-routing rules as one `config` item of genesys_skill_rules (its own from_api)."""
    options = {'queue': queue['id'] if by_id else queue.get('name')}
    options.update(rules_from_api(strip_server_filled(queue), resolver))
    if pin_etag:
        options['expected_etag'] = fingerprint(queue)
    return options


def duplicate_names(entities):
    counts = {}
    for entity in entities:
        counts[entity.get('name')] = counts.get(entity.get('name'), 0) + 1
    return set(name for name, count in counts.items() if count > 1)


def etag_index(entities):
    """name -> etag; a name used by several objects is keyed by id instead."""
    twice = duplicate_names(entities)
    return dict((entity['id'] if entity.get('name') in twice else entity.get('name'), fingerprint(entity))
                for entity in entities)


# ---------------------------------------------------------------------------------------------
# Other kinds: the writing modules' own field maps decide the desired-state shape.

def skill_options(skill, client, resolver):
    """One skill in genesys_skill's option shape, by that module's own view (name and division)."""
    view = SkillService(client, resolver).view(skill, None)
    return dict((key, value) for key, value in view.items() if value is not None)


def read_skill_groups(service, listed, include, workers):
    """Full definitions (the listing has no expression) and, when asked, member division ids."""
    def read(entry):
        group = service.get(entry['id'])
        divisions = service.read_member_divisions(entry['id']) if group and 'member_divisions' in include else None
        return group, divisions

    found = [item for item in run_bounded(read, listed, workers) if item[0] is not None]  # deleted meanwhile
    return [group for group, _divisions in found], dict((group['id'], divisions) for group, divisions in found)


def skill_group_options(group, service, member_division_ids=None, pin_etag=False, with_id=False):
    """One skill group in genesys_skill_group's option shape, by that module's own view."""
    view = service.view(group, None)
    options = {'name': view.pop('name')}
    if with_id:
        options['id'] = group['id']
    if view.get('division') is not None:
        options['division'] = view.pop('division')
    options.update(view)
    if member_division_ids is not None:
        options['member_divisions'] = service.division_names(member_division_ids)
    if pin_etag:
        options['expected_etag'] = fingerprint(group)
    return options


def skill_group_api_view(group, resolver, member_division_ids=None):
    view = dict(group, etag=fingerprint(group))
    if member_division_ids is not None:
        view['member_divisions'] = [{'id': division_id, 'name': resolver.name_of('division', division_id)}
                                    for division_id in member_division_ids]
    return view


def utilization_options(utilization, client, pin_etag=False):
    """The organization utilization in genesys_utilization's option shape, by that module's own view.

    `authoritative` stays unset: the export names every media type the platform returned, so the
    default (merge) mode already reproduces it without resetting anything the platform left out.
    """
    options = UtilizationService(client).view(utilization)
    if pin_etag:
        options['expected_etag'] = fingerprint(utilization)
    return options


def division_options(division):
    # No writing module manages divisions; name and description are what identifies one.
    options = {'name': division.get('name')}
    if division.get('description'):
        options['description'] = division['description']
    return options


# ---------------------------------------------------------------------------------------------
# The whole gather

def gather(client, resolver, params, interval=None, warn=None, now=None):
    """Everything the task asked for, as the module's result keys (without changed/api_calls)."""
    warn = warn or (lambda message: None)
    kinds = params.get('gather') or []
    include = params.get('include') or []
    desired = params.get('format') == 'desired_state'
    thresholds = dict((key, value) for key, value in (params.get('alert_when') or {}).items() if value is not None)
    sources = analytics.sources_needed(thresholds)
    want_live = bool(params.get('live')) or 'live' in sources
    want_history = interval is not None

    selection = selection_from(params, resolver)
    result = {'etags': {}}

    queues = []
    if 'queues' in kinds or want_live or want_history:
        queues = selection.pick(resolver.entities('queue'))
    if 'queues' in kinds:
        result['queues'] = queue_definitions(client, resolver, queues, include, desired, params, result, warn)
        result['etags']['queues'] = etag_index(queues)
    if 'skills' in kinds:
        skills = selection.pick(resolver.entities('skill'))
        result['skills'] = [skill_options(skill, client, resolver) for skill in skills] if desired else \
            [dict(skill, etag=fingerprint(skill)) for skill in skills]
        result['etags']['skills'] = etag_index(skills)
    if 'skill_groups' in kinds:
        service = SkillGroupService(client, resolver)
        groups, member_divisions = read_skill_groups(service, selection.pick(resolver.entities('skill_group')),
                                                     include, params.get('workers') or 1)
        twice = duplicate_names(groups)
        result['skill_groups'] = [
            skill_group_options(group, service, member_divisions[group['id']], params.get('pin_etags'),
                                group.get('name') in twice) if desired else
            skill_group_api_view(group, resolver, member_divisions[group['id']]) for group in groups]
        result['etags']['skill_groups'] = etag_index(groups)
    if 'divisions' in kinds:
        divisions = selection.pick(resolver.entities('division'), by_name=False, own_division=True)
        result['divisions'] = [division_options(division) for division in divisions] if desired else \
            [dict(division, etag=fingerprint(division)) for division in divisions]
        result['etags']['divisions'] = etag_index(divisions)
    if 'utilization' in kinds:
        utilization = client.get(UTILIZATION) or {}
        result['utilization'] = utilization_options(utilization, client, params.get('pin_etags')) if desired else \
            dict(utilization, etag=fingerprint(utilization))
        result['etags']['utilization'] = fingerprint(utilization)

    task_objects, task_etags = task_routing_state.gather_task_objects(
        client, resolver, kinds, selection.pick, desired, params.get('pin_etags'))
    result.update(task_objects)
    result['etags'].update(task_etags)
    if 'workitem_load' in kinds:
        result['workitem_load'] = task_routing_state.workitem_load(
            client, resolver, queues or selection.pick(resolver.entities('queue')))

    result['not_found'] = selection.not_found()
    if result['not_found']:
        warn('no object is named %s' % ', '.join("'%s'" % name for name in result['not_found']))

    if want_live:
        result['live'] = analytics.gather_live(client, queues, now=now)
    if want_history:
        result['history'] = analytics.gather_history(client, queues, interval, params.get('granularity'))
    if thresholds:
        result['alerts'] = analytics.evaluate_alerts(queues, thresholds, result.get('live'), result.get('history'))
    return result


def queue_definitions(client, resolver, queues, include, desired, params, result, warn):
    subs = read_sub_resources(client, resolver, queues, include, params.get('workers') or 1)
    if not desired:
        views = [queue_api_view(queue, subs.get(queue['id'])) for queue in queues]
        if 'skill_rules' in include:
            for view, queue in zip(views, queues):
                view['skill_rules'] = skill_rules_options(queue, resolver)
                view['skill_rules'].pop('queue')
        return views
    twice = duplicate_names(queues)
    if twice:
        warn('several queues are named %s; their desired state carries the id so each one stays addressable'
             % ', '.join("'%s'" % name for name in sorted(twice)))
    options = [queue_options(queue, resolver, subs.get(queue['id']), pin_etag=params.get('pin_etags'),
                             with_id=queue.get('name') in twice) for queue in queues]
    if 'skill_rules' in include:
        result['skill_rules'] = [skill_rules_options(queue, resolver, by_id=queue.get('name') in twice,
                                                     pin_etag=params.get('pin_etags')) for queue in queues]
    return options


def facts_of(result):
    """The ansible_facts of a result (the same data under genesys_* names)."""
    return dict((FACT_NAMES[key], value) for key, value in result.items() if key in FACT_NAMES)
