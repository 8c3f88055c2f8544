"""The acceptance harness itself, proven against emulators (these tests never run against a real org).

`make acceptance` skips with one line; a whole run pointed at an emulator through the recorder
passes, leaves no object of its prefix and the utilization as it was; a run killed halfway leaves
objects that `make acceptance-clean` removes; recordings hold no secret; a recording of the emulator
replays with zero differences, and a hand-edited one reports exactly the edits.
"""
import copy
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import acceptance_org as org
import fidelity
from fidelity_recorder import read_recording

ROOT = Path(__file__).resolve().parents[2]
TOOL = [sys.executable, str(ROOT / 'tools' / 'acceptance.py')]
KEPT_RECORDING = ROOT / 'tests' / 'acceptance' / 'recordings' / 'emulator-demo.json'
# What a bearer token of the emulator looks like (secrets.token_urlsafe(32)): 43 URL-safe characters.
TOKEN_SHAPE = re.compile(r'(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])')

pytestmark = pytest.mark.skipif(org.enabled(), reason='harness tests start their own emulators')


def acceptance_env(emulator, prefix):
    env = dict(os.environ)
    for name in list(env):
        if name.startswith('GENESYSCLOUD_'):
            del env[name]
    env.update({'GENESYSCLOUD_ACCEPTANCE': '1', 'GENESYSCLOUD_API_URL': emulator.base_url,
                'GENESYSCLOUD_OAUTHCLIENT_ID': 'emulator-client', 'GENESYSCLOUD_OAUTHCLIENT_SECRET': 'emulator-secret',
                'GENESYSCLOUD_ACCEPTANCE_PREFIX': prefix})
    return env


def prefixed(emulator, prefix):
    """Every live object in the emulator's whole store whose name starts with the prefix."""
    found = []

    def walk(value, where):
        if isinstance(value, dict):
            name = value.get('name')
            if isinstance(name, str) and name.startswith(prefix) and value.get('state') != 'deleted':
                found.append((where, name))
            for key, child in value.items():
                walk(child, where or key)
        elif isinstance(value, list):
            for child in value:
                walk(child, where)
    walk(emulator.state(), '')
    return found


def assert_no_secret(text):
    assert 'emulator-secret' not in text and 'emulator-client' not in text
    assert 'Bearer' not in text and 'Basic ' not in text
    assert TOKEN_SHAPE.findall(text) == []


def test_without_the_variable_make_acceptance_skips_with_one_line_and_exit_0():
    env = dict((name, value) for name, value in os.environ.items() if not name.startswith('GENESYSCLOUD_'))
    for command in (['acceptance'], ['acceptance-clean']):
        completed = subprocess.run(['make', '-s', '-C', str(ROOT)] + command, env=env, capture_output=True,
                                   text=True, timeout=600)
        assert completed.returncode == 0, completed.stderr
        lines = [line for line in completed.stdout.splitlines() if line.strip()]
        assert len(lines) == 1 and 'skipped' in lines[0] and 'GENESYSCLOUD_ACCEPTANCE=1' in lines[0], lines
    completed = subprocess.run(TOOL + ['run'], env=dict(env, GENESYSCLOUD_ACCEPTANCE='1'), capture_output=True,
                               text=True, timeout=60)
    assert completed.returncode == 0
    assert completed.stdout.splitlines() == [
        'acceptance: skipped (GENESYSCLOUD_ACCEPTANCE=1 but GENESYSCLOUD_OAUTHCLIENT_ID, '
        'GENESYSCLOUD_OAUTHCLIENT_SECRET, GENESYSCLOUD_REGION or GENESYSCLOUD_API_URL not set; docs/emulator.md)']


def test_a_whole_run_against_an_emulator_cleans_up_and_its_recording_replays_clean(emulator_factory, tmp_path):
    emulator = emulator_factory(seed='demo')
    before = emulator.api('GET', '/api/v2/routing/utilization').json()
    prefix = org.new_prefix()
    recording = tmp_path / 'recording.json'
    completed = subprocess.run(TOOL + ['run', '--record', str(recording)], env=acceptance_env(emulator, prefix),
                               capture_output=True, text=True, cwd=str(ROOT), timeout=1800)
    assert completed.returncode == 0, completed.stdout[-6000:] + completed.stderr[-3000:]
    assert ' passed' in completed.stdout and 'skipped' not in completed.stdout, completed.stdout[-2000:]
    assert prefixed(emulator, prefix) == []
    assert emulator.api('GET', '/api/v2/routing/utilization').json() == before
    assert not org.saved_utilization_path(prefix).exists()

    text = recording.read_text()
    assert_no_secret(text)
    assert prefix not in text and org.PREFIX_ROOT + 'RUN-' in text
    differences, replayed, skipped = fidelity.with_emulator(
        'demo', lambda url: fidelity.replay(read_recording(recording), url))
    assert (differences, skipped) == ([], 0) and replayed > 100


def test_a_run_killed_halfway_leaves_objects_that_make_acceptance_clean_removes(emulator_factory, tmp_path):
    emulator = emulator_factory(seed='demo')
    before = emulator.api('GET', '/api/v2/routing/utilization').json()
    prefix = org.new_prefix()
    env = acceptance_env(emulator, prefix)
    process = subprocess.Popen(TOOL + ['run'], env=env, cwd=str(ROOT), stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 300
        while not prefixed(emulator, prefix):
            assert process.poll() is None and time.monotonic() < deadline, 'the run created nothing before it ended'
            time.sleep(0.2)
    finally:
        os.killpg(process.pid, signal.SIGKILL)   # the run's own process group: pytest and its playbooks
        process.wait(timeout=30)
    assert prefixed(emulator, prefix), 'the killed run should have left its objects behind'
    assert org.saved_utilization_path(prefix).exists()

    completed = subprocess.run(['make', '-s', '-C', str(ROOT), 'acceptance-clean', 'ACCEPTANCE_PREFIX=' + prefix],
                               env=env, capture_output=True, text=True, timeout=600)
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert 'removed' in completed.stdout
    assert prefixed(emulator, prefix) == []
    assert not org.saved_utilization_path(prefix).exists()
    assert emulator.api('GET', '/api/v2/routing/utilization').json() == before


def test_the_kept_emulator_recording_replays_with_zero_differences_and_holds_no_secret():
    text = KEPT_RECORDING.read_text()
    assert_no_secret(text)
    recording = read_recording(KEPT_RECORDING)
    differences, replayed, _skipped = fidelity.with_emulator('demo', lambda url: fidelity.replay(recording, url))
    assert differences == [] and replayed == len(recording['exchanges'])


def first(recording, wanted):
    return next(index for index, exchange in enumerate(recording['exchanges']) if wanted(exchange))


def test_a_hand_edited_recording_reports_exactly_the_edits(tmp_path):
    recording = read_recording(KEPT_RECORDING)
    edited = copy.deepcopy(recording)
    renamed = first(edited, lambda exchange: exchange['method'] == 'GET' and isinstance(exchange['response'], dict)
                    and 'memberCount' in exchange['response'])
    response = edited['exchanges'][renamed]['response']
    response['memberTotal'] = response.pop('memberCount')
    restatused = first(edited, lambda exchange: exchange['method'] == 'GET' and exchange['status'] == 200
                       and exchange['path'] == '/api/v2/routing/utilization')
    edited['exchanges'][restatused]['status'] = 404
    path = tmp_path / 'edited.json'
    path.write_text(json.dumps(edited))

    completed = subprocess.run([sys.executable, str(ROOT / 'tools' / 'fidelity.py'), str(path),
                                '--json', str(tmp_path / 'report.json')], capture_output=True, text=True,
                               timeout=600)
    assert completed.returncode == 1, completed.stdout + completed.stderr
    differences = json.loads((tmp_path / 'report.json').read_text())['differences']
    assert sorted((item['exchange'], item['kind']) for item in differences) == sorted(
        [(renamed, 'keys'), (restatused, 'status')])
    by_kind = dict((item['kind'], item) for item in differences)
    assert by_kind['keys']['missing_in_emulator'] == ['memberTotal']
    assert by_kind['keys']['extra_in_emulator'] == ['memberCount']
    assert (by_kind['status']['recording'], by_kind['status']['emulator']) == (404, 200)
    assert completed.stdout.strip().endswith('2 differences')


def test_normalization_replaces_what_identifies_the_organization():
    from fidelity_recorder import normalize
    queue_id, division_id = '3b1f0c2e-9a7d-4c3e-8f21-5d6e7a8b9c0d', '11111111-2222-4333-8444-555555555555'
    token, secret = 'eyJhbGciOiJIUzI1NiJ9.real-token-value', 'client-secret-value'
    raw = [
        {'method': 'POST', 'target': '/oauth/token', 'content_type': 'application/x-www-form-urlencoded',
         'body': b'grant_type=client_credentials', 'status': 200,
         'response': json.dumps({'access_token': token, 'token_type': 'bearer', 'expires_in': 86400}).encode()},
        {'method': 'GET', 'target': '/api/v2/authorization/divisions?name=Acme+Billing', 'content_type': None,
         'body': b'', 'status': 200, 'response': json.dumps({'entities': [
             {'id': division_id, 'name': 'Acme Billing', 'dateModified': '2026-11-30T08:15:00.123Z'}]}).encode()},
        {'method': 'PUT', 'target': '/api/v2/routing/queues/' + queue_id, 'content_type': 'application/json',
         'body': json.dumps({'name': 'ansible-acc-12020630-beef-queue', 'division': {'id': division_id},
                             'callingPartyName': 'Acme Corp'}).encode(), 'status': 200,
         'response': json.dumps({'id': queue_id, 'name': 'ansible-acc-12020630-beef-queue',
                                 'callingPartyName': 'Acme Corp', 'modifiedBy': 'ada@acme.example.com',
                                 'selfUri': '/api/v2/routing/queues/' + queue_id,
                                 'credentials': {'basic': {'password': 'hunter22'}}}).encode()},
    ]
    recording = normalize(raw, 'ansible-acc-12020630-beef-', {token, secret})
    text = json.dumps(recording)
    for private in (token, secret, queue_id, division_id, 'Acme', 'ada@acme', '2026-11-30', 'hunter22', '12020630'):
        assert private not in text, private
    token_exchange, divisions, put = recording['exchanges']
    assert token_exchange['request'] == {'grant_type': 'client_credentials'}
    assert token_exchange['response'] == {'access_token': '<secret>', 'token_type': 'bearer', 'expires_in': 86400}
    assert divisions['query'] == [['name', 'org-name-1']]
    assert divisions['response']['entities'][0] == {'id': '00000000-0000-4000-8000-000000000001',
                                                    'name': 'org-name-1', 'dateModified': '2000-01-01T00:00:00.000Z'}
    assert put['path'] == '/api/v2/routing/queues/00000000-0000-4000-8000-000000000002'
    assert put['request']['name'] == put['response']['name'] == 'ansible-acc-RUN-queue'
    assert put['response']['modifiedBy'] == 'user1@example.invalid'
    assert put['response']['credentials'] == {'basic': {'password': '<secret>'}}
