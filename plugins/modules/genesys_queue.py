#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
---
module: genesys_queue
short_description: Manage Genesys Cloud routing queues without losing fields you do not manage
version_added: 0.1.0
description:
  - Creates, updates and deletes routing queues in a Genesys Cloud organization, one per task or many
    in one task (O(queues)).
  - Only the options you give are managed. The platform's queue update replaces the whole object,
    so the module reads the queue, lays the managed keys over it and writes the whole body back;
    every other field survives as it was, and a GET after the write verifies it.
  - Queue members and wrap-up codes are managed through their own endpoints, in bulk calls of at
    most 100, with modes that never remove anything by surprise.
  - The routing API has no ETag, so the module computes a client-side one (a fingerprint of the
    queue's writable state) and returns it as RV(etag). Before writing it re-reads the queue; if
    someone changed it meanwhile, only the managed keys are re-applied onto the fresh copy (with a
    warning), or, when O(expected_etag) pins the reviewed state, the task fails and writes nothing.
  - "API operations used: C(GET /api/v2/routing/queues), C(GET/PUT/DELETE /api/v2/routing/queues/{queueId}),
    C(POST /api/v2/routing/queues), C(GET/POST /api/v2/routing/queues/{queueId}/members),
    C(PATCH /api/v2/routing/queues/{queueId}/members/{memberId}),
    C(GET/POST /api/v2/routing/queues/{queueId}/wrapupcodes),
    C(DELETE /api/v2/routing/queues/{queueId}/wrapupcodes/{codeId}),
    C(POST /api/v2/authorization/divisions/{divisionId}/objects/QUEUE), and the listings used to resolve
    names (divisions, users, groups, teams, skill groups, wrap-up codes)."
  - "Permissions: C(routing:queue:view), C(routing:queue:add), C(routing:queue:edit), C(routing:queue:delete),
    C(routing:queueMember:manage), C(routing:wrapupCode:view), C(authorization:division:view),
    C(directory:user:view), C(directory:group:view), C(groups:team:view), C(routing:skillGroup:view), and to
    move divisions C(routing:queue:edit) in both divisions."
extends_documentation_fragment:
  - genesyscloud.routing.auth
  - genesyscloud.routing.common
  - genesyscloud.routing.options.queue
notes:
  - Members that belong to the queue through a group are never touched; only direct user members are managed.
  - Skill-routing rules (bullseye rings, conditional group routing, preferred-agent rules) are managed by
    M(genesyscloud.routing.genesys_skill_rules).
  - Names are matched exactly on the client side, because the platform's name filter is a wildcard filter.
attributes:
  check_mode:
    details: Reads only; returns the predicted queue and the diff.
  diff_mode:
    details: Shows the managed fields only, names instead of ids, set-like lists sorted.
'''

EXAMPLES = r'''
- name: Use one set of credentials for every task of the collection
  module_defaults:
    group/genesyscloud.routing.genesys:
      client_id: "{{ genesys_client_id }}"
      client_secret: "{{ genesys_client_secret }}"
      region: eu-west-1
  block:
    - name: Create or update a support queue; fields not listed here are left as they are
      genesyscloud.routing.genesys_queue:
        name: Support - Tier 1
        division: Support
        description: First line support
        media_settings:
          call:
            alerting_timeout_seconds: 15
            service_level:
              percentage: 0.8
              duration_ms: 20000
          chat:
            alerting_timeout_seconds: 30
        acw_settings:
          wrapup_prompt: MANDATORY_TIMEOUT
          timeout_ms: 60000
        skill_evaluation_method: BEST
        member_groups:
          - name: Support Agents
            type: GROUP

    - name: Make the direct members exactly this list (adds and removes in bulk calls of 100)
      genesyscloud.routing.genesys_queue:
        name: Support - Tier 1
        members_mode: authoritative
        members:
          - user: alice.martin@example.com
            ring: 1
          - user: grace.okafor@example.com  # ring left unmanaged: a new member gets ring 1
        wrapup_codes: [Resolved, Escalated]

    - name: Add a member without removing anyone
      genesyscloud.routing.genesys_queue:
        name: Support - Tier 1
        members:
          - user: hugo.lefevre@example.com
      register: reviewed

    - name: Apply a reviewed change only if nobody touched the queue since the review
      genesyscloud.routing.genesys_queue:
        name: Support - Tier 1
        description: Reviewed in change CHG-1234
        expected_etag: "{{ reviewed.etag }}"  # from the review, e.g. W/"3f2a9c0e5b7d4e1f8a6b2c9d0e1f2a3b"

    - name: Many queues in one task (one listing sweep, only changed queues written)
      genesyscloud.routing.genesys_queue:
        queues:
          - name: Sales - Inbound
            division: Sales
            media_settings:
              call:
                alerting_timeout_seconds: 20
          - name: Sales - Callback
            division: Sales
          - name: Legacy queue
            state: absent
      register: result

    - name: Delete a queue even if it still has members
      genesyscloud.routing.genesys_queue:
        name: Old queue
        state: absent
        force_delete: true
'''

RETURN = r'''
queue:
  description: The queue as the platform stores it after the task (the predicted queue in check mode).
  returned: when a single queue is managed and it exists (or would exist)
  type: dict
  sample: {"id": "a1b2c3d4-0000-4000-8000-000000000001", "name": "Support - Tier 1", "description": "First line"}
members_etag:
  description:
    - Fingerprint of the queue's managed members (by name, with rings) and wrap-up codes, which RV(etag) does
      not cover; null when neither is managed or the queue does not exist yet. Pass it back as
      O(expected_members_etag) to refuse a write if the membership changed since.
  returned: when a single queue is managed
  type: str
  sample: W/"9b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e"
members:
  description: Counts of member additions, removals and ring changes, and the mode used.
  returned: when members are managed
  type: dict
  sample: {"mode": "additive", "added": 1, "removed": 0, "ring_changes": 0}
wrapup_codes:
  description: Counts of wrap-up code additions and removals, and the mode used.
  returned: when wrap-up codes are managed
  type: dict
# GENERATED by tools/render_docs.py from its result tables: the keys below are not edited here.
name:
  description: >-
    Name of the queue.
  returned: when a single queue is managed
  type: str
id:
  description: >-
    Id of the queue.
  returned: when a single queue is managed and it exists
  type: str
etag:
  description: >-
    Client-side ETag of the queue, a fingerprint of its writable state; the same state gives the same
    etag in every module, report and export. Pass it back as O(expected_etag) to refuse a write if the
    queue changed since.
  returned: when a single queue is managed and it exists
  type: str
  sample: W/"3f2a9c0e5b7d4e1f8a6b2c9d0e1f2a3b"
action:
  description: >-
    What the task did or, in check mode, would do: C(create), C(update), C(delete) or C(none).
  returned: when a single queue is managed
  type: str
  sample: update
changes:
  description: >-
    Field-level changes (option path, before, after), sorted by path, references to other objects by
    name.
  returned: when a single queue is managed
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
    entry per changed queue.
  returned: in diff mode (C(--diff))
  type: raw
results:
  description: >-
    One entry per queue of O(queues), with the keys above plus C(failed) and C(msg) for a queue whose
    write failed (the others are still applied). Unchanged queues carry only C(name), C(id), C(action),
    C(changed), C(etag), C(members_etag).
  returned: when O(queues) is given
  type: list
  elements: dict
summary:
  description: >-
    Counts of queues created, updated, deleted, unchanged and failed.
  returned: always
  type: dict
  sample: {"create": 1, "update": 2, "delete": 0, "none": 97, "failed": 0}
api_calls:
  description: >-
    API calls the task made, by operation (a no-op run makes no writes).
  returned: always
  type: dict
'''

from ansible_collections.genesyscloud.routing.plugins.module_utils.queues import QueueService
from ansible_collections.genesyscloud.routing.plugins.module_utils.runner import ResourceModule


def main():
    ResourceModule(QueueService).run()


if __name__ == '__main__':
    main()
