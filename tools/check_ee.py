"""`make ee`: check the execution environment definition without building a container.

    .venv/bin/python tools/check_ee.py TARBALL

1. `ansible-builder create` on execution-environment.yml writes the build context; it must hold the
   Containerfile, the collection tarball that ee/requirements.yml installs (the one `make build`
   wrote, byte for byte, under the name of galaxy.yml's version) and the Python requirements,
   which must be the collection's requirements.txt.
2. What the image build does with the collection is run here too: the tarball is installed into an
   empty collections path and `ansible-builder introspect` must find the collection's Python
   requirements in it (meta/execution-environment.yml), as the image build will.
"""
import filecmp
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def requirement_names(text):
    names = set()
    for line in text.splitlines():
        line = line.split('#', 1)[0].strip()
        if line:
            names.add(line.split(';')[0].replace('>', '=').replace('<', '=').split('=')[0].strip().lower())
    return names


def main(argv):
    if len(argv) != 1:
        raise SystemExit('usage: check_ee.py TARBALL')
    tarball = Path(argv[0]).resolve()
    version = yaml.safe_load((ROOT / 'galaxy.yml').read_text())['version']
    problems = []
    wanted = requirement_names((ROOT / 'requirements.txt').read_text())
    with tempfile.TemporaryDirectory(prefix='ee-check-') as scratch:
        context = Path(scratch) / 'context'
        subprocess.run([str(BIN / 'ansible-builder'), 'create', '-f', str(ROOT / 'execution-environment.yml'),
                        '--context', str(context), '--output-filename', 'Containerfile'], check=True, cwd=str(ROOT), stdout=subprocess.DEVNULL)
        build = context / '_build'
        if not (context / 'Containerfile').is_file():
            problems.append('no Containerfile in the build context')
        galaxy = yaml.safe_load((build / 'requirements.yml').read_text())
        listed = [Path(entry['name']).name for entry in galaxy['collections'] if entry.get('type') == 'file']
        expected = 'genesyscloud-routing-%s.tar.gz' % version
        if listed != [expected]:
            problems.append('ee/requirements.yml installs %s, the build makes %s' % (listed, expected))
        shipped = build / 'collections' / expected
        if not shipped.is_file():
            problems.append('the build context lacks the collection (%s)' % shipped.relative_to(context))
        elif not filecmp.cmp(str(shipped), str(tarball), shallow=False):
            problems.append('the build context holds another tarball than %s' % tarball)
        python = (build / 'requirements.txt').read_text() if (build / 'requirements.txt').is_file() else ''
        if requirement_names(python) != wanted:
            problems.append('the build context installs Python packages %s, the collection needs %s'
                            % (sorted(requirement_names(python)), sorted(wanted)))
        collections = Path(scratch) / 'collections'
        subprocess.run([str(BIN / 'ansible-galaxy'), 'collection', 'install', '--offline', '--force',
                        '-p', str(collections), str(tarball)], check=True, stdout=subprocess.DEVNULL,
                       env=dict(os.environ, ANSIBLE_COLLECTIONS_PATH=str(collections)))
        introspected = subprocess.run([str(BIN / 'ansible-builder'), 'introspect', str(collections)],
                                      capture_output=True, text=True, check=True).stdout
        found = yaml.safe_load(introspected).get('python') or []
        found_names = requirement_names('\n'.join(found))
        if found_names != wanted:
            problems.append('introspection of the installed collection finds %s, requirements.txt lists %s'
                            % (sorted(found_names), sorted(wanted)))
    for problem in problems:
        print(problem)
    if problems:
        return 1
    print('execution environment: build context with the Containerfile, %s and the Python requirements %s; '
          'introspection of the installed collection finds the same' % (expected, ', '.join(sorted(wanted))))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
