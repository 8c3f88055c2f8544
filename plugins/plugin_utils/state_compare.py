# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Compare the routing state of two environments (controller side; uses deepdiff).

Both sides are desired-state documents as `export` writes them: ids already replaced by names,
server-owned fields already dropped. Objects are matched by name (ids differ between orgs);
within a matched pair, deepdiff finds the differences. Lists whose order means nothing are
compared as sets; bullseye rings and routing rules keep their order. Options that hold ids
of objects this collection cannot name (flows, prompts, scripts, email routes, canned
response libraries) differ between orgs by construction, so they are left out and listed in
the report, as is everything matched by the ignore list.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy
import re
import traceback

from ansible_collections.genesyscloud.routing.plugins.module_utils import fieldmap
from ansible_collections.genesyscloud.routing.plugins.plugin_utils.desired_state import SECTIONS
from ansible_collections.genesyscloud.routing.plugins.module_utils.field_maps import ORDERED_OPTIONS
from ansible_collections.genesyscloud.routing.plugins.module_utils.queue_fields import QUEUE_OPTIONS
from ansible_collections.genesyscloud.routing.plugins.plugin_utils.state_reports import (
    KIND_LABEL, KIND_ORDER, UTILIZATION_NAME, compact, table,
)
from ansible_collections.genesyscloud.routing.plugins.module_utils.validation import format_path

try:
    from deepdiff import DeepDiff
    HAS_DEEPDIFF = True
    DEEPDIFF_IMPORT_ERROR = None
except ImportError:
    HAS_DEEPDIFF = False
    DEEPDIFF_IMPORT_ERROR = traceback.format_exc()

COMPARE_FORMAT = 'genesyscloud.routing/compare-report/v1'

# Keys that identify an object in one org only, or pin a moment in time; never compared.
ALWAYS_DROPPED = ('id', 'expected_etag', 'expected_version', 'etag')


def id_only_paths(fields, prefix=''):
    """Option paths whose values are ids of objects the collection cannot name (EntityRef codec)."""
    paths = []
    for field in fields:
        path = fieldmap.join(prefix, field.option)
        if isinstance(field.codec, fieldmap.EntityRef):
            paths.append(path)
        elif field.children:
            paths.extend(id_only_paths(field.children, path))
    return paths


# kind -> option paths skipped because they hold org-specific ids.
ID_ONLY = {
    'queue': sorted(id_only_paths(QUEUE_OPTIONS) + ['canned_response_libraries.library_ids']),
}


def glob_regex(pattern):
    """'*' matches anything (dots and brackets included); everything else is literal."""
    return re.compile('^%s$' % '.*'.join(re.escape(part) for part in pattern.split('*')))


class IgnoreRule:
    """`kind/name/path`: each part a glob; a path also covers everything below it. Missing parts match all."""

    def __init__(self, text):
        parts = text.split('/', 2)
        while len(parts) < 3:
            parts.append('*')
        self.text = text
        self.kind, self.name, self.path = (glob_regex(part or '*') for part in parts)
        self.whole_object = parts[2] in ('', '*')

    def matches_object(self, kind, name):
        return bool(self.kind.match(kind) and self.name.match(name) and self.whole_object)

    def matches(self, kind, name, path):
        if not (self.kind.match(kind) and self.name.match(name)):
            return False
        return any(self.path.match(prefix) for prefix in prefixes(path))


def prefixes(path):
    """'a.b[2].c' -> ['a', 'a.b', 'a.b[2]', 'a.b[2].c']."""
    found = []
    for index, char in enumerate(path):
        if char in '.[' and index:
            found.append(path[:index])
    found.append(path)
    return found


def objects_of(section, document):
    """name -> object of one section of a desired state (absent objects left out)."""
    value = (document or {}).get(section.var)
    if value is None:
        return {}
    if not section.many:
        return {UTILIZATION_NAME: value}
    found = {}
    for item in value if isinstance(value, list) else []:
        if isinstance(item, dict) and item.get(section.key) is not None and item.get('state') != 'absent':
            found[str(item[section.key])] = item
    return found


def drop_paths(value, paths, base=''):
    """A copy of `value` without the option paths (dotted, no indices) in `paths`; lists are walked."""
    if isinstance(value, dict):
        result = {}
        for key, item in value.items():
            path = fieldmap.join(base, key)
            if path in paths or key in ALWAYS_DROPPED and not base:
                continue
            result[key] = drop_paths(item, paths, path)
        return result
    if isinstance(value, list):
        return [drop_paths(item, paths, base) for item in value]
    return value


def unordered_prefix(parts):
    """The path up to the first list whose order means nothing (differences are shown for the whole list)."""
    for index, part in enumerate(parts):
        if isinstance(part, int):
            owner = parts[index - 1] if index else None
            if owner not in ORDERED_OPTIONS:
                return parts[:index]
    return parts


def lookup(value, parts):
    for part in parts:
        try:
            value = value[part]
        except (KeyError, IndexError, TypeError):
            return None
    return value


def differences(left, right):
    """[{path, left, right}] between two objects, sorted by path; None stands for 'not set'."""
    def ignore_order(level):
        path = level.path(output_format='list')
        return not path or path[-1] not in ORDERED_OPTIONS

    diff = DeepDiff(left, right, ignore_order_func=ignore_order, ignore_numeric_type_changes=True,
                    view='tree', threshold_to_diff_deeper=0)
    found = {}
    for report_type, levels in diff.items():
        for level in levels:
            parts = unordered_prefix(level.path(output_format='list'))
            if report_type.startswith('iterable_item') and parts and isinstance(parts[-1], int):
                parts = parts[:-1]  # an ordered list grew or shrank: show the whole list
            text = format_path('', parts) or '(object)'
            if text not in found:
                found[text] = {'path': text, 'left': lookup(left, parts), 'right': lookup(right, parts)}
    return [found[path] for path in sorted(found)]


def compare_states(left, right, left_name='left', right_name='right', ignore=None):
    """The comparison of two desired-state documents as a report dict (stable order)."""
    rules = [IgnoreRule(text) for text in ignore or []]
    only_left = []
    only_right = []
    different = []
    same = 0
    ignored_objects = []
    for section in SECTIONS:
        kind = section.kind
        left_objects = objects_of(section, left)
        right_objects = objects_of(section, right)
        id_paths = set(ID_ONLY.get(kind, []))
        for name in sorted(set(left_objects) | set(right_objects)):
            if any(rule.matches_object(kind, name) for rule in rules):
                ignored_objects.append({'kind': kind, 'name': name})
                continue
            if name not in right_objects or name not in left_objects:
                side = only_left if name not in right_objects else only_right
                # A queue's rule set follows its queue: listing it again adds nothing.
                queue = {'kind': 'queue', 'name': name}
                if not (kind == 'skill_rules' and (queue in side or queue in ignored_objects)):
                    side.append({'kind': kind, 'name': name})
                continue
            found = differences(drop_paths(copy.deepcopy(left_objects[name]), id_paths),
                                drop_paths(copy.deepcopy(right_objects[name]), id_paths))
            found = [item for item in found if not any(rule.matches(kind, name, item['path']) for rule in rules)]
            if found:
                different.append({'kind': kind, 'name': name, 'differences': found})
            else:
                same += 1
    return {
        'format': COMPARE_FORMAT,
        'left': left_name,
        'right': right_name,
        'identical': not (only_left or only_right or different),
        'summary': {'only_in_left': len(only_left), 'only_in_right': len(only_right),
                    'different': len(different), 'same': same},
        'only_in_left': only_left,
        'only_in_right': only_right,
        'different': different,
        'ignore': list(ignore or []),
        'ignored_objects': ignored_objects,
        'not_compared': dict((kind, paths) for kind, paths in ID_ONLY.items()),
    }


def compare_markdown(report):
    left, right = report['left'], report['right']
    summary = report['summary']
    lines = ['# Compare: %s vs %s' % (left, right), '']
    if report['identical']:
        lines.append('**Identical** (%d objects compared).' % summary['same'])
    else:
        lines.append('**%d difference(s)**: %d only in %s, %d only in %s, %d different, %d identical.'
                     % (summary['only_in_left'] + summary['only_in_right'] + summary['different'],
                        summary['only_in_left'], left, summary['only_in_right'], right, summary['different'],
                        summary['same']))
    for key, where in (('only_in_left', left), ('only_in_right', right)):
        if report[key]:
            lines.extend(['', '## Only in %s' % where, ''])
            lines.extend(table(['kind', 'name'], [[KIND_LABEL.get(item['kind'], item['kind']), item['name']]
                                                  for item in order(report[key])]))
    if report['different']:
        lines.extend(['', '## Different', ''])
        rows = []
        for item in order(report['different']):
            for found in item['differences']:
                rows.append([KIND_LABEL.get(item['kind'], item['kind']), item['name'], found['path'],
                             compact(found['left']), compact(found['right'])])
        lines.extend(table(['kind', 'name', 'field', left, right], rows))
    lines.extend(['', '## Not compared', ''])
    for kind, paths in sorted(report['not_compared'].items()):
        lines.append('- %s: %s (ids of objects the collection cannot name; they differ between organizations)'
                     % (KIND_LABEL.get(kind, kind), ', '.join(paths)))
    if report['ignore']:
        lines.append('- ignore list: %s' % ', '.join('`%s`' % text for text in report['ignore']))
    for item in report['ignored_objects']:
        lines.append('- ignored: %s `%s`' % (KIND_LABEL.get(item['kind'], item['kind']), item['name']))
    return '\n'.join(lines) + '\n'


def order(items):
    return sorted(items, key=lambda item: (KIND_ORDER.get(item['kind'], len(KIND_ORDER)), item['kind'], item['name']))
