"""`make matrix`: ansible-test sanity and an integration smoke on each supported ansible-core release.

    .venv/bin/python tools/matrix.py TARBALL 2.16 2.17 ...   (series from SUPPORTED, default: all)

Each series gets its own small virtual environment under .build/matrix/<series>/ holding only
ansible-core and the collection's runtime libraries (pinned as in requirements-dev.txt), on the newest
Python of this machine that the release supports as a controller. In it, on the built tarball:
  - ansible-test sanity, on the tarball's contents copied to ansible_collections/genesyscloud/routing
    (all of it but the style linters STYLE_LINTERS, which `make sanity` runs on the newest release);
  - the smoke: the tarball installed with that release's ansible-galaxy, then validate, drift (check
    mode), apply and drift again (nothing left to change) against an emulator (tools/install_test.py).
The environments are kept between runs and rebuilt only when their pins change.
"""
import argparse
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MATRIX = ROOT / '.build' / 'matrix'

# series -> (pinned release, controller Pythons it supports, newest first). The newest series
# is also the one in requirements-dev.txt, where every other suite runs.
SUPPORTED = {
    '2.16': ('2.16.19', ('3.12', '3.11')),
    '2.17': ('2.17.14', ('3.12', '3.11')),
    '2.18': ('2.18.19', ('3.13', '3.12', '3.11')),
    '2.19': ('2.19.14', ('3.13', '3.12', '3.11')),
    '2.20': ('2.20.10', ('3.13', '3.12')),
    '2.21': ('2.21.5', ('3.13', '3.12')),
}
RUNTIME_LIBRARIES = ('requests', 'jsonschema', 'deepdiff')
# Style linters of the source text: what they find does not depend on the ansible-core that runs the
# code, and they are the slowest sanity tests, so they run once, on the newest release (make sanity).
STYLE_LINTERS = ('pylint', 'pep8')


def runtime_pins():
    text = (ROOT / 'requirements-dev.txt').read_text()
    pins = []
    for name in RUNTIME_LIBRARIES:
        match = re.search(r'^(%s==[^\s;#]+)' % re.escape(name), text, re.M)
        if not match:
            raise SystemExit('requirements-dev.txt pins no %s' % name)
        pins.append(match.group(1))
    return pins


def find_python(versions):
    found = subprocess.run([str(ROOT / 'tools' / 'find_python')] + list(versions), capture_output=True, text=True)
    return found.stdout.strip() or None


def python_version(python):
    return subprocess.run([python, '-c', 'import sys; print("%d.%d" % sys.version_info[:2])'],
                          capture_output=True, text=True, check=True).stdout.strip()


def ensure_venv(series, python):
    """The series' environment: ansible-core and the runtime libraries, nothing else."""
    release = SUPPORTED[series][0]
    wanted = ['ansible-core==%s' % release] + runtime_pins()
    stamp_text = '%s\n%s\n' % (python, '\n'.join(wanted))
    venv = MATRIX / series / 'venv'
    stamp = venv / '.installed'
    if stamp.is_file() and stamp.read_text() == stamp_text:
        return venv
    shutil.rmtree(venv, ignore_errors=True)
    subprocess.run([python, '-m', 'venv', str(venv)], check=True)
    subprocess.run([str(venv / 'bin' / 'python'), '-m', 'pip', 'install', '--quiet'] + wanted, check=True)
    stamp.write_text(stamp_text)
    return venv


def sanity(series, venv, tarball, version):
    """ansible-test of this release on the tarball's contents, in a git repository of its own."""
    root = MATRIX / series / 'sanity' / 'ansible_collections' / 'genesyscloud' / 'routing'
    shutil.rmtree(MATRIX / series / 'sanity', ignore_errors=True)
    root.mkdir(parents=True)
    subprocess.run(['tar', '-xzf', str(tarball), '-C', str(root)], check=True)
    (root / '.gitignore').write_text('tests/output/\n')
    subprocess.run('git init -q && git add -A', shell=True, cwd=str(root), check=True)
    python = str(venv / 'bin' / 'python')
    subprocess.run([python, str(ROOT / 'tools' / 'seed_ansible_test_cache.py')], check=True)
    skipped = [option for linter in STYLE_LINTERS for option in ('--skip-test', linter)]
    completed = subprocess.run([str(venv / 'bin' / 'ansible-test'), 'sanity', '--venv', '--python', version,
                                '--color', 'no'] + skipped, cwd=str(root))
    return completed.returncode == 0


def smoke(series, venv, tarball):
    """The tarball installed by this release's ansible-galaxy, then the workflow against an emulator."""
    collections = MATRIX / series / 'collections'
    shutil.rmtree(collections, ignore_errors=True)
    subprocess.run([str(venv / 'bin' / 'ansible-galaxy'), 'collection', 'install', '--offline', '--force',
                    '-p', str(collections), str(tarball)], check=True, capture_output=True,
                   env={'PATH': '/usr/bin:/bin', 'HOME': str(Path.home()), 'ANSIBLE_COLLECTIONS_PATH': str(collections)})
    completed = subprocess.run([str(venv / 'bin' / 'python'), str(ROOT / 'tools' / 'install_test.py'),
                                str(collections)])
    return completed.returncode == 0


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('tarball')
    parser.add_argument('series', nargs='*', default=sorted(SUPPORTED))
    parser.add_argument('--skip-sanity', action='store_true')
    parser.add_argument('--except-installed', action='store_true',
                        help='leave out the series of the ansible-core this Python runs (make sanity, install-test '
                             'and every other suite test it)')
    args = parser.parse_args(argv)
    tarball = Path(args.tarball).resolve()
    series_list = args.series
    if args.except_installed:
        from ansible.release import __version__ as installed
        series_list = [series for series in series_list if not installed.startswith(series + '.')]
        print('ansible-core %s (the development environment) is tested by the other suites' % installed)
    results = []
    for series in series_list:
        if series not in SUPPORTED:
            raise SystemExit('unknown series %s (supported: %s)' % (series, ', '.join(sorted(SUPPORTED))))
        python = find_python(SUPPORTED[series][1])
        if not python:
            raise SystemExit('ansible-core %s needs one of python%s; none is installed'
                             % (series, ', python'.join(SUPPORTED[series][1])))
        version = python_version(python)
        started = time.monotonic()
        print('=== ansible-core %s on Python %s' % (SUPPORTED[series][0], version), flush=True)
        venv = ensure_venv(series, python)
        passed = {'smoke': smoke(series, venv, tarball)}
        if not args.skip_sanity:
            passed['sanity'] = sanity(series, venv, tarball, version)
        results.append((series, version, passed, time.monotonic() - started))
    print('\nansible-core  python  %s  seconds' % '  '.join(sorted(results[0][2])))
    for series, version, passed, seconds in results:
        print('%-12s  %-6s  %s  %7.0f' % (SUPPORTED[series][0], version,
                                           '  '.join(('ok' if passed[k] else 'FAILED').ljust(len(k))
                                                     for k in sorted(passed)), seconds))
    failed = ['%s %s' % (SUPPORTED[s][0], kind) for s, _, passed, _ in results for kind, ok in passed.items() if not ok]
    if failed:
        raise SystemExit('failed: %s' % ', '.join(failed))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
