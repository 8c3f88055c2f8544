"""A module whose Python library is missing on the controller fails with the library's name and the
command that installs it (never a NameError or a traceback), and declares the library in its
DOCUMENTATION `requirements`. The library is hidden by a package of the same name, earlier on
PYTHONPATH, that cannot be imported (as when it was never installed)."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
STATE = str(ROOT / 'inventories' / 'dev' / 'group_vars' / 'all')

# library -> tasks that need it (one of each kind of entry point: module, controller-side action).
NEEDED_BY = {
    'jsonschema': [
        {'name': 'validate', 'genesyscloud.routing.genesys_validate': {'paths': [STATE]}},
        {'name': 'rules', 'genesyscloud.routing.genesys_skill_rules': {
            'state': 'merged', 'config': [{'queue': 'Support', 'bullseye_rings': [{'expansion_timeout_seconds': 10}]}]}},
    ],
    'deepdiff': [
        {'name': 'compare', 'genesyscloud.routing.genesys_compare': {'left': {}, 'right': {}}},
    ],
    'requests': [
        {'name': 'queue', 'genesyscloud.routing.genesys_queue': {'name': 'Support'}},
        {'name': 'skill', 'genesyscloud.routing.genesys_skill': {'name': 'Billing'}},
    ],
}


def hide(library, folder):
    package = folder / library
    package.mkdir(parents=True)
    (package / '__init__.py').write_text(
        'raise ModuleNotFoundError("No module named %r", name=%r)\n' % (library, library))
    return str(folder)


def documented_requirements(module):
    completed = subprocess.run([str(BIN / 'ansible-doc'), '--json', 'genesyscloud.routing.%s' % module],
                               capture_output=True, text=True, check=True)
    doc = json.loads(completed.stdout)['genesyscloud.routing.%s' % module]['doc']
    return ' '.join(doc.get('requirements', []))


@pytest.mark.parametrize('library', sorted(NEEDED_BY))
def test_a_missing_library_fails_with_the_install_command(library, playbook, tmp_path):
    run = playbook(NEEDED_BY[library], env={'PYTHONPATH': hide(library, tmp_path / 'hidden')}, expect_failure=True)
    task = NEEDED_BY[library][0]
    result = run[task['name']]
    message = result.get('msg', '')
    assert result.get('failed') is True
    assert '-m pip install' in message and library in message, message
    assert 'is not defined' not in message and 'Traceback' not in message


@pytest.mark.parametrize('library', sorted(NEEDED_BY))
def test_every_module_that_needs_a_library_declares_it(library):
    for task in NEEDED_BY[library]:
        module = [key for key in task if key.startswith('genesyscloud.')][0].rsplit('.', 1)[1]
        assert library in documented_requirements(module), module
