#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
---
module: genesys_validate
short_description: Validate a desired routing state offline, with JUnit and Markdown reports for CI
version_added: 0.1.0
description:
  - Checks the desired-state files of an environment (usually C(inventories/<env>/group_vars/all/)) without
    credentials and without any API call, so it can run on every pull request.
  - "Checks: the JSON Schema of the format (C(schemas/desired_state.schema.json) in the collection, built from the
    modules' own schemas and field maps), the platform's bounds and the modules' cross-field rules, names declared
    twice, unknown C(routing_*) variables (typos), a section set in two files, and cross-references: a rule, queue
    or skill group naming a skill, skill group or queue must find it in the state or in the optional O(snapshot)
    (an export of the organization), and must not name one the state deletes."
  - "Every problem names the file, the line, the option path and the value, for example
    C(group_vars/all/queues.yml:12: routing_queues[1].media_settings.call.alerting_timeout_seconds: 5 is below the
    minimum 7 (value: 5))."
  - Files encrypted whole with ansible-vault are skipped (they hold credentials, not desired state), so no vault
    password is needed. Values that are Jinja expressions are only known once Ansible templates them and are not
    checked.
  - Runs on the controller (action plugin). Writes the reports there.
requirements:
  - jsonschema (on the controller)
extends_documentation_fragment:
  - genesyscloud.routing.common
notes:
  - References to divisions, users, directory groups, teams, languages and wrap-up codes can only be checked
    offline when the snapshot lists them (C(routing_known_names), written by the export playbook). Otherwise
    they are counted in RV(unverified_references), and the modules check them against the organization before
    any write.
options:
  paths:
    description:
      - Files or directories holding the desired state. Directories are read like Ansible reads
        C(group_vars/all/) (every C(.yml), C(.yaml) and C(.json) file below it, hidden entries skipped, sorted).
    type: list
    elements: path
    required: true
  snapshot:
    description:
      - Files or directories of an exported snapshot of the organization (the output of the export playbook).
        Objects it contains count as existing when cross-references are checked.
    type: list
    elements: path
  junit_path:
    description:
      - Write a JUnit XML report here (one test suite per file, one failing test case per problem).
    type: path
  markdown_path:
    description:
      - Write a Markdown summary here (for a pull-request comment or a CI job summary).
    type: path
  relative_to:
    description:
      - File names in messages and reports are shown relative to this directory when they are below it.
      - Defaults to the current working directory.
    type: path
  fail_on_error:
    description:
      - Fail the task when an error is found (the reports are written first).
    type: bool
    default: true
attributes:
  check_mode:
    details: Validation never changes anything; the report files are written in check mode too.
  diff_mode:
    support: none
'''

EXAMPLES = r'''
- name: Validate the dev environment and write CI reports
  genesyscloud.routing.genesys_validate:
    paths:
      - "{{ inventory_dir }}/group_vars/all"
    junit_path: "{{ playbook_dir }}/../reports/dev/validate.junit.xml"
    markdown_path: "{{ playbook_dir }}/../reports/dev/validate.md"
    relative_to: "{{ playbook_dir }}/.."

- name: Check cross-references against an export of the organization too
  genesyscloud.routing.genesys_validate:
    paths:
      - inventories/prod/group_vars/all
    snapshot:
      - reports/prod/export
'''

RETURN = r'''
valid:
  description: Whether no error was found.
  returned: always
  type: bool
  sample: false
errors:
  description: One entry per error, sorted by file and option path.
  returned: always
  type: list
  elements: dict
  contains:
    file:
      description: The file, as shown in messages.
      type: str
    line:
      description: Line of the option in the file (of its closest existing parent when the option is missing).
      type: int
    path:
      description: Option path inside the file, for example C(routing_queues[1].media_settings.call.alerting_timeout_seconds).
      type: str
    value:
      description: The offending value.
      type: raw
    message:
      description: What is wrong.
      type: str
    check:
      description: Which check found it (C(format), C(schema), C(rule), C(duplicate), C(reference)).
      type: str
    text:
      description: "The whole message: C(file:line: path: message (value: ...))."
      type: str
  sample:
    - file: inventories/dev/group_vars/all/queues.yml
      line: 12
      path: routing_queues[1].media_settings.call.alerting_timeout_seconds
      value: 5
      message: 5 is below the minimum 7
      check: schema
      text: "inventories/dev/group_vars/all/queues.yml:12: routing_queues[1].media_settings.call.alerting_timeout_seconds:
        5 is below the minimum 7 (value: 5)"
warnings_found:
  description: Problems that do not fail validation (for example a queue addressed by id), shaped like RV(errors).
  returned: always
  type: list
  elements: dict
files:
  description: The files read.
  returned: always
  type: list
  elements: str
vault_files_skipped:
  description: Files skipped because they are encrypted whole with ansible-vault.
  returned: always
  type: list
  elements: str
templated_values_skipped:
  description: How many findings were dropped because the value is a Jinja expression.
  returned: always
  type: int
unverified_references:
  description: Per kind, how many references could not be checked offline.
  returned: always
  type: dict
  sample: {"user": 7, "wrapup_code": 12}
# GENERATED by tools/render_docs.py from its result tables: the keys below are not edited here.
markdown_path:
  description: >-
    Absolute path of the Markdown report written.
  returned: when O(markdown_path) is given
  type: str
junit_path:
  description: >-
    Absolute path of the JUnit report written.
  returned: when O(junit_path) is given
  type: str
'''
