# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The service base every resource is built on: find, plan, guarded write, verify, result.

How a new resource plugs in (see skills.py for a small one, queues.py for the largest)::

    class WorkbinService(ResourceService):
        KIND = 'workbin'               # label in messages and diff headers
        RESULT_KEY = 'workbin'         # key of the object in the module result
        RESOLVER_KIND = None           # a resolver.KINDS entry the listing primes (names -> ids), or None
        PATH = '/api/v2/taskmanagement/workbins'   # collection; objects live at PATH/{id}
        FIELDS = WORKBIN_SETTINGS      # the field map: option <-> API key <-> codec (one place)
        SERVER_OWNED = (...)           # keys the server sets; dropped from write bodies
        WRITE_METHOD = 'patch'         # 'put' (whole-object replacement) or 'patch'
        BY_IDS_PARAM = None            # listing filter that re-reads many by id ('id' for queues), or None
        DIVISION_IN_BODY = True        # a `division` option is written in the body (False: moved apart)

Paging: `client.list_all(PATH)` knows whether a listing pages by number or by cursor (the
operation table in client.py), so a service never pages itself.

Hooks a resource may override (each has a working default):
    plan_all(addressed, sweep, workers)  which objects a task touches (skill rules: every queue with `overridden`)
    plan_for(spec, prefix)      find and plan one object (webhooks also read the configuration)
    listed(entity)              keep this entity of the listing? (soft-deleted skills: no)
    read_ahead(addressed, workers)  bulk runs, before planning: read what plan_details needs in parallel
    plan_details(plan)          after the field map: division, sub-resources (members...), checks
    create_body(plan)           the POST body (default: the managed keys plus the name)
    write_body(desired)         the PUT/PATCH body (default: desired minus SERVER_OWNED)
    after_write(plan, stored)   sub-resource writes after the object itself (members, divisions)
    delete_params(plan)         query parameters of the DELETE (queues: forceDelete)
    confirm_deleted(plan)       how a deleted object reads back (soft-deleted skills, slow queue deletes)
    result_details(plan, res)   extra keys of the per-object result

The write path, the same for every resource (design.md "Concurrent writers"): the object is
re-read just before the write and, when its client-side ETag moved since the plan, only the
managed keys are laid over the fresh copy (or the write is refused when `expected_etag` pinned a
reviewed state). After the write the answer must hold the managed values and every unmanaged key
as it was (else VerificationError). Then the object is read back: when a concurrent writer undid
our change in the meantime, it is re-read, re-merged and re-written, at most MAX_WRITE_ATTEMPTS
times, and LostUpdateError names what was lost if it never holds. A plan records whether any
write landed (`plan.written`), so `changed` is never claimed for a refused or failed write.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import random
import time

from ansible_collections.genesyscloud.routing.plugins.module_utils import fieldmap
from ansible_collections.genesyscloud.routing.plugins.module_utils.endpoints import build_path
from ansible_collections.genesyscloud.routing.plugins.module_utils.etag_and_diff import (
    SERVER_OWNED as SERVER_OWNED_KEYS, canonical, changes, diff_record, fingerprint,
)
from ansible_collections.genesyscloud.routing.plugins.module_utils.errors import (
    ConflictError, GenesysApiError, InputErrors, LostUpdateError, VerificationError,
)
from ansible_collections.genesyscloud.routing.plugins.module_utils.fieldmap import FieldMapError

MAX_WRITE_ATTEMPTS = 3


class Plan:
    """What one object needs: the action, the bodies, the diff to show, and what was written."""

    def __init__(self, spec, current, prefix=''):
        self.spec = spec
        self.prefix = prefix
        self.name = spec.get('name') or (current or {}).get('name') or spec.get('id')
        self.current = current      # the copy the plan (and any re-merge) was made from
        self.first_read = current   # the copy first read: what others changed since is theirs
        self.action = 'none'
        self.partial = {}           # the managed keys, API-shaped
        self.given = {}             # the managed options, option-shaped (what diffs show)
        self.desired = None
        self.before = None
        self.after = None
        self.changes = []
        self.division_id = None
        self.details = {}           # sub-resource plans (members, wrap-up codes...): .changed, .before, .after
        self.fresh = None           # bulk: the re-read copy from one listing by ids
        self.verify_later = False   # bulk: the read-back comes from one listing after the batch
        self.written_over = None    # the copy our last write replaced
        self.written = False        # did any write for this object land?
        self.read_at = None         # when `fresh` was read

    @property
    def object_id(self):
        return (self.current or {}).get('id') or (self.desired or {}).get('id')

    @property
    def settings_changed(self):
        """The object itself (not only its sub-resources) needs a write."""
        return self.action == 'update' and bool(self.settings_changes())

    def settings_changes(self):
        return [record for record in self.changes if record['path'].split('.')[0] not in self.details]

    @property
    def changed(self):
        if self.action in ('create', 'delete'):
            return True
        return bool(self.changes) or any(detail is not None and detail.changed for detail in self.details.values())


class ResourceService:
    KIND = 'object'
    RESULT_KEY = 'object'
    RESOLVER_KIND = None
    PATH = None
    FIELDS = []
    SERVER_OWNED = SERVER_OWNED_KEYS  # etag_and_diff.py: the one list
    WRITE_METHOD = 'put'
    BY_IDS_PARAM = None
    BATCH_SIZE = 100
    DIVISION_IN_BODY = True  # False: the division moves through its own endpoint (queues)
    # The module of the resource (runner.ResourceModule reads these; the module's main() names the service):
    OPTIONS = ()             # every option of the module (the field map's DOCUMENTED_OPTIONS)
    ITEM_OPTIONS = ()        # the options of one object, at the top level and in each LIST_OPTION item
    LIST_OPTION = None       # the option holding many objects (`queues`), or None
    PLURAL = None            # KIND in the plural, for messages (default KIND + 's')
    SHARED_OPTIONS = ()      # module options copied into every object (queues: delete_timeout)
    WORKERS_OPTION = None    # the option giving the number of write threads, or None
    BRIEF_UNCHANGED = False  # unchanged objects of a bulk run report only who they are and their etag
    # validate_item(spec, prefix) -> [FieldMapError] of one object's options (prefix: its option path,
    # `queues[3].`), before any API call; a staticmethod, or None when the options' schema says it all.
    validate_item = None

    def __init__(self, client, resolver, warn=None):
        self.client = client
        self.resolver = resolver
        self.warn = warn or (lambda message: None)
        self._listing = None
        self.window = 0.0  # the longest time a copy we wrote from was in use (seconds)

    # -- reading -------------------------------------------------------------------------------

    def listed(self, entity):
        return True

    def object_path(self, object_id):
        return build_path(self.PATH + '/{id}', id=object_id)

    def load_all(self):
        """One listing sweep at the largest page size; feeds the name resolver too."""
        self._listing = [entity for entity in self.client.list_all(self.PATH) if self.listed(entity)]
        if self.RESOLVER_KIND:
            self.resolver.prime(self.RESOLVER_KIND, self._listing)
        return self._listing

    def get(self, object_id):
        """The object, or None when the platform says 404."""
        try:
            return self.client.get(self.object_path(object_id))
        except GenesysApiError as error:
            if error.status == 404:
                return None
            raise

    def read(self, plan):
        """The object as stored now (the re-read before a write and the read-back after it)."""
        return self.get(plan.object_id)

    def asked(self, name):
        """What the platform's name filter returns now (a looser match than ours: prefix, any case)."""
        return [entity for entity in self.client.list_all(self.PATH, params={'name': name}) if self.listed(entity)]

    def named(self, name):
        """Objects with exactly this name, asked of the platform now (after a lost POST answer, too)."""
        return [entity for entity in self.asked(name) if entity.get('name') == name]

    def candidates(self, name):
        return self._listing if self._listing is not None else self.asked(name)

    def find(self, spec, prefix=''):
        """The current object for a spec (by id, else by exact name), or None."""
        if spec.get('id'):
            return self.get(spec['id'])
        name = spec['name']
        matches = [entity for entity in self.candidates(name) if entity.get('name') == name]
        if len(matches) > 1:
            raise FieldMapError(prefix + 'name', "%s name '%s' matches %d objects (ids %s); use id to pick one"
                                % (self.KIND, name, len(matches), ', '.join(sorted(m['id'] for m in matches))), name)
        return matches[0] if matches else None

    def by_ids(self, object_ids):
        listed = self.client.list_all(self.PATH, params={self.BY_IDS_PARAM: sorted(object_ids)})
        return dict((entity['id'], entity) for entity in listed)

    # -- planning (no writes) ------------------------------------------------------------------

    def plan_all(self, addressed, sweep, workers=1):
        """Plan every (spec, prefix); input errors of all objects are collected (nothing is written)."""
        if sweep:
            self.load_all()
            self.read_ahead(addressed, workers)
        plans = []
        errors = []
        for spec, prefix in addressed:
            try:
                plans.append(self.plan_for(spec, prefix))
            except FieldMapError as error:
                errors.append(error)
            except InputErrors as error:
                errors.extend(error.errors)
        if errors:
            raise InputErrors(errors)
        return plans

    def plan_for(self, spec, prefix=''):
        """The plan of one object: find it, then plan it."""
        return self.plan(spec, self.find(spec, prefix), prefix)

    def read_ahead(self, addressed, workers):
        """Hook: after the listing sweep of a bulk run, read the sub-resources of all objects at once."""

    def plan(self, spec, current, prefix=''):
        """`prefix` addresses the object's options in messages (e.g. 'queues[3].')."""
        plan = Plan(spec, current, prefix)
        if spec.get('state', 'present') == 'absent':
            if current is not None:
                plan.action = 'delete'
                plan.before = self.view(current, None)
                plan.changes = changes(plan.before, {})
            return plan
        plan.given = fieldmap.normalize_given(self.FIELDS, spec)
        plan.partial = fieldmap.to_api(self.FIELDS, spec, self.resolver, prefix.rstrip('.'))
        if spec.get('division') is not None:
            plan.division_id = self.resolver.resolve('division', spec['division'], prefix + 'division')
            plan.given['division'] = self.resolver.name_of('division', plan.division_id)
            if self.DIVISION_IN_BODY:
                plan.partial['division'] = {'id': plan.division_id}
        if current is None:
            if not spec.get('name'):
                # Addressed by id alone: there is nothing to create from, and never a body without a name.
                raise FieldMapError(prefix + 'id', "no %s has id '%s'; give name as well to create one"
                                    % (self.KIND, spec.get('id')), spec.get('id'))
            plan.action = 'create'
            plan.desired = self.create_body(plan)
            plan.after = self.view(plan.desired, plan.given)
            plan.after['name'] = spec['name']
        else:
            plan.action = 'update'
            if spec.get('name') and spec['name'] != current.get('name'):
                plan.partial['name'] = spec['name']  # addressed by id (or a case-only difference): a rename
                plan.given['name'] = spec['name']
            self.lay_over(plan, current)
        self.plan_details(plan)
        self.diff_details(plan)
        if plan.action == 'update' and not plan.changed:
            plan.action = 'none'
        return plan

    def create_body(self, plan):
        body = dict(plan.partial, name=plan.spec['name'])
        if plan.division_id:
            body['division'] = {'id': plan.division_id}
        return body

    def plan_details(self, plan):
        """Hook: sub-resource plans and checks that need the merged object."""

    def lay_over(self, plan, current):
        """desired = current + the managed keys; the diff between their views."""
        plan.current = current
        plan.desired = fieldmap.deep_merge(current, plan.partial)
        plan.before = self.view(current, plan.given)
        plan.after = self.view(plan.desired, plan.given)
        if plan.division_id:
            plan.after['division'] = plan.given['division']

    def diff_details(self, plan):
        """Sub-resources join the diff under their own key; then the field-level changes."""
        for key, detail in sorted(plan.details.items()):
            if detail is None:
                continue
            if plan.before is not None:
                plan.before[key] = detail.before
            if plan.after is not None:
                plan.after[key] = detail.after
        plan.changes = changes(plan.before or {}, plan.after or {})

    def merge(self, plan, current):
        self.lay_over(plan, current)
        self.diff_details(plan)

    def view(self, body, given):
        """Option-shaped view of an object (names, not ids), limited to `given` when provided."""
        full = fieldmap.from_api(self.FIELDS, body, self.resolver)
        full['name'] = body.get('name')
        division = (body.get('division') or {}).get('id')
        if division:
            full['division'] = self.resolver.name_of('division', division)
        return full if given is None else fieldmap.project(given, full)

    # -- applying ------------------------------------------------------------------------------

    def apply(self, plan):
        """Carry out a plan; returns the object as the platform now stores it (None once deleted)."""
        if plan.action == 'delete':
            self.check_expected(plan, plan.current)
            self.delete(plan)
            plan.written = True
            return None
        if plan.action == 'create':
            stored = self.create(plan)
        elif plan.settings_changed:
            stored = self.guarded_write(plan)
        else:
            self.check_expected(plan, plan.current)
            stored = plan.current
        return self.after_write(plan, stored)

    def create(self, plan):
        created = self.client.create(self.PATH, plan.desired, lambda: (self.named(plan.spec['name']) or [None])[0])
        plan.written = True
        if self.RESOLVER_KIND:
            self.resolver.add(self.RESOLVER_KIND, created)
        plan.current = created
        return created

    def after_write(self, plan, stored):
        """Hook: sub-resource writes once the object exists; returns the object as stored."""
        return stored

    def delete(self, plan):
        """DELETE (a 404 means it is gone already), confirm it reads back as gone, forget its name."""
        try:
            self.client.delete(self.object_path(plan.object_id), params=self.delete_params(plan))
        except GenesysApiError as error:
            if error.status != 404:
                raise
        self.confirm_deleted(plan)
        if self.RESOLVER_KIND:
            self.resolver.forget(self.RESOLVER_KIND, plan.object_id)

    def delete_params(self, plan):
        return None

    def confirm_deleted(self, plan):
        if self.get(plan.object_id) is not None:
            raise VerificationError("%s '%s' still exists after DELETE" % (self.KIND, plan.name))

    def check_expected(self, plan, observed):
        """Refuse, before any write, when the reviewed state (`expected_etag`) no longer holds."""
        expected = plan.spec.get('expected_etag')
        found = fingerprint(observed) if observed is not None else None
        if expected and expected != found:
            raise ConflictError("%s '%s' changed since review: expected etag %s, found %s; nothing was written. Run "
                                "the drift report again and review the new state."
                                % (self.KIND, plan.name, expected, found), plan.name, found)

    def write_body(self, desired):
        return dict((key, value) for key, value in desired.items() if key not in self.SERVER_OWNED)

    def write(self, plan):
        """One PUT or PATCH of the desired object; returns the platform's answer."""
        send = self.client.put if self.WRITE_METHOD == 'put' else self.client.patch
        answer = send(self.object_path(plan.object_id), self.write_body(plan.desired))
        plan.written = True
        return answer

    def guarded_write(self, plan, repair=False):
        """Re-read, re-merge if someone else wrote meanwhile, write, verify, and repair a lost update.

        In bulk runs the re-read comes from one listing per batch (`plan.fresh`) and the read-back
        from another (`verify_batch`), instead of two GETs per object. `repair`: a re-write after a
        lost update, onto `plan.fresh` (the review pin no longer applies: the object moved by design).
        """
        if not repair:
            self.check_expected(plan, plan.current)
        fresh = plan.fresh if plan.fresh is not None else self.read(plan)
        read_at = plan.read_at if plan.fresh is not None and plan.read_at else time.time()
        for attempt in range(1, MAX_WRITE_ATTEMPTS + 1):
            if fresh is None:
                raise VerificationError("%s '%s' is gone; it was deleted while this task updated it"
                                        % (self.KIND, plan.name))
            if attempt == 1 and not repair:
                self.check_expected(plan, fresh)
            if fingerprint(fresh) != fingerprint(plan.current):
                if attempt == 1 and not repair:
                    self.warn("%s '%s' was changed by someone else since it was read; re-applied only the managed "
                              "fields onto the fresh copy" % (self.KIND, plan.name))
                self.merge(plan, fresh)
                if not plan.settings_changes():
                    return fresh
            answer = self.write(plan)
            # How long our stale copy was in use: a writer like us may hold one as long.
            self.window = max(self.window, time.time() - read_at)
            plan.written_over = fresh
            self.verify_write(plan, fresh, answer)
            if plan.verify_later:
                return dict(plan.desired)  # read back by the batch listing that follows
            stored = self.read(plan)
            read_at = time.time()
            lost = self.lost(plan, stored)
            if not lost:
                if isinstance(answer, dict) and answer:
                    self.warn_if_moved(plan, answer, stored)
                else:  # the write answered nothing: the read-back is the only proof
                    self.verify_write(plan, fresh, stored)
                return stored
            self.repairing(plan, lost, attempt)
            fresh = stored
        raise self.lost_update(plan, lost)

    def repairing(self, plan, lost, attempt):
        self.warn("%s '%s': another writer undid this update right after it (%s); re-read, merged again and "
                  "wrote again (attempt %d of %d)" % (self.KIND, plan.name, ', '.join(lost), attempt + 1,
                                                      MAX_WRITE_ATTEMPTS))
        # A random pause makes two writers that keep colliding fall out of step.
        time.sleep(random.uniform(0.05, 0.3))

    def lost_update(self, plan, lost):
        return LostUpdateError("%s '%s': another writer kept undoing this update (%s still not as written after %d "
                               "writes); the platform holds the other writer's values. Re-run when the other "
                               "writer is done." % (self.KIND, plan.name, ', '.join(lost), MAX_WRITE_ATTEMPTS))

    def lost(self, plan, stored):
        """Paths of managed options that do not hold what we wrote (None: the object is gone)."""
        if stored is None:
            return ['(the object was deleted)']
        return [record['path'] for record in changes(self.view(plan.desired, plan.given),
                                                     self.view(stored, plan.given))]

    def verify_write(self, plan, before_write, answer):
        """The write's own answer holds the managed values and every unmanaged key as it was."""
        if not isinstance(answer, dict) or not answer:
            return  # no body to judge by; the read-back decides
        wrong = self.lost(plan, answer)
        if wrong:
            raise VerificationError("%s '%s': after the update the platform holds different values for %s"
                                    % (self.KIND, plan.name, ', '.join(wrong)))
        moved = self.unmanaged_moves(plan, before_write, answer)
        if moved:
            raise VerificationError("%s '%s': the update changed %s, which this task does not manage"
                                    % (self.KIND, plan.name, ', '.join("'%s'" % key for key in moved)))

    def unmanaged_moves(self, plan, before, after):
        return [key for key in sorted(set(before) | set(after))
                if key not in self.SERVER_OWNED and key not in plan.partial and key != 'division'
                and canonical({key: before.get(key)}) != canonical({key: after.get(key)})]

    def warn_if_moved(self, plan, answer, stored):
        """Another key moved between our write and the read-back: someone else's edit, not our fault."""
        if not isinstance(answer, dict) or not answer or stored is None:
            return
        moved = [key for key in sorted(set(answer) | set(stored)) if key not in self.SERVER_OWNED
                 and canonical({key: answer.get(key)}) != canonical({key: stored.get(key)})]
        if moved:
            self.warn("%s '%s' was changed again right after this update (%s): someone else is editing it"
                      % (self.KIND, plan.name, ', '.join(moved)))

    # -- bulk: one listing re-reads a batch before its writes, another reads it back after -----

    def prefetch(self, plans):
        if not self.BY_IDS_PARAM:
            return
        wanted = [plan for plan in plans if plan.settings_changed]
        if not wanted:
            return
        fresh = self.by_ids([plan.object_id for plan in wanted])
        read_at = time.time()
        for plan in wanted:
            plan.fresh = fresh.get(plan.object_id)
            plan.read_at = read_at
            plan.verify_later = plan.fresh is not None

    def verify_batch(self, plans):
        """Read a batch back with one listing; repair lost updates one by one. Returns {id: stored}, {id: error}."""
        written = [plan for plan in plans if plan.written_over is not None and plan.verify_later]
        if not written:
            return {}, {}
        stored = self.by_ids([plan.object_id for plan in written])
        errors = {}
        for plan in written:
            plan.verify_later = False
            found = stored.get(plan.object_id)
            lost = self.lost(plan, found)
            if not lost:
                continue
            try:
                self.repairing(plan, lost, 1)
                plan.fresh = found
                stored[plan.object_id] = self.guarded_write(plan, repair=True)
            except Exception as error:  # reported for this object; the others keep their results
                errors[plan.object_id] = error
        return stored, errors

    def settle(self, plans):
        """The last check of a run: our updates still hold once a concurrent writer's stale copy is spent.

        Another run of this collection may have read an object just before our write and write its
        copy (without our change) after our read-back. It holds that copy about as long as we held
        ours (`self.window`), so after waiting that long every updated object is read once more
        (one listing per batch where the API can list by id); a lost update is re-merged and
        re-written, and checked again after another wait, a bounded number of times.
        Returns ({object id: stored}, {object id: error}).
        """
        watched = [plan for plan in plans if plan.written_over is not None]
        settled, errors = {}, {}
        for round_number in range(1, MAX_WRITE_ATTEMPTS + 1):
            if not watched:
                break
            time.sleep(self.window)
            stored = self.read_many(watched)
            repaired = []
            for plan in watched:
                found = stored.get(plan.object_id)
                lost = self.lost(plan, found)
                if not lost:
                    settled[plan.object_id] = found
                    continue
                if round_number == MAX_WRITE_ATTEMPTS:
                    errors[plan.object_id] = self.lost_update(plan, lost)
                    continue
                try:
                    self.repairing(plan, lost, round_number)
                    plan.fresh = found
                    plan.read_at = time.time()
                    settled[plan.object_id] = self.guarded_write(plan, repair=True)
                    repaired.append(plan)
                except Exception as error:  # reported for this object; the others keep their results
                    errors[plan.object_id] = error
            watched = repaired
        return settled, errors

    def read_many(self, plans):
        if not self.BY_IDS_PARAM:
            return dict((plan.object_id, self.read(plan)) for plan in plans)
        stored = {}
        for start in range(0, len(plans), self.BATCH_SIZE):
            stored.update(self.by_ids([plan.object_id for plan in plans[start:start + self.BATCH_SIZE]]))
        return stored

    # -- results ----------------------------------------------------------------------------------

    def result(self, plan, stored=None, check_mode=False):
        """The per-object result: `changed` is a write that landed (or, in check mode, one predicted)."""
        deleted = plan.action == 'delete'
        if check_mode:
            changed = action_taken = plan.changed
            shown = None if deleted else (plan.desired if plan.changed and plan.desired else plan.current)
            etag_source = plan.current
        else:
            changed = action_taken = plan.written  # a refused or failed write is no change
            shown = stored if stored is not None else (None if deleted and plan.written else plan.current)
            etag_source = shown
        result = {
            'name': plan.name,
            'id': (shown or {}).get('id') or plan.object_id,
            'action': plan.action if action_taken else 'none',
            'changed': changed,
            'etag': fingerprint(etag_source) if etag_source else None,
            'changes': plan.changes,
            self.RESULT_KEY: shown,
            'diff': diff_record(self.KIND, plan.name, plan.before if plan.action != 'create' else None,
                                plan.after if not deleted else None),
        }
        self.result_details(plan, result)
        if check_mode and plan.changed:
            result['predicted'] = True
        return result

    def result_details(self, plan, result):
        """Hook: extra keys of the per-object result."""
