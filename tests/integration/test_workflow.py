"""The per-environment workflow, end to end: the shipped playbooks, role and inventories run by real
`ansible-playbook` against emulators.

validate (offline, fixtures) -> drift (check mode, zero writes, deterministic report) -> apply (with
reviewed etags: stale objects refused) -> drift again -> compare dev vs prod -> export (round trip),
and `make demo` itself. The dev organization is the shared demo emulator (reset before each test);
prod is a second emulator with the demo seed's names under other ids, started where needed.
"""
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
FIXTURES = ROOT / 'tests' / 'fixtures' / 'desired_state'
sys.path.insert(0, str(ROOT / 'tools'))

import demo  # noqa: E402  (tools/demo.py: the deliberate prod differences live there, once)

PROD_CLIENT = 'prod-ci:prod-ci-secret'
BROKEN_CASES = {
    # fixture -> (file, line, option path, message fragment)
    'bad_bounds': ('queues.yml', 10, 'routing_queues[1].media_settings.call.alerting_timeout_seconds',
                   '5 is below the minimum 7'),
    'bad_enum': ('skill_groups.yml', 10,
                 'routing_skill_groups[0].skill_conditions[0].routing_skill_conditions[0].comparator',
                 "'AtLeast' is not one of"),
    'unknown_skill': ('skill_rules.yml', 6, 'routing_skill_rules[0].bullseye_rings[0].skills_to_remove[0]',
                      "unknown skill 'Biling'"),
    'unknown_queue': ('skill_rules.yml', 3, 'routing_skill_rules[0].queue', "unknown queue 'Billling'"),
    'duplicate_name': ('queues.yml', 5, 'routing_queues[2].name', 'declared twice'),
    'typo_variable': ('queues.yml', 2, 'routing_queue', "did you mean 'routing_queues'?"),
    'cross_field': ('queues.yml', 6, 'routing_queues[0].acw_settings.timeout_ms', 'can only be set when'),
    'deleted_reference': ('skill_rules.yml', 6, 'routing_skill_rules[0].bullseye_rings[0].skills_to_remove[0]',
                          'is declared absent'),
    'too_many_rings': ('skill_rules.yml', 11, 'routing_skill_rules[0].bullseye_rings[6]', 'at most 6 rings'),
    'unknown_option': ('queues.yml', 6, 'routing_queues[0].media_settings.call.alerting_timeout',
                       'is not a known option'),
    'section_twice': ('queues.yml', 2, 'routing_queues', 'is also set in'),
    'invalid_yaml': ('queues.yml', 6, '', 'not valid YAML'),
}
# What the shipped dev inventory wants changed in a pristine demo organization.
DEV_PENDING = [
    ('skill', 'Mandarin-speaking', 'create'),
    ('skill_group', 'French Billing', 'create'),
    ('utilization', 'organization', 'update'),
    ('queue', 'Partner Support', 'create'),
    ('queue', 'Sales', 'update'),
    ('worktype', 'Refund request', 'update'),
    ('skill_rules', 'Sales', 'update'),
    ('webhook', 'Routing changes to AWS', 'create'),
]


class Workflow:
    """Runs the shipped playbooks with the shipped inventories; results come back as JSON."""

    def __init__(self, tmp_path, urls):
        self.tmp = tmp_path
        self.reports = tmp_path / 'reports'
        self.urls = urls
        self.cache = tmp_path / 'tokens'

    def run(self, playbook, envs=('dev',), extra=None, expect_ok=True, inventory=None, vault=True):
        command = [str(BIN / 'ansible-playbook'), str(ROOT / 'playbooks' / playbook)]
        for env in envs:
            command += ['-i', str(inventory or ROOT / 'inventories' / env)]
            if vault:
                command += ['--vault-id', '%s@%s' % (env, ROOT / 'inventories' / env / '.vault-pass')]
        command += ['-e', json.dumps(dict({'routing_reports_root': str(self.reports)}, **(extra or {})))]
        env = demo.playbook_env(self.urls, self.cache, {
            'ANSIBLE_STDOUT_CALLBACK': 'results_json',
            'ANSIBLE_CALLBACK_PLUGINS': str(ROOT / 'tests' / 'integration' / 'callback_plugins'),
        })
        completed = subprocess.run(command, cwd=str(self.tmp), env=env, capture_output=True, text=True, timeout=600)
        try:
            output = json.loads(completed.stdout)
        except ValueError:
            raise AssertionError('no JSON from %s (rc=%s):\n%s\n%s' % (playbook, completed.returncode,
                                                                        completed.stdout[-3000:],
                                                                        completed.stderr[-3000:]))
        failed = [(task['task']['name'], host, result.get('msg'))
                  for play in output['plays'] for task in play['tasks']
                  for host, result in task['hosts'].items() if result.get('failed') and not result.get('ignored')]
        if expect_ok:
            assert completed.returncode == 0, '%s failed: %s' % (playbook, json.dumps(failed, indent=1)[:5000])
        else:
            assert completed.returncode != 0, '%s was expected to fail' % playbook
        return output

    def report(self, *parts):
        path = self.reports.joinpath(*parts)
        assert path.is_file() and path.stat().st_size > 0, '%s missing or empty' % path
        return path

    def drift(self, env='dev', **kwargs):
        self.run('drift.yml', (env,), **kwargs)
        return json.loads(self.report(env, 'drift.json').read_text())


def task_result(output, name, host):
    for play in output['plays']:
        for task in play['tasks']:
            # Role tasks are named "<role> : <task name>".
            if task['task']['name'].split(' : ')[-1] == name and host in task['hosts']:
                return task['hosts'][host]
    seen = [(task['task']['name'], sorted(task['hosts'])) for play in output['plays'] for task in play['tasks']]
    raise AssertionError('no result of %r for %s; tasks run: %s' % (name, host, seen))


def pending(report):
    return [(item['kind'], item['name'], item['action']) for item in report['objects']]


def queue_by_name(emulator, name):
    listed = emulator.api('GET', '/api/v2/routing/queues', params={'name': name, 'pageSize': 100}).json()
    return [queue for queue in listed['entities'] if queue['name'] == name][0]


def update_queue(emulator, name, change):
    queue = emulator.api('GET', '/api/v2/routing/queues/%s' % queue_by_name(emulator, name)['id']).json()
    change(queue)
    response = emulator.api('PUT', '/api/v2/routing/queues/%s' % queue['id'], json=queue)
    assert response.status_code == 200, response.text


@pytest.fixture
def flow(emulator, tmp_path):
    return Workflow(tmp_path, {'dev': emulator.base_url, 'prod': emulator.base_url})


@pytest.fixture
def prod(emulator_factory):
    return emulator_factory(seed='demo-prod', clients=[PROD_CLIENT])


# ---------------------------------------------------------------------------------------------
# validate

def test_validate_reports_each_broken_fixture_by_file_line_path_and_value(flow):
    hosts = dict((case, {'ansible_connection': 'local', 'routing_state_dir': str(FIXTURES / case)})
                 for case in sorted(BROKEN_CASES) + ['good'])
    inventory = flow.tmp / 'inventories' / 'fixtures'
    inventory.mkdir(parents=True)
    (inventory / 'hosts.yml').write_text(yaml.safe_dump({'all': {'hosts': hosts}}))
    output = flow.run('validate.yml', ('fixtures',), inventory=inventory, vault=False, expect_ok=False)

    good = task_result(output, 'Check schema, bounds and cross-references of the desired state', 'good')
    assert not good.get('failed') and good['valid'] and good['errors'] == []
    for case, (file, line, path, fragment) in BROKEN_CASES.items():
        result = task_result(output, 'Check schema, bounds and cross-references of the desired state', case)
        assert result.get('failed'), case
        assert len(result['errors']) == 1, (case, result['errors'])
        error = result['errors'][0]
        assert error['file'].endswith('%s/%s' % (case, file)), (case, error)
        assert (error['line'], error['path']) == (line, path), (case, error)
        assert fragment in error['message'], (case, error)
        assert error['text'].startswith('%s:%d: ' % (error['file'], line)) and '(value: ' in error['text']

        junit = ElementTree.parse(str(flow.report(case, 'validate.junit.xml'))).getroot()
        assert junit.get('failures') == '1', case
        assert any(path in (failure.text or '') for failure in junit.iter('failure')), case
        assert path in flow.report(case, 'validate.md').read_text()
    junit = ElementTree.parse(str(flow.report('good', 'validate.junit.xml'))).getroot()
    assert junit.get('failures') == '0' and int(junit.get('tests')) == 6


def test_validate_the_shipped_inventories_offline_without_vault_or_credentials(flow):
    flow.urls = {'dev': 'http://127.0.0.1:9', 'prod': 'http://127.0.0.1:9'}  # nothing listens there
    for env in ('dev', 'prod'):
        output = flow.run('validate.yml', (env,), vault=False)
        result = task_result(output, 'Check schema, bounds and cross-references of the desired state', env)
        assert result['valid'] and len(result['files']) == 7
        junit = ElementTree.parse(str(flow.report(env, 'validate.junit.xml'))).getroot()
        assert junit.get('failures') == '0'


# ---------------------------------------------------------------------------------------------
# drift, apply, drift again

def test_drift_writes_nothing_lists_the_pending_changes_and_is_byte_identical(flow, emulator):
    report = flow.drift()
    assert emulator.stats()['writes'] == 0
    assert pending(report) == DEV_PENDING
    sales = [item for item in report['objects'] if (item['kind'], item['name']) == ('queue', 'Sales')][0]
    assert sales['changes'] == [{'path': 'media_settings.call.alerting_timeout_seconds', 'before': 10, 'after': 15}]
    assert sales['etag'] == report['etags']['queue']['Sales'] and sales['etag'].startswith('W/"')

    first = [flow.report('dev', name).read_bytes() for name in ('drift.json', 'drift.md')]
    flow.drift()
    assert [flow.report('dev', name).read_bytes() for name in ('drift.json', 'drift.md')] == first
    assert emulator.stats()['writes'] == 0


def test_apply_then_drift_again_is_in_sync(flow, emulator):
    flow.drift()
    reviewed = flow.tmp / 'reviewed.json'
    reviewed.write_bytes(flow.report('dev', 'drift.json').read_bytes())
    flow.run('apply.yml', extra={'routing_drift_report': 'reviewed.json'})  # relative to the working directory
    applied = json.loads(flow.report('dev', 'apply.json').read_text())
    assert pending(applied) == DEV_PENDING and applied['summary']['failed'] == 0

    emulator.reset_stats()
    again = flow.drift(extra={'routing_fail_on_drift': True})
    assert again['in_sync'] and again['objects'] == [] and emulator.stats()['writes'] == 0
    assert queue_by_name(emulator, 'Sales')['mediaSettings']['call']['alertingTimeoutSeconds'] == 15


def test_apply_refuses_objects_changed_since_review_and_applies_the_rest(flow, emulator):
    flow.drift()
    reviewed = flow.tmp / 'reviewed.json'
    reviewed.write_bytes(flow.report('dev', 'drift.json').read_bytes())
    update_queue(emulator, 'Sales', lambda queue: queue.update(description='Changed by a colleague'))

    flow.run('apply.yml', extra={'routing_drift_report': str(reviewed)}, expect_ok=False)
    applied = json.loads(flow.report('dev', 'apply.json').read_text())
    refused = [(item['kind'], item['name']) for item in applied['objects'] if item.get('failed')]
    assert refused == [('queue', 'Sales'), ('skill_rules', 'Sales')]
    sales = queue_by_name(emulator, 'Sales')
    assert sales['description'] == 'Changed by a colleague'  # their change stands...
    assert sales['mediaSettings']['call']['alertingTimeoutSeconds'] == 10  # ...and ours was not written
    assert not (sales.get('bullseye') or {}).get('rings')
    # Everything else was applied.
    assert queue_by_name(emulator, 'Partner Support')['description'] == 'Technical help for reseller partners'
    skills = emulator.api('GET', '/api/v2/routing/skills', params={'pageSize': 100}).json()['entities']
    assert 'Mandarin-speaking' in [skill['name'] for skill in skills]


def test_apply_all_or_nothing_writes_nothing_when_one_object_is_stale(flow, emulator):
    flow.drift()
    reviewed = flow.tmp / 'reviewed.json'
    reviewed.write_bytes(flow.report('dev', 'drift.json').read_bytes())
    update_queue(emulator, 'VIP', lambda queue: queue.update(description='Changed by a colleague'))
    emulator.reset_stats()

    output = flow.run('apply.yml', extra={'routing_drift_report': str(reviewed),
                                          'routing_stale_policy': 'all_or_nothing'}, expect_ok=False)
    assert emulator.stats()['writes'] == 0
    refusal = task_result(output, 'Refuse the whole run when an object changed since the review', 'dev')
    assert refusal['failed'] and 'queue VIP' in refusal['msg'] and 'Nothing was written' in refusal['msg']


# ---------------------------------------------------------------------------------------------
# export, drift against an export, prune

def export(flow, env='dev'):
    flow.run('export.yml', (env,))
    folder = flow.reports / env / 'export'
    return folder, dict((path.name, yaml.safe_load(path.read_text())) for path in sorted(folder.glob('*.yml')))


def test_export_round_trips_with_zero_changes_and_validates_as_its_own_snapshot(flow, emulator):
    folder, files = export(flow)
    assert sorted(files) == ['known_names.yml', 'queues.yml', 'skill_groups.yml', 'skill_rules.yml', 'skills.yml',
                             'utilization.yml', 'workbins.yml', 'workitem_schemas.yml', 'worktypes.yml']
    assert len(files['queues.yml']['routing_queues']) == 10
    refund = [item for item in files['worktypes.yml']['routing_worktypes'] if item['name'] == 'Refund request'][0]
    assert refund['default_queue'] == 'Email Support' and refund['workbin'] == 'Refund request workbin'
    assert refund['default_status'] == 'Open' and len(refund['statuses']) == 3
    emulator.reset_stats()
    report = flow.drift(extra={'routing_state_dir': str(folder.relative_to(flow.tmp))})
    assert report['in_sync'] and report['summary']['unchanged'] >= 40
    flow.run('apply.yml', extra={'routing_state_dir': str(folder)})
    assert emulator.stats()['writes'] == 0

    output = flow.run('validate.yml', vault=False, extra={'routing_state_dir': str(folder),
                                                          'routing_snapshot': str(folder)})
    result = task_result(output, 'Check schema, bounds and cross-references of the desired state', 'dev')
    assert result['valid'] and 'division' not in result['unverified_references']


def test_drift_against_an_export_lists_exactly_the_injected_differences(flow, emulator):
    folder, _files = export(flow)
    update_queue(emulator, 'Sales', lambda queue: queue.update(description='Edited in the UI'))

    def widen_vip_ring(queue):
        queue['bullseye']['rings'][0]['expansionCriteria'][0]['threshold'] = 25
    update_queue(emulator, 'VIP', widen_vip_ring)
    utilization = emulator.api('GET', '/api/v2/routing/utilization').json()
    utilization['utilization']['chat']['maximumCapacity'] = 2
    assert emulator.api('PUT', '/api/v2/routing/utilization', json=utilization).status_code == 200
    groups = emulator.api('GET', '/api/v2/routing/skillgroups', params={'pageSize': 100}).json()['entities']
    group = [item for item in groups if item['name'] == 'Spanish Billing'][0]
    assert emulator.api('PATCH', '/api/v2/routing/skillgroups/%s' % group['id'],
                        json=dict(group, description='Edited')).status_code == 200
    skills = emulator.api('GET', '/api/v2/routing/skills', params={'pageSize': 100}).json()['entities']
    compliance = [skill for skill in skills if skill['name'] == 'Compliance'][0]
    assert emulator.api('DELETE', '/api/v2/routing/skills/%s' % compliance['id']).status_code in (200, 204)
    emulator.reset_stats()

    report = flow.drift(extra={'routing_state_dir': str(folder)})
    assert emulator.stats()['writes'] == 0
    found = dict(((item['kind'], item['name'], item['action']), [change['path'] for change in item['changes']])
                 for item in report['objects'])
    assert found == {
        ('skill', 'Compliance', 'create'): ['division', 'name'],
        ('skill_group', 'Spanish Billing', 'update'): ['description'],
        ('utilization', 'organization', 'update'): ['media_types.chat.maximum_capacity'],
        ('queue', 'Sales', 'update'): ['description'],
        ('skill_rules', 'VIP', 'update'): ['bullseye_rings'],
    }


def test_prune_deletes_only_what_a_defined_section_does_not_declare(flow, emulator):
    folder, files = export(flow)
    queues = files['queues.yml']['routing_queues']
    kept = [queue for queue in queues if queue['name'] != 'Callbacks']
    state = flow.tmp / 'pruned-state'
    state.mkdir()
    (state / 'queues.yml').write_text(yaml.safe_dump({'routing_queues': kept}))
    report = flow.drift(extra={'routing_state_dir': str(state), 'routing_prune': True})
    assert pending(report) == [('queue', 'Callbacks', 'delete')]  # skills etc. are not defined: not pruned
    assert emulator.stats()['writes'] == 0


# ---------------------------------------------------------------------------------------------
# compare

def test_compare_finds_exactly_the_deliberate_differences_and_nothing_from_ids(flow, emulator, prod):
    demo.make_prod_differences(prod.base_url)
    flow.urls = {'dev': emulator.base_url, 'prod': prod.base_url}
    flow.run('compare.yml', ('dev', 'prod'), extra={'compare_ignore': []})
    report = json.loads(flow.report('compare-dev-prod.json').read_text())
    assert report['only_in_left'] == []
    assert report['only_in_right'] == [{'kind': 'skill', 'name': 'German-speaking'}]
    assert [(item['kind'], item['name'], item['differences']) for item in report['different']] == [
        ('queue', 'Billing', [{'path': 'media_settings.call.alerting_timeout_seconds', 'left': 15, 'right': 25}]),
        ('queue', 'Returns', [{'path': 'description', 'left': 'Returns and exchanges',
                               'right': 'Returns and exchanges (EU warehouse)'}]),
    ]
    expected = set((item['kind'], item['name']) for item in demo.PROD_DIFFERENCES)
    found = set((item['kind'], item['name']) for item in report['different'] + report['only_in_right'])
    assert found == expected
    assert 'queue_flow' in report['not_compared']['queue']
    markdown = flow.report('compare-dev-prod.md').read_text()
    assert '| queue | Returns | description |' in markdown

    flow.run('compare.yml', ('dev', 'prod'), extra={'compare_ignore': ['queue/*/description', 'skill/German*',
                                                                       'queue/Billing/media_settings']})
    assert json.loads(flow.report('compare-dev-prod.json').read_text())['identical']


def test_compare_covers_worktypes(flow, emulator, prod):
    """A worktype routed elsewhere in prod is one difference, by name, with the queue by name."""
    api = demo.Api(prod.base_url, demo.PROD_CLIENT)
    body = {'filters': [{'name': 'name', 'type': 'String', 'operator': 'EQ', 'values': ['Refund request']}]}
    worktype = api.call('POST', '/api/v2/taskmanagement/worktypes/query', json=body)['entities'][0]
    api.call('PATCH', '/api/v2/taskmanagement/worktypes/%s' % worktype['id'],
             json={'defaultQueueId': api.queue('Callbacks')['id']})
    flow.urls = {'dev': emulator.base_url, 'prod': prod.base_url}
    flow.run('compare.yml', ('dev', 'prod'), extra={'compare_ignore': []})
    report = json.loads(flow.report('compare-dev-prod.json').read_text())
    assert [(item['kind'], item['name'], item['differences']) for item in report['different']] == [
        ('worktype', 'Refund request', [{'path': 'default_queue', 'left': 'Email Support', 'right': 'Callbacks'}])]


# ---------------------------------------------------------------------------------------------
# make demo

def test_make_demo_flow_completes_and_writes_non_empty_reports(tmp_path):
    reports = tmp_path / 'demo-reports'
    env = dict(os.environ)
    env.pop('GENESYSCLOUD_API_URL', None)
    completed = subprocess.run([sys.executable, str(ROOT / 'tools' / 'demo.py'), '--reports-dir', str(reports)],
                               cwd=str(ROOT), env=env, capture_output=True, text=True, timeout=300)
    assert completed.returncode == 0, completed.stdout[-4000:] + completed.stderr[-4000:]
    for name in ('dev/validate.junit.xml', 'dev/validate.md', 'dev/drift-reviewed.json', 'dev/drift.json',
                 'dev/drift.md', 'dev/apply.json', 'dev/apply.md', 'compare-dev-prod.json', 'compare-dev-prod.md',
                 'prod/export/queues.yml'):
        assert (reports / name).stat().st_size > 0, name
    assert json.loads((reports / 'dev' / 'drift.json').read_text())['in_sync']
    assert not json.loads((reports / 'dev' / 'drift-reviewed.json').read_text())['in_sync']
    assert 'Reports:' in completed.stdout and '[8/8] export' in completed.stdout
    # the webhook step: the audit event of a queue change reached the local receiver
    assert 'Queue Update Billing: description' in completed.stdout


# ---------------------------------------------------------------------------------------------
# large states: progress lines of long runs, the export's file formats (issue 15 items 4 and 5)

def task_results(output, name, host='dev'):
    """Every result of the tasks called `name` (an included task runs once per batch), in order."""
    return [task['hosts'][host] for play in output['plays'] for task in play['tasks']
            if task['task']['name'].split(' : ')[-1] == name and host in task['hosts']]


def batch_results(output, host='dev'):
    return [task['hosts'][host] for play in output['plays'] for task in play['tasks']
            if task['task']['name'].split(' : ')[-1].startswith('Apply a batch of queues') and host in task['hosts']]


def progress_counts(output, name='Progress'):
    """(done, total, calls) of each progress line."""
    counts = []
    for result in task_results(output, name):
        match = re.match(r'queues (\d+)/(\d+) done.*; (\d+) API calls \(\d+/min\); [\d.]+ queues/s, '
                         r'(about \w+ left|finished)$', result['msg'])
        assert match, result['msg']
        counts.append(tuple(int(value) for value in match.groups()[:3]))
    return counts


def test_apply_and_drift_print_progress_with_counts_calls_and_time_left(flow, emulator):
    output = flow.run('apply.yml', extra={'routing_batch_size': 3})
    queues = len(yaml.safe_load((ROOT / 'inventories' / 'dev' / 'group_vars' / 'all' / 'queues.yml').read_text())
                 ['routing_queues'])
    lines = progress_counts(output)
    assert [(done, total) for done, total, _calls in lines] == [
        (min(done, queues), queues) for done in range(3, queues + 3, 3)]
    calls = [result['api_calls']['total'] for result in batch_results(output)]
    assert len(calls) == len(lines) and all(calls)
    assert [line[2] for line in lines] == [sum(calls[:index + 1]) for index in range(len(calls))]

    # The dev inventory declares wrap-up codes (one read per queue): a check is batched too.
    output = flow.run('drift.yml', extra={'routing_batch_size': 3})
    assert len(progress_counts(output)) == len(lines)


def test_a_check_of_queue_settings_alone_plans_every_queue_in_one_batch(flow, emulator):
    flow.run('export.yml', extra={'routing_export_members': False})
    folder = flow.reports / 'dev' / 'export'
    output = flow.run('drift.yml', extra={'routing_state_dir': str(folder), 'routing_batch_size': 3})
    assert [(done, total) for done, total, _calls in progress_counts(output)] == [(10, 10)]
    assert len(batch_results(output)) == 1


def test_export_reads_members_in_batches_with_progress_and_writes_large_sections_as_json(flow, emulator):
    folder = flow.reports / 'dev' / 'export'
    folder.mkdir(parents=True)
    (folder / 'queues.yml').write_text('routing_queues: []\n')  # an older export in the other format
    output = flow.run('export.yml', extra={'routing_export_batch_size': 4, 'routing_export_json_over': 5})
    assert [(done, total) for done, total, _calls in progress_counts(output, 'Export progress')] == [
        (4, 10), (8, 10), (10, 10)]
    assert not (folder / 'queues.yml').exists()
    exported = json.loads((folder / 'queues.json').read_text())['routing_queues']
    assert len(exported) == 10 and any(queue.get('members') or queue.get('wrapup_codes') for queue in exported)
    assert (folder / 'utilization.yml').is_file()  # a small section stays YAML
    emulator.reset_stats()
    report = flow.drift(extra={'routing_state_dir': str(folder)})
    assert report['in_sync'] and emulator.stats()['writes'] == 0
