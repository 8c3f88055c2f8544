"""Error formatting: useful, and never carrying a secret."""
import pytest

from ansible_collections.genesyscloud.routing.plugins.module_utils.errors import (
    GenesysApiError,
    GenesysAuthError,
    GenesysConnectionError,
    GenesysError,
    find_missing_permissions,
)


def test_api_error_message_has_method_path_status_code_and_correlation_id():
    exc = GenesysApiError(404, "not.found", "The requested resource was not found.", correlation_id="c-123",
                          body={"status": 404}, method="GET", path="/api/v2/routing/queues/abc",
                          operation="GET /api/v2/routing/queues/{queueId}")
    assert str(exc) == ("GET /api/v2/routing/queues/abc failed: 404 not.found: The requested resource was not "
                        "found. (correlation id c-123)")
    assert isinstance(exc, GenesysError)
    assert exc.status == 404 and exc.code == "not.found" and exc.correlation_id == "c-123"


def test_missing_permission_is_named_from_message_params():
    body = {"status": 403, "code": "missing.any.permissions",
            "message": "Unable to perform the requested action.",
            "messageParams": {"permissions": "routing:queue:edit, routing:queue:add"}}
    exc = GenesysApiError(403, body["code"], body["message"], body=body, method="PUT", path="/api/v2/routing/queues/q")
    assert exc.missing_permissions == ["routing:queue:edit", "routing:queue:add"]
    assert "routing:queue:edit, routing:queue:add" in str(exc)


def test_missing_permission_is_named_from_message_text():
    message = ("Unable to perform the requested action. You must have at least one of the following "
               "permissions assigned: routing:queue:edit")
    exc = GenesysApiError(403, "missing.any.permissions", message, method="PUT", path="/api/v2/routing/queues/q")
    assert exc.missing_permissions == ["routing:queue:edit"]
    assert str(exc).count("routing:queue:edit") == 1  # already in the message: not repeated


def test_permission_parsing_ignores_non_permission_params():
    assert find_missing_permissions({"messageParams": {"value": "abc", "field": "name"}}) == []
    assert find_missing_permissions(None, "nothing to see") == []


def test_forbidden_without_details_hints_at_role():
    exc = GenesysApiError(403, "not.authorized", "Not authorized.", method="GET", path="/api/v2/users")
    assert "permission or scope" in str(exc)


def test_auth_error_for_login_hints_at_credentials_and_region():
    exc = GenesysAuthError(401, "invalid_client", "client authentication failed", method="POST", path="/oauth/token")
    text = str(exc)
    assert "POST /oauth/token failed: 401 invalid_client" in text
    assert "region" in text and "client_id" in text


def test_connection_error_says_whether_retrying_is_safe():
    sent = GenesysConnectionError("connection failed", method="POST", path="/api/v2/routing/queues", ambiguous=True)
    unsent = GenesysConnectionError("connection failed", method="GET", path="/api/v2/routing/queues")
    assert sent.status is None and sent.ambiguous
    assert "may have been applied" in str(sent)
    assert "transient" in str(unsent)


def test_repr_has_no_body_or_message():
    exc = GenesysApiError(400, "bad.request", "secretive text", body={"x": "y"}, method="GET", path="/api/v2/users")
    assert "secretive" not in repr(exc) and "bad.request" in repr(exc)


@pytest.mark.parametrize("status", [401, 403, 500])
def test_message_is_stable_without_body(status):
    exc = GenesysApiError(status, None, None, method="DELETE", path="/api/v2/routing/skills/s")
    assert str(exc).startswith("DELETE /api/v2/routing/skills/s failed: %d" % status)
