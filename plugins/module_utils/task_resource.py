# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the task-management objects (workbins, workitem schemas, worktypes) share on top of the
service base (resource.py).

Three things differ from the routing objects the base was first written for:

* Listing: workbins and worktypes have no GET listing; `POST .../query` pages by an `after`
  cursor (task_listing.py). Schemas are one unpaged GET.
* Shapes: what is read (`defaultQueue: {id}`) is not what is written (`defaultQueueId`). Each
  service says how a read object looks in write form (`request_form`); plans, views and the
  unmanaged-key check work on that form, so a reference is compared by its id.
* Writes: PATCH is partial, so only the managed keys that differ are sent; keys the platform
  cannot change after creation (`IMMUTABLE`) fail at plan time with their option path.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.genesyscloud.routing.plugins.module_utils import fieldmap
from ansible_collections.genesyscloud.routing.plugins.module_utils.etag_and_diff import canonical
from ansible_collections.genesyscloud.routing.plugins.module_utils.fieldmap import FieldMapError
from ansible_collections.genesyscloud.routing.plugins.module_utils.resource import ResourceService


def ref_id(value):
    return value.get('id') if isinstance(value, dict) else None


def is_read_object(body):
    """An object as the platform answers it (with its id), not a write-form body we built."""
    return isinstance(body, dict) and 'id' in body


class TaskResourceService(ResourceService):
    WRITE_METHOD = 'patch'
    DIVISION_IN_BODY = False   # written as `divisionId` through the field map
    IMMUTABLE = ()             # (write key, option) pairs the platform never changes after creation

    # -- reading -------------------------------------------------------------------------------

    def list_everything(self):
        raise NotImplementedError

    def load_all(self):
        self._listing = [entity for entity in self.list_everything() if self.listed(entity)]
        if self.RESOLVER_KIND:
            self.resolver.prime(self.RESOLVER_KIND, self._listing)
        return self._listing

    def get(self, object_id):
        found = super(TaskResourceService, self).get(object_id)
        return None if (found or {}).get('deleted') else found  # a soft-deleted schema is gone

    def request_form(self, entity):
        raise NotImplementedError

    def as_form(self, body):
        return self.request_form(body) if is_read_object(body) else body

    # -- planning ------------------------------------------------------------------------------

    def create_body(self, plan):
        return self.merge_form({}, plan.partial, plan.spec, name=plan.spec['name'])

    def merge_form(self, form, partial, spec, name=None):
        """The write form after the managed keys are laid over `form` (dicts merge, lists replace)."""
        merged = fieldmap.deep_merge(form, partial)
        if name is not None:
            merged['name'] = name
        return merged

    def lay_over(self, plan, current):
        plan.current = current
        form = self.request_form(current)
        plan.desired = self.merge_form(form, plan.partial, plan.spec)
        plan.before = self.view(form, plan.given)
        plan.after = self.view(plan.desired, plan.given)

    def plan_details(self, plan):
        if plan.action != 'update':
            return
        form = self.request_form(plan.current)
        for key, option in self.IMMUTABLE:
            if key in plan.partial and form.get(key) and plan.partial[key] != form[key]:
                shown = self.view(form, None).get(option, form[key])
                raise FieldMapError(plan.prefix + option, "%s '%s' cannot change its %s on the platform (it is %s)"
                                    % (self.KIND, plan.name, option.replace('_', ' '), shown), plan.spec.get(option))

    def view(self, body, given):
        form = self.as_form(body)
        full = fieldmap.from_api(self.FIELDS, form, self.resolver)
        full['name'] = form.get('name')
        self.view_details(form, full)
        if given is None:
            return full
        shown = fieldmap.project(given, full)
        shown['name'] = full['name']  # the key, always shown
        return shown

    def view_details(self, form, view):
        """Hook: options the field map does not cover."""

    # -- writing -------------------------------------------------------------------------------

    def write(self, plan):
        """PATCH only the managed keys whose value differs from the copy being written over."""
        current = self.request_form(plan.current)
        body = dict((key, value) for key, value in plan.partial.items()
                    if canonical({key: value}) != canonical({key: current.get(key)}))
        answer = self.client.patch(self.object_path(plan.object_id), body) if body else plan.current
        plan.written = plan.written or bool(body)
        return answer

    def extra_keys(self, plan):
        """Write-form keys managed apart from the settings (statuses); not judged as unmanaged moves."""
        return ()

    def unmanaged_moves(self, plan, before, after):
        before, after = self.as_form(before), self.as_form(after)
        skipped = set(plan.partial) | set(self.extra_keys(plan))
        return [key for key in sorted(set(before) | set(after))
                if key not in skipped and canonical({key: before.get(key)}) != canonical({key: after.get(key)})]
