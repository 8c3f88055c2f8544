# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Action plugin of genesys_compare: compare two environments' exported states on the controller.

Documentation: plugins/modules/genesys_compare.py.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.genesyscloud.routing.plugins.plugin_utils.state_reports import dump_json
from ansible_collections.genesyscloud.routing.plugins.plugin_utils.report_action import ReportAction, write_reports
from ansible_collections.genesyscloud.routing.plugins.plugin_utils.state_compare import (
    HAS_DEEPDIFF, compare_markdown, compare_states,
)


class ActionModule(ReportAction):
    NAME = 'genesys_compare'
    LIBRARY = ('deepdiff', HAS_DEEPDIFF)

    def report(self, args):
        report = compare_states(args['left'], args['right'], args['left_name'], args['right_name'],
                                ignore=args['ignore'])
        result = write_reports([('json_path', args['json_path'], lambda: dump_json(report)),
                                ('markdown_path', args['markdown_path'], lambda: compare_markdown(report))])
        result.update(report=report, identical=report['identical'], summary=report['summary'])
        if args['fail_on_difference'] and not report['identical']:
            result['failed'] = True
            result['msg'] = '%s and %s differ: %s' % (args['left_name'], args['right_name'], report['summary'])
        return result
