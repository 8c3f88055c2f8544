# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The statuses of a worktype: plan (offline, by name) and the ordered writes that get there.

What the platform allows decides the order (reference task-management.md, Terraform provider
`task_management_worktype_status`): a status references others by id, so new statuses are
created bare and their transitions patched in once every target exists; a category cannot
change, so such a status is replaced (the old one renamed out of the way, a new one created,
references moved, the old one deleted); the default status cannot be deleted and a status
another one points to cannot be deleted, so the default moves and references are cleared
before anything is deleted.

Statuses are keyed here by id, or by `new:<name>` for those still to be created, so a rename
or a replacement never confuses a reference.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

from ansible_collections.genesyscloud.routing.plugins.module_utils.endpoints import build_path
from ansible_collections.genesyscloud.routing.plugins.module_utils.fieldmap import FieldMapError

MAX_DESTINATIONS = 24
TIME_RE = re.compile(r'^([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]$')
# option -> write key of WorkitemStatusCreate/Update
SETTINGS = (('description', 'description'), ('transition_delay_seconds', 'statusTransitionDelaySeconds'),
            ('transition_time', 'statusTransitionTime'), ('auto_terminate', 'autoTerminateWorkitem'))


def record_from_api(status):
    """A status as this module reasons about it: references as keys (ids)."""
    return {
        'name': status.get('name'), 'category': status.get('category'),
        'description': status.get('description'),
        'destinations': [item.get('id') for item in status.get('destinationStatuses') or []],
        'default_destination': (status.get('defaultDestinationStatus') or {}).get('id'),
        'transition_delay_seconds': status.get('statusTransitionDelaySeconds'),
        'transition_time': status.get('statusTransitionTime'),
        'auto_terminate': bool(status.get('autoTerminateWorkitem')),
    }


def status_views(records, default_key):
    """Option-shaped statuses (names instead of keys) sorted by name, and the default status's name."""
    names = dict((key, record['name']) for key, record in records.items())
    views = []
    for record in records.values():
        view = {'name': record['name'], 'category': record['category'], 'auto_terminate': record['auto_terminate']}
        if record['destinations']:
            view['destinations'] = sorted(names.get(key, key) for key in record['destinations'])
        if record['default_destination']:
            view['default_destination'] = names.get(record['default_destination'], record['default_destination'])
        for option in ('description', 'transition_delay_seconds', 'transition_time'):
            if record[option] is not None:
                view[option] = record[option]
        views.append(view)
    return sorted(views, key=lambda view: view['name']), names.get(default_key, default_key)


class StatusPlan:
    """From the current statuses and the task's options to the predicted statuses and the steps."""

    def __init__(self, spec, prefix, current_statuses, current_default, creating):
        self.prefix = prefix
        self.original = dict((status['id'], record_from_api(status)) for status in current_statuses)
        self.current_default = current_default
        self.records = dict((key, dict(record)) for key, record in self.original.items())
        self.renames = []        # keys of existing statuses to rename
        self.replaced = {}       # old key -> new key (category changes)
        self.to_delete = set()
        self.default_key = current_default
        self.errors = []
        self._plan(spec, creating)

    @property
    def new_keys(self):
        return [key for key in self.records if key.startswith('new:')]

    def kept(self):
        return dict((key, record) for key, record in self.records.items() if key not in self.to_delete)

    def error(self, path, message, value=None):
        self.errors.append(FieldMapError(self.prefix + path, message, value))

    def _plan(self, spec, creating):
        desired = spec.get('statuses')
        managed = {}
        key_by_name = dict((record['name'], key) for key, record in self.records.items())
        for index, item in enumerate(desired or []):
            key = key_by_name.get(item['name'])
            previous = item.get('previous_name')
            if key is None and previous and previous in key_by_name:
                key = key_by_name.pop(previous)
                self.records[key]['name'] = item['name']
                key_by_name[item['name']] = key
                self.renames.append(key)
            if key is not None and self.records[key]['category'] != item['category']:
                new_key = 'new:' + item['name']
                self.records[new_key] = dict(self.records[key], category=item['category'],
                                             auto_terminate=self.records[key]['auto_terminate']
                                             and item['category'] == 'Closed')
                self.replaced[key] = new_key
                key_by_name[item['name']] = new_key
                key = new_key
            if key is None:
                key = 'new:' + item['name']
                self.records[key] = {'name': item['name'], 'category': item['category'], 'description': None,
                                     'destinations': [], 'default_destination': None,
                                     'transition_delay_seconds': None, 'transition_time': None,
                                     'auto_terminate': False}
                key_by_name[item['name']] = key
            managed[key] = (index, item)
        self.to_delete = set(self.replaced)
        if spec.get('purge_statuses') and desired is not None:
            self.to_delete |= set(key for key in self.records if key not in managed)
        for record in self.records.values():
            record['destinations'] = [self.replaced.get(key, key) for key in record['destinations']]
            record['default_destination'] = self.replaced.get(record['default_destination'],
                                                              record['default_destination'])
        live = dict((record['name'], key) for key, record in self.kept().items())
        for key, (index, item) in managed.items():
            self._apply_settings(self.records[key], item, 'statuses[%d].' % index, live)
        self._plan_default(spec, creating, live)
        self._check(managed)

    def _apply_settings(self, record, item, path, live):
        for option, _api in SETTINGS:
            if item.get(option) is not None:
                record[option] = item[option]
        if item.get('transition_time') is not None and not TIME_RE.match(item['transition_time']):
            self.error(path + 'transition_time', "'%s' is not a time of day HH:mm:ss" % item['transition_time'],
                       item['transition_time'])
        if item.get('destinations') is not None:
            record['destinations'] = [self._key(live, name, '%sdestinations[%d]' % (path, index))
                                      for index, name in enumerate(item['destinations'])]
        if item.get('default_destination') is not None:
            record['default_destination'] = self._key(live, item['default_destination'],
                                                      path + 'default_destination')

    def _key(self, live, name, path):
        if name not in live:
            self.error(path, "no status '%s' in this worktype (statuses: %s)" % (name, ', '.join(sorted(live))),
                       name)
        return live.get(name, name)

    def _plan_default(self, spec, creating, live):
        self.default_key = self.replaced.get(self.current_default, self.current_default)
        if spec.get('default_status') is not None:
            self.default_key = self._key(live, spec['default_status'], 'default_status')
        elif creating and spec.get('statuses') is not None:
            self.error('default_status', 'is required to create a worktype with statuses (the platform then '
                       'creates no statuses of its own)')
        elif self.default_key in self.to_delete:
            self.error('default_status', "status '%s' is the default status and would be removed; name the new "
                       "default status" % self.records[self.default_key]['name'])

    def _check(self, managed):
        paths = dict((key, 'statuses[%d]' % index) for key, (index, _item) in managed.items())
        for key, record in self.kept().items():
            path = paths.get(key)
            where = path or ("status '%s' (not listed in statuses)" % record['name'])
            removed = sorted(set(self.records[target]['name'] for target in
                                 record['destinations'] + [record['default_destination']]
                                 if target in self.to_delete and target not in self.replaced))
            if removed:
                self.error(path or 'purge_statuses', "%s points to status %s, which would be removed; list its "
                           "destinations without them" % (where, ', '.join("'%s'" % name for name in removed)),
                           record['name'])
            if len(record['destinations']) > MAX_DESTINATIONS:
                self.error((path or where) + '.destinations', 'holds %d statuses; at most %d'
                           % (len(record['destinations']), MAX_DESTINATIONS), len(record['destinations']))
            allowed = record['destinations']
            if record['default_destination'] and allowed and record['default_destination'] not in allowed:
                self.error((path or where) + '.default_destination', 'must be one of the destinations',
                           self.records.get(record['default_destination'], {}).get('name'))
            if (record['default_destination'] is None) != (record['transition_delay_seconds'] is None):
                self.error(path or where, 'default_destination and transition_delay_seconds go together',
                           record['name'])
            if record['auto_terminate'] and record['category'] != 'Closed':
                self.error((path or where) + '.auto_terminate', 'is only allowed on a Closed status', True)

    # -- views ---------------------------------------------------------------------------------

    def before(self):
        return status_views(self.original, self.current_default)

    def after(self):
        return status_views(self.kept(), self.default_key)

    # -- writes --------------------------------------------------------------------------------

    def apply(self, client, worktype_path, current_default):
        """The writes, in the order the platform accepts them."""
        base = worktype_path + '/statuses'

        def status_path(status_id):
            return build_path(base + '/{statusId}', statusId=status_id)

        ids = dict((key, key) for key in self.original)
        for key in self.renames:
            client.patch(status_path(key), {'name': self.records[key]['name']})
        for key in self.replaced:
            temporary = ('%s (replaced)' % self.original[key]['name'])[:256]
            client.patch(status_path(key), {'name': temporary})
        written = dict(self.original)
        for key in self.new_keys:
            record = self.records[key]
            body = {'name': record['name'], 'category': record['category']}
            if record['description'] is not None:
                body['description'] = record['description']
            if record['auto_terminate']:
                body['autoTerminateWorkitem'] = True
            created = client.post(base, body)
            ids[key] = created['id']
            written[key] = dict(record, destinations=[], default_destination=None, transition_delay_seconds=None,
                                transition_time=None)
        for key, record in self.kept().items():
            body = self._changed_body(written[key], record, ids)
            if body:
                client.patch(status_path(ids[key]), body)
        default_id = ids.get(self.default_key)
        if default_id and default_id != current_default:
            client.patch(worktype_path, {'defaultStatusId': default_id})
        for key in self.to_delete:
            if written[key]['destinations'] or written[key]['default_destination']:
                client.patch(status_path(key), {'destinationStatusIds': [], 'defaultDestinationStatusId': None,
                                                'statusTransitionDelaySeconds': None,
                                                'statusTransitionTime': None})
        for key in self.to_delete:
            client.delete(status_path(key))

    @staticmethod
    def _changed_body(before, after, ids):
        def form(record):
            values = dict((api, record[option]) for option, api in SETTINGS)
            values['destinationStatusIds'] = sorted(ids.get(key, key) for key in record['destinations'])
            values['defaultDestinationStatusId'] = ids.get(record['default_destination'],
                                                           record['default_destination'])
            return values
        old, new = form(before), form(after)
        return dict((key, value) for key, value in new.items() if old.get(key) != value)

    @property
    def changed(self):
        return self.before() != self.after()
