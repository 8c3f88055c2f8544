"""Pure logic of genesys_utilization: merge vs authoritative, the full-replacement body, verification."""
import copy

import pytest

from ansible_collections.genesyscloud.routing.plugins.module_utils.errors import ConflictError, VerificationError
from ansible_collections.genesyscloud.routing.plugins.module_utils.utilization import (
    UtilizationService, request_body,
)
from ansible_collections.genesyscloud.routing.plugins.module_utils.utilization_fields import (
    DEFAULT_MEDIA_UTILIZATION, DOCUMENTED_OPTIONS,
)
from ansible_collections.genesyscloud.routing.plugins.module_utils.validation import field_errors

CURRENT = {
    'utilization': {
        'call': {'maximumCapacity': 1, 'interruptableMediaTypes': [], 'includeNonAcd': True},
        'chat': {'maximumCapacity': 3, 'interruptableMediaTypes': ['call'], 'includeNonAcd': False},
        'email': {'maximumCapacity': 2, 'interruptableMediaTypes': ['chat', 'call'], 'includeNonAcd': False},
        'workitem': {'maximumCapacity': 7},  # a media type this module does not know: kept as it is
    },
    'labelUtilizations': {'lab-1': {'maximumCapacity': 2, 'interruptingLabelIds': [], 'labelName': 'VIP'}},
    'maxInboundCalls': 3,
}


class FakeUtilizationApi:
    """GET and PUT of /routing/utilization; the PUT stores the body, as a full replacement does."""

    def __init__(self, state):
        self.state = copy.deepcopy(state)
        self.calls = []
        self.before_get = None  # lets a test change the state between reads

    def get(self, path, params=None):
        self.calls.append('GET')
        if self.before_get:
            self.before_get(self)
        return copy.deepcopy(self.state)

    def put(self, path, body=None, params=None):
        self.calls.append('PUT')
        labels = dict((key, dict(value, labelName='VIP')) for key, value in body.get('labelUtilizations', {}).items())
        self.state = dict(copy.deepcopy(body), labelUtilizations=labels)
        return copy.deepcopy(self.state)


def test_merge_lays_managed_keys_over_current_and_sends_everything_else_back():
    service = UtilizationService(FakeUtilizationApi(CURRENT))
    plan = service.plan({'media_types': {'chat': {'maximum_capacity': 5}}}, copy.deepcopy(CURRENT))
    assert plan.changes == [{'path': 'media_types.chat.maximum_capacity', 'before': 3, 'after': 5}]
    body = request_body(plan.desired)
    assert body['utilization']['chat'] == {'maximumCapacity': 5, 'interruptableMediaTypes': ['call'],
                                 'includeNonAcd': False}
    assert body['utilization']['email'] == CURRENT['utilization']['email']
    assert body['utilization']['workitem'] == {'maximumCapacity': 7}
    assert body['labelUtilizations'] == {'lab-1': {'maximumCapacity': 2, 'interruptingLabelIds': []}}
    assert body['maxInboundCalls'] == 3
    assert plan.kept == ['call', 'email', 'workitem'] and plan.reset == []


def test_interruptible_order_is_no_change():
    service = UtilizationService(FakeUtilizationApi(CURRENT))
    plan = service.plan({'media_types': {'email': {'interruptible_media_types': ['call', 'chat']}}},
                        copy.deepcopy(CURRENT))
    assert not plan.changed


def test_authoritative_gives_the_documented_defaults_to_everything_not_listed():
    service = UtilizationService(FakeUtilizationApi(CURRENT))
    plan = service.plan({'authoritative': True, 'media_types': {'call': {'maximum_capacity': 2}}},
                        copy.deepcopy(CURRENT))
    media = request_body(plan.desired)['utilization']
    assert media['call'] == {'maximumCapacity': 2, 'interruptableMediaTypes': [], 'includeNonAcd': False}
    for media_type in ('callback', 'chat', 'email', 'message'):
        assert media[media_type] == DEFAULT_MEDIA_UTILIZATION[media_type]
    assert media['workitem'] == {'maximumCapacity': 7}
    assert plan.reset == ['callback', 'chat', 'email', 'messaging'] and plan.kept == ['workitem']
    paths = [record['path'] for record in plan.changes]
    assert 'media_types.call.include_non_acd' in paths and 'media_types.callback' in paths  # absent before


def test_check_mode_result_predicts_without_writing():
    api = FakeUtilizationApi(CURRENT)
    service = UtilizationService(api)
    plan = service.plan({'media_types': {'call': {'maximum_capacity': 4}}}, service.read())
    result = service.result(plan, check_mode=True)
    assert result['predicted'] and result['action'] == 'update'
    assert result['utilization']['utilization']['call']['maximumCapacity'] == 4
    assert api.calls == ['GET']


def test_apply_puts_the_whole_body_and_verifies_labels_survive():
    api = FakeUtilizationApi(CURRENT)
    service = UtilizationService(api)
    plan = service.plan({'media_types': {'call': {'maximum_capacity': 4}}}, service.read())
    stored = service.apply(plan)
    assert api.calls == ['GET', 'GET', 'PUT', 'GET']
    assert stored['utilization']['call']['maximumCapacity'] == 4
    assert stored['labelUtilizations']['lab-1']['labelName'] == 'VIP'


def test_a_platform_that_drops_a_label_fails_verification():
    api = FakeUtilizationApi(CURRENT)
    original_put = api.put

    def lossy_put(path, body=None, params=None):
        original_put(path, dict(body, labelUtilizations={}))

    api.put = lossy_put
    service = UtilizationService(api)
    plan = service.plan({'media_types': {'call': {'maximum_capacity': 4}}}, service.read())
    with pytest.raises(VerificationError, match="'labelUtilizations'"):
        service.apply(plan)


def test_expected_etag_refuses_and_a_concurrent_change_is_re_merged():
    api = FakeUtilizationApi(CURRENT)
    warnings = []
    service = UtilizationService(api, warn=warnings.append)
    plan = service.plan({'media_types': {'call': {'maximum_capacity': 4}}, 'expected_etag': 'W/"stale"'},
                        service.read())
    with pytest.raises(ConflictError):
        service.apply(plan)
    assert 'PUT' not in api.calls

    plan = service.plan({'media_types': {'call': {'maximum_capacity': 4}}}, service.read())

    def someone_else(fake):
        fake.state['utilization']['chat']['maximumCapacity'] = 9
        fake.before_get = None

    api.before_get = someone_else
    stored = service.apply(plan)
    assert warnings and stored['utilization']['chat']['maximumCapacity'] == 9
    assert stored['utilization']['call']['maximumCapacity'] == 4


def test_request_body_never_carries_label_names():
    assert request_body(CURRENT)['labelUtilizations'] == {'lab-1': {'maximumCapacity': 2, 'interruptingLabelIds': []}}
    assert 'maxInboundCalls' not in request_body({'utilization': {}})


@pytest.mark.parametrize('options, path', [
    ({'media_types': {'call': {'maximum_capacity': 26}}}, 'media_types.call.maximum_capacity'),
    ({'media_types': {'call': {'maximum_capacity': -1}}}, 'media_types.call.maximum_capacity'),
    ({'media_types': {'chat': {'interruptible_media_types': ['chat', 'video']}}},
     'media_types.chat.interruptible_media_types[1]'),
    ({'media_types': {'video': {}}}, 'media_types.video'),
])
def test_offline_checks_name_the_path(options, path):
    assert [error.path for error in field_errors(DOCUMENTED_OPTIONS, options)] == [path]
