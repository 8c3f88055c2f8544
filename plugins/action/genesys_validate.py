# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Action plugin of genesys_validate: offline validation of desired-state files on the controller.

It runs where the files and the CI workspace are (the controller), needs no credentials and
makes no API call. Documentation: plugins/modules/genesys_validate.py.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os

from ansible_collections.genesyscloud.routing.plugins.plugin_utils.desired_state import Issue, validate_documents
from ansible_collections.genesyscloud.routing.plugins.plugin_utils.state_reports import junit_xml, validation_markdown
from ansible_collections.genesyscloud.routing.plugins.module_utils.validation import HAS_JSONSCHEMA
from ansible_collections.genesyscloud.routing.plugins.plugin_utils.report_action import ReportAction, write_reports
from ansible_collections.genesyscloud.routing.plugins.plugin_utils.state_files import (
    StateFileError, display_name, expand, load,
)


def is_template(value):
    return isinstance(value, str) and ('{{' in value or '{%' in value)


def read_all(paths, relative_to, issues):
    """(loaded files, skipped vault files) for `paths`; unreadable files become issues."""
    loaded = []
    skipped = []
    for path in expand(paths):
        name = display_name(path, relative_to)
        if not os.path.exists(path):
            issues.append(Issue(name, '', 'no such file or directory', path, 'format'))
            continue
        try:
            found = load(path, name)
        except StateFileError as error:
            issues.append(Issue(error.file, '', str(error).split(': ', 1)[-1], None, 'format', line=error.line))
            continue
        if found is None:
            skipped.append(name)
        else:
            loaded.append(found)
    return loaded, skipped


class ActionModule(ReportAction):
    NAME = 'genesys_validate'
    LIBRARY = ('jsonschema', HAS_JSONSCHEMA)

    def report(self, args):
        relative_to = args['relative_to'] or os.getcwd()

        read_issues = []
        documents, skipped = read_all(args['paths'], relative_to, read_issues)
        snapshot, _vaulted = read_all(args['snapshot'] or [], relative_to, read_issues)
        outcome = validate_documents([(item.name, item.data) for item in documents],
                                     [(item.name, item.data) for item in snapshot])
        by_name = dict((item.name, item) for item in documents)
        issues = list(read_issues)
        templated = []
        for issue in outcome.issues:
            if is_template(issue.value):
                templated.append(issue)  # a Jinja expression is only known once Ansible templates it
                continue
            if issue.file in by_name and issue.path:
                issue.line = by_name[issue.file].line_of(issue.path)
            issues.append(issue)
        outcome.issues = issues
        for name in skipped:
            outcome.files.setdefault(name, [])

        snapshot_label = ', '.join(item.name for item in snapshot) if snapshot else None
        result = write_reports([
            ('junit_path', args['junit_path'], lambda: junit_xml(outcome)),
            ('markdown_path', args['markdown_path'], lambda: validation_markdown(outcome, snapshot=snapshot_label)),
        ])

        errors = outcome.errors
        result.update(
            valid=not errors,
            files=sorted(outcome.files),
            vault_files_skipped=sorted(skipped),
            errors=[issue.as_dict() for issue in errors],
            warnings_found=[issue.as_dict() for issue in outcome.issues if issue.severity != 'error'],
            templated_values_skipped=len(templated),
            unverified_references=outcome.unverified,
        )
        if errors:
            listing = '\n'.join(str(issue) for issue in errors)
            result['msg'] = '%d error(s) in the desired state:\n%s' % (len(errors), listing)
            if args['fail_on_error']:
                result['failed'] = True
        else:
            result['msg'] = 'desired state is valid (%d file(s))' % len(outcome.files)
        return result
