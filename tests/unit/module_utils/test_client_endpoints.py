"""Region and URL resolution, http refusal, and the operation allowlist."""
import os
import re

import pytest

from ansible_collections.genesyscloud.routing.plugins.module_utils import client as client_mod
from ansible_collections.genesyscloud.routing.plugins.module_utils.client import GenesysClient
from ansible_collections.genesyscloud.routing.plugins.module_utils.endpoints import (
    REGIONS,
    build_path,
    check_base_url,
    is_loopback_host,
    normalize_region,
    resolve_endpoints,
)
from ansible_collections.genesyscloud.routing.plugins.module_utils.errors import (
    GenesysConfigError,
    UnsupportedOperationError,
)
from ansible_collections.genesyscloud.routing.plugins.module_utils.operations import (
    CURSOR_PAGED,
    MAX_PAGE_SIZES,
    OPERATIONS,
    READ_ONLY_POSTS,
    match_operation,
    max_page_size,
)

REPO_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))


def _sdk_operations_file():
    candidates = [
        os.environ.get("GENESYS_SDK_OPERATIONS_TSV", ""),
        # The repository's copy of ../shared/reference/genesys-sdk-operations.tsv (test_sdk_operations_copy.py).
        os.path.join(REPO_ROOT, "tests", "data", "genesys-sdk-operations.tsv"),
    ]
    for path in candidates:
        if path and os.path.isfile(path):
            return path
    return None


# -------------------------------------------------------------------------- regions

def test_regions_table_has_the_18_documented_regions():
    assert len(REGIONS) == 18
    assert REGIONS["eu_west_1"] == "mypurecloud.ie"
    assert REGIONS["ap_southeast_2"] == "mypurecloud.com.au"
    assert REGIONS["us_east_2"] == "use2.us-gov-pure.cloud"


@pytest.mark.parametrize("spelling", [
    "eu-west-1", "eu_west_1", "EU-WEST-1", " eu-west-1 ", "api.mypurecloud.ie", "mypurecloud.ie",
    "https://api.mypurecloud.ie", "https://api.mypurecloud.ie/", "login.mypurecloud.ie",
])
def test_region_spellings_all_resolve_to_the_same_region(spelling):
    assert normalize_region(spelling) == "eu_west_1"
    assert resolve_endpoints(region=spelling) == ("https://api.mypurecloud.ie", "https://login.mypurecloud.ie")


def test_every_region_resolves_to_api_and_login_hosts_of_its_domain():
    for name, domain in REGIONS.items():
        assert resolve_endpoints(region=name.replace("_", "-")) == ("https://api." + domain, "https://login." + domain)


def test_similar_domain_is_not_mistaken_for_a_region():
    # mypurecloud.com.au must not match us-east-1's mypurecloud.com and vice versa
    assert normalize_region("api.mypurecloud.com.au") == "ap_southeast_2"
    assert normalize_region("api.mypurecloud.com") == "us_east_1"


def test_unknown_region_lists_the_valid_ones():
    with pytest.raises(GenesysConfigError) as info:
        resolve_endpoints(region="mars-north-1")
    assert "mars-north-1" in str(info.value)
    assert "eu-west-1" in str(info.value)


def test_default_region_is_us_east_1_like_terraform():
    assert resolve_endpoints() == ("https://api.mypurecloud.com", "https://login.mypurecloud.com")


# -------------------------------------------------------------------------- api_url

def test_api_url_overrides_region_and_derives_login_host():
    assert resolve_endpoints(region="eu-west-1", api_url="https://api.euw2.pure.cloud") == (
        "https://api.euw2.pure.cloud", "https://login.euw2.pure.cloud")


def test_api_url_keeps_port_for_login_host():
    assert resolve_endpoints(api_url="https://api.example.test:8443/") == (
        "https://api.example.test:8443", "https://login.example.test:8443")


def test_api_url_without_api_prefix_logs_in_at_same_origin():
    assert resolve_endpoints(api_url="http://127.0.0.1:5000") == ("http://127.0.0.1:5000", "http://127.0.0.1:5000")
    assert resolve_endpoints(api_url="https://gc-proxy.example.test") == (
        "https://gc-proxy.example.test", "https://gc-proxy.example.test")


def test_api_url_without_scheme_means_https():
    assert resolve_endpoints(api_url="api.mypurecloud.de")[0] == "https://api.mypurecloud.de"


@pytest.mark.parametrize("url", [
    "http://api.mypurecloud.com", "http://10.0.0.5:8080", "http://example.test", "http://[2001:db8::1]:80",
])
def test_plain_http_to_non_loopback_host_is_refused(url):
    with pytest.raises(GenesysConfigError) as info:
        resolve_endpoints(api_url=url)
    assert "http" in str(info.value) and "loopback" in str(info.value)


@pytest.mark.parametrize("url", [
    "http://127.0.0.1:8080", "http://127.5.6.7", "http://localhost:9000", "http://[::1]:8080",
])
def test_plain_http_to_loopback_host_is_allowed(url):
    assert resolve_endpoints(api_url=url)[0] == url


def test_client_itself_refuses_plain_http_login_url():
    with pytest.raises(GenesysConfigError):
        GenesysClient("https://api.mypurecloud.com", "http://login.mypurecloud.com", access_token="t")


@pytest.mark.parametrize("url", [
    "ftp://api.mypurecloud.com", "https://user:pw@api.mypurecloud.com", "https://api.mypurecloud.com/api/v2",
    "https://api.mypurecloud.com?x=1",
])
def test_malformed_base_urls_are_refused(url):
    with pytest.raises(GenesysConfigError):
        check_base_url(url)


def test_loopback_detection():
    assert is_loopback_host("127.0.0.1") and is_loopback_host("::1") and is_loopback_host("LOCALHOST")
    assert not is_loopback_host("128.0.0.1")
    assert not is_loopback_host("localhost.example.com")
    assert not is_loopback_host("")


# -------------------------------------------------------------------------- allowlist

def test_operation_matching_returns_templates():
    assert match_operation("get", "/api/v2/routing/queues") == "GET /api/v2/routing/queues"
    assert match_operation("GET", "/api/v2/routing/queues/abc-123") == "GET /api/v2/routing/queues/{queueId}"
    assert match_operation("PATCH", "/api/v2/routing/queues/q1/members/u1") == (
        "PATCH /api/v2/routing/queues/{queueId}/members/{memberId}")


def test_literal_segment_wins_over_parameter():
    assert match_operation("GET", "/api/v2/authorization/divisions/home") == "GET /api/v2/authorization/divisions/home"
    assert match_operation("GET", "/api/v2/authorization/divisions/d-1") == (
        "GET /api/v2/authorization/divisions/{divisionId}")


def test_operations_outside_the_allowlist_do_not_match():
    assert match_operation("DELETE", "/api/v2/routing/queues") is None
    assert match_operation("GET", "/api/v2/platform/webhooks") is None
    assert match_operation("GET", "/api/v2/routing/queues/a/b/c/d") is None
    assert match_operation("GET", "/api/v2/routing/queues/..") is None


def test_client_raises_programming_error_for_unlisted_operation():
    client = GenesysClient("https://api.mypurecloud.com", "https://login.mypurecloud.com", access_token="t")
    with pytest.raises(UnsupportedOperationError):
        client.operation_for("POST", "/api/v2/platform/webhooks")
    with pytest.raises(UnsupportedOperationError):
        client.get("/api/v2/routing/skills/s1/versions")
    with pytest.raises(UnsupportedOperationError):
        client.get("https://evil.example.test/api/v2/routing/queues")
    assert client.operation_for("GET", "https://api.mypurecloud.com/api/v2/routing/queues?pageNumber=2") == (
        "GET /api/v2/routing/queues")


def test_every_allowlisted_operation_is_an_official_sdk_operation():
    path = _sdk_operations_file()
    assert path is not None, "tests/data/genesys-sdk-operations.tsv is missing"
    sdk = set()
    with open(path) as handle:
        for line in handle:
            if line.startswith("#") or not line.strip():
                continue
            method, template = line.rstrip("\n").split("\t")[:2]
            sdk.add("%s %s" % (method.strip().upper(), template.strip()))
    missing = [op for op in OPERATIONS if op not in sdk]
    assert missing == []


def test_allowlist_covers_the_required_resources():
    required = [
        "GET /api/v2/routing/queues", "PUT /api/v2/routing/queues/{queueId}",
        "PATCH /api/v2/routing/queues/{queueId}/members", "POST /api/v2/routing/queues/{queueId}/wrapupcodes",
        "PUT /api/v2/routing/wrapupcodes/{codeId}", "PATCH /api/v2/routing/skills/{skillId}",
        "GET /api/v2/routing/languages", "POST /api/v2/routing/skillgroups/{skillGroupId}/members/divisions",
        "PUT /api/v2/routing/utilization", "GET /api/v2/users/{userId}", "GET /api/v2/groups", "GET /api/v2/teams",
        "POST /api/v2/authorization/divisions/{divisionId}/objects/{objectType}",
        "PUT /api/v2/integrations/{integrationId}/config/current", "GET /api/v2/integrations/types/{typeId}",
        "PUT /api/v2/processautomation/triggers/{triggerId}",
        "POST /api/v2/analytics/queues/observations/query", "POST /api/v2/analytics/conversations/aggregates/query",
    ]
    assert [op for op in required if op not in OPERATIONS] == []


def test_paging_tables_only_name_allowlisted_list_operations():
    for op in list(MAX_PAGE_SIZES) + list(CURSOR_PAGED):
        assert op in OPERATIONS and op.startswith("GET ")
    for op in READ_ONLY_POSTS:
        assert op in OPERATIONS and op.startswith("POST ")


def test_max_page_sizes():
    assert max_page_size("GET /api/v2/routing/queues") == 500
    assert max_page_size("GET /api/v2/routing/queues/{queueId}/members") == 100
    assert max_page_size("GET /api/v2/processautomation/triggers") == 200
    assert max_page_size("GET /api/v2/routing/languages") == 100


# -------------------------------------------------------------------------- misc

def test_build_path_quotes_each_value():
    assert build_path("/api/v2/routing/queues/{queueId}/members/{memberId}", queueId="q 1", memberId="a/b") == (
        "/api/v2/routing/queues/q%201/members/a%2Fb")
    assert build_path("/api/v2/routing/queues/{queueId}", queueId="x?y#z") == "/api/v2/routing/queues/x%3Fy%23z"


@pytest.mark.parametrize("value", ["", ".", ".."])
def test_build_path_refuses_values_that_are_no_segment(value):
    with pytest.raises(UnsupportedOperationError):
        build_path("/api/v2/routing/queues/{queueId}", queueId=value)


def test_build_path_refuses_a_missing_value():
    with pytest.raises(UnsupportedOperationError) as info:
        build_path("/api/v2/routing/queues/{queueId}/members/{memberId}", queueId="q")
    assert "memberId" in str(info.value)


def test_a_hand_joined_id_with_a_slash_or_query_is_refused_or_quoted():
    client = GenesysClient("https://api.mypurecloud.com", "https://login.mypurecloud.com", access_token="t")
    with pytest.raises(UnsupportedOperationError):
        client.operation_for("GET", "/api/v2/routing/queues/" + "a/b")  # no such operation: nothing is sent
    assert client.operation_for("GET", build_path("/api/v2/routing/queues/{queueId}", queueId="a/b")) == (
        "GET /api/v2/routing/queues/{queueId}")


def test_user_agent_names_collection_and_ansible_versions():
    assert re.match(r"^genesyscloud\.routing/\S+ ansible-core/\S+$", client_mod.USER_AGENT)


def test_collection_version_matches_galaxy_yml():
    galaxy = os.path.join(REPO_ROOT, "galaxy.yml")
    if not os.path.isfile(galaxy):
        pytest.skip("galaxy.yml not present")
    with open(galaxy) as handle:
        match = re.search(r"^version:\s*['\"]?([^'\"\s]+)", handle.read(), re.M)
    assert match and match.group(1) == client_mod.COLLECTION_VERSION
