# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Organization utilization: plan (read, merge, diff) and apply (guarded PUT, verify).

The platform's PUT /api/v2/routing/utilization is a full replacement: "any omitted media types
will be set to the system default values" (reference §3.4), and the same goes for label
utilizations and the maximum of inbound calls, which share the body. So every PUT carries the
whole configuration: the media types the task manages, laid over the current ones (or over the
documented defaults with `authoritative`), plus the current label utilizations and inbound-call
maximum exactly as they are. The diff shows every media type, because the PUT writes every one.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy

from ansible_collections.genesyscloud.routing.plugins.module_utils import fieldmap
from ansible_collections.genesyscloud.routing.plugins.module_utils.canonical import (
    canonical, changes, diff_record, fingerprint,
)
from ansible_collections.genesyscloud.routing.plugins.module_utils.resolver import OfflineResolver
from ansible_collections.genesyscloud.routing.plugins.module_utils.fieldmap import MEDIA_TYPES
from ansible_collections.genesyscloud.routing.plugins.module_utils.utilization_fields import (
    DEFAULT_MEDIA_UTILIZATION, DOCUMENTED_OPTIONS, MEDIA_OPTIONS, UTILIZATION_SETTINGS,
)
from ansible_collections.genesyscloud.routing.plugins.module_utils.validation import field_errors

UTILIZATION = '/api/v2/routing/utilization'
MAX_GUARD_ATTEMPTS = 3
# Parts of the body this module never manages; they must come back from the PUT unchanged.
UNMANAGED_KEYS = ('labelUtilizations', 'maxInboundCalls')


class ConflictError(Exception):
    """The utilization changed since it was reviewed (`expected_etag`) or kept moving under us."""


class VerificationError(Exception):
    """After the PUT, the platform's copy does not hold what we wrote."""


def validate_utilization_options(options):
    """Offline checks of the module's options against the utilization schema; FieldMapErrors."""
    return field_errors(DOCUMENTED_OPTIONS, options)


class UtilizationPlan:
    def __init__(self, options, current):
        self.options = options
        self.current = current
        self.desired = None
        self.body = None
        self.before = None
        self.after = None
        self.changes = []
        self.kept = []    # media types sent back as they are (not managed)
        self.reset = []   # media types set to the documented defaults (authoritative)

    @property
    def changed(self):
        return bool(self.changes)


class UtilizationService:
    def __init__(self, client, warn=None):
        self.client = client
        self.warn = warn or (lambda message: None)
        self.resolver = OfflineResolver()  # utilization names nothing that needs looking up

    def read(self):
        return self.client.get(UTILIZATION)

    def plan(self, options, current):
        plan = UtilizationPlan(options, current)
        managed = fieldmap.to_api(UTILIZATION_SETTINGS, options, self.resolver).get('utilization', {})
        media = copy.deepcopy(current.get('utilization') or {})
        if options.get('authoritative'):
            for media_type in MEDIA_TYPES:
                media[media_type] = fieldmap.deep_merge(DEFAULT_MEDIA_UTILIZATION[media_type],
                                                        managed.get(media_type, {}))
            reset = [media_type for media_type in MEDIA_TYPES if media_type not in managed]
        else:
            reset = []
            for media_type, settings in managed.items():
                media[media_type] = fieldmap.deep_merge(media.get(media_type) or {}, settings)
        kept = [media_type for media_type in media if media_type not in managed and media_type not in reset]
        # Reported in option names (messaging); a media type the module does not know keeps the API's name.
        plan.reset = sorted(MEDIA_OPTIONS.get(media_type, media_type) for media_type in reset)
        plan.kept = sorted(MEDIA_OPTIONS.get(media_type, media_type) for media_type in kept)
        plan.desired = dict(current, utilization=media)
        plan.body = request_body(plan.desired)
        plan.before = self.view(current)
        plan.after = self.view(plan.desired)
        plan.changes = changes(plan.before, plan.after)
        return plan

    def view(self, body):
        """Every media type the module knows, in option names, interruptible types sorted."""
        return fieldmap.from_api(UTILIZATION_SETTINGS, body, self.resolver)

    def apply(self, plan):
        """Re-read, re-plan if someone else wrote meanwhile, PUT the whole body, verify with a GET."""
        seen = plan.current
        self._guard_expected(plan, seen)
        for _attempt in range(MAX_GUARD_ATTEMPTS):
            fresh = self.read()
            self._guard_expected(plan, fresh)
            if fingerprint(fresh) != fingerprint(seen):
                self.warn('the organization utilization was changed by someone else since it was read; re-applied '
                          'only the managed media types onto the fresh copy')
                replanned = self.plan(plan.options, fresh)
                plan.__dict__.update(replanned.__dict__)
                seen = fresh
                if not plan.changed:
                    return fresh
                continue
            self.client.put(UTILIZATION, plan.body)
            stored = self.read()
            self.verify(plan, fresh, stored)
            return stored
        raise ConflictError('the organization utilization kept changing while we tried to update it (%d attempts); '
                            'nothing was written' % MAX_GUARD_ATTEMPTS)

    def _guard_expected(self, plan, observed):
        expected = plan.options.get('expected_etag')
        if expected and expected != fingerprint(observed):
            raise ConflictError('the organization utilization changed since review: expected etag %s, found %s; '
                                'nothing was written' % (expected, fingerprint(observed)))

    def verify(self, plan, before_write, stored):
        drift = changes(plan.after, self.view(stored))
        if drift:
            raise VerificationError('after the update the platform holds different utilization values for %s'
                                    % ', '.join(record['path'] for record in drift))
        for key in UNMANAGED_KEYS:
            if canonical({key: without_label_names(before_write.get(key))}) != \
                    canonical({key: without_label_names(stored.get(key))}):
                raise VerificationError("the update changed '%s', which this module never manages" % key)


def request_body(utilization):
    """The PUT body: every media type, the label utilizations without their read-only names, maxInboundCalls."""
    body = {'utilization': copy.deepcopy(utilization.get('utilization') or {})}
    if utilization.get('labelUtilizations') is not None:
        body['labelUtilizations'] = without_label_names(utilization['labelUtilizations'])
    if utilization.get('maxInboundCalls') is not None:
        body['maxInboundCalls'] = utilization['maxInboundCalls']
    return body


def without_label_names(labels):
    """LabelUtilizationRequest has no labelName (the response adds it)."""
    if not isinstance(labels, dict):
        return labels
    return dict((label_id, dict((key, value) for key, value in settings.items() if key != 'labelName'))
                for label_id, settings in labels.items())


def utilization_result(plan, stored=None, check_mode=False):
    shown = stored if stored is not None else (plan.desired if check_mode else plan.current)
    etag_source = stored if stored is not None else plan.current
    result = {
        'action': 'update' if plan.changed else 'none',
        'changed': plan.changed,
        'etag': fingerprint(etag_source),
        'changes': plan.changes,
        'utilization': shown,
        'kept_media_types': plan.kept,
        'reset_media_types': plan.reset,
        'diff': diff_record('utilization', 'of the organization', plan.before, plan.after),
    }
    if check_mode and plan.changed:
        result['predicted'] = True
    return result
