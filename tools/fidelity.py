"""Replay a recording (tools/fidelity_recorder.py) against an emulator and report every difference.

    python tools/fidelity.py RECORDING [--seed demo] [--api-url URL] [--json REPORT]
    make fidelity RECORDING=tests/acceptance/recordings/emulator-demo.json

Without --api-url a fresh emulator with the given seed is started in this process. The requests
of the recording are sent again in order; each placeholder of the recording (ids, e-mails, org
names, the run prefix) is bound to the value the emulator answers at the same place, so later
requests address the emulator's own objects. Compared per exchange:
  status       the HTTP status code
  error_code   the ErrorBody ``code`` of a 4xx/5xx answer
  keys         response fields present on one side only (paths like ``entities[].division.id``)
  types        fields whose JSON value types differ (null, boolean, number, string, object, array)
  server_fields  for writes: the top-level response fields the request did not send (filled by the server)
Recorded 429 and 502/503/504 answers are not replayed (the client retried them; the retry follows).
Exit status: 0 with no difference, 1 with differences, 2 when the recording cannot be read.
"""
import argparse
import json
import re
import secrets
import sys

import requests

from fidelity_recorder import RUN_PLACEHOLDER, TOKEN_PATH, read_recording

FAKE = re.compile(r'00000000-0000-4000-8000-\d{12}|user\d+@example\.invalid|org-name-\d+')
NOT_REPLAYED = (429, 502, 503, 504)
WRITES = ('POST', 'PUT', 'PATCH')
DEFAULT_CLIENT = ('emulator-client', 'emulator-secret')


def json_type(value):
    if value is None:
        return 'null'
    if isinstance(value, bool):
        return 'boolean'
    if isinstance(value, (int, float)):
        return 'number'
    return {str: 'string', dict: 'object', list: 'array'}[type(value)]


def shape(value, path='', out=None):
    """{path: set of JSON types} of a body; list items share the path ``<list>[]``."""
    out = {} if out is None else out
    out.setdefault(path or '$', set()).add(json_type(value))
    if isinstance(value, dict):
        for key, child in value.items():
            shape(child, '%s.%s' % (path, key) if path else key, out)
    elif isinstance(value, list):
        for child in value:
            shape(child, path + '[]', out)
    return out


def server_fields(exchange_method, request, response):
    if exchange_method not in WRITES or not isinstance(request, dict) or not isinstance(response, dict):
        return None
    return sorted(set(response) - set(request))


def compare(exchange, status, body):
    """The differences of one exchange: recording (``exchange``) against the replay (``status``, ``body``)."""
    found = []
    if exchange['status'] != status:
        found.append({'kind': 'status', 'recording': exchange['status'], 'emulator': status})
    recorded = exchange.get('response')
    if exchange['status'] >= 400 or status >= 400:
        codes = [item.get('code') if isinstance(item, dict) else None for item in (recorded, body)]
        if codes[0] != codes[1]:
            found.append({'kind': 'error_code', 'recording': codes[0], 'emulator': codes[1]})
    want, got = shape(recorded), shape(body)
    missing, extra = sorted(set(want) - set(got)), sorted(set(got) - set(want))
    if missing or extra:
        found.append({'kind': 'keys', 'missing_in_emulator': missing, 'extra_in_emulator': extra})
    types = dict((path, [sorted(want[path]), sorted(got[path])]) for path in sorted(set(want) & set(got))
                 if want[path] != got[path])
    if types:
        found.append({'kind': 'types', 'paths': types})
    filled = server_fields(exchange['method'], exchange.get('request'), recorded), \
        server_fields(exchange['method'], exchange.get('request'), body)
    if None not in filled and filled[0] != filled[1]:
        found.append({'kind': 'server_fields', 'recording': filled[0], 'emulator': filled[1]})
    return found


class Replayer:
    """Sends a recording's requests to one base URL, binding placeholders to the answers."""

    def __init__(self, base_url, client=DEFAULT_CLIENT):
        self.base_url = base_url.rstrip('/')
        self.client = client
        self.prefix = 'ansible-acc-replay-%s-' % secrets.token_hex(3)
        self.bindings = {}
        self.token = None
        self.session = requests.Session()

    def substitute(self, value):
        if isinstance(value, dict):
            return dict((self.substitute(key), self.substitute(child)) for key, child in value.items())
        if isinstance(value, list):
            return [self.substitute(child) for child in value]
        if isinstance(value, str):
            value = value.replace(RUN_PLACEHOLDER, self.prefix)
            return FAKE.sub(lambda match: self.bindings.get(match.group(0), match.group(0)), value)
        return value

    def bind(self, recorded, replayed):
        """Walk both answers in parallel; a placeholder takes the emulator's value at the same place."""
        if isinstance(recorded, dict) and isinstance(replayed, dict):
            for key in set(recorded) & set(replayed):
                self.bind(recorded[key], replayed[key])
        elif isinstance(recorded, list) and isinstance(replayed, list):
            for pair in zip(recorded, replayed):
                self.bind(*pair)
        elif isinstance(recorded, str) and isinstance(replayed, str) and FAKE.search(recorded):
            tokens = FAKE.findall(recorded)
            pattern = ''.join('(.+?)' if FAKE.fullmatch(part) else re.escape(self.substitute_known(part))
                              for part in re.split('(%s)' % FAKE.pattern, recorded) if part)
            match = re.fullmatch(pattern, replayed)
            if match:
                for token, value in zip(tokens, match.groups()):
                    self.bindings.setdefault(token, value)

    def substitute_known(self, text):
        return text.replace(RUN_PLACEHOLDER, self.prefix)

    def send(self, exchange):
        if exchange['path'] == TOKEN_PATH:
            response = self.session.post(self.base_url + TOKEN_PATH, auth=self.client,
                                         data={'grant_type': (exchange.get('request') or {}).get('grant_type')},
                                         timeout=60)
            body = _json(response)
            if response.status_code == 200 and isinstance(body, dict):
                self.token = body.get('access_token')
            return response.status_code, body
        headers = {'Accept': 'application/json'}
        if self.token:
            headers['Authorization'] = 'Bearer ' + self.token
        request = exchange.get('request')
        response = self.session.request(
            exchange['method'], self.base_url + self.substitute(exchange['path']),
            params=[(key, self.substitute(value)) for key, value in exchange.get('query') or []],
            json=self.substitute(request) if request is not None else None, headers=headers, timeout=60)
        body = _json(response)
        self.bind(exchange.get('response'), body)
        return response.status_code, body


def _json(response):
    try:
        return response.json() if response.content else None
    except ValueError:
        return None


def replay(recording, base_url, client=DEFAULT_CLIENT):
    """Replay every exchange; return (differences, replayed count, skipped count)."""
    replayer = Replayer(base_url, client)
    differences, replayed, skipped = [], 0, 0
    for index, exchange in enumerate(recording['exchanges']):
        if exchange['status'] in NOT_REPLAYED:
            skipped += 1
            continue
        status, body = replayer.send(exchange)
        replayed += 1
        for difference in compare(exchange, status, body):
            differences.append(dict(difference, exchange=index, request='%s %s' % (exchange['method'],
                                                                                 exchange['path'])))
    return differences, replayed, skipped


def describe(difference):
    where = '#%d %s' % (difference['exchange'], difference['request'])
    kind = difference['kind']
    if kind == 'keys':
        return '%s: keys: only in the recording %s; only in the emulator %s' % (
            where, difference['missing_in_emulator'], difference['extra_in_emulator'])
    if kind == 'types':
        return '%s: types: %s' % (where, '; '.join('%s recording %s, emulator %s' % (path, *pair)
                                                   for path, pair in difference['paths'].items()))
    return '%s: %s: recording %r, emulator %r' % (where, kind, difference['recording'], difference['emulator'])


def with_emulator(seed, action):
    """Run action(base_url) against a fresh in-process emulator."""
    from genesys_emulator.server import Emulator, EmulatorConfig
    emulator = Emulator(EmulatorConfig(seed=seed)).start()
    try:
        return action(emulator.base_url)
    finally:
        emulator.shutdown()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('recording')
    parser.add_argument('--seed', default='demo', help='seed of the emulator started for the replay')
    parser.add_argument('--api-url', help='replay against this running emulator instead')
    parser.add_argument('--json', metavar='REPORT', help='also write the differences as JSON')
    args = parser.parse_args(argv)
    try:
        recording = read_recording(args.recording)
    except (OSError, ValueError) as exc:
        print('fidelity: cannot read %s: %s' % (args.recording, exc), file=sys.stderr)
        return 2
    run = lambda url: replay(recording, url)  # noqa: E731 - one line, named for the two call sites
    differences, replayed, skipped = run(args.api_url) if args.api_url else with_emulator(args.seed, run)
    for difference in differences:
        print(describe(difference))
    print('fidelity: %d exchanges replayed, %d not replayed (429/5xx), %d differences'
          % (replayed, skipped, len(differences)))
    if args.json:
        with open(args.json, 'w') as handle:
            json.dump({'replayed': replayed, 'skipped': skipped, 'differences': differences}, handle, indent=1)
    return 1 if differences else 0


if __name__ == '__main__':
    sys.exit(main())
