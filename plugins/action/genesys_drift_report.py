# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Action plugin of genesys_drift_report: turn the registered results of the routing role into report files.

Documentation: plugins/modules/genesys_drift_report.py.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os

from ansible.plugins.action import ActionBase

from ansible_collections.genesyscloud.routing.plugins.module_utils.state_reports import (
    drift_markdown, drift_report, dump_json, stale_objects,
)
from ansible_collections.genesyscloud.routing.plugins.plugin_utils.state_files import write_atomic

ARGUMENT_SPEC = dict(
    results=dict(type='dict', required=True),
    environment=dict(type='str', required=True),
    mode=dict(type='str', choices=['check', 'apply']),
    report_dir=dict(type='path'),
    json_path=dict(type='path'),
    markdown_path=dict(type='path'),
    expected_etags=dict(type='dict'),
)


class ActionModule(ActionBase):
    TRANSFERS_FILES = False
    _supports_check_mode = True
    _requires_connection = False

    def run(self, tmp=None, task_vars=None):
        result = super(ActionModule, self).run(tmp, task_vars)
        _validation, args = self.validate_argument_spec(argument_spec=ARGUMENT_SPEC)
        in_check_mode = bool(self._task.check_mode) or bool(self._play_context.check_mode)
        mode = args['mode'] or ('check' if in_check_mode else 'apply')
        report = drift_report(args['environment'], args['results'], mode=mode)
        base = os.path.join(args['report_dir'], 'drift' if mode == 'check' else 'apply') if args['report_dir'] else None
        json_path = args['json_path'] or (base + '.json' if base else None)
        markdown_path = args['markdown_path'] or (base + '.md' if base else None)
        if json_path:
            result['json_path'] = write_atomic(json_path, dump_json(report))
        if markdown_path:
            result['markdown_path'] = write_atomic(markdown_path, drift_markdown(report))
        result.update(changed=False, report=report, in_sync=report['in_sync'], summary=report['summary'])
        if args['expected_etags']:
            result['stale'] = stale_objects(args['results'], args['expected_etags'])
        return result
