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

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.genesyscloud.routing.plugins.module_utils.common import (
    auth_argument_spec, client_from_module, fail_on_input_errors, warn_client_events,
)
from ansible_collections.genesyscloud.routing.plugins.module_utils.errors import missing_library_message
from ansible_collections.genesyscloud.routing.plugins.module_utils.fieldmap import argument_spec
from ansible_collections.genesyscloud.routing.plugins.module_utils.resolver import planning_resolver
from ansible_collections.genesyscloud.routing.plugins.module_utils.runner import fail
from ansible_collections.genesyscloud.routing.plugins.module_utils.skill_rule_fields import DOCUMENTED_OPTIONS
from ansible_collections.genesyscloud.routing.plugins.module_utils.skill_rules import (
    SkillRuleService, apply_plans, gather, plan_targets, render, report, select_targets,
    validate_config,
)
from ansible_collections.genesyscloud.routing.plugins.module_utils.validation import (
    HAS_JSONSCHEMA, JSONSCHEMA_IMPORT_ERROR, without_none,
)

NEEDS_CONFIG = ('merged', 'replaced', 'overridden', 'rendered')


def main():
    spec = argument_spec(DOCUMENTED_OPTIONS)
    spec.update(auth_argument_spec())
    module = AnsibleModule(argument_spec=spec, supports_check_mode=True)
    state = module.params['state']
    config = module.params['config']
    if config is not None:
        config = without_none(config)  # options left out are absent, not null, for the schema
    if config is None and state in NEEDS_CONFIG:
        module.fail_json(msg='config is required with state=%s' % state)
    if not HAS_JSONSCHEMA:
        module.fail_json(msg=missing_library_message('jsonschema', module._name), exception=JSONSCHEMA_IMPORT_ERROR)

    errors = validate_config(config or [], state)
    if errors:
        fail_on_input_errors(module, errors)
    if state == 'rendered':
        module.exit_json(changed=False, rendered=render(config))

    client = client_from_module(module)
    resolver = planning_resolver(client, module.params.get('planned_names'), module.check_mode)
    service = SkillRuleService(client, resolver, warn=module.warn)
    try:
        if state == 'gathered':
            gathered, etags = gather(service, config)
            module.exit_json(changed=False, gathered=gathered, etags=etags, api_calls=client.stats)
        targets = select_targets(service, config, state)
        outcomes = apply_plans(service, plan_targets(service, targets), module.check_mode)
        result, failures = report(service, outcomes, module.check_mode)
    except Exception as error:  # the one fail path
        fail(module, error, client)

    warn_client_events(module, client)
    result['api_calls'] = client.stats
    if not module._diff:
        result.pop('diff')
    if failures:
        module.fail_json(msg='%d of %d queues failed: %s' % (len(failures), len(outcomes), '; '.join(
            '%s: %s' % (name, error) for name, error in failures)), **result)
    module.exit_json(**result)


if __name__ == '__main__':
    main()
