"""The long versions of the reliability experiments of issue 9 (``make soak``).

The short versions run in ``make test`` (tests/reliability, tests/unit/test_hostile_*.py); this
runs the same harness (tests/reliability/harness) with the counts the issue asks for and prints
the figures, one JSON document per experiment. Each is also written to .build/soak/<name>.json
with the command, date and machine; docs/reliability.md quotes them.

  .venv/bin/python bench/soak_reliability.py                  # everything, issue's counts
  .venv/bin/python bench/soak_reliability.py faults --runs 10
  .venv/bin/python bench/soak_reliability.py faults --runs 10 --consistency eventual:2
  .venv/bin/python bench/soak_reliability.py faults --runs 10 --token-pool-size 4
  .venv/bin/python bench/soak_reliability.py kill --trials 20
  .venv/bin/python bench/soak_reliability.py restart --trials 10
  .venv/bin/python bench/soak_reliability.py concurrent --trials 100
  .venv/bin/python bench/soak_reliability.py two-writers --trials 3
  .venv/bin/python bench/soak_reliability.py hostile --scale 10
  .venv/bin/python bench/soak_reliability.py secrets
"""
import argparse
import datetime
import importlib.util
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / 'tests' / 'reliability'), str(ROOT / '.build' / 'collections')]

from harness import concurrency, scenarios, secrets  # noqa: E402

OUT = ROOT / '.build' / 'soak'
DEFAULTS = {'faults': 10, 'kill': 20, 'restart': 10, 'concurrent': 100, 'hostile': 10, 'two-writers': 3}


def start_emulator(**options):
    """tests/conftest.py's start_emulator (the one the tests use), loaded by path."""
    spec = importlib.util.spec_from_file_location('tests_conftest', str(ROOT / 'tests' / 'conftest.py'))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.start_emulator(**options)


class Emulators:
    """Starts emulators and stops every one of them at the end."""

    def __init__(self):
        self.started = []

    def start(self, **options):
        emulator = start_emulator(**options)
        self.started.append(emulator)
        return emulator

    def stop(self):
        for emulator in self.started:
            emulator.stop()


def with_reference(emulators, workdir):
    emulator = emulators.start(seed='demo')
    return emulator, scenarios.reference(emulator, os.path.join(workdir, 'reference'))


def run_faults(count, workdir, emulators, consistency='strong'):
    emulator, ref = with_reference(emulators, workdir)
    figures = scenarios.converge_under_faults(emulator, ref, workdir, runs=count, seed=1000,
                                              consistency=consistency)
    figures['reference_api_calls'] = ref.calls
    return figures


def run_kill(count, workdir, emulators):
    emulator, ref = with_reference(emulators, workdir)
    figures = scenarios.kill_during_apply(emulator, ref, workdir, trials=count, seed=2000)
    figures['reference_api_calls'] = ref.calls
    return figures


def run_restart(count, workdir, emulators):
    _emulator, ref = with_reference(emulators, workdir)

    def start(state, port=None):
        return emulators.start(seed='demo', state=state, extra_args=['--port', str(port)] if port else [])

    return scenarios.restart_during_apply(start, ref, workdir, trials=count, seed=3000)


def run_concurrent(count, workdir, emulators):
    org = emulators.start(seed='demo', clients=concurrency.EXTRA_CLIENTS, latency_ms=20)
    figures = {'emulator_latency_ms': 20}
    for naive in (False, True):
        key = 'naive' if naive else 'genesys_queue'
        figures[key] = concurrency.concurrent_trials(org, os.path.join(workdir, key), trials=count, naive=naive,
                                                     seed=4000)
        figures[key]['failure_messages'] = sorted(set(figures[key]['failure_messages']))
    ours, naive = figures['genesys_queue']['lost_by_applies'], figures['naive']['lost_by_applies']
    figures['lost_updates_by_applies'] = {'genesys_queue': ours, 'naive': naive}
    figures['reduction'] = None if not naive else round(1 - float(ours) / naive, 3)
    windows = {}
    org.reset()
    for bulk in (False, True):
        specs = concurrency.writer_specs('A', 1)[:None if bulk else 1]
        edited = 'Support' if bulk else 'Sales'
        for naive in (False, True):
            result = concurrency.edit_windows(org, naive, specs, edited, bulk)
            windows['%s, %s' % ('bulk' if bulk else 'one queue', result['writer'])] = {
                'calls': len(result['calls']), 'window_in_calls': len(result['lost_at']),
                'lost_before': [result['rows'][index]['before_call'] for index in result['lost_at']]}
    figures['edit_windows'] = windows
    return figures


def run_two_writers(rounds, workdir, emulators):
    """Issue 14: two runs update all 10 queues at once (A descriptions, B call alerting timeouts)."""
    figures = {}
    for latency in (150, 0):
        org = emulators.start(seed='demo', clients=concurrency.EXTRA_CLIENTS, latency_ms=latency)
        for naive in (False, True):
            key = '%s, latency %d ms' % ('naive GET-then-PUT' if naive else 'genesys_queue', latency)
            rows = concurrency.two_writers(org, os.path.join(workdir, key.replace(' ', '_')), rounds, naive=naive)
            figures[key] = {
                'runs': len(rows), 'runs_failed': sum(1 for row in rows if row['rc']),
                'runs_rc0_with_a_lost_update': len(concurrency.silent_losses(rows)),
                'values_lost_at_the_end': sum(len(row['missing']) for row in rows),
                'repairs': sum(row['repairs'] for row in rows), 'crashes': sum(1 for row in rows if row['crashed']),
                'rows': [dict(row, missing=len(row['missing'])) for row in rows]}
    return figures


def run_hostile(scale, workdir, emulators):
    counts = Path(workdir) / 'hostile-counts.jsonl'
    env = dict(os.environ, HOSTILE_SCALE=str(scale), HOSTILE_COUNTS_FILE=str(counts))
    started = time.monotonic()
    completed = subprocess.run([sys.executable, '-m', 'pytest', '-q', '-p', 'no:cacheprovider',
                                'tests/unit/test_hostile_module_args.py', 'tests/unit/test_hostile_state_files.py',
                                'tests/unit/test_hostile_emulator_requests.py'],
                               cwd=str(ROOT), env=env, capture_output=True, text=True)
    lines = [json.loads(line) for line in counts.read_text().splitlines()] if counts.exists() else []
    return {'scale': scale, 'pytest_exit_status': completed.returncode,
            'pytest_summary': completed.stdout.strip().splitlines()[-1:] or completed.stderr[-500:],
            'cases_by_property': dict((line['property'], line['cases']) for line in lines),
            'cases_total': sum(line['cases'] for line in lines), 'seconds': round(time.monotonic() - started)}


def run_secrets(_count, workdir, _emulators):
    secret = secrets.recognisable_secret()
    run = secrets.run_demo(workdir, secrets.PROBE_CLIENT_ID, secret)
    return secrets.scan(run, secrets.PROBE_CLIENT_ID, secret)


EXPERIMENTS = {'faults': run_faults, 'kill': run_kill, 'restart': run_restart, 'concurrent': run_concurrent,
               'hostile': run_hostile, 'secrets': run_secrets, 'two-writers': run_two_writers}


def machine():
    cpus = os.cpu_count()
    return '%s, %s CPU(s), Python %s' % (platform.platform(), cpus, platform.python_version())


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('experiment', nargs='?', default='all', choices=['all'] + sorted(EXPERIMENTS))
    parser.add_argument('--runs', '--trials', '--scale', dest='count', type=int,
                        help='runs, trials or example scale (default: the issue\'s counts)')
    parser.add_argument('--consistency', default='strong',
                        help='faults only: the emulator\'s consistency, "strong" or "eventual[:seconds]"')
    parser.add_argument('--token-pool-size', type=int, default=None,
                        help='OAuth tokens each run may use (GENESYSCLOUD_TOKEN_POOL_SIZE; default: one)')
    args = parser.parse_args(argv)
    if args.token_pool_size:
        os.environ['GENESYSCLOUD_TOKEN_POOL_SIZE'] = str(args.token_pool_size)  # the playbooks inherit it
    names = sorted(EXPERIMENTS) if args.experiment == 'all' else [args.experiment]
    OUT.mkdir(parents=True, exist_ok=True)
    failed = False
    for name in names:
        count = args.count or DEFAULTS.get(name, 1)
        command = 'bench/soak_reliability.py %s%s' % (name, '' if name == 'secrets' else ' --%s %d' % (
            {'faults': 'runs', 'hostile': 'scale'}.get(name, 'trials'), count))
        eventual = name == 'faults' and args.consistency != 'strong'
        if eventual:
            command += ' --consistency %s' % args.consistency
        pooled = '-pool%d' % args.token_pool_size if args.token_pool_size else ''
        if pooled:
            command += ' --token-pool-size %d' % args.token_pool_size
        emulators = Emulators()
        started = time.monotonic()
        workdir = tempfile.mkdtemp(prefix='soak-%s-' % name)
        try:
            figures = EXPERIMENTS[name](count, workdir, emulators, args.consistency) if eventual else \
                EXPERIMENTS[name](count, workdir, emulators)
        finally:
            emulators.stop()
        record = {'experiment': name, 'command': '.venv/bin/python ' + command,
                  'date': datetime.datetime.now().strftime('%Y-%m-%d %H:%M'), 'machine': machine(),
                  'seconds': round(time.monotonic() - started), 'figures': figures}
        (OUT / ('%s%s%s.json' % (name, '-eventual' if eventual else '', pooled))).write_text(json.dumps(record, indent=1, sort_keys=True))
        print(json.dumps(record, sort_keys=True), flush=True)
        failed = failed or not acceptable(name, figures)
    return 1 if failed else 0


def acceptable(name, figures):
    """Whether the figures keep the issue's promises (the exit status of `make soak`)."""
    if name in ('faults', 'kill', 'restart'):
        return not (figures['differences'] or figures['duplicates'] or figures.get('unclear_failures')
                    or figures.get('next_run_failed') or figures.get('not_converged'))
    if name == 'concurrent':
        return not any(figures[key]['crashes'] for key in ('genesys_queue', 'naive'))
    if name == 'hostile':
        return figures['pytest_exit_status'] == 0
    if name == 'two-writers':
        return not any(value['runs_rc0_with_a_lost_update'] or value['crashes']
                       for key, value in figures.items() if key.startswith('genesys_queue'))
    if name == 'secrets':
        return figures['demo_exit_status'] == 0 and not figures['leaks'] and figures['tokens_in_cache'] > 0
    return True


if __name__ == '__main__':
    sys.exit(main())
