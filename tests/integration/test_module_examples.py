"""Every module's EXAMPLES, run as written against the emulator (issue 14 item 11).

Each task of each EXAMPLES block is run with ansible-playbook, in the order the block lists them.
Only the connection settings are the test's own: the examples' `module_defaults` carry placeholder
credentials and a real region, so the emulator's address and credentials come from the environment
as in every integration test. The objects the examples name (divisions, groups, users, wrap-up
codes) are created first, as a user would have them.
"""
import importlib

import pytest
import yaml

PREFIX = 'ansible_collections.genesyscloud.routing.plugins.modules.'
MODULES = ['genesys_queue', 'genesys_queue_facts', 'genesys_skill', 'genesys_skill_group', 'genesys_skill_rules',
           'genesys_utilization', 'genesys_webhook', 'genesys_workbin', 'genesys_workitem_schema', 'genesys_worktype']
# Tasks of other collections (amazon.aws in genesys_webhook's example) talk to other services.
OTHER_SERVICES = ('amazon.aws.',)
# PARTIAL: these examples read an inventory and the role's results, which this runner does not build.
NOT_YET = {
    'genesys_compare': 'reads hostvars of a dev/prod inventory',
    'genesys_drift_report': 'reads results registered by the role',
    'genesys_validate': 'reads inventory_dir of an inventory',
}
CONNECTION = ('client_id', 'client_secret', 'region', 'api_url')
# Examples that name objects other modules' examples create: those run first, as a user would have them.
RUN_FIRST = {'genesys_worktype': ('genesys_workbin', 'genesys_workitem_schema')}


def example_tasks(module_name):
    """The tasks of the module's EXAMPLES, blocks flattened, connection settings left to the environment."""
    examples = yaml.safe_load(importlib.import_module(PREFIX + module_name).EXAMPLES)
    tasks = []
    for entry in examples:
        for task in entry.get('block', [entry]):
            task = dict(task)
            if any(key.startswith(OTHER_SERVICES) for key in task):
                continue
            for key, args in task.items():
                if key.startswith('genesyscloud.routing.') and isinstance(args, dict):
                    task[key] = dict((name, value) for name, value in args.items() if name not in CONNECTION)
            tasks.append(task)
    return tasks


@pytest.mark.parametrize('module_name', MODULES)
def test_every_example_task_runs_as_written(module_name, playbook):
    tasks = example_tasks(module_name)
    assert tasks, 'no EXAMPLES in %s' % module_name
    before = [task for other in RUN_FIRST.get(module_name, ()) for task in example_tasks(other)]
    run = playbook(before + tasks, expect_failure=True)
    failed = dict((name, result.get('msg')) for name, result in run.tasks.items() if result.get('failed'))
    assert failed == {}, failed
    assert len(run.tasks) == len(before) + len(tasks)
