"""The fault, kill and restart experiments of issue 9, on the demo's desired state.

Each experiment applies ``inventories/dev`` with ``playbooks/apply.yml`` to an emulator seeded
like the demo, disturbs the run, and then compares the org with the *reference*: the org a
fault-free apply leaves behind (``reference()``), which the drift playbook confirms is in sync
with the desired state. Comparing whole snapshots (``org.snapshot``) catches every kind of
damage at once: a lost or half-written field, a changed field the desired state does not
manage, and a duplicate object. Each function returns a dict of figures; the tests assert on
them and bench/soak_reliability.py prints them.
"""
import os
import random
import signal
import subprocess
import time

import yaml

from harness import org
from harness.runs import DESIRED_STATE, Outcome, run_playbook, start_playbook

ALL_FAULTS = ['500', '502', '503', '504', '429', 'reset', 'latency', 'lost_response']
# How a run gets interrupted: a crash or an OOM kill, a CI job cancelled, Ctrl-C at the terminal.
SIGNALS = (('SIGKILL', signal.SIGKILL), ('SIGTERM', signal.SIGTERM), ('SIGINT', signal.SIGINT))


class Reference:
    """The org after a fault-free apply of the demo's desired state, and what that apply cost."""

    def __init__(self, seed_snapshot, snapshot, calls, writes):
        self.seed_snapshot = seed_snapshot
        self.snapshot = snapshot
        self.calls = calls        # API calls of the fault-free apply (the range of kill points)
        self.writes = writes

    @property
    def changes(self):
        """What applying the desired state changes in the seeded org."""
        return org.differences(self.seed_snapshot, self.snapshot)


# Top-level queue keys each option of the desired state manages (genesys_queue, genesys_skill_rules).
QUEUE_KEYS = {'description': 'description', 'media_settings': 'mediaSettings', 'acw_settings': 'acwSettings',
              'member_groups': 'memberGroups', 'division': 'division', 'skill_evaluation_method':
              'skillEvaluationMethod', 'bullseye_rings': 'bullseye', 'preferred_agent_rules': 'routingRules',
              'conditional_group_routing': 'conditionalGroupRouting'}


def unmanaged_changes(seed_snapshot, snapshot, desired):
    """Changes the desired state does not ask for, judged independently of the modules: each changed
    object must be declared, and on a queue each changed key must be one its options manage."""
    queues = dict((item['name'], set(item)) for item in desired.get('routing_queues', []))
    for rules in desired.get('routing_skill_rules', []):
        queues.setdefault(rules['queue'], set()).update(rules)
    declared = {
        'skills': set(item['name'] for item in desired.get('routing_skills', [])),
        'skillgroups': set(item['name'] for item in desired.get('routing_skill_groups', [])),
        'integrations': set(item['name'] for item in desired.get('routing_webhooks', [])),
        'workbins': set(item['name'] for item in desired.get('routing_workbins', [])),
        'workitem_schemas': set(item['name'] for item in desired.get('routing_workitem_schemas', [])),
        'worktypes': set(item['name'] for item in desired.get('routing_worktypes', [])),
        'worktype_statuses': set(status['name'] for item in desired.get('routing_worktypes', [])
                                 for status in item.get('statuses') or []),
    }
    media = dict(((name if name != 'messaging' else 'message'), set(settings or {})) for name, settings in
                 ((desired.get('routing_utilization') or {}).get('media_types') or {}).items())
    found = []
    changed = []
    for path, before, after in org.changes(seed_snapshot, snapshot):
        if len(path) == 1 and before is org.MISSING and isinstance(after, dict):
            changed.extend(((path[0], label), before, item) for label, item in after.items())  # a new collection
        else:
            changed.append((path, before, after))
    for path, before, after in changed:
        collection, label = path[0], str(path[1]) if len(path) > 1 else ''
        name = label.split(':', 1)[-1]
        if collection == 'queues' and name in queues:
            options = queues[name]
            if len(path) == 2 and before is org.MISSING:
                continue  # a declared queue created
            if len(path) > 2 and path[2] in set(QUEUE_KEYS[option] for option in options if option in QUEUE_KEYS):
                continue
        elif collection in ('queue_members', 'queue_wrapupcodes') and name in queues:
            if ('members' if collection == 'queue_members' else 'wrapup_codes') in queues[name]:
                continue
        elif collection in declared and name in declared[collection]:
            continue
        elif collection == 'taskmanagement_versions' and declared['worktypes'] | declared['workitem_schemas']:
            # The platform's version history of a worktype or schema: a record of a write whose content is
            # judged above on the object itself (its key holds an id, not a name).
            continue
        elif collection == 'settings' and path[1:3] == ('utilization', 'utilization') and len(path) > 4:
            option = {'maximumCapacity': 'maximum_capacity', 'interruptableMediaTypes': 'interruptible_media_types',
                      'includeNonAcd': 'include_non_acd'}.get(path[4])
            if option in media.get(path[3], ()):
                continue
        found.append('/'.join(str(part) for part in path))
    return found


def reference(emulator, workdir):
    """Apply once without faults, check the drift playbook finds the org in sync, return a Reference."""
    emulator.reset()
    emulator.reset_stats()
    seed_snapshot = org.snapshot(emulator.state())
    applied = run_playbook('apply.yml', emulator.base_url, os.path.join(workdir, 'reference-apply'))
    if not applied.ok:
        raise AssertionError('the fault-free apply failed: %s' % (applied.failure_messages() or applied.stderr[-2000:]))
    stats = emulator.stats()
    drift = run_playbook('drift.yml', emulator.base_url, os.path.join(workdir, 'reference-drift'),
                         extra_vars={'routing_fail_on_drift': True})
    if not drift.ok:
        raise AssertionError('the org is not in sync after a fault-free apply: %s' % drift.failure_messages())
    state = emulator.state()
    if org.duplicates(state):
        raise AssertionError('the fault-free apply left duplicates: %s' % org.duplicates(state))
    snapshot = org.snapshot(state)
    unmanaged = unmanaged_changes(seed_snapshot, snapshot, desired_state())
    if unmanaged:
        raise AssertionError('the fault-free apply changed what the desired state does not manage: %s' % unmanaged)
    return Reference(seed_snapshot, snapshot, stats['total'], stats['writes'])


def desired_state():
    state = {}
    for path in sorted(DESIRED_STATE.glob('*.yml')):
        state.update(yaml.safe_load(path.read_text()) or {})
    return state


def judge(emulator, ref):
    """Compare the org now with the reference: (differences, duplicates)."""
    state = emulator.state()
    return org.differences(ref.snapshot, org.snapshot(state)), org.duplicates(state)


def converge_under_faults(emulator, ref, workdir, runs, probability=0.2, latency_ms=1000, max_attempts=5,
                          seed=0, consistency='strong'):
    """Apply the desired state `runs` times, each on a fresh org with `probability` of faults per call.

    A run that fails is re-run, faults still on, up to `max_attempts` (what a scheduled CI job
    does); every failure must be clean. The org is judged after the last attempt. `consistency`
    'eventual:<seconds>' also turns on the emulator's eventual-consistency lag (docs/emulator.md).
    """
    figures = {'runs': runs, 'fault_probability': probability, 'fault_kinds': ALL_FAULTS, 'consistency': consistency,
               'latency_spike_ms': latency_ms, 'converged_first_attempt': 0, 'converged_after_rerun': 0,
               'not_converged': 0, 'failed_attempts': 0, 'unclear_failures': [], 'faults_injected': 0,
               'api_calls': 0, 'runs_differing_from_desired': 0, 'differences': [], 'duplicates': [],
               'failure_messages': []}
    for number in range(runs):
        emulator.reset()
        emulator.reset_stats()
        emulator.set_faults({'probability': probability, 'kinds': ALL_FAULTS, 'latency_ms': latency_ms,
                             'seed': seed + number, 'consistency': consistency})
        converged_at = None
        for attempt in range(1, max_attempts + 1):
            outcome = run_playbook('apply.yml', emulator.base_url,
                                   os.path.join(workdir, 'run-%d-attempt-%d' % (number, attempt)))
            if outcome.ok:
                converged_at = attempt
                break
            figures['failed_attempts'] += 1
            figures['failure_messages'].extend(outcome.failure_messages())
            figures['unclear_failures'].extend('run %d attempt %d: %s' % (number, attempt, problem)
                                               for problem in outcome.unclear_failures())
        figures['faults_injected'] += emulator.faults()['injected']
        emulator.set_faults({})
        figures['api_calls'] += emulator.stats()['total']
        if converged_at == 1:
            figures['converged_first_attempt'] += 1
        elif converged_at:
            figures['converged_after_rerun'] += 1
        else:
            figures['not_converged'] += 1
        differences, duplicates = judge(emulator, ref)
        if converged_at and differences:
            figures['runs_differing_from_desired'] += 1
        if converged_at:
            figures['differences'].extend('run %d: %s' % (number, line) for line in differences)
        figures['duplicates'].extend(dict(item, run=number) for item in duplicates)
    return figures


def kill_during_apply(emulator, ref, workdir, trials, seed=0):
    """Interrupt ansible-playbook (SIGKILL, SIGTERM or SIGINT to its whole process group, modules
    included) after a random number of API calls of an apply, then run the apply again: it must
    converge with nothing lost or duplicated."""
    rng = random.Random(seed)
    figures = {'trials': trials, 'killed_mid_run': 0, 'finished_before_kill': 0, 'kill_points': [],
               'writes_before_kill': [], 'signals': dict((name, 0) for name, _number in SIGNALS),
               'next_run_failed': [], 'differences': [], 'duplicates': []}
    for number in range(trials):
        emulator.reset()
        emulator.reset_stats()
        kill_after = rng.randint(1, ref.calls)
        process = start_playbook('apply.yml', emulator.base_url, os.path.join(workdir, 'trial-%d-killed' % number))
        while process.poll() is None and emulator.stats()['total'] < kill_after:
            time.sleep(0.005)
        name, number = rng.choice(SIGNALS)
        if process.poll() is None:
            os.killpg(process.pid, number)
            figures['killed_mid_run'] += 1
            figures['signals'][name] += 1
        else:
            figures['finished_before_kill'] += 1
        try:
            process.communicate(timeout=120)
        except subprocess.TimeoutExpired:  # a run that ignored the signal is killed for good
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
        stats = emulator.stats()
        figures['kill_points'].append(stats['total'])
        figures['writes_before_kill'].append(stats['writes'])

        outcome = run_playbook('apply.yml', emulator.base_url, os.path.join(workdir, 'trial-%d-next' % number))
        if not outcome.ok:
            figures['next_run_failed'].append('trial %d: %s' % (number, outcome.failure_messages()
                                                                or outcome.stderr[-1000:]))
        differences, duplicates = judge(emulator, ref)
        figures['differences'].extend('trial %d: %s' % (number, line) for line in differences)
        figures['duplicates'].extend(dict(item, trial=number) for item in duplicates)
    return figures


def restart_during_apply(start_emulator, ref, workdir, trials, seed=0):
    """Crash the emulator (SIGKILL; its state file persists) after a random number of calls of an
    apply and start it again on the same port after a random outage. The run must recover or fail
    cleanly; the next run must converge with nothing lost or duplicated.

    `start_emulator(state=path, port=None)` starts an emulator and returns its handle.
    """
    rng = random.Random(seed)
    state_file = os.path.join(workdir, 'org-state.json')
    emulator = start_emulator(state=state_file, port=None)
    port = int(emulator.base_url.rsplit(':', 1)[1])
    figures = {'trials': trials, 'recovered': 0, 'failed_cleanly': 0, 'finished_before_restart': 0,
               'unclear_failures': [], 'restart_points': [], 'downtimes_s': [], 'next_run_failed': [],
               'differences': [], 'duplicates': [], 'failure_messages': []}
    try:
        for number in range(trials):
            emulator.reset()
            emulator.reset_stats()
            restart_after = rng.randint(1, ref.calls)
            # Mostly short outages, which the client's retries ride out; sometimes one longer than
            # its whole retry budget (about 8-15 s), which must end the run cleanly.
            downtime = round(rng.uniform(0.2, 3.0) if rng.random() < 0.7 else rng.uniform(20.0, 25.0), 2)
            process = start_playbook('apply.yml', emulator.base_url,
                                     os.path.join(workdir, 'trial-%d-restarted' % number))
            while process.poll() is None and emulator.stats()['total'] < restart_after:
                time.sleep(0.005)
            restarted = process.poll() is None
            if restarted:
                figures['restart_points'].append(emulator.stats()['total'])
                figures['downtimes_s'].append(downtime)
                emulator.kill()
                time.sleep(downtime)  # the outage itself, not a wait for a result
                emulator = start_emulator(state=state_file, port=port)
            stdout, stderr = process.communicate()
            outcome = Outcome(process.returncode, stdout, stderr)
            if not restarted:
                figures['finished_before_restart'] += 1
            elif outcome.ok:
                figures['recovered'] += 1
            else:
                problems = outcome.unclear_failures()
                figures['failed_cleanly'] += 0 if problems else 1
                figures['failure_messages'].extend(outcome.failure_messages())
                figures['unclear_failures'].extend('trial %d: %s' % (number, problem) for problem in problems)
            if not outcome.ok:
                again = run_playbook('apply.yml', emulator.base_url, os.path.join(workdir, 'trial-%d-next' % number))
                if not again.ok:
                    figures['next_run_failed'].append('trial %d: %s' % (number, again.failure_messages()))
            differences, duplicates = judge(emulator, ref)
            figures['differences'].extend('trial %d: %s' % (number, line) for line in differences)
            figures['duplicates'].extend(dict(item, trial=number) for item in duplicates)
    finally:
        emulator.stop()
    return figures
