# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The options of genesys_skill (RoutingSkill in the platform's models).

A routing skill has a name, which cannot change (no PUT; the only PATCH takes `divisionId`),
and a division. The name is therefore the key and never an updatable field.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.genesyscloud.routing.plugins.module_utils.fieldmap import Field
from ansible_collections.genesyscloud.routing.plugins.module_utils.routing_schema_parts import STATES


def skill_options(name_required):
    return [
        Field('name', required=name_required),
        Field('state', choices=STATES, default='present'),
        Field('division'),
        Field('expected_etag'),
    ]


SKILL_OPTIONS = skill_options(name_required=False)

# genesys_skill's options: one skill at top level, or many under `skills` (one listing sweep).
DOCUMENTED_OPTIONS = SKILL_OPTIONS + [
    Field('skills', type='list', elements='dict', children=skill_options(name_required=True)),
]

OPTION_DOCS = {
    'name': 'Exact name of the skill (the key). Skills cannot be renamed on the platform: a name that does not '
            'exist creates a new skill. To rename, create the new skill, move every reference (queues, skill '
            'groups, user assignments) to it, then delete the old one.',
    'state': 'Whether the skill should exist. Deleting is a soft delete on the platform: the skill keeps its id '
             'with state C(deleted) and counts as absent; the same name can be created again (with a new id).',
    'division': 'Division of the skill, by name or id. Given on an existing skill in another division, the '
                'skill is moved (the only change the platform allows on a skill). Left as it is when omitted; '
                'a new skill then goes to the home division.',
    'expected_etag': 'The etag this skill had when its change was reviewed (from a drift report or an earlier '
                     'result). If the skill has changed since, the task fails and writes nothing.',
    'skills': 'Many skills in one task, each with the options of a single skill (name, state, division). All '
              'skills are read with one listing sweep; only skills that change are written. Mutually exclusive '
              'with name.',
}
