"""`make acceptance` and `make acceptance-clean`: the acceptance suite against a real organization.

    python tools/acceptance.py run [--record FILE] [-- PYTEST ARGS]
    python tools/acceptance.py clean [--prefix ansible-acc-...]

Both do nothing but print one line and exit 0 unless GENESYSCLOUD_ACCEPTANCE=1 and the credentials
are set (tests/acceptance/acceptance_org.py lists the variables; docs/emulator.md explains them).
`run` starts pytest on the acceptance scenarios; --record puts the recording proxy in front of the
target and writes the normalized recording to FILE. `clean` deletes every live object whose name
starts with the prefix (default: every acceptance run's, ``ansible-acc-``) and puts back the
utilization saved by a run that did not finish. Do not run `clean` while a run is in progress.
"""
import argparse
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / 'tests' / 'acceptance'), str(ROOT / '.build' / 'collections')]

import acceptance_org as org  # noqa: E402  (needs the paths above)

SCENARIOS = ['tests/acceptance/test_acceptance_routing.py', 'tests/acceptance/test_acceptance_org_wide.py']


def target_or_reason():
    if not org.enabled():
        return None, org.SKIP_LINE
    try:
        return org.Target.from_env(), None
    except org.NotConfigured as exc:
        return None, str(exc)


def run(args):
    target, reason = target_or_reason()
    if reason:
        print(reason)
        return 0
    env = dict(os.environ)
    if args.record:
        env['GENESYSCLOUD_ACCEPTANCE_RECORD'] = str(Path(args.record).resolve())
    print('acceptance: running against %s' % target.upstream_api_url, flush=True)
    command = [sys.executable, '-m', 'pytest', '-q'] + SCENARIOS + args.pytest_args
    return subprocess.call(command, cwd=str(ROOT), env=env)


def clean(args):
    target, reason = target_or_reason()
    if reason:
        print(reason.replace('acceptance:', 'acceptance-clean:', 1))
        return 0
    if not args.prefix.startswith(org.PREFIX_ROOT):
        print('acceptance-clean: the prefix must start with %r' % org.PREFIX_ROOT)
        return 2
    client = target.client()
    removed = org.clean(client, args.prefix)
    restored = org.restore_saved(client, target.upstream_api_url, args.prefix)
    print('acceptance-clean: %d objects named %s* removed, %d saved utilization(s) put back at %s'
          % (len(removed), args.prefix, len(restored), target.upstream_api_url))
    return 0


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    commands = parser.add_subparsers(dest='command', required=True)
    run_parser = commands.add_parser('run', help='run the acceptance suite')
    run_parser.add_argument('--record', metavar='FILE', help='write a normalized recording of the run here')
    run_parser.add_argument('pytest_args', nargs='*', help='extra pytest arguments (after --)')
    clean_parser = commands.add_parser('clean', help='remove what acceptance runs left behind')
    clean_parser.add_argument('--prefix', default=org.PREFIX_ROOT)
    args = parser.parse_args(argv)
    return run(args) if args.command == 'run' else clean(args)


if __name__ == '__main__':
    sys.exit(main())
