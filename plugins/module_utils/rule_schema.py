# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The JSON Schema of skill-based routing rule sets, generated from their field map.

skill_rule_fields.py declares every option of a rule set once (types, enumerations, bounds,
defaults, and the rules across items such as the ring count); this module turns that table into
the schema document that genesys_skill_rules checks its `config` list against before any API
call, that the desired-state schema reuses, and that tools/write_schemas.py writes to
schemas/skill_rules.schema.json (a unit test fails when that file is out of date).

The document's root is the `config` list; each item is `$defs/ruleSet`.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.genesyscloud.routing.plugins.module_utils.fieldmap import json_schema
from ansible_collections.genesyscloud.routing.plugins.module_utils.skill_rule_fields import CONFIG_ITEM

SCHEMA_DIALECT = 'https://json-schema.org/draft/2020-12/schema'


def build():
    defs = {}
    defs['ruleSet'] = json_schema(CONFIG_ITEM, defs=defs)
    defs['ruleSet']['description'] = 'The skill-based routing rules of one queue (one item of the config list).'
    return {
        '$schema': SCHEMA_DIALECT,
        '$id': 'urn:genesyscloud.routing:schema:skill_rules',
        'title': 'Skill-based routing rules of Genesys Cloud queues',
        'description': 'The config list of genesyscloud.routing.genesys_skill_rules: one rule set per queue, keyed '
                       'by queue name. Names stand for skills, groups, teams, skill groups and queues.',
        'type': 'array',
        'items': {'$ref': '#/$defs/ruleSet'},
        '$defs': defs,
    }


SKILL_RULES_SCHEMA = build()


def definition(name):
    return SKILL_RULES_SCHEMA['$defs'][name]


def property_schema(def_name, option):
    return definition(def_name)['properties'][option]
