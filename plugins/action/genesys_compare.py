# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Action plugin of genesys_compare: compare two environments' exported states on the controller.

Documentation: plugins/modules/genesys_compare.py.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.errors import AnsibleActionFail
from ansible.plugins.action import ActionBase

from ansible_collections.genesyscloud.routing.plugins.module_utils.errors import missing_library_message
from ansible_collections.genesyscloud.routing.plugins.module_utils.state_reports import dump_json
from ansible_collections.genesyscloud.routing.plugins.plugin_utils.state_compare import (
    HAS_DEEPDIFF, compare_markdown, compare_states,
)
from ansible_collections.genesyscloud.routing.plugins.plugin_utils.state_files import write_atomic

ARGUMENT_SPEC = dict(
    left=dict(type='dict', required=True),
    right=dict(type='dict', required=True),
    left_name=dict(type='str', default='left'),
    right_name=dict(type='str', default='right'),
    ignore=dict(type='list', elements='str', default=[]),
    json_path=dict(type='path'),
    markdown_path=dict(type='path'),
    fail_on_difference=dict(type='bool', default=False),
)


class ActionModule(ActionBase):
    TRANSFERS_FILES = False
    _supports_check_mode = True
    _requires_connection = False

    def run(self, tmp=None, task_vars=None):
        result = super(ActionModule, self).run(tmp, task_vars)
        _validation, args = self.validate_argument_spec(argument_spec=ARGUMENT_SPEC)
        if not HAS_DEEPDIFF:
            raise AnsibleActionFail(missing_library_message('deepdiff', 'genesys_compare'))
        report = compare_states(args['left'], args['right'], args['left_name'], args['right_name'],
                                ignore=args['ignore'])
        if args['json_path']:
            result['json_path'] = write_atomic(args['json_path'], dump_json(report))
        if args['markdown_path']:
            result['markdown_path'] = write_atomic(args['markdown_path'], compare_markdown(report))
        result.update(changed=False, report=report, identical=report['identical'], summary=report['summary'])
        if args['fail_on_difference'] and not report['identical']:
            result['failed'] = True
            result['msg'] = '%s and %s differ: %s' % (args['left_name'], args['right_name'], report['summary'])
        return result
