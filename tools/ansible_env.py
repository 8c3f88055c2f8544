"""The environment in which a tool or a test runs ansible-playbook against this checkout's collection."""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def ansible_env(cache_dir, settings, drop=(), extra=None):
    """This process's environment with the collection, the project's ansible.cfg, plain output and the
    token cache in ``cache_dir``; then ``settings``, without the variables named in ``drop``, then ``extra``."""
    env = dict(os.environ)
    env.update({
        'ANSIBLE_COLLECTIONS_PATH': str(ROOT / '.build' / 'collections'),
        'ANSIBLE_CONFIG': str(ROOT / 'ansible.cfg'),
        'ANSIBLE_NOCOLOR': '1',
        'ANSIBLE_LOCALHOST_WARNING': 'false',
        'GENESYSCLOUD_TOKEN_CACHE_DIR': str(cache_dir),
    })
    env.update(settings)
    for name in drop:
        env.pop(name, None)
    env.update(extra or {})
    return env
