#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
---
module: genesys_skill_rules
short_description: Manage the skill-based routing rules of Genesys Cloud queues as one resource
version_added: 0.1.0
description:
  - Manages the skill-based routing rules of one or many queues, keyed by queue name, with the states of
    a network resource module.
  - "The rules of a queue are its skill evaluation method, its bullseye rings (expansion timeouts, skills
    removed per ring, member groups per ring), its conditional group routing rules and its preferred agent
    routing rules (the API's C(routingRules))."
  - The rules are part of the queue object and the platform's queue update replaces the whole queue, so the
    module reads each queue, lays the rule keys over it and writes the whole body back, exactly like
    M(genesyscloud.routing.genesys_queue). Every other queue field survives, which a GET after the write
    verifies.
  - Before writing, the module re-reads the queue and compares client-side ETags. If someone changed the queue
    since it was read, only the rule keys are re-applied onto the fresh copy (with a warning); if an item pins
    O(config[].expected_etag), the task fails for that queue and writes nothing to it.
  - The input is checked before any API call against the rule-set JSON Schema shipped with the collection
    (C(schemas/skill_rules.schema.json); bounds, counts, enumerations), then every skill, group, team, skill
    group and queue it names is looked up. Each error names the option path and the value, with close names
    suggested for typos, and nothing is written.
  - "API operations used: C(GET /api/v2/routing/queues) (one listing sweep), C(GET/PUT
    /api/v2/routing/queues/{queueId}), and the listings used to resolve names: C(GET /api/v2/routing/skills),
    C(GET /api/v2/groups), C(GET /api/v2/teams), C(GET /api/v2/routing/skillgroups). O(state=rendered) calls
    nothing."
  - "Permissions: C(routing:queue:view), C(routing:queue:edit) (not for gathered), C(routing:skill:view),
    C(directory:group:view), C(groups:team:view), C(routing:skillGroup:view)."
extends_documentation_fragment:
  - genesyscloud.routing.auth
  - genesyscloud.routing.common
  - genesyscloud.routing.options.skill_rules
notes:
  - Rings and rules are ordered lists and each list is managed whole; even with O(state=merged), a given
    O(config[].bullseye_rings) replaces all the rings of that queue.
  - The last bullseye ring is the default ring the platform keeps conversations on. Give every ring, the last
    one included (2 to 6 rings); queue members with a ring number beyond the new number of rings end up on
    the last ring.
  - O(state=overridden) clears the rule lists of every queue of the organization that O(config) does not list;
    an empty O(config) clears them all. Run it in check mode first and read RV(diff).
  - O(state=deleted) clears bullseye rings, conditional group routing rules and preferred agent rules, and
    leaves O(config[].skill_evaluation_method) as it is, because the platform always has one.
    Without O(config) it clears the rules of every queue; an empty list clears none.
  - The output of O(state=gathered) given back to O(state=overridden) changes nothing.
  - Queue names are matched exactly first, then without regard to case; an id works too.
seealso:
  - module: genesyscloud.routing.genesys_queue
attributes:
  check_mode:
    details: Reads only; returns the predicted rules, the requests that would be sent and the diff.
  diff_mode:
    details: >-
      One entry per changed queue with the managed rule options only, names instead of ids, groups and
      skills sorted, rings and rules kept in their order.
'''

EXAMPLES = r'''
- name: Set the bullseye and the conditional group routing of Support; other rules stay as they are
  genesyscloud.routing.genesys_skill_rules:
    state: merged
    config:
      - queue: Support
        skill_evaluation_method: BEST
        bullseye_rings:
          - expansion_timeout_seconds: 15
            skills_to_remove: [VIP]
          - expansion_timeout_seconds: 30
            skills_to_remove: [Technical]
          - member_groups:          # the last ring is the default ring
              - name: Tier 2 Escalations
                type: TEAM
        conditional_group_routing:
          - operator: GreaterThan   # the first rule always evaluates Support itself
            metric: EstimatedWaitTime
            condition_value: 60
            wait_seconds: 20
            groups:
              - name: Support Agents
                type: GROUP
          - queue: Technical Support
            operator: LessThan
            metric: ServiceLevel
            condition_value: 0.7
            groups:
              - name: Technical Experts
                type: SKILLGROUP

- name: Make the rules of Sales exactly these (bullseye and CGR rules are cleared)
  genesyscloud.routing.genesys_skill_rules:
    state: replaced
    config:
      - queue: Sales
        skill_evaluation_method: ALL
        preferred_agent_rules:
          - operator: MEETS_THRESHOLD
            threshold: 9
            wait_seconds: 10
          - operator: ANY
            wait_seconds: 15

- name: Read every queue's rules in config form
  genesyscloud.routing.genesys_skill_rules:
    state: gathered
  register: current_rules

- name: Make the whole organization match a reviewed rule set (check mode first, read the diff)
  genesyscloud.routing.genesys_skill_rules:
    state: overridden
    config: "{{ current_rules.gathered }}"
  check_mode: true
  diff: true

- name: Apply a reviewed change only if nobody touched the queue since the review
  genesyscloud.routing.genesys_skill_rules:
    state: merged
    config:
      - queue: Support
        skill_evaluation_method: ALL
        expected_etag: "{{ current_rules.etags['Support'] }}"

- name: Clear the bullseye, CGR and preferred agent rules of two queues
  genesyscloud.routing.genesys_skill_rules:
    state: deleted
    config:
      - queue: Returns
      - queue: Retention

- name: Show the request bodies without credentials or network (for review or CI)
  genesyscloud.routing.genesys_skill_rules:
    state: rendered
    config:
      - queue: VIP
        bullseye_rings:
          - expansion_timeout_seconds: 10
            skills_to_remove: [VIP]
          - {}
  register: bodies
'''

RETURN = r'''
before:
  description:
    - Rules of the queues the task addresses before it ran, in O(config) form (all queues for
      O(state=overridden), and for O(state=deleted) without O(config)).
  returned: when state is merged, replaced, overridden or deleted
  type: list
  elements: dict
  sample: [{"queue": "VIP", "skill_evaluation_method": "ALL", "preferred_agent_rules": [],
            "conditional_group_routing": [],
            "bullseye_rings": [{"expansion_timeout_seconds": 10.0, "skills_to_remove": ["VIP"]}, {}]}]
after:
  description: The same queues after the task (predicted in check mode), in O(config) form.
  returned: when state is merged, replaced, overridden or deleted
  type: list
  elements: dict
requests:
  description:
    - One entry per queue written (or, in check mode, that would be written). C(body) holds the rule keys of
      the PUT; the rest of the queue is sent back as it was read.
  returned: when state is merged, replaced, overridden or deleted
  type: list
  elements: dict
  sample: [{"method": "PUT", "path": "/api/v2/routing/queues/1b0f5c8e-0000-4000-8000-000000000001",
            "queue": "VIP", "body": {"routingRules": []}}]
diff:
  description: One before/after entry per changed queue, managed rule options only.
  returned: in diff mode (C(--diff)), when state is merged, replaced, overridden or deleted
  type: list
  elements: dict
changes:
  description: Field-level changes (queue, option path, before, after); lists are compared whole.
  returned: when state is merged, replaced, overridden or deleted
  type: list
  elements: dict
  sample: [{"queue": "VIP", "path": "preferred_agent_rules", "before": [{"operator": "ANY"}], "after": []}]
etags:
  description:
    - Client-side ETag of each addressed queue after the task, by queue name. Give one back as
      O(config[].expected_etag) to refuse a write if the queue changed since.
  returned: unless state is rendered
  type: dict
  sample: {"VIP": "W/\"3f2a9c0e5b7d4e1f8a6b2c9d0e1f2a3b\""}
gathered:
  description: The rules of the queues, sorted by queue name, in exactly the form O(config) accepts.
  returned: when state is gathered
  type: list
  elements: dict
rendered:
  description:
    - Per queue, the rule keys of the request body in API form. Names are not looked up, so references carry
      the names given where the platform stores ids.
  returned: when state is rendered
  type: list
  elements: dict
  sample: [{"queue": "VIP", "body": {"bullseye": {"rings": [{"expansionCriteria": [
            {"type": "TIMEOUT_SECONDS", "threshold": 10.0}], "actions": {"skillsToRemove": [{"id": "VIP"}]}}, {}]}}}]
errors:
  description: One entry per invalid option (path, value, message) when the input is rejected.
  returned: on invalid input
  type: list
  elements: dict
  sample: [{"path": "config[0].bullseye_rings[1].skills_to_remove[0]", "value": "Spansih",
            "msg": "config[0].bullseye_rings[1].skills_to_remove[0]: unknown skill 'Spansih'; did you mean
            'Spanish'?"}]
api_calls:
  description: API calls the task made, by operation (a no-op run shows no PUT).
  returned: unless state is rendered
  type: dict
'''

from ansible_collections.genesyscloud.routing.plugins.module_utils.runner import ResourceModule
from ansible_collections.genesyscloud.routing.plugins.module_utils.skill_rules import (
    SkillRuleService, render, rules_output, validate_config,
)
from ansible_collections.genesyscloud.routing.plugins.module_utils.validation import without_none

NEEDS_CONFIG = ('merged', 'replaced', 'overridden', 'rendered')


class SkillRulesModule(ResourceModule):
    """The rules of queues on the resource runner: one object per queue the state touches."""

    @property
    def bulk(self):
        return True  # the result is always per queue: lists of rules before and after

    def __init__(self):
        super(SkillRulesModule, self).__init__(SkillRuleService)
        self.state = self.module.params['state']
        self.config = self.module.params['config']

    def addressed(self):
        # Options left out are absent, not null, for the schema.
        return [(without_none(item), 'config[%d].' % index) for index, item in enumerate(self.config or [])]

    def input_errors(self, addressed):
        if self.config is None and self.state in NEEDS_CONFIG:
            self.module.fail_json(msg='config is required with state=%s' % self.state)
        return validate_config([item for item, _prefix in addressed], self.state)

    def offline_result(self, addressed):
        if self.state == 'rendered':
            return {'rendered': render([item for item, _prefix in addressed])}
        return None

    def service(self, client, resolver):
        return SkillRuleService(client, resolver, warn=self.module.warn, state=self.state,
                                config_given=self.config is not None)

    def output(self, results):
        return rules_output(results, self.state, self.module._diff)


def main():
    SkillRulesModule().run()


if __name__ == '__main__':
    main()
