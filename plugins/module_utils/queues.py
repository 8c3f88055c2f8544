# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Routing queues on the service base: the field map, division moves, members and wrap-up codes.

Reading, planning, the guarded whole-body PUT (the platform's PUT is a full replacement, so the
body is the fresh queue plus the managed keys), verification and the repair of lost updates are
ResourceService's (resource.py). Bulk runs re-read a batch with one listing by ids before its
writes and read it back with another.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import time

from ansible_collections.genesyscloud.routing.plugins.module_utils import fieldmap
from ansible_collections.genesyscloud.routing.plugins.module_utils.etag_and_diff import SERVER_OWNED, fingerprint
from ansible_collections.genesyscloud.routing.plugins.module_utils.endpoints import build_path
from ansible_collections.genesyscloud.routing.plugins.module_utils.errors import ConflictError, GenesysApiError
from ansible_collections.genesyscloud.routing.plugins.module_utils.fieldmap import FieldMapError
from ansible_collections.genesyscloud.routing.plugins.module_utils.members import (
    apply_members, apply_wrapup_codes, effective_mode, plan_members, plan_wrapup_codes, ring_count, validate_members,
)
from ansible_collections.genesyscloud.routing.plugins.module_utils.membership import read_members, read_wrapup_codes
from ansible_collections.genesyscloud.routing.plugins.module_utils.platform_quirks import (
    clear_removed_ring_groups, strip_server_filled,
)
from ansible_collections.genesyscloud.routing.plugins.module_utils.queue_fields import (
    DOCUMENTED_OPTIONS, QUEUE_OPTIONS, QUEUE_SETTINGS, cross_field_errors,
)
from ansible_collections.genesyscloud.routing.plugins.module_utils.resource import ResourceService
from ansible_collections.genesyscloud.routing.plugins.module_utils.runner import ensure

QUEUES = '/api/v2/routing/queues'


def validate_queue_spec(spec, path=''):
    """The rules of one queue's options a schema cannot say; returns FieldMapErrors (empty when valid)."""
    errors = []
    if spec.get('state', 'present') == 'present' and not spec.get('name') and not spec.get('id'):
        errors.append(FieldMapError(path + 'name', 'one of name or id is required', None))
    errors.extend(cross_field_errors(spec, path))
    errors.extend(validate_members(spec, path))
    return errors


class QueueService(ResourceService):
    KIND = 'queue'
    RESULT_KEY = 'queue'
    RESOLVER_KIND = 'queue'
    PATH = QUEUES
    FIELDS = QUEUE_SETTINGS
    WRITE_METHOD = 'put'
    BY_IDS_PARAM = 'id'
    DIVISION_IN_BODY = False
    OPTIONS = DOCUMENTED_OPTIONS
    ITEM_OPTIONS = QUEUE_OPTIONS
    LIST_OPTION = 'queues'
    SHARED_OPTIONS = ('delete_timeout',)
    WORKERS_OPTION = 'workers'
    BRIEF_UNCHANGED = True
    validate_item = staticmethod(validate_queue_spec)

    members_read = None   # queue id -> members read ahead (bulk runs), else each plan reads its own
    wrapups_read = None
    member_reads = None   # the membership.ReadPlan of the read-ahead: which side was read

    def read_ahead(self, addressed, workers):
        """Members and wrap-up codes of every listed queue that declares them, read in parallel, members from the
        cheaper side (membership.py). A spec that cannot be resolved here is left to its own plan's errors."""
        candidates, with_members, with_codes = {}, [], []
        for spec, prefix in addressed:
            if spec.get('state', 'present') == 'absent' or spec.get('id'):
                continue
            try:
                current = self.find(spec, prefix)
                if current is None:
                    continue
                if effective_mode(spec, 'members') != 'ignore':
                    candidates[current['id']] = set(self.resolver.resolve('user', member['user'], prefix + 'members')
                                                    for member in spec.get('members') or [])
                    with_members.append(current)
            except FieldMapError:
                continue
            if effective_mode(spec, 'wrapup_codes') != 'ignore':
                with_codes.append(current['id'])
        if with_members:
            self.members_read, self.member_reads = read_members(self.client, with_members, candidates, workers)
        if with_codes:
            self.wrapups_read = read_wrapup_codes(self.client, with_codes, workers)

    def plan_details(self, plan):
        if plan.action == 'delete':
            return
        errors = cross_field_errors(fieldmap.from_api(QUEUE_SETTINGS, plan.desired, self.resolver), '',
                                    complete=True)
        if errors:
            raise errors[0]
        plan.details['members'] = plan_members(self.client, self.resolver, plan.spec, plan.object_id, plan.prefix,
                                               rings=ring_count(plan.desired),
                                               listed=(self.members_read or {}).get(plan.object_id))
        plan.details['wrapup_codes'] = plan_wrapup_codes(self.client, self.resolver, plan.spec, plan.object_id,
                                                         plan.prefix,
                                                         listed=(self.wrapups_read or {}).get(plan.object_id))

    def diff_details(self, plan):
        super(QueueService, self).diff_details(plan)
        for record in plan.changes:
            detail = plan.details.get(record['path'])
            if detail is not None:
                record.update(detail.delta())

    def apply(self, plan):
        self.check_expected_membership(plan)
        return super(QueueService, self).apply(plan)

    def check_expected_membership(self, plan):
        """Refuse, before any write, when the members or wrap-up codes moved since the review."""
        expected = plan.spec.get('expected_members_etag')
        if not expected or plan.action == 'create':
            return
        found = membership_etag(plan)
        if expected != found:
            raise ConflictError("queue '%s': its members or wrap-up codes changed since review: expected members "
                                "etag %s, found %s; nothing was written. Run the drift report again and review the "
                                "new state." % (plan.name, expected, found), plan.name, found)

    def division_move(self, plan):
        current_division = ((plan.current or {}).get('division') or {}).get('id')
        return plan.action == 'update' and bool(plan.division_id) and plan.division_id != current_division

    def view(self, body, given):
        # Values the platform fills in by itself are not the user's: neither compared nor shown.
        return super(QueueService, self).view(strip_server_filled(body), given)

    def lost(self, plan, stored):
        # The division moves through its own endpoint after the PUT; the PUT body keeps the old one.
        lost = super(QueueService, self).lost(plan, stored)
        return [path for path in lost if path != 'division']

    def write_body(self, desired):
        return request_body(desired)

    def write(self, plan):
        # The platform refuses to drop a bullseye ring that still holds member groups: empty them first.
        if clear_removed_ring_groups(self.client, self.object_path(plan.object_id), plan.current, plan.desired,
                                     SERVER_OWNED) is not None:
            plan.written = True
        return super(QueueService, self).write(plan)

    def after_write(self, plan, stored):
        queue_id = stored['id']
        if self.division_move(plan):
            self.client.post(build_path('/api/v2/authorization/divisions/{divisionId}/objects/{objectType}',
                                        divisionId=plan.division_id, objectType='QUEUE'), [queue_id],
                             idempotent=True)
            plan.written = True
            stored = self.client.get(self.object_path(queue_id))
        for key, apply_detail in (('members', apply_members), ('wrapup_codes', apply_wrapup_codes)):
            detail = plan.details.get(key)
            if detail is not None and detail.changed:
                apply_detail(self.client, queue_id, detail)
                plan.written = True
        return stored

    def delete_params(self, plan):
        return {'forceDelete': 'true'} if plan.spec.get('force_delete') else None

    def confirm_deleted(self, plan):
        """Deletion is eventually consistent on the platform: wait until a GET says 404."""
        timeout = plan.spec.get('delete_timeout', 60)
        deadline = time.time() + timeout
        while self.get(plan.object_id) is not None:
            if time.time() >= deadline:
                raise GenesysApiError(None, 'delete.timeout', 'queue %s still exists %d s after DELETE'
                                      % (plan.object_id, timeout), method='DELETE',
                                      path=self.object_path(plan.object_id))
            time.sleep(1)

    def result_details(self, plan, result):
        for key in ('members', 'wrapup_codes'):
            detail = plan.details.get(key)
            if detail is not None:
                result[key] = detail.summary()
        landed = plan.written and plan.action != 'delete'  # never in check mode
        result['members_etag'] = membership_etag(plan, after=landed) if plan.action != 'create' or landed else None


def membership_etag(plan, after=False):
    """Fingerprint of the managed members and wrap-up codes (by name, with rings); None when neither is managed.

    The queue's own etag covers its body only; this one lets `apply` refuse a membership that moved since review.
    """
    views = dict((key, getattr(detail, 'after' if after else 'before')) for key, detail in plan.details.items()
                 if key in ('members', 'wrapup_codes') and detail is not None)
    return fingerprint(views) if views else None


def request_body(queue):
    """The PUT body: the whole queue minus what the server owns."""
    return dict((key, value) for key, value in strip_server_filled(queue).items() if key not in SERVER_OWNED)


def ensure_queues(service, specs, check_mode, workers=1, sweep=None, prefixes=None):
    """Plan every queue, then (outside check mode) apply; returns (results, failures) in input order."""
    prefixes = prefixes or [''] * len(specs)
    return ensure(service, list(zip(specs, prefixes)), check_mode, workers, sweep)
