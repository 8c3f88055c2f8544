# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""One run of a task-management module: one object from the top-level options, or many from a list.

Split the options into (spec, option path prefix) pairs, refuse duplicate names, check bounds,
plan every object (one listing sweep in the bulk form), stop in check mode, apply, and build
the result. The modules only declare their options and their `TaskResource`.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.genesyscloud.routing.plugins.module_utils.common import (
    auth_argument_spec, client_from_module, fail_on_api_error, fail_on_input_errors, summarize_actions,
)
from ansible_collections.genesyscloud.routing.plugins.module_utils.errors import GenesysError
from ansible_collections.genesyscloud.routing.plugins.module_utils.fieldmap import FieldMapError, argument_spec, validate
from ansible_collections.genesyscloud.routing.plugins.module_utils.resolver import Resolver
from ansible_collections.genesyscloud.routing.plugins.module_utils.task_service import (
    TaskService, apply_all, plan_all, task_result,
)


def object_specs(params, one_fields, plural):
    """(spec, option path prefix) per object: the `plural` list, or the top-level options as one object."""
    if params.get(plural) is not None:
        return [(spec, '%s[%d].' % (plural, index)) for index, spec in enumerate(params[plural])]
    return [(dict((field.option, params.get(field.option)) for field in one_fields), '')]


def input_errors(addressed, one_fields, label, extra_check=None):
    errors = []
    seen = {}
    for spec, prefix in addressed:
        errors.extend(validate(one_fields, spec, prefix.rstrip('.')))
        if extra_check:
            errors.extend(extra_check(spec, prefix))
        name = spec.get('name')
        if name in seen:
            errors.append(FieldMapError(prefix + 'name', "%s '%s' is listed twice (first at %sname)"
                                        % (label, name, seen[name]), name))
        seen.setdefault(name, prefix)
    return errors


def run_task_module(resource, one_fields, documented, plural, extra_check=None):
    """The whole module run for `resource`; `documented` is the field map of every option."""
    spec = argument_spec(documented)
    spec.update(auth_argument_spec())
    exclusive = [(plural, field.option) for field in one_fields if field.option != 'state']
    module = AnsibleModule(argument_spec=spec, supports_check_mode=True, mutually_exclusive=exclusive,
                           required_one_of=[('name', plural)])
    addressed = object_specs(module.params, one_fields, plural)
    errors = input_errors(addressed, one_fields, resource.label, extra_check)
    if errors:
        fail_on_input_errors(module, errors)

    client = client_from_module(module)
    service = TaskService(client, Resolver(client), resource, warn=module.warn)
    results, failures = [], []
    try:
        plans, errors = plan_all(service, addressed, sweep=module.params.get(plural) is not None)
        if errors:
            fail_on_input_errors(module, errors, api_calls=client.stats)
        if module.check_mode:
            results = [task_result(service, plan, check_mode=True) for plan in plans]
        else:
            results, failures = apply_all(service, plans)
    except FieldMapError as error:
        fail_on_input_errors(module, [error], api_calls=client.stats)
    except GenesysError as error:
        fail_on_api_error(module, error, api_calls=client.stats)

    output = {'changed': any(result['changed'] for result in results),
              'summary': summarize_actions(results), 'api_calls': client.stats}
    if module.params.get(plural) is not None:
        output['results'] = results
        output['diff'] = [result['diff'] for result in results if result['changed']]
    else:
        output.update(results[0])
        output.pop('failed', None)
        output.pop('msg', None)
    if failures:
        module.fail_json(msg='%d of %d %ss failed: %s' % (len(failures), len(results), resource.label, '; '.join(
            '%s: %s' % (name, error) for name, error in failures)), **output)
    module.exit_json(**output)
