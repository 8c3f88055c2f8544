#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
---
module: genesys_workbin
short_description: Manage Genesys Cloud task-management workbins
version_added: 0.2.0
description:
  - Creates, updates and deletes workbins, the containers that hold workitems (tasks), one per task or many in
    one task (O(workbins)).
  - Only the options given are managed; the platform's PATCH is partial, so nothing else on the workbin is
    touched.
  - "API operations used: C(POST /api/v2/taskmanagement/workbins/query) (one sweep in the bulk form, a name
    filter otherwise), C(POST /api/v2/taskmanagement/workbins), C(GET/PATCH/DELETE
    /api/v2/taskmanagement/workbins/{workbinId}), and C(GET /api/v2/authorization/divisions) to resolve
    division names."
  - "Permissions: C(workitems:workbin:view), C(workitems:workbin:add), C(workitems:workbin:edit),
    C(workitems:workbin:delete), C(authorization:division:view). A 403 names the missing permission."
author:
  - genesyscloud.routing maintainers (@genesyscloud-routing)
extends_documentation_fragment:
  - genesyscloud.routing.auth
  - genesyscloud.routing.options.workbin
attributes:
  check_mode:
    description: Can run in check_mode and return changed status prediction without modifying target.
    support: full
    details: Reads only; returns the diff and the predicted action.
  diff_mode:
    description: Will return details on what has changed (or possibly needs changing in check_mode), when in diff mode.
    support: full
    details: Shows the managed options, the division by name.
notes:
  - The platform has no ETag on workbins; C(etag) is the collection's client-side fingerprint of the workbin's
    writable state. Before a write the workbin is read again; with O(expected_etag) a workbin changed since the
    review is refused.
'''

EXAMPLES = r'''
- name: A workbin for refund requests in the Support division
  genesyscloud.routing.genesys_workbin:
    name: Refunds
    description: Refund requests waiting for a billing agent
    division: Support

- name: Several workbins with one listing sweep
  genesyscloud.routing.genesys_workbin:
    workbins:
      - name: Refunds
        division: Support
      - name: Address changes
      - name: Old bin
        state: absent
'''

RETURN = r'''
workbin:
  description: The workbin as the platform stores it after the task (before it in check mode).
  returned: when a single workbin is managed and it exists
  type: dict
id:
  description: Id of the workbin.
  returned: when a single workbin is managed
  type: str
etag:
  description: Client-side ETag of the workbin, a fingerprint of its writable state.
  returned: when a single workbin is managed and it exists
  type: str
  sample: W/"3f2a9c0e5b7d4e1f8a6b2c9d0e1f2a3b"
action:
  description: What the task did or, in check mode, would do (C(create), C(update), C(delete), C(none)).
  returned: when a single workbin is managed
  type: str
changes:
  description: Field-level changes (option path, before, after), sorted by path, division by name.
  returned: when a single workbin is managed
  type: list
  elements: dict
diff:
  description: Before and after of the managed options. A list with one entry per changed workbin in the bulk form.
  returned: in diff mode (C(--diff))
  type: raw
results:
  description: One entry per workbin in the bulk form, with the keys above plus C(failed) and C(msg) for a workbin
    whose write failed (the others are still applied).
  returned: when O(workbins) is given
  type: list
  elements: dict
summary:
  description: Counts of workbins created, updated, deleted, unchanged and failed.
  returned: always
  type: dict
api_calls:
  description: API calls the task made, by operation (a no-op run makes no writes).
  returned: always
  type: dict
'''

from ansible_collections.genesyscloud.routing.plugins.module_utils.runner import ResourceModule
from ansible_collections.genesyscloud.routing.plugins.module_utils.workbins import (
    DOCUMENTED_OPTIONS, WORKBIN_OPTIONS, WorkbinService,
)


def main():
    ResourceModule(DOCUMENTED_OPTIONS, 'workbins', WORKBIN_OPTIONS, None, WorkbinService, 'workbin', 'workbins',
                   mutually_exclusive=[('workbins', field.option) for field in WORKBIN_OPTIONS if field.default is None],
                   required_one_of=[('name', 'workbins')]).run()


if __name__ == '__main__':
    main()
