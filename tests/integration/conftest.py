"""Run real `ansible-playbook` against the emulator and read back every task result.

Fixture `playbook(emulator)` returns a runner: `run(tasks, check=False, diff=False, extra_vars=None,
expect_failure=False)` writes a one-play playbook on localhost with the given tasks (a list of
dicts, or YAML text), runs it with the JSON stdout callback and returns a `PlaybookRun` whose
`.tasks` maps task names to their results. Credentials reach the modules through the same
GENESYSCLOUD_* environment variables users set, and the token cache lives in a per-test folder.
"""
import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT / 'tools'))
from ansible_env import ansible_env  # noqa: E402  (tools/ is not a package)


class PlaybookRun:
    def __init__(self, completed, output):
        self.returncode = completed.returncode
        self.stdout = completed.stdout
        self.stderr = completed.stderr
        self.output = output
        self.tasks = {}
        for play in output.get('plays', []):
            for task in play.get('tasks', []):
                self.tasks[task['task']['name']] = task['hosts'].get('localhost', {})

    def __getitem__(self, name):
        return self.tasks[name]


def playbook_env(emulator, cache_dir, extra=None):
    return ansible_env(cache_dir, {
        'ANSIBLE_STDOUT_CALLBACK': 'results_json',
        'ANSIBLE_CALLBACK_PLUGINS': str(ROOT / 'tests' / 'integration' / 'callback_plugins'),
        'ANSIBLE_INVENTORY_UNPARSED_WARNING': 'false',
        'GENESYSCLOUD_API_URL': emulator.base_url,
        'GENESYSCLOUD_OAUTHCLIENT_ID': 'emulator-client',
        'GENESYSCLOUD_OAUTHCLIENT_SECRET': 'emulator-secret',
    }, drop=('GENESYSCLOUD_REGION',), extra=extra)


@pytest.fixture
def playbook(emulator, tmp_path):
    cache_dir = tmp_path / 'token-cache'

    def run(tasks, check=False, diff=False, extra_vars=None, env=None, expect_failure=False, gather=False):
        if isinstance(tasks, str):
            tasks = yaml.safe_load(tasks)
        play = [{'name': 'test', 'hosts': 'localhost', 'gather_facts': gather, 'tasks': tasks}]
        path = tmp_path / 'playbook.yml'
        path.write_text(yaml.safe_dump(play, sort_keys=False))
        command = [str(BIN / 'ansible-playbook'), str(path)]  # implicit localhost: runs modules with this Python
        if check:
            command.append('--check')
        if diff:
            command.append('--diff')
        if extra_vars:
            command.extend(['-e', json.dumps(extra_vars)])
        completed = subprocess.run(command, capture_output=True, text=True, env=playbook_env(emulator, cache_dir, env),
                                   cwd=str(tmp_path), timeout=600)
        try:
            output = json.loads(completed.stdout)
        except ValueError:
            raise AssertionError('ansible-playbook printed no JSON (rc=%s)\nstdout:\n%s\nstderr:\n%s'
                                 % (completed.returncode, completed.stdout[-4000:], completed.stderr[-4000:]))
        result = PlaybookRun(completed, output)
        if not expect_failure:
            assert completed.returncode == 0, 'playbook failed:\n%s' % json.dumps(
                {name: task for name, task in result.tasks.items() if task.get('failed')}, indent=1)[:6000]
        return result

    run.cache_dir = cache_dir
    run.env = lambda: playbook_env(emulator, cache_dir)
    run.bin = BIN
    run.root = ROOT
    return run
