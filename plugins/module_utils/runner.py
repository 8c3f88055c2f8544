# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one run of a resource module, and the one fail path of every module.

A module declares a ResourceModule (which option holds the list form, which options one object
takes, how to validate one item, which service) and calls `run()`:

    split the spec      the list option (`queues: [...]`), or the top-level options as one object
    validate            the options' generated JSON Schema (validation.check_options: bulk list
                        items, path-addressed), then one call per item (`validate_item(spec,
                        prefix)`), plus duplicate keys;
                        every error at once, with its option path, before any API call
    plan                read (one listing sweep in the list form), merge, diff; input errors that
                        need the API (unknown names) are collected for all objects, nothing written
    check mode          stop here: the predicted objects and the diff
    apply               in batches (one listing re-reads a batch, another reads it back), with
                        `workers` threads; a failure is reported for its object, the others go on
    result              `changed` only for writes that landed, a summary, `diff` only with --diff

`fail(module, error, client)` turns any exception into `fail_json` with the fields a user needs
(option paths of input errors, status and correlation id of API errors, etag of a conflict).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from concurrent.futures import ThreadPoolExecutor

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.genesyscloud.routing.plugins.module_utils.common import (
    auth_argument_spec, client_from_module, fail_on_api_error, fail_on_input_errors, summarize_actions,
    warn_client_events,
)
from ansible_collections.genesyscloud.routing.plugins.module_utils.errors import (
    ConflictError, GenesysError, InputErrors,
)
from ansible_collections.genesyscloud.routing.plugins.module_utils.fieldmap import FieldMapError, argument_spec
from ansible_collections.genesyscloud.routing.plugins.module_utils.resolver import planning_resolver
from ansible_collections.genesyscloud.routing.plugins.module_utils.validation import check_options, without_none

BRIEF_KEYS = ('name', 'id', 'action', 'changed', 'etag', 'members_etag')


def fail(module, error, client=None, **extra):
    """The one fail path: any error a module meets becomes one fail_json."""
    if client is not None:
        extra.setdefault('api_calls', client.stats)
    if isinstance(error, FieldMapError):
        fail_on_input_errors(module, [error], **extra)
    if isinstance(error, InputErrors):
        fail_on_input_errors(module, error.errors, **extra)
    if isinstance(error, ConflictError):
        extra.update(etag=error.etag, version=error.version)
        extra = dict((key, value) for key, value in extra.items() if value is not None)
    fail_on_api_error(module, error, **extra)


def failure_message(error):
    return str(error) if isinstance(error, (GenesysError, ValueError)) else '%s: %s' % (type(error).__name__, error)


def run_bounded(function, items, workers):
    """Map with at most `workers` threads; the client paces and retries underneath."""
    if workers <= 1 or len(items) <= 1:
        return [function(item) for item in items]
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(function, items))


def chunks(items, size):
    return [items[start:start + size] for start in range(0, len(items), size)]


def identity_key(spec, prefix):
    """(option path, key) that must be unique among the items: the id if given, else the name."""
    if spec.get('id'):
        return prefix + 'id', spec['id']
    if spec.get('name') is not None:
        return prefix + 'name', spec['name']
    return None, None


def duplicate_errors(addressed, label, key=identity_key):
    """Every item whose key an earlier item already has (names compare case-insensitively)."""
    errors = []
    seen = {}
    for spec, prefix in addressed:
        path, value = key(spec, prefix)
        if value is None:
            continue
        folded = value.lower() if hasattr(value, 'lower') else value
        if folded in seen:
            errors.append(FieldMapError(path, "%s '%s' is listed twice (first at %s)" % (label, value, seen[folded]),
                                        value))
        else:
            seen[folded] = path
    return errors


def plan_all(service, addressed, sweep, workers=1):
    """Plan every (spec, prefix); input errors of all objects are collected (nothing is written)."""
    if sweep:
        service.load_all()
        service.read_ahead(addressed, workers)
    plans = []
    errors = []
    for spec, prefix in addressed:
        try:
            plans.append(service.plan(spec, service.find(spec, prefix), prefix))
        except FieldMapError as error:
            errors.append(error)
        except InputErrors as error:
            errors.extend(error.errors)
    if errors:
        raise InputErrors(errors)
    return plans


def apply_all(service, plans, workers=1, sweep=False):
    """Apply the plans that change something; returns (results, failures) in input order.

    Any exception of one object (API, conflict, verification, even a configuration error) is
    reported for that object; the other objects keep their results.
    """
    def apply_one(plan):
        if not plan.changed:
            return service.result(plan, plan.current), None
        try:
            return service.result(plan, service.apply(plan)), None
        except Exception as error:  # reported per object below
            return service.result(plan), error

    outcomes = []
    for batch in chunks(plans, service.BATCH_SIZE):
        if sweep:
            service.prefetch(batch)
        batch_outcomes = run_bounded(apply_one, batch, workers)
        if sweep:
            try:
                stored, errors = service.verify_batch(batch)
            except Exception as error:  # the read-back failed: every written object of the batch is unconfirmed
                stored, errors = {}, dict((plan.object_id, error) for plan in batch if plan.written_over is not None)
            for index, plan in enumerate(batch):
                if batch_outcomes[index][1] is not None:
                    continue
                if plan.object_id in errors:
                    batch_outcomes[index] = (service.result(plan), errors[plan.object_id])
                elif plan.object_id in stored and plan.written_over is not None:
                    batch_outcomes[index] = (service.result(plan, stored[plan.object_id]), None)
        outcomes.extend(batch_outcomes)
    settle(service, plans, outcomes)

    results = []
    failures = []
    for plan, (result, error) in zip(plans, outcomes):
        if error is not None:
            result['failed'] = True
            result['msg'] = failure_message(error)
            failures.append((plan.name, error))
        results.append(result)
    return results, failures


def settle(service, plans, outcomes):
    """The service's last read-back of the updated objects; its findings replace their outcomes."""
    updated = [plan for plan, (_result, error) in zip(plans, outcomes) if error is None]
    try:
        stored, errors = service.settle(updated)
    except Exception as error:  # the read-back failed: the updates are unconfirmed
        stored, errors = {}, dict((plan.object_id, error) for plan in updated if plan.written_over is not None)
    for index, plan in enumerate(plans):
        if outcomes[index][1] is not None or plan.written_over is None:
            continue
        if plan.object_id in errors:
            outcomes[index] = (service.result(plan), errors[plan.object_id])
        elif plan.object_id in stored:
            outcomes[index] = (service.result(plan, stored[plan.object_id]), None)


def ensure(service, addressed, check_mode, workers=1, sweep=None):
    """Plan every object, then (outside check mode) apply; returns (results, failures)."""
    if sweep is None:
        sweep = len(addressed) > 1
    plans = plan_all(service, addressed, sweep, workers)
    if check_mode:
        return [service.result(plan, check_mode=True) for plan in plans], []
    return apply_all(service, plans, workers, sweep)


class ResourceModule:
    """One resource module: its options, how to read one object from them, its service.

    list_option     the option holding many objects (`queues`), or None; the top-level options are one object
    item_options    option names of one object at the top level
    validate_item   validate_item(spec, prefix) -> [FieldMapError]: the one validation call per item
    service_class   a ResourceService subclass: service_class(client, resolver, warn)
    label, plural   'queue', 'queues': for messages
    shared          options of the module copied into every item (e.g. delete_timeout)
    brief_unchanged unchanged objects report only who they are and their etag (large bulk runs)
    """

    def __init__(self, options, list_option, item_options, validate_item, service_class, label, plural,
                 shared=(), brief_unchanged=False, workers_option=None, **module_kwargs):
        self.options = options
        self.list_option = list_option
        self.item_options = item_options
        self.validate_item = validate_item
        self.service_class = service_class
        self.label = label
        self.plural = plural
        self.shared = shared
        self.brief_unchanged = brief_unchanged
        self.workers_option = workers_option
        spec = argument_spec(options)
        spec.update(auth_argument_spec())
        self.module = AnsibleModule(argument_spec=spec, supports_check_mode=True, **module_kwargs)

    @property
    def bulk(self):
        return self.list_option is not None and self.module.params.get(self.list_option) is not None

    def addressed(self):
        """(spec, option path prefix) per object; options left out are absent, not None."""
        params = self.module.params
        shared = dict((key, params[key]) for key in self.shared if params.get(key) is not None)
        if self.bulk:
            return [(dict(without_none(item), **shared), '%s[%d].' % (self.list_option, index))
                    for index, item in enumerate(params[self.list_option])]
        single = dict((key, params.get(key)) for key in self.item_options)
        return [(dict(without_none(single), **shared), '')]

    def run(self):
        module = self.module
        # jsonschema present, and the bulk list's items checked (each error with its path) and completed
        # with their defaults before they are split into objects.
        check_options(module, self.options)
        addressed = self.addressed()
        errors = []
        for spec, prefix in addressed:
            errors.extend(self.validate_item(spec, prefix))
        errors.extend(duplicate_errors(addressed, self.label))
        if errors:
            fail_on_input_errors(module, errors)

        client = client_from_module(module)
        resolver = planning_resolver(client, module.params.get('planned_names'), module.check_mode)
        service = self.service_class(client, resolver, warn=module.warn)
        workers = module.params.get(self.workers_option) or 1 if self.workers_option else 1
        try:
            results, failures = ensure(service, addressed, module.check_mode, workers, sweep=self.bulk)
        except Exception as error:  # the one fail path
            fail(module, error, client)
        warn_client_events(module, client)
        self.exit(results, failures, client)

    def exit(self, results, failures, client):
        module = self.module
        output = {
            'changed': any(result['changed'] for result in results),
            'summary': summarize_actions(results),
            'api_calls': client.stats,
        }
        if not module._diff:
            for result in results:
                result.pop('diff', None)
        if self.bulk:
            # Unchanged objects of a large bulk run report who they are and their etag; the full
            # objects of a thousand untouched queues would only slow the run and bury the changes.
            output['results'] = [brief(result) if self.brief_unchanged and not result['changed']
                                 and not result.get('failed') else result for result in results]
            if module._diff:
                output['diff'] = [result['diff'] for result in results if result['changed']]
        else:
            output.update(results[0])
            output.pop('failed', None)
            output.pop('msg', None)
        if failures:
            module.fail_json(msg='%d of %d %s failed: %s' % (len(failures), len(results), self.plural, '; '.join(
                '%s: %s' % (name, failure_message(error)) for name, error in failures)), **output)
        module.exit_json(**output)


def brief(result):
    return dict((key, result[key]) for key in BRIEF_KEYS if key in result)
