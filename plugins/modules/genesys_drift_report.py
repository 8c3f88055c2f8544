#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
---
module: genesys_drift_report
short_description: Write a deterministic drift report (JSON and Markdown) from the routing role's results
version_added: 0.1.0
description:
  - Collects the results the writing modules registered in one run of the C(genesyscloud.routing.routing) role
    (usually under C(--check --diff)) and writes what each object needs, created, changed or deleted, with its
    field-level changes (option path, before, after, names instead of ids) and the client-side etag seen.
  - The report is deterministic. It has no timestamps, sorted keys, objects in the order the role applies them
    (skills, skill groups, utilization, queues, skill rules, webhooks) and by name inside a kind. The same
    organization state and desired state give byte-identical files.
  - The JSON report's C(etags) map (kind, then name, then etag, for every object seen, changed or not) is what
    the apply playbook takes as C(routing_expected_etags) to refuse objects changed since the review. Its
    C(queue_members) entry pins the managed members and wrap-up codes of each queue (the queue etag covers the
    queue body only); a queue change lists the members and codes C(added) and C(removed) by name.
  - Runs on the controller (action plugin) and makes no API call.
extends_documentation_fragment:
  - genesyscloud.routing.common
options:
  results:
    description:
      - The registered results of the role's module tasks, keyed by kind (C(skill), C(skill_group), C(utilization),
        C(queue), C(skill_rules), C(webhook)). Bulk results (C(results) lists), loop results and single-object
        results are all understood; skipped tasks count as nothing declared.
    type: dict
    required: true
  environment:
    description:
      - Name of the environment, shown in the report.
    type: str
    required: true
  mode:
    description:
      - C(check) for a drift report (pending changes), C(apply) for a report of what a run changed.
      - Defaults to C(check) when the task runs in check mode (C(--check) or C(check_mode) on the play or task),
        else C(apply).
    type: str
    choices: ['check', 'apply']
  report_dir:
    description:
      - Write the reports into this directory, as C(drift.json) and C(drift.md) in C(check) mode, C(apply.json) and
        C(apply.md) in C(apply) mode. O(json_path) and O(markdown_path) override the file names.
    type: path
  json_path:
    description:
      - Write the JSON report here (for machines, and for the apply playbook's expected etags).
    type: path
  markdown_path:
    description:
      - Write the Markdown report here (for people, for example as a pull-request comment).
    type: path
  expected_etags:
    description:
      - Etags of a reviewed report (its C(etags) map). Objects whose etag now differs are returned in RV(stale).
    type: dict
attributes:
  check_mode:
    details: The report is the product of a check-mode run, so the files are written in check mode too.
  diff_mode:
    support: none
'''

EXAMPLES = r'''
- name: Write the drift report of the dev environment
  genesyscloud.routing.genesys_drift_report:
    environment: dev
    results:
      skill: "{{ routing_result_skills }}"
      queue: "{{ routing_result_queues }}"
    json_path: reports/dev/drift.json
    markdown_path: reports/dev/drift.md
'''

RETURN = r'''
report:
  description: The report as written to O(json_path).
  returned: always
  type: dict
  contains:
    format:
      description: Format identifier, C(genesyscloud.routing/drift-report/v1).
      type: str
    environment:
      description: O(environment).
      type: str
    mode:
      description: C(check) or C(apply).
      type: str
    in_sync:
      description: Whether nothing is to be created, changed or deleted and nothing failed.
      type: bool
    summary:
      description: Counts of objects to create, update, delete, unchanged and failed.
      type: dict
    objects:
      description: One entry per object with a pending (or made) change, with C(kind), C(name), C(action),
        C(etag) (the etag seen; null for an object still to create) and C(changes) (C(path), C(before), C(after)).
      type: list
      elements: dict
    etags:
      description: Kind, then name, then the etag seen, for every object the run looked at.
      type: dict
  sample:
    format: genesyscloud.routing/drift-report/v1
    environment: dev
    mode: check
    in_sync: false
    summary: {"create": 1, "update": 1, "delete": 0, "unchanged": 30, "failed": 0}
    objects:
      - kind: queue
        name: Sales
        action: update
        etag: W/"3f2a9c0e5b7d4e1f8a6b2c9d0e1f2a3b"
        changes: [{"path": "media_settings.call.alerting_timeout_seconds", "before": 10, "after": 15}]
    etags: {"queue": {"Sales": "W/\"3f2a9c0e5b7d4e1f8a6b2c9d0e1f2a3b\""}}
in_sync:
  description: Same as RV(report.in_sync).
  returned: always
  type: bool
summary:
  description: Same as RV(report.summary).
  returned: always
  type: dict
stale:
  description: Objects whose etag differs from O(expected_etags), with C(kind), C(name), C(expected) and C(found).
  returned: when O(expected_etags) is given
  type: list
  elements: dict
# GENERATED by tools/render_docs.py from its result tables: the keys below are not edited here.
json_path:
  description: >-
    Absolute path of the JSON report written.
  returned: when O(json_path) or O(report_dir) is given
  type: str
markdown_path:
  description: >-
    Absolute path of the Markdown report written.
  returned: when O(markdown_path) or O(report_dir) is given
  type: str
'''
