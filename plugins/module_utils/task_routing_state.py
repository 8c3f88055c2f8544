# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The task-routing sections of the desired state: their JSON Schema and the names they refer to.

desired_state.py assembles the whole format; this module adds what workitem schemas, workbins and
worktypes bring (schemas built from their field maps, and the references a worktype makes to
its workbin, schema, queue, skills, language and statuses) so the format file stays readable.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.genesyscloud.routing.plugins.module_utils import fieldmap
from ansible_collections.genesyscloud.routing.plugins.module_utils.workbins import WORKBIN_OPTIONS
from ansible_collections.genesyscloud.routing.plugins.module_utils.workitem_schemas import SCHEMA_OPTIONS
from ansible_collections.genesyscloud.routing.plugins.module_utils.worktype_fields import WORKTYPE_OPTIONS

# (variable, resolver kind, module, label, field map): in dependency order, after queues and skills.
TASK_SECTIONS = (
    ('routing_workitem_schemas', 'workitem_schema', 'genesys_workitem_schema', 'workitem schema', SCHEMA_OPTIONS),
    ('routing_workbins', 'workbin', 'genesys_workbin', 'workbin', WORKBIN_OPTIONS),
    ('routing_worktypes', 'worktype', 'genesys_worktype', 'worktype', WORKTYPE_OPTIONS),
)
DECLARING = dict((kind, var) for var, kind, _module, _label, _fields in TASK_SECTIONS)


def task_schema_parts(shared_defs):
    """(definitions, properties) of the task sections, generated from their field maps.

    `shared_defs` collects the definitions their fields publish (the root schema's `$defs`).
    """
    defs = {}
    properties = {}
    for var, kind, module, label, fields in TASK_SECTIONS:
        schema = fieldmap.json_schema(fields, required=('name',), defs=shared_defs)
        schema['description'] = 'One %s, in the options of genesyscloud.routing.%s.' % (label, module)
        defs[kind] = schema
        properties[var] = {'description': '%ss (%s).' % (label[0].upper() + label[1:], module), 'type': 'array',
                           'items': {'$ref': '#/$defs/' + kind}}
    return defs, properties


def task_references(state, items):
    """(kind, name, option path, variable) of every object the task sections name."""
    found = []
    for index, item in items(state, 'routing_workbins'):
        found.append(('division', item.get('division'), 'routing_workbins[%d].division' % index, 'routing_workbins'))
    for index, item in items(state, 'routing_worktypes'):
        path = 'routing_worktypes[%d].' % index
        for option, kind in (('division', 'division'), ('workbin', 'workbin'), ('schema', 'workitem_schema'),
                             ('default_queue', 'queue'), ('default_language', 'language')):
            found.append((kind, item.get(option), path + option, 'routing_worktypes'))
        skills = item.get('default_skills') if isinstance(item.get('default_skills'), list) else []
        for position, name in enumerate(skills):
            found.append(('skill', name, '%sdefault_skills[%d]' % (path, position), 'routing_worktypes'))
    return [entry for entry in found if isinstance(entry[1], str) and entry[1]]


# ---------------------------------------------------------------------------------------------
# Export: the task objects in the option shape of their modules (genesys_queue_facts `gather`)

GATHER = (('workitem_schemas', 'workitem_schema'), ('workbins', 'workbin'), ('worktypes', 'worktype'))


def gather_task_objects(client, resolver, kinds, pick, desired, pin_etags):
    """{gather kind: objects} and {gather kind: {name: etag}} for the task kinds asked for.

    `pick` filters a listing the way the rest of the gather does (names, patterns, divisions).
    Each object comes from the one listing the resolver already made; a worktype's statuses are
    read with one GET when the listing did not carry them.
    """
    from ansible_collections.genesyscloud.routing.plugins.module_utils.etag_and_diff import fingerprint
    from ansible_collections.genesyscloud.routing.plugins.module_utils.workbins import WorkbinService
    from ansible_collections.genesyscloud.routing.plugins.module_utils.workitem_schemas import WorkitemSchemaService
    from ansible_collections.genesyscloud.routing.plugins.module_utils.worktypes import WorktypeService
    services = {'workitem_schemas': WorkitemSchemaService, 'workbins': WorkbinService, 'worktypes': WorktypeService}
    found = {}
    etags = {}
    for kind, resolver_kind in GATHER:
        if kind not in kinds:
            continue
        service = services[kind](client, resolver)
        entities = pick(resolver.entities(resolver_kind))
        if kind == 'worktypes':
            entities = [entity if entity.get('statuses') is not None else
                        dict(entity, statuses=service.read_statuses(entity['id'])) for entity in entities]
        etags[kind] = dict((entity.get('name'), fingerprint(entity)) for entity in entities)
        if not desired:
            found[kind] = [dict(entity, etag=fingerprint(entity)) for entity in entities]
            continue
        found[kind] = []
        for entity in entities:
            options = dict((key, value) for key, value in service.view(entity, None).items() if value is not None)
            if pin_etags:
                options['expected_etag'] = fingerprint(entity)
            found[kind].append(options)
    return found, etags


# ---------------------------------------------------------------------------------------------
# Workitem load per queue and worktype (analytics observations)

WORKITEM_OBSERVATIONS = '/api/v2/analytics/taskmanagement/metrics/query'
LOAD_METRICS = (('waiting', 'oWorkitemsUnassigned'), ('in_progress', 'oWorkitemsAssigned'),
                ('overdue', 'oWorkitemsOverDue'))
QUEUES_PER_QUERY = 100


def workitem_load(client, resolver, queues):
    """[{queue, worktype, waiting, in_progress, overdue}] for the given queues, by name, sorted.

    One observation query per 100 queues, grouped by queue and worktype: waiting is the
    unassigned workitems, in progress the assigned ones, overdue those past their due date.
    """
    rows = []
    queue_ids = [queue['id'] for queue in queues]
    for start in range(0, len(queue_ids), QUEUES_PER_QUERY):
        body = {'groupBy': ['queueId', 'typeId'], 'metrics': [{'name': metric} for _key, metric in LOAD_METRICS],
                'filter': {'predicates': [{'dimension': 'queueId', 'value': queue_id}
                                          for queue_id in queue_ids[start:start + QUEUES_PER_QUERY]]}}
        for result in (client.post(WORKITEM_OBSERVATIONS, body) or {}).get('results') or []:
            group = result.get('group') or {}
            counts = dict((item.get('metric'), (item.get('stats') or {}).get('count') or 0)
                          for item in result.get('data') or [])
            row = {'queue': resolver.name_of('queue', group.get('queueId')),
                   'worktype': resolver.name_of('worktype', group.get('typeId'))}
            row.update((key, counts.get(metric, 0)) for key, metric in LOAD_METRICS)
            rows.append(row)
    return sorted(rows, key=lambda row: (str(row['queue']), str(row['worktype'])))
