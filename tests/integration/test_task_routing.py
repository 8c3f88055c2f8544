"""genesys_workbin, genesys_workitem_schema and genesys_worktype through ansible-playbook against the emulator."""
TM = '/api/v2/taskmanagement'
WORKBIN = 'genesyscloud.routing.genesys_workbin'
SCHEMA = 'genesyscloud.routing.genesys_workitem_schema'
WORKTYPE = 'genesyscloud.routing.genesys_worktype'

REFUND_STATUSES = [
    {'name': 'Open', 'category': 'Open'},
    {'name': 'Waiting on customer', 'category': 'Waiting', 'destinations': ['Open', 'Closed'],
     'default_destination': 'Closed', 'transition_delay_seconds': 600},
    {'name': 'Closed', 'category': 'Closed', 'auto_terminate': True},
]


def writes(emulator):
    return emulator.stats()['writes']


def query_one(emulator, kind, name):
    body = {'filters': [{'name': 'name', 'type': 'String', 'operator': 'EQ', 'values': [name]}]}
    found = emulator.api('POST', '%s/%s/query' % (TM, kind), json=body).json()['entities']
    return found[0] if found else None


def schema_named(emulator, name):
    listed = emulator.api('GET', TM + '/workitems/schemas').json()['entities']
    return next((item for item in listed if item['name'] == name), None)


def statuses(emulator, worktype):
    listed = emulator.api('GET', '%s/worktypes/%s/statuses' % (TM, worktype['id'])).json()['entities']
    return dict((status['name'], status) for status in listed)


def refund_worktype(**extra):
    options = {'name': 'Refund task', 'workbin': 'Refund request workbin', 'default_queue': 'Support',
               'default_skills': ['Refunds', 'Billing'], 'default_due_duration_seconds': 172800,
               'statuses': REFUND_STATUSES, 'default_status': 'Open'}
    options.update(extra)
    return options


# -- workbins ----------------------------------------------------------------------------------

def test_workbin_create_rerun_check_hand_edit_and_stale_etag(emulator, playbook):
    run = playbook([{'name': 'create', WORKBIN: {'name': 'Claims', 'division': 'Support'}}])
    assert run['create']['action'] == 'create'
    stored = query_one(emulator, 'workbins', 'Claims')
    assert stored['division']['name'] == 'Support'

    emulator.api('PATCH', '%s/workbins/%s' % (TM, stored['id']), json={'description': 'set by hand'})
    emulator.reset_stats()
    run = playbook([{'name': 'again', WORKBIN: {'name': 'Claims', 'division': 'Support'}}])
    assert run['again']['changed'] is False and writes(emulator) == 0
    assert query_one(emulator, 'workbins', 'Claims')['description'] == 'set by hand'  # unmanaged, kept

    run = playbook([{'name': 'check', WORKBIN: {'name': 'Claims', 'description': 'new'}}], check=True, diff=True)
    assert writes(emulator) == 0 and run['check']['changed']
    assert run['check']['diff']['before'] == {'name': 'Claims', 'description': 'set by hand'}
    reviewed = run['check']['etag']

    emulator.api('PATCH', '%s/workbins/%s' % (TM, stored['id']), json={'description': 'edited after review'})
    emulator.reset_stats()
    run = playbook([{'name': 'stale', WORKBIN: {'name': 'Claims', 'description': 'new', 'expected_etag': reviewed}}],
                   expect_failure=True)
    assert run['stale']['failed'] and 'changed since review' in run['stale']['msg']
    assert writes(emulator) == 0


def test_workbin_division_cannot_move_and_bulk_uses_one_sweep(emulator, playbook):
    emulator.reset_stats()
    run = playbook([{'name': 'bulk', WORKBIN: {'workbins': [
        {'name': 'Bin one'}, {'name': 'Bin two', 'division': 'Sales'},
        {'name': 'Refund request workbin', 'division': 'Home'}]}}], expect_failure=True)
    assert emulator.stats()['by_operation'].get('POST /api/v2/taskmanagement/workbins/query') == 1
    assert writes(emulator) == 0
    assert "workbins[2].division" in run['bulk']['msg'] and 'cannot change' in run['bulk']['msg']

    run = playbook([{'name': 'bulk', WORKBIN: {'workbins': [{'name': 'Bin one'}, {'name': 'Bin two'}]}}])
    assert run['bulk']['summary']['create'] == 2


# -- workitem schemas --------------------------------------------------------------------------

def test_schema_versions_rerun_check_hand_edit_and_stale_etag(emulator, playbook):
    fields = [{'name': 'order_number', 'type': 'identifier', 'title': 'Order number', 'required': True},
              {'name': 'amount', 'type': 'number', 'constraints': {'minimum': 0}}]
    run = playbook([{'name': 'create', SCHEMA: {'name': 'Claim details', 'fields': fields}}])
    assert run['create']['version'] == 1
    stored = schema_named(emulator, 'Claim details')
    assert stored['jsonSchema']['required'] == ['order_number_identifier']
    assert stored['jsonSchema']['properties']['amount_number']['minimum'] == 0

    by_hand = dict(stored['jsonSchema'])
    by_hand['properties'] = dict(by_hand['properties'], note_text={'allOf': [{'$ref': '#/definitions/text'}],
                                                                   'title': 'Note'})
    emulator.api('PUT', '%s/workitems/schemas/%s' % (TM, stored['id']),
                 json={'name': 'Claim details', 'version': 1, 'enabled': True, 'jsonSchema': by_hand})
    emulator.reset_stats()
    run = playbook([{'name': 'again', SCHEMA: {'name': 'Claim details', 'fields': fields}}])
    assert run['again']['changed'] is False and writes(emulator) == 0 and run['again']['version'] == 2

    change = {'name': 'Claim details', 'fields': [dict(fields[1], title='Amount (EUR)')]}
    run = playbook([{'name': 'check', SCHEMA: change}], check=True, diff=True)
    assert writes(emulator) == 0 and run['check']['changed']
    reviewed = run['check']['etag']
    run = playbook([{'name': 'update', SCHEMA: change}])
    assert run['update']['version'] == 3
    properties = schema_named(emulator, 'Claim details')['jsonSchema']['properties']
    assert sorted(properties) == ['amount_number', 'note_text', 'order_number_identifier']  # nothing lost

    emulator.reset_stats()
    run = playbook([{'name': 'stale', SCHEMA: dict(change, description='x', expected_etag=reviewed)}],
                   expect_failure=True)
    assert 'changed since review' in run['stale']['msg'] and writes(emulator) == 0


def test_schema_field_errors_name_the_option_path(emulator, playbook):
    emulator.reset_stats()
    run = playbook([{'name': 'bad', SCHEMA: {'name': 'Bad', 'fields': [{'name': 'Order', 'type': 'text'}]}}],
                   expect_failure=True)
    assert run['bad']['errors'][0]['path'] == 'fields[0].name'
    assert emulator.stats()['total'] == 0


# -- worktypes ---------------------------------------------------------------------------------

def test_worktype_create_rerun_check_hand_edit_and_stale_etag(emulator, playbook):
    run = playbook([{'name': 'create', WORKTYPE: refund_worktype(schema='Refund details', schema_version=1)}])
    assert run['create']['action'] == 'create'
    worktype = query_one(emulator, 'worktypes', 'Refund task')
    found = statuses(emulator, worktype)
    assert sorted(found) == ['Closed', 'Open', 'Waiting on customer']
    waiting = found['Waiting on customer']
    assert waiting['defaultDestinationStatus']['id'] == found['Closed']['id']
    assert worktype['defaultStatus']['id'] == found['Open']['id']
    assert worktype['defaultQueue']['id'] and worktype['defaultDueDurationSeconds'] == 172800

    emulator.api('PATCH', '%s/worktypes/%s' % (TM, worktype['id']), json={'defaultPriority': 42})
    emulator.api('POST', '%s/worktypes/%s/statuses' % (TM, worktype['id']),
                 json={'name': 'Escalated', 'category': 'InProgress'})
    emulator.reset_stats()
    run = playbook([{'name': 'again', WORKTYPE: refund_worktype(schema='Refund details', schema_version=1)}])
    assert run['again']['changed'] is False and writes(emulator) == 0
    assert query_one(emulator, 'worktypes', 'Refund task')['defaultPriority'] == 42  # unmanaged, kept
    assert 'Escalated' in statuses(emulator, worktype)  # not listed and no purge: kept

    run = playbook([{'name': 'check', WORKTYPE: refund_worktype(default_queue='Email Support')}],
                   check=True, diff=True)
    assert writes(emulator) == 0
    assert {'path': 'default_queue', 'before': 'Support', 'after': 'Email Support'} in run['check']['changes']
    reviewed = run['check']['etag']

    emulator.api('PATCH', '%s/worktypes/%s' % (TM, worktype['id']), json={'defaultPriority': 7})
    emulator.reset_stats()
    run = playbook([{'name': 'stale', WORKTYPE: refund_worktype(default_queue='Email Support',
                                                                 expected_etag=reviewed)}], expect_failure=True)
    assert 'changed since review' in run['stale']['msg'] and writes(emulator) == 0

    run = playbook([{'name': 'route', WORKTYPE: {'name': 'Refund task', 'default_queue': 'Email Support'}}])
    assert run['route']['changes'] == [{'path': 'default_queue', 'before': 'Support', 'after': 'Email Support'}]
    assert emulator.stats()['by_operation'].get('PATCH /api/v2/taskmanagement/worktypes/{worktypeId}') == 1


def test_deleting_the_default_status_and_a_transition_target_is_ordered(emulator, playbook):
    playbook([{'name': 'create', WORKTYPE: refund_worktype()}])
    # 'Open' is the default and a destination of 'Waiting on customer'; 'Closed' is its default destination.
    run = playbook([{'name': 'reshape', WORKTYPE: {
        'name': 'Refund task', 'purge_statuses': True, 'default_status': 'New',
        'statuses': [{'name': 'New', 'category': 'Open'},
                     {'name': 'Done', 'category': 'Closed'},
                     {'name': 'Waiting on customer', 'category': 'Waiting', 'destinations': ['New', 'Done'],
                      'default_destination': 'Done', 'transition_delay_seconds': 600}]}}], diff=True)
    assert run['reshape']['changed']
    worktype = query_one(emulator, 'worktypes', 'Refund task')
    found = statuses(emulator, worktype)
    assert sorted(found) == ['Done', 'New', 'Waiting on customer']
    assert worktype['defaultStatus']['id'] == found['New']['id']
    assert found['Waiting on customer']['defaultDestinationStatus']['id'] == found['Done']['id']


def test_rename_and_recategorize_keep_references(emulator, playbook):
    playbook([{'name': 'create', WORKTYPE: refund_worktype()}])
    before = statuses(emulator, query_one(emulator, 'worktypes', 'Refund task'))
    run = playbook([{'name': 'change', WORKTYPE: {'name': 'Refund task', 'statuses': [
        {'name': 'Awaiting customer', 'previous_name': 'Waiting on customer', 'category': 'Waiting'},
        {'name': 'Closed', 'category': 'InProgress'}], 'default_status': 'Open'}}], expect_failure=True)
    # Recategorizing 'Closed' keeps its auto_terminate only on a Closed status; the waiting status still
    # points to it as default destination, which is fine: the reference moves to the new status.
    assert not run['change'].get('failed'), run['change'].get('msg')
    after = statuses(emulator, query_one(emulator, 'worktypes', 'Refund task'))
    assert after['Awaiting customer']['id'] == before['Waiting on customer']['id']  # renamed, same status
    assert after['Closed']['category'] == 'InProgress' and after['Closed']['id'] != before['Closed']['id']
    assert after['Awaiting customer']['defaultDestinationStatus']['id'] == after['Closed']['id']
    assert sorted(after) == ['Awaiting customer', 'Closed', 'Open']


def test_removing_the_default_status_without_a_new_one_fails_before_writing(emulator, playbook):
    playbook([{'name': 'create', WORKTYPE: refund_worktype()}])
    emulator.reset_stats()
    run = playbook([{'name': 'bad', WORKTYPE: {'name': 'Refund task', 'purge_statuses': True, 'statuses': [
        {'name': 'Closed', 'category': 'Closed'}]}}], expect_failure=True)
    assert writes(emulator) == 0
    assert run['bad']['errors'][0]['path'] == 'default_status'


def test_unknown_reference_names_the_option_path(emulator, playbook):
    emulator.reset_stats()
    run = playbook([{'name': 'bad', WORKTYPE: refund_worktype(default_queue='Suport')}], expect_failure=True)
    assert run['bad']['errors'][0]['path'] == 'default_queue'
    assert "did you mean 'Support'" in run['bad']['msg']
    assert writes(emulator) == 0


def test_worktype_bulk_uses_one_sweep_and_deletes(emulator, playbook):
    emulator.reset_stats()
    run = playbook([{'name': 'bulk', WORKTYPE: {'worktypes': [
        {'name': 'Refund request', 'default_priority': 10},
        {'name': 'Address change', 'state': 'absent'},
        {'name': 'Callback task', 'workbin': 'Refund request workbin', 'default_queue': 'Callbacks'}]}}])
    assert emulator.stats()['by_operation'].get('POST /api/v2/taskmanagement/worktypes/query') == 1
    assert run['bulk']['summary'] == {'create': 1, 'update': 0, 'delete': 1, 'none': 1, 'failed': 0}
    assert query_one(emulator, 'worktypes', 'Address change') is None


def test_queue_facts_reports_workitem_load_per_queue_and_worktype(emulator, playbook):
    emulator.reset_stats()
    run = playbook([{'name': 'facts', 'genesyscloud.routing.genesys_queue_facts': {
        'gather': ['workitem_load', 'worktypes'], 'names': ['Email Support', 'Support', 'Refund request']}}])
    rows = run['facts']['workitem_load']
    assert [(row['queue'], row['worktype']) for row in rows] == [('Email Support', 'Refund request'),
                                                                 ('Support', 'Address change')]
    # The emulator's simulated counts for the same queue and worktype (emulator-only simulation).
    worktype = query_one(emulator, 'worktypes', 'Refund request')
    body = {'groupBy': ['queueId', 'typeId'], 'metrics': [{'name': 'oWorkitemsUnassigned'}],
            'filter': {'predicates': [{'dimension': 'queueId', 'value': worktype['defaultQueue']['id']}]}}
    answer = emulator.api('POST', '/api/v2/analytics/taskmanagement/metrics/query', json=body).json()
    assert rows[0]['waiting'] == answer['results'][0]['data'][0]['stats']['count']
    assert run['facts']['ansible_facts']['genesys_workitem_load'] == rows
    assert writes(emulator) == 0
