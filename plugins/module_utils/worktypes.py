# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Worktypes: what is specific to the object (settings by PATCH, statuses by their own endpoints).

A worktype says how its workitems are routed: default queue, skills, language, priority,
due/expiry durations (the SLA), its workbin and schema, and the statuses a workitem moves
through. Listed with `POST /worktypes/query`; created with POST (with
`disableDefaultStatusCreation` when the task lists statuses, so the platform adds none of
its own); settings change by a partial PATCH of only the managed keys that differ; statuses
are planned and written by worktype_statuses.py after the settings.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.genesyscloud.routing.plugins.module_utils import fieldmap, task_listing
from ansible_collections.genesyscloud.routing.plugins.module_utils.fieldmap import FieldMapError
from ansible_collections.genesyscloud.routing.plugins.module_utils.task_service import TaskResource, ref_id
from ansible_collections.genesyscloud.routing.plugins.module_utils.worktype_fields import WORKTYPE_SETTINGS
from ansible_collections.genesyscloud.routing.plugins.module_utils.worktype_statuses import StatusPlan, status_views
from ansible_collections.genesyscloud.routing.plugins.module_utils.worktype_statuses import record_from_api

PLAIN_KEYS = ('description', 'defaultPriority', 'defaultDurationSeconds', 'defaultExpirationSeconds',
              'defaultDueDurationSeconds', 'defaultTtlSeconds', 'assignmentEnabled', 'serviceLevelTarget',
              'ruleSettings')
STATUS_KEYS = ('statuses', 'defaultStatusId')
PLATFORM_OPEN = 'platform:Open'   # stands for the status the platform creates, until it exists


def statuses_managed(spec):
    return spec.get('statuses') is not None or spec.get('default_status') is not None


class WorktypeResource(TaskResource):
    kind = 'worktype'
    label = 'worktype'
    path = task_listing.WORKTYPES
    fields = WORKTYPE_SETTINGS
    immutable = (('divisionId', 'division'), ('schemaId', 'schema'))

    def list_all(self, client):
        return task_listing.list_worktypes(client)

    def find_by_name(self, client, name):
        return task_listing.query_all(client, self.path, task_listing.name_filter(name))

    def request_form(self, entity):
        form = dict((key, entity[key]) for key in PLAIN_KEYS if entity.get(key) is not None)
        form['name'] = entity.get('name')
        references = {'divisionId': entity.get('division'), 'defaultWorkbinId': entity.get('defaultWorkbin'),
                      'defaultQueueId': entity.get('defaultQueue'), 'defaultLanguageId': entity.get('defaultLanguage'),
                      'schemaId': entity.get('schema'), 'defaultStatusId': entity.get('defaultStatus')}
        form.update((key, ref_id(value)) for key, value in references.items() if ref_id(value))
        if entity.get('schema', {}).get('version') is not None:
            form['schemaVersion'] = entity['schema']['version']
        if entity.get('defaultSkills'):
            form['defaultSkillIds'] = [ref_id(skill) for skill in entity['defaultSkills']]
        if entity.get('statuses') is not None:
            form['statuses'] = entity['statuses']
        return form

    def view(self, service, form):
        view = fieldmap.from_api(self.fields, form, service.resolver)
        view['name'] = form.get('name')
        if form.get('statuses') is not None:
            records = dict((status['id'], record_from_api(status)) for status in form['statuses'])
            view['statuses'], view['default_status'] = status_views(records, form.get('defaultStatusId'))
        return view

    def given(self, service, spec, partial):
        given = dict((key, True) for key in fieldmap.from_api(self.fields, partial, service.resolver))
        given['name'] = True
        if spec.get('statuses') is not None:
            given['statuses'] = True
        if statuses_managed(spec):
            given['default_status'] = True
        return given

    def extra_keys(self, plan):
        return STATUS_KEYS if plan.extra is not None else ()

    def plan_extra(self, service, plan):
        spec = plan.spec
        if plan.action == 'create' and 'defaultWorkbinId' not in plan.partial:
            raise FieldMapError(plan.prefix + 'workbin', "is required to create worktype '%s'" % plan.name)
        if not statuses_managed(spec):
            return
        # A new worktype without listed statuses gets the platform's own Open and Closed (Open the default).
        current = [] if spec.get('statuses') is not None else [
            {'id': PLATFORM_OPEN, 'name': 'Open', 'category': 'Open'},
            {'id': 'platform:Closed', 'name': 'Closed', 'category': 'Closed'}]
        current_default = None if spec.get('statuses') is not None else PLATFORM_OPEN
        if plan.current is not None:
            current = service.client.get('%s/%s/statuses' % (self.path, plan.current['id'])).get('entities') or []
            current_default = ref_id(plan.current.get('defaultStatus'))
        plan.extra = StatusPlan(spec, plan.prefix, current, current_default, plan.action == 'create')
        if plan.extra.errors:
            raise plan.extra.errors[0]
        before_statuses, before_default = plan.extra.before()
        after_statuses, after_default = plan.extra.after()
        if plan.before is not None:
            plan.before['default_status'] = before_default
            if spec.get('statuses') is not None:
                plan.before['statuses'] = before_statuses
        plan.after['default_status'] = after_default
        if spec.get('statuses') is not None:
            plan.after['statuses'] = after_statuses

    def create(self, service, plan):
        body = dict(plan.partial, name=plan.name)
        if plan.spec.get('statuses') is not None:
            body['disableDefaultStatusCreation'] = True
        created = service.client.create(self.path, body, lambda: service.find_fresh(plan.name))
        if plan.extra is not None and plan.spec.get('statuses') is None:
            # Only default_status given: plan against the statuses the platform just created.
            plan.current = created
            self.plan_extra(service, plan)
        return created

    def after_write(self, service, plan, stored):
        path = '%s/%s' % (self.path, stored['id'])
        if plan.extra is not None and plan.extra.changed:
            plan.extra.apply(service.client, path, ref_id(stored.get('defaultStatus')))
            stored = service.get(stored['id'])
        if plan.extra is not None:
            stored = dict(stored, statuses=service.client.get(path + '/statuses').get('entities') or [])
        return stored
