"""The connection options: doc fragment <=> AUTH_OPTIONS table, argument spec, module glue."""
import json
import os
import re

import pytest
import yaml
from ansible.module_utils.basic import AnsibleModule
from ansible.module_utils.testing import patch_module_args

from ansible_collections.genesyscloud.routing.plugins.doc_fragments.auth import ModuleDocFragment
from ansible_collections.genesyscloud.routing.plugins.module_utils.module_client import (
    AUTH_OPTIONS,
    auth_argument_spec,
    client_from_module,
    fail_on_api_error,
    summarize_events,
)
from ansible_collections.genesyscloud.routing.plugins.module_utils.errors import GenesysApiError

ENV_VARS = ("GENESYSCLOUD_OAUTHCLIENT_ID", "GENESYSCLOUD_OAUTHCLIENT_SECRET", "GENESYSCLOUD_ACCESS_TOKEN",
            "GENESYSCLOUD_REGION", "GENESYSCLOUD_API_URL", "GENESYSCLOUD_TOKEN_CACHE_DIR",
            "GENESYSCLOUD_REQUESTS_PER_MINUTE")


@pytest.fixture(autouse=True)
def clean_env(monkeypatch):
    for name in ENV_VARS:
        monkeypatch.delenv(name, raising=False)


def doc_options():
    return yaml.safe_load(ModuleDocFragment.DOCUMENTATION)["options"]


def description_text(option):
    text = option["description"]
    return " ".join(text) if isinstance(text, list) else text


# -------------------------------------------------------------------------- doc fragment <=> table

def test_doc_fragment_documents_exactly_the_table_options():
    assert sorted(doc_options()) == sorted(AUTH_OPTIONS)


@pytest.mark.parametrize("name", sorted(AUTH_OPTIONS))
def test_doc_fragment_matches_table_entry(name):
    doc = doc_options()[name]
    table = AUTH_OPTIONS[name]
    text = description_text(doc)
    assert doc.get("type") == table["type"]
    assert doc.get("default") == table.get("default")
    assert re.findall(r"E\((GENESYSCLOUD_[A-Z_]+)\)", text) == ([table["env"]] if "env" in table else [])
    assert ("C(no_log)" in text) == bool(table.get("no_log"))
    assert not doc.get("required")  # credentials may come from the environment


def test_table_covers_the_required_options():
    assert sorted(AUTH_OPTIONS) == sorted([
        "client_id", "client_secret", "access_token", "region", "api_url", "validate_certs", "ca_path",
        "token_cache", "token_cache_dir", "max_retries", "retry_max_wait", "requests_per_minute", "token_pool_size",
        "timeout"])
    assert AUTH_OPTIONS["client_secret"]["no_log"] and AUTH_OPTIONS["access_token"]["no_log"]


# -------------------------------------------------------------------------- argument spec

def test_argument_spec_uses_env_fallbacks_and_is_a_fresh_copy():
    spec = auth_argument_spec()
    assert spec["client_secret"]["no_log"] is True
    assert spec["token_cache_dir"]["no_log"] is False
    assert spec["region"]["fallback"][1] == ["GENESYSCLOUD_REGION"]
    assert "fallback" not in spec["timeout"]
    spec["region"]["default"] = "changed"
    assert auth_argument_spec()["region"]["default"] == "us-east-1"


_open_patches = []


@pytest.fixture(autouse=True)
def close_module_patches():
    yield
    while _open_patches:
        _open_patches.pop().__exit__(None, None, None)


def make_module(args):
    # The patch stays active until the test ends: exit_json/fail_json need it too.
    patch = patch_module_args(args)
    patch.__enter__()
    _open_patches.append(patch)
    return AnsibleModule(argument_spec=auth_argument_spec())


def test_env_fallbacks_fill_the_options(monkeypatch, tmp_path):
    monkeypatch.setenv("GENESYSCLOUD_OAUTHCLIENT_ID", "env-client")
    monkeypatch.setenv("GENESYSCLOUD_OAUTHCLIENT_SECRET", "env-secret-value")
    monkeypatch.setenv("GENESYSCLOUD_REGION", "eu-central-1")
    monkeypatch.setenv("GENESYSCLOUD_REQUESTS_PER_MINUTE", "120")
    monkeypatch.setenv("GENESYSCLOUD_TOKEN_CACHE_DIR", str(tmp_path / "c"))
    module = make_module({})
    assert module.params["client_id"] == "env-client"
    assert module.params["requests_per_minute"] == 120
    client = client_from_module(module)
    assert client.api_url == "https://api.mypurecloud.de"
    assert client.login_url == "https://login.mypurecloud.de"
    assert client.token_cache_path.startswith(str(tmp_path / "c"))
    assert "env-secret-value" in module.no_log_values


def test_api_url_option_overrides_region(tmp_path):
    module = make_module({"access_token": "tok-value-123", "region": "eu-west-1", "api_url": "http://127.0.0.1:9"})
    client = client_from_module(module)
    assert (client.api_url, client.login_url) == ("http://127.0.0.1:9", "http://127.0.0.1:9")
    assert client.token_cache_path is None  # a given access token is never cached


def test_token_cache_can_be_disabled():
    module = make_module({"client_id": "c", "client_secret": "s" * 10, "token_cache": False})
    assert client_from_module(module).token_cache_path is None


def run_failing(module_args, capsys):
    module = make_module(module_args)
    with pytest.raises(SystemExit):
        client_from_module(module)
    return json.loads(capsys.readouterr().out)


def test_missing_credentials_fail_clearly(capsys):
    result = run_failing({}, capsys)
    assert result["failed"] and "client_id, client_secret" in result["msg"]


def test_half_credentials_name_the_missing_one(capsys):
    result = run_failing({"client_id": "c"}, capsys)
    assert "client_secret" in result["msg"] and "client_id," not in result["msg"]


def test_http_to_remote_host_fails_the_module(capsys):
    result = run_failing({"access_token": "x" * 10, "api_url": "http://api.example.test"}, capsys)
    assert "Refusing plain http://" in result["msg"]


def test_unknown_region_fails_the_module(capsys):
    result = run_failing({"access_token": "x" * 10, "region": "nowhere-1"}, capsys)
    assert "Unknown Genesys Cloud region" in result["msg"]


def test_disabling_cert_validation_warns(monkeypatch):
    module = make_module({"access_token": "x" * 10, "validate_certs": False})
    warnings = []
    monkeypatch.setattr(module, "warn", warnings.append)
    client = client_from_module(module)
    assert client.verify is False
    assert any("validate_certs" in w for w in warnings)


def test_ca_path_becomes_the_verify_argument(tmp_path):
    bundle = tmp_path / "ca.pem"
    bundle.write_text("")
    module = make_module({"access_token": "x" * 10, "ca_path": str(bundle)})
    assert client_from_module(module).verify == str(bundle)


# -------------------------------------------------------------------------- failure results

def test_fail_on_api_error_reports_fields(capsys):
    module = make_module({"access_token": "x" * 10})
    exc = GenesysApiError(403, "missing.any.permissions",
                          "You must have at least one of the following permissions assigned: routing:queue:edit",
                          correlation_id="corr-1", method="PUT", path="/api/v2/routing/queues/q",
                          operation="PUT /api/v2/routing/queues/{queueId}")
    with pytest.raises(SystemExit):
        fail_on_api_error(module, exc, msg="Could not update queue Sales", queue="Sales")
    result = json.loads(capsys.readouterr().out)
    assert result["msg"].startswith("Could not update queue Sales: PUT /api/v2/routing/queues/q failed: 403")
    assert result["status"] == 403 and result["code"] == "missing.any.permissions"
    assert result["correlation_id"] == "corr-1"
    assert result["missing_permissions"] == ["routing:queue:edit"]
    assert result["queue"] == "Sales"


def test_secret_params_never_reach_failure_output(capsys):
    module = make_module({"client_id": "c", "client_secret": "the-client-secret-xyz"})
    with pytest.raises(SystemExit):
        fail_on_api_error(module, GenesysApiError(400, "bad", "echo the-client-secret-xyz", method="GET",
                                                  path="/api/v2/users"))
    assert "the-client-secret-xyz" not in capsys.readouterr().out


def test_event_summary_lines():
    lines = summarize_events([
        {"event": "retry", "operation": "GET /api/v2/users", "reason": "503", "attempt": 1, "wait_seconds": 0.5},
        {"event": "retry", "operation": "GET /api/v2/users", "reason": "503", "attempt": 2, "wait_seconds": 1.0},
        {"event": "rate_limited", "operation": "GET /api/v2/users", "reason": "429", "wait_seconds": 2.0},
        {"event": "recovered", "operation": "POST /api/v2/routing/queues"},
    ])
    assert lines[0] == "Genesys Cloud requests were retried (429 x1, 503 x2), waiting 3.5 s in total."
    assert "POST /api/v2/routing/queues" in lines[1]
    assert summarize_events([]) == []


@pytest.mark.skipif(os.geteuid() != 0, reason="changing a directory's owner needs root")
def test_foreign_token_cache_directory_fails_the_module(tmp_path, capsys):
    directory = tmp_path / "foreign"
    directory.mkdir(mode=0o700)
    os.chown(str(directory), 65534, 65534)
    result = run_failing({"client_id": "c", "client_secret": "s" * 10, "token_cache_dir": str(directory)}, capsys)
    assert "not by the current user" in result["msg"]
