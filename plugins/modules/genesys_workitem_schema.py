#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
---
module: genesys_workitem_schema
short_description: Manage Genesys Cloud workitem schemas (the custom fields of tasks)
version_added: 0.2.0
description:
  - Creates, updates and deletes workitem schemas, the versioned sets of custom fields that a worktype's
    workitems carry, one per task or many in one task (O(schemas)).
  - Fields are given by name and core type; the module writes them as the platform's JSON-Schema-like
    properties C(<name>_<type>). Fields not listed are kept unless O(purge_fields) is set.
  - Schemas are versioned on the platform. Every update is a whole-object PUT carrying the version that was
    read, so a concurrent change is refused by the platform; the module reports the version its change
    produced in RV(version).
  - "API operations used: C(GET /api/v2/taskmanagement/workitems/schemas) (one listing, not paged),
    C(POST /api/v2/taskmanagement/workitems/schemas), C(GET/PUT/DELETE
    /api/v2/taskmanagement/workitems/schemas/{schemaId})."
  - "Permissions: C(workitems:workitemSchema:view), C(workitems:workitemSchema:add),
    C(workitems:workitemSchema:edit), C(workitems:workitemSchema:delete). A 403 names the missing permission."
author:
  - genesyscloud.routing maintainers (@genesyscloud-routing)
extends_documentation_fragment:
  - genesyscloud.routing.auth
  - genesyscloud.routing.options.workitem_schema
attributes:
  check_mode:
    description: Can run in check_mode and return changed status prediction without modifying target.
    support: full
    details: Reads only; returns the diff and the predicted action.
  diff_mode:
    description: Will return details on what has changed (or possibly needs changing in check_mode), when in diff mode.
    support: full
    details: Shows the description, enabled flag and the fields sorted by name.
notes:
  - C(etag) is the collection's client-side fingerprint of the schema's writable state, the same in every
    module and report. O(expected_etag) refuses a write when the schema changed since the review.
  - The platform allows at most 100 schemas per organization and 50 fields per schema.
'''

EXAMPLES = r'''
- name: Custom fields of a refund request
  genesyscloud.routing.genesys_workitem_schema:
    name: Refund details
    description: What an agent needs to process a refund
    fields:
      - name: order_number
        type: identifier
        title: Order number
        required: true
      - name: amount
        type: number
        constraints:
          minimum: 0
      - name: reason
        type: longtext
  register: schema

- name: The version the change produced, for the worktype
  ansible.builtin.debug:
    msg: "{{ schema.version }}"
'''

RETURN = r'''
workitem_schema:
  description: The schema as the platform stores it after the task (before it in check mode).
  returned: when a single schema is managed and it exists
  type: dict
id:
  description: Id of the schema.
  returned: when a single schema is managed
  type: str
version:
  description: The platform's version of the schema after the task (1 when created; each update adds one).
  returned: when a single schema is managed and it exists
  type: int
  sample: 3
etag:
  description: Client-side ETag of the schema, a fingerprint of its writable state.
  returned: when a single schema is managed and it exists
  type: str
action:
  description: What the task did or, in check mode, would do (C(create), C(update), C(delete), C(none)).
  returned: when a single schema is managed
  type: str
changes:
  description: Field-level changes (option path, before, after), sorted by path.
  returned: when a single schema is managed
  type: list
  elements: dict
diff:
  description: Before and after of the managed options. A list with one entry per changed schema in the bulk form.
  returned: in diff mode (C(--diff))
  type: raw
results:
  description: One entry per schema in the bulk form, with the keys above plus C(failed) and C(msg).
  returned: when O(schemas) is given
  type: list
  elements: dict
summary:
  description: Counts of schemas created, updated, deleted, unchanged and failed.
  returned: always
  type: dict
api_calls:
  description: API calls the task made, by operation (a no-op run makes no writes).
  returned: always
  type: dict
'''

from ansible_collections.genesyscloud.routing.plugins.module_utils.runner import ResourceModule
from ansible_collections.genesyscloud.routing.plugins.module_utils.workitem_schemas import (
    DOCUMENTED_OPTIONS, SCHEMA_OPTIONS, WorkitemSchemaService, check_schema_spec,
)


def main():
    ResourceModule(DOCUMENTED_OPTIONS, 'schemas', SCHEMA_OPTIONS, check_schema_spec,
                   WorkitemSchemaService, 'workitem schema', 'workitem schemas',
                   mutually_exclusive=[('schemas', field.option) for field in SCHEMA_OPTIONS if field.default is None],
                   required_one_of=[('name', 'schemas')]).run()


if __name__ == '__main__':
    main()
