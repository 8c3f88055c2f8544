# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Skill groups: plan (read, merge, diff) and apply (guarded write, verify) one group or many.

The platform facts that shape this (reference §3.2): the listing pages with cursors and
returns definitions without their expression, so a managed group is read with one GET; the
update is a PATCH that is sent with the full definition (name, description, division,
skillConditions), since whether it keeps omitted fields is unconfirmed; member divisions live
behind their own endpoint, changed with one POST {addDivisionIds, removeDivisionIds}, where
"*" means every division.

The guarded write (re-read, ETag compare, re-merge or refuse, PATCH, verify, repair a lost
update) is ResourceService's (resource.py); this module adds the expression checks, the member
divisions and the create/delete specifics.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.genesyscloud.routing.plugins.module_utils.errors import InputErrors, VerificationError
from ansible_collections.genesyscloud.routing.plugins.module_utils.endpoints import build_path
from ansible_collections.genesyscloud.routing.plugins.module_utils.fieldmap import FieldMapError
from ansible_collections.genesyscloud.routing.plugins.module_utils.platform_quirks import (
    ignore_implicit_division, member_division_limit_errors, without_implicit_division,
)
from ansible_collections.genesyscloud.routing.plugins.module_utils.resource import ResourceService
from ansible_collections.genesyscloud.routing.plugins.module_utils.skill_group_fields import (
    DEFINITION_KEYS, DOCUMENTED_OPTIONS, LEAVES, SKILL_GROUP_OPTIONS, SKILL_GROUP_SETTINGS,
)

SKILL_GROUPS = '/api/v2/routing/skillgroups'
MEMBER_DIVISIONS = SKILL_GROUPS + '/{skillGroupId}/members/divisions'
ALL_DIVISIONS = '*'


# ---------------------------------------------------------------------------------------------
# Offline checks

def validate_skill_group_spec(spec, path=''):
    """The rules of one group's options a schema cannot say, before any API call; FieldMapErrors."""
    errors = []
    if spec.get('state', 'present') == 'present' and not spec.get('name') and not spec.get('id'):
        errors.append(FieldMapError(path + 'name', 'one of name or id is required', None))
    divisions = spec.get('member_divisions') or []
    errors.extend(member_division_limit_errors(spec, path))
    if ALL_DIVISIONS in divisions and len(divisions) > 1:
        errors.append(FieldMapError(path + 'member_divisions', "'*' (all divisions) cannot be combined with "
                                    "division names", divisions))
    if not errors:  # the walk below assumes the shape the schema guarantees
        for index, condition in enumerate(spec.get('skill_conditions') or []):
            errors.extend(empty_condition_errors(condition, '%sskill_conditions[%d]' % (path, index)))
    return errors


def empty_condition_errors(condition, path):
    """Every condition needs at least one skill or language condition, at every depth."""
    errors = []
    leaves = [(option, leaf_index, leaf) for option, _api, _name, _name_api, _kind in LEAVES
              for leaf_index, leaf in enumerate(condition.get(option) or [])]
    if not leaves:
        errors.append(FieldMapError(path, 'needs at least one item in routing_skill_conditions or '
                                    'language_skill_conditions', condition))
    for option, leaf_index, leaf in leaves:
        for child_index, child in enumerate(leaf.get('child_conditions') or []):
            errors.extend(empty_condition_errors(
                child, '%s.%s[%d].child_conditions[%d]' % (path, option, leaf_index, child_index)))
    return errors


def expression_references(conditions, path):
    """(resolver kind, name, option path) of every skill and language an expression names."""
    found = []
    for index, condition in enumerate(conditions or []):
        condition_path = '%s[%d]' % (path, index)
        for option, _api, name_option, _name_api, kind in LEAVES:
            for leaf_index, leaf in enumerate(condition.get(option) or []):
                leaf_path = '%s.%s[%d]' % (condition_path, option, leaf_index)
                found.append((kind, leaf[name_option], leaf_path + '.' + name_option))
                found.extend(expression_references(leaf.get('child_conditions'), leaf_path + '.child_conditions'))
    return found


# ---------------------------------------------------------------------------------------------
# Plans

class MemberDivisionsPlan:
    """The member divisions a group should have, and the one POST that gets it there."""

    def __init__(self, wanted_ids, current_ids, everything):
        self.before = self.after = None  # division names, for the diff (set by the service)
        self.all_wanted = wanted_ids is None
        self.wanted_ids = wanted_ids
        self.current_ids = current_ids
        self.everything = everything
        self.add = []
        self.remove = []
        if self.all_wanted:
            if not self.covers_all(current_ids):
                self.add = [ALL_DIVISIONS]
        else:
            self.add = sorted(set(wanted_ids) - set(current_ids))
            self.remove = sorted(set(current_ids) - set(wanted_ids))

    def covers_all(self, division_ids):
        return ALL_DIVISIONS in division_ids or set(self.everything) <= set(division_ids)

    def holds(self, division_ids):
        if self.all_wanted:
            return self.covers_all(division_ids)
        return set(division_ids) == set(self.wanted_ids)

    @property
    def changed(self):
        return bool(self.add or self.remove)

    def summary(self):
        return {'added': self.add, 'removed': self.remove}


class SkillGroupService(ResourceService):
    KIND = 'skill group'
    RESULT_KEY = 'skill_group'
    RESOLVER_KIND = 'skill_group'
    PATH = SKILL_GROUPS
    FIELDS = SKILL_GROUP_SETTINGS
    WRITE_METHOD = 'patch'
    OPTIONS = DOCUMENTED_OPTIONS
    ITEM_OPTIONS = SKILL_GROUP_OPTIONS
    LIST_OPTION = 'skill_groups'
    validate_item = staticmethod(validate_skill_group_spec)

    # -- reading -------------------------------------------------------------------------------

    def find(self, spec, prefix=''):
        """The current group (full definition: the listing omits the expression) for a spec, or None."""
        if spec.get('id'):
            return self.get(spec['id'])
        name = spec['name']
        listed = self.candidates(name)
        matches = [group for group in listed if group.get('name') == name]
        if not matches and spec.get('state', 'present') == 'present':
            # Names are unique regardless of case: a case-only difference is this group, to be renamed.
            matches = [group for group in listed if (group.get('name') or '').lower() == name.lower()]
        if len(matches) > 1:
            raise FieldMapError(prefix + 'name', "skill group name '%s' matches %d groups (ids %s); use id to pick "
                                "one" % (name, len(matches), ', '.join(sorted(group['id'] for group in matches))), name)
        return self.get(matches[0]['id']) if matches else None

    def reference_errors(self, spec, prefix):
        """Every unknown skill, language or division the spec names (suggesting close names), before planning."""
        references = expression_references(spec.get('skill_conditions'), prefix + 'skill_conditions')
        if spec.get('division') is not None:
            references.append(('division', spec['division'], prefix + 'division'))
        for index, name in enumerate(spec.get('member_divisions') or []):
            if name != ALL_DIVISIONS:
                references.append(('division', name, '%smember_divisions[%d]' % (prefix, index)))
        errors = []
        for kind, name, path in references:
            try:
                self.resolver.resolve(kind, name, path)
            except FieldMapError as error:
                errors.append(error)
        return errors

    # -- planning (no writes) ------------------------------------------------------------------

    def plan(self, spec, current, prefix=''):
        if spec.get('state', 'present') == 'present':
            problems = self.reference_errors(spec, prefix)
            if problems:
                raise InputErrors(problems)
        return super(SkillGroupService, self).plan(spec, current, prefix)

    def plan_details(self, plan):
        if plan.action == 'create' and 'skillConditions' not in plan.partial:
            raise FieldMapError(plan.prefix + 'skill_conditions', "is required to create skill group '%s'"
                                % plan.name, None)
        if plan.action != 'delete' and plan.spec.get('member_divisions') is not None:
            plan.details['member_divisions'] = self.plan_member_divisions(plan.spec, plan.prefix, plan.object_id,
                                                                          plan.desired)

    def plan_member_divisions(self, spec, prefix, group_id, group=None):
        wanted = spec['member_divisions']
        wanted_ids = None if wanted == [ALL_DIVISIONS] else [
            self.resolver.resolve('division', name, '%smember_divisions[%d]' % (prefix, index))
            for index, name in enumerate(wanted)]
        current_ids = self.read_member_divisions(group_id) if group_id else []
        everything = [division['id'] for division in self.resolver.entities('division')]
        divisions = ignore_implicit_division(MemberDivisionsPlan(wanted_ids, current_ids, everything), group)
        return self.show(divisions, group_id is not None)

    def show(self, divisions, exists=True):
        """Member divisions in the diff: names sorted, or ['*'] when every division is (to be) a member."""
        if exists:
            divisions.before = [ALL_DIVISIONS] if divisions.all_wanted and divisions.covers_all(
                divisions.current_ids) else self.division_names(divisions.current_ids)
        divisions.after = [ALL_DIVISIONS] if divisions.all_wanted else self.division_names(divisions.wanted_ids)
        return divisions

    def read_member_divisions(self, group_id):
        listing = self.client.get(build_path(MEMBER_DIVISIONS, skillGroupId=group_id))
        return [division['id'] for division in (listing or {}).get('entities') or []]

    def division_names(self, division_ids):
        return sorted(division_id if division_id == ALL_DIVISIONS else self.resolver.name_of('division', division_id)
                      for division_id in division_ids)

    # -- applying ------------------------------------------------------------------------------

    def write_body(self, desired):
        return patch_body(desired)

    def unmanaged_moves(self, plan, before, after):
        # Only the definition is written; counts and other read-only keys move on their own.
        return [key for key in super(SkillGroupService, self).unmanaged_moves(plan, before, after)
                if key in DEFINITION_KEYS]

    def create(self, plan):
        body = dict(plan.desired)
        divisions = plan.details.get('member_divisions')
        if divisions is not None:
            body['memberDivisions'] = [ALL_DIVISIONS] if divisions.all_wanted else list(divisions.wanted_ids)
        created = self.client.create(SKILL_GROUPS, body, lambda: (self.named(plan.name) or [None])[0])
        plan.written = True
        self.resolver.add('skill_group', created)
        stored = self.get(created['id'])
        wrong = self.lost(plan, stored)
        if wrong:
            raise VerificationError("skill group '%s': after the create the platform holds different values for %s"
                                    % (plan.name, ', '.join(wrong)))
        if divisions is not None:  # the create took them; re-read so the POST after it only fixes a gap
            plan.details['member_divisions'] = ignore_implicit_division(MemberDivisionsPlan(
                divisions.wanted_ids, self.read_member_divisions(created['id']), divisions.everything), stored)
        plan.current = stored
        return stored

    def lost(self, plan, stored):
        # Member divisions live behind their own endpoint; they are verified after their own POST.
        return [path for path in super(SkillGroupService, self).lost(plan, stored)
                if not path.startswith('member_divisions')]

    def after_write(self, plan, stored):
        divisions = plan.details.get('member_divisions')
        if divisions is None or not divisions.changed:
            return stored
        group_id = stored['id']
        path = build_path(MEMBER_DIVISIONS, skillGroupId=group_id)
        # Adding what is there and removing what is not is harmless, so a lost answer may be retried.
        self.client.post(path, {'addDivisionIds': divisions.add, 'removeDivisionIds': divisions.remove},
                         idempotent=True)
        plan.written = True
        now = without_implicit_division(self.read_member_divisions(group_id), divisions)
        if not divisions.holds(now):
            raise VerificationError("skill group '%s': after the update its member divisions are %s"
                                    % (plan.name, ', '.join(self.division_names(now)) or 'none'))
        return stored

    def result_details(self, plan, result):
        divisions = plan.details.get('member_divisions')
        if divisions is not None:
            result['member_divisions'] = divisions.summary()


def definition(group):
    """The writable definition of a group as PATCH takes it."""
    return dict((key, group[key]) for key in DEFINITION_KEYS if group.get(key) is not None)


def patch_body(desired):
    body = definition(desired)
    if 'division' in body:
        body['division'] = {'id': body['division']['id']}  # a reference: only the id is written
    return body
