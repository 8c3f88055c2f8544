"""The harness's own judges must be able to fail: each is shown a planted defect."""
import copy
import json

from harness import org, scenarios
from harness.runs import Outcome

SEED = {
    'queues': {
        'q1': {'id': 'q1', 'name': 'Sales', 'description': 'Inbound', 'division': {'id': 'd1'},
               'dateModified': '2024-01-15T09:00:00.000Z', 'callingPartyName': 'Example'},
        'q2': {'id': 'q2', 'name': 'Billing', 'description': 'Invoices', 'division': {'id': 'd1'}},
    },
    'divisions': {'d1': {'id': 'd1', 'name': 'Home'}},
    'queue_members': {'q1': {'u1': {'ringNumber': 1}}},
    'users': {'u1': {'id': 'u1', 'name': 'Alice'}},
}
DESIRED = {'routing_queues': [{'name': 'Sales', 'description': 'Inbound sales'}]}


def applied(seed=SEED):
    state = copy.deepcopy(seed)
    state['queues']['q1']['description'] = 'Inbound sales'
    state['queues']['q1']['dateModified'] = '2026-11-25T10:00:00.000Z'  # a stamp, not a change
    return state


def test_snapshots_ignore_ids_and_stamps_but_not_configuration():
    again = copy.deepcopy(applied())
    again['queues']['q9'] = again['queues'].pop('q2')
    again['queues']['q9']['id'] = 'q9'  # the same queue created again, with another id
    again['queue_members'] = {'q1': {'u1': {'ringNumber': 1}}}
    assert org.differences(org.snapshot(applied()), org.snapshot(again)) == []
    again['queues']['q9']['description'] = 'changed'
    assert org.differences(org.snapshot(applied()), org.snapshot(again)) == [
        '/queues/queues:Billing/description: "Invoices" -> "changed"']


def test_duplicates_are_found_case_insensitively():
    state = applied()
    state['queues']['q3'] = {'id': 'q3', 'name': 'sales'}
    assert org.duplicates(state) == [{'collection': 'queues', 'name': 'sales', 'count': 2}]
    assert org.duplicates(applied()) == []


def test_unmanaged_changes_are_found_independently_of_the_modules():
    seed, good = org.snapshot(SEED), org.snapshot(applied())
    assert scenarios.unmanaged_changes(seed, good, DESIRED) == []
    bad = applied()
    bad['queues']['q1']['callingPartyName'] = 'Changed'         # a key Sales does not manage
    bad['queues']['q2']['description'] = 'Changed'              # a queue the state does not declare
    bad['queue_members']['q1']['u1']['ringNumber'] = 2          # members of Sales are not managed
    assert scenarios.unmanaged_changes(seed, org.snapshot(bad), DESIRED) == [
        'queue_members/queues:Sales/users:Alice/ringNumber', 'queues/queues:Billing/description',
        'queues/queues:Sales/callingPartyName']


def failed_run(message, **fields):
    result = dict({'failed': True, 'msg': message}, **fields)
    return Outcome(2, json.dumps({'plays': [{'tasks': [{'task': {'name': 'Queues'}, 'hosts': {'dev': result}}]}]}), '')


def test_a_failed_run_counts_as_clean_only_for_a_transient_named_cause():
    assert Outcome(2, '', 'Traceback (most recent call last):\n  File "x"\nKeyError: 1').unclear_failures()
    assert failed_run("queues[0].division: unknown division 'X'").unclear_failures()
    assert failed_run('failed', module_stderr='Traceback (most recent call last): ...').unclear_failures()
    assert failed_run('PUT /api/v2/routing/queues/q failed: 503 service.unavailable: Unavailable.').unclear_failures() \
        == []
    assert failed_run('GET /api/v2/routing/queues failed: connection failed (ProtocolError) after 6 attempt(s).',
                      code='connection.error').unclear_failures() == []
