"""WebhookService planning and the versioned write, against an in-memory stand-in for the API."""
import copy

import pytest

from ansible_collections.genesyscloud.routing.plugins.module_utils.etag_and_diff import fingerprint
from ansible_collections.genesyscloud.routing.plugins.module_utils.errors import GenesysApiError
from ansible_collections.genesyscloud.routing.plugins.module_utils.fieldmap import FieldMapError
from ansible_collections.genesyscloud.routing.plugins.module_utils.webhook_fields import AUDIT_TOPIC, render_notes
from ansible_collections.genesyscloud.routing.plugins.module_utils.errors import ConflictError, VerificationError
from ansible_collections.genesyscloud.routing.plugins.module_utils.webhooks import (
    WebhookService, etag_source, plan_result, redact_config,
)

CONFIG_PATH = '/api/v2/integrations/i-1/config/current'
SPEC = {'name': 'Routing changes', 'state': 'present', 'enabled': None, 'aws_account_id': None, 'aws_region': None,
        'event_source_suffix': None, 'events': None, 'expected_etag': None, 'expected_version': None}


class FakeClient:
    """One EventBridge integration with a versioned configuration; `before_put` edits 'as someone else'."""

    def __init__(self, config=None, intended='ENABLED', before_put=None, tamper=None):
        self.integration = {'id': 'i-1', 'name': 'Routing changes', 'intendedState': intended,
                            'integrationType': {'id': 'amazon-eventbridge-source'},
                            'reportedState': {'code': 'ACTIVE'}}
        self.config = config or {
            'id': 'i-1', 'name': 'Routing changes', 'version': 4, 'advanced': {'x': 1},
            'properties': {'awsAccountId': '123456789012', 'awsAccountRegion': 'eu-west-1',
                           'eventSourceSuffix': 'routing', 'eventFilter': [AUDIT_TOPIC]},
            'notes': render_notes(['queue.update']), 'credentials': {'k': {'id': 'secret-ref'}}}
        self.before_put = list(before_put or [])
        self.tamper = tamper
        self.calls = []

    def list_all(self, path, params=None):
        self.calls.append(('LIST', path))
        return [copy.deepcopy(self.integration)]

    def get(self, path, params=None):
        self.calls.append(('GET', path))
        if path == CONFIG_PATH:
            return copy.deepcopy(self.config)
        if path == '/api/v2/organizations/me':
            return {'id': 'org-1'}
        return copy.deepcopy(self.integration)

    def put(self, path, body=None, params=None):
        self.calls.append(('PUT', path))
        if self.before_put:
            self.before_put.pop(0)(self.config)
            self.config['version'] += 1
        if body['version'] != self.config['version']:
            raise GenesysApiError(409, 'conflict', 'The version number of the modified resource must match the '
                                                   'version number in the database.', method='PUT', path=path)
        self.config = dict(copy.deepcopy(body), id='i-1', version=body['version'] + 1)
        stored = copy.deepcopy(self.config)
        if self.tamper:
            self.tamper(stored)
        return stored

    def patch(self, path, body=None, params=None, idempotent=False):
        self.calls.append(('PATCH', path))
        self.integration['intendedState'] = body['intendedState']
        return copy.deepcopy(self.integration)

    def writes(self):
        return [call for call in self.calls if call[0] in ('PUT', 'PATCH', 'POST', 'DELETE')]


def plan_for(client, **spec):
    service = WebhookService(client, warn=client.calls.append)
    integration = service.find(SPEC)
    config = service.read_config(integration['id'])
    return service, service.plan(dict(SPEC, **spec), integration, config=config)


def test_same_settings_plan_no_change():
    _service, plan = plan_for(FakeClient(), events=['queue.update'], aws_region='eu-west-1', enabled=True)
    assert plan.action == 'update' and not plan.changed and plan.changes == []


def test_diff_shows_only_managed_settings_in_option_names():
    _service, plan = plan_for(FakeClient(), events=['skill.*', 'queue.update'], enabled=False)
    assert plan.before == {'name': 'Routing changes', 'enabled': True, 'events': ['queue.update'],
                           'topics': [AUDIT_TOPIC]}
    assert plan.after == {'name': 'Routing changes', 'enabled': False, 'events': ['queue.update', 'skill.*'],
                          'topics': [AUDIT_TOPIC]}
    assert [change['path'] for change in plan.changes] == ['enabled', 'events']
    assert plan.config_changed and plan.state_changed


def test_a_409_re_merges_our_keys_onto_their_change_and_retries():
    client = FakeClient(before_put=[lambda config: config['properties'].update(awsAccountRegion='us-east-2')])
    service, plan = plan_for(client, events=['queue.*'])
    stored = service.put_config(plan)
    assert [call for call in client.calls if call[0] == 'PUT'] == [('PUT', CONFIG_PATH)] * 2
    assert stored['properties']['awsAccountRegion'] == 'us-east-2'
    assert stored['notes'] == render_notes(['queue.*'])
    assert stored['version'] == 6
    assert any('changed by someone else' in str(call) for call in client.calls)


def test_a_409_that_already_holds_our_change_stops_without_writing_again():
    client = FakeClient(before_put=[lambda config: config.update(notes=render_notes(['queue.*']))])
    service, plan = plan_for(client, events=['queue.*'])
    stored = service.put_config(plan)
    assert len([call for call in client.calls if call[0] == 'PUT']) == 1
    assert stored['version'] == 5 and not plan.config_changed


def test_pinned_version_refuses_before_writing_and_on_409():
    client = FakeClient()
    service, plan = plan_for(client, events=['queue.*'], expected_version=3)
    with pytest.raises(ConflictError) as raised:
        service.apply(plan)
    assert 'version 4' in str(raised.value) and 'expected version 3' in str(raised.value)
    assert client.writes() == []

    client = FakeClient(before_put=[lambda config: config.update(notes='admin')])
    service, plan = plan_for(client, events=['queue.*'], expected_version=4)
    with pytest.raises(ConflictError) as raised:
        service.apply(plan)
    assert 'now holds version 5' in str(raised.value) and raised.value.version == 5
    assert client.config['notes'] == 'admin'


def test_pinned_etag_is_the_fingerprint_of_configuration_and_state():
    client = FakeClient()
    current = fingerprint(etag_source('ENABLED', client.config))
    service, plan = plan_for(client, events=['queue.*'], expected_etag=current)
    service.check_expected(plan)  # matches: no error
    stale = fingerprint(etag_source('DISABLED', client.config))
    service, plan = plan_for(client, events=['queue.*'], expected_etag=stale)
    with pytest.raises(ConflictError):
        service.check_expected(plan)


def test_the_version_alone_does_not_move_the_etag():
    config = FakeClient().config
    assert fingerprint(etag_source('ENABLED', config)) == fingerprint(etag_source('ENABLED', dict(config, version=9)))
    assert fingerprint(etag_source('ENABLED', config)) != fingerprint(
        etag_source('ENABLED', dict(config, notes='other')))


def test_bounded_retries_when_the_configuration_keeps_changing():
    client = FakeClient(before_put=[lambda config, n=n: config.update(notes=str(n)) for n in range(5)])
    service, plan = plan_for(client, events=['queue.*'])
    with pytest.raises(ConflictError) as raised:
        service.put_config(plan)
    assert 'kept changing' in str(raised.value)
    assert len([call for call in client.calls if call[0] == 'PUT']) == 3


def test_verification_catches_a_platform_that_stores_something_else():
    client = FakeClient(tamper=lambda stored: stored['properties'].update(eventFilter=[]))
    service, plan = plan_for(client, events=['queue.*', 'v2.routing.queues.{id}.users'])
    with pytest.raises(VerificationError) as raised:
        service.put_config(plan)
    assert 'properties' in str(raised.value)


def test_enable_comes_after_the_configuration_and_disable_before_it():
    client = FakeClient(intended='DISABLED')
    service, plan = plan_for(client, events=['queue.*'], enabled=True)
    service.apply(plan)
    assert [call[0] for call in client.writes()] == ['PUT', 'PATCH']
    client = FakeClient()
    service, plan = plan_for(client, events=['skill.*'], enabled=False)
    service.apply(plan)
    assert [call[0] for call in client.writes()] == ['PATCH', 'PUT']


def test_create_needs_the_aws_settings():
    service = WebhookService(FakeClient())
    with pytest.raises(FieldMapError) as raised:
        service.plan(dict(SPEC, events=['queue.*'], aws_region='eu-west-1'), None, None)
    assert raised.value.path == 'aws_account_id' and 'event_source_suffix' in str(raised.value)


def test_check_mode_result_predicts_the_config_but_pins_the_current_state():
    client = FakeClient()
    _service, plan = plan_for(client, events=['queue.*'])
    result = plan_result(plan, 'org-1', check_mode=True)
    assert result['predicted'] and result['version'] == 4
    assert result['etag'] == fingerprint(etag_source('ENABLED', client.config))
    assert result['config']['notes'] == render_notes(['queue.*']) and result['config']['version'] == 4
    assert result['event_source_name'] == 'aws.partner/genesys.com/cloud/org-1/routing'
    assert result['event_pattern']['detail']['eventBody']['entityType'] == ['Queue']
    assert result['config']['credentials'] == {'k': '********'}
    assert 'secret-ref' not in repr(result)


def test_unmanaged_events_are_read_back_from_the_notes():
    client = FakeClient()
    _service, plan = plan_for(client, enabled=True)
    result = plan_result(plan, 'org-1')
    assert result['events'] == ['queue.update'] and not result['changed']
    assert result['event_pattern']['detail']['eventBody']['action'] == ['Update']


def test_redaction_keeps_only_credential_names():
    assert redact_config({'credentials': {'b': {'id': 'x'}, 'a': {'id': 'y'}}, 'notes': 'n'}) == \
        {'credentials': {'a': '********', 'b': '********'}, 'notes': 'n'}
    assert redact_config(None) is None


def test_an_empty_or_blank_name_is_refused_before_any_call():
    """Issue 14 item 3: name '' let the platform name the integration, and every run created another."""
    from ansible_collections.genesyscloud.routing.plugins.module_utils.runner import item_errors
    from ansible_collections.genesyscloud.routing.plugins.module_utils.webhook_fields import DOCUMENTED_OPTIONS
    from ansible_collections.genesyscloud.routing.plugins.module_utils.webhooks import validate_webhook_spec
    for name in ('', '  ', 'a\nb'):
        errors = item_errors(DOCUMENTED_OPTIONS, validate_webhook_spec, {'name': name, 'state': 'present'})
        assert [(error.path, error.value) for error in errors] == [('name', name)]
