# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The options of genesys_worktype (Worktype, WorktypeCreate/Update and WorkitemStatus in the models).

The settings map to the write keys of the platform (`defaultQueueId`, `defaultSkillIds`, ...);
references are written by name and resolved to ids once per run. Statuses have their own table:
they are written through `/worktypes/{id}/statuses` (see worktype_statuses.py).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.genesyscloud.routing.plugins.module_utils.fieldmap import STATES, Field, NamedRef, bulk_form

YEAR_SECONDS = 365 * 86400
MAX_PRIORITY = 25000000
STATUS_CATEGORIES = ('Open', 'InProgress', 'Waiting', 'Closed')


def ref(kind):
    return NamedRef(kind, bare_id=True)


WORKTYPE_SETTINGS = [
    Field('description', max_length=512,
          description='Description, at most 512 characters.'),
    Field('division', api='divisionId', codec=ref('division'),
          description='Division of the worktype, by name or id. It must be the division of its workbin (the default) '
                      'and cannot change after creation.'),
    Field('workbin', api='defaultWorkbinId', codec=ref('workbin'),
          description='Default workbin of the workitems, by name or id; required to create a worktype.'),
    Field('schema', api='schemaId', codec=ref('workitem_schema'),
          description='Workitem schema of the workitems, by name or id. Once set, the platform does not allow another '
                      'schema.'),
    Field('schema_version', type='int', minimum=1,
          description='Version of the schema to use; when never set, the worktype follows the latest version.'),
    Field('default_queue', api='defaultQueueId', codec=ref('queue'),
          description='Queue the workitems are routed to, by name or id.'),
    Field('default_skills', api='defaultSkillIds', api_also=('defaultSkills',), type='list', elements='str',
          codec=ref('skill'), ordered=False,
          schema={'maxItems': 20},
          description='Skills the workitems require, by name or id (at most 20; order does not matter).'),
    Field('default_language', api='defaultLanguageId', codec=ref('language'),
          description='Routing language the workitems require, by name or id.'),
    Field('default_priority', type='int', minimum=-MAX_PRIORITY, maximum=MAX_PRIORITY,
          description='Priority of new workitems, -25,000,000 to 25,000,000.'),
    Field('default_duration_seconds', type='int', minimum=0, maximum=YEAR_SECONDS,
          description='Expected handling time of a workitem, in seconds (at most 365 days).'),
    Field('default_expiration_seconds', type='int', minimum=0, maximum=YEAR_SECONDS,
          description='Time after which an unfinished workitem expires, in seconds (at most 365 days).'),
    Field('default_due_duration_seconds', type='int', minimum=0, maximum=YEAR_SECONDS,
          description='Time until a new workitem is due: the SLA, in seconds (at most 365 days; 172800 is two days).'),
    Field('default_ttl_seconds', type='int', minimum=1, maximum=YEAR_SECONDS,
          description='Time a workitem is kept after it is closed, in seconds (1 to 365 days).'),
    Field('assignment_enabled', type='bool',
          description='Whether new workitems are routed to the default queue as they are created.'),
    Field('service_level_target', type='int', minimum=0, maximum=100,
          description='Percentage of workitems expected to meet their due date (0 to 100).'),
    Field('rule_settings', type='dict', description='Rule settings of the worktype.', children=[
        Field('flow_rules_enabled', type='bool',
              description='Whether the flow rules of the worktype are processed.'),
    ]),
]

STATUS_OPTIONS = [
    Field('name', required=True, min_length=3, max_length=256,
          description='Name of the status, unique within the worktype.'),
    Field('previous_name',
          description='Rename: the current name of a status to give O(statuses[].name). Ignored when no status has that'
                      ' name (the status is then created or matched by its new name).'),
    Field('category', required=True, choices=STATUS_CATEGORIES,
          description='Category of the status. The platform cannot change a category: a status listed with another '
                      'category is replaced (a new status is created, references move to it, the old one is deleted).'),
    Field('description', max_length=512,
          description='Description of the status.'),
    Field('destinations', api='destinationStatusIds', api_also=('destinationStatuses',), type='list', elements='str',
          ordered=False,
          description='Names of the statuses a workitem may move to from this one (at most 24); an empty list allows '
                      'every status.'),
    Field('default_destination',
          description='Status a workitem moves to automatically after O(statuses[].transition_delay_seconds); must be '
                      'among the destinations when they are restricted.'),
    Field('transition_delay_seconds', type='int', minimum=60, maximum=YEAR_SECONDS,
          description='Delay before the automatic move to O(statuses[].default_destination), at least 60 seconds.'),
    Field('transition_time',
          description='Time of day (C(HH:mm:ss)) at which the automatic move happens.'),
    Field('auto_terminate', type='bool',
          description='Whether reaching this status terminates the workitem (Closed statuses only).'),
]


def worktype_options(name_required):
    return [
        Field('name', required=name_required, min_length=3, max_length=256,
              description='Name of the worktype (the key), 3 to 256 characters.'),
        Field('state', choices=STATES, default='present',
              description='Whether the worktype should exist. Deleting a worktype deletes its statuses; the platform '
                          'refuses to delete a worktype that still has workitems.'),
        Field('expected_etag',
              description='The etag this worktype had when its change was reviewed. If the worktype (its settings or '
                          'statuses) has changed since, the task fails without writing.'),
    ] + WORKTYPE_SETTINGS + [
        Field('statuses', type='list', elements='dict', children=STATUS_OPTIONS, ordered=False,
              description='Statuses a workitem moves through. Listed statuses are created or updated in place; statuses'
                          ' not listed are kept unless O(purge_statuses) is set. The module orders the writes so the '
                          'platform accepts them: statuses are created first without references, then transitions and '
                          'default destinations are set, then the default status, and only then are statuses removed.'),
        Field('default_status',
              description='Name of the status new workitems start in. Required when a worktype is created with '
                          'O(statuses); the platform then creates no statuses of its own.'),
        Field('purge_statuses', type='bool', default=False,
              description='Remove the statuses not listed in O(statuses).'),
    ]


WORKTYPE_OPTIONS, DOCUMENTED_OPTIONS = bulk_form(worktype_options, 'worktypes', 'worktype')
