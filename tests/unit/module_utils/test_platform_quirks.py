"""The collection's handling of platform behaviours that are not plain CRUD (platform_quirks.py)."""
import pytest

from ansible_collections.genesyscloud.routing.plugins.module_utils.errors import GenesysApiError
from ansible_collections.genesyscloud.routing.plugins.module_utils.platform_quirks import (
    confirm_members_listed, is_version_conflict, rings_needing_member_clear, strip_server_filled,
)
from ansible_collections.genesyscloud.routing.plugins.module_utils.retry_policy import RetryLog, for_request

GROUP = {'id': 'g1', 'type': 'GROUP'}


def queue_as_read():
    """A queue as the platform's GET returns it: rule 1 and activation conditions name the queue itself."""
    return {
        'id': 'q1', 'name': 'Support',
        'conditionalGroupRouting': {'rules': [
            {'operator': 'GreaterThan', 'conditionValue': 5, 'groups': [GROUP], 'queue': {'id': 'q1', 'name': 'Support'}},
            {'operator': 'LessThan', 'conditionValue': 2, 'groups': [GROUP], 'queue': {'id': 'q2', 'name': 'Other'}},
        ]},
        'conditionalGroupActivation': {
            'pilotRule': {'conditions': [{'operator': 'GreaterThan', 'value': 3,
                                          'simpleMetric': {'metric': 'EstimatedWaitTime', 'queue': {'id': 'q1'}}}]},
            'rules': [{'conditions': [{'operator': 'LessThan', 'value': 1,
                                       'simpleMetric': {'metric': 'IdleAgentCount', 'queue': {'id': 'q2'}}}],
                       'groups': [GROUP]}]},
    }


def test_strip_server_filled_removes_only_what_the_server_fills():
    read = queue_as_read()
    stripped = strip_server_filled(read)
    rules = stripped['conditionalGroupRouting']['rules']
    assert 'queue' not in rules[0] and rules[1]['queue']['id'] == 'q2'
    activation = stripped['conditionalGroupActivation']
    assert 'queue' not in activation['pilotRule']['conditions'][0]['simpleMetric']
    assert activation['rules'][0]['conditions'][0]['simpleMetric']['queue'] == {'id': 'q2'}
    assert read == queue_as_read(), 'the input is not modified'
    plain = {'id': 'q1', 'name': 'Plain'}
    assert strip_server_filled(plain) is plain


def test_rings_needing_member_clear_only_when_a_dropped_ring_has_groups():
    current = {'bullseye': {'rings': [{}, {'memberGroups': [GROUP]}, {'memberGroups': [GROUP]}]}}
    assert rings_needing_member_clear(current, {'bullseye': {'rings': [{}, {}]}}) == [2]
    assert rings_needing_member_clear(current, {'bullseye': {'rings': [{}]}}) == [1, 2]
    assert rings_needing_member_clear(current, current) == []
    assert rings_needing_member_clear({'bullseye': {'rings': [{}, {}, {}]}}, {'bullseye': {'rings': [{}, {}]}}) == []


def api_error(status, message='x'):
    return GenesysApiError(status, 'code', message)


@pytest.mark.parametrize('error, expected', [
    (api_error(409), True),
    (api_error(408), True),
    (api_error(400, 'Version 3 does not match the current version 4 of this configuration.'), True),
    (api_error(400, 'properties.awsAccountId is required'), False),
    (api_error(404), False),
    (api_error(500), False),
    (ValueError('409'), False),
])
def test_is_version_conflict(error, expected):
    assert is_version_conflict(error) is expected


def test_catching_up_answers_are_retried_only_for_their_operation():
    """Utilization's 409 and the ring PATCH's 404 go through the one retry policy, nowhere else."""
    log = RetryLog(lambda *args: None, 60)
    utilization = for_request('PUT', True, 5, log, operation='PUT /api/v2/routing/utilization')
    ring = for_request('PATCH', True, 5, log, operation='PATCH /api/v2/routing/queues/{queueId}/members/{memberId}')
    queue = for_request('PUT', True, 5, log, operation='PUT /api/v2/routing/queues/{queueId}')
    assert 409 in utilization.status_forcelist and 404 not in utilization.status_forcelist
    assert 404 in ring.status_forcelist and 409 not in ring.status_forcelist
    assert not {404, 409} & set(queue.status_forcelist)


class ListingClient:
    def __init__(self, listings):
        self.listings = list(listings)

    def list_all(self, path):
        return self.listings.pop(0) if len(self.listings) > 1 else self.listings[0]


def test_confirm_members_listed_waits_then_fails_loudly():
    client = ListingClient([[], [{'id': 'u1'}], [{'id': 'u1'}, {'id': 'u2'}]])
    confirm_members_listed(client, '/members', ['u1', 'u2'], waits=(0, 0, 0), sleep=lambda _s: None)
    never = ListingClient([[{'id': 'u1'}]])
    with pytest.raises(GenesysApiError) as raised:
        confirm_members_listed(never, '/members', ['u1', 'u2'], waits=(0, 0), sleep=lambda _s: None)
    assert 'u2' in str(raised.value) and 'still not listed' in str(raised.value)


def test_skill_group_own_division_is_left_alone_unless_named():
    from ansible_collections.genesyscloud.routing.plugins.module_utils.platform_quirks import (
        ignore_implicit_division, member_division_limit_errors, without_implicit_division,
    )
    from ansible_collections.genesyscloud.routing.plugins.module_utils.skill_groups import MemberDivisionsPlan
    group = {'id': 'g1', 'division': {'id': 'home'}}
    read = MemberDivisionsPlan(['sales'], ['home', 'sales'], ['home', 'sales', 'support'])
    assert read.remove == ['home']
    kept = ignore_implicit_division(read, group)
    assert kept.remove == [] and kept.add == [] and not kept.changed
    assert without_implicit_division(['home', 'sales'], kept) == ['sales']
    named = MemberDivisionsPlan(['home', 'sales'], ['home'], ['home', 'sales'])
    assert ignore_implicit_division(named, group) is named
    assert ignore_implicit_division(None, group) is None
    assert member_division_limit_errors({'member_divisions': ['d%d' % i for i in range(50)]}) == []
    [error] = member_division_limit_errors({'member_divisions': ['d%d' % i for i in range(51)]}, 'skill_groups[0].')
    assert error.path == 'skill_groups[0].member_divisions'


def test_utilization_defaults_agree_between_client_and_emulator():
    """Item 5: the defaults `authoritative: true` sends are the platform's (help centre "utilization"),
    which the emulator serves after a DELETE: message 1, email interruptible by the other media."""
    from genesys_emulator.utilization import default_utilization
    from ansible_collections.genesyscloud.routing.plugins.module_utils.utilization_fields import (
        DEFAULT_MEDIA_UTILIZATION,
    )

    def normalized(table):
        return dict((media, dict(settings, interruptableMediaTypes=sorted(settings['interruptableMediaTypes'])))
                    for media, settings in table.items())

    assert normalized(DEFAULT_MEDIA_UTILIZATION) == normalized(default_utilization()['utilization'])
    assert DEFAULT_MEDIA_UTILIZATION['message']['maximumCapacity'] == 1
    assert DEFAULT_MEDIA_UTILIZATION['email']['interruptableMediaTypes']
    assert DEFAULT_MEDIA_UTILIZATION['call']['interruptableMediaTypes'] == []
