"""Benchmarks of genesyscloud.routing against the local emulator (figures, not tests).

Each scenario starts its own emulator, seeds it, runs real `ansible-playbook` (or the client),
reads the emulator's call counters from /__emulator/stats and prints one JSON line of
figures. docs/benchmarks.md records the results with the exact commands.

  .venv/bin/python bench/bench.py noop-check --queues 1000
  .venv/bin/python bench/bench.py apply --queues 1000 --rate-limit 300
  .venv/bin/python bench/bench.py apply --queues 1000 --rate-limit 300 --token-pool-size 4
  .venv/bin/python bench/bench.py apply --queues 1000
  .venv/bin/python bench/bench.py loop-baseline --queues 100
  .venv/bin/python bench/bench.py memory --queues 10000
  .venv/bin/python bench/bench.py emulator-rate --seconds 10
  .venv/bin/python bench/bench.py role-noop-check --queues 1000 [--export-format yaml]
  .venv/bin/python bench/bench.py members-check --queues 1000 --token-pool-size 10
  .venv/bin/python bench/bench.py members-check --queues 1000 --token-pool-size 1
  .venv/bin/python bench/bench.py members-export --queues 1000 --token-pool-size 10
"""
import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests
import yaml

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT / '.build' / 'collections'))

from ansible_collections.genesyscloud.routing.plugins.module_utils import fieldmap  # noqa: E402
from ansible_collections.genesyscloud.routing.plugins.module_utils import queue_facts  # noqa: E402
from ansible_collections.genesyscloud.routing.plugins.module_utils.membership import ReadPlan, member_pages  # noqa: E402
from ansible_collections.genesyscloud.routing.plugins.module_utils.client import (  # noqa: E402
    GenesysClient, resolve_endpoints,
)
from ansible_collections.genesyscloud.routing.plugins.module_utils.queue_fields import QUEUE_SETTINGS  # noqa: E402
from ansible_collections.genesyscloud.routing.plugins.module_utils.resolver import Resolver  # noqa: E402
from ansible_collections.genesyscloud.routing.plugins.module_utils.skill_rule_fields import rules_from_api  # noqa: E402

CLIENT = ('emulator-client', 'emulator-secret')
# A limit this high is no limit for these runs: the client follows the advertised budget, so the
# emulator and the client's concurrency set the pace (the "without a rate limit" figure).
UNLIMITED = 100000


class Emulator:
    def __init__(self, seed, rate_limit=None):
        command = [str(BIN / 'genesys-emulator'), '--port', '0', '--seed', seed]
        if rate_limit:
            command += ['--rate-limit', str(rate_limit)]
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        line = self.process.stdout.readline()
        if 'serving' not in line:
            raise SystemExit('emulator did not start: %r' % line)
        self.base_url = line.split()[-1]

    def stats(self):
        return requests.get(self.base_url + '/__emulator/stats', timeout=30).json()

    def reset_stats(self):
        requests.delete(self.base_url + '/__emulator/stats', timeout=30)

    def limit_rate(self, per_token):
        requests.put(self.base_url + '/__emulator/rate-limits', json={'limit': per_token}, timeout=30).raise_for_status()

    def client(self, cache_dir):
        api_url, login_url = resolve_endpoints(api_url=self.base_url)
        return GenesysClient(api_url, login_url, client_id=CLIENT[0], client_secret=CLIENT[1],
                             token_cache_dir=cache_dir, requests_per_minute=100000)

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)


def export_queues(emulator, cache_dir, with_rules=False):
    """The desired state of every queue in genesys_queue's option shape (names, not ids);
    with_rules: also (specs, rule config) with the rules in genesys_skill_rules' config shape."""
    client = emulator.client(cache_dir)
    resolver = Resolver(client)
    queues = client.list_all('/api/v2/routing/queues')
    specs = []
    rules = []
    for queue in queues:
        spec = fieldmap.from_api(QUEUE_SETTINGS, queue, resolver)
        spec['name'] = queue['name']
        spec['division'] = resolver.name_of('division', queue['division']['id'])
        specs.append(spec)
        rules.append(dict(rules_from_api(queue, resolver), queue=queue['name']))
    return (specs, rules) if with_rules else specs


def run_playbook(emulator, tasks, workdir, check=False, extra_env=None, desired=None):
    """Run one play on localhost; returns (seconds, returncode, output text, peak RSS of children in MiB).

    `desired` (a dict of variables) is written as a JSON vars file, the way a large desired state
    should be kept: ansible-core 2.19 loads a 1.3 MB YAML vars file of 1,000 queues in about 3 s,
    once per task, and the same data as JSON in a fraction of that.
    """
    play = {'name': 'bench', 'hosts': 'localhost', 'gather_facts': False, 'tasks': tasks}
    if desired is not None:
        vars_path = Path(workdir) / 'desired.json'
        vars_path.write_text(json.dumps(desired))
        play['vars_files'] = [str(vars_path)]
    path = Path(workdir) / 'bench.yml'
    path.write_text(yaml.safe_dump([play], sort_keys=False))
    return run_ansible(emulator, [str(path)] + (['--check'] if check else []), workdir, extra_env)


def run_ansible(emulator, arguments, workdir, extra_env=None):
    """`ansible-playbook ARGUMENTS` against the emulator; returns (seconds, returncode, output, peak RSS MiB)."""
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=str(ROOT / '.build' / 'collections'),
               ANSIBLE_CONFIG=str(ROOT / 'ansible.cfg'), ANSIBLE_LOCALHOST_WARNING='false',
               ANSIBLE_INVENTORY_UNPARSED_WARNING='false', GENESYSCLOUD_API_URL=emulator.base_url,
               GENESYSCLOUD_OAUTHCLIENT_ID=CLIENT[0], GENESYSCLOUD_OAUTHCLIENT_SECRET=CLIENT[1],
               GENESYSCLOUD_TOKEN_CACHE_DIR=str(Path(workdir) / 'tokens'), **(extra_env or {}))
    command = [str(BIN / 'ansible-playbook')] + arguments
    started = time.perf_counter()
    completed = subprocess.run(command, capture_output=True, text=True, env=env, cwd=workdir)
    elapsed = time.perf_counter() - started
    peak_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024.0
    return elapsed, completed.returncode, completed.stdout + completed.stderr, peak_mib


def machine():
    return {'cpus': os.cpu_count(), 'python': platform.python_version(), 'platform': platform.platform(),
            'date': time.strftime('%Y-%m-%d')}


def report(name, figures):
    figures = dict(scenario=name, machine=machine(), **figures)
    print(json.dumps(figures, sort_keys=True))
    return figures


def writes_and_429(stats):
    return stats['writes'], stats.get('by_status', {}).get('429', 0)


def bulk_task(specs, workers=None):
    args = {'queues': specs}
    if workers:
        args['workers'] = workers
    return [{'name': 'queues', 'genesyscloud.routing.genesys_queue': args}]


def scenario_noop_check(args):
    with tempfile.TemporaryDirectory() as workdir:
        emulator = Emulator('large:%d' % args.queues)
        try:
            specs, rules = export_queues(emulator, workdir, with_rules=True)
            tasks = bulk_task('{{ desired_queues }}') + [{'name': 'rules', 'genesyscloud.routing.genesys_skill_rules': {
                'state': 'replaced', 'config': '{{ desired_rules }}'}}]
            emulator.reset_stats()
            elapsed, code, output, _peak = run_playbook(emulator, tasks, workdir, check=True,
                                                        desired={'desired_queues': specs, 'desired_rules': rules})
            stats = emulator.stats()
        finally:
            emulator.stop()
    if code != 0 or '"changed": true' in output:
        raise SystemExit(output[-3000:])
    return report('noop-check', {'queues': args.queues, 'declared': 'queue settings + skill rules',
                                 'api_calls': stats['total'], 'writes': stats['writes'],
                                 'tokens': stats['tokens_issued'], 'wall_seconds': round(elapsed, 2),
                                 'by_operation': stats['by_operation']})


def scenario_apply(args):
    with tempfile.TemporaryDirectory() as workdir:
        emulator = Emulator('large:%d' % args.queues, rate_limit=args.rate_limit)
        try:
            specs = export_queues(emulator, workdir)
            for spec in specs:
                spec['description'] = 'bench apply %s' % spec['name']
            emulator.reset_stats()
            pace = {'GENESYSCLOUD_REQUESTS_PER_MINUTE': str(args.requests_per_minute)} if args.requests_per_minute else {}
            if args.token_pool_size:
                pace['GENESYSCLOUD_TOKEN_POOL_SIZE'] = str(args.token_pool_size)
            elapsed, code, output, _peak = run_playbook(emulator, bulk_task('{{ desired_queues }}', args.workers),
                                                        workdir, extra_env=pace, desired={'desired_queues': specs})
            stats = emulator.stats()
        finally:
            emulator.stop()
    writes, throttled = writes_and_429(stats)
    figures = {'queues': args.queues, 'rate_limit': args.rate_limit, 'workers': args.workers,
               'requests_per_minute': args.requests_per_minute, 'token_pool_size': args.token_pool_size or 1,
               'tokens': stats['tokens_issued'], 'returncode': code, 'api_calls': stats['total'], 'writes': writes, 'http_429': throttled,
               'wall_seconds': round(elapsed, 2), 'by_operation': stats['by_operation']}
    if args.rate_limit and args.rate_limit < UNLIMITED:
        # The bound: every call the run needed, sent at exactly the allowed rate of each token of the pool.
        bound = stats['total'] / float(args.rate_limit * (args.token_pool_size or 1)) * 60.0
        figures.update(rate_bound_seconds=round(bound, 1), ratio_to_bound=round(elapsed / bound, 3))
    else:
        figures['calls_per_second'] = round(stats['total'] / elapsed, 1)
    if code != 0:
        figures['output_tail'] = output[-2000:]
    return report('apply', figures)


MEMBER_READS = ('GET /api/v2/routing/queues/{queueId}/members', 'GET /api/v2/users/{userId}/queues',
                'GET /api/v2/routing/queues/{queueId}/wrapupcodes')


def membership_floor(client, resolver, candidates):
    """Calls no strategy can avoid for the members of these queues (membership.ReadPlan's cheaper side) and
    their wrap-up codes (one listing per queue: there is no other way to read them)."""
    queues = [queue for queue in client.list_all('/api/v2/routing/queues') if queue['id'] in candidates]
    plan = ReadPlan(queues, candidates)
    member_calls = sum(member_pages(queue) for queue in queues if queue['id'] in plan.per_queue)
    if plan.by_user:
        member_calls += sum(plan.user_calls.values())
    return member_calls + len(queues), plan.summary()


def floor_figures(stats, floor_reads, rate_limit, pool, elapsed):
    """The run's calls against the floor: its listing sweeps (already one each at the largest page) and tokens
    as measured, plus the member and wrap-up code reads no strategy can avoid; and the rate-limit bound."""
    sweeps = stats['total'] - sum(stats['by_operation'].get(operation, 0) for operation in MEMBER_READS)
    floor = sweeps + floor_reads
    bound = stats['total'] / float(rate_limit * pool) * 60.0
    return {'floor_calls': floor, 'ratio_to_floor': round(stats['total'] / float(floor), 3),
            'rate_bound_seconds': round(bound, 1), 'ratio_to_bound': round(elapsed / bound, 3)}


def members_export_params(workers=None):
    params = {'gather': ['queues'], 'include': ['members', 'wrapup_codes'], 'format': 'desired_state'}
    if workers:
        params['workers'] = workers
    return params


def pool_env(args):
    return {'GENESYSCLOUD_TOKEN_POOL_SIZE': str(args.token_pool_size)}


def scenario_members_check(args):
    """No-op --check of every queue with its members and wrap-up codes declared (the export fed back)."""
    with tempfile.TemporaryDirectory() as workdir:
        # The export that gives the desired state is not measured: it runs under an advertised budget this high
        # (the client follows the headers), then the per-token limit is set for the measured run.
        emulator = Emulator('large:%d' % args.queues, rate_limit=UNLIMITED)
        try:
            client = emulator.client(workdir)
            resolver = Resolver(client)
            specs = queue_facts.gather(client, resolver, members_export_params(8))['queues']
            candidates = dict((resolver.resolve('queue', spec['name'], 'name'),
                               set(resolver.resolve('user', member['user'], 'members') for member in spec['members']))
                              for spec in specs)
            floor_reads, strategy = membership_floor(client, resolver, candidates)
            emulator.limit_rate(args.rate_limit)
            emulator.reset_stats()
            elapsed, code, output, _peak = run_playbook(emulator, bulk_task('{{ desired_queues }}', args.workers),
                                                        workdir, check=True, extra_env=pool_env(args),
                                                        desired={'desired_queues': specs})
            stats = emulator.stats()
        finally:
            emulator.stop()
    if code != 0 or '"changed": true' in output:
        raise SystemExit(output[-3000:])
    writes, throttled = writes_and_429(stats)
    figures = {'queues': args.queues, 'declared': 'queue settings, members and wrap-up codes (authoritative)',
               'rate_limit': args.rate_limit, 'token_pool_size': args.token_pool_size, 'workers': args.workers,
               'tokens': stats['tokens_issued'], 'api_calls': stats['total'], 'writes': writes, 'http_429': throttled,
               'wall_seconds': round(elapsed, 2), 'strategy': strategy, 'by_operation': stats['by_operation']}
    figures.update(floor_figures(stats, floor_reads, args.rate_limit, args.token_pool_size, elapsed))
    return report('members-check', figures)


def scenario_members_export(args):
    """genesys_queue_facts export (desired_state) of every queue with members and wrap-up codes."""
    with tempfile.TemporaryDirectory() as workdir:
        emulator = Emulator('large:%d' % args.queues, rate_limit=args.rate_limit)
        try:
            task = {'name': 'export', 'genesyscloud.routing.genesys_queue_facts': members_export_params(args.workers),
                    'register': 'exported'}
            count = {'name': 'count', 'ansible.builtin.debug': {'msg': 'exported {{ exported.queues | length }}'}}
            elapsed, code, output, _peak = run_playbook(emulator, [task, count], workdir, extra_env=pool_env(args))
            stats = emulator.stats()
            emulator.limit_rate(UNLIMITED)
            client = emulator.client(workdir)
            resolver = Resolver(client)
            everyone = set(user['id'] for user in resolver.entities('user'))
            floor_reads, strategy = membership_floor(client, resolver, dict(
                (queue['id'], everyone) for queue in resolver.entities('queue')))
        finally:
            emulator.stop()
    if code != 0 or 'exported %d' % args.queues not in output:
        raise SystemExit(output[-3000:])
    writes, throttled = writes_and_429(stats)
    figures = {'queues': args.queues, 'rate_limit': args.rate_limit, 'token_pool_size': args.token_pool_size,
               'workers': args.workers, 'tokens': stats['tokens_issued'], 'api_calls': stats['total'], 'writes': writes,
               'http_429': throttled, 'wall_seconds': round(elapsed, 2), 'strategy': strategy,
               'by_operation': stats['by_operation']}
    figures.update(floor_figures(stats, floor_reads, args.rate_limit, args.token_pool_size, elapsed))
    return report('members-export', figures)


def scenario_loop_baseline(args):
    """The same change made by a per-queue `loop:` of single-queue tasks versus one bulk task."""
    results = {}
    with tempfile.TemporaryDirectory() as workdir:
        # No practical rate limit: the two runs share one token, and the first must not spend
        # the second's budget; what is compared is per-item overhead and call counts.
        emulator = Emulator('large:%d' % args.queues, rate_limit=UNLIMITED)
        try:
            specs = export_queues(emulator, workdir)
            for label, suffix in (('loop', 'loop'), ('bulk', 'bulk')):
                changed = [dict(spec, description='bench %s %s' % (suffix, spec['name'])) for spec in specs]
                if label == 'loop':
                    tasks = [{'name': 'queue', 'genesyscloud.routing.genesys_queue': '{{ item }}',
                              'loop': '{{ desired_queues }}'}]
                else:
                    tasks = bulk_task('{{ desired_queues }}')
                emulator.reset_stats()
                elapsed, code, output, _peak = run_playbook(emulator, tasks, workdir,
                                                            desired={'desired_queues': changed})
                if code != 0:
                    raise SystemExit(output[-3000:])
                stats = emulator.stats()
                results[label] = {'wall_seconds': round(elapsed, 2), 'api_calls': stats['total'],
                                  'writes': stats['writes']}
        finally:
            emulator.stop()
    return report('loop-baseline', {
        'queues': args.queues, 'loop': results['loop'], 'bulk': results['bulk'],
        'wall_ratio_loop_to_bulk': round(results['loop']['wall_seconds'] / results['bulk']['wall_seconds'], 1),
        'calls_ratio_loop_to_bulk': round(results['loop']['api_calls'] / float(results['bulk']['api_calls']), 1)})


def scenario_memory(args):
    """Peak RSS while genesys_queue plans (check mode) every queue of a large org."""
    with tempfile.TemporaryDirectory() as workdir:
        emulator = Emulator('large:%d' % args.queues)
        try:
            specs = [{'name': spec['name'], 'description': spec.get('description')}
                     for spec in export_queues(emulator, workdir)]
            elapsed, code, output, peak = run_playbook(emulator, bulk_task('{{ desired_queues }}'), workdir,
                                                       check=True, desired={'desired_queues': specs})
        finally:
            emulator.stop()
    if code != 0:
        raise SystemExit(output[-3000:])
    return report('memory', {'queues': args.queues, 'peak_rss_mib_largest_child': round(peak, 1),
                             'wall_seconds': round(elapsed, 2)})


def scenario_emulator_rate(args):
    """Requests per second the emulator answers on this machine (GET one queue, N threads)."""
    emulator = Emulator('large:100')
    try:
        token = requests.post(emulator.base_url + '/oauth/token', auth=CLIENT,
                              data={'grant_type': 'client_credentials'}, timeout=30).json()['access_token']
        headers = {'Authorization': 'Bearer ' + token}
        queue_id = requests.get(emulator.base_url + '/api/v2/routing/queues', headers=headers,
                                timeout=30).json()['entities'][0]['id']
        deadline = time.perf_counter() + args.seconds
        counts = []

        def hammer():
            session = requests.Session()
            done = 0
            while time.perf_counter() < deadline:
                session.get('%s/api/v2/routing/queues/%s' % (emulator.base_url, queue_id), headers=headers,
                            timeout=30)
                done += 1
            counts.append(done)

        threads = [threading.Thread(target=hammer) for _ in range(args.threads)]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - started
    finally:
        emulator.stop()
    return report('emulator-rate', {'threads': args.threads, 'requests': sum(counts),
                                    'requests_per_second': round(sum(counts) / elapsed, 1)})


def scenario_role_noop_check(args):
    """The user's path: export with the shipped playbook (queue settings, no members), then the no-op
    drift check of the exported queues through the role, against one genesys_queue task on the same
    exported file and a one-task play that does nothing, run alternately in the same run."""
    with tempfile.TemporaryDirectory() as workdir:
        work = Path(workdir)
        inventory = work / 'hosts.yml'
        inventory.write_text(yaml.safe_dump({'all': {'hosts': {'bench': {
            'ansible_connection': 'local', 'ansible_python_interpreter': sys.executable}}}}))
        export_dir = work / 'export'
        emulator = Emulator('large:%d' % args.queues)
        try:
            export_vars = {'export_dir': str(export_dir), 'routing_export_members': False}
            if args.export_format == 'yaml':
                export_vars['routing_export_json_over'] = 10 ** 9
            export_seconds, code, output, _peak = run_ansible(emulator, [
                str(ROOT / 'playbooks' / 'export.yml'), '-i', str(inventory), '-e', json.dumps(export_vars)], workdir)
            if code != 0:
                raise SystemExit(output[-3000:])
            export_stats = emulator.stats()
            queues_file = sorted(export_dir.glob('queues.*'))[0]
            drift = [str(ROOT / 'playbooks' / 'drift.yml'), '-i', str(inventory), '-e', json.dumps({
                'routing_state_dir': str(export_dir), 'routing_reports_root': str(work / 'reports'),
                'routing_sections': ['routing_queues']})]
            one_task = work / 'one-task.yml'
            one_task.write_text(yaml.safe_dump([{'name': 'one task', 'hosts': 'all', 'gather_facts': False, 'tasks': [
                {'name': 'queues', 'genesyscloud.routing.genesys_queue': {'queues': '{{ routing_queues }}'}}]}]))
            empty = work / 'empty.yml'
            empty.write_text(yaml.safe_dump([{'name': 'empty', 'hosts': 'all', 'gather_facts': False, 'tasks': [
                {'name': 'nothing', 'ansible.builtin.debug': {'msg': 'one task'}}]}]))
            walls = {'role': [], 'one_task': [], 'empty_play': []}
            for _round in range(args.repeat):
                emulator.reset_stats()
                seconds, code, output, _peak = run_ansible(emulator, drift, workdir)
                role_stats = emulator.stats()
                report_file = json.loads((work / 'reports' / 'bench' / 'drift.json').read_text())
                if code != 0 or not report_file.get('in_sync'):
                    raise SystemExit(output[-3000:])
                walls['role'].append(seconds)
                seconds, code, output, _peak = run_ansible(emulator, [
                    str(one_task), '-i', str(inventory), '--check', '-e', '@%s' % queues_file], workdir)
                if code != 0 or 'changed=0' not in output:
                    raise SystemExit(output[-3000:])
                walls['one_task'].append(seconds)
                seconds, code, output, _peak = run_ansible(emulator, [str(empty), '-i', str(inventory)], workdir)
                walls['empty_play'].append(seconds)
            export_file = {'name': queues_file.name, 'bytes': queues_file.stat().st_size}
        finally:
            emulator.stop()
    best = dict((name, round(min(values), 2)) for name, values in walls.items())
    return report('role-noop-check', {
        'queues': args.queues, 'declared': 'queue settings, from the export as exported',
        'export_file': export_file['name'], 'export_bytes': export_file['bytes'],
        'export_seconds': round(export_seconds, 2), 'export_api_calls': export_stats['total'],
        'role_api_calls': role_stats['total'], 'role_writes': role_stats['writes'],
        'walls': dict((name, [round(value, 2) for value in values]) for name, values in walls.items()),
        'best': best, 'ratio_role_to_one_task': round(best['role'] / best['one_task'], 2),
        'ratio_role_to_empty_play': round(best['role'] / best['empty_play'], 2)})


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest='scenario', required=True)
    for name, default in (('noop-check', 1000), ('apply', 1000), ('loop-baseline', 100), ('memory', 10000)):
        scenario = sub.add_parser(name)
        scenario.add_argument('--queues', type=int, default=default)
        if name == 'apply':
            scenario.add_argument('--rate-limit', type=int, default=None)
            scenario.add_argument('--workers', type=int, default=None)
            scenario.add_argument('--requests-per-minute', type=int, default=None,
                                  help='client-side pacing (GENESYSCLOUD_REQUESTS_PER_MINUTE)')
            scenario.add_argument('--token-pool-size', type=int, default=None,
                                  help='OAuth tokens the run may use (GENESYSCLOUD_TOKEN_POOL_SIZE)')
    role = sub.add_parser('role-noop-check')
    role.add_argument('--queues', type=int, default=1000)
    role.add_argument('--repeat', type=int, default=2, help='alternate runs of each play; the best is compared')
    role.add_argument('--export-format', choices=('auto', 'yaml'), default='auto',
                      help='auto: as the export writes it (JSON for large sections); yaml: force YAML')
    for name in ('members-check', 'members-export'):
        scenario = sub.add_parser(name)
        scenario.add_argument('--queues', type=int, default=1000)
        scenario.add_argument('--rate-limit', type=int, default=300, help='per token, per minute (the platform\'s)')
        scenario.add_argument('--token-pool-size', type=int, default=1)
        scenario.add_argument('--workers', type=int, default=None)
    rate = sub.add_parser('emulator-rate')
    rate.add_argument('--seconds', type=float, default=10)
    rate.add_argument('--threads', type=int, default=4)
    args = parser.parse_args()
    handler = {'noop-check': scenario_noop_check, 'apply': scenario_apply, 'loop-baseline': scenario_loop_baseline,
               'memory': scenario_memory, 'emulator-rate': scenario_emulator_rate,
               'role-noop-check': scenario_role_noop_check,
               'members-check': scenario_members_check, 'members-export': scenario_members_export}[args.scenario]
    handler(args)


if __name__ == '__main__':
    main()
