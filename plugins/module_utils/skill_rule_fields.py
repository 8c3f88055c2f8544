# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The field map of the skill-based routing rules of a queue (managed by genesys_skill_rules).

The rules are four keys of the platform's Queue object:

    option                      API key                              order
    skill_evaluation_method     skillEvaluationMethod                -
    bullseye_rings              bullseye.rings                       kept: rings expand in order
    conditional_group_routing   conditionalGroupRouting.rules        kept: rules run in order
    preferred_agent_rules       routingRules                         kept: rules run in order

Options use names (skills, groups, teams, skill groups, queues); the codecs below turn them into
the ids the API stores and back. The fields declare enumerations, bounds, defaults and the rules
across items (ring counts, the first conditional rule); rule_schema.py generates the JSON Schema
from them.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.genesyscloud.routing.plugins.module_utils import fieldmap
from ansible_collections.genesyscloud.routing.plugins.module_utils.fieldmap import (
    Codec, Field, MemberGroupRef, planned_names_field, sort_token,
)
from ansible_collections.genesyscloud.routing.plugins.module_utils.fieldmap import NAME_SCHEMA
from ansible_collections.genesyscloud.routing.plugins.module_utils.queue_fields import (
    MAX_RINGS, SKILL_EVALUATION_METHODS, member_groups,
)

TIMEOUT_SECONDS = 'TIMEOUT_SECONDS'
GROUP_REF = MemberGroupRef()


def group_views(groups, resolver):
    """{name, type} per API member group, sorted (the order of groups carries no meaning)."""
    return sorted((GROUP_REF.from_api(group, resolver) for group in groups or []), key=sort_token)


def groups_to_api(groups, resolver, path):
    return [GROUP_REF.to_api(group, resolver, '%s[%d]' % (path, index)) for index, group in enumerate(groups or [])]


def as_float(value):
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else value


def as_int(value):
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


class RingCodec(Codec):
    """A bullseye ring: {expansion_timeout_seconds, skills_to_remove, member_groups} <-> Ring."""

    def to_api(self, value, resolver, path):
        ring = {}
        if value.get('expansion_timeout_seconds') is not None:
            ring['expansionCriteria'] = [{'type': TIMEOUT_SECONDS,
                                          'threshold': float(value['expansion_timeout_seconds'])}]
        if value.get('skills_to_remove'):
            ring['actions'] = {'skillsToRemove': [
                {'id': resolver.resolve('skill', name, '%s.skills_to_remove[%d]' % (path, index))}
                for index, name in enumerate(value['skills_to_remove'])]}
        if value.get('member_groups'):
            ring['memberGroups'] = groups_to_api(value['member_groups'], resolver, path + '.member_groups')
        return ring

    def from_api(self, value, resolver):
        view = {}
        for criterion in value.get('expansionCriteria') or []:
            if criterion.get('type') == TIMEOUT_SECONDS and criterion.get('threshold') is not None:
                view['expansion_timeout_seconds'] = as_float(criterion['threshold'])
                break
        skills = [resolver.name_of('skill', skill.get('id'))
                  for skill in (value.get('actions') or {}).get('skillsToRemove') or []]
        if skills:
            view['skills_to_remove'] = sorted(skills)
        groups = group_views(value.get('memberGroups'), resolver)
        if groups:
            view['member_groups'] = groups
        return view


class ConditionalRuleCodec(Codec):
    """A conditional group routing rule; `queue` is a queue name, omitted for the queue itself."""

    def to_api(self, value, resolver, path):
        rule = {
            'metric': value.get('metric') or DEFAULT_METRIC,
            'operator': value.get('operator'),
            'conditionValue': as_float(value.get('condition_value')),
            'groups': groups_to_api(value.get('groups'), resolver, path + '.groups'),
        }
        if value.get('wait_seconds') is not None:
            rule['waitSeconds'] = int(value['wait_seconds'])
        if value.get('queue') is not None:
            rule['queue'] = {'id': resolver.resolve('queue', value['queue'], path + '.queue')}
        return rule

    def from_api(self, value, resolver):
        view = {}
        for option, key in (('metric', 'metric'), ('operator', 'operator')):
            if value.get(key) is not None:
                view[option] = value[key]
        if value.get('conditionValue') is not None:
            view['condition_value'] = as_float(value['conditionValue'])
        if value.get('waitSeconds') is not None:
            view['wait_seconds'] = as_int(value['waitSeconds'])
        queue_id = (value.get('queue') or {}).get('id')
        if queue_id:
            view['queue'] = resolver.name_of('queue', queue_id)
        view['groups'] = group_views(value.get('groups'), resolver)
        return view


class PreferredAgentRuleCodec(Codec):
    """A preferred agent routing rule (the API's RoutingRule)."""

    def to_api(self, value, resolver, path):
        rule = {'operator': value.get('operator')}
        if value.get('threshold') is not None:
            rule['threshold'] = int(value['threshold'])
        if value.get('wait_seconds') is not None:
            rule['waitSeconds'] = float(value['wait_seconds'])
        return rule

    def from_api(self, value, resolver):
        view = {}
        if value.get('operator') is not None:
            view['operator'] = value['operator']
        if value.get('threshold') is not None:
            view['threshold'] = as_int(value['threshold'])
        if value.get('waitSeconds') is not None:
            view['wait_seconds'] = as_float(value['waitSeconds'])
        return view


# The platform's upper bound for every "seconds to wait" value of routing rules (259200 s = 3 days).
MAX_WAIT_SECONDS = 259200
MAX_CONDITIONAL_RULES = 5
MAX_PREFERRED_AGENT_RULES = 6
DEFAULT_METRIC = 'EstimatedWaitTime'


def seconds(minimum, maximum=MAX_WAIT_SECONDS):
    return '%s-%s' % (minimum, maximum)


SKILL_EVALUATION_METHOD = Field('skill_evaluation_method', choices=SKILL_EVALUATION_METHODS,
                                description='How agent skills are evaluated when routing: C(NONE), C(BEST) or '
                                            'C(ALL). The platform always has a value, so it is changed only '
                                            'when given; no state ever clears it.')

BULLSEYE_RINGS = Field(
    'bullseye_rings', api='bullseye', type='list', elements='dict', codec=RingCodec(), define='bullseyeRing',
    description='The bullseye rings in order (2-%d), or C([]) for no bullseye. The last ring is the default ring '
                'where conversations stay; the platform does not expand it. Managed as a whole list.' % MAX_RINGS,
    schema={
        'maxItems': MAX_RINGS,
        # 2 to MAX_RINGS rings, or none at all (the empty list clears the bullseye).
        'if': {'minItems': 1},
        'then': {'minItems': 2, 'errorMessage': 'a bullseye has 2 to %d rings (the last one is the default ring); '
                                                'give [] for no bullseye' % MAX_RINGS},
        'errorMessage': {'maxItems': 'a bullseye has at most %d rings' % MAX_RINGS},
    },
    children=[
        Field('expansion_timeout_seconds', type='float', minimum=0, maximum=MAX_WAIT_SECONDS,
              description='Seconds a conversation waits on this ring before it expands to the next one (%s). Not '
                          'used on the last ring.' % seconds(0)),
        Field('skills_to_remove', type='list', elements='str', ordered=False,
              schema={'items': dict(NAME_SCHEMA, type='string')},
              description='Skills, by name, no longer required when conversations expand past this ring. A skill '
                          'is removed at most once over all rings. Order does not matter.'),
        member_groups('member_groups', 'Groups whose agents join the queue on this ring. Order does not matter.'),
    ])

CONDITIONAL_GROUP_ROUTING = Field(
    'conditional_group_routing', api='conditionalGroupRouting', type='list', elements='dict',
    codec=ConditionalRuleCodec(), define='conditionalGroupRoutingRule',
    description='Conditional group routing rules in evaluation order (at most %d), or C([]) for none. Managed as '
                'a whole list.' % MAX_CONDITIONAL_RULES,
    schema={
        'maxItems': MAX_CONDITIONAL_RULES,
        # The first rule always evaluates the queue itself, so it names no queue.
        'prefixItems': [{'$ref': '#/$defs/conditionalGroupRoutingRule', 'properties': {'queue': {
            'not': {}, 'errorMessage': 'the first conditional group routing rule always evaluates the queue '
                                       'itself; omit queue on it'}}}],
        'errorMessage': {'maxItems': 'a queue has at most %d conditional group routing rules' % MAX_CONDITIONAL_RULES},
    },
    # Required by the schema, not by the argument spec, so a missing one is reported with its path.
    items_schema={'required': ['operator', 'condition_value', 'groups']},
    children=[
        Field('metric', choices=('EstimatedWaitTime', 'ServiceLevel'), default=DEFAULT_METRIC,
              description='The queue metric the rule evaluates.'),
        Field('operator', choices=('GreaterThan', 'GreaterThanOrEqualTo', 'LessThan', 'LessThanOrEqualTo'),
              description='How the metric is compared with condition_value. Required.'),
        Field('condition_value', type='float', minimum=0, maximum=MAX_WAIT_SECONDS,
              description='The limit beyond which the rule is true (%s). Required.' % seconds(0)),
        Field('wait_seconds', type='int', minimum=0, maximum=MAX_WAIT_SECONDS,
              description='Seconds to wait in this rule, when true, before the next rule is evaluated (%s). '
                          'Ignored on the last rule.' % seconds(0)),
        Field('queue', schema=NAME_SCHEMA,
              description='Name (or id) of the queue whose metric is evaluated; omitted means the queue itself. '
                          'Must be omitted on the first rule.'),
        member_groups('groups', 'Groups activated when the rule is true (at least one). Order does not matter.',
                      minimum=1, api='groups'),
    ])

PREFERRED_AGENT_RULES = Field(
    'preferred_agent_rules', api='routingRules', type='list', elements='dict', codec=PreferredAgentRuleCodec(),
    define='preferredAgentRule',
    description='Preferred agent routing rules in evaluation order (at most %d), or C([]) for none; the API calls '
                'them routingRules. Managed as a whole list.' % MAX_PREFERRED_AGENT_RULES,
    schema={'maxItems': MAX_PREFERRED_AGENT_RULES,
            'errorMessage': {'maxItems': 'a queue has at most %d preferred agent routing rules'
                                         % MAX_PREFERRED_AGENT_RULES}},
    items_schema={
        'required': ['operator'],
        'if': {'required': ['operator'], 'properties': {'operator': {'const': 'MEETS_THRESHOLD'}}},
        'then': {'required': ['threshold'],
                 'errorMessage': {'required': 'is required when operator is MEETS_THRESHOLD'}},
    },
    children=[
        Field('operator', choices=('MEETS_THRESHOLD', 'ANY'),
              description='C(MEETS_THRESHOLD) matches preferred agents whose score is at least threshold; C(ANY) '
                          'matches every preferred agent. Required.'),
        Field('threshold', type='int', minimum=0,
              description='Lowest agent score that matches (at least 0); required with MEETS_THRESHOLD.'),
        Field('wait_seconds', type='float', minimum=2, maximum=MAX_WAIT_SECONDS,
              description='Seconds to wait in this rule before the next one (%s).' % seconds(2)),
    ])

# The rule part of a queue, in the order options are documented and shown.
RULE_FIELDS = [SKILL_EVALUATION_METHOD, BULLSEYE_RINGS, CONDITIONAL_GROUP_ROUTING, PREFERRED_AGENT_RULES]
RULE_LISTS = ('bullseye_rings', 'conditional_group_routing', 'preferred_agent_rules')
# Top-level API keys the rules occupy (everything else of the queue is never touched).
RULE_API_KEYS = ('skillEvaluationMethod', 'bullseye', 'conditionalGroupRouting', 'routingRules')

STATES = ('merged', 'replaced', 'overridden', 'deleted', 'gathered', 'rendered')

CONFIG_ITEM = [
    Field('queue', required=True, schema=NAME_SCHEMA,
          description='Name (or id) of the queue whose rules this item describes. Each queue at most once.'),
] + RULE_FIELDS + [
    Field('expected_etag', schema={'pattern': r'^W/".+"$',
                                   'errorMessage': 'must be an etag as returned by the collection, like W/"3f2a..."'},
          description='The etag the queue had when this change was reviewed (from RV(etags) of an earlier run). If '
                      'the queue has changed since, nothing is written to it and the task fails.'),
]

DOCUMENTED_OPTIONS = [
    Field('config', type='list', elements='dict',
          description='The rule sets, one per queue, keyed by queue name. With O(state=gathered) or '
                      'O(state=deleted) only C(queue) is read from each item, and the list may be omitted to '
                      'mean every queue.',
          children=CONFIG_ITEM),
    Field('state', choices=STATES, default='merged',
          description='C(merged) sets the rule options given and leaves the others. C(replaced) makes each '
                      "listed queue's rules exactly the item: rule lists left out are cleared. C(overridden) "
                      'does that for the listed queues and clears the rules of every other queue of the '
                      'organization. C(deleted) clears the rule lists of the listed queues, or of every queue '
                      'when O(config) is omitted. C(gathered) reads the rules back in O(config) form. '
                      'C(rendered) returns the request bodies without credentials or network.'),
    planned_names_field('Check mode only: names that earlier tasks of the same run would create, by kind. A skill or '
                        'queue named here that does not exist yet is planned as if it did (a new queue as one without '
                        'rules), so a first C(--check) reports its rules too. Ignored outside check mode. The routing '
                        'role passes the skills and queues its earlier tasks plan to create.',
                        'skill', 'queue'),
]


# ---------------------------------------------------------------------------------------------
# Conversion between a rule set (options) and the rule keys of a queue (API)

def rules_to_api(rule_set, resolver, path=''):
    """The queue body keys for the rule options present in `rule_set` (names resolved to ids).

    An empty list clears: bullseye {rings: []}, conditionalGroupRouting {rules: []}, routingRules [].
    """
    body = {}
    if rule_set.get('skill_evaluation_method') is not None:
        body['skillEvaluationMethod'] = rule_set['skill_evaluation_method']
    if rule_set.get('bullseye_rings') is not None:
        body['bullseye'] = {'rings': fieldmap.value_to_api(
            BULLSEYE_RINGS, rule_set['bullseye_rings'], resolver, fieldmap.join(path, 'bullseye_rings'))}
    if rule_set.get('conditional_group_routing') is not None:
        body['conditionalGroupRouting'] = {'rules': fieldmap.value_to_api(
            CONDITIONAL_GROUP_ROUTING, rule_set['conditional_group_routing'], resolver,
            fieldmap.join(path, 'conditional_group_routing'))}
    if rule_set.get('preferred_agent_rules') is not None:
        body['routingRules'] = fieldmap.value_to_api(
            PREFERRED_AGENT_RULES, rule_set['preferred_agent_rules'], resolver,
            fieldmap.join(path, 'preferred_agent_rules'))
    return body


def rules_from_api(queue, resolver):
    """The canonical rule set of an API queue: every rule list present (empty when none), names not ids.

    Canonical means: rings and rules in their order, groups and skills sorted, whole numbers of
    float fields as floats, options without a value left out. Two queues route alike exactly when
    their views are equal, whatever ids, names or number formats the platform returned.
    """
    view = {}
    if queue.get('skillEvaluationMethod') is not None:
        view['skill_evaluation_method'] = queue['skillEvaluationMethod']
    view['bullseye_rings'] = fieldmap.value_from_api(
        BULLSEYE_RINGS, (queue.get('bullseye') or {}).get('rings') or [], resolver)
    view['conditional_group_routing'] = fieldmap.value_from_api(
        CONDITIONAL_GROUP_ROUTING, (queue.get('conditionalGroupRouting') or {}).get('rules') or [], resolver)
    view['preferred_agent_rules'] = fieldmap.value_from_api(PREFERRED_AGENT_RULES, queue.get('routingRules') or [],
                                                            resolver)
    return view


def rule_references(rule_set, path):
    """(resolver kind, name, option path) of every object a rule set names, in option order."""
    references = []
    for ring_index, ring in enumerate(rule_set.get('bullseye_rings') or []):
        ring_path = '%s.bullseye_rings[%d]' % (path, ring_index)
        for index, skill in enumerate(ring.get('skills_to_remove') or []):
            references.append(('skill', skill, '%s.skills_to_remove[%d]' % (ring_path, index)))
        references.extend(group_references(ring.get('member_groups'), ring_path + '.member_groups'))
    for rule_index, rule in enumerate(rule_set.get('conditional_group_routing') or []):
        rule_path = '%s.conditional_group_routing[%d]' % (path, rule_index)
        if rule.get('queue') is not None:
            references.append(('queue', rule['queue'], rule_path + '.queue'))
        references.extend(group_references(rule.get('groups'), rule_path + '.groups'))
    return references


def group_references(groups, path):
    return [(fieldmap.GROUP_KINDS[group['type']], group['name'], '%s[%d].name' % (path, index))
            for index, group in enumerate(groups or []) if group.get('type') in fieldmap.GROUP_KINDS]
