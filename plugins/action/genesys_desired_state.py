# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Action plugin of genesys_desired_state: load the desired state once, as plain data.

ansible-core 2.19 and later tag every value loaded from YAML with its origin, and deep-copy and
re-walk tagged data each time a task uses it: a desired state of 1,000 queues costs seconds per
task that touches it. The role calls this once; its later tasks use the plain copy this returns.
Documentation: plugins/modules/genesys_desired_state.py.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os

import yaml

from ansible.errors import AnsibleActionFail
from ansible.plugins.action import ActionBase

from ansible_collections.genesyscloud.routing.plugins.plugin_utils import desired_state
from ansible_collections.genesyscloud.routing.plugins.plugin_utils.state_files import directory_files, is_vault_file

SECTIONS = tuple(section.var for section in desired_state.SECTIONS)
# Sections that are one mapping (utilization); the others are lists of objects.
MAPPING_SECTIONS = tuple(section.var for section in desired_state.SECTIONS if not section.many)
ARGUMENT_SPEC = dict(
    sections=dict(type='list', elements='str', default=list(SECTIONS)),
    state_dir=dict(type='path'),
)
# Text that only Ansible's own loader and templar handle: such a file takes the slower, exact path.
ANSIBLE_ONLY = ('!vault', '{{', '{%')

FastLoader = getattr(yaml, 'CSafeLoader', yaml.SafeLoader)


class PlainLoader(FastLoader):  # pylint: disable=too-many-ancestors
    """libyaml's safe loader (when present), accepting Ansible's `!unsafe` tag as plain text."""


PlainLoader.add_constructor('!unsafe', lambda loader, node: loader.construct_scalar(node))


def plain(value):
    """A copy of `value` made of built-in types only: no origin tags, no lazy containers."""
    if isinstance(value, dict) or hasattr(value, 'items'):
        return dict((plain(key), plain(item)) for key, item in value.items())
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    if isinstance(value, str):
        return str.__str__(value)  # a plain str, also from Ansible's tagged str subclasses
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    return value


def check_shape(name, value, source):
    """Error text when a section is not the shape the modules take, else None."""
    if name in MAPPING_SECTIONS:
        if not isinstance(value, dict):
            return '%s: %s must be a mapping, got %s' % (source, name, type(value).__name__)
        return None
    if not isinstance(value, list):
        return '%s: %s must be a list of objects, got %s' % (source, name, type(value).__name__)
    for index, item in enumerate(value):
        if not isinstance(item, dict):
            return '%s: %s[%d] must be an object, got %s: %r' % (source, name, index, type(item).__name__, item)
    return None


class ActionModule(ActionBase):
    TRANSFERS_FILES = False
    _supports_check_mode = True
    _requires_connection = False

    def run(self, tmp=None, task_vars=None):
        result = super(ActionModule, self).run(tmp, task_vars)
        _validation, args = self.validate_argument_spec(argument_spec=ARGUMENT_SPEC)
        unknown = [name for name in args['sections'] if name not in SECTIONS]
        if unknown:
            raise AnsibleActionFail('sections: unknown section(s) %s; known: %s'
                                    % (', '.join(unknown), ', '.join(SECTIONS)))
        if args['state_dir']:
            found, files = self._from_files(args['state_dir'])
        else:
            found, files = self._from_variables(args['sections'], task_vars or {}), []
        state = {}
        for name in args['sections']:
            if name not in found:
                continue
            value, source = found[name]
            problem = check_shape(name, value, source)
            if problem:
                raise AnsibleActionFail(problem)
            state[name] = value
        # Whether the run plans only: ansible_check_mode stays false under a play's `check_mode: true`.
        result.update(changed=False, check_mode=bool(self._play_context.check_mode), state=state,
                      sections=[name for name in args['sections'] if name in state], files=files,
                      counts=dict((name, len(value)) for name, value in state.items()))
        return result

    def _from_variables(self, names, task_vars):
        """The defined sections among `names`, templated once (inventory values may hold Jinja)."""
        found = {}
        for name in names:
            if name in task_vars:
                found[name] = (plain(self._templar.template(task_vars[name])), 'variable')
        return found

    def _from_files(self, folder):
        """Every section variable of the *.yml, *.yaml and *.json files below `folder`, read the way
        include_vars reads a directory (sorted, hidden entries skipped, a later file wins)."""
        if not os.path.isdir(folder):
            raise AnsibleActionFail('state_dir: %s is not a directory' % folder)
        found = {}
        files = directory_files(folder)
        for path in files:
            data = self._load_file(path)
            if data is None:
                continue
            if not isinstance(data, dict):
                raise AnsibleActionFail('%s: a desired-state file must be a mapping of variables, got %s'
                                        % (path, type(data).__name__))
            for name, value in data.items():
                if name in SECTIONS:
                    found[name] = (value, path)
        return found, files

    def _load_file(self, path):
        try:
            with open(path, 'rb') as handle:
                text = handle.read().decode('utf-8')
        except (IOError, OSError, UnicodeDecodeError) as error:
            raise AnsibleActionFail('%s: cannot read: %s' % (path, error))
        if is_vault_file(text) or any(marker in text for marker in ANSIBLE_ONLY):
            # Vault and Jinja: Ansible's loader decrypts, its templar renders, as include_vars did.
            return plain(self._templar.template(self._ansible_load(path)))
        try:
            if path.endswith('.json'):
                return json.loads(text)
            return yaml.load(text, Loader=PlainLoader)  # nosec: a SafeLoader subclass
        except ValueError as error:
            raise AnsibleActionFail('%s: not valid JSON: %s' % (path, error))
        except yaml.YAMLError as error:
            raise AnsibleActionFail('%s: not valid YAML: %s' % (path, error))

    def _ansible_load(self, path):
        try:
            return self._loader.load_from_file(path, cache='none', trusted_as_template=True)
        except TypeError:  # ansible-core before 2.19 has no trust tagging
            return self._loader.load_from_file(path, cache='none')
