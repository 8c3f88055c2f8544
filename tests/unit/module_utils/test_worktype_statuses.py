"""Status plans of genesys_worktype (offline) and the order of their writes; schema field merges."""
from ansible_collections.genesyscloud.routing.plugins.module_utils.workitem_schemas import (
    WorkitemSchemaService, schema_partial,
)
from ansible_collections.genesyscloud.routing.plugins.module_utils.worktype_statuses import StatusPlan

WT = '/api/v2/taskmanagement/worktypes/wt'


class RecordingClient:
    def __init__(self):
        self.calls = []

    def post(self, path, body):
        self.calls.append(('POST', path, body))
        return {'id': 'id-' + body['name']}

    def patch(self, path, body):
        self.calls.append(('PATCH', path, body))

    def delete(self, path):
        self.calls.append(('DELETE', path, None))


def status(status_id, name, category, destinations=(), default=None, delay=None):
    found = {'id': status_id, 'name': name, 'category': category,
             'destinationStatuses': [{'id': item} for item in destinations]}
    if default:
        found.update(defaultDestinationStatus={'id': default}, statusTransitionDelaySeconds=delay)
    return found


CURRENT = [status('o', 'Open', 'Open'), status('c', 'Closed', 'Closed'),
           status('w', 'Waiting', 'Waiting', destinations=['o', 'c'], default='c', delay=600)]


def test_removing_the_default_and_a_transition_target_moves_them_first():
    spec = {'purge_statuses': True, 'default_status': 'New', 'statuses': [
        {'name': 'New', 'category': 'Open'}, {'name': 'Done', 'category': 'Closed'},
        {'name': 'Waiting', 'category': 'Waiting', 'destinations': ['New', 'Done'], 'default_destination': 'Done',
         'transition_delay_seconds': 600}]}
    plan = StatusPlan(spec, '', CURRENT, 'o', creating=False)
    assert plan.errors == []
    client = RecordingClient()
    plan.apply(client, WT, 'o')
    kinds = [(method, path.rsplit('/', 1)[-1]) for method, path, _body in client.calls]
    assert kinds[:2] == [('POST', 'statuses'), ('POST', 'statuses')]
    patch_waiting = kinds.index(('PATCH', 'w'))
    default = kinds.index(('PATCH', 'wt'))
    deletes = [index for index, kind in enumerate(kinds) if kind[0] == 'DELETE']
    assert patch_waiting < default < min(deletes)
    assert sorted(kinds[index][1] for index in deletes) == ['c', 'o']
    assert client.calls[default][2] == {'defaultStatusId': 'id-New'}


def test_removing_the_default_without_naming_a_new_one_is_an_input_error():
    spec = {'purge_statuses': True, 'statuses': [{'name': 'Closed', 'category': 'Closed'}]}
    plan = StatusPlan(spec, 'worktypes[2].', CURRENT, 'o', creating=False)
    assert [error.path for error in plan.errors] == ['worktypes[2].default_status']


def test_a_status_still_pointing_to_a_removed_one_is_refused_once():
    spec = {'purge_statuses': True, 'statuses': [{'name': 'Open', 'category': 'Open'},
                                                 {'name': 'Waiting', 'category': 'Waiting'}]}
    plan = StatusPlan(spec, '', CURRENT, 'o', creating=False)
    # 'Waiting' is listed without destinations, so it keeps pointing to 'Closed', which would be removed.
    assert [error.path for error in plan.errors] == ['statuses[1]']
    assert "'Closed'" in str(plan.errors[0])


def test_recategorizing_replaces_the_status_and_moves_references():
    spec = {'statuses': [{'name': 'Closed', 'category': 'InProgress'}]}
    plan = StatusPlan(spec, '', CURRENT, 'o', creating=False)
    assert plan.errors == []
    client = RecordingClient()
    plan.apply(client, WT, 'o')
    assert client.calls[0] == ('PATCH', WT + '/statuses/c', {'name': 'Closed (replaced)'})
    assert client.calls[1] == ('POST', WT + '/statuses', {'name': 'Closed', 'category': 'InProgress'})
    moved = [body for method, path, body in client.calls if path.endswith('/w')]
    assert moved and moved[0]['defaultDestinationStatusId'] == 'id-Closed'
    assert client.calls[-1] == ('DELETE', WT + '/statuses/c', None)


def test_an_unchanged_plan_writes_nothing():
    spec = {'statuses': [{'name': 'Waiting', 'category': 'Waiting', 'destinations': ['Closed', 'Open']}],
            'default_status': 'Open'}
    plan = StatusPlan(spec, '', CURRENT, 'o', creating=False)
    assert not plan.changed
    client = RecordingClient()
    plan.apply(client, WT, 'o')
    assert client.calls == []


def test_schema_fields_merge_keeps_unlisted_and_replaces_a_retyped_field():
    current = {'name': 'S', 'enabled': True, 'jsonSchema': {'required': ['note_text'], 'properties': {
        'note_text': {'allOf': [{'$ref': '#/definitions/text'}], 'title': 'Note'},
        'other_integer': {'allOf': [{'$ref': '#/definitions/integer'}], 'title': 'Other'}}}}
    spec = {'fields': [{'name': 'note', 'type': 'longtext'}]}
    merged = WorkitemSchemaService.merge_form(None, current, schema_partial(spec), spec)
    assert sorted(merged['jsonSchema']['properties']) == ['note_longtext', 'other_integer']
    assert 'required' not in merged['jsonSchema']  # the retyped field is not required any more
    purged = WorkitemSchemaService.merge_form(None, current, schema_partial(spec), dict(spec, purge_fields=True))
    assert sorted(purged['jsonSchema']['properties']) == ['note_longtext']
