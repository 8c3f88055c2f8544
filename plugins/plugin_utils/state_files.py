# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Read desired-state files the way Ansible loads group_vars, keeping line numbers; write reports.

Controller side only. A directory is read like `group_vars/all/`: every `*.yml`, `*.yaml` and
`*.json` file below it, hidden entries skipped, in sorted path order. Files encrypted whole with
ansible-vault hold credentials, not desired state, and are skipped (so validation needs no vault
password); inline `!vault` values read as an opaque placeholder. Report files are replaced
atomically so a CI job never picks up half a report.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import tempfile

import yaml

from ansible_collections.genesyscloud.routing.plugins.plugin_utils.desired_state import parse_path

VAULT_HEADER = '$ANSIBLE_VAULT'
EXTENSIONS = ('.yml', '.yaml', '.json')
VAULTED = '<vault-encrypted value>'


class StateLoader(yaml.SafeLoader):
    """SafeLoader that accepts Ansible's `!vault` and `!unsafe` tags."""


def _opaque(loader, node):
    return VAULTED


def _unsafe(loader, node):
    return loader.construct_scalar(node)


StateLoader.add_constructor('!vault', _opaque)
StateLoader.add_constructor('!unsafe', _unsafe)


class StateFileError(Exception):
    def __init__(self, file, line, message):
        self.file = file
        self.line = line
        super(StateFileError, self).__init__('%s:%s: %s' % (file, line or '?', message))


def expand(paths):
    """Files named by `paths` (files, or directories read recursively), in Ansible's load order."""
    files = []
    for path in paths:
        files.extend(directory_files(path) if os.path.isdir(path) else [path])
    return files


def directory_files(folder):
    """Depth first, entries sorted by name at each level, hidden ones skipped (as group_vars are read)."""
    found = []
    for name in sorted(os.listdir(folder)):
        if name.startswith('.'):
            continue
        path = os.path.join(folder, name)
        if os.path.isdir(path):
            found.extend(directory_files(path))
        elif name.endswith(EXTENSIONS):
            found.append(path)
    return found


def is_vault_file(text):
    return text.lstrip().startswith(VAULT_HEADER)


class LoadedFile:
    """One parsed file: its data, and the YAML node tree to find the line of any option path."""

    def __init__(self, name, data, node):
        self.name = name
        self.data = data
        self.node = node

    def line_of(self, path):
        """1-based line of the deepest node on `path` that exists (the option itself when it does)."""
        node = self.node
        line = None
        for part in parse_path(path):
            if node is None:
                break
            child = None
            if isinstance(node, yaml.MappingNode) and not isinstance(part, int):
                for key, value in node.value:
                    if getattr(key, 'value', None) == part:
                        child = value
                        line = key.start_mark.line + 1
                        break
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
                child = node.value[part]
                line = child.start_mark.line + 1
            node = child
        return line


def load(path, display_name=None):
    """A LoadedFile, None for a vault-encrypted file, or StateFileError for a file that does not parse."""
    name = display_name or path
    try:
        with open(path, 'rb') as handle:
            text = handle.read().decode('utf-8')
    except (IOError, OSError, UnicodeDecodeError) as error:
        raise StateFileError(name, None, 'cannot read: %s' % error)
    if is_vault_file(text):
        return None
    try:
        node = yaml.compose(text, Loader=StateLoader)
        data = yaml.load(text, Loader=StateLoader)  # nosec: SafeLoader subclass
    except RecursionError:
        raise StateFileError(name, None, 'nested too deeply to be a desired state (Python recursion limit)')
    except yaml.YAMLError as error:
        mark = getattr(error, 'problem_mark', None)
        raise StateFileError(name, mark.line + 1 if mark else None, 'not valid YAML: %s'
                             % (getattr(error, 'problem', None) or error))
    return LoadedFile(name, data, node)


def display_name(path, relative_to):
    """Path as shown in messages: relative to `relative_to` when below it, else as given."""
    absolute = os.path.abspath(path)
    base = os.path.abspath(relative_to) if relative_to else None
    if base and (absolute == base or absolute.startswith(base.rstrip(os.sep) + os.sep)):
        return os.path.relpath(absolute, base)
    return path


def write_atomic(path, text):
    """Write `text` to `path` (parents created) through a temporary file and a rename."""
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        os.makedirs(folder)
    handle, temporary = tempfile.mkstemp(prefix='.report-', dir=folder)
    try:
        with os.fdopen(handle, 'wb') as stream:
            stream.write(text.encode('utf-8'))
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except Exception:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise
    return os.path.abspath(path)
