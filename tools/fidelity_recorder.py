"""A recording reverse proxy on 127.0.0.1, and the normalizer that makes a recording shareable.

The run's clients get ``api_url = http://127.0.0.1:<port>`` (the proxy). Since that host is not
``api.<domain>``, the collection's client logs in at the same origin, so the proxy sees both
``POST /oauth/token`` (forwarded to the login host) and every API request (forwarded to the API
host); the collection's client needs no hook. Each exchange is kept in memory; ``save()`` writes
the normalized recording (one exchange a line) that ``tools/fidelity.py`` replays.

Normalization (what a shared recording cannot contain, replaced by stable placeholders):
  - request headers are dropped (Authorization, cookies); the token request keeps only grant_type;
  - access tokens, the client id and secret, and every string under a secret-like key -> ``<secret>``;
  - UUIDs (ids, also inside paths and URIs) -> ``00000000-0000-4000-8000-<n>``, numbered by first use;
  - e-mail addresses -> ``user<n>@example.invalid``; ISO-8601 date-times -> ``2000-01-01T00:00:00.000Z``;
  - names of the organization's own objects (values under name-like keys in responses, and those same
    strings wherever a request repeats them) -> ``org-name-<n>``;
  - the run prefix -> ``ansible-acc-RUN-`` (objects the run created keep their readable suffix).
Placeholders keep the value's type and shape, so the replay can bind each one to the value the
emulator answers at the same place and send it back where the recording did.
"""
import base64
import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

import requests

FORMAT = 'genesyscloud.routing/recording/v1'
RUN_PLACEHOLDER = 'ansible-acc-RUN-'
SECRET = '<secret>'
DATE = '2000-01-01T00:00:00.000Z'
TOKEN_PATH = '/oauth/token'
UUID = re.compile(r'[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}')
EMAIL = re.compile(r'[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}')
DATETIME = re.compile(r'\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?')
SECRET_KEY = re.compile(r'secret|password|credential|apikey|api_key|authorization|cookie|^token$|_token$|Token$', re.I)
# Keys whose string values name things of the organization (people, divisions, other objects).
NAME_KEYS = frozenset(('name', 'username', 'displayName', 'firstName', 'lastName', 'title', 'department',
                       'description', 'callingPartyName', 'callingPartyNumber', 'thirdPartyOrgName', 'domain',
                       'labelName', 'address', 'display', 'phoneNumber'))
PASSED_HEADERS = ('Authorization', 'Content-Type', 'Accept', 'User-Agent')
RETURNED_HEADERS = ('Content-Type', 'Retry-After', 'ETag', 'ININ-Correlation-Id', 'inin-ratelimit-allowed',
                    'inin-ratelimit-count', 'inin-ratelimit-reset')


class RecordingProxy:
    """Forwards 127.0.0.1 traffic to the real API and login hosts and keeps each exchange."""

    def __init__(self, api_url, login_url):
        self.api_url, self.login_url = api_url.rstrip('/'), login_url.rstrip('/')
        self.exchanges = []
        self.secrets = set()
        self._lock = threading.Lock()
        self._server = None
        self._thread = None

    def start(self):
        proxy = self
        handler = type('RecordingHandler', (_Handler,), {'proxy': proxy})
        self._server = ThreadingHTTPServer(('127.0.0.1', 0), handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True, name='recording-proxy')
        self._thread.start()
        return 'http://127.0.0.1:%d' % self._server.server_address[1]

    def stop(self):
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def forward(self, method, target, headers, body):
        upstream = self.login_url if urlsplit(target).path == TOKEN_PATH else self.api_url
        sent = dict((name, headers[name]) for name in PASSED_HEADERS if headers.get(name))
        self._learn_authorization(sent.get('Authorization'))
        response = requests.request(method, upstream + target, headers=sent, data=body or None,
                                    allow_redirects=False, timeout=120)
        with self._lock:
            self.exchanges.append({'method': method, 'target': target, 'content_type': sent.get('Content-Type'),
                                   'body': body, 'status': response.status_code, 'response': response.content})
        if urlsplit(target).path == TOKEN_PATH and response.status_code == 200:
            token = _json(response.content)
            if isinstance(token, dict) and token.get('access_token'):
                self.secrets.add(token['access_token'])
        returned = dict((name, response.headers[name]) for name in RETURNED_HEADERS if name in response.headers)
        return response.status_code, returned, response.content

    def _learn_authorization(self, value):
        if not value:
            return
        scheme, _, credential = value.partition(' ')
        self.secrets.add(credential)
        if scheme.lower() == 'basic':
            try:
                self.secrets.update(base64.b64decode(credential).decode('utf-8').split(':', 1))
            except (ValueError, UnicodeDecodeError):
                pass

    def save(self, path, run_prefix=None, secrets=()):
        with self._lock:
            raw = list(self.exchanges)
        recording = normalize(raw, run_prefix, set(self.secrets) | set(value for value in secrets if value))
        write_recording(path, recording)
        return recording


class _Handler(BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'
    proxy = None

    def _relay(self):
        length = int(self.headers.get('Content-Length') or 0)
        body = self.rfile.read(length) if length else b''
        try:
            status, headers, content = self.proxy.forward(self.command, self.path, self.headers, body)
        except requests.RequestException as exc:
            status, headers, content = 502, {'Content-Type': 'application/json'}, json.dumps(
                {'message': 'recording proxy: upstream unreachable (%s)' % type(exc).__name__}).encode()
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header('Content-Length', str(len(content)))
        self.end_headers()
        self.wfile.write(content)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _relay

    def log_message(self, format, *args):  # noqa: A002 - the stdlib's name; silence per-request logging
        pass


def _json(content):
    try:
        return json.loads(content) if content else None
    except ValueError:
        return None


class Normalizer:
    """One recording's placeholder tables: the same value always gets the same placeholder."""

    def __init__(self, run_prefix, secrets):
        self.run_prefix = run_prefix
        self.secrets = sorted((value for value in secrets if value and len(value) >= 6), key=len, reverse=True)
        self.ids, self.emails, self.names = {}, {}, {}

    def learn_names(self, value, key=None):
        """First pass over responses: the organization's names (never the run's own objects)."""
        if isinstance(value, dict):
            for child_key, child in value.items():
                self.learn_names(child, child_key)
        elif isinstance(value, list):
            for child in value:
                self.learn_names(child, key)
        elif isinstance(value, str) and key in NAME_KEYS and value and not self._is_run_value(value) \
                and not UUID.fullmatch(value) and not EMAIL.fullmatch(value):
            self.names.setdefault(value, 'org-name-%d' % (len(self.names) + 1))

    def _is_run_value(self, value):
        return bool(self.run_prefix) and self.run_prefix in value

    def text(self, value, names=True):
        if names and value in self.names:
            return self.names[value]
        for secret in self.secrets:
            value = value.replace(secret, SECRET)
        if self.run_prefix:
            value = value.replace(self.run_prefix, RUN_PLACEHOLDER)
        value = UUID.sub(lambda match: self._numbered(self.ids, match.group(0).lower(),
                                                      '00000000-0000-4000-8000-%012d'), value)
        value = EMAIL.sub(lambda match: self._numbered(self.emails, match.group(0).lower(),
                                                       'user%d@example.invalid'), value)
        return DATETIME.sub(DATE, value)

    @staticmethod
    def _numbered(table, value, pattern):
        return table.setdefault(value, pattern % (len(table) + 1))

    def data(self, value, key=None):
        if isinstance(value, dict):
            return dict((self.text(k, names=False), self.data(v, k)) for k, v in value.items())
        if isinstance(value, list):
            return [self.data(item, key) for item in value]
        if isinstance(value, str):
            if key and SECRET_KEY.search(key):
                return SECRET
            return self.text(value)
        return value


def normalize(raw_exchanges, run_prefix, secrets):
    """The shareable recording of raw proxy exchanges."""
    normalizer = Normalizer(run_prefix, secrets)
    for exchange in raw_exchanges:
        normalizer.learn_names(_json(exchange['response']))
    exchanges = []
    for exchange in raw_exchanges:
        parts = urlsplit(exchange['target'])
        record = {'method': exchange['method'],
                  'path': '/'.join(normalizer.text(segment) for segment in parts.path.split('/')),
                  'query': [[key, normalizer.text(value)] for key, value in parse_qsl(parts.query)],
                  'status': exchange['status']}
        if parts.path == TOKEN_PATH:
            form = dict(parse_qsl(exchange['body'].decode('utf-8', 'replace'))) if exchange['body'] else {}
            record['request'] = {'grant_type': form.get('grant_type')}
        else:
            record['request'] = normalizer.data(_json(exchange['body']))
        record['response'] = normalizer.data(_json(exchange['response']))
        exchanges.append(record)
    recording = {'format': FORMAT, 'exchanges': exchanges}
    leaked = [secret for secret in normalizer.secrets if secret in json.dumps(recording)]
    if leaked:
        raise AssertionError('a secret survived normalization; the recording was not written')
    return recording


def write_recording(path, recording):
    """One exchange a line, so a recording reads and diffs well and can be edited by hand."""
    lines = ['{"format": %s, "exchanges": [' % json.dumps(recording['format'])]
    exchanges = recording['exchanges']
    for index, exchange in enumerate(exchanges):
        lines.append(json.dumps(exchange, sort_keys=True) + (',' if index < len(exchanges) - 1 else ''))
    lines.append(']}')
    with open(path, 'w') as handle:
        handle.write('\n'.join(lines) + '\n')


def read_recording(path):
    with open(path) as handle:
        recording = json.load(handle)
    if recording.get('format') != FORMAT:
        raise ValueError('%s is not a %s recording' % (path, FORMAT))
    return recording
