"""Hostile desired-state files: the validator (the genesys_validate action plugin, run in-process
exactly as the validate playbook runs it) reports every malformed file with a clear error naming
the file, the line and the option path, never raises, and never opens a network connection.

Cases: the demo's desired state broken at one place (hostile_cases.py: bounds, lengths,
enumerations, wrong types, unknown keys nested deep, too many and repeated items, names of
skills and queues the state does not declare), and files broken as files (YAML syntax errors,
bytes that are not UTF-8, a list or a scalar instead of a mapping, deep nesting, a misspelt
section variable). The demo splits its state over one file per section; so do the cases.

HOSTILE_SCALE=N (bench/soak_reliability.py) runs N times as many examples, with a random seed.
"""
import socket
import sys
from pathlib import Path
from unittest import mock

import pytest
import yaml
from ansible.playbook.play_context import PlayContext
from ansible.playbook.task import Task
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parent))
import hostile_cases as cases  # noqa: E402  (a helper next to this file)

from ansible_collections.genesyscloud.routing.plugins.action.genesys_validate import ActionModule  # noqa: E402

FILES = {'routing_skills': 'skills.yml', 'routing_skill_groups': 'skill_groups.yml',
         'routing_utilization': 'utilization.yml', 'routing_queues': 'queues.yml',
         'routing_skill_rules': 'skill_rules.yml', 'routing_webhooks': 'webhooks.yml'}


@pytest.fixture(autouse=True)
def no_network():
    """Validation is offline: any connection attempt fails the test."""
    def refuse(*_args, **_kwargs):
        raise AssertionError('the offline validator opened a network connection')
    with mock.patch.object(socket.socket, 'connect', refuse), mock.patch.object(socket, 'create_connection', refuse):
        yield


def validate(directory):
    """Run the genesys_validate action plugin on a directory, as the validate playbook does."""
    task = Task()
    task.args = {'paths': [str(directory)], 'relative_to': str(directory)}
    action = ActionModule(task, mock.MagicMock(), PlayContext(), loader=None, templar=None, shared_loader_obj=None)
    return action.run(task_vars={})


def write_state(directory, state):
    directory.mkdir(parents=True, exist_ok=True)
    for old in directory.iterdir():
        old.unlink()
    for var, name in FILES.items():
        if var in state:
            (directory / name).write_text(yaml.safe_dump({var: state[var]}, allow_unicode=True, sort_keys=False))


def assert_reported(result, file_name=None, path=None, path_prefix=None):
    """The run failed, and every error names a file, and an option path or a line unless the
    whole file is at fault (unreadable, not a mapping)."""
    assert result.get('failed') is True and result['valid'] is False, result.get('msg')
    errors = result['errors']
    assert errors, result
    for error in errors:
        assert error['file'] and error['message'], error
        assert error['path'] or error['line'] or error['check'] == 'format', error
        assert 'Traceback' not in error['text']
    if path is not None:
        matching = [error for error in errors if error['path'] == path]
        assert matching, 'no error at %s: %s' % (path, [error['text'][:300] for error in errors])
        assert all(error['file'] == file_name and isinstance(error['line'], int) for error in matching), matching
    if path_prefix is not None:
        assert any(error['path'].startswith(path_prefix) for error in errors), [error['text'] for error in errors]



def test_the_demo_state_itself_is_valid(tmp_path):
    write_state(tmp_path, cases.BASE_STATE)
    result = validate(tmp_path)
    assert result['valid'] is True and not result.get('failed'), result['msg']


def test_malformed_options_are_reported_with_file_line_and_path(tmp_path):
    def check(case):
        write_state(tmp_path / 'state', case.state)
        result = validate(tmp_path / 'state')
        if cases.expected_path(case) is None:
            assert_reported(result, path_prefix=cases.state_path(case.path))
        else:
            assert_reported(result, FILES[case.section], cases.state_path(case.path))

    assert cases.run_property(cases.schema_cases(for_module=False), check, 200) >= 180


def test_names_the_state_does_not_declare_are_reported(tmp_path):
    def check(case):
        write_state(tmp_path / 'state', case.state)
        result = validate(tmp_path / 'state')
        assert_reported(result, FILES[case.section], cases.state_path(case.path))
        assert any(case.value[:40] in error['text'] for error in result['errors']), result['msg']

    assert cases.run_property(cases.reference_cases(offline=True), check, 60) >= 50


# ---------------------------------------------------------------------------------------------
# Files broken as files

BREAKERS = ['key: [unclosed', '\tkey: tab-indented', 'key: "unterminated', ': no key', '- a\nb: c', '{a: 1',
            'key: value: another', '&anchor [1', '*undefined_alias']


@st.composite
def broken_files(draw):
    """(file name, bytes, what the file must be reported for)."""
    var = draw(st.sampled_from(sorted(FILES)))
    text = yaml.safe_dump({var: cases.BASE_STATE[var]}, allow_unicode=True, sort_keys=False)
    lines = text.splitlines()
    kind = draw(st.sampled_from(['syntax', 'not utf-8', 'not a mapping', 'deep nesting', 'misspelt variable']))
    if kind == 'syntax':
        at = draw(st.integers(min_value=0, max_value=len(lines)))
        lines.insert(at, draw(st.sampled_from(BREAKERS)))
        data = '\n'.join(lines).encode('utf-8')
    elif kind == 'not utf-8':
        at = draw(st.integers(min_value=0, max_value=len(text)))
        junk = draw(st.binary(min_size=1, max_size=8).filter(lambda raw: _not_utf8(raw)))
        data = text.encode('utf-8')[:at] + junk + text.encode('utf-8')[at:]
        if not _not_utf8(data):
            data = b'\xff' + data
    elif kind == 'not a mapping':
        data = yaml.safe_dump(draw(st.one_of(st.lists(st.integers(), min_size=1), st.integers(),
                                             st.text(min_size=1).filter(lambda t: t.strip())))).encode('utf-8')
    elif kind == 'deep nesting':
        depth = draw(st.one_of(st.integers(min_value=2, max_value=200), st.integers(min_value=400, max_value=3000)))
        data = ('%s: %s%s' % (var, '[' * depth, ']' * depth)).encode('utf-8')
    else:
        index = draw(st.integers(min_value=len('routing_'), max_value=len(var) - 1))
        letter = draw(st.sampled_from('abcdefghijklmnopqrstuvwxyz_'))
        misspelt = var[:index] + letter + var[index + 1:]
        if misspelt == var or misspelt in FILES:
            misspelt = var + 's'
        data = text.replace(var + ':', misspelt + ':', 1).encode('utf-8')
    return kind, FILES[var], data


def _not_utf8(raw):
    try:
        raw.decode('utf-8')
        return False
    except UnicodeDecodeError:
        return True


def test_broken_files_are_reported_not_raised(tmp_path):
    def check(case):
        kind, name, data = case
        folder = tmp_path / 'state'
        folder.mkdir(exist_ok=True)
        for old in folder.iterdir():
            old.unlink()
        (folder / name).write_bytes(data)
        result = validate(folder)
        assert_reported(result)
        assert any(error['file'] == name for error in result['errors']), result['errors']

    assert cases.run_property(broken_files(), check, 120) >= 100


@pytest.mark.parametrize('value', [float('nan'), float('inf')])
def test_a_non_finite_number_is_reported(tmp_path, value):
    path = ('routing_queues', 0, 'media_settings', 'call', 'auto_answer_alert_tone_seconds')
    case = cases.Case('not finite', path, value)
    write_state(tmp_path, case.state)
    assert_reported(validate(tmp_path), FILES[case.section], cases.state_path(path))


# Bugs these properties found (docs/reliability.md, "Findings"), kept as plain regression examples.

@pytest.mark.parametrize('path,value', [
    (('routing_queues', 0, 'acw_settings'), 'fast'),
    (('routing_queues', 3, 'members', 0, 'ring'), 'first'),
    (('routing_queues', 3, 'members', 0), 7),
    (('routing_queues', 0, 'member_groups', 0, 'type'), ['GROUP']),
    (('routing_webhooks', 0, 'events'), True),
])
def test_wrong_type_under_a_semantic_check_is_reported_not_raised(tmp_path, path, value):
    case = cases.Case('wrong type', path, value)
    write_state(tmp_path, case.state)
    assert_reported(validate(tmp_path), FILES[case.section], cases.state_path(path))


def test_very_deep_nesting_is_reported_not_raised(tmp_path):
    (tmp_path / 'queues.yml').write_text('routing_queues: %s%s' % ('[' * 1000, ']' * 1000))
    assert_reported(validate(tmp_path))
