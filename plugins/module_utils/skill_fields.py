# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The options of genesys_skill (RoutingSkill in the platform's models).

A routing skill has a name, which cannot change (no PUT; the only PATCH takes `divisionId`),
and a division. The name is therefore the key and never an updatable field.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.genesyscloud.routing.plugins.module_utils.fieldmap import NAME_SCHEMA, STATES, Field


def skill_options(name_required):
    return [
        Field('name', required=name_required, schema=NAME_SCHEMA,
              description='Exact name of the skill (the key). Skills cannot be renamed on the platform: a name '
                          'that does not exist creates a new skill. To rename, create the new skill, move every'
                          ' reference (queues, skill groups, user assignments) to it, then delete the old one.'),
        Field('state', choices=STATES, default='present',
              description='Whether the skill should exist. Deleting is a soft delete on the platform: the skill'
                          ' keeps its id with state C(deleted) and counts as absent; the same name can be '
                          'created again (with a new id).'),
        Field('division', schema=NAME_SCHEMA,
              description='Division of the skill, by name or id. Given on an existing skill in another '
                          'division, the skill is moved (the only change the platform allows on a skill). Left '
                          'as it is when omitted; a new skill then goes to the home division.'),
        Field('expected_etag',
              description='The etag this skill had when its change was reviewed (from a drift report or an earlier '
                          'result). If the skill has changed since, the task fails and writes nothing.'),
    ]


SKILL_OPTIONS = skill_options(name_required=False)
# One skill as an item of `skills` (and as the services check it): the name is the key.
SKILL_ITEM = skill_options(name_required=True)

# genesys_skill's options: one skill at top level, or many under `skills` (one listing sweep).
DOCUMENTED_OPTIONS = SKILL_OPTIONS + [
    Field('skills', type='list', elements='any', bulk_of=SKILL_ITEM,
          description='Many skills in one task. Each item is a dictionary of the options of a single skill (see above: '
                      'name, state, division, expected_etag; name required), checked before any API call with errors '
                      'that name the item (C(skills[2].name)). All skills are read with one listing sweep; only skills '
                      'that change are written. Mutually exclusive with name.'),
]
