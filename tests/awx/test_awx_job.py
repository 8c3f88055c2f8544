"""The routing workflow as AWX/AAP runs it: jobs executed by ansible-runner (the library AWX uses),
each in a private data dir laid out as AWX lays it out, with a credential of the type shipped in
docs/awx/credential_type.yml injected the way AWX injects it, against the emulator.

    <private data dir>/
      env/envvars      the credential type's `env` injectors (plus the job's settings)
      env/extravars    the job's extra variables and the credential type's `extra_vars` injectors
      env/cmdline      --check / --diff for a check job
      inventory/hosts  the inventory as AWX writes it: an executable script printing JSON
      project/         the project checkout (a one-line playbook importing the collection's)
      requirements_collections/   the collection installed from the built tarball

Each job's results are read from its events, as AWX's job output and API show them.
"""
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import ansible_runner
import jinja2.sandbox
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
CREDENTIAL_TYPE = yaml.safe_load((ROOT / 'docs' / 'awx' / 'credential_type.yml').read_text())
SECRET = 'emulator-secret'
REPORT_TASK = 'Collect the results into a report'


def inject(credential_type, inputs):
    """AWX's injection: each injector template rendered (sandboxed Jinja) with the credential's
    inputs; an optional input that was not given renders empty. Returns (env, extra_vars)."""
    fields = [field['id'] for field in credential_type['inputs']['fields']]
    missing = [name for name in credential_type['inputs'].get('required', []) if not inputs.get(name)]
    if missing:
        raise ValueError('credential lacks required inputs: %s' % ', '.join(missing))
    values = dict((name, inputs.get(name, '')) for name in fields)
    sandbox = jinja2.sandbox.ImmutableSandboxedEnvironment(undefined=jinja2.StrictUndefined)
    rendered = {}
    for kind in ('env', 'extra_vars'):
        rendered[kind] = dict((key, sandbox.from_string(template).render(**values))
                              for key, template in credential_type['injectors'].get(kind, {}).items())
    return rendered['env'], rendered['extra_vars']


@pytest.fixture(scope='module')
def tarball(tmp_path_factory):
    out = tmp_path_factory.mktemp('dist')
    subprocess.run([str(BIN / 'ansible-galaxy'), 'collection', 'build', '--output-path', str(out), str(ROOT)],
                   check=True, capture_output=True)
    return next(out.glob('genesyscloud-routing-*.tar.gz'))


def inventory_script(path):
    """The dev environment's host and desired state (group_vars/all), as AWX imports an inventory
    source from the project and hands it to the job; the vault-encrypted connection settings are
    replaced by the credential."""
    desired = {}
    for part in sorted((ROOT / 'inventories' / 'dev' / 'group_vars' / 'all').glob('*.yml')):
        desired.update(yaml.safe_load(part.read_text()))
    hostvars = dict(desired, ansible_connection='local', ansible_python_interpreter='{{ ansible_playbook_python }}')
    data = {'all': {'hosts': ['dev']}, '_meta': {'hostvars': {'dev': hostvars}}}
    path.write_text('#!%s\nimport json, sys\nsys.stdout.write(json.dumps(%r))\n' % (sys.executable, data))
    path.chmod(path.stat().st_mode | stat.S_IXUSR)


def private_data_dir(root, tarball, credential_inputs, extra_vars, check):
    job = root
    for folder in ('env', 'inventory', 'project', 'requirements_collections'):
        (job / folder).mkdir(parents=True)
    for name in ('drift', 'apply'):
        (job / 'project' / ('%s.yml' % name)).write_text(
            '---\n- name: Routing %s\n  ansible.builtin.import_playbook: genesyscloud.routing.%s\n' % (name, name))
    collections = job / 'requirements_collections'
    subprocess.run([str(BIN / 'ansible-galaxy'), 'collection', 'install', '--offline', '--force', '-p',
                    str(collections), str(tarball)], check=True, capture_output=True,
                   env=dict(os.environ, ANSIBLE_COLLECTIONS_PATH=str(collections)))
    inventory_script(job / 'inventory' / 'hosts')
    env, injected_vars = inject(CREDENTIAL_TYPE, credential_inputs)
    env.update({'PATH': '%s:%s' % (BIN, os.environ['PATH']),  # the execution environment's ansible-playbook
                'ANSIBLE_COLLECTIONS_PATH': str(collections), 'ANSIBLE_FORCE_COLOR': 'False',
                'GENESYSCLOUD_TOKEN_CACHE_DIR': str(job / 'tokens'),
                # the project's own settings, not those of the shell that runs the tests
                'ANSIBLE_CONFIG': str(job / 'project' / 'ansible.cfg')})
    (job / 'project' / 'ansible.cfg').write_text('[defaults]\nretry_files_enabled = false\n')
    (job / 'env' / 'envvars').write_text(yaml.safe_dump(env))
    (job / 'env' / 'extravars').write_text(yaml.safe_dump(dict(extra_vars, **injected_vars)))
    if check:
        (job / 'env' / 'cmdline').write_text('--check --diff')
    return job


def run_job(root, tarball, credential, playbook, extra_vars, check=False):
    job = private_data_dir(root, tarball, credential, extra_vars, check)
    events = []
    runner = ansible_runner.run(private_data_dir=str(job), playbook='%s.yml' % playbook, quiet=True,
                                event_handler=lambda event: events.append(event) or True)
    return runner, events


def report_of(events):
    """The per-object results of the job, from the event of the role's report task."""
    found = [event['event_data']['res'] for event in events
             if event['event'] == 'runner_on_ok' and event['event_data'].get('task') == REPORT_TASK]
    assert len(found) == 1, [event['event'] for event in events]
    return found[0]


def test_the_workflow_runs_as_awx_jobs_with_the_credential_type(emulator, tarball, tmp_path):
    credential = {'client_id': 'emulator-client', 'client_secret': SECRET, 'region': 'us-east-1',
                  'api_url': emulator.base_url}
    reports = tmp_path / 'reports'

    drift, events = run_job(tmp_path / 'drift', tarball, credential, 'drift', {'routing_reports_root': str(reports)},
                            check=True)
    assert (drift.status, drift.rc) == ('successful', 0), drift.stdout.read()[-3000:]
    planned = report_of(events)
    pending = [item for item in planned['report']['objects'] if item['action'] != 'none']
    assert pending and planned['in_sync'] is False
    stats = emulator.stats()
    assert stats['writes'] == 0, stats['by_operation']  # a check job writes nothing (queries are reads)
    drift_json = reports / 'dev' / 'drift.json'
    assert json.loads(drift_json.read_text())['environment'] == 'dev'

    apply, events = run_job(tmp_path / 'apply', tarball, credential, 'apply',
                            {'routing_reports_root': str(reports), 'routing_drift_report': str(drift_json)})
    assert (apply.status, apply.rc) == ('successful', 0), apply.stdout.read()[-3000:]
    applied = report_of(events)
    assert sorted((item['kind'], item['name']) for item in applied['report']['objects'] if item['action'] != 'none') \
        == sorted((item['kind'], item['name']) for item in pending)
    assert applied['summary']['failed'] == 0
    # The role's progress lines are task events, so AWX's job output shows them as the job runs.
    progress = [event['event_data']['res']['msg'] for event in events
                if event['event'] == 'runner_on_ok' and event['event_data'].get('task') == 'Progress']
    queues = len(yaml.safe_load((ROOT / 'inventories' / 'dev' / 'group_vars' / 'all' / 'queues.yml').read_text())
                 ['routing_queues'])
    assert len(progress) == 1 and progress[0].startswith('queues %d/%d done' % (queues, queues)), progress
    assert 'API calls' in progress[0] and progress[0].endswith('finished'), progress
    # AWX keeps the events under the job's artifacts too (what its callback receiver stores).
    assert list((tmp_path / 'apply' / 'artifacts').glob('*/job_events/*.json'))

    again, events = run_job(tmp_path / 'again', tarball, credential, 'drift',
                            {'routing_reports_root': str(reports), 'routing_fail_on_drift': True}, check=True)
    assert (again.status, again.rc) == ('successful', 0), again.stdout.read()[-3000:]
    assert report_of(events)['in_sync'] is True

    for job in ('drift', 'apply', 'again'):
        for event_file in (tmp_path / job / 'artifacts').glob('*/job_events/*.json'):
            assert SECRET not in event_file.read_text(), event_file
        for stdout in (tmp_path / job / 'artifacts').glob('*/stdout'):
            assert SECRET not in stdout.read_text()


def test_the_credential_type_injects_what_the_playbooks_read(tmp_path):
    env, extra_vars = inject(CREDENTIAL_TYPE, {'client_id': 'id', 'client_secret': 's', 'region': 'eu-west-1'})
    assert env == {'GENESYSCLOUD_OAUTHCLIENT_ID': 'id', 'GENESYSCLOUD_OAUTHCLIENT_SECRET': 's',
                   'GENESYSCLOUD_REGION': 'eu-west-1', 'GENESYSCLOUD_API_URL': ''}
    assert extra_vars == {'genesys_client_id': 'id', 'genesys_client_secret': 's', 'genesys_region': 'eu-west-1',
                          'genesys_api_url': ''}
    secret_field = [field for field in CREDENTIAL_TYPE['inputs']['fields'] if field['id'] == 'client_secret']
    assert secret_field[0]['secret'] is True and CREDENTIAL_TYPE['kind'] == 'cloud'
    # Every variable a playbook hands to the modules is injected (module_defaults of each playbook).
    for playbook in ('drift', 'apply', 'export', 'compare'):
        text = (ROOT / 'playbooks' / ('%s.yml' % playbook)).read_text()
        for name in ('genesys_client_id', 'genesys_client_secret', 'genesys_region', 'genesys_api_url'):
            if name in text:
                assert name in extra_vars
    with pytest.raises(ValueError):
        inject(CREDENTIAL_TYPE, {'client_id': 'id'})
