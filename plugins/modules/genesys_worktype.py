#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
---
module: genesys_worktype
short_description: Manage Genesys Cloud worktypes (task routing) and their statuses
version_added: 0.2.0
description:
  - Creates, updates and deletes worktypes, one per task or many in one task (O(worktypes)). A worktype says how
    its workitems (tasks) are routed - default queue, skills, language, priority, due and expiry durations (the
    SLA) - which workbin holds them, which workitem schema they carry, and the statuses they move through.
  - Only the options given are managed; settings are written with a partial PATCH of the managed keys that
    differ, so nothing else on the worktype is touched.
  - Statuses are created, renamed (O(statuses[].previous_name)), recategorized (replaced, since the platform
    cannot change a category), given transitions and automatic transitions, and removed in an order the platform
    accepts - new statuses first, then transitions, then the default status, then removals.
  - "API operations used: C(POST /api/v2/taskmanagement/worktypes/query) (one sweep in the bulk form, a name
    filter otherwise), C(POST /api/v2/taskmanagement/worktypes), C(GET/PATCH/DELETE
    /api/v2/taskmanagement/worktypes/{worktypeId}), C(GET/POST /api/v2/taskmanagement/worktypes/{worktypeId}/statuses),
    C(PATCH/DELETE /api/v2/taskmanagement/worktypes/{worktypeId}/statuses/{statusId}), and to resolve names
    C(POST /api/v2/taskmanagement/workbins/query), C(GET /api/v2/taskmanagement/workitems/schemas),
    C(GET /api/v2/routing/queues), C(GET /api/v2/routing/skills), C(GET /api/v2/routing/languages),
    C(GET /api/v2/authorization/divisions)."
  - "Permissions: C(workitems:worktype:view), C(workitems:worktype:add), C(workitems:worktype:edit),
    C(workitems:worktype:delete); for statuses C(workitems:status:view), C(workitems:status:add),
    C(workitems:status:edit), C(workitems:status:delete); C(workitems:workbin:view), C(workitems:workitemSchema:view),
    C(routing:queue:view), C(routing:skill:view), C(routing:language:view) (reading languages),
    C(authorization:division:view). A 403 names the missing permission."
author:
  - genesyscloud.routing maintainers (@genesyscloud-routing)
extends_documentation_fragment:
  - genesyscloud.routing.auth
  - genesyscloud.routing.options.worktype
attributes:
  check_mode:
    description: Can run in check_mode and return changed status prediction without modifying target.
    support: full
    details: Reads only (the worktype, its statuses, the names it refers to); returns the diff and the predicted action.
  diff_mode:
    description: Will return details on what has changed (or possibly needs changing in check_mode), when in diff mode.
    support: full
    details: Shows the managed settings with queue, skills, language, workbin, schema and statuses by name.
notes:
  - The platform has no ETag on worktypes; C(etag) is the collection's client-side fingerprint of the worktype's
    writable state including its statuses. Before a write the worktype is read again; with O(expected_etag) a
    worktype changed since the review is refused.
  - The division and, once set, the schema of a worktype cannot change on the platform; the module fails before
    any write when asked to.
'''

EXAMPLES = r'''
- name: Refund requests go to the Support queue, need two skills and are due in 2 days
  genesyscloud.routing.genesys_worktype:
    name: Refund request
    workbin: Refunds
    schema: Refund details
    default_queue: Support
    default_skills: [Refunds, Billing]
    default_language: English
    default_priority: 10
    default_due_duration_seconds: 172800
    assignment_enabled: true
    statuses:
      - name: Open
        category: Open
      - name: Waiting on customer
        category: Waiting
        destinations: [Open, Closed]
        default_destination: Closed
        transition_delay_seconds: 604800
      - name: Closed
        category: Closed
        auto_terminate: true
    default_status: Open

- name: Rename a status and drop the ones not listed
  genesyscloud.routing.genesys_worktype:
    name: Refund request
    statuses:
      - name: New
        previous_name: Open
        category: Open
      - name: Closed
        category: Closed
    default_status: New
    purge_statuses: true
'''

RETURN = r'''
worktype:
  description: The worktype as the platform stores it after the task (before it in check mode); with its statuses
    when they are managed.
  returned: when a single worktype is managed and it exists
  type: dict
id:
  description: Id of the worktype.
  returned: when a single worktype is managed
  type: str
etag:
  description: Client-side ETag of the worktype, a fingerprint of its writable state.
  returned: when a single worktype is managed and it exists
  type: str
action:
  description: What the task did or, in check mode, would do (C(create), C(update), C(delete), C(none)).
  returned: when a single worktype is managed
  type: str
changes:
  description: Field-level changes (option path, before, after), sorted by path, references by name.
  returned: when a single worktype is managed
  type: list
  elements: dict
diff:
  description: Before and after of the managed options. A list with one entry per changed worktype in the bulk form.
  returned: in diff mode (C(--diff))
  type: raw
results:
  description: One entry per worktype in the bulk form, with the keys above plus C(failed) and C(msg).
  returned: when O(worktypes) is given
  type: list
  elements: dict
summary:
  description: Counts of worktypes created, updated, deleted, unchanged and failed.
  returned: always
  type: dict
api_calls:
  description: API calls the task made, by operation (a no-op run makes no writes).
  returned: always
  type: dict
'''

from ansible_collections.genesyscloud.routing.plugins.module_utils.fieldmap import FieldMapError
from ansible_collections.genesyscloud.routing.plugins.module_utils.runner import ResourceModule
from ansible_collections.genesyscloud.routing.plugins.module_utils.worktype_fields import (
    DOCUMENTED_OPTIONS, WORKTYPE_OPTIONS,
)
from ansible_collections.genesyscloud.routing.plugins.module_utils.worktypes import WorktypeService


def status_errors(spec, prefix):
    errors = []
    seen = set()
    for index, status in enumerate(spec.get('statuses') or []):
        path = '%sstatuses[%d].' % (prefix, index)
        if status['name'].lower() in seen:
            errors.append(FieldMapError(path + 'name', "status '%s' is listed twice" % status['name'], status['name']))
        seen.add(status['name'].lower())
    return errors


def main():
    ResourceModule(DOCUMENTED_OPTIONS, 'worktypes', WORKTYPE_OPTIONS, status_errors, WorktypeService,
                   'worktype', 'worktypes',
                   mutually_exclusive=[('worktypes', field.option) for field in WORKTYPE_OPTIONS
                                       if field.default is None],
                   required_one_of=[('name', 'worktypes')]).run()


if __name__ == '__main__':
    main()
