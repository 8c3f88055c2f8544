"""Stand-in for ansible-test's downloaded pip bootstrap script (get-pip.py).

ansible-test creates empty virtual environments for its sanity tests and fills them with
pip by running a get-pip.py that it downloads from a host this network cannot reach.
This script does the same job offline: it installs the pip bundled with Python
(ensurepip), gives the new environment the pip settings of the machine that seeded it
(ansible-test runs pip with a stripped environment, so settings such as the CA bundle of
a TLS-intercepting proxy would otherwise be lost), then lets pip install the exact
packages ansible-test asked for. tools/seed_ansible_test_cache.py fills PIP_SETTINGS and
copies the result into ansible-test's cache under the name ansible-test looks for.
"""
import ensurepip
import os
import subprocess
import sys

PIP_SETTINGS = {}  # filled in by tools/seed_ansible_test_cache.py

# Options that only get-pip.py understands; pip itself would reject them.
GET_PIP_ONLY_OPTIONS = {'--no-setuptools', '--no-wheel'}


def write_site_pip_config():
    """pip reads <venv>/pip.conf as its site configuration."""
    if not PIP_SETTINGS:
        return
    lines = ['[global]'] + ['%s = %s' % (key, value) for key, value in sorted(PIP_SETTINGS.items())]
    with open(os.path.join(sys.prefix, 'pip.conf'), 'w', encoding='utf-8') as handle:
        handle.write('\n'.join(lines) + '\n')


def main():
    pip_args = [arg for arg in sys.argv[1:] if arg not in GET_PIP_ONLY_OPTIONS]
    write_site_pip_config()
    ensurepip.bootstrap(upgrade=True, default_pip=True)
    env = dict(os.environ)
    env.pop('GET_PIP', None)
    env.pop('PIP_CONFIG_FILE', None)  # ensurepip points it at os.devnull in this process
    command = [sys.executable, '-m', 'pip', 'install'] + pip_args
    sys.exit(subprocess.call(command, env=env))


if __name__ == '__main__':
    main()
