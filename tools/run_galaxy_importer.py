"""`make importer`: run galaxy-importer, the checker Galaxy and Automation Hub run on an upload, on
the built tarball, offline (settings in tools/galaxy-importer.cfg: ansible-doc and ansible-lint run
locally, ansible-test runs in `make sanity`/`make matrix` rather than in a container).

    .build/tools-venv/bin/python tools/run_galaxy_importer.py TARBALL

Fails when the import fails or when the importer reports any error or warning (Galaxy shows those
to everyone who looks at the collection).
"""
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def main(argv):
    if len(argv) != 1:
        raise SystemExit('usage: run_galaxy_importer.py TARBALL')
    tarball = Path(argv[0]).resolve()
    env = dict(os.environ, GALAXY_IMPORTER_CONFIG=str(ROOT / 'tools' / 'galaxy-importer.cfg'),
               PATH='%s:%s' % (BIN, os.environ['PATH']))
    env.pop('ANSIBLE_CONFIG', None)  # the importer's ansible-doc must not see this tree's settings
    with tempfile.TemporaryDirectory(prefix='galaxy-importer-') as scratch:
        completed = subprocess.run([str(BIN / 'python'), '-m', 'galaxy_importer.main', str(tarball)], cwd=scratch,
                                   env=env, capture_output=True, text=True, timeout=1200)
    output = completed.stdout + completed.stderr
    findings = [line for line in output.splitlines() if line.startswith(('ERROR', 'WARNING'))]
    for line in findings:
        print(line)
    if completed.returncode != 0 or findings or 'Importer processing completed successfully' not in output:
        print(output[-3000:])
        print('galaxy-importer refused %s (exit %d, %d finding(s))' % (tarball.name, completed.returncode,
                                                                       len(findings)))
        return 1
    print('galaxy-importer: %s imported with no error or warning' % tarball.name)
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
