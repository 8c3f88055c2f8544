# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Report files for CI systems and reviewers: validation (JUnit XML, Markdown) and drift (JSON, Markdown).

Every writer here is deterministic: no timestamps, no host names, keys sorted, objects in the
order the role applies them (skills, skill groups, utilization, queues, rules, webhooks) and by
name inside a kind. The same state therefore gives byte-identical files, which is what lets a
reviewer diff two reports and lets `apply` trust the etags a reviewed report carries.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
from xml.etree import ElementTree

from ansible_collections.genesyscloud.routing.plugins.plugin_utils.desired_state import SECTIONS

DRIFT_FORMAT = 'genesyscloud.routing/drift-report/v1'
ACTIONS = ('create', 'update', 'delete')
KIND_ORDER = dict((section.kind, index) for index, section in enumerate(SECTIONS))
KIND_LABEL = dict((section.kind, section.label) for section in SECTIONS)
# Name of the one organization-wide utilization object in reports and etag maps.
UTILIZATION_NAME = 'organization'
# Etag map entry of a queue's managed members and wrap-up codes (genesys_queue's `members_etag`).
MEMBERS_KIND = 'queue_members'


def dump_json(value):
    """JSON text that is the same for the same value: sorted keys, fixed indent, final newline."""
    return json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False, default=str) + '\n'


def compact(value):
    """One-line JSON for a table cell."""
    if value is None:
        return ''
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)


def cell(text):
    """Markdown table cell: pipes escaped, line breaks flattened."""
    return str(text).replace('\\', '\\\\').replace('|', '\\|').replace('\r', ' ').replace('\n', ' ')


def table(headers, rows):
    lines = ['| %s |' % ' | '.join(headers), '|%s|' % '|'.join('---' for _header in headers)]
    lines.extend('| %s |' % ' | '.join(cell(item) for item in row) for row in rows)
    return lines


# ---------------------------------------------------------------------------------------------
# Validation

def junit_xml(result, suite_name='desired-state'):
    """JUnit XML of a validation `Result`: one suite per file; a passing case per clean section, a failing case
    per error (named by its option path), so CI shows exactly as many failures as there are errors."""
    root = ElementTree.Element('testsuites', name=suite_name)
    total = failures = 0
    by_file = {}
    for issue in result.errors:
        by_file.setdefault(str(issue.file), []).append(issue)
    for file in sorted(set(result.files) | set(by_file)):
        suite = ElementTree.SubElement(root, 'testsuite', name=file)
        file_issues = by_file.get(file, [])
        dirty = set(issue.path.split('[')[0].split('.')[0] for issue in file_issues)
        cases = 0
        for var in sorted(result.files.get(file, [])):
            if var not in dirty:
                ElementTree.SubElement(suite, 'testcase', classname=file, name=var)
                cases += 1
        for issue in file_issues:
            case = ElementTree.SubElement(suite, 'testcase', classname=file, name=issue.path or '(file)')
            failure = ElementTree.SubElement(case, 'failure', message=issue.message, type=issue.check)
            failure.text = str(issue)
            cases += 1
        if not cases:
            ElementTree.SubElement(suite, 'testcase', classname=file, name='(no routing variables)')
            cases = 1
        suite.set('tests', str(cases))
        suite.set('failures', str(len(file_issues)))
        suite.set('errors', '0')
        total += cases
        failures += len(file_issues)
    root.set('tests', str(total))
    root.set('failures', str(failures))
    root.set('errors', '0')
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ElementTree.tostring(root, encoding='unicode') + '\n'


def validation_markdown(result, title='Desired-state validation', snapshot=None):
    errors = result.errors
    warnings = [issue for issue in result.issues if issue.severity != 'error']
    lines = ['# %s' % title, '']
    lines.append('**Result: %s** - %d error(s), %d warning(s) in %d file(s).'
                 % ('FAILED' if errors else 'PASSED', len(errors), len(warnings), len(result.files)))
    lines.append('')
    rows = []
    for file in sorted(result.files):
        count = len([issue for issue in errors if issue.file == file])
        rows.append([file, ', '.join(sorted(result.files[file])) or '-', count])
    lines.extend(table(['file', 'variables', 'errors'], rows))
    for heading, found in (('Errors', errors), ('Warnings', warnings)):
        if not found:
            continue
        lines.extend(['', '## %s' % heading, ''])
        lines.extend(table(['where', 'path', 'value', 'problem'],
                           [[issue.where, issue.path or '(file)', compact(issue.value), issue.message]
                            for issue in found]))
    lines.extend(['', '## Cross-references', ''])
    if snapshot:
        lines.append('Checked against the desired state and the snapshot %s.' % snapshot)
    else:
        lines.append('Checked against the desired state only (no snapshot given).')
    if result.unverified:
        lines.append('')
        lines.append('Not checkable offline (neither the state nor a snapshot lists these kinds; the modules check '
                     'them against the organization before any write):')
        lines.append('')
        lines.extend('- %s: %d reference(s)' % (kind, count) for kind, count in sorted(result.unverified.items()))
    return '\n'.join(lines) + '\n'


# ---------------------------------------------------------------------------------------------
# Drift

def object_results(registered):
    """The per-object results inside a registered task result (bulk `results`, loops, or one object)."""
    if isinstance(registered, list):
        # Several tasks on one kind (apply, then prune).
        return [result for item in registered for result in object_results(item)]
    if not isinstance(registered, dict) or registered.get('skipped'):
        return []
    nested = registered.get('results')
    if isinstance(nested, list):
        found = []
        for item in nested:
            if isinstance(item, dict) and 'ansible_loop_var' in item:
                # One loop iteration is a whole module result; the loop item names the object.
                for result in object_results(item):
                    looped = item.get(item['ansible_loop_var'])
                    if not result.get('name') and isinstance(looped, dict) and looped.get('name'):
                        result = dict(result, name=looped['name'])
                    found.append(result)
            elif isinstance(item, dict):
                found.append(item)
        return found
    if isinstance(registered.get('etags'), dict) and 'config' not in registered:
        return per_queue_results(registered)
    return [registered]


def per_queue_results(registered):
    """genesys_skill_rules reports per queue in `etags` and `changes` records that carry the queue name."""
    by_queue = {}
    for change in registered.get('changes') or []:
        record = dict((key, value) for key, value in change.items() if key != 'queue')
        by_queue.setdefault(change.get('queue'), []).append(record)
    failures = {}
    for failure in registered.get('failures') or []:
        if isinstance(failure, dict) and failure.get('queue'):
            failures[failure['queue']] = failure.get('msg') or failure.get('message')
    message = str(registered.get('msg') or '')
    if registered.get('failed') and not failures and 'queues failed: ' in message:
        # "<n> of <m> queues failed: <queue>: <error>; <queue>: <error>" names each failed queue.
        listed = message.split('queues failed: ', 1)[1]
        for name in registered['etags']:
            if listed.startswith(name + ': ') or ('; %s: ' % name) in listed:
                failures[name] = message
    found = []
    for name in sorted(set(registered['etags']) | set(by_queue) | set(failures)):
        result = {'name': name, 'etag': registered['etags'].get(name), 'changes': by_queue.get(name, []),
                  'action': 'update' if by_queue.get(name) else 'none'}
        if name in failures:
            result.update(failed=True, msg=failures[name])
        found.append(result)
    return found


def action_of(result):
    action = result.get('action')
    if action in ACTIONS or action == 'none':
        return action
    if result.get('changed'):
        return 'update'
    return 'none'


def name_of(kind, result):
    if kind == 'utilization':
        return UTILIZATION_NAME
    for key in ('name', 'queue'):
        if isinstance(result.get(key), str):
            return result[key]
    return str(result.get('id') or '(task)')


def drift_records(results_by_kind):
    """(records, etags): one record per object seen, and kind -> name -> etag for every object with one."""
    records = []
    etags = {}
    for kind, registered in results_by_kind.items():
        for result in object_results(registered):
            name = name_of(kind, result)
            record = {
                'kind': kind,
                'name': name,
                'action': action_of(result),
                'etag': result.get('etag'),
                'changes': sorted(result.get('changes') or [], key=lambda change: str(change.get('path'))),
            }
            if result.get('failed'):
                record['failed'] = True
                record['message'] = str(result.get('msg') or '')
            records.append(record)
            if result.get('etag'):
                etags.setdefault(kind, {})[name] = result['etag']
            if kind == 'queue' and result.get('members_etag'):
                # The queue etag covers its body only; members and wrap-up codes are pinned apart.
                etags.setdefault(MEMBERS_KIND, {})[name] = result['members_etag']
        for task in registered if isinstance(registered, list) else [registered]:
            if isinstance(task, dict) and task.get('failed') and \
                    not any(record.get('failed') for record in records if record['kind'] == kind):
                # The task failed as a whole (bad input, API error): one record says so.
                records.append({'kind': kind, 'name': '(task)', 'action': 'none', 'etag': None, 'changes': [],
                                'failed': True, 'message': str(task.get('msg') or '')})
    records.sort(key=lambda record: (KIND_ORDER.get(record['kind'], len(KIND_ORDER)), record['kind'],
                                     record['name']))
    return records, etags


def drift_report(environment, results_by_kind, mode='check'):
    """The drift report as a dict (see docs/workflow.md for its fields)."""
    records, etags = drift_records(results_by_kind)
    summary = dict((action, 0) for action in ACTIONS)
    summary.update(unchanged=0, failed=0)
    pending = []
    for record in records:
        if record.get('failed'):
            summary['failed'] += 1
        if record['action'] in ACTIONS:
            summary[record['action']] += 1
            pending.append(record)
        elif not record.get('failed'):
            summary['unchanged'] += 1
    return {
        'format': DRIFT_FORMAT,
        'environment': environment,
        'mode': mode,
        'in_sync': not pending and not summary['failed'],
        'summary': summary,
        'objects': [record for record in records if record in pending or record.get('failed')],
        'etags': etags,
    }


def drift_markdown(report):
    summary = report['summary']
    title = 'Drift report' if report.get('mode') == 'check' else 'Apply report'
    lines = ['# %s: %s' % (title, report['environment']), '']
    if report['in_sync']:
        lines.append('**In sync**: the organization matches the desired state (%d objects checked).'
                     % summary['unchanged'])
    else:
        verb = 'pending' if report.get('mode') == 'check' else 'made'
        lines.append('**%d change(s) %s**: %d to create, %d to change, %d to delete; %d unchanged; %d failed.'
                     % (summary['create'] + summary['update'] + summary['delete'], verb, summary['create'],
                        summary['update'], summary['delete'], summary['unchanged'], summary['failed']))
    lines.append('')
    if report['objects']:
        lines.extend(table(['action', 'kind', 'name', 'fields', 'etag seen'],
                           [[record['action'] + (' (failed)' if record.get('failed') else ''),
                             KIND_LABEL.get(record['kind'], record['kind']), record['name'],
                             len(record['changes']), record.get('etag') or '(new)'] for record in report['objects']]))
    for record in report['objects']:
        label = KIND_LABEL.get(record['kind'], record['kind'])
        lines.extend(['', '## %s %s `%s`' % (record['action'], label, record['name']), ''])
        lines.append('Etag seen: `%s`' % (record.get('etag') or 'none (does not exist yet)'))
        if record.get('failed'):
            lines.extend(['', 'Failed: %s' % record.get('message')])
        if record['changes']:
            lines.append('')
            lines.extend(table(['field', 'before', 'after'],
                               [[change.get('path')] + change_cells(change) for change in record['changes']]))
        for change in record['changes']:
            lines.extend(set_change_lines(change))
    return '\n'.join(lines) + '\n'


def change_cells(change):
    """Before and after cells; a membership list is counted here and itemized below the table."""
    if 'added' in change or 'removed' in change:
        return ['%d entries' % len(change.get(side) or []) for side in ('before', 'after')]
    return [compact(change.get('before')), compact(change.get('after'))]


def set_change_lines(change):
    """Every member or wrap-up code added, removed or moved to another ring, by name."""
    lines = []
    for verb in ('added', 'removed'):
        for name in change.get(verb) or []:
            lines.append('- %s %s: `%s`' % (change['path'], verb, cell(name)))
    for moved in change.get('ring_changes') or []:
        lines.append('- %s ring changed: `%s` %s -> %s' % (change['path'], cell(moved['user']), moved['before'],
                                                           moved['after']))
    return [''] + lines if lines else []


def stale_objects(results_by_kind, expected):
    """Objects whose etag now differs from the etag a reviewed report pinned: [{kind, name, expected, found}]."""
    _records, etags = drift_records(results_by_kind)
    stale = []
    for kind in sorted(expected or {}, key=lambda kind: (KIND_ORDER.get(kind, len(KIND_ORDER)), kind)):
        for name, etag in sorted((expected.get(kind) or {}).items()):
            found = etags.get(kind, {}).get(name)
            if etag and found != etag:
                stale.append({'kind': kind, 'name': name, 'expected': etag, 'found': found})
    return stale
