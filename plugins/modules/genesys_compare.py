#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
---
module: genesys_compare
short_description: Compare the routing configuration of two environments, matched by name
version_added: 0.1.0
description:
  - Compares two desired-state documents, normally the exports of two organizations made by the C(export)
    entry point of the C(genesyscloud.routing.routing) role, and writes a JSON and a Markdown report.
  - Ids differ between organizations, so objects are matched by name (queues, skills, skill groups, webhooks;
    rule sets by queue name) and references are compared by name, as the export writes them. Server-owned
    fields are not part of an export.
  - Lists whose order means nothing (member groups, skills to remove, divisions, events...) are compared as sets;
    bullseye rings, conditional group routing rules and preferred agent rules keep their order. Whole numbers
    compare equal whatever their type (C(30) and C(30.0)).
  - Options that hold ids of objects the collection cannot name (flows, prompts, scripts, email routes, messaging
    addresses, canned response libraries) differ between organizations by construction, so they are not
    compared; the report lists them.
  - The comparison itself is made by the Python library deepdiff, on the controller (action plugin).
  - The report is in a stable order (kinds in the order the role applies them, then names, then option paths).
requirements:
  - deepdiff (on the controller)
extends_documentation_fragment:
  - genesyscloud.routing.common
options:
  left:
    description:
      - The first desired-state document (C(routing_skills), C(routing_queues)...).
    type: dict
    required: true
  right:
    description:
      - The second desired-state document.
    type: dict
    required: true
  left_name:
    description:
      - Name of the first environment in the report.
    type: str
    default: left
  right_name:
    description:
      - Name of the second environment in the report.
    type: str
    default: right
  ignore:
    description:
      - Differences to leave out, as C(kind/name/path) patterns where C(*) matches anything. A path covers
        everything below it; a pattern without a path (or with C(*)) leaves the whole object out.
      - Kinds are C(skill), C(skill_group), C(utilization) (its name is C(organization)), C(queue),
        C(skill_rules) and C(webhook). Examples are C(queue/*/description), C(queue/Sales/media_settings.call),
        C(skill/Legacy*).
    type: list
    elements: str
    default: []
  json_path:
    description:
      - Write the JSON report here.
    type: path
  markdown_path:
    description:
      - Write the Markdown report here.
    type: path
  fail_on_difference:
    description:
      - Fail the task when the environments differ (after writing the reports).
    type: bool
    default: false
attributes:
  check_mode:
    details: Nothing is changed anywhere; the report files are written in check mode too.
  diff_mode:
    support: none
'''

EXAMPLES = r'''
- name: Compare dev with prod, ignoring descriptions
  genesyscloud.routing.genesys_compare:
    left: "{{ hostvars['dev'].routing_export }}"
    right: "{{ hostvars['prod'].routing_export }}"
    left_name: dev
    right_name: prod
    ignore:
      - queue/*/description
    json_path: reports/compare-dev-prod.json
    markdown_path: reports/compare-dev-prod.md
'''

RETURN = r'''
identical:
  description: Whether no difference was found (outside the ignore list).
  returned: always
  type: bool
summary:
  description: Counts of objects only in the left, only in the right, different, and the same.
  returned: always
  type: dict
  sample: {"only_in_left": 0, "only_in_right": 1, "different": 2, "same": 40}
report:
  description: The report as written to O(json_path).
  returned: always
  type: dict
  contains:
    only_in_left:
      description: Objects (C(kind), C(name)) only the left environment has.
      type: list
      elements: dict
    only_in_right:
      description: Objects only the right environment has.
      type: list
      elements: dict
    different:
      description: Objects in both that differ, each with C(differences), a list of C(path), C(left), C(right).
      type: list
      elements: dict
    not_compared:
      description: Per kind, the option paths left out because they hold organization-specific ids.
      type: dict
  sample:
    format: genesyscloud.routing/compare-report/v1
    left: dev
    right: prod
    identical: false
    summary: {"only_in_left": 0, "only_in_right": 1, "different": 1, "same": 40}
    only_in_left: []
    only_in_right: [{"kind": "skill", "name": "Mandarin"}]
    different:
      - kind: queue
        name: Sales
        differences: [{"path": "description", "left": "Inbound sales", "right": "Inbound sales (EMEA)"}]
# GENERATED by tools/render_docs.py from its result tables: the keys below are not edited here.
json_path:
  description: >-
    Absolute path of the JSON report written.
  returned: when O(json_path) is given
  type: str
markdown_path:
  description: >-
    Absolute path of the Markdown report written.
  returned: when O(markdown_path) is given
  type: str
'''
