# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Workbins: the options of genesys_workbin and what is specific to the object.

A workbin holds workitems. It has a name (3-256 characters), a description (at most 512) and a
division that cannot change after creation (the platform's PATCH takes name and description
only). Listed with `POST /workbins/query`; written with POST and a partial PATCH.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.genesyscloud.routing.plugins.module_utils import task_listing
from ansible_collections.genesyscloud.routing.plugins.module_utils.fieldmap import STATES, Field, NamedRef, bulk_form
from ansible_collections.genesyscloud.routing.plugins.module_utils.task_resource import (
    TaskResourceService, ref_id,
)

WORKBIN_SETTINGS = [
    Field('description', max_length=512,
          description='Description, at most 512 characters. Left as it is when omitted.'),
    Field('division', api='divisionId', codec=NamedRef('division', bare_id=True),
          description='Division of the workbin, by name or id; new workbins go to the home division when omitted. The '
                      'platform cannot move a workbin to another division: a different division on an existing workbin '
                      'fails before any write.'),
]


def workbin_options(name_required):
    return [
        Field('name', required=name_required, min_length=3, max_length=256,
              description='Name of the workbin (the key), 3 to 256 characters.'),
        Field('state', choices=STATES, default='present',
              description='Whether the workbin should exist. A workbin that is the default workbin of a worktype cannot'
                          ' be deleted; delete or move the worktype first.'),
        Field('expected_etag',
              description='The etag this workbin had when its change was reviewed (from a drift report or an earlier '
                          'run). If the workbin has changed since, the task fails without writing.'),
    ] + WORKBIN_SETTINGS


WORKBIN_OPTIONS, DOCUMENTED_OPTIONS = bulk_form(workbin_options, 'workbins', 'workbin')


class WorkbinService(TaskResourceService):
    KIND = 'workbin'
    RESULT_KEY = 'workbin'
    RESOLVER_KIND = 'workbin'
    PATH = task_listing.WORKBINS
    FIELDS = WORKBIN_SETTINGS
    OPTIONS = DOCUMENTED_OPTIONS
    ITEM_OPTIONS = WORKBIN_OPTIONS
    LIST_OPTION = 'workbins'
    IMMUTABLE = (('divisionId', 'division'),)

    def list_everything(self):
        return task_listing.list_workbins(self.client)

    def asked(self, name):
        return task_listing.query_all(self.client, self.PATH, task_listing.name_filter(name))

    def request_form(self, entity):
        form = {'name': entity.get('name'), 'divisionId': ref_id(entity.get('division'))}
        if entity.get('description') is not None:
            form['description'] = entity['description']
        return form
