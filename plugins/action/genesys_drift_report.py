# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Action plugin of genesys_drift_report: turn the registered results of the routing role into report files.

Documentation: plugins/modules/genesys_drift_report.py.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os

from ansible_collections.genesyscloud.routing.plugins.plugin_utils.state_reports import (
    drift_markdown, drift_report, dump_json, stale_objects,
)
from ansible_collections.genesyscloud.routing.plugins.plugin_utils.report_action import ReportAction, write_reports


class ActionModule(ReportAction):
    NAME = 'genesys_drift_report'

    def report(self, args):
        in_check_mode = bool(self._task.check_mode) or bool(self._play_context.check_mode)
        mode = args['mode'] or ('check' if in_check_mode else 'apply')
        report = drift_report(args['environment'], args['results'], mode=mode)
        base = os.path.join(args['report_dir'], 'drift' if mode == 'check' else 'apply') if args['report_dir'] else None
        json_path = args['json_path'] or (base + '.json' if base else None)
        markdown_path = args['markdown_path'] or (base + '.md' if base else None)
        result = write_reports([('json_path', json_path, lambda: dump_json(report)),
                                ('markdown_path', markdown_path, lambda: drift_markdown(report))])
        result.update(report=report, in_sync=report['in_sync'], summary=report['summary'])
        if args['expected_etags']:
            result['stale'] = stale_objects(args['results'], args['expected_etags'])
        return result
