# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""JSON Schemas of skills, skill groups (with their expressions) and organization utilization.

Each schema describes the desired state exactly as the module takes it (option names, names
instead of ids): one item of genesys_skill's `skills`, one item of genesys_skill_group's
`skill_groups`, and genesys_utilization's options. The same document checks a task before any
API call (schema_check.py) and a desired-state file offline. Bounds and enumerations are the
platform's: proficiency a whole number 0-5 (SkillGroupRoutingCondition and
SkillGroupLanguageCondition say "Integer range 0-5"), maximumCapacity 0-25 (MediaUtilization),
operations and comparators spelled exactly as the API spells them.

The definitions shared with the skill-routing rule sets (`name`, `comparator`) come from
rule_schema.SHARED_DEFS; `with_shared_defs` adds them to every document here. The Python dicts
are the single source (modules cannot read data files at runtime). Whether a referenced skill,
language or division exists is checked later, against the organization.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.genesyscloud.routing.plugins.module_utils.rule_schema import (
    SCHEMA_DIALECT, SHARED_DEFS, ref, with_shared_defs,
)

CONDITION_OPERATIONS = ('And', 'Or', 'Not')
COMPARATORS = tuple(SHARED_DEFS['comparator']['enum'])
MEDIA_TYPES = ('call', 'callback', 'chat', 'email', 'message')
STATES = ('present', 'absent')
MAX_CAPACITY = 25


def nested_conditions():
    return {
        'description': 'Nested conditions, each shaped like an item of skill_conditions.',
        'type': 'array',
        'items': ref('skillCondition'),
    }


def skill_condition_item(name_option, what):
    return {
        'type': 'object',
        'additionalProperties': False,
        'required': [name_option, 'comparator', 'proficiency'],
        'properties': {
            name_option: dict(ref('name'), description='Name of a %s that exists in the organization.' % what),
            'comparator': ref('comparator'),
            'proficiency': ref('wholeProficiency'),
            'child_conditions': nested_conditions(),
        },
    }


ROUTING_DEFS = {
    'presence': {
        'description': 'Whether the object should exist.',
        'enum': list(STATES),
    },
    'wholeProficiency': {
        'description': 'Proficiency in a skill-group condition, a whole number from 0 to 5.',
        'type': 'integer',
        'minimum': 0,
        'maximum': 5,
    },
    'skillCondition': {
        'description': 'One condition of a skill-group expression: And (all hold), Or (any holds) or Not (none '
                       'holds) over routing-skill and language conditions, which may nest further conditions.',
        'type': 'object',
        'additionalProperties': False,
        'required': ['operation'],
        'properties': {
            'operation': {'enum': list(CONDITION_OPERATIONS)},
            'routing_skill_conditions': {'type': 'array', 'items': ref('routingSkillCondition')},
            'language_skill_conditions': {'type': 'array', 'items': ref('languageSkillCondition')},
        },
    },
    'routingSkillCondition': skill_condition_item('routing_skill', 'routing skill'),
    'languageSkillCondition': skill_condition_item('language_skill', 'routing language'),
    'mediaType': {'enum': list(MEDIA_TYPES)},
    'mediaUtilization': {
        'description': 'Utilization of one media type.',
        'type': 'object',
        'additionalProperties': False,
        'properties': {
            'maximum_capacity': {'type': 'integer', 'minimum': 0, 'maximum': MAX_CAPACITY},
            'interruptible_media_types': {'type': 'array', 'uniqueItems': True, 'items': ref('mediaType')},
            'include_non_acd': {'type': 'boolean'},
        },
    },
    'skill': {
        'description': 'One routing skill (an item of genesys_skill skills).',
        'type': 'object',
        'additionalProperties': False,
        'required': ['name'],
        'properties': {
            'name': ref('name'),
            'state': ref('presence'),
            'division': ref('name'),
            'expected_etag': {'type': 'string'},
        },
    },
    'skillGroup': {
        'description': 'One skill group (an item of genesys_skill_group skill_groups); name or id is required.',
        'type': 'object',
        'additionalProperties': False,
        'properties': {
            'name': ref('name'),
            'id': ref('name'),
            'state': ref('presence'),
            'division': ref('name'),
            'description': {'type': 'string'},
            'skill_conditions': {'type': 'array', 'minItems': 1, 'items': ref('skillCondition')},
            'member_divisions': {'type': 'array', 'uniqueItems': True, 'items': ref('name')},
            'expected_etag': {'type': 'string'},
        },
    },
    'utilization': {
        'description': 'Organization utilization (the options of genesys_utilization).',
        'type': 'object',
        'additionalProperties': False,
        'properties': {
            'media_types': {
                'type': 'object',
                'additionalProperties': False,
                # `message` is reserved by Ansible as an option name, hence `messaging`.
                'properties': dict(('messaging' if media == 'message' else media, ref('mediaUtilization'))
                                   for media in MEDIA_TYPES),
            },
            'authoritative': {'type': 'boolean'},
            'expected_etag': {'type': 'string'},
        },
    },
}


def item_schema(def_name):
    """A standalone schema whose root is one `def_name` (skill, skillGroup, utilization)."""
    return with_shared_defs(dict(ref(def_name), **{'$schema': SCHEMA_DIALECT, '$defs': ROUTING_DEFS}))


# Documents for files of desired state: lists of skills and skill groups, one utilization object.
SKILLS_SCHEMA = with_shared_defs({
    '$schema': SCHEMA_DIALECT,
    '$id': 'urn:genesyscloud.routing:schema:skills',
    'title': 'Routing skills of a Genesys Cloud organization',
    'type': 'array',
    'items': ref('skill'),
    '$defs': ROUTING_DEFS,
})
SKILL_GROUPS_SCHEMA = with_shared_defs({
    '$schema': SCHEMA_DIALECT,
    '$id': 'urn:genesyscloud.routing:schema:skill_groups',
    'title': 'Skill groups of a Genesys Cloud organization, expressions written with skill and language names',
    'type': 'array',
    'items': ref('skillGroup'),
    '$defs': ROUTING_DEFS,
})
UTILIZATION_SCHEMA = with_shared_defs({
    '$schema': SCHEMA_DIALECT,
    '$id': 'urn:genesyscloud.routing:schema:utilization',
    'title': 'Organization utilization of a Genesys Cloud organization',
    '$ref': '#/$defs/utilization',
    '$defs': ROUTING_DEFS,
})
