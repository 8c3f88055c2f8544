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

from ansible_collections.genesyscloud.routing.plugins.module_utils.errors import VerificationError
from ansible_collections.genesyscloud.routing.plugins.module_utils.fieldmap import FieldMapError
from ansible_collections.genesyscloud.routing.plugins.module_utils.resource import ResourceService
from ansible_collections.genesyscloud.routing.plugins.module_utils.skill_fields import (
    DOCUMENTED_OPTIONS, SKILL_OPTIONS,
)

SKILLS = '/api/v2/routing/skills'


def is_active(skill):
    return skill.get('state') != 'deleted'


def division_of(skill):
    return ((skill or {}).get('division') or {}).get('id')


class SkillService(ResourceService):
    """Skills have no settings besides the division: the field map is empty, the update a PATCH."""
    KIND = 'skill'
    RESULT_KEY = 'skill'
    RESOLVER_KIND = 'skill'
    PATH = SKILLS
    WRITE_METHOD = 'patch'
    OPTIONS = DOCUMENTED_OPTIONS
    ITEM_OPTIONS = SKILL_OPTIONS
    LIST_OPTION = 'skills'

    def listed(self, entity):
        return is_active(entity)

    def find(self, spec, prefix=''):
        """The active skill with exactly this name, or None; a name that differs only in case is refused."""
        current = super(SkillService, self).find(spec, prefix)
        if current is not None:
            return current
        name = spec['name']
        variants = [skill for skill in self.candidates(name) if (skill.get('name') or '').lower() == name.lower()]
        if variants and spec.get('state', 'present') == 'present':
            raise FieldMapError(prefix + 'name', "no skill is named '%s', but '%s' is (skill names are unique "
                                "regardless of case and cannot be changed); use the exact name '%s'"
                                % (name, variants[0]['name'], variants[0]['name']), name)
        if variants:
            self.warn("skill '%s' does not exist; '%s' differs only in case and was left alone"
                      % (name, variants[0]['name']))
        return None

    def view(self, body, given):
        """Its name, and its division by name when that is managed."""
        view = {'name': body.get('name')}
        if given is None or 'division' in given:
            division_id = division_of(body)
            view['division'] = self.resolver.name_of('division', division_id) if division_id else None
        return view

    def write_body(self, desired):
        return {'divisionId': division_of(desired)}

    def write(self, plan):
        # Setting the same division twice has the same effect, so a lost answer may be retried.
        self.client.patch(self.object_path(plan.object_id), self.write_body(plan.desired), idempotent=True)
        plan.written = True
        return None  # the read-back is the proof

    def create(self, plan):
        body = {'name': plan.name}
        if plan.division_id:
            body['divisionId'] = plan.division_id
        created = self.client.create(SKILLS, body, lambda: (self.named(plan.name) or [None])[0])
        plan.written = True
        self.resolver.add('skill', created)
        plan.current = created
        if created.get('name') != plan.name:
            raise VerificationError("skill '%s': the platform created it as '%s'" % (plan.name, created.get('name')))
        if plan.division_id and division_of(created) != plan.division_id:
            # Older platform versions ignore divisionId on create; the division PATCH still applies it.
            self.write(plan)
            created = self.get(created['id'])
            if division_of(created) != plan.division_id:
                raise VerificationError("skill '%s': after the division move the platform still reports division %s"
                                        % (plan.name, division_of(created)))
        return created

    def confirm_deleted(self, plan):
        """DELETE is soft: the skill must read back as deleted (or be gone)."""
        stored = self.get(plan.object_id)
        if stored is not None and is_active(stored):
            raise VerificationError("skill '%s': still %s after DELETE" % (plan.name, stored.get('state')))
