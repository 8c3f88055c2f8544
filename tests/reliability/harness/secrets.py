"""Run the whole demo (tools/demo.py) at -vvv with a recognisable client secret, then grep
everything it left behind for the secret and the access tokens.

The demo is run unchanged, as a user would run it against their own organizations, with four
adjustments made from outside:

* its inventories are copied into a shadow root whose vault-encrypted credentials are a probe
  client with a random, recognisable secret (``LeakProbe-<hex>``), encrypted with the demo's own
  vault passwords; both emulators accept that client (``--client``);
* ``ANSIBLE_VERBOSITY=3``, ``ANSIBLE_DIFF_ALWAYS=1`` and ``ANSIBLE_LOG_PATH`` (every playbook at
  -vvv, with diffs, and logging to a file);
* the token cache goes to a directory the collection itself must create (the demo's temporary one
  already exists, so it would not show what the collection does), and is kept after the run so
  the access tokens can be read from it.

Searched: the demo's stdout and stderr, every report and per-playbook log it writes (those logs
hold the -vvv output, with every task's registered result and diff), Ansible's log file, and the
names in the token cache directory. Searched for: the secret, ``base64(id:secret)`` (the Basic
header of the token request), and every access token in the cache.

``python -m harness.secrets --driver ...`` is the driver that runs inside a subprocess.
"""
import argparse
import base64
import importlib.util
import json
import os
import secrets as random_secrets
import shutil
import stat
import subprocess
import sys
import tempfile
import types
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
ENVIRONMENTS = ('dev', 'prod')
PROBE_CLIENT_ID = 'leak-probe-client'


def recognisable_secret():
    return 'LeakProbe-' + random_secrets.token_hex(16)


def _encrypt(value, vault_id, password):
    from ansible.parsing.vault import VaultLib, VaultSecret
    vault = VaultLib([(vault_id, VaultSecret(password))])
    return vault.encrypt(value, vault_id=vault_id).decode('ascii')


def shadow_root(workdir, client_id, client_secret):
    """A copy of the repository's layout whose inventories hold the probe client's credentials."""
    shadow = Path(workdir) / 'shadow'
    shadow.mkdir(parents=True)
    for name in ('emulator', 'playbooks', '.build', 'ansible.cfg', 'roles', 'tools'):
        (shadow / name).symlink_to(ROOT / name)
    shutil.copytree(str(ROOT / 'inventories'), str(shadow / 'inventories'), symlinks=False)
    for env in ENVIRONMENTS:
        inventory = shadow / 'inventories' / env
        password = (inventory / '.vault-pass').read_bytes().strip()
        lines = ['---', '# Probe credentials for the leak test (encrypted like the real ones).']
        for name, value in (('vault_genesys_client_id', client_id), ('vault_genesys_client_secret', client_secret)):
            lines.append('%s: !vault |' % name)
            lines.extend('  ' + line for line in _encrypt(value, env, password).splitlines())
        (inventory / 'host_vars' / env / 'vault.yml').write_text('\n'.join(lines) + '\n')
    return shadow


class DemoRun:
    def __init__(self, returncode, stdout, stderr, reports, cache, log):
        self.returncode = returncode
        self.stdout = stdout
        self.stderr = stderr
        self.reports = reports
        self.cache = cache
        self.log = log


def run_demo(workdir, client_id, client_secret, timeout=1200):
    """Run tools/demo.py through the driver; returns a DemoRun."""
    workdir = Path(workdir)
    shadow = shadow_root(workdir, client_id, client_secret)
    client_file = workdir / 'probe-client'
    client_file.write_text('%s:%s' % (client_id, client_secret))
    os.chmod(str(client_file), 0o600)
    reports, cache, log = workdir / 'reports', workdir / 'token-cache' / 'genesys', workdir / 'ansible.log'
    (workdir / 'token-cache').mkdir()
    env = dict(os.environ, ANSIBLE_VERBOSITY='3', ANSIBLE_DIFF_ALWAYS='1', ANSIBLE_LOG_PATH=str(log),
               PYTHONPATH=os.pathsep.join([str(ROOT / 'tests' / 'reliability')]
                                          + ([os.environ['PYTHONPATH']] if os.environ.get('PYTHONPATH') else [])))
    completed = subprocess.run([sys.executable, '-m', 'harness.secrets', '--driver', '--shadow', str(shadow),
                                '--reports', str(reports), '--cache', str(cache), '--client-file', str(client_file)],
                               cwd=str(workdir), env=env, capture_output=True, text=True, timeout=timeout)
    client_file.unlink()
    return DemoRun(completed.returncode, completed.stdout, completed.stderr, reports, cache, log)


def cached_tokens(cache):
    tokens = []
    for path in sorted(Path(cache).glob('*.json')):
        entry = json.loads(path.read_text())
        if entry.get('access_token'):
            tokens.append(entry['access_token'])
    return tokens


def permissions(cache):
    """{path: octal mode} of the cache directory and everything in it."""
    cache = Path(cache)
    found = {str(cache): oct(stat.S_IMODE(cache.stat().st_mode))}
    for path in sorted(cache.iterdir()):
        found[str(path)] = oct(stat.S_IMODE(path.stat().st_mode))
    return found


def scan(run, client_id, client_secret):
    """The figures of a run: where the secret or a token appears (should be nowhere), and more."""
    tokens = cached_tokens(run.cache)
    needles = {'client secret': client_secret,
               'Basic credentials': base64.b64encode(('%s:%s' % (client_id, client_secret)).encode()).decode()}
    for index, token in enumerate(tokens):
        needles['access token %d' % (index + 1)] = token
    places = {'demo stdout': run.stdout, 'demo stderr': run.stderr,
              'token cache file names': '\n'.join(path.name for path in Path(run.cache).iterdir())}
    if Path(run.log).exists():
        places['ansible log (ANSIBLE_LOG_PATH)'] = Path(run.log).read_text(errors='replace')
    for path in sorted(Path(run.reports).rglob('*')):
        if path.is_file():
            places[str(path.relative_to(run.reports))] = path.read_bytes().decode('utf-8', 'replace')
    leaks = []
    for needle_name, needle in needles.items():
        for place, text in places.items():
            count = text.count(needle)
            if count:
                leaks.append({'what': needle_name, 'where': place, 'count': count})
    verbose_lines = sum(text.count('<dev> ESTABLISH LOCAL CONNECTION') + text.count('<prod> ESTABLISH LOCAL CONNECTION')
                        for text in places.values())
    return {'demo_exit_status': run.returncode, 'places_searched': len(places),
            'bytes_searched': sum(len(text) for text in places.values()), 'tokens_in_cache': len(tokens),
            'verbose_task_lines': verbose_lines, 'leaks': leaks, 'cache_permissions': permissions(run.cache)}


# ---------------------------------------------------------------------------------------------
# The driver (runs in its own process)

def _driver(args):
    spec = importlib.util.spec_from_file_location('demo', str(ROOT / 'tools' / 'demo.py'))
    demo = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(demo)
    client = tuple(Path(args.client_file).read_text().strip().split(':', 1))

    class ProbeEmulator(demo.Emulator):
        def __init__(self, name, seed, clients=(), **options):
            super(ProbeEmulator, self).__init__(name, seed, list(clients) + [client], **options)

    cache = Path(args.cache)
    real_rmtree = shutil.rmtree

    def rmtree(path, *more, **options):
        if Path(path) != cache:  # the demo deletes its token cache at the end; keep this one
            real_rmtree(path, *more, **options)

    demo.ROOT = Path(args.shadow)
    demo.Emulator = ProbeEmulator
    demo.tempfile = _overlay(tempfile, mkdtemp=lambda *_args, **_options: str(cache))
    demo.shutil = _overlay(shutil, rmtree=rmtree)
    demo.run(Path(args.reports))
    return 0


def _overlay(module, **replaced):
    """A stand-in for `module` (as the demo sees it) with some functions replaced."""
    names = dict((name, getattr(module, name)) for name in dir(module) if not name.startswith('__'))
    names.update(replaced)
    return types.SimpleNamespace(**names)


if __name__ == '__main__':
    parser = argparse.ArgumentParser()
    parser.add_argument('--driver', action='store_true', required=True)
    parser.add_argument('--shadow', required=True)
    parser.add_argument('--reports', required=True)
    parser.add_argument('--cache', required=True)
    parser.add_argument('--client-file', required=True)
    sys.exit(_driver(parser.parse_args()))
