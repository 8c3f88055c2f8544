"""The organization an acceptance run talks to, and the clean-up of what a run created.

An acceptance run owns exactly the objects whose name starts with its run prefix
(``ansible-acc-<time>-<random>-``); nothing else is written, except the org-wide utilization,
whose original is saved to a file before the change and put back afterwards (``restore_saved``
puts it back after a killed run too). Used by tests/acceptance/conftest.py and by
``tools/acceptance.py`` (``make acceptance`` / ``make acceptance-clean``).

Environment (docs/emulator.md, "Acceptance runs against a real organization"):
  GENESYSCLOUD_ACCEPTANCE=1                        run against the organization below, not an emulator
  GENESYSCLOUD_OAUTHCLIENT_ID / _SECRET            a client-credentials OAuth client
  GENESYSCLOUD_REGION or GENESYSCLOUD_API_URL      where the organization lives
  GENESYSCLOUD_ACCEPTANCE_USERS                    two user emails to make queue members (default: discovered)
  GENESYSCLOUD_ACCEPTANCE_DIVISION                 division for created objects (default: the home division)
  GENESYSCLOUD_ACCEPTANCE_AWS_ACCOUNT              AWS account for the EventBridge test (real orgs skip it without)
  GENESYSCLOUD_REQUESTS_PER_MINUTE                 pacing of every client of the run (default 120;
                                                   6000 for an emulator on 127.0.0.1)
  GENESYSCLOUD_ACCEPTANCE_PREFIX                   the run prefix (default: a new one; must start ansible-acc-)
"""
import json
import os
import secrets
import time
from pathlib import Path
from urllib.parse import urlsplit

from ansible_collections.genesyscloud.routing.plugins.module_utils.client import (
    GenesysClient, is_loopback_host, resolve_endpoints,
)
from ansible_collections.genesyscloud.routing.plugins.module_utils.errors import GenesysApiError

PREFIX_ROOT = 'ansible-acc-'
DEFAULT_RPM = 120
EMULATOR_RPM = 6000
ROOT = Path(__file__).resolve().parents[2]
SAVED_DIR = ROOT / '.build' / 'acceptance'
EMULATOR_CLIENT = ('emulator-client', 'emulator-secret')
UTILIZATION = '/api/v2/routing/utilization'
SKIP_LINE = ('acceptance: skipped (set GENESYSCLOUD_ACCEPTANCE=1 with GENESYSCLOUD_OAUTHCLIENT_ID, '
             'GENESYSCLOUD_OAUTHCLIENT_SECRET and GENESYSCLOUD_REGION or GENESYSCLOUD_API_URL to run it against '
             'an organization; docs/emulator.md)')

# Kinds a run creates, in the order they are removed (references first): list path, the `name` filter
# that narrows the listing to the prefix (queues and wrap-up codes take a trailing *, skills and skill
# groups match a prefix, integrations have none; names are still checked here), delete path, params.
KINDS = (
    ('integration', '/api/v2/integrations', None, '/api/v2/integrations/%s', None),
    ('queue', '/api/v2/routing/queues', '%s*', '/api/v2/routing/queues/%s', {'forceDelete': 'true'}),
    ('skill_group', '/api/v2/routing/skillgroups', '%s', '/api/v2/routing/skillgroups/%s', None),
    ('wrapup_code', '/api/v2/routing/wrapupcodes', '%s*', '/api/v2/routing/wrapupcodes/%s', None),
    ('skill', '/api/v2/routing/skills', '%s', '/api/v2/routing/skills/%s', None),
)


class NotConfigured(Exception):
    """The variable is set but the credentials are not: the reason is the one line to print."""


def enabled(env=None):
    return (env if env is not None else os.environ).get('GENESYSCLOUD_ACCEPTANCE') == '1'


def new_prefix():
    return '%s%s-%s-' % (PREFIX_ROOT, time.strftime('%m%d%H%M', time.gmtime()), secrets.token_hex(2))


class Target:
    """Where a run sends its requests; ``api_url`` may later point at a recording proxy."""

    def __init__(self, api_url, login_url, client_id, client_secret, region=None, rpm=DEFAULT_RPM, env=None):
        self.upstream_api_url, self.upstream_login_url = api_url, login_url
        self.api_url = api_url          # what the run's clients use (the proxy while recording)
        self.client_id, self.client_secret = client_id, client_secret
        self.region = region
        self.rpm = rpm
        self.env = dict(env if env is not None else os.environ)

    @property
    def is_emulator(self):
        return is_loopback_host(urlsplit(self.upstream_api_url).hostname)

    @classmethod
    def from_env(cls, env=None):
        env = dict(env if env is not None else os.environ)
        client_id, secret = env.get('GENESYSCLOUD_OAUTHCLIENT_ID'), env.get('GENESYSCLOUD_OAUTHCLIENT_SECRET')
        region, api_url = env.get('GENESYSCLOUD_REGION'), env.get('GENESYSCLOUD_API_URL')
        missing = [name for name, value in (('GENESYSCLOUD_OAUTHCLIENT_ID', client_id),
                                            ('GENESYSCLOUD_OAUTHCLIENT_SECRET', secret)) if not value]
        if not (region or api_url):
            missing.append('GENESYSCLOUD_REGION or GENESYSCLOUD_API_URL')
        if missing:
            raise NotConfigured('acceptance: skipped (GENESYSCLOUD_ACCEPTANCE=1 but %s not set; docs/emulator.md)'
                                % ', '.join(missing))
        api, login = resolve_endpoints(region, api_url)
        # A real organization gets the suite's gentle pace; an emulator on 127.0.0.1 does not need it.
        default_rpm = EMULATOR_RPM if is_loopback_host(urlsplit(api).hostname) else DEFAULT_RPM
        rpm = int(env.get('GENESYSCLOUD_REQUESTS_PER_MINUTE') or default_rpm)
        return cls(api, login, client_id, secret, region=None if api_url else region, rpm=rpm, env=env)

    @classmethod
    def for_emulator(cls, base_url):
        return cls(base_url, base_url, *EMULATOR_CLIENT, rpm=EMULATOR_RPM, env={})

    def client(self):
        # The login host follows api_url (a proxy on 127.0.0.1 serves /oauth/token itself).
        api, login = resolve_endpoints(None, self.api_url) if self.api_url != self.upstream_api_url \
            else (self.upstream_api_url, self.upstream_login_url)
        return GenesysClient(api, login, client_id=self.client_id, client_secret=self.client_secret,
                             requests_per_minute=self.rpm, token_cache_dir=None)

    def playbook_env(self):
        """The GENESYSCLOUD_* variables the modules of the run read."""
        env = {'GENESYSCLOUD_OAUTHCLIENT_ID': self.client_id,
               'GENESYSCLOUD_OAUTHCLIENT_SECRET': self.client_secret,
               'GENESYSCLOUD_REQUESTS_PER_MINUTE': str(self.rpm)}
        if self.region and self.api_url == self.upstream_api_url:
            env['GENESYSCLOUD_REGION'] = self.region
        else:
            env['GENESYSCLOUD_API_URL'] = self.api_url
        return env

    def setting(self, name, default=None):
        return self.env.get(name) or default


def _absent_ok(call):
    try:
        call()
        return True
    except GenesysApiError as exc:
        if exc.status == 404:
            return False
        raise


def owned_objects(client, prefix):
    """(kind, id, name) of every live object whose name starts with prefix, in removal order."""
    if not prefix.startswith(PREFIX_ROOT):
        raise ValueError('refusing a prefix that does not start with %r: %r' % (PREFIX_ROOT, prefix))
    found = []
    for kind, list_path, name_filter, _delete, _params in KINDS:
        for item in client.list_all(list_path, params={'name': name_filter % prefix} if name_filter else None):
            name = item.get('name') or ''
            if name.startswith(prefix) and item.get('state', 'active') != 'deleted':
                found.append((kind, item['id'], name))
    return found


def clean(client, prefix, log=print):
    """Delete every object of the prefix (404s are fine: something else removed it first)."""
    removed = []
    deletes = dict((kind, (path, params)) for kind, _list, _filter, path, params in KINDS)
    for kind, object_id, name in owned_objects(client, prefix):
        path, params = deletes[kind]
        if _absent_ok(lambda: client.delete(path % object_id, params=params)):
            removed.append((kind, name))
            log('acceptance-clean: deleted %s %r' % (kind, name))
    return removed


def saved_utilization_path(prefix):
    return SAVED_DIR / ('utilization-%s.json' % prefix.rstrip('-'))


def save_utilization(client, prefix, api_url):
    """Keep the org's utilization on disk before a run changes it, so even a killed run can be undone."""
    original = client.get(UTILIZATION)
    SAVED_DIR.mkdir(parents=True, exist_ok=True)
    saved_utilization_path(prefix).write_text(json.dumps({'api_url': api_url, 'utilization': original},
                                                         indent=1, sort_keys=True))
    return original


def restore_saved(client, api_url, prefix=PREFIX_ROOT, log=print):
    """Put back each utilization saved by runs under prefix against this api_url, then forget the file."""
    restored = []
    for path in sorted(SAVED_DIR.glob('utilization-%s*.json' % prefix.rstrip('-'))):
        saved = json.loads(path.read_text())
        if saved.get('api_url') != api_url:
            continue    # saved from another organization (or emulator): never write it here
        client.put(UTILIZATION, body=writable_utilization(saved['utilization']))
        path.unlink()
        restored.append(path.name)
        log('acceptance-clean: restored the utilization saved by %s' % path.name)
    return restored


def writable_utilization(body):
    """The PUT body that puts a read utilization back: labels lose their read-only labelName."""
    writable = {'utilization': body.get('utilization') or {}}
    if isinstance(body.get('labelUtilizations'), dict):
        writable['labelUtilizations'] = dict(
            (label, dict((key, value) for key, value in settings.items() if key != 'labelName'))
            for label, settings in body['labelUtilizations'].items())
    if body.get('maxInboundCalls') is not None:
        writable['maxInboundCalls'] = body['maxInboundCalls']
    return writable
