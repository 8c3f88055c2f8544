# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The field map of a skill group (SkillGroup / SkillGroupWithMemberDivisions) and its expression codec.

A skill group is a name, a division, a description and an expression (`skillConditions`): a
list of conditions, each an operation (And, Or, Not) over routing-skill and language
conditions, each of which may nest further conditions. The API stores skill and language
*names* in the expression, so the codec keeps names: it checks that each one exists (with the
closest names suggested for a typo) and writes the name as the organization spells it.

Order carries no meaning anywhere in an expression (And, Or and Not are commutative, and so is
the list of top-level conditions), so views sort every level: a reordered expression is no
change, and diffs show one canonical order.

Member divisions are not part of the definition: they are read and written through
/skillgroups/{id}/members/divisions (see skill_groups.py).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json

from ansible_collections.genesyscloud.routing.plugins.module_utils.fieldmap import (
    NAME_SCHEMA, STATES, Codec, Field, planned_names_field,
)

CONDITION_OPERATIONS = ('And', 'Or', 'Not')
COMPARATORS = ('EqualTo', 'NotEqualTo', 'LessThan', 'GreaterThan', 'GreaterThanOrEqualTo', 'LessThanOrEqualTo')
# SkillGroupRoutingCondition / SkillGroupLanguageCondition: proficiency "Integer range 0-5".
MAX_PROFICIENCY = 5

# (option, API key, resolver kind) of the two kinds of leaf condition.
LEAVES = (
    ('routing_skill_conditions', 'routingSkillConditions', 'routing_skill', 'routingSkill', 'skill'),
    ('language_skill_conditions', 'languageSkillConditions', 'language_skill', 'languageSkill', 'language'),
)


def canonical_order(items, name_option=None):
    """One stable order for equal expressions: leaves by skill or language name, then by their JSON form."""
    def key(item):
        return (str(item.get(name_option) or '').lower() if name_option else '', json.dumps(item, sort_keys=True))
    return sorted(items, key=key)


class SkillConditionCodec(Codec):
    """One condition of an expression: options with names <-> API with names (checked, canonically spelled)."""

    def to_api(self, value, resolver, path):
        body = {'operation': value['operation']}
        for option, api, name_option, name_api, kind in LEAVES:
            leaves = []
            for index, leaf in enumerate(value.get(option) or []):
                leaf_path = '%s.%s[%d]' % (path, option, index)
                object_id = resolver.resolve(kind, leaf[name_option], leaf_path + '.' + name_option)
                leaves.append({
                    name_api: resolver.name_of(kind, object_id),
                    'comparator': leaf['comparator'],
                    'proficiency': leaf['proficiency'],
                    'childConditions': [self.to_api(child, resolver, '%s.child_conditions[%d]' % (leaf_path, position))
                                        for position, child in enumerate(leaf.get('child_conditions') or [])],
                })
            body[api] = leaves  # both lists are required by the API, even when empty
        return body

    def from_api(self, value, resolver):
        view = {'operation': value.get('operation')}
        for option, api, name_option, name_api, _kind in LEAVES:
            leaves = []
            for leaf in value.get(api) or []:
                item = {name_option: leaf.get(name_api), 'comparator': leaf.get('comparator'),
                        'proficiency': whole(leaf.get('proficiency'))}
                children = [self.from_api(child, resolver) for child in leaf.get('childConditions') or []]
                if children:
                    item['child_conditions'] = canonical_order(children)
                leaves.append(item)
            if leaves:
                view[option] = canonical_order(leaves, name_option)
        return view


def whole(number):
    """3.0 and 3 are the same proficiency."""
    if isinstance(number, float) and number.is_integer():
        return int(number)
    return number


def condition_key(view):
    return json.dumps(view, sort_keys=True)


def leaf_fields(name_option, what):
    return [
        Field(name_option, required=True, schema=NAME_SCHEMA, description='Name of the %s.' % what),
        Field('comparator', required=True, choices=COMPARATORS,
              description='How the agent proficiency is compared with proficiency (exact spelling).'),
        Field('proficiency', type='int', required=True, minimum=0, maximum=MAX_PROFICIENCY,
              description='Proficiency to compare with, a whole number from 0 to %d.' % MAX_PROFICIENCY),
        # Deeper levels are free-form for Ansible (an argspec cannot recurse); the schema checks them.
        Field('child_conditions', type='list', elements='dict', ordered=False,
              schema={'items': {'$ref': '#/$defs/skillCondition'}},
              description='Nested conditions attached to this condition, each with the same keys as an item of '
                          'skill_conditions (operation, routing_skill_conditions, language_skill_conditions), '
                          'nested to any depth.'),
    ]


SKILL_CONDITIONS = Field(
    'skill_conditions', type='list', elements='dict', ordered=False, codec=SkillConditionCodec(),
    sort_key=condition_key, define='skillCondition', schema={'minItems': 1},
    description="The expression that selects the agents of the group, written with skill and language names. "
                "Managed whole; order does not matter at any level. Required to create a group. Each name must "
                "exist (an unknown name fails before any write, with the closest existing names suggested). "
                "Checked against the skill-group JSON Schema at every depth before any API call.",
    children=[
        Field('operation', required=True, choices=CONDITION_OPERATIONS,
              description='C(And) (all of the conditions below hold), C(Or) (any holds) or C(Not) (none holds).'),
        Field('routing_skill_conditions', type='list', elements='dict', ordered=False,
              description='Conditions on routing skills.',
              children=leaf_fields('routing_skill', 'routing skill')),
        Field('language_skill_conditions', type='list', elements='dict', ordered=False,
              description='Conditions on routing languages.',
              children=leaf_fields('language_skill', 'routing language')),
    ])

# The definition written with PATCH (besides name and division, which the service handles).
SKILL_GROUP_SETTINGS = [
    Field('description',
          description='Free-text description of the skill group.'),
    SKILL_CONDITIONS,
]


def skill_group_options():
    return [
        Field('name', schema=NAME_SCHEMA,
              description='Exact name of the skill group (the key). Two groups with this name make the task '
                          'fail, listing both ids.'),
        Field('id',
              description='Id of the skill group; takes precedence over name for finding it (the name is then '
                          'applied as a rename, which the platform allows for skill groups).'),
        Field('state', choices=STATES, default='present',
              description='Whether the skill group should exist.'),
        Field('division', schema=NAME_SCHEMA,
              description='Division of the skill group, by name or id.'),
        Field('description',
              description='Free-text description of the skill group.'),
        SKILL_CONDITIONS,
        Field('member_divisions', type='list', elements='str', ordered=False,
              schema={'uniqueItems': True, 'items': dict(NAME_SCHEMA, type='string')},
              description="Divisions whose users can be members of the group, by name or id, or C(['*']) for "
                          'all divisions. Managed whole: divisions not listed are removed. Left as they are '
                          'when omitted (a new group then gets the platform default).'),
        Field('expected_etag',
              description='The etag this skill group had when its change was reviewed. If the group has changed'
                          ' since, the task fails and writes nothing. Covers the definition, not the member '
                          'divisions.'),
    ]


SKILL_GROUP_OPTIONS = skill_group_options()

# genesys_skill_group's options: one group at top level, or many under `skill_groups`.
DOCUMENTED_OPTIONS = SKILL_GROUP_OPTIONS + [
    Field('skill_groups', type='list', elements='any', bulk_of=skill_group_options(),
          description='Many skill groups in one task. Each item is a dictionary of the options of a single group (see '
                      'above), checked before any API call with errors that name the item '
                      '(C(skill_groups[2].skill_conditions[0].routing_skill_conditions[1].proficiency)). All groups are'
                      ' found with one listing sweep; only groups that change are written. Mutually exclusive with name'
                      ' and id.'),
    planned_names_field('Check mode only: names that an earlier task of the same run would create, by kind. A skill '
                        'named here that does not exist yet is planned as if it did, so a first C(--check) of a new '
                        'group on a new skill reports both. Ignored outside check mode (the skill must then exist). '
                        'The routing role passes the skills its skills task plans to create.',
                        'skill'),
]

# API keys of the definition that PATCH takes; everything else on a SkillGroup is server-owned.
DEFINITION_KEYS = ('name', 'description', 'division', 'skillConditions')
