# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The JSON Schema of skill-based routing rule sets, as a Python dict (the single source).

Modules cannot read data files at run time, so the schema lives here and everything else is
derived from it:

* genesys_skill_rules validates its `config` list against SKILL_RULES_SCHEMA before any API call
  (plugins/module_utils/validation.py turns schema errors into option-path messages);
* its field map (skill_rule_fields.py) takes enumerations, bounds and defaults from here, so the
  argument spec and the documentation cannot drift from the schema;
* tools/write_schemas.py writes schemas/skill_rules.schema.json for the offline validator of
  playbooks, and a unit test fails when that file is out of date.

The schema describes exactly one item of the module's `config` list (`$defs/ruleSet`); its root is
the list itself. Bounds are the platform's (reference §1.2, §3.3 and the bullseye quirk).

SHARED_DEFS holds the definitions the rule sets share among themselves (`name`, member groups);
`with_shared_defs()` merges them into a schema and `ref('name')` points at them. Every other
resource's schema is generated from its field map (fieldmap.json_schema).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy

from ansible_collections.genesyscloud.routing.plugins.module_utils.fieldmap import NAME_SCHEMA
from ansible_collections.genesyscloud.routing.plugins.module_utils.queue_fields import MAX_RINGS, MEMBER_GROUP_TYPES

SCHEMA_DIALECT = 'https://json-schema.org/draft/2020-12/schema'

# The platform's upper bound for every "seconds to wait" value of routing rules (259200 s = 3 days).
MAX_WAIT_SECONDS = 259200


def ref(name):
    """A JSON Schema reference to a definition of the same document."""
    return {'$ref': '#/$defs/%s' % name}


# Definitions shared by the collection's schemas. Keep names stable: other schemas point at them.
SHARED_DEFS = {
    'name': dict(NAME_SCHEMA, type='string', description='Name (or id) of an object of the organization.'),
    'memberGroupType': {
        'description': 'Kind of group: a directory group, a team or a skill group.',
        'enum': list(MEMBER_GROUP_TYPES),
    },
    'memberGroup': {
        'description': 'A group of agents, by name and kind.',
        'type': 'object',
        'additionalProperties': False,
        'required': ['name', 'type'],
        'properties': {
            'name': ref('name'),
            'type': ref('memberGroupType'),
        },
    },
    'memberGroups': {
        'description': 'Groups of agents; order does not matter, each group at most once.',
        'type': 'array',
        'items': ref('memberGroup'),
        'uniqueItems': True,
        'errorMessage': {'uniqueItems': 'lists the same group twice'},
    },
}

RULE_DEFS = {
    'ruleSet': {
        'description': 'The skill-based routing rules of one queue (one item of the config list).',
        'type': 'object',
        'additionalProperties': False,
        'required': ['queue'],
        'properties': {
            'queue': ref('name'),
            'skill_evaluation_method': {
                'description': 'How agent skills are evaluated when routing.',
                'enum': ['NONE', 'BEST', 'ALL'],
            },
            'bullseye_rings': {
                'description': 'Bullseye rings in order; the last ring is the default ring. Empty: no bullseye.',
                'type': 'array',
                'maxItems': MAX_RINGS,
                'items': ref('bullseyeRing'),
                # 2 to 6 rings, or none at all (the empty list clears the bullseye).
                'if': {'minItems': 1},
                'then': {
                    'minItems': 2,
                    'errorMessage': 'a bullseye has 2 to %d rings (the last one is the default ring); '
                                    'give [] for no bullseye' % MAX_RINGS,
                },
                'errorMessage': {'maxItems': 'a bullseye has at most %d rings' % MAX_RINGS},
            },
            'conditional_group_routing': {
                'description': 'Conditional group routing rules in evaluation order. Empty: none.',
                'type': 'array',
                'maxItems': 5,
                'prefixItems': [ref('firstConditionalGroupRoutingRule')],
                'items': ref('conditionalGroupRoutingRule'),
                'errorMessage': {'maxItems': 'a queue has at most 5 conditional group routing rules'},
            },
            'preferred_agent_rules': {
                'description': 'Preferred agent routing rules in evaluation order (API routingRules). Empty: none.',
                'type': 'array',
                'maxItems': 6,
                'items': ref('preferredAgentRule'),
                'errorMessage': {'maxItems': 'a queue has at most 6 preferred agent routing rules'},
            },
            'expected_etag': {
                'description': 'Client-side ETag the queue must still have for the change to be written.',
                'type': 'string',
                'pattern': r'^W/".+"$',
                'errorMessage': 'must be an etag as returned by the collection, like W/"3f2a..."',
            },
        },
    },
    'bullseyeRing': {
        'description': 'One bullseye ring.',
        'type': 'object',
        'additionalProperties': False,
        'properties': {
            'expansion_timeout_seconds': {
                'description': 'Seconds before conversations expand to the next ring (unused on the last ring).',
                'type': 'number',
                'minimum': 0,
                'maximum': MAX_WAIT_SECONDS,
            },
            'skills_to_remove': {
                'description': 'Skills no longer required once conversations leave this ring.',
                'type': 'array',
                'items': ref('name'),
            },
            'member_groups': ref('memberGroups'),
        },
    },
    'conditionalGroupRoutingRule': {
        'description': 'One conditional group routing rule.',
        'type': 'object',
        'additionalProperties': False,
        'required': ['operator', 'condition_value', 'groups'],
        'properties': {
            'metric': {
                'description': 'The queue metric the rule evaluates.',
                'enum': ['EstimatedWaitTime', 'ServiceLevel'],
                'default': 'EstimatedWaitTime',
            },
            'operator': {
                'description': 'How the metric is compared with condition_value.',
                'enum': ['GreaterThan', 'GreaterThanOrEqualTo', 'LessThan', 'LessThanOrEqualTo'],
            },
            'condition_value': {
                'description': 'The limit beyond which the rule is true.',
                'type': 'number',
                'minimum': 0,
                'maximum': MAX_WAIT_SECONDS,
            },
            'wait_seconds': {
                'description': 'Seconds to wait in this rule before the next one (ignored on the last rule).',
                'type': 'integer',
                'minimum': 0,
                'maximum': MAX_WAIT_SECONDS,
            },
            'queue': {
                'description': 'Queue whose metric is evaluated; omitted means the queue itself.',
                '$ref': '#/$defs/name',
            },
            'groups': {
                'description': 'Groups activated when the rule is true.',
                '$ref': '#/$defs/memberGroups',
                'minItems': 1,
                'errorMessage': {'minItems': 'needs at least one group'},
            },
        },
    },
    'firstConditionalGroupRoutingRule': {
        'description': 'The first rule always evaluates the queue itself, so it names no queue.',
        '$ref': '#/$defs/conditionalGroupRoutingRule',
        'properties': {
            'queue': {
                'not': {},
                'errorMessage': 'the first conditional group routing rule always evaluates the queue itself; '
                                'omit queue on it',
            },
        },
    },
    'preferredAgentRule': {
        'description': 'One preferred agent routing rule.',
        'type': 'object',
        'additionalProperties': False,
        'required': ['operator'],
        'properties': {
            'operator': {
                'description': 'MEETS_THRESHOLD: agents scoring at least threshold; ANY: all preferred agents.',
                'enum': ['MEETS_THRESHOLD', 'ANY'],
            },
            'threshold': {
                'description': 'Lowest agent score that matches (with MEETS_THRESHOLD).',
                'type': 'integer',
                'minimum': 0,
            },
            'wait_seconds': {
                'description': 'Seconds to wait in this rule before the next one.',
                'type': 'number',
                'minimum': 2,
                'maximum': MAX_WAIT_SECONDS,
            },
        },
        'if': {'required': ['operator'], 'properties': {'operator': {'const': 'MEETS_THRESHOLD'}}},
        'then': {
            'required': ['threshold'],
            'errorMessage': {'required': 'is required when operator is MEETS_THRESHOLD'},
        },
    },
}


def with_shared_defs(schema):
    """A copy of `schema` whose `$defs` also hold SHARED_DEFS (its own definitions win)."""
    result = copy.deepcopy(schema)
    defs = copy.deepcopy(SHARED_DEFS)
    defs.update(result.get('$defs') or {})
    result['$defs'] = defs
    return result


SKILL_RULES_SCHEMA = with_shared_defs({
    '$schema': SCHEMA_DIALECT,
    '$id': 'urn:genesyscloud.routing:schema:skill_rules',
    'title': 'Skill-based routing rules of Genesys Cloud queues',
    'description': 'The config list of genesyscloud.routing.genesys_skill_rules: one rule set per queue, keyed '
                   'by queue name. Names stand for skills, groups, teams, skill groups and queues.',
    'type': 'array',
    'items': ref('ruleSet'),
    '$defs': RULE_DEFS,
})


# ---------------------------------------------------------------------------------------------
# Look-ups used by the field map and the documentation, so both follow the schema.

def definition(name):
    return SKILL_RULES_SCHEMA['$defs'][name]


def property_schema(def_name, option):
    return definition(def_name)['properties'][option]


def enum_of(def_name, option):
    return tuple(property_schema(def_name, option)['enum'])


def bounds_text(def_name, option):
    """'0-259200' from a property's minimum and maximum (for option descriptions)."""
    schema = property_schema(def_name, option)
    if 'maximum' in schema:
        return '%s-%s' % (schema['minimum'], schema['maximum'])
    return 'at least %s' % schema['minimum']
