"""genesys_skill through ansible-playbook against the emulator: create, move, soft delete, bulk, check mode."""
SKILLS = '/api/v2/routing/skills'
MODULE = 'genesyscloud.routing.genesys_skill'


def active_skills(emulator, name):
    listed = emulator.api('GET', SKILLS, params={'name': name, 'pageSize': 500}).json()['entities']
    return [skill for skill in listed if skill['name'] == name and skill.get('state') != 'deleted']


def division_id(emulator, name):
    divisions = emulator.api('GET', '/api/v2/authorization/divisions', params={'pageSize': 500}).json()['entities']
    return [division['id'] for division in divisions if division['name'] == name][0]


def writes(emulator):
    return emulator.stats()['writes']


def calls(emulator, operation):
    return emulator.stats()['by_operation'].get(operation, 0)


def test_create_move_and_rerun_is_a_no_op(emulator, playbook):
    assert active_skills(emulator, 'Ansible Skill') == []
    run = playbook([{'name': 'create', MODULE: {'name': 'Ansible Skill', 'division': 'Sales'}}])
    created = run['create']
    [stored] = active_skills(emulator, 'Ansible Skill')
    assert created['changed'] and created['action'] == 'create'
    assert created['id'] == stored['id']
    assert stored['division']['id'] == division_id(emulator, 'Sales')

    run = playbook([{'name': 'move', MODULE: {'name': 'Ansible Skill', 'division': 'Support'}}])
    assert run['move']['action'] == 'update'
    assert run['move']['changes'] == [{'path': 'division', 'before': 'Sales', 'after': 'Support'}]
    [moved] = active_skills(emulator, 'Ansible Skill')
    assert moved['id'] == stored['id']  # a move keeps the skill, it does not re-create it
    assert moved['division']['id'] == division_id(emulator, 'Support')

    emulator.reset_stats()
    run = playbook([{'name': 'again', MODULE: {'name': 'Ansible Skill', 'division': 'Support'}}])
    assert run['again']['changed'] is False and run['again']['action'] == 'none'
    assert writes(emulator) == 0


def test_an_unknown_name_creates_a_new_skill_and_never_renames(emulator, playbook):
    [billing] = active_skills(emulator, 'Billing')
    run = playbook([{'name': 'new name', MODULE: {'name': 'Billing Renamed'}}])
    assert run['new name']['action'] == 'create'
    assert active_skills(emulator, 'Billing') == [billing]  # the old skill is untouched
    assert active_skills(emulator, 'Billing Renamed')[0]['id'] != billing['id']


def test_delete_is_soft_and_the_name_can_be_created_again(emulator, playbook):
    [old] = active_skills(emulator, 'Fraud')
    run = playbook([{'name': 'delete', MODULE: {'name': 'Fraud', 'state': 'absent'}},
                    {'name': 'delete again', MODULE: {'name': 'Fraud', 'state': 'absent'}}], diff=True)
    assert run['delete']['changed'] and run['delete']['action'] == 'delete'
    assert run['delete']['diff']['after'] == {}
    assert run['delete again']['changed'] is False  # a deleted skill counts as absent
    assert emulator.api('GET', '%s/%s' % (SKILLS, old['id'])).json()['state'] == 'deleted'

    run = playbook([{'name': 'recreate', MODULE: {'name': 'Fraud'}}])
    assert run['recreate']['action'] == 'create'
    [new] = active_skills(emulator, 'Fraud')
    assert new['id'] != old['id']


def test_check_mode_writes_nothing_and_predicts_each_action(emulator, playbook):
    emulator.reset_stats()
    run = playbook([
        {'name': 'create', MODULE: {'name': 'Never Created', 'division': 'Sales'}},
        {'name': 'move', MODULE: {'name': 'Billing', 'division': 'Support'}},
        {'name': 'delete', MODULE: {'name': 'Returns', 'state': 'absent'}},
        {'name': 'same', MODULE: {'name': 'Technical', 'division': 'Support'}},
    ], check=True, diff=True)
    assert writes(emulator) == 0
    assert run['create']['changed'] and run['create']['diff']['after'] == {'name': 'Never Created', 'division': 'Sales'}
    assert run['create']['diff']['before'] == {}
    assert run['move']['diff']['before'] == {'name': 'Billing', 'division': 'Home'}
    assert run['move']['diff']['after'] == {'name': 'Billing', 'division': 'Support'}
    assert run['move']['skill']['division']['id'] == division_id(emulator, 'Support')  # predicted object
    assert run['delete']['changed'] and run['delete']['diff']['after'] == {}
    assert run['same']['changed'] is False
    assert active_skills(emulator, 'Never Created') == []
    assert active_skills(emulator, 'Billing')[0]['division']['name'] == 'Home'


def test_bulk_uses_one_listing_sweep_and_writes_only_changes(emulator, playbook):
    skills = [{'name': 'Bulk %02d' % index, 'division': 'Sales'} for index in range(12)]
    skills += [{'name': 'Billing'}, {'name': 'Compliance', 'state': 'absent'}]
    emulator.reset_stats()
    run = playbook([{'name': 'bulk', MODULE: {'skills': skills}}], diff=True)
    result = run['bulk']
    assert result['summary'] == {'create': 12, 'update': 0, 'delete': 1, 'none': 1, 'failed': 0}
    assert calls(emulator, 'GET /api/v2/routing/skills') == 1
    assert calls(emulator, 'POST /api/v2/routing/skills') == 12
    assert [entry['name'] for entry in result['results']] == [skill['name'] for skill in skills]
    assert len(result['diff']) == 13

    emulator.reset_stats()
    run = playbook([{'name': 'bulk again', MODULE: {'skills': skills[:-1] + [dict(skills[-1])]}}])
    assert run['bulk again']['changed'] is False
    assert run['bulk again']['summary']['none'] == 14
    assert writes(emulator) == 0


def test_bad_input_fails_before_any_write_naming_the_path(emulator, playbook):
    emulator.reset_stats()
    run = playbook([{'name': 'bad', MODULE: {'skills': [
        {'name': 'Fine One', 'division': 'Sales'},
        {'name': 'Also Fine', 'division': 'Suport'},
    ]}}], expect_failure=True)
    bad = run['bad']
    assert bad['failed']
    assert "skills[1].division: unknown division 'Suport'; did you mean 'Support'?" in bad['msg']
    assert writes(emulator) == 0

    run = playbook([{'name': 'case', MODULE: {'name': 'billing'}}], expect_failure=True)
    assert "use the exact name 'Billing'" in run['case']['msg']
    run = playbook([{'name': 'twice', MODULE: {'skills': [{'name': 'X1'}, {'name': 'X1'}]}}], expect_failure=True)
    assert run['twice']['errors'][0]['path'] == 'skills[1].name'
    assert writes(emulator) == 0
