"""`make install-test`: run the playbooks of the *installed* collection against an emulator.

    .venv/bin/python tools/install_test.py <collections path holding the installed tarball>

The collections path must contain nothing but what `ansible-galaxy collection install` put there
from the built tarball, so a file missing from the build (a plugin, a role file, a schema) fails
here although it works from the working tree. The playbooks are run by their collection name
(`genesyscloud.routing.drift`), with the repository's example dev inventory.
"""
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from demo import BIN, ROOT, Emulator, playbook_env  # same folder: tools/

COLLECTION = Path('ansible_collections') / 'genesyscloud' / 'routing'


def check_install(collections):
    installed = Path(collections) / COLLECTION
    if not (installed / 'MANIFEST.json').is_file():
        raise SystemExit('%s holds no installed collection (no MANIFEST.json)' % installed)
    if installed.is_symlink() or installed.resolve() == ROOT:
        raise SystemExit('%s is the working tree, not an install' % installed)
    for needed in ('roles/routing/tasks/main.yml', 'roles/routing/meta/argument_specs.yml',
                   'playbooks/drift.yml', 'plugins/action/genesys_drift_report.py',
                   'schemas/desired_state.schema.json'):
        if not (installed / needed).is_file():
            raise SystemExit('the built collection lacks %s' % needed)
    return installed


def run(collections, name, reports, cache_dir, urls, extra=None, check_rc=True):
    env = playbook_env(urls, cache_dir, {'ANSIBLE_COLLECTIONS_PATH': str(Path(collections).resolve())})
    command = [str(BIN / 'ansible-playbook'), 'genesyscloud.routing.%s' % name,
               '-i', str(ROOT / 'inventories' / 'dev'),
               '--vault-id', 'dev@%s' % (ROOT / 'inventories' / 'dev' / '.vault-pass'),
               '-e', json.dumps(dict({'routing_reports_root': str(reports)}, **(extra or {})))]
    # Run outside the working tree, so nothing can be picked up from it by accident.
    completed = subprocess.run(command, cwd=tempfile.gettempdir(), env=env, capture_output=True, text=True,
                               timeout=600)
    if check_rc and completed.returncode != 0:
        print(completed.stdout[-6000:] + completed.stderr[-3000:])
        raise SystemExit('genesyscloud.routing.%s failed from the installed collection' % name)
    return completed


def main(argv):
    if len(argv) != 1:
        raise SystemExit('usage: install_test.py COLLECTIONS_PATH')
    installed = check_install(argv[0])
    print('installed collection: %s' % installed)
    emulator = Emulator('dev', 'demo')
    try:
        with tempfile.TemporaryDirectory(prefix='genesys-install-test-') as scratch:
            reports = Path(scratch) / 'reports'
            urls = {'dev': emulator.url, 'prod': emulator.url}
            cache = Path(scratch) / 'tokens'
            run(argv[0], 'validate', reports, cache, urls)
            run(argv[0], 'drift', reports, cache, urls)
            pending = json.loads((reports / 'dev' / 'drift.json').read_text())
            if pending['in_sync']:
                raise SystemExit('the first drift found nothing to do; the example inventory should have changes')
            run(argv[0], 'apply', reports, cache, urls,
                extra={'routing_drift_report': str(reports / 'dev' / 'drift.json')})
            run(argv[0], 'drift', reports, cache, urls, extra={'routing_fail_on_drift': True})
            print('install test passed: validate, drift (%d pending), apply, drift (in sync) from the installed '
                  'collection' % (len(pending['objects'])))
    finally:
        emulator.stop()
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
