"""The role's one load of the desired state (the genesys_desired_state action plugin, run in-process)
and the filters of its progress lines and export formats (issue 15 items 4 and 5)."""
import json
from unittest import mock

import pytest
from ansible.errors import AnsibleActionFail
from ansible.parsing.dataloader import DataLoader
from ansible.playbook.play_context import PlayContext
from ansible.playbook.task import Task
from ansible.template import Templar

from ansible_collections.genesyscloud.routing.plugins.action.genesys_desired_state import ActionModule
from ansible_collections.genesyscloud.routing.plugins.filter.routing_state import export_formats, progress_line


def load(args, task_vars=None, check_mode=False):
    task = Task()
    task.args = args
    context = PlayContext()
    context.check_mode = check_mode
    loader = DataLoader()
    action = ActionModule(task, mock.MagicMock(), context, loader=loader, templar=Templar(loader=loader),
                          shared_loader_obj=None)
    return action.run(task_vars=task_vars or {})


def plain_types(value):
    """True when `value` is made of built-in types only (no tagged or lazy subclasses)."""
    if type(value) is dict:
        return all(type(key) is str and plain_types(item) for key, item in value.items())
    if type(value) is list:
        return all(plain_types(item) for item in value)
    return value is None or type(value) in (str, int, float, bool)


@pytest.fixture
def state_dir(tmp_path):
    (tmp_path / 'queues.json').write_text(json.dumps({'routing_queues': [{'name': 'Sales', 'division': 'Home'}]}))
    (tmp_path / 'a_skills.yml').write_text('routing_skills:\n  - name: Old\n')
    (tmp_path / 'b_skills.yaml').write_text('routing_skills:\n  - name: English\n    division: !unsafe Home\n')
    (tmp_path / 'known_names.yml').write_text('routing_known_names:\n  division: [Home]\n')
    (tmp_path / '.hidden.yml').write_text('routing_webhooks: [{name: hidden}]\n')
    (tmp_path / 'sub').mkdir()
    (tmp_path / 'sub' / 'utilization.yml').write_text(
        'routing_utilization:\n  media_types: {call: {maximum_capacity: 1}}\n')
    return tmp_path


def test_files_are_read_like_include_vars_reads_a_directory_into_plain_data(state_dir):
    result = load({'state_dir': str(state_dir)})
    assert result['state'] == {
        'routing_queues': [{'name': 'Sales', 'division': 'Home'}],
        'routing_skills': [{'name': 'English', 'division': 'Home'}],  # the later file wins
        'routing_utilization': {'media_types': {'call': {'maximum_capacity': 1}}},
    }
    assert result['sections'] == ['routing_skills', 'routing_utilization', 'routing_queues']
    assert result['counts'] == {'routing_queues': 1, 'routing_skills': 1, 'routing_utilization': 1}
    assert plain_types(result['state']) and result['changed'] is False


def test_only_the_selected_sections_are_loaded_and_variables_do_not_mix_in(state_dir):
    result = load({'state_dir': str(state_dir), 'sections': ['routing_queues', 'routing_webhooks']},
                  task_vars={'routing_webhooks': [{'name': 'from the inventory'}]})
    assert result['sections'] == ['routing_queues'] and list(result['state']) == ['routing_queues']


def test_a_file_with_jinja_is_templated_as_include_vars_did(tmp_path):
    (tmp_path / 'queues.yml').write_text('routing_queues:\n  - name: "{{ \'Sa\' ~ \'les\' }}"\n')
    assert load({'state_dir': str(tmp_path)})['state'] == {'routing_queues': [{'name': 'Sales'}]}


def test_variables_are_taken_when_no_directory_is_given_and_undefined_sections_are_left_out():
    result = load({'sections': ['routing_queues', 'routing_skills']},
                  task_vars={'routing_queues': [{'name': 'Sales'}], 'routing_workbins': []}, check_mode=True)
    assert result['state'] == {'routing_queues': [{'name': 'Sales'}]}
    assert result['sections'] == ['routing_queues'] and result['check_mode'] is True


@pytest.mark.parametrize('text, message', [
    ('routing_queues: Sales\n', 'routing_queues must be a list of objects, got str'),
    ('routing_queues: [Sales]\n', "routing_queues[0] must be an object, got str: 'Sales'"),
    ('routing_utilization: [1]\n', 'routing_utilization must be a mapping, got list'),
    ('- routing_queues\n', 'a desired-state file must be a mapping of variables, got list'),
    ('routing_queues: [\n', 'not valid YAML'),
])
def test_a_malformed_file_fails_naming_the_file_and_the_variable(tmp_path, text, message):
    (tmp_path / 'queues.yml').write_text(text)
    with pytest.raises(AnsibleActionFail) as failure:
        load({'state_dir': str(tmp_path)})
    assert message in str(failure.value) and 'queues.yml' in str(failure.value)


def test_a_missing_directory_and_an_unknown_section_fail_clearly(tmp_path):
    with pytest.raises(AnsibleActionFail, match='is not a directory'):
        load({'state_dir': str(tmp_path / 'missing')})
    with pytest.raises(AnsibleActionFail, match='unknown section'):
        load({'sections': ['routing_queue']})


def test_progress_line_counts_calls_rate_and_time_left():
    assert progress_line(400, 1000, 80, 812, 'queues', changed=400, failed=0) == (
        'queues 400/1000 done, 400 changed, 0 failed; 812 API calls (609/min); 5.0 queues/s, about 2m00s left')
    assert progress_line(1000, 1000, 200, 2000).endswith('5.0 queues/s, finished')
    assert progress_line(0, 10, 0, 0).endswith('time left unknown')
    assert progress_line(1, 4000, 1, 1).endswith('about 1h06m left')


def test_export_formats_write_sections_above_the_limit_as_json():
    state = {'routing_queues': [{}] * 201, 'routing_skills': [{}] * 200, 'routing_utilization': {'media_types': {}}}
    assert export_formats(state, 200) == {'routing_queues': 'json', 'routing_skills': 'yml',
                                          'routing_utilization': 'yml'}
