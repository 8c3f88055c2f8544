# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Skill-based routing rules of queues as a resource: validate, plan per state, apply.

The rules live inside the queue object, and the platform's queue PUT replaces the whole queue,
so every write goes through QueueService: read the queue, lay the managed rule keys over it,
compare client-side ETags before the PUT (re-merge onto a fresh copy, or refuse when
`expected_etag` is pinned), PUT the whole body, then verify with a GET that the rules hold and
no other key moved. SkillRuleService only changes what a "view" of a queue is: its rules, in
option form.

States (network resource module meanings):
    merged      lay the given rule options over the queue; options left out stay as they are
    replaced    the listed queues' rules become exactly the item; rule lists left out are cleared
    overridden  replaced for the listed queues, and every other queue's rule lists are cleared
    deleted     the listed queues' rule lists are cleared (all queues when config is omitted)
    gathered    read the rules back in config form (what `overridden` accepts unchanged)
    rendered    the rule keys of the request bodies, offline (names are not looked up)

skill_evaluation_method always has a value on the platform, so no state clears it: it changes
only when an item gives it.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.genesyscloud.routing.plugins.module_utils import fieldmap
from ansible_collections.genesyscloud.routing.plugins.module_utils.etag_and_diff import diff_record, fingerprint
from ansible_collections.genesyscloud.routing.plugins.module_utils.errors import InputErrors
from ansible_collections.genesyscloud.routing.plugins.module_utils.fieldmap import FieldMapError
from ansible_collections.genesyscloud.routing.plugins.module_utils.platform_quirks import strip_server_filled
from ansible_collections.genesyscloud.routing.plugins.module_utils.queues import QueueService
from ansible_collections.genesyscloud.routing.plugins.module_utils.resource import Plan
from ansible_collections.genesyscloud.routing.plugins.module_utils.resolver import OfflineResolver, is_placeholder
from ansible_collections.genesyscloud.routing.plugins.module_utils.rule_schema import SKILL_RULES_SCHEMA
from ansible_collections.genesyscloud.routing.plugins.module_utils.skill_rule_fields import (
    DOCUMENTED_OPTIONS, RULE_LISTS, rule_references, rules_from_api, rules_to_api,
)
from ansible_collections.genesyscloud.routing.plugins.module_utils.validation import (
    path_sort_key, reference_errors, schema_errors,
)

RULE_OPTIONS = ('skill_evaluation_method',) + RULE_LISTS
# Options an item may carry besides `queue` in the states that only address queues.
ADDRESS_ONLY = {'deleted': ('expected_etag',), 'gathered': ()}
WRITING_STATES = ('merged', 'replaced', 'overridden', 'deleted')


# ---------------------------------------------------------------------------------------------
# Offline validation (before any API call)

def validate_config(config, state, path='config'):
    """Structural (JSON Schema) and semantic errors of a config list, without the API.

    `config` holds the options the user gave (no None values). Returns FieldMapErrors.
    """
    errors = schema_errors(SKILL_RULES_SCHEMA, config, path)
    if not isinstance(config, list):
        return errors
    # Semantic checks assume a well-formed item: run them on the items the schema accepted.
    malformed = set()
    for error in errors:
        rest = error.path[len(path):]  # '[2].bullseye_rings[1]...' for config[2]
        if rest.startswith('['):
            malformed.add(int(rest[1:rest.index(']')]))
    sound = [(index, item) for index, item in enumerate(config) if index not in malformed]
    return sorted(errors + semantic_errors(sound, state, path), key=lambda error: path_sort_key(error.path))


def semantic_errors(indexed_items, state, path='config'):
    """Duplicate queues, state-specific option use and skills removed twice; items as (index, item)."""
    errors = []
    seen = {}
    for index, item in indexed_items:
        item_path = '%s[%d]' % (path, index)
        key = item['queue'].lower()
        if key in seen:
            errors.append(FieldMapError(item_path + '.queue', "queue '%s' is already listed at %s"
                                        % (item['queue'], seen[key]), item['queue']))
        seen.setdefault(key, item_path + '.queue')
        if state in ADDRESS_ONLY:
            for option in sorted(item):
                if option != 'queue' and option not in ADDRESS_ONLY[state]:
                    errors.append(FieldMapError(
                        '%s.%s' % (item_path, option),
                        'state=%s only reads queue from each item%s; remove this option'
                        % (state, ' (deleted clears every rule list)' if state == 'deleted' else ''), item[option]))
        errors.extend(removal_errors(item, item_path))
    return errors


def removal_errors(item, path, identity=None):
    """A skill is removed at most once over all rings of a bullseye.

    identity maps a skill reference to what makes two references the same skill: the lower-case
    name offline, the resolved id online (a name and an id of one skill are then caught too).
    """
    identity = identity or (lambda name, skill_path: str(name).lower())
    errors = []
    first = {}
    for ring_index, ring in enumerate(item.get('bullseye_rings') or []):
        for index, skill in enumerate(ring.get('skills_to_remove') or []):
            skill_path = '%s.bullseye_rings[%d].skills_to_remove[%d]' % (path, ring_index, index)
            key = identity(skill, skill_path)
            if key in first:
                errors.append(FieldMapError(skill_path, "skill '%s' is already removed at %s; a bullseye removes "
                                            "a skill once" % (skill, first[key]), skill))
            else:
                first[key] = skill_path
    return errors


def render(config, path='config'):
    """The rule keys of each queue's request body, offline: names stay names (nothing is looked up)."""
    resolver = OfflineResolver()
    return [{'queue': item['queue'],
             'body': rules_to_api(item, resolver, '%s[%d]' % (path, index))}
            for index, item in enumerate(config)]


# ---------------------------------------------------------------------------------------------
# Reading and planning

class SkillRuleService(QueueService):
    """QueueService that sees a queue through its routing rules.

    Plans, diffs and the post-write verification compare rule views; the guarded
    read-modify-write, ETag checks and the check that no other queue key moved are
    QueueService's own.
    """

    # The module (genesys_skill_rules.SkillRulesModule) picks its queues itself: none of QueueService's.
    PLURAL = 'queues'
    OPTIONS = DOCUMENTED_OPTIONS
    ITEM_OPTIONS = ()
    LIST_OPTION = None
    SHARED_OPTIONS = ()
    WORKERS_OPTION = None
    BRIEF_UNCHANGED = False
    validate_item = None

    def __init__(self, client, resolver, warn=None, state='merged', config_given=True):
        super(SkillRuleService, self).__init__(client, resolver, warn=warn)
        self.queues_by_id = {}
        self.state = state
        self.config_given = config_given  # deleted/gathered without config: every queue

    def plan_all(self, addressed, sweep, workers=1):
        """The queues the state touches (listed ones, then every other one where the state says so)."""
        config = [spec for spec, _prefix in addressed] if self.config_given else None
        return plan_targets(self, select_targets(self, config, self.state))

    def load_all(self):
        listing = super(SkillRuleService, self).load_all()
        self.queues_by_id = dict((queue['id'], queue) for queue in listing)
        return listing

    def view(self, body, given):
        full = rules_from_api(strip_server_filled(body), self.resolver)
        return full if given is None else fieldmap.project(given, full)

    def queue_named(self, name_or_id, path):
        """The listed queue a config key means (exact name, else case-insensitive name, or id)."""
        queue_id = self.resolver.resolve('queue', name_or_id, path)
        if is_placeholder(queue_id):
            # Check mode, a queue the same run creates: it starts without rules.
            return {'id': queue_id, 'name': self.resolver.name_of('queue', queue_id)}
        return self.queues_by_id[queue_id]

    def config_item(self, queue):
        """A queue's rules in config form: exactly what `overridden` accepts back unchanged."""
        item = {'queue': queue['name']}
        item.update(self.view(queue, None))
        return item

    def result_details(self, plan, result):
        """A queue's result is its rules in config form, before and after, and the PUT it made."""
        shown = result.pop(self.RESULT_KEY)
        result['before'] = self.config_item(plan.current)
        result['after'] = self.config_item(shown if shown is not None else plan.current)
        result['request'] = {'method': 'PUT', 'path': self.object_path(plan.current['id']), 'queue': plan.name,
                             'body': plan.partial}
        result['diff'] = diff_record('skill rules of queue', plan.name, plan.before, plan.after)

    def plan_rules(self, queue, managed, partial, expected_etag=None):
        """A Plan that lays `partial` (API rule keys) over the queue; `managed` are the options shown."""
        plan = Plan({'name': queue['name'], 'expected_etag': expected_etag}, queue)
        plan.action = 'update'
        plan.given = managed
        plan.partial = partial
        self.merge(plan, queue)
        return plan


def managed_rules(item, state):
    """The rule options a state manages for one item: option -> desired value (lists in user order)."""
    if state == 'merged':
        return dict((option, item[option]) for option in RULE_OPTIONS if item.get(option) is not None)
    managed = dict((option, [] if state == 'deleted' else item.get(option) or []) for option in RULE_LISTS)
    if state in ('replaced', 'overridden') and item.get('skill_evaluation_method') is not None:
        managed['skill_evaluation_method'] = item['skill_evaluation_method']
    return managed


def cleared_rules():
    return dict((option, []) for option in RULE_LISTS)


class Target:
    """One queue a task touches: the managed options and where they came from in config."""

    def __init__(self, queue, managed, path, expected_etag=None):
        self.queue = queue
        self.managed = managed
        self.path = path
        self.expected_etag = expected_etag


def select_targets(service, config, state, path='config'):
    """The queues a state touches, in output order, with their managed options; raises InputErrors."""
    service.load_all()
    targets = []
    errors = []
    listed = {}
    for index, item in enumerate(config or []):
        item_path = '%s[%d]' % (path, index)
        try:
            queue = service.queue_named(item['queue'], item_path + '.queue')
        except FieldMapError as error:
            errors.append(error)
            continue
        if queue['id'] in listed:
            errors.append(FieldMapError(item_path + '.queue', "queue '%s' is already listed at %s"
                                        % (item['queue'], listed[queue['id']]), item['queue']))
            continue
        listed[queue['id']] = item_path + '.queue'
        managed = managed_rules(item, state) if state != 'gathered' else {}
        targets.append(Target(queue, managed, item_path, item.get('expected_etag')))
    every_queue = state == 'overridden' or (state in ('deleted', 'gathered') and config is None)
    if every_queue:
        for queue in sorted(service.queues_by_id.values(), key=lambda queue: (queue['name'].lower(), queue['id'])):
            if queue['id'] not in listed:
                targets.append(Target(queue, cleared_rules() if state != 'gathered' else {}, None))
    errors.extend(online_errors(service.resolver, targets))
    if errors:
        raise InputErrors(errors)
    return targets


def online_errors(resolver, targets):
    """Every name the targets reference exists (one listing per kind), and no skill is removed twice."""
    references = []
    for target in targets:
        if target.path is not None:
            references.extend(rule_references(target.managed, target.path))
    errors = reference_errors(references, resolver)
    if errors:
        return errors
    for target in targets:
        if target.path is not None:
            errors.extend(removal_errors(target.managed, target.path,
                                         lambda name, skill_path: resolver.resolve('skill', name, skill_path)))
    return errors


def gather(service, config, path='config'):
    """(config items, etags by queue name) for the listed queues, or every queue (by name) when config is None."""
    targets = select_targets(service, config, 'gathered', path)
    items = [service.config_item(target.queue) for target in targets]
    etags = dict((target.queue['name'], fingerprint(target.queue)) for target in targets)
    return items, etags


def plan_targets(service, targets):
    return [service.plan_rules(target.queue, target.managed,
                               rules_to_api(target.managed, service.resolver, target.path or ''),
                               target.expected_etag)
            for target in targets]


# ---------------------------------------------------------------------------------------------
# The module result

def rules_output(results, state, with_diff):
    """The module's result keys from the runner's per-queue results (in output order)."""
    etags = dict((result['name'], result['etag']) for result in results
                 if not is_placeholder(result['id']))  # a queue only planned has no state to pin
    if state == 'gathered':
        return {'gathered': [result['before'] for result in results], 'etags': etags}
    landed = [result for result in results if result['changed'] and not result.get('failed')]
    output = {
        'before': [result['before'] for result in results],
        'after': [result['after'] for result in results],
        'requests': [result['request'] for result in landed],
        'changes': [dict(record, queue=result['name']) for result in landed for record in result['changes']],
        'etags': etags,
    }
    if with_diff:
        output['diff'] = [result['diff'] for result in landed]
    return output
