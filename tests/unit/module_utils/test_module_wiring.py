"""Each resource module's main() names its service; the service declares what the runner needs, and the
list form's argument rules are derived from its options (issue 12: module wiring in one place)."""
import contextlib
import importlib
import io
import json

import pytest
import yaml
from ansible.module_utils.testing import patch_module_args

from ansible_collections.genesyscloud.routing.plugins.module_utils.queues import QueueService
from ansible_collections.genesyscloud.routing.plugins.module_utils.resource import Plan
from ansible_collections.genesyscloud.routing.plugins.module_utils.runner import list_form_rules
from ansible_collections.genesyscloud.routing.plugins.module_utils.skill_groups import SkillGroupService
from ansible_collections.genesyscloud.routing.plugins.module_utils.skills import SkillService
from ansible_collections.genesyscloud.routing.plugins.module_utils.utilization import UtilizationService
from ansible_collections.genesyscloud.routing.plugins.module_utils.worktypes import WorktypeService
from ansible_collections.genesyscloud.routing.plugins.modules import genesys_queue, genesys_skill_group


def run_main(module, args):
    output = io.StringIO()
    with patch_module_args(args), contextlib.redirect_stdout(output):
        with pytest.raises(SystemExit):
            module.main()
    return json.loads(output.getvalue())


def test_the_list_form_refuses_every_single_object_option_without_a_default():
    rules = list_form_rules(QueueService)
    assert ('queues', 'description') in rules['mutually_exclusive']
    assert ('queues', 'name') in rules['mutually_exclusive'] and ('queues', 'id') in rules['mutually_exclusive']
    # shared with every item (delete_timeout) or defaulted (state): not refused
    refused = [option for _list, option in rules['mutually_exclusive']]
    assert 'delete_timeout' not in refused and 'state' not in refused
    assert rules['required_one_of'] == [('name', 'id', 'queues')]
    assert list_form_rules(SkillService)['required_one_of'] == [('name', 'skills')]
    assert sorted(option for _list, option in list_form_rules(SkillService)['mutually_exclusive']) == [
        'division', 'expected_etag', 'name']
    assert list_form_rules(UtilizationService) == {}


@pytest.mark.parametrize('service', [QueueService, SkillService, SkillGroupService, UtilizationService, WorktypeService])
def test_every_service_declares_its_module(service):
    assert service.OPTIONS and service.ITEM_OPTIONS
    options = [field.option for field in service.OPTIONS]
    assert all(field.option in options for field in service.ITEM_OPTIONS)
    assert service.LIST_OPTION is None or service.LIST_OPTION in options
    assert service.validate_item is None or service.validate_item({'name': 'Sales'}, '') == []


@pytest.mark.parametrize('module, args', [
    (genesys_queue, {'queues': [{'name': 'Sales'}], 'description': 'ignored before'}),
    (genesys_skill_group, {'skill_groups': [{'name': 'G'}], 'skill_conditions': []}),
])
def test_a_single_object_option_beside_the_list_fails_before_any_call(module, args):
    # Before, these options were silently ignored in the list form (only name and id were refused).
    result = run_main(module, dict(args, access_token='unused', api_url='http://127.0.0.1:9'))
    assert result['failed'] is True
    assert 'mutually exclusive' in result['msg']


RESOURCE_MODULES = ['genesys_queue', 'genesys_skill', 'genesys_skill_group', 'genesys_utilization', 'genesys_workbin',
                    'genesys_workitem_schema', 'genesys_worktype']


@pytest.mark.parametrize('name', RESOURCE_MODULES)
def test_every_key_the_runner_returns_is_documented(name):
    module = importlib.import_module('ansible_collections.genesyscloud.routing.plugins.modules.' + name)
    service = next(value for key, value in vars(module).items() if key.endswith('Service'))
    plan = Plan({'name': 'Sales'}, None)
    plan.kept = plan.reset = []  # what the utilization's plan adds
    returned = set(service(None, None).result(plan, check_mode=True)) | {'predicted', 'summary', 'api_calls'}
    if service.LIST_OPTION:
        returned.add('results')
    documented = set(yaml.safe_load(module.RETURN))
    assert returned - {'changed'} <= documented, sorted(returned - {'changed'} - documented)
