"""Concurrent writers: how many updates are lost, with genesys_queue and with a naive client.

The platform's queue PUT is a full replacement, last writer wins, with no ETag or version
(reference §2). A writer that PUTs a body built from an older read silently undoes whatever
changed since. genesys_queue re-reads just before its PUT and re-merges its own fields onto a
copy that moved (compare-before-write); the naive baseline (tests/reliability/library/
genesys_queue_naive.py: the same module code without that step) PUTs what it planned from its
first read. Two experiments measure the difference:

``edit_windows``      deterministic: a hand edit is made through the API at every boundary
                      between two calls of one apply, in turn; the boundaries where the edit is
                      lost *are* the lost-update window, counted in calls.
``concurrent_trials`` statistical: two real ``ansible-playbook`` applies managing different
                      fields of the same queues run at the same time while a colleague edits a
                      third field through the API; the emulator's audit events say which write
                      undid which update.

A lost update is a write by someone who does not manage a field that changes that field: the
writer carried a stale value in its full-replacement body.
"""
import importlib.util
import json
import os
import random
import subprocess
import threading
import time
from pathlib import Path

import yaml

from ansible_collections.genesyscloud.routing.plugins.module_utils.client import GenesysClient
from ansible_collections.genesyscloud.routing.plugins.module_utils.platform_quirks import strip_server_filled
from ansible_collections.genesyscloud.routing.plugins.module_utils.queues import QueueService, ensure_queues
from ansible_collections.genesyscloud.routing.plugins.module_utils.resolver import Resolver

from harness.runs import BIN, DESIRED_STATE, ROOT

LIBRARY = ROOT / 'tests' / 'reliability' / 'library'
QUEUES = '/api/v2/routing/queues'
PUT_QUEUE = 'PUT /api/v2/routing/queues/{queueId}'
# The queues of the demo's desired state that the seed already has (so both writers update them).
CONTESTED = ('Sales', 'Support', 'VIP')
WRITERS = {'A': ('writer-a', 'writer-a-secret'), 'B': ('writer-b', 'writer-b-secret')}
EDITOR = ('emulator-client', 'emulator-secret')
EXTRA_CLIENTS = ['%s:%s' % client for client in WRITERS.values()]
# genesys_queue's verification: its own field was undone right after its write (a lost update it
# caught, the run fails), or another field moved right after it (someone else's edit: a warning).
OWN_UPDATE_UNDONE = 'after the update the platform holds different values'
EDITED_RIGHT_AFTER = 'was changed again right after this update'


def _naive_service_class():
    spec = importlib.util.spec_from_file_location('genesys_queue_naive', str(LIBRARY / 'genesys_queue_naive.py'))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.NaiveQueueService


def demo_queue_specs(names=CONTESTED):
    """The demo's desired state of these queues (genesys_queue options)."""
    queues = yaml.safe_load((DESIRED_STATE / 'queues.yml').read_text())['routing_queues']
    by_name = dict((queue['name'], queue) for queue in queues)
    return [dict(by_name[name]) for name in names]


def writer_specs(role, trial):
    """What writer A (descriptions) or B (alerting timeouts) applies in a trial: the demo's queues
    with one field of their own per queue, every other option as the demo has it."""
    specs = []
    for index, spec in enumerate(demo_queue_specs()):
        spec = dict(spec)
        media = spec.pop('media_settings', None)
        if role == 'A':
            spec['description'] = 'A%d %s' % (trial, spec['name'])
        else:
            call = dict((media or {}).get('call') or {})
            call['alerting_timeout_seconds'] = 7 + (trial * 3 + index) % 60
            spec = {'name': spec['name'], 'media_settings': {'call': call}}
        specs.append(spec)
    return specs


# ---------------------------------------------------------------------------------------------
# Deterministic: the window, in calls

class HookedClient(GenesysClient):
    """A GenesysClient that records each call and runs `hook(index)` just before it is sent."""

    def __init__(self, *args, **kwargs):
        self.hook = kwargs.pop('hook', None)
        self.calls = []
        super(HookedClient, self).__init__(*args, **kwargs)

    def request(self, method, path, *args, **kwargs):
        index = len(self.calls)
        self.calls.append(self.operation_for(method, path))
        if self.hook:
            self.hook(index)
        return super(HookedClient, self).request(method, path, *args, **kwargs)


def hand_edit(emulator, queue_id, value):
    """What a colleague's save in the admin UI does: GET the queue, change one field, PUT it."""
    path = '%s/%s' % (QUEUES, queue_id)
    queue = emulator.api('GET', path).json()
    queue['callingPartyName'] = value
    # Like any writer (the admin UI included), it leaves out what the platform fills in by itself.
    response = emulator.api('PUT', path, json=strip_server_filled(queue))
    response.raise_for_status()


def queue_ids(emulator):
    return dict((queue['name'], queue['id']) for queue in emulator.state()['queues'].values())


def edit_windows(emulator, naive, specs, edited, bulk):
    """Make a hand edit of queue `edited` before each call of one apply of `specs`, one run per
    boundary, and report where the edit was lost. `naive` selects the baseline writer."""
    service_class = _naive_service_class() if naive else QueueService
    token = emulator.token()

    def apply(hook):
        client = HookedClient(emulator.base_url, emulator.base_url, access_token=token,
                              requests_per_minute=100000, hook=hook)
        service = service_class(client, Resolver(client))
        _results, failures = ensure_queues(service, [dict(spec, delete_timeout=60) for spec in specs], False,
                                           workers=1, sweep=bulk)
        return client.calls, [str(error) for _name, error in failures]

    emulator.reset()
    operations, _failures = apply(None)
    rows = []
    for boundary in range(len(operations) + 1):
        emulator.reset()
        target = queue_ids(emulator)[edited]
        value = 'Hand edit at boundary %d' % boundary

        def hook(index, boundary=boundary, target=target, value=value):
            if index == boundary:
                hand_edit(emulator, target, value)

        calls, failures = apply(hook)
        if boundary >= len(calls):
            hand_edit(emulator, target, value)  # after the apply's last call
        final = emulator.api('GET', '%s/%s' % (QUEUES, target)).json()
        written = [spec for spec in specs if spec['name'] == edited]
        rows.append({
            'boundary': boundary,
            'before_call': calls[boundary] if boundary < len(calls) else '(after the last call)',
            'edit_lost': final.get('callingPartyName') != value,
            'own_value_held': not written or final.get('description') == written[0].get('description'),
            'failures': failures,
        })
    return {'writer': 'naive' if naive else 'genesys_queue', 'bulk': bulk, 'edited_queue': edited,
            'calls': operations, 'boundaries': len(rows), 'rows': rows,
            'lost_at': [row['boundary'] for row in rows if row['edit_lost']]}


# ---------------------------------------------------------------------------------------------
# Statistical: two real applies and a colleague, many trials

def _playbook(path, module, specs, client, api_url, cache_dir):
    play = [{'name': 'writer', 'hosts': 'localhost', 'gather_facts': False, 'tasks': [{
        'name': 'apply', module: {'queues': specs, 'client_id': client[0], 'client_secret': client[1],
                                  'api_url': api_url, 'token_cache_dir': str(cache_dir)}}]}]
    Path(path).write_text(yaml.safe_dump(play, sort_keys=False))


def _writer_env():
    env = dict(os.environ)
    env.update({'ANSIBLE_COLLECTIONS_PATH': str(ROOT / '.build' / 'collections'),
                'ANSIBLE_CONFIG': str(ROOT / 'ansible.cfg'), 'ANSIBLE_LIBRARY': str(LIBRARY),
                'ANSIBLE_NOCOLOR': '1', 'ANSIBLE_LOCALHOST_WARNING': 'false',
                'ANSIBLE_INVENTORY_UNPARSED_WARNING': 'false', 'ANSIBLE_STDOUT_CALLBACK': 'results_json',
                'ANSIBLE_CALLBACK_PLUGINS': str(ROOT / 'tests' / 'integration' / 'callback_plugins')})
    return env


class Colleague(threading.Thread):
    """Edits callingPartyName of random contested queues through the API until stopped."""

    def __init__(self, emulator, ids, trial, rng):
        super(Colleague, self).__init__(daemon=True)
        self.emulator = emulator
        self.ids = ids
        self.trial = trial
        self.rng = rng
        self.stop = threading.Event()
        self.edits = 0
        self.errors = []

    def run(self):
        while not self.stop.wait(self.rng.uniform(0.02, 0.25)):
            name = self.rng.choice(CONTESTED)
            try:
                hand_edit(self.emulator, self.ids[name], 'C%d edit %d' % (self.trial, self.edits))
                self.edits += 1
            except Exception as error:  # reported in the figures; the experiment goes on
                self.errors.append(str(error))


def _field_values(change):
    """{watched field: value} that one audit property change sets (new) and replaces (old)."""
    def parse(key, values):
        text = values[0] if values else None
        if key == 'mediaSettings':
            try:
                return {'alerting_timeout_seconds': ((json.loads(text) or {}).get('call') or {})
                        .get('alertingTimeoutSeconds')}
            except (TypeError, ValueError):
                return {'alerting_timeout_seconds': None}
        return {WATCHED_KEYS[key]: text}
    key = change['property']
    if key not in WATCHED_KEYS:
        return {}, {}
    return parse(key, change.get('oldValues')), parse(key, change.get('newValues'))


# API key -> the watched field it holds, and who manages each field.
WATCHED_KEYS = {'description': 'description', 'mediaSettings': 'alerting_timeout_seconds',
                'callingPartyName': 'calling_party_name'}
OWNERS = {'description': WRITERS['A'][0], 'alerting_timeout_seconds': WRITERS['B'][0],
          'calling_party_name': EDITOR[0]}


def count_lost_updates(events):
    """From the queue audit events of a trial: ({client: updates made}, {culprit client: updates undone})."""
    made = {}
    lost = {}
    for event in events:
        body = event.get('eventBody') or event
        client = (body.get('clientId') or {}).get('id')
        for change in body.get('propertyChanges') or []:
            old, new = _field_values(change)
            for field, value in new.items():
                if old.get(field) == value:
                    continue  # this part of the key did not change
                if OWNERS[field] == client:
                    made[client] = made.get(client, 0) + 1
                else:
                    lost[client] = lost.get(client, 0) + 1
    return made, lost


def concurrent_trials(emulator, workdir, trials, naive, seed=0):
    """`trials` rounds of: writer A and writer B apply at the same time (genesys_queue, or the naive
    baseline), while a colleague edits the same queues through the API. Returns the figures."""
    rng = random.Random(seed)
    module = 'genesys_queue_naive' if naive else 'genesyscloud.routing.genesys_queue'
    figures = {'writer': 'naive GET-then-PUT' if naive else 'genesys_queue', 'trials': trials,
               'updates_by_applies': 0, 'updates_by_colleague': 0, 'lost_by_applies': 0, 'lost_by_colleague': 0,
               'trials_with_a_loss_by_applies': 0, 'apply_runs': 0, 'apply_runs_failed': 0,
               'failures_own_update_undone': 0, 'warnings_edited_right_after': 0, 'failure_messages': [],
               'crashes': [], 'colleague_errors': []}
    env = _writer_env()
    os.makedirs(workdir, exist_ok=True)
    for trial in range(trials):
        emulator.reset()
        ids = queue_ids(emulator)
        processes = []
        for role in ('A', 'B'):
            path = os.path.join(workdir, 'trial-%d-%s.yml' % (trial, role))
            _playbook(path, module, writer_specs(role, trial), WRITERS[role], emulator.base_url,
                      os.path.join(workdir, 'tokens-%s' % role))
            processes.append(subprocess.Popen([str(BIN / 'ansible-playbook'), path], cwd=str(workdir), env=env,
                                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
            time.sleep(rng.uniform(0, 0.3))  # the two applies start a little apart, like two CI jobs
        colleague = Colleague(emulator, ids, trial, rng)
        colleague.start()
        outputs = [process.communicate() for process in processes]
        colleague.stop.set()
        colleague.join()
        figures['colleague_errors'].extend(colleague.errors)
        for process, (stdout, stderr) in zip(processes, outputs):
            figures['apply_runs'] += 1
            if 'Traceback' in stdout + stderr or 'MODULE FAILURE' in stdout + stderr:
                figures['crashes'].append((stdout + stderr)[-1500:])
            failure, warnings = _outcome(stdout, stderr)
            figures['warnings_edited_right_after'] += sum(EDITED_RIGHT_AFTER in warning for warning in warnings)
            if process.returncode:
                figures['apply_runs_failed'] += 1
                figures['failure_messages'].append(failure)
                if OWN_UPDATE_UNDONE in failure:
                    figures['failures_own_update_undone'] += 1
        made, lost = count_lost_updates(requests_events(emulator))
        by_applies = sum(count for client, count in lost.items() if client != EDITOR[0])
        figures['updates_by_applies'] += sum(count for client, count in made.items() if client != EDITOR[0])
        figures['updates_by_colleague'] += made.get(EDITOR[0], 0)
        figures['lost_by_applies'] += by_applies
        figures['lost_by_colleague'] += lost.get(EDITOR[0], 0)
        figures['trials_with_a_loss_by_applies'] += 1 if by_applies else 0
    updates = figures['updates_by_applies'] + figures['updates_by_colleague']
    figures['updates'] = updates
    # Every update, whoever made it, is at risk of being undone by a stale full-body PUT.
    figures['lost_per_100_updates_by_applies'] = round(100.0 * figures['lost_by_applies'] / updates, 2) \
        if updates else None
    return figures


def requests_events(emulator):
    import requests
    response = requests.get(emulator.base_url + '/__emulator/events', params={'entityType': 'Queue'}, timeout=30)
    response.raise_for_status()
    data = response.json()
    return data.get('entities', data) if isinstance(data, dict) else data


def _outcome(stdout, stderr):
    """(the failure message or None, the warnings) of one writer's ansible-playbook run."""
    try:
        output = json.loads(stdout)
    except ValueError:
        return (stderr or stdout)[-500:], []
    failure, warnings = None, []
    for play in output.get('plays', []):
        for task in play.get('tasks', []):
            for result in task.get('hosts', {}).values():
                warnings.extend(result.get('warnings') or [])
                if result.get('failed') and failure is None:
                    failure = str(result.get('msg'))[:500]
    return failure or (stderr or stdout)[-500:], warnings


# ---------------------------------------------------------------------------------------------
# Two writers, nobody else (issue 14): both must end with their changes in place, or fail

def two_writer_specs(role, round_index, names):
    """Writer A sets every queue's description, writer B every queue's call alerting timeout."""
    if role == 'A':
        return [{'name': name, 'description': 'A%d %s' % (round_index, name)} for name in names]
    return [{'name': name, 'media_settings': {'call': {'alerting_timeout_seconds': two_writer_timeout(round_index,
                                                                                                         index)}}}
            for index, name in enumerate(names)]


def two_writer_timeout(round_index, index):
    return 8 + (round_index * 7 + index) % 50


def two_writers(emulator, workdir, rounds, naive=False):
    """`rounds` rounds of: writer A and writer B apply every queue of the seed at the same moment, each
    with its own OAuth client; then the org says whether each writer's values are in place.

    Returns one row per round and writer: its exit code, how many of its values are missing at the
    end (a lost update), how often it repaired a lost update, and its failure message.
    """
    module = 'genesys_queue_naive' if naive else 'genesyscloud.routing.genesys_queue'
    env = _writer_env()
    os.makedirs(workdir, exist_ok=True)
    rows = []
    for round_index in range(rounds):
        emulator.reset()
        ids = queue_ids(emulator)
        names = sorted(ids)
        processes = {}
        for role in ('A', 'B'):
            path = os.path.join(workdir, 'round-%d-%s.yml' % (round_index, role))
            _playbook(path, module, two_writer_specs(role, round_index, names), WRITERS[role], emulator.base_url,
                      os.path.join(workdir, 'tokens-%s' % role))
            processes[role] = subprocess.Popen([str(BIN / 'ansible-playbook'), path], cwd=str(workdir), env=env,
                                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        outputs = dict((role, process.communicate()) for role, process in processes.items())
        final = dict((queue['name'], queue) for queue in emulator.state()['queues'].values())
        for role in ('A', 'B'):
            stdout, stderr = outputs[role]
            failure, warnings = _outcome(stdout, stderr)
            if role == 'A':
                missing = [name for name in names if final[name].get('description') != 'A%d %s' % (round_index, name)]
            else:
                missing = [name for index, name in enumerate(names)
                           if ((final[name].get('mediaSettings') or {}).get('call') or {}).get('alertingTimeoutSeconds')
                           != two_writer_timeout(round_index, index)]
            rc = processes[role].returncode
            rows.append({'round': round_index, 'writer': role, 'rc': rc, 'missing': missing,
                         'repairs': sum('another writer undid this update' in warning for warning in warnings),
                         'crashed': 'Traceback' in stdout + stderr or 'MODULE FAILURE' in stdout + stderr,
                         'failure': failure if rc else None})
    return rows


def silent_losses(rows):
    """Rows where a writer ended with rc=0 while some of its values are not in place: never allowed."""
    return [row for row in rows if row['rc'] == 0 and row['missing']]
