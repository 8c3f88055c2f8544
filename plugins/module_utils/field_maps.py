# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Every resource's field map, and the diff vocabulary derived from them.

Whether the order of a list means anything is declared once, on its Field (`ordered=False`: a
set). The client-side ETag (etag_and_diff.py, which sees API objects) and the comparison of two
environments (plugin_utils/state_compare.py, which sees options) both take it from here, so a
new set-like list needs no second list to be kept in step.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.genesyscloud.routing.plugins.module_utils import (
    queue_fields, skill_fields, skill_group_fields, skill_rule_fields, utilization_fields, webhook_fields,
    workbins, workitem_schemas, worktype_fields,
)
from ansible_collections.genesyscloud.routing.plugins.module_utils.fieldmap import list_fields

FIELD_MAPS = (
    queue_fields.DOCUMENTED_OPTIONS, skill_fields.DOCUMENTED_OPTIONS, skill_group_fields.DOCUMENTED_OPTIONS,
    skill_rule_fields.DOCUMENTED_OPTIONS, utilization_fields.DOCUMENTED_OPTIONS, utilization_fields.LABEL_SETTINGS,
    webhook_fields.DOCUMENTED_OPTIONS, worktype_fields.DOCUMENTED_OPTIONS, workbins.DOCUMENTED_OPTIONS,
    workitem_schemas.DOCUMENTED_OPTIONS,
)


def every_list_field():
    return [field for fields in FIELD_MAPS for field in list_fields(fields)]


# API keys of lists whose order means nothing (sorted in fingerprints).
SET_LIKE_API_KEYS = frozenset(key for field in every_list_field() if not field.ordered
                              for key in (field.api,) + field.api_also)

# Options of lists whose order carries meaning (rings expand in order, rules run in order).
ORDERED_OPTIONS = frozenset(field.option for field in every_list_field() if field.ordered)
