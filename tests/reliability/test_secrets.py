"""Issue 9, secrets and transport security.

* The whole demo (tools/demo.py) at -vvv with a recognisable client secret: neither the secret,
  nor its Basic header, nor any access token appears in stdout, stderr, the reports, the
  per-playbook logs (which hold every registered result and diff), Ansible's log file or the
  token cache's file names (harness/secrets.py). The cache is 0700 with 0600 files.
* A token cache with wide permissions is repaired with a warning in a real run (refusal of a
  cache owned by someone else: tests/unit/module_utils/test_auth_cache.py).
* TLS: a self-signed certificate is refused by default; it is accepted only with ca_path (still
  verified) or validate_certs=false, which warns; no environment variable turns verification off.
  Plain http:// to a non-loopback host: tests/unit/module_utils/test_client_endpoints.py and
  tests/integration/test_client_auth.py.
"""
import datetime
import ipaddress
import json
import select
import socket
import ssl
import stat
import threading
from pathlib import Path

import pytest
import requests
import requests.certs

from harness import secrets
from harness.runs import run_playbook

from ansible_collections.genesyscloud.routing.plugins.module_utils.client import GenesysClient
from ansible_collections.genesyscloud.routing.plugins.module_utils.module_client import AUTH_OPTIONS, auth_argument_spec
from ansible_collections.genesyscloud.routing.plugins.module_utils.errors import GenesysConnectionError


def test_the_demo_at_vvv_shows_neither_the_secret_nor_a_token(tmp_path):
    secret = secrets.recognisable_secret()
    run = secrets.run_demo(str(tmp_path), secrets.PROBE_CLIENT_ID, secret)
    assert run.returncode == 0, (run.stdout + run.stderr)[-3000:]

    figures = secrets.scan(run, secrets.PROBE_CLIENT_ID, secret)

    assert figures['tokens_in_cache'] == 2, figures  # dev and prod each logged in with the probe client
    assert figures['verbose_task_lines'] > 0, 'the playbooks did not run at -vvv'
    assert figures['leaks'] == [], figures['leaks']
    modes = figures['cache_permissions']
    assert modes.pop(str(run.cache)) == '0o700'
    assert modes and set(modes.values()) == {'0o600'}, modes


def test_the_scan_finds_a_planted_secret(tmp_path):
    # The leak scan must be able to fail: plant the secret and a token where it looks.
    secret = secrets.recognisable_secret()
    reports, cache = tmp_path / 'reports' / 'logs', tmp_path / 'cache'
    reports.mkdir(parents=True)
    cache.mkdir(mode=0o700)
    (cache / 'abc.json').write_text(json.dumps({'access_token': 'tok-' + 'x' * 30}))
    (reports / '03-apply.log').write_text('ok: [dev] => {"client_secret": "%s"}' % secret)
    run = secrets.DemoRun(0, 'token: tok-' + 'x' * 30, '', tmp_path / 'reports', cache, tmp_path / 'none.log')
    leaks = secrets.scan(run, 'probe', secret)['leaks']
    assert {(leak['what'], leak['where']) for leak in leaks} == {
        ('client secret', 'logs/03-apply.log'), ('access token 1', 'demo stdout')}


def test_a_token_cache_with_wide_permissions_is_repaired_with_a_warning(emulator, tmp_path):
    first = run_playbook('drift.yml', emulator.base_url, str(tmp_path))
    assert first.ok, first.failure_messages()
    cache = tmp_path / 'tokens'
    files = sorted(cache.glob('*.json'))
    assert files
    cache.chmod(0o755)
    for path in files:
        path.chmod(0o644)

    second = run_playbook('drift.yml', emulator.base_url, str(tmp_path))

    assert second.ok, second.failure_messages()
    warnings = [warning for _name, result in second.tasks for warning in result.get('warnings') or []]
    assert any('restricted them to 0700' in warning for warning in warnings), warnings
    assert any('restricted them to 0600' in warning for warning in warnings), warnings
    assert stat.S_IMODE(cache.stat().st_mode) == 0o700
    assert all(stat.S_IMODE(path.stat().st_mode) == 0o600 for path in files)


# ---------------------------------------------------------------------------------------------
# TLS

def self_signed_certificate(folder):
    """A certificate for 127.0.0.1 signed by nobody anyone trusts; returns (cert path, key path)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, u'127.0.0.1')])
    now = datetime.datetime.now(datetime.timezone.utc)
    certificate = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
                   .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(days=1))
                   .not_valid_after(now + datetime.timedelta(days=1))
                   .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address('127.0.0.1'))]),
                                  critical=False)
                   .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
                   .sign(key, hashes.SHA256()))
    cert_path, key_path = Path(folder) / 'cert.pem', Path(folder) / 'key.pem'
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return str(cert_path), str(key_path)


class TlsFront:
    """HTTPS in front of the emulator: terminates TLS on 127.0.0.1 and relays the bytes."""

    def __init__(self, target_port, cert, key):
        self.target_port = target_port
        self.context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.context.load_cert_chain(cert, key)
        self.listener = socket.create_server(('127.0.0.1', 0))
        self.url = 'https://127.0.0.1:%d' % self.listener.getsockname()[1]
        self.running = True
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while self.running:
            try:
                connection, _address = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self._relay, args=(connection,), daemon=True).start()

    def _relay(self, connection):
        try:
            secure = self.context.wrap_socket(connection, server_side=True)
        except (ssl.SSLError, OSError):  # the client did not accept the certificate
            connection.close()
            return
        upstream = socket.create_connection(('127.0.0.1', self.target_port))
        pair = {secure: upstream, upstream: secure}
        try:
            while True:
                readable, _writable, _errors = select.select(list(pair), [], [], 30)
                if not readable:
                    return
                for side in readable:
                    data = side.recv(65536)
                    if not data:
                        return
                    pair[side].sendall(data)
        except (OSError, ssl.SSLError):
            return
        finally:
            secure.close()
            upstream.close()

    def close(self):
        self.running = False
        self.listener.close()


@pytest.fixture
def tls_front(emulator, tmp_path):
    cert, key = self_signed_certificate(tmp_path)
    front = TlsFront(int(emulator.base_url.rsplit(':', 1)[1]), cert, key)
    front.cert = cert
    yield front
    front.close()


def client(front, emulator, **options):
    return GenesysClient(front.url, front.url, access_token=emulator.token(), max_retries=0, **options)


BUNDLE_VARIABLES = ('REQUESTS_CA_BUNDLE', 'CURL_CA_BUNDLE')
SYSTEM_BUNDLE = requests.certs.where()  # any real bundle that does not hold the test certificate
# Many CI images and corporate machines set REQUESTS_CA_BUNDLE (this one does). requests lets that
# variable override a Session's verify setting (requests issue #3829), so the client must pass
# verify with each request, or ca_path and validate_certs=false would be silently ignored.
ENVIRONMENTS = [pytest.param({}, id='no-bundle-variable'),
                pytest.param({'REQUESTS_CA_BUNDLE': SYSTEM_BUNDLE}, id='REQUESTS_CA_BUNDLE-set')]


def bundle_environment(monkeypatch, variables):
    for name in BUNDLE_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    for name, value in variables.items():
        monkeypatch.setenv(name, value)


@pytest.mark.parametrize('variables', [{}, {'REQUESTS_CA_BUNDLE': SYSTEM_BUNDLE}, {'CURL_CA_BUNDLE': ''}],
                         ids=['no-bundle-variable', 'REQUESTS_CA_BUNDLE-set', 'CURL_CA_BUNDLE-empty'])
def test_an_untrusted_certificate_is_refused_by_default(tls_front, emulator, monkeypatch, variables):
    bundle_environment(monkeypatch, variables)
    with pytest.raises(GenesysConnectionError) as error:
        client(tls_front, emulator).get('/api/v2/routing/queues')
    assert 'validate_certs' in str(error.value) and 'ca_path' in str(error.value)
    assert emulator.stats()['total'] == 0  # nothing got through


@pytest.mark.parametrize('variables', ENVIRONMENTS)
def test_a_given_ca_bundle_is_verified_against(tls_front, emulator, monkeypatch, variables):
    bundle_environment(monkeypatch, variables)
    assert 'entities' in client(tls_front, emulator, ca_path=tls_front.cert).get('/api/v2/routing/queues')


@pytest.mark.parametrize('variables', ENVIRONMENTS)
@pytest.mark.filterwarnings('ignore::urllib3.exceptions.InsecureRequestWarning')
def test_verification_is_off_only_when_validate_certs_is_false(tls_front, emulator, monkeypatch, variables):
    bundle_environment(monkeypatch, variables)
    assert 'entities' in client(tls_front, emulator, validate_certs=False).get('/api/v2/routing/queues')
    spec = auth_argument_spec()['validate_certs']
    assert spec['default'] is True and 'fallback' not in spec and 'env' not in AUTH_OPTIONS['validate_certs']
