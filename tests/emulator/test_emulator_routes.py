"""The route table: every /api/v2 route is a real SDK operation; resolution rules."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from ansible_collections.genesyscloud.routing.plugins.module_utils.operations import OPERATIONS
from genesys_emulator import framework
from genesys_emulator.server import load_route_modules

# The repository's copy of ../shared/reference/genesys-sdk-operations.tsv (kept equal by a unit test).
OPERATIONS_TSV = Path(os.environ.get(
    "GENESYS_SDK_OPERATIONS",
    str(Path(__file__).resolve().parents[1] / "data" / "genesys-sdk-operations.tsv")))


def _sdk_operations():
    operations = set()
    for line in OPERATIONS_TSV.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        method, path = line.split("\t")[:2]
        operations.add("%s %s" % (method.upper(), path))
    return operations


@pytest.fixture(scope="module")
def routes():
    load_route_modules()
    return list(framework.ROUTES)


def test_every_api_route_is_an_sdk_operation(routes):
    sdk = _sdk_operations()
    served = [r.operation for r in routes if r.template.startswith("/api/v2/")]
    assert served, "no /api/v2 route registered"
    unknown = sorted(op for op in served if op not in sdk)
    assert unknown == []


def test_non_api_routes_are_admin_only(routes):
    for item in routes:
        assert item.template.startswith("/api/v2/") or item.template.startswith("/__emulator/"), \
            item.operation
        assert item.admin == item.template.startswith("/__emulator/")


def test_every_operation_the_collection_sends_is_served(routes):
    """The client's allowlist (plugins/module_utils/operations.py) is what the emulator must serve."""
    served = {r.operation for r in routes}
    assert [operation for operation in OPERATIONS if operation not in served] == []


def test_literal_segment_beats_parameter(routes):
    found, params, _ = framework.resolve("GET", "/api/v2/authorization/divisions/home")
    assert found.template == "/api/v2/authorization/divisions/home"
    assert params == {}
    found, params, _ = framework.resolve("GET", "/api/v2/authorization/divisions/abc")
    assert found.template == "/api/v2/authorization/divisions/{divisionId}"
    assert params == {"divisionId": "abc"}


def test_literal_segments_match_case_insensitively(routes):
    found, params, _ = framework.resolve("GET", "/api/v2/Routing/Queues/Q1")
    assert found.template == "/api/v2/routing/queues/{queueId}"
    assert params == {"queueId": "Q1"}


def test_wrong_method_is_reported_as_known_path(routes):
    found, _, known = framework.resolve("PATCH", "/api/v2/routing/queues")
    assert found is None and known
    found, _, known = framework.resolve("GET", "/api/v2/nothing/here")
    assert found is None and not known


def test_duplicate_registration_is_refused(routes):
    with pytest.raises(ValueError):
        framework.route("GET", "/api/v2/routing/queues")(lambda req: None)
