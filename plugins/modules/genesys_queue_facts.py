#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
---
module: genesys_queue_facts
short_description: Read Genesys Cloud queue definitions, live figures and history, and export them as code
version_added: 0.1.0
description:
  - Answers "what is configured" and "how are my queues doing" in one read-only task.
  - Definitions of all queues or a selection (exact names, name patterns, divisions), and of skills, skill
    groups, divisions and the organization-wide utilization. Each kind is read with one listing sweep at the
    largest page size, never one GET per queue. Members and wrap-up codes cost up to one call per queue each
    (members are read from the cheaper side, per queue or per user) and are opt-in (O(include)).
  - Every object carries its client-side etag, the same fingerprint the writing modules return.
  - O(format=desired_state) returns the objects in exactly the option shape of the writing modules, with ids
    replaced by names and server-owned fields removed, in stable order. Feeding that output back into them
    reports no change, so it serves as an export of the organization to code.
  - Live figures (O(live)) come from the queue observations query, batched over many queues. The occupancy
    snapshot is this collection's definition built from real metrics, not a platform field. It is
    INTERACTING / (IDLE + INTERACTING + COMMUNICATING) over the queue's on-queue agents.
  - Historical figures (O(interval), O(granularity)) come from the conversation aggregates query.
  - Thresholds (O(alert_when)) produce an RV(alerts) list that a playbook can C(assert) on or notify with.
    O(report_path) writes a self-contained HTML snapshot report with bars per queue.
  - Results are returned both as plain keys (RV(queues), RV(skills), ...) and under C(ansible_facts)
    (C(genesys_queues), C(genesys_skills), C(genesys_skill_groups), C(genesys_divisions), C(genesys_utilization),
    C(genesys_skill_rules), C(genesys_workitem_schemas), C(genesys_workbins), C(genesys_worktypes),
    C(genesys_workitem_load), C(genesys_queue_live), C(genesys_queue_history), C(genesys_queue_alerts)).
  - "API operations used: C(GET /api/v2/routing/queues), C(GET /api/v2/routing/queues/{queueId}/members),
    C(GET /api/v2/routing/queues/{queueId}/wrapupcodes), C(GET /api/v2/routing/skills),
    C(GET /api/v2/routing/skillgroups), C(GET /api/v2/routing/skillgroups/{skillGroupId}),
    C(GET /api/v2/routing/skillgroups/{skillGroupId}/members/divisions), C(GET /api/v2/authorization/divisions),
    C(GET /api/v2/routing/utilization),
    C(POST /api/v2/analytics/queues/observations/query), C(POST /api/v2/analytics/conversations/aggregates/query),
    C(POST /api/v2/analytics/taskmanagement/metrics/query) (read-only queries), for the task-routing kinds
    C(POST /api/v2/taskmanagement/workbins/query), C(POST /api/v2/taskmanagement/worktypes/query),
    C(GET /api/v2/taskmanagement/worktypes/{worktypeId}/statuses),
    C(GET /api/v2/taskmanagement/workitems/schemas), and the listings used to show names instead of ids in the desired state (users, groups,
    teams, skill groups, skills)."
  - "Permissions: C(routing:queue:view) (also covers the member and wrap-up code listings of a queue),
    C(authorization:division:view); with members C(directory:user:view) to show users by email; with skills
    C(routing:skill:view); with skill groups C(routing:skillGroup:view); with utilization
    C(routing:utilization:view); for the names of member groups and removed skills in the desired state
    C(directory:group:view), C(groups:team:view), C(routing:skillGroup:view) and C(routing:skill:view); with
    O(live) C(analytics:queueObservation:view); with O(interval) C(analytics:conversationAggregate:view); with
    the task-routing kinds C(workitems:workitemSchema:view), C(workitems:workbin:view),
    C(workitems:worktype:view), C(workitems:status:view); with C(workitem_load)
    C(analytics:taskManagementObservation:view) (UNCONFIRMED name)."
extends_documentation_fragment:
  - genesyscloud.routing.auth
  - genesyscloud.routing.common
  - genesyscloud.routing.options.queue_facts
notes:
  - Names are matched exactly (or by pattern) on the client side after one listing sweep, because the
    platform's name filters are prefix or wildcard filters.
  - The largest number of queue ids one analytics query accepts is not documented; the module sends 100 per
    query.
  - See docs/queue_facts.md in the collection for every metric's definition.
attributes:
  check_mode:
    details: The module never writes to the platform. In check mode the report file is not written.
  diff_mode:
    support: none
    details: Nothing on the platform changes, so there is nothing to diff.
'''

EXAMPLES = r'''
- name: All queue definitions, one listing sweep
  genesyscloud.routing.genesys_queue_facts:
  register: org

- name: Export the Support division as code, members and wrap-up codes included
  genesyscloud.routing.genesys_queue_facts:
    gather: [queues, skills, skill_groups]
    divisions: [Support]
    include: [members, wrapup_codes]
    format: desired_state
  register: export

- name: Applying the export changes nothing
  genesyscloud.routing.genesys_queue:
    queues: "{{ export.queues }}"

- name: How are the sales queues doing right now and today?
  genesyscloud.routing.genesys_queue_facts:
    gather: []
    name_patterns: ["Sales*"]
    live: true
    interval: "{{ '%Y-%m-%dT00:00:00Z' | strftime }}/{{ '%Y-%m-%dT%H:%M:%SZ' | strftime }}"
    granularity: PT1H
    alert_when:
      occupancy_above: 0.85
      waiting_above: 10
      service_level_below: 0.8
    report_path: "{{ playbook_dir }}/queues.html"
  check_mode: false
  register: status

- name: Fail the run when a queue is over a threshold
  ansible.builtin.assert:
    that: status.alerts | length == 0
    fail_msg: "{{ status.alerts | map(attribute='msg') | join('; ') }}"
'''

RETURN = r'''
queues:
  description:
    - The selected queues, sorted by name. With O(format=api) the platform's Queue objects plus C(etag), and
      C(members) / C(wrapup_codes) (the platform's listings) and C(skill_rules) when included. With
      O(format=desired_state) the options of M(genesyscloud.routing.genesys_queue) (plus C(id) for a name
      used by several queues).
  returned: when C(queues) is in O(gather)
  type: list
  elements: dict
  sample: [{"name": "Sales", "division": "Sales", "description": "Inbound sales",
            "media_settings": {"call": {"alerting_timeout_seconds": 10}}}]
skills:
  description: The selected routing skills (deleted skills left out), in the same two formats.
  returned: when C(skills) is in O(gather)
  type: list
  elements: dict
skill_groups:
  description:
    - The selected skill groups (full definitions, read one by one because the listing leaves out the
      expression), in the same two formats, with C(member_divisions) when included.
  returned: when C(skill_groups) is in O(gather)
  type: list
  elements: dict
divisions:
  description: The divisions (O(divisions) narrows them), as the platform returns them or as name and description.
  returned: when C(divisions) is in O(gather)
  type: list
  elements: dict
utilization:
  description: The organization-wide utilization settings, with C(etag) in the api format.
  returned: when C(utilization) is in O(gather)
  type: dict
skill_rules:
  description: The queues' skill-routing rules in the option shape of M(genesyscloud.routing.genesys_skill_rules).
  returned: with O(format=desired_state) and C(skill_rules) in O(include)
  type: list
  elements: dict
workitem_schemas:
  description: The selected workitem schemas, in the api format (with C(etag)) or in the option shape of
    M(genesyscloud.routing.genesys_workitem_schema).
  returned: when C(workitem_schemas) is in O(gather)
  type: list
  elements: dict
workbins:
  description: The selected workbins, in the api format (with C(etag)) or in the option shape of
    M(genesyscloud.routing.genesys_workbin).
  returned: when C(workbins) is in O(gather)
  type: list
  elements: dict
worktypes:
  description: The selected worktypes with their statuses, in the api format (with C(etag)) or in the option shape
    of M(genesyscloud.routing.genesys_worktype).
  returned: when C(worktypes) is in O(gather)
  type: list
  elements: dict
workitem_load:
  description: Workitems of the selected queues per worktype, by name, from the task-management analytics
    observations. C(waiting) counts unassigned workitems, C(in_progress) assigned ones, C(overdue) those past their
    due date.
  returned: when C(workitem_load) is in O(gather)
  type: list
  elements: dict
  sample: [{"queue": "Support", "worktype": "Refund request", "waiting": 5, "in_progress": 2, "overdue": 1}]
etags:
  description: Client-side etags by kind, then by name (by id for a name several objects share).
  returned: always
  type: dict
  sample: {"queues": {"Sales": "W/\"3f2a9c0e5b7d4e1f8a6b2c9d0e1f2a3b\""}}
not_found:
  description: Names from O(names) that matched no object.
  returned: always
  type: list
  elements: str
live:
  description:
    - Live figures per selected queue. C(agents) counts members (C(members)), joined members (C(active)), and the
      joined members by routing status (C(on_queue), C(off_queue), C(idle), C(interacting), C(communicating),
      C(not_responding)). C(conversations) counts conversations C(waiting), C(interacting) and C(alerting), and
      gives C(longest_waiting_seconds).
    - C(occupancy) is INTERACTING / (IDLE + INTERACTING + COMMUNICATING) on-queue agents, null without such agents.
  returned: when O(live) is set or a live threshold is given
  type: list
  elements: dict
  sample: [{"name": "Sales", "id": "a1b2", "occupancy": 0.9167,
            "agents": {"members": 14, "active": 13, "on_queue": 12, "off_queue": 1, "idle": 1, "interacting": 11,
                       "communicating": 0, "not_responding": 0},
            "conversations": {"waiting": 14, "interacting": 11, "alerting": 0, "longest_waiting_seconds": 612.4}}]
history:
  description:
    - Historical figures per selected queue over O(interval) (C(start/end)), with C(offered), C(answered),
      C(abandoned), C(abandon_rate), C(average_handle_seconds), C(average_speed_of_answer_seconds) and
      C(service_level) (null without data), C(by_media_type) (the same per media type, with
      C(service_level_target)), and C(intervals) (the same per sub-interval) when O(granularity) is given.
  returned: when O(interval) is given
  type: list
  elements: dict
alerts:
  description: One entry per queue and threshold crossed, sorted by queue name then threshold option.
  returned: when O(alert_when) is given
  type: list
  elements: dict
  sample: [{"queue": "Sales", "queue_id": "a1b2", "metric": "occupancy", "value": 0.9167, "threshold": 0.85,
            "condition": "occupancy_above", "msg": "queue 'Sales': occupancy 0.9167 is above 0.85"}]
report:
  description: Where the report is and whether this run wrote it (never in check mode).
  returned: when O(report_path) is given
  type: dict
  sample: {"path": "/var/www/reports/queues.html", "written": true}
api_calls:
  description: API calls the task made, by operation.
  returned: always
  type: dict
'''

import datetime

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.genesyscloud.routing.plugins.module_utils.module_client import (
    auth_argument_spec, client_from_module, fail_on_api_error, fail_on_input_errors,
)
from ansible_collections.genesyscloud.routing.plugins.module_utils.errors import GenesysError
from ansible_collections.genesyscloud.routing.plugins.module_utils.facts_report import (
    render_html, report_differs, snapshot_rows, write_report,
)
from ansible_collections.genesyscloud.routing.plugins.module_utils.fieldmap import FieldMapError, argument_spec
from ansible_collections.genesyscloud.routing.plugins.module_utils.queue_facts import (
    DOCUMENTED_OPTIONS, facts_of, gather, selection_from, validate_params,
)
from ansible_collections.genesyscloud.routing.plugins.module_utils.resolver import Resolver
from ansible_collections.genesyscloud.routing.plugins.module_utils.validation import check_options


def report_queues(resolver, params):
    """The selected queues with their division names, for the report rows."""
    queues = selection_from(params, resolver).pick(resolver.entities('queue'))
    return [{'id': queue['id'], 'name': queue.get('name'),
             'division': resolver.name_of('division', (queue.get('division') or {}).get('id'))}
            for queue in queues]


def main():
    spec = argument_spec(DOCUMENTED_OPTIONS)
    spec.update(auth_argument_spec())
    module = AnsibleModule(argument_spec=spec, supports_check_mode=True)
    check_options(module, DOCUMENTED_OPTIONS)
    params = module.params
    now = datetime.datetime.now(datetime.timezone.utc)

    errors, interval = validate_params(params, now=now)
    if errors:
        fail_on_input_errors(module, errors)

    client = client_from_module(module)
    resolver = Resolver(client)
    rows = None
    try:
        result = gather(client, resolver, params, interval=interval, warn=module.warn, now=now)
        if params.get('report_path'):
            rows = snapshot_rows(report_queues(resolver, params), result.get('live'), result.get('history'),
                                 result.get('alerts'))
    except FieldMapError as error:
        fail_on_input_errors(module, [error], api_calls=client.stats)
    except GenesysError as error:
        fail_on_api_error(module, error, api_calls=client.stats)

    changed = False
    if rows is not None:
        thresholds = dict((key, value) for key, value in (params.get('alert_when') or {}).items() if value is not None)
        page = render_html(rows, now.strftime('%Y-%m-%d %H:%M:%S UTC'), thresholds, interval)
        written = False
        if module.check_mode:
            changed = report_differs(params['report_path'], page)
        else:
            try:
                written = changed = write_report(params['report_path'], page)
            except (IOError, OSError) as error:
                module.fail_json(msg='report_path: could not write %s: %s' % (params['report_path'], error),
                                 api_calls=client.stats)
        result['report'] = {'path': params['report_path'], 'written': written}

    result['ansible_facts'] = facts_of(result)
    module.exit_json(changed=changed, api_calls=client.stats, **result)


if __name__ == '__main__':
    main()
