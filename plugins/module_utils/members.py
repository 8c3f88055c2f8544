# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Queue sub-resources that are not part of the queue body: user members and wrap-up codes.

Both follow the same modes: `authoritative` makes the list exact, `additive` only adds (and
updates rings), `ignore` leaves them alone. Members are changed in bulk calls of at most 100
ids (the platform's limit); ring numbers by one PATCH per member whose ring differs.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.genesyscloud.routing.plugins.module_utils.errors import InputErrors
from ansible_collections.genesyscloud.routing.plugins.module_utils.endpoints import build_path
from ansible_collections.genesyscloud.routing.plugins.module_utils.fieldmap import FieldMapError
from ansible_collections.genesyscloud.routing.plugins.module_utils.queue_fields import MAX_RINGS
from ansible_collections.genesyscloud.routing.plugins.module_utils.platform_quirks import (
    confirm_members_listed,
)

BULK_LIMIT = 100
DEFAULT_RING = 1
QUEUE_MEMBERS = '/api/v2/routing/queues/{queueId}/members'
QUEUE_WRAPUP_CODES = '/api/v2/routing/queues/{queueId}/wrapupcodes'


def effective_mode(spec, option):
    """`ignore` when the list is not given; `additive` when given without a mode (never a surprise removal)."""
    mode = spec.get(option + '_mode')
    if spec.get(option) is None:
        return 'ignore' if mode is None else mode
    return mode or 'additive'


def validate_members(spec, path=''):
    errors = []
    for option in ('members', 'wrapup_codes'):
        if spec.get(option) is None and effective_mode(spec, option) == 'authoritative':
            errors.append(FieldMapError(path + option, "%s_mode is 'authoritative' but %s is not given; give "
                                        "an empty list to remove them all" % (option, option), None))
    seen = {}
    # Ring numbers are bounded by the field map's schema (queue_fields.MAX_RINGS), checked with the other options.
    for index, member in enumerate(spec.get('members') or []):
        member_path = '%smembers[%d]' % (path, index)
        key = str(member.get('user')).lower()
        if key in seen:
            errors.append(FieldMapError(member_path + '.user', "user '%s' is listed twice (also at members[%d])"
                                        % (member.get('user'), seen[key]), member.get('user')))
        seen[key] = index
    return errors


class SetPlan:
    """Adds, removes and updates for one sub-resource, plus before/after lists for the diff."""

    def __init__(self, mode):
        self.mode = mode
        self.to_add = []
        self.to_remove = []
        self.ring_updates = []
        self.before = []
        self.after = []

    @property
    def changed(self):
        return bool(self.to_add or self.to_remove or self.ring_updates)

    def summary(self):
        return {'mode': self.mode, 'added': len(self.to_add), 'removed': len(self.to_remove),
                'ring_changes': len(self.ring_updates)}

    def delta(self):
        """Who is added, removed (and, for members, moved to another ring), by name: what a reviewer reads."""
        before = dict(entry_key(entry) for entry in self.before)
        after = dict(entry_key(entry) for entry in self.after)
        delta = {'added': sorted((name for name in after if name not in before), key=str.lower),
                 'removed': sorted((name for name in before if name not in after), key=str.lower)}
        moved = [{'user': name, 'before': before[name], 'after': after[name]} for name in sorted(after, key=str.lower)
                 if name in before and before[name] != after[name]]
        if moved:
            delta['ring_changes'] = moved
        return delta


def entry_key(entry):
    """(name, ring) of a member view entry; (name, None) of a wrap-up code name."""
    if isinstance(entry, dict):
        return str(entry.get('user')), entry.get('ring')
    return str(entry), None


def ring_count(queue):
    """Rings a member can be placed in: the queue's bullseye rings (a queue without a bullseye has one)."""
    return max(1, len(((queue or {}).get('bullseye') or {}).get('rings') or []))


def ring_errors(spec, rings, prefix=''):
    """Members whose ring the queue does not have; the platform would refuse them after the queue is written."""
    return [FieldMapError('%smembers[%d].ring' % (prefix, index), "ring %d is beyond the queue's bullseye, which has "
                          "%d ring(s)" % (member['ring'], rings), member['ring'])
            for index, member in enumerate(spec.get('members') or [])
            if member.get('ring') is not None and member['ring'] > rings]


def plan_members(client, resolver, spec, queue_id, prefix='', rings=MAX_RINGS, listed=None):
    """`listed`: the queue's members as already read (membership.read_members); None reads them now."""
    mode = effective_mode(spec, 'members')
    if mode == 'ignore':
        return None
    errors = ring_errors(spec, rings, prefix)
    if errors:
        raise InputErrors(errors)
    current = {}
    through_groups = set()
    if queue_id:
        if listed is None:
            listed = client.list_all(build_path(QUEUE_MEMBERS, queueId=queue_id))
        for member in listed:
            if member.get('memberBy', 'user') == 'user':
                current[member['id']] = member.get('ringNumber') or DEFAULT_RING
            else:
                through_groups.add(member['id'])
    wanted = {}
    for index, member in enumerate(spec.get('members') or []):
        path = '%smembers[%d].user' % (prefix, index)
        user_id = resolver.resolve('user', member['user'], path)
        if user_id in through_groups and user_id not in current:
            # The platform refuses a direct membership next to a group one; say so before writing.
            raise FieldMapError(path, "'%s' is already a member of this queue through a member group and cannot "
                                "also be a direct member" % member['user'], member['user'])
        wanted[user_id] = member.get('ring')

    plan = SetPlan(mode)
    plan.to_add = sorted(user_id for user_id in wanted if user_id not in current)
    for user_id, ring in sorted(wanted.items()):
        target = ring if ring is not None else current.get(user_id, DEFAULT_RING)
        if user_id in current and current[user_id] != target:
            plan.ring_updates.append((user_id, target))
        elif user_id not in current and target != DEFAULT_RING:
            plan.ring_updates.append((user_id, target))
    if mode == 'authoritative':
        plan.to_remove = sorted(user_id for user_id in current if user_id not in wanted)

    after = dict(current)
    for user_id in plan.to_remove:
        after.pop(user_id)
    for user_id, ring in wanted.items():
        after[user_id] = ring if ring is not None else current.get(user_id, DEFAULT_RING)
    plan.before = member_view(resolver, current)
    plan.after = member_view(resolver, after)
    return plan


def member_view(resolver, rings):
    return sorted(({'user': resolver.name_of('user', user_id), 'ring': ring} for user_id, ring in rings.items()),
                  key=lambda item: str(item['user']).lower())


def apply_members(client, queue_id, plan):
    path = build_path(QUEUE_MEMBERS, queueId=queue_id)
    for chunk in chunks(plan.to_remove):
        client.post(path, [{'id': user_id} for user_id in chunk], params={'delete': 'true'}, idempotent=True)
    for chunk in chunks(plan.to_add):
        client.post(path, [{'id': user_id} for user_id in chunk], idempotent=True)
    confirm_members_listed(client, path, plan.to_add)
    for user_id, ring in plan.ring_updates:
        # Setting a ring is idempotent; a 404 while the add settles is retried by the retry policy.
        client.patch(build_path(QUEUE_MEMBERS + '/{memberId}', queueId=queue_id, memberId=user_id),
                     {'ringNumber': ring}, idempotent=True)


def plan_wrapup_codes(client, resolver, spec, queue_id, prefix='', listed=None):
    mode = effective_mode(spec, 'wrapup_codes')
    if mode == 'ignore':
        return None
    current = set()
    if queue_id:
        if listed is None:
            listed = client.list_all(build_path(QUEUE_WRAPUP_CODES, queueId=queue_id))
        current = set(code['id'] for code in listed)
    wanted = set(resolver.resolve('wrapup_code', name, '%swrapup_codes[%d]' % (prefix, index))
                 for index, name in enumerate(spec.get('wrapup_codes') or []))
    plan = SetPlan(mode)
    plan.to_add = sorted(wanted - current)
    if mode == 'authoritative':
        plan.to_remove = sorted(current - wanted)
    after = (current | wanted) - set(plan.to_remove)
    plan.before = sorted(resolver.name_of('wrapup_code', code) for code in current)
    plan.after = sorted(resolver.name_of('wrapup_code', code) for code in after)
    return plan


def apply_wrapup_codes(client, queue_id, plan):
    path = build_path(QUEUE_WRAPUP_CODES, queueId=queue_id)
    for chunk in chunks(plan.to_add):
        client.post(path, [{'id': code_id} for code_id in chunk], idempotent=True)
    for code_id in plan.to_remove:
        client.delete(build_path(QUEUE_WRAPUP_CODES + '/{codeId}', queueId=queue_id, codeId=code_id))


def chunks(items, size=BULK_LIMIT):
    return [items[start:start + size] for start in range(0, len(items), size)]
