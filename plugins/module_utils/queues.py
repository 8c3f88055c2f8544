# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Routing queues: plan (read, merge, diff) and apply (guarded write, verify) one queue or many.

Planning never writes, so check mode is simply "plan and stop". Applying a plan re-reads the
queue, compares client-side ETags to catch edits made since the plan, re-merges only our
managed keys onto the fresh object (or refuses when an `expected_etag` was pinned), writes the
whole body (the platform's PUT is a full replacement), then verifies with a GET that the
managed fields took and nothing unmanaged moved.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import time
from concurrent.futures import ThreadPoolExecutor

from ansible_collections.genesyscloud.routing.plugins.module_utils import fieldmap
from ansible_collections.genesyscloud.routing.plugins.module_utils.canonical import (
    canonical, changes, diff_record, fingerprint,
)
from ansible_collections.genesyscloud.routing.plugins.module_utils.errors import GenesysApiError
from ansible_collections.genesyscloud.routing.plugins.module_utils.fieldmap import FieldMapError
from ansible_collections.genesyscloud.routing.plugins.module_utils.members import (
    apply_members, apply_wrapup_codes, chunks, plan_members, plan_wrapup_codes, validate_members,
)
from ansible_collections.genesyscloud.routing.plugins.module_utils.queue_fields import (
    QUEUE_OPTIONS, QUEUE_SERVER_OWNED, QUEUE_SETTINGS, cross_field_errors,
)
from ansible_collections.genesyscloud.routing.plugins.module_utils.validation import field_errors

QUEUES = '/api/v2/routing/queues'
# Queues per batch in bulk runs: the `id` filter of one listing call re-reads or verifies them.
BATCH_SIZE = 100


class ConflictError(Exception):
    """The queue changed since it was reviewed (`expected_etag`) or kept moving under us."""

    def __init__(self, name, message, etag=None):
        self.name = name
        self.etag = etag
        super(ConflictError, self).__init__(message)


class VerificationError(Exception):
    """After the write, the platform's copy does not hold what we wrote."""


def validate_queue_spec(spec, path=''):
    """Offline checks of one queue's options; returns FieldMapErrors (empty when valid)."""
    errors = []
    if spec.get('state', 'present') == 'present' and not spec.get('name') and not spec.get('id'):
        errors.append(FieldMapError(path + 'name', 'one of name or id is required', None))
    errors.extend(field_errors(QUEUE_OPTIONS, spec, path.rstrip('.')))
    errors.extend(cross_field_errors(spec, path))
    errors.extend(validate_members(spec, path))
    return errors


class QueuePlan:
    """What one queue needs: the action, the bodies, and the diff to show."""

    def __init__(self, spec, current):
        self.spec = spec
        self.name = spec.get('name') or (current or {}).get('name') or spec.get('id')
        self.current = current
        self.action = 'none'
        self.partial = {}
        self.desired = None
        self.given = {}
        self.before = None
        self.after = None
        self.changes = []
        self.division_id = None
        self.division_move = False
        self.members = None
        self.wrapup_codes = None
        self.written = None         # the PUT's answer: the queue as stored by our write
        self.fresh = None           # bulk: the re-read copy from the batch listing
        self.verify_later = False   # bulk: verified by the batch listing after the writes
        self.written_over = None    # the copy our PUT replaced (verification compares with it)

    @property
    def queue_id(self):
        return (self.current or {}).get('id') or (self.desired or {}).get('id')

    @property
    def settings_changed(self):
        return self.action == 'update' and bool(self.changes)

    @property
    def changed(self):
        if self.action in ('create', 'delete'):
            return True
        return bool(self.changes) or self.division_move or \
            bool(self.members and self.members.changed) or bool(self.wrapup_codes and self.wrapup_codes.changed)


class QueueService:
    def __init__(self, client, resolver, warn=None):
        self.client = client
        self.resolver = resolver
        self.warn = warn or (lambda message: None)
        self._listing = None

    # -- reading -------------------------------------------------------------------------------

    def load_all(self):
        """One listing sweep at the largest page size; feeds the name resolver too."""
        self._listing = self.client.list_all(QUEUES)
        self.resolver.prime('queue', self._listing)
        return self._listing

    def find(self, spec, prefix=''):
        """The current queue for a spec, or None. Names match exactly, client-side."""
        if spec.get('id'):
            try:
                return self.client.get('%s/%s' % (QUEUES, spec['id']))
            except GenesysApiError as error:
                if error.status == 404:
                    return None
                raise
        if self._listing is not None:
            matches = [queue for queue in self._listing if queue.get('name') == spec['name']]
        else:
            matches = self.named(spec['name'])
        if len(matches) > 1:
            raise FieldMapError(prefix + 'name', "queue name '%s' matches %d queues (ids %s); use id to pick one"
                                % (spec['name'], len(matches), ', '.join(sorted(q['id'] for q in matches))),
                                spec['name'])
        return matches[0] if matches else None

    def named(self, name):
        """Queues with exactly this name, asked of the platform now (its filter is a wildcard filter)."""
        listed = self.client.list_all(QUEUES, params={'name': name})
        return [queue for queue in listed if queue.get('name') == name]

    # -- planning (no writes) ------------------------------------------------------------------

    def plan(self, spec, current, prefix=''):
        """`prefix` addresses the queue's options in messages (e.g. 'queues[3].')."""
        plan = QueuePlan(spec, current)
        if spec.get('state', 'present') == 'absent':
            if current is not None:
                plan.action = 'delete'
                plan.before = self.view(current, None)
                plan.after = None
            return plan

        plan.given = fieldmap.normalize_given(QUEUE_SETTINGS, spec)
        plan.partial = fieldmap.to_api(QUEUE_SETTINGS, spec, self.resolver, prefix.rstrip('.'))
        if spec.get('division') is not None:
            plan.division_id = self.resolver.resolve('division', spec['division'], prefix + 'division')
            plan.given['division'] = self.resolver.name_of('division', plan.division_id)

        if current is None:
            plan.action = 'create'
            body = dict(plan.partial, name=spec['name'])
            if plan.division_id:
                body['division'] = {'id': plan.division_id}
            plan.desired = body
            plan.before = None
            plan.after = self.view(body, plan.given)
            plan.after['name'] = spec['name']
            plan.changes = changes({}, plan.after)
        else:
            plan.action = 'update'
            if spec.get('id') and spec.get('name') and spec['name'] != current.get('name'):
                plan.partial['name'] = spec['name']  # addressed by id: the name is managed too
                plan.given['name'] = spec['name']
            self._merge(plan, current)
            current_division = (current.get('division') or {}).get('id')
            plan.division_move = bool(plan.division_id) and plan.division_id != current_division

        errors = cross_field_errors(fieldmap.from_api(QUEUE_SETTINGS, plan.desired, self.resolver), '', complete=True)
        if errors:
            raise errors[0]
        plan.members = plan_members(self.client, self.resolver, spec, plan.queue_id, prefix)
        plan.wrapup_codes = plan_wrapup_codes(self.client, self.resolver, spec, plan.queue_id, prefix)
        return plan

    def _merge(self, plan, current):
        plan.current = current
        plan.desired = fieldmap.deep_merge(current, plan.partial)
        plan.before = self.view(current, plan.given)
        plan.after = self.view(plan.desired, plan.given)
        if plan.division_id:
            plan.after['division'] = plan.given['division']
        plan.changes = changes(plan.before, plan.after)

    def view(self, body, given):
        """Option-shaped view of a queue (names, not ids), limited to `given` when provided."""
        full = fieldmap.from_api(QUEUE_SETTINGS, body, self.resolver)
        full['name'] = body.get('name')
        division = (body.get('division') or {}).get('id')
        if division:
            full['division'] = self.resolver.name_of('division', division)
        if given is None:
            return full
        return fieldmap.project(given, full)

    # -- applying ------------------------------------------------------------------------------

    def apply(self, plan):
        """Carry out a plan; returns the queue as the platform now stores it (None once deleted)."""
        spec = plan.spec
        if plan.action == 'delete':
            self._guard_expected(plan, plan.current)
            self.delete(plan.current['id'], spec.get('force_delete', False), spec.get('delete_timeout', 60))
            return None
        if plan.action == 'create':
            created = self.client.create(QUEUES, plan.desired, lambda: (self.named(spec['name']) or [None])[0])
            self.resolver.add('queue', created)
            plan.current = created
            result = created
        else:
            result = plan.current
            if plan.changes:
                result = self._guarded_put(plan)
            if plan.division_move:
                self.client.post('/api/v2/authorization/divisions/%s/objects/QUEUE' % plan.division_id,
                                 [plan.current['id']], idempotent=True)
                result = self.client.get('%s/%s' % (QUEUES, plan.current['id']))
        queue_id = result['id']
        if plan.members is not None:
            apply_members(self.client, queue_id, plan.members)
        if plan.wrapup_codes is not None:
            apply_wrapup_codes(self.client, queue_id, plan.wrapup_codes)
        return result

    def _guard_expected(self, plan, observed):
        expected = plan.spec.get('expected_etag')
        if expected and expected != fingerprint(observed):
            raise ConflictError(plan.name, "queue '%s' changed since review: expected etag %s, found %s; "
                                "nothing was written. Run the drift report again and review the new state."
                                % (plan.name, expected, fingerprint(observed)), fingerprint(observed))

    def _guarded_put(self, plan):
        """Re-read, re-merge if someone else wrote meanwhile, then PUT the whole body and verify.

        In bulk runs the re-read comes from one listing per batch (`plan.fresh`) and the
        verification from another (`verify_batch`), instead of two GETs per queue.
        """
        seen = plan.current
        self._guard_expected(plan, seen)
        path = '%s/%s' % (QUEUES, seen['id'])
        server_etag = None
        if plan.fresh is not None:
            fresh = plan.fresh
        else:
            fresh, server_etag = self.client.get_with_etag(path)
        self._guard_expected(plan, fresh)
        if fingerprint(fresh) != fingerprint(seen):
            self.warn("queue '%s' was changed by someone else since it was read; re-applied only the "
                      "managed fields onto the fresh copy" % plan.name)
            self._merge(plan, fresh)
            if not plan.changes:
                return fresh
        plan.written = self._put(plan, path, server_etag)
        plan.written_over = fresh
        if plan.verify_later:
            return dict(plan.desired)  # confirmed by the batch read that follows
        stored = self.client.get(path)
        self.verify(plan, fresh, stored)
        return stored

    def _put(self, plan, path, server_etag):
        """The whole-body PUT; conditional on the server's own ETag if it ever sends one."""
        headers = {'If-Match': server_etag} if server_etag else None
        try:
            return self.client.put(path, request_body(plan.desired), headers=headers)
        except GenesysApiError as error:
            if error.status == 412:
                raise ConflictError(plan.name, "queue '%s' changed between our re-read and our write (the "
                                    "platform refused If-Match %s); nothing was written" % (plan.name, server_etag))
            raise

    def prefetch(self, plans):
        """One listing by ids gives the fresh copies of a batch of queues about to be written."""
        wanted = [plan for plan in plans if plan.settings_changed]
        if not wanted:
            return
        fresh = self.by_ids([plan.queue_id for plan in wanted])
        for plan in wanted:
            plan.fresh = fresh.get(plan.queue_id)
            plan.verify_later = plan.fresh is not None

    def verify_batch(self, plans):
        """One listing by ids verifies a batch of writes; returns {queue id: error} for mismatches."""
        written = [plan for plan in plans if plan.written_over is not None and plan.verify_later]
        if not written:
            return {}, {}
        stored = self.by_ids([plan.queue_id for plan in written])
        errors = {}
        for plan in written:
            try:
                if plan.queue_id not in stored:
                    raise VerificationError("queue '%s' is gone right after its update" % plan.name)
                self.verify(plan, plan.written_over, stored[plan.queue_id])
            except VerificationError as error:
                errors[plan.queue_id] = error
        return stored, errors

    def by_ids(self, queue_ids):
        listed = self.client.list_all(QUEUES, params={'id': sorted(queue_ids)})
        return dict((queue['id'], queue) for queue in listed)

    def verify(self, plan, before_write, stored):
        """Managed fields hold what we wrote; every key we did not manage is as it was.

        The PUT's answer is what the platform stored at the moment of our write, so it is the
        proof; the later GET only tells whether someone else wrote in between (a warning, since
        that change is theirs, not a fault of this update).
        """
        written = plan.written if isinstance(plan.written, dict) and plan.written.get('id') else None
        self._verify_against(plan, before_write, written or stored)
        if written is not None:
            moved = [key for key in sorted(set(written) | set(stored)) if key not in QUEUE_SERVER_OWNED
                     and canonical({key: written.get(key)}) != canonical({key: stored.get(key)})]
            if moved:
                self.warn("queue '%s' was changed again right after this update (%s): someone else is editing it"
                          % (plan.name, ', '.join(moved)))

    def _verify_against(self, plan, before_write, stored):
        wanted = self.view(plan.desired, plan.given)
        got = self.view(stored, plan.given)
        if plan.division_id:
            wanted.pop('division', None)
            got.pop('division', None)
        drift = changes(wanted, got)
        if drift:
            raise VerificationError("queue '%s': after the update the platform holds different values for %s"
                                    % (plan.name, ', '.join(record['path'] for record in drift)))
        for key in sorted(set(before_write) | set(stored)):
            if key in plan.partial or key in QUEUE_SERVER_OWNED:
                continue
            if canonical({key: before_write.get(key)}) != canonical({key: stored.get(key)}):
                raise VerificationError("queue '%s': the update changed '%s', which this task does not manage"
                                        % (plan.name, key))

    def delete(self, queue_id, force, timeout):
        params = {'forceDelete': 'true'} if force else None
        try:
            self.client.delete('%s/%s' % (QUEUES, queue_id), params=params)
        except GenesysApiError as error:
            if error.status != 404:
                raise
        # Deletion is eventually consistent on the platform: wait until a GET says 404.
        deadline = time.time() + timeout
        while True:
            try:
                self.client.get('%s/%s' % (QUEUES, queue_id))
            except GenesysApiError as error:
                if error.status == 404:
                    self.resolver.forget('queue', queue_id)
                    return
                raise
            if time.time() >= deadline:
                raise GenesysApiError(None, 'delete.timeout', 'queue %s still exists %d s after DELETE'
                                      % (queue_id, timeout), method='DELETE', path='%s/%s' % (QUEUES, queue_id))
            time.sleep(1)


def request_body(queue):
    """The PUT body: the whole queue minus what the server owns."""
    return dict((key, value) for key, value in queue.items() if key not in QUEUE_SERVER_OWNED)


def plan_result(plan, queue=None, check_mode=False):
    """The per-queue result returned by the module (and collected by drift reports)."""
    shown = queue if queue is not None else (plan.desired if plan.action != 'delete' else None)
    etag_source = queue if queue is not None else plan.current
    result = {
        'name': plan.name,
        'id': (queue or {}).get('id') or plan.queue_id,
        'action': plan.action if plan.changed else 'none',
        'changed': plan.changed,
        'etag': fingerprint(etag_source) if etag_source else None,
        'changes': plan.changes,
        'queue': shown,
        'diff': diff_record('queue', plan.name, plan.before if plan.action != 'create' else None,
                            plan.after if plan.action != 'delete' else None),
    }
    if plan.members is not None:
        result['members'] = plan.members.summary()
        result['diff']['before']['members'] = plan.members.before
        result['diff']['after']['members'] = plan.members.after
    if plan.wrapup_codes is not None:
        result['wrapup_codes'] = plan.wrapup_codes.summary()
        result['diff']['before']['wrapup_codes'] = plan.wrapup_codes.before
        result['diff']['after']['wrapup_codes'] = plan.wrapup_codes.after
    if check_mode and plan.changed:
        result['predicted'] = True
    return result


def ensure_queues(service, specs, check_mode, workers=1, sweep=None, prefixes=None):
    """Plan every queue, then (outside check mode) apply the plans that change something.

    Returns (results, failures): per-queue result dicts in input order, and the failures of
    queues whose write failed (the others still converge).
    """
    if sweep is None:
        sweep = len(specs) > 1
    if sweep:
        service.load_all()
    prefixes = prefixes or [''] * len(specs)
    plans = [service.plan(spec, service.find(spec, prefix), prefix) for spec, prefix in zip(specs, prefixes)]
    if check_mode:
        return [plan_result(plan, check_mode=True) for plan in plans], []

    def apply_one(plan):
        if not plan.changed:
            return plan_result(plan, queue=plan.current), None
        try:
            return plan_result(plan, queue=service.apply(plan)), None
        except (GenesysApiError, ConflictError, VerificationError, FieldMapError) as error:
            return plan_result(plan, queue=plan.current), error

    outcomes = []
    for batch in chunks(plans, BATCH_SIZE):
        if sweep:
            service.prefetch(batch)
        batch_outcomes = run_bounded(apply_one, batch, workers)
        if sweep:
            stored, errors = service.verify_batch(batch)
            for index, plan in enumerate(batch):
                if plan.queue_id in errors and batch_outcomes[index][1] is None:
                    batch_outcomes[index] = (batch_outcomes[index][0], errors[plan.queue_id])
                elif plan.queue_id in stored and batch_outcomes[index][1] is None:
                    batch_outcomes[index] = (plan_result(plan, queue=stored[plan.queue_id]), None)
        outcomes.extend(batch_outcomes)

    results = []
    failures = []
    for plan, (result, error) in zip(plans, outcomes):
        if error is not None:
            result['failed'] = True
            result['msg'] = str(error)
            failures.append((plan.name, error))
        results.append(result)
    return results, failures


def run_bounded(function, items, workers):
    """Map with at most `workers` threads; the client paces and retries underneath."""
    if workers <= 1 or len(items) <= 1:
        return [function(item) for item in items]
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(function, items))
