"""genesys_webhook against the emulator: the EventBridge integration that delivers routing changes.

Every state the module claims is proven with GETs through the public API. The end-to-end test
uses the emulator-only delivery (PUT /__emulator/delivery), which stands in for the AWS API
destination: matched events are POSTed to a small HTTP server started here on 127.0.0.1.
"""

import pytest

from ansible_collections.genesyscloud.routing.plugins.module_utils.etag_and_diff import fingerprint
from ansible_collections.genesyscloud.routing.plugins.module_utils.client import GenesysClient, resolve_endpoints
from ansible_collections.genesyscloud.routing.plugins.module_utils.errors import ConflictError
from ansible_collections.genesyscloud.routing.plugins.module_utils.webhook_fields import AUDIT_TOPIC, parse_notes
from ansible_collections.genesyscloud.routing.plugins.module_utils.webhooks import (
    WebhookService, etag_source,
)

from event_helpers import EventReceiver, pattern_matches

INTEGRATIONS = '/api/v2/integrations'
QUEUES = '/api/v2/routing/queues'
NAME = 'Routing changes'
ORG_ID = '5ee1e1a7-0c1d-4e3a-9c42-000000000001'  # the emulator's fixed organization id
SOURCE = 'aws.partner/genesys.com/cloud/%s/routing-changes' % ORG_ID
BASE = {'name': NAME, 'aws_account_id': '123456789012', 'aws_region': 'eu-west-1',
        'event_source_suffix': 'routing-changes'}


def task(title, **options):
    return {'name': title, 'genesyscloud.routing.genesys_webhook': options}


def integrations(emulator):
    listed = emulator.api('GET', INTEGRATIONS, params={'pageSize': 100}).json()['entities']
    return [item for item in listed if item['name'] == NAME]


def stored(emulator):
    """(integration, config) of the one integration named NAME, through GETs."""
    [item] = integrations(emulator)
    integration = emulator.api('GET', '%s/%s' % (INTEGRATIONS, item['id'])).json()
    config = emulator.api('GET', '%s/%s/config/current' % (INTEGRATIONS, item['id'])).json()
    return integration, config


def put_config(emulator, integration_id, change):
    """Someone else edits the configuration through the public API (versioned PUT)."""
    path = '%s/%s/config/current' % (INTEGRATIONS, integration_id)
    config = emulator.api('GET', path).json()
    body = dict((key, config[key]) for key in ('name', 'version', 'properties', 'advanced', 'notes', 'credentials'))
    change(body)
    response = emulator.api('PUT', path, json=body)
    assert response.status_code == 200, response.text
    return response.json()


def writes(emulator):
    return emulator.stats()['writes']


def test_create_rerun_change_disable_delete(emulator, playbook):
    # Check mode first: the prediction, and nothing written.
    run = playbook([task('plan', events=['queue.update'], **BASE)], check=True)
    plan = run['plan']
    assert plan['changed'] and plan['action'] == 'create' and plan['predicted']
    assert plan['event_source_name'] == SOURCE
    assert writes(emulator) == 0 and integrations(emulator) == []

    run = playbook([task('create', events=['queue.update'], **BASE)])
    created = run['create']
    assert created['changed'] and created['action'] == 'create'
    integration, config = stored(emulator)
    assert integration['intendedState'] == 'ENABLED' and integration['reportedState']['code'] == 'ACTIVE'
    assert integration['integrationType']['id'] == 'amazon-eventbridge-source'
    assert config['properties'] == {'awsAccountId': '123456789012', 'awsAccountRegion': 'eu-west-1',
                                    'eventSourceSuffix': 'routing-changes', 'eventFilter': [AUDIT_TOPIC]}
    assert parse_notes(config['notes']) == ['queue.update']
    assert created['id'] == integration['id'] and created['version'] == config['version']
    assert created['etag'] == fingerprint(etag_source(integration['intendedState'], config))
    assert created['event_source_name'] == SOURCE
    assert created['event_pattern'] == {
        'source': [SOURCE], 'detail-type': [AUDIT_TOPIC],
        'detail': {'eventBody': {'serviceName': ['ContactCenter'], 'entityType': ['Queue'], 'action': ['Update']}}}
    assert created['reported_state'] == 'ACTIVE' and created['enabled'] is True

    # Re-run: no change, no write at all.
    emulator.reset_stats()
    run = playbook([task('again', events=['queue.update'], **BASE)])
    again = run['again']
    assert not again['changed'] and again['action'] == 'none' and again['changes'] == []
    assert again['etag'] == created['etag'] and again['version'] == config['version']
    assert writes(emulator) == 0
    assert all(operation.startswith('GET ') or operation.startswith('POST /oauth')
               for operation in again['api_calls']['by_operation'])

    # Change the events: one versioned PUT, nothing else moves.
    run = playbook([task('events', name=NAME, events=['queue.*', 'skill.create', 'skill.delete'])])
    changed = run['events']
    assert changed['changed'] and changed['action'] == 'update'
    assert changed['changes'] == [{'path': 'events', 'before': ['queue.update'],
                                   'after': ['queue.*', 'skill.create', 'skill.delete']}]
    integration, after = stored(emulator)
    assert after['version'] == config['version'] + 1
    assert parse_notes(after['notes']) == ['queue.*', 'skill.create', 'skill.delete']
    assert after['properties'] == config['properties']
    assert integration['intendedState'] == 'ENABLED'
    assert changed['api_calls']['by_operation']['PUT /api/v2/integrations/{integrationId}/config/current'] == 1
    assert 'PATCH /api/v2/integrations/{integrationId}' not in changed['api_calls']['by_operation']

    # Disable: the configuration stays.
    run = playbook([task('disable', name=NAME, enabled=False)])
    assert run['disable']['changed'] and run['disable']['enabled'] is False
    integration, disabled = stored(emulator)
    assert integration['intendedState'] == 'DISABLED' and integration['reportedState']['code'] == 'INACTIVE'
    assert disabled['version'] == after['version'] and disabled['properties'] == after['properties']
    run = playbook([task('disable again', name=NAME, enabled=False)])
    assert not run['disable again']['changed']

    # Delete, then delete again (nothing to do).
    run = playbook([task('delete', name=NAME, state='absent')])
    assert run['delete']['changed'] and run['delete']['action'] == 'delete'
    assert emulator.api('GET', '%s/%s' % (INTEGRATIONS, integration['id'])).status_code == 404
    assert integrations(emulator) == []
    run = playbook([task('delete again', name=NAME, state='absent')])
    assert not run['delete again']['changed']


def test_check_mode_and_diff_of_an_update_write_nothing(emulator, playbook):
    playbook([task('create', events=['skill.*'], **BASE)])
    _integration, before = stored(emulator)
    emulator.reset_stats()
    run = playbook([task('preview', name=NAME, aws_region='eu-central-1', enabled=False,
                         events=['wrapup_code.update', 'queue.member_add'])], check=True, diff=True)
    preview = run['preview']
    assert preview['changed'] and preview['predicted'] and preview['action'] == 'update'
    assert writes(emulator) == 0
    assert preview['version'] == before['version']  # the current version, to pin after review
    assert preview['diff']['before'] == {'name': NAME, 'aws_region': 'eu-west-1', 'enabled': True,
                                         'events': ['skill.*'], 'topics': [AUDIT_TOPIC]}
    assert preview['diff']['after'] == {'name': NAME, 'aws_region': 'eu-central-1', 'enabled': False,
                                        'events': ['queue.member_add', 'wrapup_code.update'], 'topics': [AUDIT_TOPIC]}
    assert [change['path'] for change in preview['changes']] == ['aws_region', 'enabled', 'events']
    assert preview['config']['properties']['awsAccountRegion'] == 'eu-central-1'
    _integration, unchanged = stored(emulator)
    assert unchanged == before


def test_bad_input_fails_before_any_call(emulator, playbook):
    run = playbook([task('bad', name=NAME, aws_account_id='12345', events=['queue.update', 'queue.updated'])],
                   expect_failure=True)
    bad = run['bad']
    assert bad['failed']
    assert {error['path'] for error in bad['errors']} == {'aws_account_id', 'events[1]'}
    assert "did you mean queue.update" in bad['msg'] and "'12345'" in bad['msg']
    assert emulator.stats()['total'] == 0


def test_create_without_the_aws_settings_fails_after_reading_only(emulator, playbook):
    run = playbook([task('incomplete', name=NAME, events=['queue.*'])], expect_failure=True)
    assert run['incomplete']['failed']
    assert 'aws_account_id' in run['incomplete']['msg'] and 'required to create' in run['incomplete']['msg']
    assert writes(emulator) == 0


def test_pinned_stale_version_or_etag_fails_with_zero_writes(emulator, playbook):
    created = playbook([task('create', events=['queue.update'], **BASE)])['create']
    put_config(emulator, created['id'], lambda body: body.update(notes=body['notes'] + ' Reviewed.'))
    emulator.reset_stats()

    run = playbook([task('stale version', name=NAME, events=['queue.*'], expected_version=created['version'])],
                   expect_failure=True)
    failed = run['stale version']
    assert failed['failed'] and 'changed since review' in failed['msg']
    assert 'version %d' % (created['version'] + 1) in failed['msg']
    assert failed['version'] == created['version'] + 1
    run = playbook([task('stale etag', name=NAME, events=['queue.*'], expected_etag=created['etag'])],
                   expect_failure=True)
    assert run['stale etag']['failed'] and 'changed since review' in run['stale etag']['msg']
    assert writes(emulator) == 0
    _integration, config = stored(emulator)
    assert parse_notes(config['notes']) == ['queue.update']

    # Pinned to the current state, the same change goes through.
    run = playbook([task('fresh', name=NAME, events=['queue.*'], expected_version=failed['version'],
                         expected_etag=failed['etag'])])
    assert run['fresh']['changed']
    assert parse_notes(stored(emulator)[1]['notes']) == ['queue.*']


def test_unmanaged_configuration_and_secrets_are_kept_and_never_shown(emulator, playbook):
    created = playbook([task('create', events=['queue.update'], **BASE)])['create']
    secret_ref = 'cred-5b0f6c1e-secret-reference'
    put_config(emulator, created['id'], lambda body: body.update(
        advanced={'batching': {'maxEvents': 10}}, credentials={'apiKey': {'id': secret_ref}}))
    run = playbook([task('update', name=NAME, events=['routing.*'])], diff=True)
    update = run['update']
    assert update['changed']
    assert update['config']['credentials'] == {'apiKey': '********'}
    assert secret_ref not in run.stdout and secret_ref not in run.stderr
    _integration, config = stored(emulator)
    assert config['credentials'] == {'apiKey': {'id': secret_ref}}
    assert config['advanced'] == {'batching': {'maxEvents': 10}}
    assert parse_notes(config['notes']) == ['routing.*']


# -- concurrency: someone else writes between our read and our PUT ---------------------------

class EditingClient(GenesysClient):
    """A client that lets 'someone else' change the configuration just before each of our PUTs."""

    def __init__(self, emulator, edits, **kwargs):
        super(EditingClient, self).__init__(**kwargs)
        self.emulator = emulator
        self.edits = list(edits)

    def put(self, path, body=None, params=None):
        if path.endswith('/config/current') and self.edits:
            integration_id = path.split('/')[4]
            put_config(self.emulator, integration_id, self.edits.pop(0))
        return super(EditingClient, self).put(path, body=body, params=params)


def editing_service(emulator, tmp_path, edits):
    api_url, login_url = resolve_endpoints(api_url=emulator.base_url)
    client = EditingClient(emulator, edits, api_url=api_url, login_url=login_url, client_id='emulator-client',
                           client_secret='emulator-secret', token_cache_dir=str(tmp_path))
    warnings = []
    return WebhookService(client, warn=warnings.append), client, warnings


def run_service(service, spec):
    spec = dict({'state': 'present', 'enabled': None, 'aws_account_id': None, 'aws_region': None,
                 'event_source_suffix': None, 'events': None, 'expected_etag': None, 'expected_version': None}, **spec)
    integration = service.find(spec)
    config = service.read_config(integration['id']) if integration else None
    plan = service.plan(spec, integration, config=config)
    service.check_expected(plan)
    return plan, service.apply(plan)


def test_concurrent_change_is_a_version_conflict_and_ours_is_reapplied_without_losing_theirs(emulator, playbook, tmp_path):
    created = playbook([task('create', events=['queue.update'], **BASE)])['create']
    service, client, warnings = editing_service(
        emulator, tmp_path, [lambda body: body['properties'].update(awsAccountRegion='us-east-2')])
    _plan, (integration, config) = run_service(service, {'name': NAME, 'events': ['queue.*', 'skill.*']})

    # Our first PUT carried the version we read and was refused; the retry carried the fresh one.
    assert client.stats['by_operation']['PUT /api/v2/integrations/{integrationId}/config/current'] == 2
    # The platform's version conflict: a 400 saying the version does not match (TF IsVersionMismatch).
    assert emulator.stats()['by_status'].get('400') == 1
    assert any('changed by someone else' in warning for warning in warnings)
    _integration, now = stored(emulator)
    assert now['version'] == created['version'] + 2
    assert now['properties']['awsAccountRegion'] == 'us-east-2'        # theirs
    assert parse_notes(now['notes']) == ['queue.*', 'skill.*']         # ours
    assert config['version'] == now['version'] and integration['intendedState'] == 'ENABLED'


def test_pinned_version_refuses_on_409_instead_of_reapplying(emulator, playbook, tmp_path):
    created = playbook([task('create', events=['queue.update'], **BASE)])['create']
    service, _client, _warnings = editing_service(
        emulator, tmp_path, [lambda body: body.update(notes='Edited by an admin')])
    with pytest.raises(ConflictError) as raised:
        run_service(service, {'name': NAME, 'events': ['queue.*'], 'expected_version': created['version']})
    assert 'changed since review' in str(raised.value) and 'nothing was written' in str(raised.value)
    _integration, now = stored(emulator)
    assert now['version'] == created['version'] + 1 and now['notes'] == 'Edited by an admin'


def test_a_configuration_that_keeps_changing_gives_up(emulator, playbook, tmp_path):
    created = playbook([task('create', events=['queue.update'], **BASE)])['create']
    edits = [lambda body, n=n: body.update(notes='admin edit %d' % n) for n in range(5)]
    service, client, _warnings = editing_service(emulator, tmp_path, edits)
    with pytest.raises(ConflictError) as raised:
        run_service(service, {'name': NAME, 'events': ['queue.*']})
    assert 'kept changing' in str(raised.value)
    assert client.stats['by_operation']['PUT /api/v2/integrations/{integrationId}/config/current'] == 3
    _integration, now = stored(emulator)
    assert now['version'] == created['version'] + 3 and now['notes'] == 'admin edit 2'


# -- end to end: a queue change reaches a local receiver --------------------------------------

@pytest.fixture(name='receiver')
def receiver_fixture(emulator):
    instance = EventReceiver(path='/webhook')
    response = emulator.api('PUT', '/__emulator/delivery', json={'url': instance.url})
    assert response.status_code == 200, response.text
    yield instance
    # The delivery URL outlives the per-test reset: switch it off for the next test.
    emulator.api('PUT', '/__emulator/delivery', json={'url': None})
    instance.close()


def test_queue_update_reaches_the_receiver_through_the_enabled_integration(emulator, playbook, receiver):
    queue = emulator.api('GET', QUEUES, params={'pageSize': 1}).json()['entities'][0]
    run = playbook([
        task('deliver', events=['queue.update'], **BASE),
        {'name': 'change the queue', 'genesyscloud.routing.genesys_queue': {
            'name': queue['name'], 'description': 'Delivered through EventBridge'}},
    ])
    assert run['change the queue']['changed']
    pattern = run['deliver']['event_pattern']

    def is_our_update(event):
        body = event['detail']['eventBody']
        return body['entityType'] == 'Queue' and body['entity']['id'] == queue['id'] and body['action'] == 'Update'

    [event] = receiver.wait_for(where=is_our_update, timeout=30.0)
    assert event['source'] == SOURCE and event['detail-type'] == AUDIT_TOPIC
    assert event['detail']['topicName'] == 'v2.audits.entitytype.Queue.entityid.%s' % queue['id']
    changes = dict((change['property'], change) for change in event['detail']['eventBody']['propertyChanges'])
    assert changes['description']['newValues'] == ['Delivered through EventBridge']
    # The pattern the module returned selects this event and not the integration's own audit events.
    assert pattern_matches(pattern, event)
    others = [item for item in receiver.events if not is_our_update(item)]
    assert others and not any(pattern_matches(pattern, item) for item in others)
