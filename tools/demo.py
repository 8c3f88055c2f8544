"""`make demo`: the per-environment workflow end to end, on two local emulators.

Starts a `dev` organization (demo seed) and a `prod` organization (same names, different ids) with a
few deliberate differences made through the public API, then runs the collection's playbooks the way
a team would: validate -> drift (the pending changes) -> apply (pinned to the reviewed etags) ->
drift again (in sync) -> a queue change delivered to a local webhook receiver (emulator-only
delivery standing in for EventBridge) -> compare dev vs prod -> export prod. Prints the story and where each report is.

    .venv/bin/python tools/demo.py [--reports-dir DIR] [--keep-running]

Every playbook's full output is kept in <reports-dir>/logs/.
"""
import argparse
import http.server
import json
import os
import threading
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))  # also when loaded by path (the secrets harness)
from ansible_env import ansible_env  # noqa: E402  (tools/ is not a package)

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
START_TIMEOUT = 30.0

# The prod organization's own OAuth client (its credentials are in inventories/prod, vault-encrypted).
PROD_CLIENT = ('prod-ci', 'prod-ci-secret')

# The deliberate differences between dev and prod, made in prod through the public API.
# compare must find exactly these (tests/integration/test_workflow.py asserts it).
PROD_DIFFERENCES = [
    {'what': "queue 'Returns' has another description", 'kind': 'queue', 'name': 'Returns',
     'path': 'description', 'value': 'Returns and exchanges (EU warehouse)'},
    {'what': "queue 'Billing' alerts agents for 25 s instead of 15 s", 'kind': 'queue', 'name': 'Billing',
     'path': 'media_settings.call.alerting_timeout_seconds', 'value': 25},
    {'what': "prod has an extra skill 'German-speaking'", 'kind': 'skill', 'name': 'German-speaking'},
]


class Emulator:
    """One genesys-emulator process; `url` once it serves."""

    def __init__(self, name, seed, clients=(), deliver_url=None):
        self.name = name
        self.seed = seed
        command = [sys.executable, '-m', 'genesys_emulator.cli', '--port', '0', '--seed', seed]
        if deliver_url:
            command += ['--deliver-url', deliver_url]
        for client_id, secret in clients:
            command += ['--client', '%s:%s' % (client_id, secret)]
        env = dict(os.environ)
        env['PYTHONPATH'] = os.pathsep.join([str(ROOT / 'emulator')] + ([env['PYTHONPATH']] if env.get('PYTHONPATH') else []))
        self.log = tempfile.TemporaryFile()
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=self.log, env=env)
        self.url = self._serving_url()

    def _serving_url(self):
        deadline = time.monotonic() + START_TIMEOUT
        prefix = 'genesys-emulator: serving '
        while time.monotonic() < deadline and self.process.poll() is None:
            ready, _, _ = select.select([self.process.stdout], [], [], 0.2)
            if ready:
                line = self.process.stdout.readline().decode('utf-8').strip()
                if line.startswith(prefix):
                    return line[len(prefix):]
        self.stop()
        self.log.seek(0)
        raise RuntimeError('the %s emulator did not start: %s' % (self.name, self.log.read().decode('utf-8', 'replace')))

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        if self.process.stdout:
            self.process.stdout.close()


class Receiver:
    """A local HTTP endpoint standing in for the user's webhook behind AWS (emulator-only delivery)."""

    def __init__(self):
        self.events = []
        events = self.events

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get('Content-Length') or 0)
                events.append(json.loads(self.rfile.read(length) or b'{}'))
                self.send_response(200)
                self.send_header('Content-Length', '0')
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(('127.0.0.1', 0), Handler)
        self.url = 'http://127.0.0.1:%d/routing-events' % self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def wait_for(self, predicate, timeout=10.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = [event for event in list(self.events) if predicate(event)]
            if found:
                return found
            time.sleep(0.1)
        return []

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


class Api:
    """A minimal client of the public API, for the deliberate prod differences (as a colleague would)."""

    def __init__(self, url, client):
        self.url = url
        response = requests.post(url + '/oauth/token', auth=client, data={'grant_type': 'client_credentials'},
                                 timeout=30)
        response.raise_for_status()
        self.session = requests.Session()
        self.session.headers['Authorization'] = 'Bearer ' + response.json()['access_token']

    def call(self, method, path, **kwargs):
        response = self.session.request(method, self.url + path, timeout=30, **kwargs)
        response.raise_for_status()
        return response.json() if response.content else None

    def queue(self, name):
        listed = self.call('GET', '/api/v2/routing/queues', params={'name': name, 'pageSize': 100})
        return [queue for queue in listed['entities'] if queue['name'] == name][0]

    def update_queue(self, name, change):
        queue = self.call('GET', '/api/v2/routing/queues/%s' % self.queue(name)['id'])
        change(queue)
        self.call('PUT', '/api/v2/routing/queues/%s' % queue['id'], json=queue)


def make_prod_differences(url, client=PROD_CLIENT):
    """Apply PROD_DIFFERENCES to the organization at `url` through the public API."""
    api = Api(url, client)
    for difference in PROD_DIFFERENCES:
        if difference['kind'] == 'skill':
            api.call('POST', '/api/v2/routing/skills', json={'name': difference['name']})
        elif difference['path'] == 'description':
            api.update_queue(difference['name'], lambda queue, value=difference['value']: queue.update(description=value))
        else:
            def set_timeout(queue, value=difference['value']):
                queue['mediaSettings']['call']['alertingTimeoutSeconds'] = value
            api.update_queue(difference['name'], set_timeout)


def playbook_env(urls, cache_dir, extra=None):
    # the inventories say which org and which credentials
    return ansible_env(cache_dir, {'GENESYS_DEV_API_URL': urls['dev'], 'GENESYS_PROD_API_URL': urls['prod']},
                       drop=('GENESYSCLOUD_API_URL', 'GENESYSCLOUD_REGION', 'GENESYSCLOUD_OAUTHCLIENT_ID',
                             'GENESYSCLOUD_OAUTHCLIENT_SECRET', 'GENESYSCLOUD_ACCESS_TOKEN'), extra=extra)


class Story:
    def __init__(self, reports, urls, cache_dir, steps):
        self.reports = reports
        self.logs = reports / 'logs'
        self.logs.mkdir(parents=True, exist_ok=True)
        self.urls = urls
        self.cache_dir = cache_dir
        self.steps = steps
        self.step = 0
        self.written = []

    def header(self, title):
        self.step += 1
        print('\n[%d/%d] %s' % (self.step, self.steps, title), flush=True)

    def say(self, text=''):
        print('      ' + text if text else '', flush=True)

    def playbook(self, name, envs, extra=None, expect_rc=0):
        command = [str(BIN / 'ansible-playbook'), str(ROOT / 'playbooks' / name)]
        for env in envs:
            command += ['-i', str(ROOT / 'inventories' / env),
                        '--vault-id', '%s@%s' % (env, ROOT / 'inventories' / env / '.vault-pass')]
        command += ['-e', json.dumps(dict({'routing_reports_root': str(self.reports)}, **(extra or {})))]
        log = self.logs / ('%02d-%s-%s.log' % (self.step, name.replace('.yml', ''), '-'.join(envs)))
        completed = subprocess.run(command, cwd=str(ROOT), env=playbook_env(self.urls, self.cache_dir),
                                   capture_output=True, text=True, timeout=600)
        log.write_text(completed.stdout + completed.stderr)
        if completed.returncode != expect_rc:
            print('\n'.join((completed.stdout + completed.stderr).splitlines()[-40:]))
            raise SystemExit('ansible-playbook %s exited with %d (full log: %s)'
                             % (name, completed.returncode, log))
        return completed

    def report(self, *parts):
        path = self.reports.joinpath(*parts)
        if not path.is_file() or not path.stat().st_size:
            raise SystemExit('expected a non-empty report at %s' % path)
        if path not in self.written:
            self.written.append(path)
        return path


def short(value, limit=60):
    text = json.dumps(value)
    return text if len(text) <= limit else text[:limit - 3] + '...'


def describe_change(change):
    """One audit propertyChanges item in words; the platform leaves out an empty side (oldValues of an
    added value, newValues of a removed one), so either may be missing."""
    old, new = change.get('oldValues'), change.get('newValues')
    name = change.get('property') or '?'
    if old and new:
        return '%s: %s -> %s' % (name, short(old, 40), short(new, 40))
    if new:
        return '%s: set to %s' % (name, short(new, 50))
    if old:
        return '%s: removed (was %s)' % (name, short(old, 50))
    return '%s: changed' % name


def describe_event(event):
    """Lines describing one EventBridge envelope of an audit event, as the demo receiver prints it."""
    detail = event.get('detail') or {}
    body = detail.get('eventBody') or {}
    heading = '%s %s %s' % (body.get('entityType', '?'), body.get('action', '?'),
                            (body.get('entity') or {}).get('name') or (body.get('entity') or {}).get('id', '?'))
    when = detail.get('timestamp') or body.get('eventTime')
    suffix = ' (at %s)' % when if when else ''
    changes = body.get('propertyChanges') or []
    if not changes:
        return [heading + suffix]
    return ['%s: %s%s' % (heading, describe_change(change), suffix) for change in changes]


def shown(path):
    """A path relative to the working directory when it is below it."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def change_lines(report, limit=12):
    lines = []
    for record in report['objects']:
        label = '%-6s %s %s' % (record['action'], record['kind'].replace('_', ' '), record['name'])
        if record['action'] == 'update':
            for change in record['changes'][:3]:
                lines.append('%s: %s %s -> %s' % (label, change['path'], short(change['before']),
                                                 short(change['after'])))
        else:
            lines.append(label)
    return lines[:limit] + (['... (%d more in the report)' % (len(lines) - limit)] if len(lines) > limit else [])


def run(reports, keep_running=False):
    started = time.monotonic()
    for stale in ('dev', 'prod', 'logs', 'compare-dev-prod.json', 'compare-dev-prod.md'):
        target = reports / stale
        if target.is_dir():
            shutil.rmtree(str(target))
        elif target.exists():
            target.unlink()
    reports.mkdir(parents=True, exist_ok=True)
    cache_dir = Path(tempfile.mkdtemp(prefix='genesys-demo-tokens-'))
    emulators = []
    receiver = None
    try:
        print('genesyscloud.routing demo: routing configuration as code, per environment')
        story = Story(reports, {}, cache_dir, steps=8)
        story.header('Start two local Genesys Cloud organizations (emulators)')
        receiver = Receiver()
        dev = Emulator('dev', 'demo', deliver_url=receiver.url)
        emulators.append(dev)
        prod = Emulator('prod', 'demo-prod', clients=[PROD_CLIENT])
        emulators.append(prod)
        story.urls.update(dev=dev.url, prod=prod.url)
        story.say('dev  %s  seed "demo"' % dev.url)
        story.say('prod %s  seed "demo-prod": the same names with different ids' % prod.url)
        make_prod_differences(prod.url)
        story.say('Changes made in prod by hand, through the public API:')
        for difference in PROD_DIFFERENCES:
            story.say('  - ' + difference['what'])

        story.header('validate: the dev desired state, offline (no credentials, no API call)')
        story.playbook('validate.yml', ['dev'])
        junit = story.report('dev', 'validate.junit.xml')
        story.say('inventories/dev/group_vars/all is valid: schema, bounds and cross-references')
        story.report('dev', 'validate.md')
        story.say('JUnit for CI: %s' % shown(junit))

        story.header('drift: what applying dev would change (check mode, nothing written)')
        story.playbook('drift.yml', ['dev'])
        drift = json.loads(story.report('dev', 'drift.json').read_text())
        story.report('dev', 'drift.md')
        summary = drift['summary']
        story.say('%d pending: %d to create, %d to change, %d to delete (%d objects already right)'
                  % (summary['create'] + summary['update'] + summary['delete'], summary['create'],
                     summary['update'], summary['delete'], summary['unchanged']))
        for line in change_lines(drift):
            story.say('  ' + line)
        # The reviewed report is kept: apply refuses whatever changed since this moment.
        reviewed = reports / 'dev' / 'drift-reviewed.json'
        shutil.copyfile(str(reports / 'dev' / 'drift.json'), str(reviewed))
        story.written[story.written.index(reports / 'dev' / 'drift.json')] = reviewed

        story.header('apply: dev, refusing any object changed since the reviewed report')
        story.playbook('apply.yml', ['dev'], extra={'routing_drift_report': str(reviewed)})
        applied = json.loads(story.report('dev', 'apply.json').read_text())
        story.report('dev', 'apply.md')
        story.say('%d change(s) made, %d refused or failed'
                  % (applied['summary']['create'] + applied['summary']['update'] + applied['summary']['delete'],
                     applied['summary']['failed']))

        story.header('drift again: dev now matches its desired state')
        story.playbook('drift.yml', ['dev'], extra={'routing_fail_on_drift': True})
        again = json.loads(story.report('dev', 'drift.json').read_text())
        story.say('in sync: %s, %d objects checked, 0 changes' % (again['in_sync'], again['summary']['unchanged']))

        story.header('events: a queue change reaches your webhook (EventBridge integration; local delivery is '
                     'emulator-only)')
        colleague = Api(dev.url, ('emulator-client', 'emulator-secret'))
        original = colleague.queue('Billing').get('description')
        colleague.update_queue('Billing', lambda queue: queue.update(description='Changed in the UI after the apply'))
        arrived = receiver.wait_for(lambda event: event.get('detail', {}).get('eventBody', {}).get(
            'entity', {}).get('name') == 'Billing')
        if not arrived:
            raise SystemExit('the audit event for queue Billing did not reach the local receiver')
        story.say('the dev integration "Routing changes to AWS" (applied above) delivered to %s:' % receiver.url)
        for line in describe_event(arrived[-1]):
            story.say('  ' + line)
        # Put it back, so dev still matches its desired state for the comparison that follows.
        colleague.update_queue('Billing', lambda queue: queue.update(description=original))

        story.header('compare: dev vs prod, objects matched by name (ids differ)')
        story.playbook('compare.yml', ['dev', 'prod'])
        compared = json.loads(story.report('compare-dev-prod.json').read_text())
        story.report('compare-dev-prod.md')
        for item in compared['only_in_left']:
            story.say('  only in dev : %s %s' % (item['kind'].replace('_', ' '), item['name']))
        for item in compared['only_in_right']:
            story.say('  only in prod: %s %s' % (item['kind'].replace('_', ' '), item['name']))
        for item in compared['different']:
            for found in item['differences']:
                story.say('  different   : %s %s %s: dev %s, prod %s'
                          % (item['kind'].replace('_', ' '), item['name'], found['path'],
                             short(found['left'], 40), short(found['right'], 40)))

        story.header('export: prod to desired-state files (they round-trip: applying them changes nothing)')
        story.playbook('export.yml', ['prod'])
        exported = sorted((reports / 'prod' / 'export').glob('*.yml'))
        if not exported:
            raise SystemExit('the export wrote no files')
        story.written.extend(exported)
        story.say('%d files in %s' % (len(exported), shown(reports / 'prod' / 'export')))

        print('\nReports:')
        for path in story.written:
            print('  %s' % shown(path))
        print('Playbook logs: %s/' % shown(story.logs))
        print('Done in %.0f s.' % (time.monotonic() - started))
        if keep_running:
            print('\nEmulators keep running (Ctrl-C to stop): dev %s, prod %s' % (dev.url, prod.url))
            try:
                while True:
                    time.sleep(3600)
            except KeyboardInterrupt:
                pass
    finally:
        for emulator in emulators:
            emulator.stop()
        if receiver is not None:
            receiver.stop()
        shutil.rmtree(str(cache_dir), ignore_errors=True)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--reports-dir', default=str(ROOT / 'reports'), help='where the reports go (default reports/)')
    parser.add_argument('--keep-running', action='store_true', help='leave both emulators running at the end')
    args = parser.parse_args(argv)
    run(Path(args.reports_dir).resolve(), keep_running=args.keep_running)
    return 0


if __name__ == '__main__':
    sys.exit(main())
