# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one run of a resource module, and the one fail path of every module.

A module names its service, which declares the rest (which option holds the list form, which
options one object takes, how to validate one item): `ResourceModule(QueueService).run()`:

    split the spec      the list option (`queues: [...]`), or the top-level options as one object
    validate            each item against the generated JSON Schema of one object, once (the list
                        form's items by validation.check_options, the single form's options here),
                        then the rules a schema cannot say (`validate_item(spec, prefix)`), plus
                        duplicate keys; every error at once (one per option path), before any API call
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

from ansible_collections.genesyscloud.routing.plugins.module_utils.module_client import (
    auth_argument_spec, client_from_module, fail_on_api_error, fail_on_input_errors, summarize_actions,
    warn_client_events,
)
from ansible_collections.genesyscloud.routing.plugins.module_utils.errors import (
    ConflictError, GenesysError, InputErrors,
)
from ansible_collections.genesyscloud.routing.plugins.module_utils.fieldmap import FieldMapError, argument_spec
from ansible_collections.genesyscloud.routing.plugins.module_utils.resolver import planning_resolver
from ansible_collections.genesyscloud.routing.plugins.module_utils.validation import (
    check_options, field_errors, without_none,
)

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


def item_errors(fields, validate_item, spec, prefix='', schema_checked=False):
    """One object's input errors: its generated schema (unless already checked), then its rules.

    The rules assume the shape the schema guarantees, so they run once the schema holds (as for the
    items of a list form, which check_options refuses before any rule runs).
    """
    errors = [] if schema_checked else field_errors(fields, spec, prefix.rstrip('.'))
    if validate_item is not None and not errors:
        errors = validate_item(spec, prefix)
    return first_per_path(errors)


def first_per_path(errors):
    """The first error of each option path (a bound and a rule broken by one value: the bound is enough)."""
    first = {}
    for error in errors:
        first.setdefault(error.path, error)
    return [error for error in errors if first[error.path] is error]


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
    plans = service.plan_all(addressed, sweep, workers)
    if check_mode:
        return [service.result(plan, check_mode=True) for plan in plans], []
    return apply_all(service, plans, workers, sweep)


def list_form_rules(service_class):
    """AnsibleModule's mutually_exclusive and required_one_of, derived from the service's options.

    In the list form the top-level options of one object would be ignored, so each that has no
    default is refused beside the list option; one of the list option, `name` (or `id`) is required.
    """
    if service_class.LIST_OPTION is None:
        return {}
    items = service_class.ITEM_OPTIONS
    single = [field.option for field in items
              if field.default is None and field.option not in service_class.SHARED_OPTIONS]
    keys = tuple(option for option in ('name', 'id') if option in [field.option for field in items])
    return dict(mutually_exclusive=[(service_class.LIST_OPTION, option) for option in single],
                required_one_of=[keys + (service_class.LIST_OPTION,)])


class ResourceModule:
    """One resource module, all of it declared by its service class (resource.ResourceService):
    OPTIONS, ITEM_OPTIONS (whose generated schema checks the single form), LIST_OPTION, PLURAL,
    SHARED_OPTIONS, WORKERS_OPTION, BRIEF_UNCHANGED and validate_item (the rules of one item a schema
    cannot say, or None). A module's main() is `ResourceModule(QueueService).run()`.
    """

    def __init__(self, service_class):
        self.service_class = service_class
        self.options = service_class.OPTIONS
        self.list_option = service_class.LIST_OPTION
        self.item_fields = service_class.ITEM_OPTIONS
        self.item_options = [field.option for field in self.item_fields]
        self.validate_item = service_class.validate_item
        self.label = service_class.KIND
        self.plural = service_class.PLURAL or service_class.KIND + 's'
        self.shared = service_class.SHARED_OPTIONS
        self.brief_unchanged = service_class.BRIEF_UNCHANGED
        self.workers_option = service_class.WORKERS_OPTION
        spec = argument_spec(self.options)
        spec.update(auth_argument_spec())
        self.module = AnsibleModule(argument_spec=spec, supports_check_mode=True, **list_form_rules(service_class))

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
        errors = self.input_errors(addressed)
        if errors:
            fail_on_input_errors(module, errors)
        offline = self.offline_result(addressed)
        if offline is not None:
            module.exit_json(changed=False, **offline)

        client = client_from_module(module)
        resolver = planning_resolver(client, module.params.get('planned_names'), module.check_mode)
        service = self.service(client, resolver)
        workers = module.params.get(self.workers_option) or 1 if self.workers_option else 1
        try:
            results, failures = ensure(service, addressed, module.check_mode, workers, sweep=self.bulk)
        except Exception as error:  # the one fail path
            fail(module, error, client)
        warn_client_events(module, client)
        self.exit(results, failures, client)

    def input_errors(self, addressed):
        """Every input error found without the API, the first one per option path."""
        errors = []
        for spec, prefix in addressed:
            # The list form's items were checked against the same schema by check_options.
            errors.extend(item_errors(self.item_fields, self.validate_item, spec, prefix, schema_checked=self.bulk))
        errors.extend(duplicate_errors(addressed, self.label))
        return first_per_path(errors)

    def offline_result(self, addressed):
        """Hook: the result of a task that needs no API call (skill rules' `rendered`), or None."""
        return None

    def service(self, client, resolver):
        return self.service_class(client, resolver, warn=self.module.warn)

    def exit(self, results, failures, client):
        module = self.module
        if not module._diff:
            for result in results:
                result.pop('diff', None)
        output = self.output(results)
        output.update(changed=any(result['changed'] for result in results), api_calls=client.stats)
        if failures and not self.bulk:
            # One object: its error through the one fail path (status, correlation id, a conflict's etag).
            fail(module, failures[0][1], client, **output)
        if failures:
            module.fail_json(msg='%d of %d %s failed: %s' % (len(failures), len(results), self.plural, '; '.join(
                '%s: %s' % (name, failure_message(error)) for name, error in failures)), **output)
        module.exit_json(**output)

    def output(self, results):
        """The module's own result keys: the list form's results and diffs, or the one object's keys."""
        output = {'summary': summarize_actions(results)}
        if self.bulk:
            # Unchanged objects of a large bulk run report who they are and their etag; the full
            # objects of a thousand untouched queues would only slow the run and bury the changes.
            output['results'] = [brief(result) if self.brief_unchanged and not result['changed']
                                 and not result.get('failed') else result for result in results]
            if self.module._diff:
                output['diff'] = [result['diff'] for result in results if result['changed']]
        else:
            output.update(results[0])
            output.pop('failed', None)
            output.pop('msg', None)
        return output


def brief(result):
    return dict((key, result[key]) for key in BRIEF_KEYS if key in result)
