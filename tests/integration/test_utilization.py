"""genesys_utilization through ansible-playbook against the emulator: merge, authoritative, check mode."""
from ansible_collections.genesyscloud.routing.plugins.module_utils.etag_and_diff import fingerprint
from ansible_collections.genesyscloud.routing.plugins.module_utils.client import GenesysClient
from ansible_collections.genesyscloud.routing.plugins.module_utils.utilization import UtilizationService

UTILIZATION = '/api/v2/routing/utilization'
MODULE = 'genesyscloud.routing.genesys_utilization'
PUT = 'PUT /api/v2/routing/utilization'


def stored(emulator):
    return emulator.api('GET', UTILIZATION).json()


def writes(emulator):
    return emulator.stats()['writes']


def make_client(emulator):
    return GenesysClient(emulator.base_url, emulator.base_url, client_id='emulator-client',
                         client_secret='emulator-secret', requests_per_minute=6000, token_cache_dir=None)


def test_merge_changes_one_media_type_and_sends_the_others_back(emulator, playbook):
    before = stored(emulator)
    emulator.reset_stats()
    run = playbook([{'name': 'chat', MODULE: {'media_types': {'chat': {
        'maximum_capacity': 5, 'interruptible_media_types': ['message', 'call']}}}}], diff=True)
    result = run['chat']
    assert result['changed'] and result['action'] == 'update'
    assert result['changes'] == [
        {'path': 'media_types.chat.interruptible_media_types', 'before': ['call'], 'after': ['call', 'message']},
        {'path': 'media_types.chat.maximum_capacity', 'before': 3, 'after': 5},
    ]
    assert result['kept_media_types'] == ['call', 'callback', 'email', 'messaging']
    assert emulator.stats()['by_operation'][PUT] == 1
    after = stored(emulator)
    assert after['utilization']['chat'] == {'maximumCapacity': 5, 'interruptableMediaTypes': ['message', 'call'],
                                            'includeNonAcd': False}
    for media_type in ('call', 'callback', 'email', 'message'):  # the PUT resets omitted types: none omitted
        assert after['utilization'][media_type] == before['utilization'][media_type]
    # the diff shows only what the task manages (README: "only the fields you manage"), as for queues;
    # kept_media_types says what else the PUT carried back unchanged
    assert result['diff']['before'] == {'media_types': {'chat': {
        'maximum_capacity': 3, 'interruptible_media_types': ['call']}}}
    assert result['diff']['after'] == {'media_types': {'chat': {
        'maximum_capacity': 5, 'interruptible_media_types': ['call', 'message']}}}
    assert result['etag'] == fingerprint(after)

    emulator.reset_stats()
    run = playbook([{'name': 'again', MODULE: {'media_types': {'chat': {
        'maximum_capacity': 5, 'interruptible_media_types': ['call', 'message']}}}}])
    assert run['again']['changed'] is False and run['again']['action'] == 'none'
    assert writes(emulator) == 0


def test_authoritative_sets_everything_not_given_to_the_documented_defaults(emulator, playbook):
    task = {MODULE: {'authoritative': True, 'media_types': {
        'call': {'maximum_capacity': 1, 'include_non_acd': True},
        'email': {'maximum_capacity': 2, 'interruptible_media_types': ['call']}}}}
    run = playbook([dict(task, name='authoritative')])
    result = run['authoritative']
    assert result['reset_media_types'] == ['callback', 'chat', 'messaging']
    media = stored(emulator)['utilization']
    assert media['call'] == {'maximumCapacity': 1, 'interruptableMediaTypes': [], 'includeNonAcd': True}
    assert media['email'] == {'maximumCapacity': 2, 'interruptableMediaTypes': ['call'], 'includeNonAcd': False}
    assert media['chat'] == {'maximumCapacity': 4, 'interruptableMediaTypes': [], 'includeNonAcd': False}
    assert media['message'] == {'maximumCapacity': 1, 'interruptableMediaTypes': [], 'includeNonAcd': False}
    paths = [change['path'] for change in result['changes']]
    assert 'media_types.messaging.include_non_acd' in paths  # the seed counted non-ACD messages
    assert 'media_types.chat.maximum_capacity' in paths

    emulator.reset_stats()
    run = playbook([dict(task, name='again')])
    assert run['again']['changed'] is False
    assert writes(emulator) == 0


def test_check_mode_writes_nothing_and_predicts(emulator, playbook):
    before = stored(emulator)
    emulator.reset_stats()
    run = playbook([
        {'name': 'merge', MODULE: {'media_types': {'messaging': {'maximum_capacity': 9}}}},
        {'name': 'authoritative', MODULE: {'authoritative': True, 'media_types': {'call': {'maximum_capacity': 1}}}},
    ], check=True, diff=True)
    assert writes(emulator) == 0
    assert stored(emulator) == before
    merge = run['merge']
    assert merge['changed'] and merge['changes'] == [
        {'path': 'media_types.messaging.maximum_capacity', 'before': 4, 'after': 9}]
    assert merge['utilization']['utilization']['message']['maximumCapacity'] == 9  # predicted
    assert merge['etag'] == fingerprint(before)
    assert merge['diff']['after']['media_types']['messaging']['maximum_capacity'] == 9
    assert run['authoritative']['changed']
    assert run['authoritative']['reset_media_types'] == ['callback', 'chat', 'email', 'messaging']


def test_labels_and_inbound_call_maximum_survive_the_full_replacement(emulator, playbook):
    current = stored(emulator)
    emulator.api('PUT', UTILIZATION, json={'utilization': current['utilization'], 'maxInboundCalls': 3})
    run = playbook([{'name': 'capacity', MODULE: {'media_types': {'call': {'maximum_capacity': 2}}}}])
    assert run['capacity']['changed']
    after = stored(emulator)
    assert after['maxInboundCalls'] == 3
    assert after['utilization']['call']['maximumCapacity'] == 2


def test_bad_input_fails_before_any_call(emulator, playbook):
    emulator.reset_stats()
    run = playbook([{'name': 'bad', MODULE: {'media_types': {
        'chat': {'maximum_capacity': 26}, 'email': {'interruptible_media_types': ['call', 'call']}}}}],
        expect_failure=True)
    messages = [error['msg'] for error in run['bad']['errors']]
    assert messages == ['media_types.chat.maximum_capacity: 26 is above the maximum 25',
                        "media_types.email.interruptible_media_types[1]: has duplicates: 'call' is also item [0]"]
    run = playbook([{'name': 'enum', MODULE: {'media_types': {'chat': {'interruptible_media_types': ['Call']}}}}],
                   expect_failure=True)
    assert 'Call' in run['enum']['msg'] and run['enum']['failed']
    assert emulator.stats()['total'] == 0  # not even a token: validation comes first


def test_expected_etag_and_a_concurrent_edit(emulator, playbook):
    seen = stored(emulator)
    emulator.api('PUT', UTILIZATION, json={'utilization': dict(seen['utilization'], callback={
        'maximumCapacity': 2, 'interruptableMediaTypes': [], 'includeNonAcd': False})})
    emulator.reset_stats()
    pinned = {'expected_etag': fingerprint(seen), 'media_types': {'call': {'maximum_capacity': 3}}}
    run = playbook([{'name': 'pinned', MODULE: pinned}], expect_failure=True)
    assert 'changed since review' in run['pinned']['msg']
    assert writes(emulator) == 0

    warnings = []
    service = UtilizationService(make_client(emulator), warn=warnings.append)
    plan = service.plan({'media_types': {'call': {'maximum_capacity': 3}}}, service.read())
    emulator.api('PUT', UTILIZATION, json={'utilization': dict(stored(emulator)['utilization'], email={
        'maximumCapacity': 6, 'interruptableMediaTypes': [], 'includeNonAcd': False})})
    result = service.apply(plan)
    assert warnings and 'changed by someone else' in warnings[0]
    assert result['utilization']['call']['maximumCapacity'] == 3
    assert result['utilization']['email']['maximumCapacity'] == 6  # the other writer's change survives
    assert result['utilization']['callback']['maximumCapacity'] == 2
