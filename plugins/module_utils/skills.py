# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Routing skills: plan (read, compare) and apply (write, verify) one skill or many.

What the platform allows shapes everything here (reference §3.1): a skill is created with
`{name, divisionId}`, its only update is `PATCH {divisionId}` (a division move), it cannot be
renamed, and DELETE is soft (the skill stays, with `state: deleted`). A deleted skill counts as
absent, so `state: present` for its name creates a new skill with a new id.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.genesyscloud.routing.plugins.module_utils.canonical import changes, diff_record, fingerprint
from ansible_collections.genesyscloud.routing.plugins.module_utils.errors import GenesysApiError
from ansible_collections.genesyscloud.routing.plugins.module_utils.fieldmap import FieldMapError
from ansible_collections.genesyscloud.routing.plugins.module_utils.skill_fields import SKILL_ITEM
from ansible_collections.genesyscloud.routing.plugins.module_utils.validation import field_errors

SKILLS = '/api/v2/routing/skills'


class VerificationError(Exception):
    """After the write, the platform's copy does not hold what we wrote."""


def is_active(skill):
    return skill.get('state') != 'deleted'


def validate_skill_spec(spec, path=''):
    """Offline checks of one skill's options against the skill schema; FieldMapErrors, empty when valid."""
    return field_errors(SKILL_ITEM, spec, path.rstrip('.'))


class SkillPlan:
    """What one skill needs: create, update (a division move), delete, or none."""

    def __init__(self, spec, prefix, current):
        self.spec = spec
        self.prefix = prefix
        self.name = spec['name']
        self.current = current
        self.action = 'none'
        self.division_id = None
        self.before = None
        self.after = None
        self.changes = []

    @property
    def changed(self):
        return self.action != 'none'

    @property
    def skill_id(self):
        return (self.current or {}).get('id')

    def predicted(self):
        """The skill as it would be stored after this plan (check mode); None when it would not exist."""
        if self.action == 'delete':
            return None
        skill = dict(self.current or {'name': self.name})
        if self.division_id:
            skill['division'] = {'id': self.division_id}
        return skill


class SkillService:
    def __init__(self, client, resolver, warn=None):
        self.client = client
        self.resolver = resolver
        self.warn = warn or (lambda message: None)
        self._listing = None

    # -- reading -------------------------------------------------------------------------------

    def load_all(self):
        """One listing sweep at the largest page size; feeds the name resolver too."""
        self._listing = [skill for skill in self.client.list_all(SKILLS) if is_active(skill)]
        self.resolver.prime('skill', self._listing)
        return self._listing

    def candidates(self, name):
        if self._listing is not None:
            return self._listing
        # The platform's name filter is a prefix filter; exact matching happens here.
        return [skill for skill in self.client.list_all(SKILLS, params={'name': name}) if is_active(skill)]

    def find(self, name, path='name'):
        """(the active skill with exactly this name or None, active skills whose name differs only in case)."""
        listed = self.candidates(name)
        exact = [skill for skill in listed if skill.get('name') == name]
        if len(exact) > 1:
            raise FieldMapError(path, "skill name '%s' matches %d active skills (ids %s)"
                                % (name, len(exact), ', '.join(sorted(skill['id'] for skill in exact))), name)
        if exact:
            return exact[0], []
        return None, [skill for skill in listed if (skill.get('name') or '').lower() == name.lower()]

    # -- planning (no writes) ------------------------------------------------------------------

    def plan(self, spec, prefix=''):
        current, case_variants = self.find(spec['name'], prefix + 'name')
        plan = SkillPlan(spec, prefix, current)
        if spec.get('state', 'present') == 'absent':
            if current is not None:
                plan.action = 'delete'
                plan.before = self.view(current, managed_division=True)
                plan.changes = changes(plan.before, {})
            elif case_variants:
                self.warn("skill '%s' does not exist; '%s' differs only in case and was left alone"
                          % (spec['name'], case_variants[0]['name']))
            return plan

        if current is None and case_variants:
            raise FieldMapError(prefix + 'name', "no skill is named '%s', but '%s' is (skill names are unique "
                                "regardless of case and cannot be changed); use the exact name '%s'"
                                % (spec['name'], case_variants[0]['name'], case_variants[0]['name']), spec['name'])
        managed_division = spec.get('division') is not None
        if managed_division:
            plan.division_id = self.resolver.resolve('division', spec['division'], prefix + 'division')
        if current is None:
            plan.action = 'create'
            plan.after = {'name': spec['name']}
            if managed_division:
                plan.after['division'] = self.resolver.name_of('division', plan.division_id)
            plan.changes = changes({}, plan.after)
            return plan
        plan.before = self.view(current, managed_division)
        plan.after = dict(plan.before)
        if managed_division and division_of(current) != plan.division_id:
            plan.action = 'update'
            plan.after['division'] = self.resolver.name_of('division', plan.division_id)
        plan.changes = changes(plan.before, plan.after)
        return plan

    def view(self, skill, managed_division):
        """Option-shaped view of a skill: its name, and its division by name when that is managed."""
        view = {'name': skill.get('name')}
        if managed_division:
            division_id = division_of(skill)
            view['division'] = self.resolver.name_of('division', division_id) if division_id else None
        return view

    # -- applying ------------------------------------------------------------------------------

    def apply(self, plan):
        """Carry out a plan; returns the skill as the platform now stores it (None once deleted)."""
        if plan.action == 'create':
            return self.create(plan)
        if plan.action == 'update':
            return self.move(plan.current, plan.division_id, plan.name)
        if plan.action == 'delete':
            self.delete(plan.current)
            return None
        return plan.current

    def create(self, plan):
        body = {'name': plan.name}
        if plan.division_id:
            body['divisionId'] = plan.division_id
        created = self.client.create(SKILLS, body, lambda: self.find_fresh(plan.name))
        self.resolver.add('skill', created)
        if plan.division_id and division_of(created) != plan.division_id:
            # Older platform versions ignore divisionId on create; the division PATCH still applies it.
            return self.move(created, plan.division_id, plan.name)
        if created.get('name') != plan.name:
            raise VerificationError("skill '%s': the platform created it as '%s'" % (plan.name, created.get('name')))
        return created

    def find_fresh(self, name):
        """Look a skill up again, bypassing the sweep (after a POST whose answer was lost)."""
        matches = [skill for skill in self.client.list_all(SKILLS, params={'name': name})
                   if is_active(skill) and skill.get('name') == name]
        return matches[0] if matches else None

    def move(self, skill, division_id, name):
        path = '%s/%s' % (SKILLS, skill['id'])
        # Setting the same division twice has the same effect, so a lost answer may be retried.
        self.client.patch(path, {'divisionId': division_id}, idempotent=True)
        stored = self.client.get(path)
        if division_of(stored) != division_id:
            raise VerificationError("skill '%s': after the division move the platform still reports division %s"
                                    % (name, division_of(stored)))
        return stored

    def delete(self, skill):
        path = '%s/%s' % (SKILLS, skill['id'])
        try:
            self.client.delete(path)
        except GenesysApiError as error:
            if error.status != 404:
                raise
        try:
            stored = self.client.get(path)
        except GenesysApiError as error:
            if error.status != 404:
                raise
            stored = None
        if stored is not None and is_active(stored):
            raise VerificationError("skill '%s': still %s after DELETE" % (skill.get('name'), stored.get('state')))
        self.resolver.forget('skill', skill['id'])


def division_of(skill):
    return ((skill or {}).get('division') or {}).get('id')


def plan_all(service, addressed, sweep):
    """Plan every (spec, path prefix); returns (plans, errors). Nothing is written."""
    if sweep:
        service.load_all()
    plans = []
    errors = []
    for spec, prefix in addressed:
        try:
            plans.append(service.plan(spec, prefix))
        except FieldMapError as error:
            errors.append(error)
    return plans, errors


def skill_result(plan, skill=None, check_mode=False):
    """The per-skill result returned by the module."""
    shown = skill if skill is not None else plan.predicted()
    etag_source = skill if skill is not None else plan.current
    result = {
        'name': plan.name,
        'id': (skill or {}).get('id') or plan.skill_id,
        'action': plan.action,
        'changed': plan.changed,
        'etag': fingerprint(etag_source) if etag_source else None,
        'changes': plan.changes,
        'skill': shown,
        'diff': diff_record('skill', plan.name, plan.before, plan.after),
    }
    if check_mode and plan.changed:
        result['predicted'] = True
    return result


def apply_all(service, plans):
    """Apply the plans that change something; returns (results, failures) in input order.

    A failed write does not stop the others: each skill is independent of its siblings.
    """
    results = []
    failures = []
    for plan in plans:
        if not plan.changed:
            results.append(skill_result(plan))
            continue
        try:
            result = skill_result(plan, service.apply(plan))
            if plan.action == 'delete':
                result['etag'] = None  # nothing left to fingerprint
            results.append(result)
        except (GenesysApiError, VerificationError) as error:
            result = skill_result(plan)
            result.update(failed=True, msg=str(error), skill=plan.current)
            results.append(result)
            failures.append((plan.name, error))
    return results, failures
