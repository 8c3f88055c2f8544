"""A 403 from the platform points the user at the module's documented permission list."""
import pytest

from ansible_collections.genesyscloud.routing.plugins.module_utils.module_client import fail_on_api_error
from ansible_collections.genesyscloud.routing.plugins.module_utils.errors import GenesysApiError


class Failed(Exception):
    pass


class FakeModule:
    _name = 'genesyscloud.routing.genesys_queue'

    def fail_json(self, **result):
        raise Failed(result)


def test_403_names_the_module_documentation():
    error = GenesysApiError(403, 'missing.any.permissions', 'Unable to perform the requested action. You must have '
                            'at least one of the following permissions assigned: routing:queue:edit',
                            method='PUT', path='/api/v2/routing/queues/q-1')
    with pytest.raises(Failed) as info:
        fail_on_api_error(FakeModule(), error)
    result = info.value.args[0]
    assert 'routing:queue:edit' in result['msg']
    assert 'ansible-doc genesyscloud.routing.genesys_queue' in result['msg']
    assert result['status'] == 403


def test_other_errors_carry_no_permission_hint():
    error = GenesysApiError(404, 'not.found', 'The requested resource was not found.', method='GET',
                            path='/api/v2/routing/queues/q-1')
    with pytest.raises(Failed) as info:
        fail_on_api_error(FakeModule(), error)
    assert 'ansible-doc' not in info.value.args[0]['msg']
