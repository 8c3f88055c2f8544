"""The service base and the runner on an in-memory API: per-object failures, honest `changed`,
no create from an id alone, duplicate keys, and the repair of a lost update (issues 12 and 14)."""
import copy

import pytest

from ansible_collections.genesyscloud.routing.plugins.module_utils import resource
from ansible_collections.genesyscloud.routing.plugins.module_utils.etag_and_diff import fingerprint
from ansible_collections.genesyscloud.routing.plugins.module_utils.errors import (
    ConflictError, GenesysApiError, GenesysConfigError, InputErrors, LostUpdateError, UnsupportedOperationError,
)
from ansible_collections.genesyscloud.routing.plugins.module_utils.fieldmap import Field, FieldMapError
from ansible_collections.genesyscloud.routing.plugins.module_utils.resolver import OfflineResolver
from ansible_collections.genesyscloud.routing.plugins.module_utils.runner import (
    apply_all, duplicate_errors, ensure,
)

THINGS = '/api/v2/routing/queues'


class FakeApi:
    """Whole-object PUT, last writer wins; `after_put(thing_id)` lets a test play a concurrent writer."""

    def __init__(self, *things):
        self.things = dict((thing['id'], copy.deepcopy(thing)) for thing in things)
        self.calls = []
        self.after_put = None
        self.refuse_put = {}

    def list_all(self, path, params=None):
        self.calls.append(('GET', path))
        ids = (params or {}).get('id')
        return [copy.deepcopy(thing) for thing in self.things.values() if ids is None or thing['id'] in ids]

    def get(self, path, params=None):
        self.calls.append(('GET', path))
        thing_id = path.rsplit('/', 1)[1]
        if thing_id not in self.things:
            raise GenesysApiError(404, 'not.found', 'not found', method='GET', path=path)
        return copy.deepcopy(self.things[thing_id])

    def create(self, path, body, find_existing):
        self.calls.append(('POST', path))
        thing = dict(body, id='t-%d' % (len(self.things) + 1))
        self.things[thing['id']] = thing
        return copy.deepcopy(thing)

    def put(self, path, body=None, params=None, headers=None):
        self.calls.append(('PUT', path))
        thing_id = path.rsplit('/', 1)[1]
        if thing_id in self.refuse_put:
            raise self.refuse_put[thing_id]
        self.things[thing_id] = dict(body, id=thing_id)
        answer = copy.deepcopy(self.things[thing_id])
        if self.after_put:
            self.after_put(thing_id)
        return answer

    def writes(self):
        return [call for call in self.calls if call[0] != 'GET']


class ThingService(resource.ResourceService):
    KIND = 'thing'
    RESULT_KEY = 'thing'
    PATH = THINGS
    FIELDS = [Field('description'), Field('note')]
    BY_IDS_PARAM = 'id'


@pytest.fixture(autouse=True)
def no_pause(monkeypatch):
    monkeypatch.setattr(resource.time, 'sleep', lambda seconds: None)


def service_for(*things):
    api = FakeApi(*things)
    warnings = []
    return api, ThingService(api, OfflineResolver(), warn=warnings.append), warnings


def thing(thing_id, name, **fields):
    return dict(id=thing_id, name=name, **fields)


def test_an_id_that_does_not_exist_without_a_name_is_an_error_not_a_create():
    api, service, _warnings = service_for(thing('t-1', 'A'))
    with pytest.raises(InputErrors) as raised:
        service.plan_all([({'id': 'no-such-id', 'description': 'x'}, 'queues[0].')], sweep=False)
    [error] = raised.value.errors
    assert error.path == 'queues[0].id' and "no thing has id 'no-such-id'" in str(error)
    assert api.writes() == []


def test_duplicate_keys_are_refused_by_name_case_insensitively_and_by_id():
    addressed = [({'name': 'Sales'}, 'queues[0].'), ({'name': 'sales'}, 'queues[1].'),
                 ({'id': 'q-1'}, 'queues[2].'), ({'id': 'q-1', 'name': 'Other'}, 'queues[3].')]
    errors = duplicate_errors(addressed, 'queue')
    assert [error.path for error in errors] == ['queues[1].name', 'queues[3].id']
    assert 'first at queues[0].name' in str(errors[0])


@pytest.mark.parametrize('raised', [
    GenesysConfigError('refused URL'),
    UnsupportedOperationError('not an SDK operation'),
    RuntimeError('a bug'),
])
def test_one_object_raising_anything_is_reported_for_it_and_the_others_keep_their_results(raised):
    api, service, _warnings = service_for(thing('t-1', 'A', description='a'), thing('t-2', 'B', description='b'),
                                          thing('t-3', 'C', description='c'))
    api.refuse_put['t-2'] = raised
    specs = [({'name': name, 'description': 'new'}, 'queues[%d].' % index) for index, name in enumerate('ABC')]
    results, failures = ensure(service, specs, check_mode=False, workers=3, sweep=True)
    assert [result['changed'] for result in results] == [True, False, True]
    assert [result.get('failed', False) for result in results] == [False, True, False]
    assert [name for name, _error in failures] == ['B']
    assert str(raised) in results[1]['msg']
    assert api.things['t-1']['description'] == 'new' and api.things['t-3']['description'] == 'new'


def test_a_refused_write_is_not_a_change():
    api, service, _warnings = service_for(thing('t-1', 'A', description='a'))
    specs = [({'name': 'A', 'description': 'new', 'expected_etag': 'W/"stale"'}, '')]
    results, failures = ensure(service, specs, check_mode=False)
    assert isinstance(failures[0][1], ConflictError)
    assert results[0]['changed'] is False and results[0]['action'] == 'none' and results[0]['failed']
    assert api.writes() == []


def test_check_mode_predicts_and_writes_nothing():
    api, service, _warnings = service_for(thing('t-1', 'A', description='a'))
    results, _failures = ensure(service, [({'name': 'A', 'description': 'new'}, '')], check_mode=True)
    assert results[0]['changed'] and results[0]['predicted'] and results[0]['action'] == 'update'
    assert results[0]['etag'] == fingerprint(api.things['t-1'])
    assert api.writes() == []


def undo_once(api, field, stale, times=1):
    """A concurrent writer whose full-body PUT (built from an older read) lands right after ours."""
    left = [times]

    def after_put(thing_id):
        if left[0] > 0:
            left[0] -= 1
            api.things[thing_id][field] = stale
    return after_put


def test_a_lost_update_is_detected_and_written_again_keeping_the_other_writers_change():
    api, service, warnings = service_for(thing('t-1', 'A', description='old', note='theirs'))
    api.after_put = undo_once(api, 'description', 'old')
    results, failures = ensure(service, [({'name': 'A', 'description': 'ours'}, '')], check_mode=False)
    assert failures == [] and results[0]['changed']
    assert api.things['t-1'] == {'id': 't-1', 'name': 'A', 'description': 'ours', 'note': 'theirs'}
    assert api.writes() == [('PUT', THINGS + '/t-1')] * 2
    assert any('another writer undid this update' in warning for warning in warnings)


def test_a_lost_update_in_bulk_is_repaired_after_the_batch_read_back():
    api, service, _warnings = service_for(thing('t-1', 'A', description='old'), thing('t-2', 'B', description='b'))
    api.after_put = undo_once(api, 'description', 'old')
    specs = [({'name': 'A', 'description': 'ours'}, 'queues[0].'), ({'name': 'B', 'description': 'b2'}, 'queues[1].')]
    results, failures = ensure(service, specs, check_mode=False, sweep=True)
    assert failures == [] and [result['changed'] for result in results] == [True, True]
    assert api.things['t-1']['description'] == 'ours' and api.things['t-2']['description'] == 'b2'
    assert results[0]['thing']['description'] == 'ours'


def test_a_writer_that_keeps_undoing_the_update_makes_the_task_fail_loudly():
    api, service, _warnings = service_for(thing('t-1', 'A', description='old'))
    api.after_put = undo_once(api, 'description', 'old', times=99)
    results, failures = ensure(service, [({'name': 'A', 'description': 'ours'}, '')], check_mode=False)
    [(name, error)] = failures
    assert name == 'A' and isinstance(error, LostUpdateError)
    assert 'description' in str(error) and 'after %d writes' % resource.MAX_WRITE_ATTEMPTS in str(error)
    assert len(api.writes()) == resource.MAX_WRITE_ATTEMPTS
    assert results[0]['failed'] and results[0]['changed']  # our writes did land, they were undone


def test_an_edit_made_before_the_re_read_is_kept_and_only_our_field_is_laid_over():
    api, service, warnings = service_for(thing('t-1', 'A', description='old', note='n'))
    plans = service.plan_all([({'name': 'A', 'description': 'ours'}, '')], sweep=False)
    api.things['t-1']['note'] = 'edited meanwhile'
    results, failures = apply_all(service, plans)
    assert failures == [] and api.things['t-1']['note'] == 'edited meanwhile'
    assert api.things['t-1']['description'] == 'ours'
    assert any('changed by someone else since it was read' in warning for warning in warnings)


def test_input_errors_of_every_object_are_reported_together():
    _api, service, _warnings = service_for(thing('t-1', 'A'), thing('t-2', 'A'))
    with pytest.raises(InputErrors) as raised:
        service.plan_all([({'name': 'A'}, 'queues[0].'), ({'id': 'gone'}, 'queues[1].')], sweep=True)
    assert [error.path for error in raised.value.errors] == ['queues[0].name', 'queues[1].id']
    assert all(isinstance(error, FieldMapError) for error in raised.value.errors)


@pytest.mark.parametrize('bulk', [False, True])
def test_a_stale_write_landing_after_our_read_back_is_caught_by_the_last_check(monkeypatch, bulk):
    """The other writer read before our write and PUTs its copy after our verification: the run must
    not end with success while our change is gone."""
    api, service, warnings = service_for(thing('t-1', 'A', description='old', note='n'), thing('t-2', 'B'))
    stale = [dict(api.things['t-1'], note='theirs')]

    def pause(seconds):  # the settle wait: the other writer's stale copy lands now
        if stale:
            api.things['t-1'] = stale.pop()
    monkeypatch.setattr(resource.time, 'sleep', pause)
    specs = [({'name': 'A', 'description': 'ours'}, 'queues[0].')]
    if bulk:
        specs.append(({'name': 'B', 'description': 'b'}, 'queues[1].'))
    results, failures = ensure(service, specs, check_mode=False, sweep=bulk)
    assert failures == [] and results[0]['changed']
    assert api.things['t-1'] == {'id': 't-1', 'name': 'A', 'description': 'ours', 'note': 'theirs'}
    assert results[0]['thing']['description'] == 'ours'
    assert any('another writer undid this update' in warning for warning in warnings)


# ------------------------------------------------------------------------------------------- validated once

def run_queue_module(args, capsys):
    """genesys_queue.main() in-process; these runs end at the input checks, before any client exists."""
    import json
    from ansible.module_utils.testing import patch_module_args
    from ansible_collections.genesyscloud.routing.plugins.modules import genesys_queue
    with patch_module_args(args):
        with pytest.raises(SystemExit):
            genesys_queue.main()
    return json.loads(capsys.readouterr().out)


@pytest.mark.parametrize('args, checks', [
    ({'queues': [{'name': 'Sales'}, {'name': 'sales', 'description': 'x'}]}, 2),   # one per item
    ({'name': 'Sales', 'acw_settings': {'wrapup_prompt': 'MANDATORY', 'timeout_ms': 5000}}, 1),
])
def test_each_object_is_checked_against_its_schema_once(args, checks, capsys, monkeypatch):
    """Issue 12: the items of a bulk list were checked by check_options and again by validate_queue_spec."""
    from ansible_collections.genesyscloud.routing.plugins.module_utils import validation
    checked = []
    real = validation.schema_errors

    def counting(schema, instance, path=''):
        if isinstance(instance, dict) and 'name' in instance:
            checked.append(path)
        return real(schema, instance, path)
    monkeypatch.setattr(validation, 'schema_errors', counting)
    result = run_queue_module(args, capsys)
    assert result['failed'] and 'api_calls' not in result
    assert len(checked) == checks, checked


def test_ids_in_api_paths_stay_one_path_segment():
    """Issue 12: service paths were joined by hand; an id holding '/' or '..' could reach another operation."""
    from ansible_collections.genesyscloud.routing.plugins.module_utils.members import SetPlan, apply_wrapup_codes
    from ansible_collections.genesyscloud.routing.plugins.module_utils.queues import QueueService
    service = QueueService(FakeApi(), OfflineResolver())
    assert service.object_path('q/../skills') == '/api/v2/routing/queues/q%2F..%2Fskills'

    class Recorder:
        deleted = []

        def delete(self, path, params=None):
            self.deleted.append(path)
    plan = SetPlan('authoritative')
    plan.to_remove = ['code/1?x']
    apply_wrapup_codes(Recorder(), 'q 1', plan)
    assert Recorder.deleted == ['/api/v2/routing/queues/q%201/wrapupcodes/code%2F1%3Fx']
