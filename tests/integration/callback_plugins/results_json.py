"""Test-only stdout callback: prints every task result of the run as one JSON document.

ansible-core 2.19 no longer ships the `json` callback (it moved to ansible.posix), and the
tests need machine-readable results, so they bring this small one.
"""
import json

from ansible.plugins.callback import CallbackBase

DOCUMENTATION = '''
name: results_json
type: stdout
short_description: all task results as JSON (tests only)
description: Prints all plays, tasks and per-host results, then the stats, as one JSON document.
'''


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = 'stdout'
    CALLBACK_NAME = 'results_json'

    def __init__(self):
        super(CallbackModule, self).__init__()
        self.plays = []

    def v2_playbook_on_play_start(self, play):
        self.plays.append({'play': {'name': play.get_name()}, 'tasks': []})

    def v2_playbook_on_task_start(self, task, is_conditional):
        self.plays[-1]['tasks'].append({'task': {'name': task.get_name()}, 'hosts': {}})

    def _record(self, result, **extra):
        outcome = dict(self._convert(result._result))
        outcome.update(extra)
        self.plays[-1]['tasks'][-1]['hosts'][result._host.get_name()] = outcome

    @staticmethod
    def _convert(value):
        # Results may hold Ansible's own types; round-trip through its JSON encoder.
        from ansible.module_utils.common.json import AnsibleJSONEncoder
        return json.loads(json.dumps(value, cls=AnsibleJSONEncoder))

    def v2_runner_on_ok(self, result, **kwargs):
        self._record(result)

    def v2_runner_on_failed(self, result, ignore_errors=False):
        self._record(result, failed=True)

    def v2_runner_on_skipped(self, result):
        self._record(result, skipped=True)

    def v2_runner_on_unreachable(self, result):
        self._record(result, unreachable=True)

    def v2_playbook_on_stats(self, stats):
        summary = dict((host, stats.summarize(host)) for host in sorted(stats.processed))
        self._display.display(json.dumps({'plays': self.plays, 'stats': summary}, sort_keys=True))
