# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Where the real platform differs from plain CRUD, and what the collection does about it.

Small, self-contained functions; each is called from one line where the resource is read or
written. The facts and their public sources are listed in docs/emulator.md.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy
import time

from ansible_collections.genesyscloud.routing.plugins.module_utils.errors import GenesysApiError
from ansible_collections.genesyscloud.routing.plugins.module_utils.fieldmap import FieldMapError

# Bounded waits for eventually consistent reads and writes: about 30 s in all.
CONSISTENCY_WAITS = (0.5, 1, 2, 4, 8, 15)


# ---------------------------------------------------------------------------------------------
# Queues: values the server fills in

def strip_server_filled(queue):
    """A copy of a queue without the values the platform fills in by itself.

    A GET names the queue itself in conditional group routing rule 1 and a PUT that sends it back
    is refused (400); conditional group activation conditions without a queue get the queue
    itself. Neither is the user's setting, so neither is written back or compared.
    """
    if not isinstance(queue, dict):
        return queue
    own_id = queue.get('id')
    rules = (queue.get('conditionalGroupRouting') or {}).get('rules') or []
    activation = queue.get('conditionalGroupActivation') or {}
    conditions = [condition for rule in [activation.get('pilotRule') or {}] + list(activation.get('rules') or [])
                  for condition in rule.get('conditions') or []]
    filled_rule = bool(rules) and _is_own(rules[0].get('queue'), own_id)
    filled_metrics = [condition for condition in conditions
                      if _is_own((condition.get('simpleMetric') or {}).get('queue'), own_id)]
    if not filled_rule and not filled_metrics:
        return queue
    queue = copy.deepcopy(queue)
    if filled_rule:
        queue['conditionalGroupRouting']['rules'][0].pop('queue', None)
    activation = queue.get('conditionalGroupActivation') or {}
    for rule in [activation.get('pilotRule') or {}] + list(activation.get('rules') or []):
        for condition in rule.get('conditions') or []:
            metric = condition.get('simpleMetric') or {}
            if _is_own(metric.get('queue'), own_id):
                metric.pop('queue')
    return queue


def _is_own(reference, own_id):
    return bool(own_id) and isinstance(reference, dict) and reference.get('id') == own_id


# ---------------------------------------------------------------------------------------------
# Queues: bullseye rings that still hold member groups

def rings_needing_member_clear(current, desired):
    """Indexes of the current bullseye rings the desired body drops while they hold member groups.

    The platform refuses to remove such a ring (400); their member groups must go first.
    """
    current_rings = ((current or {}).get('bullseye') or {}).get('rings') or []
    kept = len(((desired or {}).get('bullseye') or {}).get('rings') or [])
    return [index for index in range(kept, len(current_rings)) if current_rings[index].get('memberGroups')]


def clear_removed_ring_groups(client, path, current, desired, server_owned):
    """The one extra PUT, only when needed: the current queue with the doomed rings' member groups emptied."""
    doomed = rings_needing_member_clear(current, desired)
    if not doomed:
        return None
    body = dict((key, value) for key, value in strip_server_filled(current).items() if key not in server_owned)
    body = copy.deepcopy(body)
    for index in doomed:
        body['bullseye']['rings'][index]['memberGroups'] = []
    return client.put(path, body)


# ---------------------------------------------------------------------------------------------
# Integrations: configuration version conflicts

VERSION_CONFLICT_STATUSES = (409, 408)
VERSION_MISMATCH_TEXT = 'does not match the current version'


def is_version_conflict(error):
    """Whether an API error means "the configuration version moved on": 409, 408, or a 400 saying so."""
    if not isinstance(error, GenesysApiError):
        return False
    if error.status in VERSION_CONFLICT_STATUSES:
        return True
    return error.status == 400 and VERSION_MISMATCH_TEXT in (error.message or '').lower()


# ---------------------------------------------------------------------------------------------
# Eventual consistency: wait for what the platform has not applied yet (answers that mean "not yet"
# are retried by the retry policy, retry_policy.CATCHING_UP)

def wait_until(check, waits=CONSISTENCY_WAITS, sleep=time.sleep):
    """Poll `check()` until it returns a true value or the waits run out; returns its last value."""
    result = check()
    for wait in waits:
        if result:
            return result
        sleep(wait)
        result = check()
    return result


def confirm_members_listed(client, path, user_ids, waits=CONSISTENCY_WAITS, sleep=time.sleep):
    """After a bulk add (processed asynchronously), wait until every added user is listed; fail if never.

    A change the platform has accepted but not applied is not reported as done.
    """
    wanted = set(user_ids)
    if not wanted:
        return
    missing = [wanted]

    def all_listed():
        missing[0] = wanted - set(member['id'] for member in client.list_all(path))
        return not missing[0]

    if not wait_until(all_listed, waits, sleep):
        raise GenesysApiError(None, 'members.not.applied', '%d added member(s) still not listed by %s after %d s: %s'
                              % (len(missing[0]), path, sum(waits), ', '.join(sorted(missing[0]))),
                              method='GET', path=path)


# ---------------------------------------------------------------------------------------------
# Skill groups: the group's own division is always a member division

def ignore_implicit_division(divisions, group):
    """A member-divisions plan that leaves the group's own division alone unless the task names it.

    The platform lists a skill group's own division among its member divisions even when nobody
    added it, and keeps it there; without this, every run would plan (and fail to verify) its removal.
    `divisions` is a skill_groups.MemberDivisionsPlan (or None); `group` the group as read or desired.
    """
    own = ((group or {}).get('division') or {}).get('id')
    if divisions is None or divisions.all_wanted or not own or own in divisions.wanted_ids:
        return divisions
    current = [division_id for division_id in divisions.current_ids if division_id != own]
    kept = type(divisions)(divisions.wanted_ids, current, divisions.everything)
    kept.implicit_division = own
    return kept


def without_implicit_division(division_ids, divisions):
    """Member division ids as read, minus the implicit own division a plan leaves alone."""
    own = getattr(divisions, 'implicit_division', None)
    return [division_id for division_id in division_ids if division_id != own]


MAX_MEMBER_DIVISIONS = 50


def member_division_limit_errors(spec, path=''):
    """A skill group takes at most 50 member divisions: refused before any call, naming the option."""
    divisions = [name for name in spec.get('member_divisions') or [] if name != '*']
    if len(set(divisions)) <= MAX_MEMBER_DIVISIONS:
        return []
    return [FieldMapError(path + 'member_divisions', 'a skill group can have at most %d member divisions, got %d'
                          % (MAX_MEMBER_DIVISIONS, len(set(divisions))), len(set(divisions)))]
