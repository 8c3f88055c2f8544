#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
---
module: genesys_skill
short_description: Manage Genesys Cloud routing skills by name, in divisions
version_added: 0.1.0
description:
  - Creates and deletes routing skills, and moves them between divisions, one per task or many in one
    task (O(skills)).
  - B(Skills cannot be renamed on the platform.) The name is the key; a name that does not exist creates a
    new skill, and nothing in this module pretends to rename. To rename a skill, create the new one, move
    every reference to it (queues, skill groups, user skill assignments), then delete the old one with
    O(state=absent).
  - Moving a skill to another division is the only change the platform allows on an existing skill.
  - Deleting is a soft delete on the platform; the skill keeps its id with state C(deleted). Such a skill
    counts as absent, and creating the same name again gives a new skill with a new id.
  - "API operations used: C(GET /api/v2/routing/skills) (one listing sweep in the bulk form, a name-prefix
    query otherwise), C(POST /api/v2/routing/skills), C(GET/PATCH/DELETE /api/v2/routing/skills/{skillId}),
    and C(GET /api/v2/authorization/divisions) to resolve division names."
  - "Permissions: C(routing:skill:view), C(routing:skill:manage) (or C(routing:skill:create) to create,
    C(routing:skill:update) to move, C(routing:skill:delete) to delete), C(authorization:division:view).
    A 403 names the missing permission."
author:
  - genesyscloud.routing maintainers (@genesyscloud-routing)
extends_documentation_fragment:
  - genesyscloud.routing.auth
  - genesyscloud.routing.options.skill
attributes:
  check_mode:
    description: Can run in check_mode and return changed status prediction without modifying target.
    support: full
    details: Reads only; returns the predicted skill and the diff.
  diff_mode:
    description: Will return details on what has changed (or possibly needs changing in check_mode), when in diff mode.
    support: full
    details: Shows the name and, when managed, the division by name.
notes:
  - Names are matched exactly on the client side, because the platform's name filter is a prefix filter.
    A name that differs from an existing skill only in case fails before any write, since skill names are
    unique regardless of case and cannot be changed.
  - Skill-group expressions refer to skills by name; see M(genesyscloud.routing.genesys_skill_group).
'''

EXAMPLES = r'''
- name: Use one set of credentials for every task of the collection
  module_defaults:
    group/genesyscloud.routing.genesys:
      client_id: "{{ genesys_client_id }}"
      client_secret: "{{ genesys_client_secret }}"
      region: eu-west-1
  block:
    - name: A skill in the Support division (created, or moved there if it lives elsewhere)
      genesyscloud.routing.genesys_skill:
        name: Networking
        division: Support

    - name: Many skills in one task (one listing sweep; only skills that change are written)
      genesyscloud.routing.genesys_skill:
        skills:
          - name: Billing
          - name: Returns
            division: Support
          - name: Legacy product
            state: absent

    - name: "Rename 'Spansih' to 'Spanish', step 1: create the new skill"
      genesyscloud.routing.genesys_skill:
        name: Spanish

    # Step 2: point queues, skill groups and user assignments at 'Spanish'.

    - name: "Rename, step 3: delete the old skill (a soft delete on the platform)"
      genesyscloud.routing.genesys_skill:
        name: Spansih
        state: absent
'''

RETURN = r'''
skill:
  description: The skill as the platform stores it after the task (the predicted skill in check mode).
  returned: when a single skill is managed and it exists (or would exist)
  type: dict
  sample: {"id": "5f1e0c6a-0000-4000-8000-000000000001", "name": "Networking", "state": "active",
           "division": {"id": "b1b2c3d4-0000-4000-8000-000000000002", "name": "Support"}}
id:
  description: Id of the skill.
  returned: when a single skill is managed and it exists
  type: str
etag:
  description: Client-side ETag of the skill, a fingerprint of its writable state (the same in every module).
  returned: when a single skill is managed and it exists
  type: str
  sample: W/"3f2a9c0e5b7d4e1f8a6b2c9d0e1f2a3b"
action:
  description: What the task did or, in check mode, would do (C(create), C(update) for a division move,
    C(delete), C(none)).
  returned: when a single skill is managed
  type: str
  sample: create
changes:
  description: Field-level changes (option path, before, after), division by name, sorted by path.
  returned: when a single skill is managed
  type: list
  elements: dict
  sample: [{"path": "division", "before": "Home", "after": "Support"}]
diff:
  description: Before and after of the name and the managed division. A list with one entry per changed
    skill in the bulk form.
  returned: in diff mode (C(--diff))
  type: raw
results:
  description: One entry per skill in the bulk form, with the keys above plus C(failed) and C(msg) for a
    skill whose write failed (the others are still applied).
  returned: when O(skills) is given
  type: list
  elements: dict
summary:
  description: Counts of skills created, updated (moved), deleted, unchanged and failed.
  returned: always
  type: dict
  sample: {"create": 1, "update": 0, "delete": 1, "none": 18, "failed": 0}
api_calls:
  description: API calls the task made, by operation (useful to check a no-op run made no writes).
  returned: always
  type: dict
'''

from ansible_collections.genesyscloud.routing.plugins.module_utils.runner import ResourceModule
from ansible_collections.genesyscloud.routing.plugins.module_utils.skill_fields import DOCUMENTED_OPTIONS, SKILL_ITEM
from ansible_collections.genesyscloud.routing.plugins.module_utils.skills import SkillService


def main():
    ResourceModule(
        DOCUMENTED_OPTIONS, 'skills', SKILL_ITEM, None, SkillService,
        'skill', 'skills',
        mutually_exclusive=[('skills', 'name'), ('skills', 'division'), ('skills', 'expected_etag')],
        required_one_of=[('name', 'skills')],
    ).run()


if __name__ == '__main__':
    main()
