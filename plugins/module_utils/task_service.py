# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Read, plan, guarded write and verify for the task-management objects, one or many.

The generic path is here; what differs per object lives in a `TaskResource` (workbin,
workitem schema, worktype): its field map, endpoints, how it is listed, how a read object
looks in request form, and hooks for the writes that are not a plain PATCH (the schema's
versioned PUT, the worktype's statuses). The objects are keyed by name.

Concurrency: workbins and worktypes carry no version, so before a write the object is read
again and its client-side ETag compared: moved since the plan means the managed keys are laid
over the fresh copy (bounded, with a warning), or a refusal when `expected_etag` pinned the
reviewed state. Workitem schemas do have a version: the PUT carries the one that was read and
the platform refuses a stale one.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.genesyscloud.routing.plugins.module_utils import fieldmap
from ansible_collections.genesyscloud.routing.plugins.module_utils.canonical import (
    canonical, changes, diff_record, fingerprint,
)
from ansible_collections.genesyscloud.routing.plugins.module_utils.errors import GenesysApiError
from ansible_collections.genesyscloud.routing.plugins.module_utils.fieldmap import FieldMapError

MAX_GUARD_ATTEMPTS = 3


class ConflictError(Exception):
    """The object changed since it was reviewed (`expected_etag`) or kept moving under us."""


class VerificationError(Exception):
    """After the write, the platform's copy does not hold what we wrote."""


def ref_id(value):
    return value.get('id') if isinstance(value, dict) else None


class TaskResource:
    """The resource-specific parts. Subclasses set the attributes and override hooks."""

    kind = ''            # resolver kind and label ('workbin')
    label = ''           # shown in messages and diffs
    path = ''            # collection path; objects are at {path}/{id}
    fields = []          # field map of the managed settings, API keys in request (write) form
    immutable = ()       # request keys that cannot change once created: (key, option)

    def list_all(self, client):
        raise NotImplementedError

    def find_by_name(self, client, name):
        return [item for item in self.list_all(client) if item.get('name') == name]

    def request_form(self, entity):
        """A read object in the shape of the write body (references as ids)."""
        raise NotImplementedError

    def partial(self, service, spec, prefix):
        """The request keys this spec manages, ids resolved; FieldMapError on bad input."""
        return fieldmap.to_api(self.fields, spec, service.resolver, prefix.rstrip('.'))

    def view(self, service, form):
        """Option-shaped view of a request-form object, names instead of ids."""
        view = fieldmap.from_api(self.fields, form, service.resolver)
        view['name'] = form.get('name')
        return view

    def given(self, service, spec, partial):
        """Which option keys the spec manages (the shape `fieldmap.project` expects)."""
        return dict((key, True) for key in self.view(service, dict(partial, name=spec['name'])))

    def merge(self, form, partial, spec):
        """The request form after the managed keys are laid over `form` (dicts merge, lists replace)."""
        return fieldmap.deep_merge(form, partial)

    def extra_keys(self, plan):
        """Request-form keys that `plan_extra` manages (checked by it, not by the unmanaged-key check)."""
        return ()

    def plan_extra(self, service, plan):
        """Further changes beyond the settings (the worktype's statuses)."""

    def create(self, service, plan):
        return service.client.create(self.path, dict(plan.partial, name=plan.name),
                                     lambda: service.find_fresh(plan.name))

    def update(self, service, plan, fresh):
        """Write the changed managed keys onto `fresh` (PATCH: only what changed)."""
        current = self.request_form(fresh)
        body = dict((key, value) for key, value in plan.partial.items()
                    if canonical({key: value}) != canonical({key: current.get(key)}))
        if body:
            service.client.patch('%s/%s' % (self.path, fresh['id']), body)

    def after_write(self, service, plan, stored):
        """Writes that follow the main one (statuses); returns the object as now stored."""
        return stored


class TaskPlan:
    def __init__(self, spec, prefix, current):
        self.spec = spec
        self.prefix = prefix
        self.name = spec['name']
        self.current = current
        self.action = 'none'
        self.partial = {}
        self.given = {}
        self.before = None
        self.after = None
        self.changes = []
        self.extra = None            # resource-specific plan (statuses)

    @property
    def object_id(self):
        return (self.current or {}).get('id')

    @property
    def changed(self):
        return self.action in ('create', 'delete') or bool(self.changes)


class TaskService:
    def __init__(self, client, resolver, resource, warn=None):
        self.client = client
        self.resolver = resolver
        self.resource = resource
        self.warn = warn or (lambda message: None)
        self._listing = None

    # -- reading ---------------------------------------------------------------------------

    def load_all(self):
        """One listing sweep; feeds the name resolver too."""
        self._listing = self.resource.list_all(self.client)
        self.resolver.prime(self.resource.kind, self._listing)
        return self._listing

    def find(self, name, prefix=''):
        listed = self._listing if self._listing is not None else self.resource.find_by_name(self.client, name)
        matches = [item for item in listed if item.get('name') == name]
        if len(matches) > 1:
            raise FieldMapError(prefix + 'name', "%s name '%s' matches %d objects (ids %s)" % (
                self.resource.label, name, len(matches), ', '.join(sorted(item['id'] for item in matches))), name)
        return matches[0] if matches else None

    def find_fresh(self, name):
        """Look an object up again, bypassing the sweep (after a POST whose answer was lost)."""
        matches = [item for item in self.resource.find_by_name(self.client, name) if item.get('name') == name]
        return matches[0] if matches else None

    def get(self, object_id):
        try:
            found = self.client.get('%s/%s' % (self.resource.path, object_id))
        except GenesysApiError as error:
            if error.status == 404:
                return None
            raise
        return None if (found or {}).get('deleted') else found

    # -- planning (no writes) --------------------------------------------------------------

    def plan(self, spec, prefix=''):
        current = self.find(spec['name'], prefix)
        plan = TaskPlan(spec, prefix, current)
        if spec.get('state', 'present') == 'absent':
            if current is not None:
                plan.action = 'delete'
                plan.before = self.resource.view(self, self.resource.request_form(current))
                plan.changes = changes(plan.before, {})
            return plan
        plan.partial = self.resource.partial(self, spec, prefix)
        plan.given = self.resource.given(self, spec, plan.partial)
        if current is None:
            plan.action = 'create'
            plan.after = fieldmap.project(plan.given, self.resource.view(
                self, self.resource.merge({'name': plan.name}, plan.partial, spec)))
        else:
            plan.action = 'update'
            self._merge(plan, current)
        self.resource.plan_extra(self, plan)
        plan.changes = changes(plan.before or {}, plan.after)
        return plan

    def _merge(self, plan, current):
        plan.current = current
        form = self.resource.request_form(current)
        for key, option in self.resource.immutable:
            if key in plan.partial and form.get(key) and plan.partial[key] != form.get(key):
                raise FieldMapError(plan.prefix + option, "%s '%s' cannot change its %s on the platform (it is %s)" % (
                    self.resource.label, plan.name, option.replace('_', ' '),
                    self.resource.view(self, form).get(option, form.get(key))), plan.spec.get(option))
        plan.before = fieldmap.project(plan.given, self.resource.view(self, form))
        plan.after = fieldmap.project(plan.given, self.resource.view(self, self.resource.merge(form, plan.partial,
                                                                                             plan.spec)))

    # -- applying --------------------------------------------------------------------------

    def apply(self, plan):
        """Carry out a plan; returns the object as the platform now stores it (None once deleted)."""
        if plan.action == 'delete':
            self._guard_expected(plan, plan.current)
            self.delete(plan)
            return None
        if plan.action == 'create':
            created = self.resource.create(self, plan)
            self.resolver.add(self.resource.kind, created)
            plan.current = created
            stored = self.resource.after_write(self, plan, self.get(created['id']) or created)
        else:
            stored = self._guarded_update(plan)
        self.verify(plan, stored)
        return stored

    def _guard_expected(self, plan, observed):
        expected = plan.spec.get('expected_etag')
        if expected and expected != fingerprint(observed):
            raise ConflictError("%s '%s' changed since review: expected etag %s, found %s; nothing was written"
                                % (self.resource.label, plan.name, expected, fingerprint(observed)))

    def _guarded_update(self, plan):
        seen = plan.current
        self._guard_expected(plan, seen)
        for _attempt in range(MAX_GUARD_ATTEMPTS):
            fresh = self.get(seen['id'])
            if fresh is None:
                raise ConflictError("%s '%s' was deleted by someone else before the update; nothing was written"
                                    % (self.resource.label, plan.name))
            self._guard_expected(plan, fresh)
            if fingerprint(fresh) != fingerprint(seen):
                self.warn("%s '%s' was changed by someone else since it was read; re-applied only the managed "
                          "fields onto the fresh copy" % (self.resource.label, plan.name))
                self._merge(plan, fresh)
                self.resource.plan_extra(self, plan)
                plan.changes = changes(plan.before or {}, plan.after)
                seen = fresh
                if not plan.changes:
                    return fresh
                continue
            self.resource.update(self, plan, fresh)
            return self.resource.after_write(self, plan, self.get(fresh['id']))
        raise ConflictError("%s '%s' kept changing while we tried to update it (%d attempts); nothing was written"
                            % (self.resource.label, plan.name, MAX_GUARD_ATTEMPTS))

    def verify(self, plan, stored):
        """Managed fields hold what we wrote; the request keys we did not manage are as they were."""
        if stored is None:
            raise VerificationError("%s '%s' is missing after the write" % (self.resource.label, plan.name))
        now = fieldmap.project(plan.given, self.resource.view(self, self.resource.request_form(stored)))
        drift = changes(plan.after, now)
        if drift:
            raise VerificationError("%s '%s': after the write the platform holds different values for %s" % (
                self.resource.label, plan.name, ', '.join(record['path'] for record in drift)))
        if plan.action == 'update':
            before, after = self.resource.request_form(plan.current), self.resource.request_form(stored)
            skipped = set(plan.partial) | set(self.resource.extra_keys(plan))
            for key in sorted(set(before) | set(after)):
                if key not in skipped and canonical({key: before.get(key)}) != canonical({key: after.get(key)}):
                    raise VerificationError("%s '%s': the update changed '%s', which this task does not manage"
                                            % (self.resource.label, plan.name, key))

    def delete(self, plan):
        path = '%s/%s' % (self.resource.path, plan.object_id)
        try:
            self.client.delete(path)
        except GenesysApiError as error:
            if error.status != 404:
                raise
        if self.get(plan.object_id) is not None:
            raise VerificationError("%s '%s' still exists after DELETE" % (self.resource.label, plan.name))
        self.resolver.forget(self.resource.kind, plan.object_id)


# ---------------------------------------------------------------------------------------------
# Many objects

def plan_all(service, addressed, sweep):
    """Plan every (spec, path prefix); returns (plans, errors). Nothing is written."""
    if sweep:
        service.load_all()
    plans = []
    errors = []
    for spec, prefix in addressed:
        try:
            plans.append(service.plan(spec, prefix))
        except FieldMapError as error:
            errors.append(error)
    return plans, errors


def task_result(service, plan, stored=None, check_mode=False):
    """The per-object result returned by the module."""
    shown = stored if stored is not None else (None if plan.action == 'delete' else plan.current)
    etag_source = plan.current if check_mode or stored is None else stored
    result = {
        'name': plan.name,
        'id': (stored or {}).get('id') or plan.object_id,
        'action': plan.action if plan.changed else 'none',
        'changed': plan.changed,
        'etag': fingerprint(etag_source) if etag_source else None,
        'changes': plan.changes,
        service.resource.kind: shown,
        'diff': diff_record(service.resource.label, plan.name, plan.before if plan.action != 'create' else None,
                            plan.after if plan.action != 'delete' else None),
    }
    if isinstance(shown, dict) and isinstance(shown.get('version'), int):
        result['version'] = shown['version']  # workitem schemas: the version the change produced
    if check_mode and plan.changed:
        result['predicted'] = True
    return result


def apply_all(service, plans):
    """Apply the plans that change something; returns (results, failures) in input order."""
    results = []
    failures = []
    for plan in plans:
        if not plan.changed:
            results.append(task_result(service, plan))
            continue
        try:
            result = task_result(service, plan, service.apply(plan))
            if plan.action == 'delete':
                result['etag'] = None  # nothing left to fingerprint
            results.append(result)
        except (GenesysApiError, ConflictError, VerificationError, FieldMapError) as error:
            result = task_result(service, plan)
            result.update(failed=True, msg=str(error))
            results.append(result)
            failures.append((plan.name, error))
    return results, failures
