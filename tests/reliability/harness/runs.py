"""Run the demo's playbooks (playbooks/*.yml on inventories/dev) and judge how they ended.

A run is started exactly as a user starts it - ``ansible-playbook -i inventories/dev
playbooks/apply.yml --vault-id dev@...`` - with the dev organization pointed at an emulator
through ``GENESYS_DEV_API_URL``, and the test-only ``results_json`` callback so every task
result can be read back. ``Outcome`` says whether the run failed, and if so whether it failed
*cleanly*: no traceback anywhere, and every failed task names the call that failed and a
transient cause (a 5xx, a 429, a lost connection), so re-running is the obvious remedy.
"""
import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT / 'tools'))
from ansible_env import ansible_env  # noqa: E402  (tools/ is not a package)
CALLBACKS = ROOT / 'tests' / 'integration' / 'callback_plugins'
INVENTORY = ROOT / 'inventories' / 'dev'
VAULT_ID = 'dev@%s' % (INVENTORY / '.vault-pass')
DESIRED_STATE = INVENTORY / 'group_vars' / 'all'

TRANSIENT_STATUSES = (429, 500, 502, 503, 504)
# How the client words a transient cause in a message ("... failed: 503 service.unavailable",
# "connection failed (ProtocolError) after 6 attempt(s)", "timed out after ...").
TRANSIENT_TEXT = re.compile(r'failed: (429|5\d\d)\b|connection (failed|reset|aborted|refused)|timed out|'
                            r'RemoteDisconnected|may or may not have been applied', re.I)
API_CALL = re.compile(r'\b(GET|PUT|POST|PATCH|DELETE) /(api/v2|oauth)/')
CRASH_MARKERS = ('Traceback (most recent call last)', 'MODULE FAILURE', 'module_stderr')


def playbook_env(api_url, cache_dir, json_output=True, extra=None):
    """The environment of a demo run against one emulator standing in for the dev org."""
    settings = {'GENESYS_DEV_API_URL': api_url}
    if json_output:
        settings.update(ANSIBLE_STDOUT_CALLBACK='results_json', ANSIBLE_CALLBACK_PLUGINS=str(CALLBACKS))
    # the inventory says which org and which credentials
    return ansible_env(cache_dir, settings, drop=('GENESYSCLOUD_API_URL', 'GENESYSCLOUD_REGION', 'GENESYSCLOUD_OAUTHCLIENT_ID',
                                                  'GENESYSCLOUD_OAUTHCLIENT_SECRET', 'GENESYSCLOUD_ACCESS_TOKEN'), extra=extra)


def playbook_command(name, reports_dir, extra_vars=None, verbosity=0):
    command = [str(BIN / 'ansible-playbook'), '-i', str(INVENTORY), str(ROOT / 'playbooks' / name),
               '--vault-id', VAULT_ID,
               '-e', json.dumps(dict({'routing_reports_root': str(reports_dir)}, **(extra_vars or {})))]
    if verbosity:
        command.append('-' + 'v' * verbosity)
    return command


def start_playbook(name, api_url, workdir, extra_vars=None, env=None):
    """Start a run in its own process group (so it can be killed whole); returns the Popen."""
    workdir = Path(workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    return subprocess.Popen(playbook_command(name, workdir / 'reports', extra_vars), cwd=str(ROOT),
                            env=playbook_env(api_url, workdir / 'tokens', extra=env),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)


def run_playbook(name, api_url, workdir, extra_vars=None, env=None, timeout=900):
    process = start_playbook(name, api_url, workdir, extra_vars, env)
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        stdout, stderr = process.communicate()
    return Outcome(process.returncode, stdout, stderr)


class Outcome:
    """How one ansible-playbook run ended."""

    def __init__(self, returncode, stdout, stderr):
        self.returncode = returncode
        self.stdout = stdout or ''
        self.stderr = stderr or ''
        self.tasks = []
        try:
            output = json.loads(self.stdout)
        except ValueError:
            output = None
        self.parsed = output is not None
        for play in (output or {}).get('plays', []):
            for task in play.get('tasks', []):
                for host, result in task.get('hosts', {}).items():
                    self.tasks.append((task['task']['name'], result))

    @property
    def ok(self):
        return self.returncode == 0

    @property
    def failures(self):
        """(task name, result) of every failed task that stopped the run (ignored ones excluded)."""
        found = []
        for name, result in self.tasks:
            if result.get('failed') and not result.get('ignore_errors'):
                found.append((name, result))
        return found

    def report(self, kind='apply'):
        """The role's report of this run (reports/dev/<kind>.json), when the run got that far."""
        for name, result in self.tasks:
            if name.endswith('Collect the results into a report') and 'report' in result:
                return result['report']
        return None

    def crash_markers(self):
        text = self.stdout + self.stderr
        return [marker for marker in CRASH_MARKERS if marker in text]

    def failure_messages(self):
        messages = []
        for name, result in self.failures:
            messages.extend('%s: %s' % (name, message) for message in _messages(result))
        return messages

    def unclear_failures(self):
        """Why this failed run does not count as a clean, retriable failure ([] when it does)."""
        if self.ok:
            return []
        problems = ['output contains %r' % marker for marker in self.crash_markers()]
        if not self.parsed:
            problems.append('ansible-playbook printed no result document (rc=%s): %s'
                            % (self.returncode, (self.stderr or self.stdout)[-500:]))
        if self.parsed and not self.failures:
            problems.append('rc=%s without a failed task' % self.returncode)
        for name, result in self.failures:
            for message in _messages(result):
                if not is_transient(result, message):
                    problems.append('%s: not a transient, retriable cause: %s' % (name, message[:600]))
                elif not API_CALL.search(message) and 'attempt' not in message:
                    problems.append('%s: does not name the call that failed: %s' % (name, message[:600]))
        return problems


def _messages(result):
    """The failure messages of one task result (a loop's failed items each have theirs)."""
    if result.get('results') and isinstance(result['results'], list):
        found = [str(item.get('msg') or '') for item in result['results']
                 if isinstance(item, dict) and item.get('failed')]
        if found:
            return found
    return [str(result.get('msg') or '')]


def is_transient(result, message):
    if result.get('status') in TRANSIENT_STATUSES or result.get('code') == 'connection.error':
        return True
    return bool(TRANSIENT_TEXT.search(message))
