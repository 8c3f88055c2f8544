# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The base of the controller-side modules (genesys_compare, genesys_drift_report, genesys_validate).

They read and write files where the playbook runs, need no connection, make no API call and change
nothing, so they run the same in check mode. A plugin names its module (NAME) and the controller
LIBRARY it needs, and writes `report(args)`: the keys of its result. Its arguments are checked
against the options its module file documents, read from that file (the one statement of them).
Report files go through `write_reports`, which replaces each file atomically.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import ast
import os

import yaml
from ansible.errors import AnsibleActionFail
from ansible.plugins.action import ActionBase

from ansible_collections.genesyscloud.routing.plugins.module_utils.errors import missing_library_message
from ansible_collections.genesyscloud.routing.plugins.plugin_utils.state_files import write_atomic

MODULES = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), 'modules')
# The keys of a documented option that are also keys of an argument spec.
SPEC_KEYS = ('type', 'elements', 'choices', 'required', 'default', 'no_log')


def documented_argument_spec(module_name):
    """The argument spec of a controller-side module: the options its DOCUMENTATION states."""
    with open(os.path.join(MODULES, module_name + '.py'), encoding='utf-8') as handle:
        tree = ast.parse(handle.read())
    text = next(node.value.value for node in tree.body if isinstance(node, ast.Assign)
                and [getattr(target, 'id', None) for target in node.targets] == ['DOCUMENTATION'])
    options = yaml.safe_load(text)['options']
    return dict((name, dict((key, value) for key, value in option.items() if key in SPEC_KEYS))
                for name, option in options.items())


def write_reports(targets):
    """{result key: absolute path} of the reports written; `targets` are (result key, path or None, render)."""
    return dict((key, write_atomic(path, render())) for key, path, render in targets if path)


class ReportAction(ActionBase):
    TRANSFERS_FILES = False
    _supports_check_mode = True
    _requires_connection = False
    NAME = None           # the module (plugins/modules/NAME.py documents the options)
    LIBRARY = None        # (library name, importable?) of a controller library the plugin needs

    def run(self, tmp=None, task_vars=None):
        result = super(ReportAction, self).run(tmp, task_vars)
        _validation, args = self.validate_argument_spec(argument_spec=documented_argument_spec(self.NAME))
        if self.LIBRARY and not self.LIBRARY[1]:
            raise AnsibleActionFail(missing_library_message(self.LIBRARY[0], self.NAME))
        result['changed'] = False
        result.update(self.report(args))
        return result

    def report(self, args):
        """The keys of the task's result (`failed` and `msg` included when the task must fail)."""
        raise NotImplementedError
