"""Fixtures of the acceptance suite: the same tests against a private emulator or a real organization.

Without GENESYSCLOUD_ACCEPTANCE=1 the suite starts its own demo-seeded emulator (the fixture code of
tests/conftest.py) and runs there; `make test` does that. With it, the suite runs against the
organization of the GENESYSCLOUD_* credentials (acceptance_org.py lists the variables), or is
skipped with one line when they are incomplete. GENESYSCLOUD_ACCEPTANCE_RECORD=<file> puts the
recording proxy (tools/fidelity_recorder.py) between the run and its target.

Fixtures: `target` (acceptance_org.Target), `api` (a paced GenesysClient of the target, for setup and
checks), `run_prefix` (every object a test creates is named with it; removed at the end of the
session even after failures), `org_refs` (users and the division discovered read-only), `playbook`
(runs tasks with ansible-playbook against the target, like tests/integration's fixture).
"""
import importlib.util
import json
import os
import subprocess
import sys
import types
from pathlib import Path

import pytest
import yaml

import acceptance_org as org

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT / 'tools'))


def _load(name, path):
    spec = importlib.util.spec_from_file_location(name, str(path))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# The existing emulator and playbook helpers, loaded by path (every conftest is named "conftest").
emulator_helpers = _load('acceptance_emulator_helpers', ROOT / 'tests' / 'conftest.py')
playbook_helpers = _load('acceptance_playbook_helpers', ROOT / 'tests' / 'integration' / 'conftest.py')


def skip_reason():
    if not org.enabled():
        return None
    try:
        org.Target.from_env()
    except org.NotConfigured as exc:
        return str(exc)
    return None


def pytest_collection_modifyitems(config, items):
    reason = skip_reason()
    if reason:
        for item in items:
            if HERE in Path(str(item.fspath)).resolve().parents:
                item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(scope='session')
def target():
    emulator = None
    if org.enabled():
        selected = org.Target.from_env()
    else:
        emulator = emulator_helpers.start_emulator(seed='demo')
        selected = org.Target.for_emulator(emulator.base_url)
    selected.emulator = emulator
    recording = os.environ.get('GENESYSCLOUD_ACCEPTANCE_RECORD')
    proxy = None
    if recording:
        import fidelity_recorder
        proxy = fidelity_recorder.RecordingProxy(selected.upstream_api_url, selected.upstream_login_url)
        selected.api_url = proxy.start()
    try:
        yield selected
    finally:
        if proxy:
            proxy.stop()
            proxy.save(recording, run_prefix=getattr(selected, 'prefix', None),
                       secrets=(selected.client_id, selected.client_secret))
        if emulator:
            emulator.stop()


@pytest.fixture(scope='session')
def api(target):
    return target.client()


@pytest.fixture(scope='session')
def run_prefix(target, api):
    prefix = os.environ.get('GENESYSCLOUD_ACCEPTANCE_PREFIX') or org.new_prefix()
    if not prefix.startswith(org.PREFIX_ROOT):
        pytest.exit('GENESYSCLOUD_ACCEPTANCE_PREFIX must start with %r' % org.PREFIX_ROOT, returncode=2)
    target.prefix = prefix
    org.save_utilization(api, prefix, target.upstream_api_url)
    try:
        yield prefix
    finally:
        org.clean(api, prefix, log=lambda line: None)
        org.restore_saved(api, target.upstream_api_url, prefix, log=lambda line: None)


@pytest.fixture(scope='session')
def org_refs(target, api):
    """What the suite needs but cannot create: two users and a division, read-only (or from env)."""
    users = [email.strip() for email in target.setting('GENESYSCLOUD_ACCEPTANCE_USERS', '').split(',')
             if email.strip()]
    if not users:
        listed = api.get('/api/v2/users', params={'pageSize': 25, 'state': 'active'}).get('entities') or []
        users = [user['email'] for user in listed if user.get('email')][:2]
    if len(users) < 2:
        pytest.skip('the organization needs two users (or GENESYSCLOUD_ACCEPTANCE_USERS)')
    division = target.setting('GENESYSCLOUD_ACCEPTANCE_DIVISION') or \
        api.get('/api/v2/authorization/divisions/home')['name']
    return types.SimpleNamespace(users=users, division=division)


@pytest.fixture
def playbook(target, run_prefix, tmp_path):
    """run(tasks, check=False, diff=False, expect_failure=False) -> PlaybookRun, as in tests/integration."""
    cache_dir = tmp_path / 'token-cache'
    env = playbook_helpers.playbook_env(types.SimpleNamespace(base_url=target.api_url), cache_dir,
                                        target.playbook_env())

    def run(tasks, check=False, diff=False, expect_failure=False):
        path = tmp_path / 'playbook.yml'
        play = [{'name': 'acceptance', 'hosts': 'localhost', 'gather_facts': False, 'tasks': tasks}]
        path.write_text(yaml.safe_dump(play, sort_keys=False))
        command = [str(BIN / 'ansible-playbook'), str(path)] + (['--check'] if check else []) + \
            (['--diff'] if diff else [])
        completed = subprocess.run(command, capture_output=True, text=True, env=env, cwd=str(tmp_path), timeout=900)
        try:
            result = playbook_helpers.PlaybookRun(completed, json.loads(completed.stdout))
        except ValueError:
            raise AssertionError('ansible-playbook printed no JSON (rc=%s)\n%s\n%s' % (
                completed.returncode, completed.stdout[-3000:], completed.stderr[-3000:]))
        if not expect_failure:
            assert completed.returncode == 0, 'playbook failed:\n%s' % json.dumps(
                dict((name, task) for name, task in result.tasks.items() if task.get('failed')), indent=1)[:6000]
        return result

    return run


@pytest.fixture
def leaves_nothing(api, run_prefix):
    """A test deletes what it made: anything of the prefix still live afterwards is removed and reported."""
    yield
    left = org.clean(api, run_prefix, log=lambda line: None)
    assert left == [], 'the test left these behind (now removed): %s' % left
