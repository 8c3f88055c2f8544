# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Skill groups: plan (read, merge, diff) and apply (guarded write, verify) one group or many.

The platform facts that shape this (reference §3.2): the listing pages with cursors and
returns definitions without their expression, so a managed group is read with one GET; the
update is a PATCH that is sent with the full definition (name, description, division,
skillConditions), since whether it keeps omitted fields is unconfirmed; member divisions live
behind their own endpoint, changed with one POST {addDivisionIds, removeDivisionIds}, where
"*" means every division.

Like queues, the API has no ETag: before a PATCH the group is re-read and its client-side
ETag compared; if someone changed it since the plan, only the managed keys are laid over the
fresh copy (with a warning), or the task fails when `expected_etag` pinned the reviewed state.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.genesyscloud.routing.plugins.module_utils import fieldmap
from ansible_collections.genesyscloud.routing.plugins.module_utils.canonical import (
    canonical, changes, diff_record, fingerprint,
)
from ansible_collections.genesyscloud.routing.plugins.module_utils.errors import GenesysApiError
from ansible_collections.genesyscloud.routing.plugins.module_utils.fieldmap import FieldMapError
from ansible_collections.genesyscloud.routing.plugins.module_utils.skill_group_fields import (
    DEFINITION_KEYS, LEAVES, SKILL_GROUP_OPTIONS, SKILL_GROUP_SETTINGS,
)
from ansible_collections.genesyscloud.routing.plugins.module_utils.validation import field_errors

SKILL_GROUPS = '/api/v2/routing/skillgroups'
ALL_DIVISIONS = '*'
MAX_GUARD_ATTEMPTS = 3


class ConflictError(Exception):
    """The group changed since it was reviewed (`expected_etag`) or kept moving under us."""


class VerificationError(Exception):
    """After the write, the platform's copy does not hold what we wrote."""


# ---------------------------------------------------------------------------------------------
# Offline checks

def validate_skill_group_spec(spec, path=''):
    """Schema and shape checks of one group's options, before any API call; FieldMapErrors."""
    errors = field_errors(SKILL_GROUP_OPTIONS, spec, path.rstrip('.'))
    if spec.get('state', 'present') == 'present' and not spec.get('name') and not spec.get('id'):
        errors.append(FieldMapError(path + 'name', 'one of name or id is required', None))
    divisions = spec.get('member_divisions') or []
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


class SkillGroupPlan:
    def __init__(self, spec, prefix, current):
        self.spec = spec
        self.prefix = prefix
        self.name = spec.get('name') or (current or {}).get('name') or spec.get('id')
        self.current = current
        self.action = 'none'
        self.partial = {}
        self.desired = None
        self.given = {}
        self.before = None
        self.after = None
        self.changes = []
        self.member_divisions = None

    @property
    def group_id(self):
        return (self.current or {}).get('id')

    @property
    def definition_changed(self):
        return self.action == 'update' and any(not record['path'].startswith('member_divisions')
                                               for record in self.changes)

    @property
    def changed(self):
        return self.action in ('create', 'delete') or bool(self.changes)


class SkillGroupService:
    def __init__(self, client, resolver, warn=None):
        self.client = client
        self.resolver = resolver
        self.warn = warn or (lambda message: None)
        self._listing = None

    # -- reading -------------------------------------------------------------------------------

    def load_all(self):
        """One listing sweep (cursor paged, definitions only); feeds the name resolver too."""
        self._listing = self.client.list_all(SKILL_GROUPS)
        self.resolver.prime('skill_group', self._listing)
        return self._listing

    def get(self, group_id):
        try:
            return self.client.get('%s/%s' % (SKILL_GROUPS, group_id))
        except GenesysApiError as error:
            if error.status == 404:
                return None
            raise

    def find(self, spec, prefix=''):
        """The current group (full definition) for a spec, or None."""
        if spec.get('id'):
            return self.get(spec['id'])
        name = spec['name']
        if self._listing is not None:
            listed = self._listing
        else:
            # The name filter matches prefixes, case-insensitively; compare exactly here.
            listed = self.client.list_all(SKILL_GROUPS, params={'name': name})
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

    def plan(self, spec, prefix=''):
        current = self.find(spec, prefix)
        plan = SkillGroupPlan(spec, prefix, current)
        if spec.get('state', 'present') == 'absent':
            if current is not None:
                plan.action = 'delete'
                plan.before = self.view(current, None)
                plan.changes = changes(plan.before, {})
            return plan

        plan.given = fieldmap.normalize_given(SKILL_GROUP_SETTINGS, spec)
        plan.partial = fieldmap.to_api(SKILL_GROUP_SETTINGS, spec, self.resolver, prefix.rstrip('.'))
        if spec.get('division') is not None:
            division_id = self.resolver.resolve('division', spec['division'], prefix + 'division')
            plan.partial['division'] = {'id': division_id}
            plan.given['division'] = self.resolver.name_of('division', division_id)
        if spec.get('member_divisions') is not None:
            plan.member_divisions = self.plan_member_divisions(spec, prefix, plan.group_id)
        if current is None:
            if not spec.get('name'):
                raise FieldMapError(prefix + 'id', "no skill group has id '%s', and without a name none can be "
                                    "created" % spec.get('id'), spec.get('id'))
            if 'skillConditions' not in plan.partial:
                raise FieldMapError(prefix + 'skill_conditions', "is required to create skill group '%s'"
                                    % plan.name, None)
            plan.action = 'create'
            plan.desired = dict(plan.partial, name=spec['name'])
            plan.after = self.view(plan.desired, plan.given)
            plan.after['name'] = spec['name']
            self._finish(plan)
        else:
            plan.action = 'update'
            if spec.get('name') and spec['name'] != current.get('name'):
                plan.partial['name'] = spec['name']  # by id, or a case-only difference: a rename
                plan.given['name'] = spec['name']
            self._merge(plan, current)
        return plan

    def _merge(self, plan, current):
        plan.current = current
        plan.desired = fieldmap.deep_merge(current, plan.partial)
        plan.before = self.view(current, plan.given)
        plan.after = self.view(plan.desired, plan.given)
        self._finish(plan)

    def _finish(self, plan):
        if plan.member_divisions is not None:
            self._show_member_divisions(plan)
        plan.changes = changes(plan.before or {}, plan.after)

    def view(self, body, given):
        """Option-shaped view of a group (names, canonical expression), limited to `given` when provided."""
        full = fieldmap.from_api(SKILL_GROUP_SETTINGS, body, self.resolver)
        full['name'] = body.get('name')
        division_id = (body.get('division') or {}).get('id')
        if division_id:
            full['division'] = self.resolver.name_of('division', division_id)
        if given is None:
            return full
        return fieldmap.project(given, full)

    def plan_member_divisions(self, spec, prefix, group_id):
        wanted = spec['member_divisions']
        wanted_ids = None if wanted == [ALL_DIVISIONS] else [
            self.resolver.resolve('division', name, '%smember_divisions[%d]' % (prefix, index))
            for index, name in enumerate(wanted)]
        current_ids = self.read_member_divisions(group_id) if group_id else []
        everything = [division['id'] for division in self.resolver.entities('division')]
        return MemberDivisionsPlan(wanted_ids, current_ids, everything)

    def read_member_divisions(self, group_id):
        listing = self.client.get('%s/%s/members/divisions' % (SKILL_GROUPS, group_id))
        return [division['id'] for division in (listing or {}).get('entities') or []]

    def _show_member_divisions(self, plan):
        """Member divisions in the diff: names sorted, or ['*'] when every division is (to be) a member."""
        divisions = plan.member_divisions
        if plan.before is not None:
            if divisions.all_wanted and divisions.covers_all(divisions.current_ids):
                plan.before['member_divisions'] = [ALL_DIVISIONS]
            else:
                plan.before['member_divisions'] = self.division_names(divisions.current_ids)
        plan.after['member_divisions'] = [ALL_DIVISIONS] if divisions.all_wanted else \
            self.division_names(divisions.wanted_ids)

    def division_names(self, division_ids):
        return sorted(division_id if division_id == ALL_DIVISIONS else self.resolver.name_of('division', division_id)
                      for division_id in division_ids)

    # -- applying ------------------------------------------------------------------------------

    def apply(self, plan):
        """Carry out a plan; returns the group as the platform now stores it (None once deleted)."""
        if plan.action == 'delete':
            self._guard_expected(plan, plan.current)
            self.delete(plan)
            return None
        if plan.action == 'create':
            result = self.create(plan)
        else:
            result = self._guarded_patch(plan) if plan.definition_changed else plan.current
        if plan.member_divisions is not None:
            self.apply_member_divisions(plan, result['id'])
        return result

    def create(self, plan):
        body = dict(plan.desired)
        divisions = plan.member_divisions
        if divisions is not None:
            body['memberDivisions'] = [ALL_DIVISIONS] if divisions.all_wanted else list(divisions.wanted_ids)
        created = self.client.create(SKILL_GROUPS, body, lambda: self.find_fresh(plan.name))
        self.resolver.add('skill_group', created)
        stored = self.client.get('%s/%s' % (SKILL_GROUPS, created['id']))
        self.verify(plan, None, stored)
        if divisions is not None:  # the create took them; re-read so the POST below only fixes a gap
            divisions.current_ids = self.read_member_divisions(created['id'])
            plan.member_divisions = MemberDivisionsPlan(divisions.wanted_ids, divisions.current_ids,
                                                        divisions.everything)
        plan.current = stored
        return stored

    def find_fresh(self, name):
        """Look a group up again, bypassing the sweep (after a POST whose answer was lost)."""
        matches = [group for group in self.client.list_all(SKILL_GROUPS, params={'name': name})
                   if group.get('name') == name]
        return matches[0] if matches else None

    def apply_member_divisions(self, plan, group_id):
        divisions = plan.member_divisions
        if not divisions.changed:
            return
        path = '%s/%s/members/divisions' % (SKILL_GROUPS, group_id)
        # Adding what is there and removing what is not is harmless, so a lost answer may be retried.
        self.client.post(path, {'addDivisionIds': divisions.add, 'removeDivisionIds': divisions.remove},
                         idempotent=True)
        now = self.read_member_divisions(group_id)
        if not divisions.holds(now):
            raise VerificationError("skill group '%s': after the update its member divisions are %s"
                                    % (plan.name, ', '.join(self.division_names(now)) or 'none'))

    def _guard_expected(self, plan, observed):
        expected = plan.spec.get('expected_etag')
        if expected and expected != fingerprint(observed):
            raise ConflictError("skill group '%s' changed since review: expected etag %s, found %s; nothing was "
                                "written" % (plan.name, expected, fingerprint(observed)))

    def _guarded_patch(self, plan):
        """Re-read, re-merge if someone else wrote meanwhile, then PATCH the full definition and verify."""
        seen = plan.current
        self._guard_expected(plan, seen)
        for _attempt in range(MAX_GUARD_ATTEMPTS):
            fresh = self.client.get('%s/%s' % (SKILL_GROUPS, seen['id']))
            self._guard_expected(plan, fresh)
            if fingerprint(fresh) != fingerprint(seen):
                self.warn("skill group '%s' was changed by someone else since it was read; re-applied only the "
                          "managed fields onto the fresh copy" % plan.name)
                self._merge(plan, fresh)
                seen = fresh
                if not plan.definition_changed:
                    return fresh
                continue
            self.client.patch('%s/%s' % (SKILL_GROUPS, fresh['id']), patch_body(plan.desired))
            stored = self.client.get('%s/%s' % (SKILL_GROUPS, fresh['id']))
            self.verify(plan, fresh, stored)
            plan.current = fresh
            return stored
        raise ConflictError("skill group '%s' kept changing while we tried to update it (%d attempts); nothing "
                            "was written" % (plan.name, MAX_GUARD_ATTEMPTS))

    def verify(self, plan, before_write, stored):
        """Managed fields hold what we wrote; the definition keys we did not manage are as they were."""
        drift = changes(self.view(plan.desired, plan.given), self.view(stored, plan.given))
        if drift:
            raise VerificationError("skill group '%s': after the write the platform holds different values for %s"
                                    % (plan.name, ', '.join(record['path'] for record in drift)))
        if before_write is None:
            return
        for key in DEFINITION_KEYS:
            if key not in plan.partial and canonical({key: before_write.get(key)}) != canonical({key: stored.get(key)}):
                raise VerificationError("skill group '%s': the update changed '%s', which this task does not manage"
                                        % (plan.name, key))

    def delete(self, plan):
        path = '%s/%s' % (SKILL_GROUPS, plan.group_id)
        try:
            self.client.delete(path)
        except GenesysApiError as error:
            if error.status != 404:
                raise
        if self.get(plan.group_id) is not None:
            raise VerificationError("skill group '%s' still exists after DELETE" % plan.name)
        self.resolver.forget('skill_group', plan.group_id)


def definition(group):
    """The writable definition of a group as PATCH takes it."""
    return dict((key, group[key]) for key in DEFINITION_KEYS if group.get(key) is not None)


def patch_body(desired):
    body = definition(desired)
    if 'division' in body:
        body['division'] = {'id': body['division']['id']}  # a reference: only the id is written
    return body


# ---------------------------------------------------------------------------------------------
# Many groups

def plan_all(service, addressed, sweep):
    """Check names and plan every (spec, path prefix); returns (plans, errors). Nothing is written."""
    if sweep:
        service.load_all()
    plans = []
    errors = []
    for spec, prefix in addressed:
        problems = service.reference_errors(spec, prefix) if spec.get('state', 'present') == 'present' else []
        if problems:
            errors.extend(problems)
            continue
        try:
            plans.append(service.plan(spec, prefix))
        except FieldMapError as error:
            errors.append(error)
    return plans, errors


def group_result(plan, group=None, check_mode=False):
    """The per-group result returned by the module."""
    if group is None and plan.action != 'delete':
        group = plan.current if not check_mode else (plan.desired or plan.current)
    etag_source = plan.current if check_mode or group is None else group
    result = {
        'name': plan.name,
        'id': (group or {}).get('id') or plan.group_id,
        'action': plan.action if plan.changed else 'none',
        'changed': plan.changed,
        'etag': fingerprint(etag_source) if etag_source else None,
        'changes': plan.changes,
        'skill_group': group,
        'diff': diff_record('skill group', plan.name, plan.before if plan.action != 'create' else None,
                            plan.after if plan.action != 'delete' else None),
    }
    if plan.member_divisions is not None:
        result['member_divisions'] = {'added': plan.member_divisions.add, 'removed': plan.member_divisions.remove}
    if check_mode and plan.changed:
        result['predicted'] = True
    return result


def apply_all(service, plans):
    """Apply the plans that change something; returns (results, failures) in input order."""
    results = []
    failures = []
    for plan in plans:
        if not plan.changed:
            results.append(group_result(plan))
            continue
        try:
            stored = service.apply(plan)
            result = group_result(plan, stored)
            if plan.action == 'delete':
                result['etag'] = None
            results.append(result)
        except (GenesysApiError, ConflictError, VerificationError, FieldMapError) as error:
            result = group_result(plan)
            result.update(failed=True, msg=str(error))
            results.append(result)
            failures.append((plan.name, error))
    return results, failures
