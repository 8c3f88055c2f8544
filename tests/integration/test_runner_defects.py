"""Defects the resource runner fixed, through ansible-playbook (issue 12 a, b; issue 14 items 2, 6, 15)."""
from ansible_collections.genesyscloud.routing.plugins.module_utils.etag_and_diff import fingerprint

QUEUES = '/api/v2/routing/queues'
SKILLS = '/api/v2/routing/skills'
QUEUE = 'genesyscloud.routing.genesys_queue'
SKILL = 'genesyscloud.routing.genesys_skill'


def calls(emulator):
    return sum(emulator.stats()['by_operation'].values())


def first_queue(emulator):
    return emulator.api('GET', QUEUES, params={'pageSize': 500}).json()['entities'][0]


def test_duplicate_names_in_queues_are_refused_before_any_call(emulator, playbook):
    queue = first_queue(emulator)
    emulator.reset_stats()
    run = playbook([{'name': 'twice', QUEUE: {'queues': [
        {'name': queue['name'], 'description': 'one'},
        {'name': 'Another'},
        {'name': queue['name'].upper(), 'description': 'two'},
    ]}}], expect_failure=True)
    assert run['twice']['failed']
    assert [error['path'] for error in run['twice']['errors']] == ['queues[2].name']
    assert calls(emulator) == 0


def test_an_id_that_does_not_exist_without_a_name_fails_naming_id_and_posts_nothing(emulator, playbook):
    emulator.reset_stats()
    run = playbook([{'name': 'ghost', QUEUE: {'id': '00000000-0000-4000-8000-000000000000',
                                              'description': 'x'}}], expect_failure=True)
    assert run['ghost']['errors'][0]['path'] == 'id'
    assert "no queue has id '00000000-0000-4000-8000-000000000000'" in run['ghost']['msg']
    assert emulator.stats()['writes'] == 0


def test_a_bulk_run_with_one_refused_queue_reports_the_others_as_changed(emulator, playbook):
    queue = first_queue(emulator)
    emulator.reset_stats()
    run = playbook([{'name': 'bulk', 'ignore_errors': True, QUEUE: {'queues': [
        {'name': 'Runner New 1'},
        {'name': queue['name'], 'description': 'reviewed change', 'expected_etag': 'W/"stale"'},
        {'name': 'Runner New 2'},
    ]}}], expect_failure=True)
    bulk = run['bulk']
    assert bulk['failed'] and bulk['changed']
    assert [result['changed'] for result in bulk['results']] == [True, False, True]
    assert [result['action'] for result in bulk['results']] == ['create', 'none', 'create']
    assert bulk['summary'] == {'create': 2, 'update': 0, 'delete': 0, 'none': 0, 'failed': 1}
    assert "changed since review" in bulk['results'][1]['msg']
    assert emulator.api('GET', '%s/%s' % (QUEUES, queue['id'])).json().get('description') != 'reviewed change'


def test_a_refused_single_queue_is_not_a_change(emulator, playbook):
    queue = first_queue(emulator)
    run = playbook([{'name': 'stale', QUEUE: {'name': queue['name'], 'description': 'x',
                                              'expected_etag': 'W/"stale"'}}], expect_failure=True)
    assert run['stale']['failed'] and not run['stale']['changed']
    assert 'changed since review' in run['stale']['msg']


def test_genesys_skill_takes_expected_etag(emulator, playbook):
    skills = emulator.api('GET', SKILLS, params={'pageSize': 500}).json()['entities']
    skill = next(item for item in skills if item.get('state') != 'deleted' and item['division']['name'] != 'Sales')
    run = playbook([
        {'name': 'stale', 'ignore_errors': True, SKILL: {'name': skill['name'], 'division': 'Sales',
                                                         'expected_etag': 'W/"stale"'}},
        {'name': 'reviewed', SKILL: {'name': skill['name'], 'division': 'Sales',
                                     'expected_etag': fingerprint(skill)}},
    ], expect_failure=True)
    assert run['stale']['failed'] and not run['stale']['changed']
    assert "skill '%s' changed since review" % skill['name'] in run['stale']['msg']
    assert run['reviewed']['changed'] and not run['reviewed'].get('failed')
    stored = emulator.api('GET', '%s/%s' % (SKILLS, skill['id'])).json()
    assert stored['division']['name'] == 'Sales'


def test_diff_is_returned_only_when_asked(emulator, playbook):
    queue = first_queue(emulator)
    task = {QUEUE: {'name': queue['name'], 'description': 'diff or not'}}
    quiet = playbook([dict(task, name='quiet')], check=True)
    asked = playbook([dict(task, name='asked')], check=True, diff=True)
    assert 'diff' not in quiet['quiet'] and quiet['quiet']['changes']
    assert asked['asked']['diff']['after'] == {'description': 'diff or not'}
