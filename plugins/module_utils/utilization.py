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
from ansible_collections.genesyscloud.routing.plugins.module_utils.etag_and_diff import canonical
from ansible_collections.genesyscloud.routing.plugins.module_utils.resolver import OfflineResolver
from ansible_collections.genesyscloud.routing.plugins.module_utils.fieldmap import MEDIA_TYPES
from ansible_collections.genesyscloud.routing.plugins.module_utils.resource import Plan, ResourceService
from ansible_collections.genesyscloud.routing.plugins.module_utils.utilization_fields import (
    DEFAULT_MEDIA_UTILIZATION, DOCUMENTED_OPTIONS, MEDIA_OPTIONS, UTILIZATION_SETTINGS,
)

UTILIZATION = '/api/v2/routing/utilization'
NAME = 'of the organization'
# Parts of the body this module never manages; they must come back from the PUT unchanged.
UNMANAGED_KEYS = ('labelUtilizations', 'maxInboundCalls')


class UtilizationService(ResourceService):
    """The organization's one utilization object: read with a GET, written with a whole-body PUT."""
    KIND = 'utilization'
    RESULT_KEY = 'utilization'
    PATH = UTILIZATION
    OPTIONS = ITEM_OPTIONS = DOCUMENTED_OPTIONS
    PLURAL = 'utilization'

    def __init__(self, client, resolver=None, warn=None):
        # Utilization names nothing that needs looking up.
        super(UtilizationService, self).__init__(client, resolver or OfflineResolver(), warn=warn)

    def object_path(self, object_id):
        return UTILIZATION

    def read(self, plan=None):
        return self.client.get(UTILIZATION)

    def find(self, spec, prefix=''):
        return self.read()

    def plan(self, spec, current, prefix=''):
        """`spec` holds the module's options (media_types, authoritative, expected_etag)."""
        plan = Plan(spec, current, prefix)
        plan.name = NAME
        plan.action = 'update'
        self.merge(plan, current)
        if not plan.changes:
            plan.action = 'none'
        return plan

    def lay_over(self, plan, current):
        options = plan.spec
        managed = fieldmap.to_api(UTILIZATION_SETTINGS, options, self.resolver).get('utilization', {})
        media = copy.deepcopy(current.get('utilization') or {})
        reset = []
        if options.get('authoritative'):
            reset = [media_type for media_type in MEDIA_TYPES if media_type not in managed]
            for media_type in MEDIA_TYPES:
                media[media_type] = fieldmap.deep_merge(DEFAULT_MEDIA_UTILIZATION[media_type],
                                                        managed.get(media_type, {}))
        else:
            for media_type, settings in managed.items():
                media[media_type] = fieldmap.deep_merge(media.get(media_type) or {}, settings)
        kept = [media_type for media_type in media if media_type not in managed and media_type not in reset]
        # Reported in option names (messaging); a media type the module does not know keeps the API's name.
        plan.reset = sorted(MEDIA_OPTIONS.get(media_type, media_type) for media_type in reset)
        plan.kept = sorted(MEDIA_OPTIONS.get(media_type, media_type) for media_type in kept)
        plan.current = current
        plan.partial = {'utilization': managed}
        plan.desired = dict(current, utilization=media)
        # What the task manages: the keys it gives; with `authoritative`, every known media type whole.
        plan.given = fieldmap.normalize_given(UTILIZATION_SETTINGS, options)
        if options.get('authoritative'):
            plan.given['media_types'] = dict((MEDIA_OPTIONS[media_type], True) for media_type in MEDIA_TYPES)
        plan.before = self.view(current, plan.given)
        plan.after = self.view(plan.desired, plan.given)

    def view(self, body, given=None):
        """Media types in option names, interruptible types sorted; limited to `given` when provided."""
        full = fieldmap.from_api(UTILIZATION_SETTINGS, body, self.resolver)
        return full if given is None else fieldmap.project(given, full)

    def write_body(self, desired):
        return request_body(desired)

    def unmanaged_moves(self, plan, before, after):
        """Label utilizations, the inbound-call maximum and every media type the task keeps."""
        moved = [key for key in UNMANAGED_KEYS if canonical({key: without_label_names(before.get(key))}) !=
                 canonical({key: without_label_names(after.get(key))})]
        before_media = (before.get('utilization') or {})
        after_media = (after.get('utilization') or {})
        for media_type in sorted(before_media):
            if MEDIA_OPTIONS.get(media_type, media_type) in plan.kept and \
                    canonical(before_media.get(media_type)) != canonical(after_media.get(media_type)):
                moved.append('utilization.%s' % media_type)
        return moved

    def result(self, plan, stored=None, check_mode=False):
        result = super(UtilizationService, self).result(plan, stored, check_mode)
        for key in ('name', 'id'):
            result.pop(key)
        result.update(kept_media_types=plan.kept, reset_media_types=plan.reset)
        return result


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
