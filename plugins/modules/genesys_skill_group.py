#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
---
module: genesys_skill_group
short_description: Manage Genesys Cloud skill groups, with expressions written with skill and language names
version_added: 0.1.0
description:
  - Creates, updates and deletes skill groups, one per task or many in one task (O(skill_groups)).
  - A skill group selects agents with an expression of conditions on routing skills and languages
    (O(skill_conditions)), nested to any depth. The expression is written with skill and language names;
    every name must exist in the organization, and an unknown name fails the task before any write, with
    the closest existing names suggested (C(unknown skill 'Spansih'; did you mean 'Spanish'?)).
  - The expression is checked against the collection's JSON Schema at every depth before any API call
    (proficiency a whole number from 0 to 5, operations and comparators spelled exactly).
  - Order carries no meaning in an expression, so a reordered expression is no change, and the diff shows
    every level in one canonical order.
  - Only the options you give are managed. The definition (name, description, division, expression) is
    written with one PATCH carrying the full definition; member divisions through their own endpoint, in one
    call that adds and removes.
  - The routing API has no ETag, so the module computes a client-side one (RV(etag)) and re-reads the group
    before writing; a change made meanwhile is re-merged with a warning, or fails the task when
    O(expected_etag) pins the reviewed state.
  - "API operations used: C(GET /api/v2/routing/skillgroups) (cursor paged; one sweep in the bulk form, a
    name-prefix query otherwise), C(POST /api/v2/routing/skillgroups),
    C(GET/PATCH/DELETE /api/v2/routing/skillgroups/{skillGroupId}),
    C(GET/POST /api/v2/routing/skillgroups/{skillGroupId}/members/divisions), and the listings used to check
    names (C(GET /api/v2/routing/skills), C(GET /api/v2/routing/languages),
    C(GET /api/v2/authorization/divisions))."
  - "Permissions: C(routing:skillGroup:view), C(routing:skillGroup:add) (create, member divisions),
    C(routing:skillGroup:edit), C(routing:skillGroup:delete), C(routing:skill:view),
    C(authorization:division:view)."
extends_documentation_fragment:
  - genesyscloud.routing.auth
  - genesyscloud.routing.common
  - genesyscloud.routing.options.skill_group
notes:
  - The listing returns definitions without expressions, so each managed group that exists is read with
    one GET.
  - Skills themselves are managed by M(genesyscloud.routing.genesys_skill); a skill group is used in queues
    through O(genesyscloud.routing.genesys_queue#module:member_groups) with type C(SKILLGROUP).
attributes:
  check_mode:
    details: Reads only; returns the predicted group and the diff.
  diff_mode:
    details: Shows the managed fields only, names instead of ids, expressions and member divisions sorted.
'''

EXAMPLES = r'''
- name: Billing agents who speak Spanish, drawn from two divisions
  genesyscloud.routing.genesys_skill_group:
    name: Spanish Billing
    division: Home
    description: Billing agents who speak Spanish
    skill_conditions:
      - operation: And
        routing_skill_conditions:
          - routing_skill: Billing
            comparator: GreaterThanOrEqualTo
            proficiency: 3
        language_skill_conditions:
          - language_skill: Spanish
            comparator: GreaterThanOrEqualTo
            proficiency: 3
    member_divisions: [Home, Sales]
  register: reviewed

- name: A nested expression - VIP agents without a strong fraud flag, from every division
  genesyscloud.routing.genesys_skill_group:
    name: VIP Handlers
    skill_conditions:
      - operation: And
        routing_skill_conditions:
          - routing_skill: VIP
            comparator: GreaterThan
            proficiency: 0
            child_conditions:
              - operation: Not
                routing_skill_conditions:
                  - routing_skill: Fraud
                    comparator: GreaterThan
                    proficiency: 3
    member_divisions: ['*']

- name: Many groups in one task (one listing sweep; only groups that change are written)
  genesyscloud.routing.genesys_skill_group:
    skill_groups:
      - name: Technical Experts
        description: Strong technical or networking skills
      - name: Legacy group
        state: absent
  register: result

- name: Apply a reviewed change only if nobody touched the group since the review
  genesyscloud.routing.genesys_skill_group:
    name: Spanish Billing
    description: Reviewed in change CHG-1234
    expected_etag: "{{ reviewed.etag }}"  # from the review, e.g. W/"3f2a9c0e5b7d4e1f8a6b2c9d0e1f2a3b"
'''

RETURN = r'''
skill_group:
  description: The group as the platform stores it after the task (the predicted definition in check mode).
  returned: when a single group is managed and it exists (or would exist)
  type: dict
  sample: {"id": "7a1b2c3d-0000-4000-8000-000000000001", "name": "Spanish Billing", "status": "Complete",
           "skillConditions": [{"operation": "And", "routingSkillConditions": [], "languageSkillConditions": []}]}
member_divisions:
  description: Division ids added to and removed from the member divisions (C(*) for all divisions).
  returned: when O(member_divisions) is given
  type: dict
  sample: {"added": ["*"], "removed": []}
# GENERATED by tools/render_docs.py from its result tables: the keys below are not edited here.
name:
  description: >-
    Name of the skill group.
  returned: when a single skill group is managed
  type: str
id:
  description: >-
    Id of the skill group.
  returned: when a single skill group is managed and it exists
  type: str
etag:
  description: >-
    Client-side ETag of the skill group, a fingerprint of its writable state; the same state gives the
    same etag in every module, report and export. Pass it back as O(expected_etag) to refuse a write if
    the skill group changed since.
  returned: when a single skill group is managed and it exists
  type: str
  sample: W/"3f2a9c0e5b7d4e1f8a6b2c9d0e1f2a3b"
action:
  description: >-
    What the task did or, in check mode, would do: C(create), C(update), C(delete) or C(none).
  returned: when a single skill group is managed
  type: str
  sample: update
changes:
  description: >-
    Field-level changes (option path, before, after), sorted by path, references to other objects by
    name.
  returned: when a single skill group is managed
  type: list
  elements: dict
predicted:
  description: >-
    True: the result is what the task would do, predicted in check mode.
  returned: in check mode, when a change is pending
  type: bool
diff:
  description: >-
    Before and after of the managed options, names instead of ids. In the list form, a list with one
    entry per changed skill group.
  returned: in diff mode (C(--diff))
  type: raw
results:
  description: >-
    One entry per skill group of O(skill_groups), with the keys above plus C(failed) and C(msg) for a
    skill group whose write failed (the others are still applied).
  returned: when O(skill_groups) is given
  type: list
  elements: dict
summary:
  description: >-
    Counts of skill groups created, updated, deleted, unchanged and failed.
  returned: always
  type: dict
  sample: {"create": 1, "update": 2, "delete": 0, "none": 97, "failed": 0}
api_calls:
  description: >-
    API calls the task made, by operation (a no-op run makes no writes).
  returned: always
  type: dict
'''

from ansible_collections.genesyscloud.routing.plugins.module_utils.runner import ResourceModule
from ansible_collections.genesyscloud.routing.plugins.module_utils.skill_groups import SkillGroupService


def main():
    ResourceModule(SkillGroupService).run()


if __name__ == '__main__':
    main()
