"""Put tools/ansible_test_get_pip.py where ansible-test looks for its cached get-pip script.

The cache file name carries the pip version that the installed ansible-test pins, so it is
read from ansible-test itself rather than hard-coded. The pip settings in force here (index,
find-links, CA bundle; from pip's config files and PIP_* variables) are baked into the copy,
because ansible-test runs pip in its sanity environments with a stripped environment.
"""
import os
import re
import subprocess
import sys

import ansible_test

# pip settings worth carrying into ansible-test's environments (keys as in pip.conf).
CARRIED = ('cert', 'client-cert', 'index-url', 'extra-index-url', 'find-links', 'trusted-host', 'timeout',
           'default-timeout', 'proxy')


def pinned_pip_version():
    source = os.path.join(os.path.dirname(ansible_test.__file__), '_internal', 'python_requirements.py')
    with open(source, encoding='utf-8') as handle:
        match = re.search(r"pip='([0-9.]+)'", handle.read())
    if not match:
        sys.exit('could not find the pip version pinned by ansible-test in %s' % source)
    return match.group(1)


def current_pip_settings():
    listed = subprocess.run([sys.executable, '-m', 'pip', 'config', 'list'], capture_output=True, text=True)
    settings = {}
    for line in listed.stdout.splitlines():
        key, _, value = line.partition('=')
        name = key.split('.', 1)[-1]
        if name in CARRIED and value:
            settings[name] = value.strip().strip("'")
    return settings


def main():
    version = pinned_pip_version()
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, 'ansible_test_get_pip.py'), encoding='utf-8') as handle:
        script = handle.read()
    script = script.replace('PIP_SETTINGS = {}', 'PIP_SETTINGS = %r' % current_pip_settings(), 1)
    cache_dir = os.path.expanduser('~/.ansible/test/cache')
    os.makedirs(cache_dir, exist_ok=True)
    target = os.path.join(cache_dir, 'get_pip_%s.py' % version.replace('.', '_'))
    with open(target, 'w', encoding='utf-8') as handle:
        handle.write(script)
    print('seeded ansible-test pip %s bootstrap: %s' % (version, target))


if __name__ == '__main__':
    main()
