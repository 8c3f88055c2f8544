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

from ansible_collections.genesyscloud.routing.plugins.module_utils import task_listing
from ansible_collections.genesyscloud.routing.plugins.module_utils.etag_and_diff import changes
from ansible_collections.genesyscloud.routing.plugins.module_utils.endpoints import build_path
from ansible_collections.genesyscloud.routing.plugins.module_utils.errors import InputErrors, VerificationError
from ansible_collections.genesyscloud.routing.plugins.module_utils.fieldmap import FieldMapError
from ansible_collections.genesyscloud.routing.plugins.module_utils.task_resource import (
    TaskResourceService, ref_id,
)
from ansible_collections.genesyscloud.routing.plugins.module_utils.worktype_fields import (
    DOCUMENTED_OPTIONS, WORKTYPE_OPTIONS, WORKTYPE_SETTINGS,
)
from ansible_collections.genesyscloud.routing.plugins.module_utils.worktype_statuses import StatusPlan, status_views
from ansible_collections.genesyscloud.routing.plugins.module_utils.worktype_statuses import record_from_api

PLAIN_KEYS = ('description', 'defaultPriority', 'defaultDurationSeconds', 'defaultExpirationSeconds',
              'defaultDueDurationSeconds', 'defaultTtlSeconds', 'assignmentEnabled', 'serviceLevelTarget',
              'ruleSettings')
STATUS_KEYS = ('statuses', 'defaultStatusId')
PLATFORM_OPEN = 'platform:Open'   # stands for the status the platform creates, until it exists


def statuses_managed(spec):
    return spec.get('statuses') is not None or spec.get('default_status') is not None


class StatusDetail:
    """One side of the status plan in the diff: the statuses, or the default status."""

    def __init__(self, status_plan, index, creating):
        self.before = None if creating else status_plan.before()[index]
        self.after = status_plan.after()[index]

    @property
    def changed(self):
        return self.before != self.after


def status_errors(spec, prefix):
    """A status name listed twice in one worktype (what the schema cannot say)."""
    errors = []
    seen = set()
    for index, status in enumerate(spec.get('statuses') or []):
        path = '%sstatuses[%d].' % (prefix, index)
        if status['name'].lower() in seen:
            errors.append(FieldMapError(path + 'name', "status '%s' is listed twice" % status['name'], status['name']))
        seen.add(status['name'].lower())
    return errors


class WorktypeService(TaskResourceService):
    KIND = 'worktype'
    RESULT_KEY = 'worktype'
    RESOLVER_KIND = 'worktype'
    PATH = task_listing.WORKTYPES
    FIELDS = WORKTYPE_SETTINGS
    IMMUTABLE = (('divisionId', 'division'), ('schemaId', 'schema'))
    OPTIONS = DOCUMENTED_OPTIONS
    ITEM_OPTIONS = WORKTYPE_OPTIONS
    LIST_OPTION = 'worktypes'
    validate_item = staticmethod(status_errors)

    def list_everything(self):
        return task_listing.list_worktypes(self.client)

    def asked(self, name):
        return task_listing.query_all(self.client, self.PATH, task_listing.name_filter(name))

    def request_form(self, entity):
        form = dict((key, entity[key]) for key in PLAIN_KEYS if entity.get(key) is not None)
        form['name'] = entity.get('name')
        references = {'divisionId': entity.get('division'), 'defaultWorkbinId': entity.get('defaultWorkbin'),
                      'defaultQueueId': entity.get('defaultQueue'), 'defaultLanguageId': entity.get('defaultLanguage'),
                      'schemaId': entity.get('schema'), 'defaultStatusId': entity.get('defaultStatus')}
        form.update((key, ref_id(value)) for key, value in references.items() if ref_id(value))
        if (entity.get('schema') or {}).get('version') is not None:
            form['schemaVersion'] = entity['schema']['version']
        if entity.get('defaultSkills'):
            form['defaultSkillIds'] = [ref_id(skill) for skill in entity['defaultSkills']]
        if entity.get('statuses') is not None:
            form['statuses'] = entity['statuses']
        return form

    def view_details(self, form, view):
        if form.get('statuses') is not None:
            records = dict((status['id'], record_from_api(status)) for status in form['statuses'])
            view['statuses'], view['default_status'] = status_views(records, form.get('defaultStatusId'))

    def extra_keys(self, plan):
        return STATUS_KEYS if 'statuses' in plan.details else ()

    # -- statuses --------------------------------------------------------------------------

    def read_statuses(self, worktype_id):
        statuses = self.client.get(build_path(self.PATH + '/{worktypeId}/statuses', worktypeId=worktype_id))
        return statuses.get('entities') or []

    def plan_details(self, plan):
        super(WorktypeService, self).plan_details(plan)
        spec = plan.spec
        if plan.action == 'create' and 'defaultWorkbinId' not in plan.partial:
            raise FieldMapError(plan.prefix + 'workbin', "is required to create worktype '%s'" % plan.name)
        if not statuses_managed(spec):
            return
        if plan.current is not None:
            current = self.read_statuses(plan.current['id'])
            current_default = ref_id(plan.current.get('defaultStatus'))
        elif spec.get('statuses') is None:
            # A new worktype without listed statuses gets the platform's Open and Closed (Open the default).
            current = [{'id': PLATFORM_OPEN, 'name': 'Open', 'category': 'Open'},
                       {'id': 'platform:Closed', 'name': 'Closed', 'category': 'Closed'}]
            current_default = PLATFORM_OPEN
        else:
            current, current_default = [], None
        self.plan_statuses(plan, current, current_default)

    def plan_statuses(self, plan, current, current_default):
        status_plan = StatusPlan(plan.spec, plan.prefix, current, current_default, plan.action == 'create')
        if status_plan.errors:
            raise InputErrors(status_plan.errors)
        plan.status_plan = status_plan
        if plan.spec.get('statuses') is not None:
            plan.details['statuses'] = StatusDetail(status_plan, 0, plan.action == 'create')
        plan.details['default_status'] = StatusDetail(status_plan, 1, plan.action == 'create')
        plan.given.update((key, True) for key in plan.details)

    def create_body(self, plan):
        body = super(WorktypeService, self).create_body(plan)
        if plan.spec.get('statuses') is not None:
            body['disableDefaultStatusCreation'] = True
        return body

    def after_write(self, plan, stored):
        """The status writes, after the settings; then the statuses read back and checked."""
        if 'default_status' not in plan.details or stored is None:
            return stored
        path = self.object_path(stored['id'])
        if plan.action == 'update' and not plan.written:
            # No settings write re-read the worktype: do it here, so a reviewed state is still enforced.
            stored = self.get(stored['id'])
            self.check_expected(plan, stored)
        found = self.read_statuses(stored['id'])
        found_default = ref_id(stored.get('defaultStatus'))
        if plan.action == 'create' or [status['id'] for status in found] != list(plan.status_plan.original) or \
                found_default != plan.status_plan.current_default:
            # Plan against what is there now: the statuses the platform made, or someone else's edit.
            self.plan_statuses(plan, found, found_default)
        if plan.status_plan.changed:
            plan.status_plan.apply(self.client, path, found_default)
            plan.written = True
            stored = self.get(stored['id'])
        stored = dict(stored, statuses=self.read_statuses(stored['id']))
        drift = changes(list(plan.status_plan.after()), list(status_views_of(stored)))
        if drift:
            raise VerificationError("worktype '%s': after the status writes the platform holds different values for "
                                    "%s" % (plan.name, ', '.join(record['path'] or 'statuses' for record in drift)))
        return stored


def status_views_of(worktype):
    records = dict((status['id'], record_from_api(status)) for status in worktype.get('statuses') or [])
    return status_views(records, ref_id(worktype.get('defaultStatus')))
