#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
---
module: genesys_desired_state
short_description: Load a desired routing state once, as plain data, from variables or files
version_added: 0.2.0
description:
  - Returns the desired-state sections (C(routing_queues), C(routing_skills)...) once, as plain data, for the
    tasks that follow to use. The C(genesyscloud.routing.routing) role runs it first.
  - "Why: ansible-core 2.19 and later tag every value loaded from YAML with where it came from, and copy and
    re-walk tagged data each time a task uses it. With thousands of queues that costs seconds in every task. The
    plain copy this returns costs that once."
  - With O(state_dir), reads the C(.json), C(.yml) and C(.yaml) files below it (sorted, hidden entries skipped, a
    later file wins, as C(ansible.builtin.include_vars) reads a directory) with a fast loader (libyaml when
    present). A file that holds vault-encrypted values or Jinja is read with Ansible's own loader and templated,
    as C(include_vars) would. Only the section variables are taken from the files.
  - Without O(state_dir), takes the defined variables named in O(sections) (the inventory's), templated once.
  - A section of the wrong shape fails the task with its name and source.
  - Runs on the controller (action plugin). Makes no API call.
extends_documentation_fragment:
  - genesyscloud.routing.common
attributes:
  check_mode:
    details: Nothing is ever changed.
  diff_mode:
    support: none
options:
  sections:
    description:
      - The section variables to load; a section that is not defined (or not in the files) is left out.
    type: list
    elements: str
    choices: [routing_skills, routing_skill_groups, routing_utilization, routing_queues, routing_workitem_schemas,
              routing_workbins, routing_worktypes, routing_skill_rules, routing_webhooks]
    default: [routing_skills, routing_skill_groups, routing_utilization, routing_queues, routing_workitem_schemas,
              routing_workbins, routing_worktypes, routing_skill_rules, routing_webhooks]
  state_dir:
    description:
      - Read the sections from the files below this directory (for example an export) instead of from variables.
        Sections defined as variables are then ignored.
    type: path
'''

EXAMPLES = r'''
- name: Load the desired state of an export once
  genesyscloud.routing.genesys_desired_state:
    state_dir: reports/prod/export
  register: desired

- name: Plan the exported queues
  genesyscloud.routing.genesys_queue:
    queues: "{{ desired.state.routing_queues }}"
  check_mode: true
'''

RETURN = r'''
state:
  description: Section variable name to its value, plain data.
  returned: always
  type: dict
  sample: {"routing_queues": [{"name": "Sales", "division": "Sales"}]}
sections:
  description: The loaded sections, in the order of O(sections).
  returned: always
  type: list
  elements: str
  sample: [routing_queues]
counts:
  description: Objects per loaded section (keys of the mapping for C(routing_utilization)).
  returned: always
  type: dict
  sample: {"routing_queues": 1000}
check_mode:
  description:
    - Whether the task ran in check mode. Unlike C(ansible_check_mode), it is also true under a play's
      C(check_mode) keyword, so later tasks can plan differently when nothing is written.
  returned: always
  type: bool
files:
  description: The files read below O(state_dir), in load order.
  returned: always
  type: list
  elements: str
'''
