"""genesys_skill_group through ansible-playbook against the emulator: expressions by name, member divisions."""
import copy

from ansible_collections.genesyscloud.routing.plugins.module_utils.etag_and_diff import fingerprint
from ansible_collections.genesyscloud.routing.plugins.module_utils.client import GenesysClient
from ansible_collections.genesyscloud.routing.plugins.module_utils.resolver import Resolver
from ansible_collections.genesyscloud.routing.plugins.module_utils.runner import apply_all
from ansible_collections.genesyscloud.routing.plugins.module_utils.skill_groups import SkillGroupService

GROUPS = '/api/v2/routing/skillgroups'
MODULE = 'genesyscloud.routing.genesys_skill_group'

NESTED = [{
    'operation': 'And',
    'routing_skill_conditions': [
        {'routing_skill': 'Billing', 'comparator': 'GreaterThanOrEqualTo', 'proficiency': 2,
         'child_conditions': [{'operation': 'Not', 'routing_skill_conditions': [
             {'routing_skill': 'Fraud', 'comparator': 'GreaterThan', 'proficiency': 3}]}]},
        {'routing_skill': 'Accounts', 'comparator': 'GreaterThan', 'proficiency': 0},
    ],
    'language_skill_conditions': [
        {'language_skill': 'Spanish', 'comparator': 'GreaterThanOrEqualTo', 'proficiency': 3},
    ],
}]


def group_named(emulator, name):
    listed = emulator.api('GET', GROUPS, params={'name': name, 'pageSize': 100}).json()['entities']
    matches = [group for group in listed if group['name'] == name]
    if not matches:
        return None
    return emulator.api('GET', '%s/%s' % (GROUPS, matches[0]['id'])).json()


def member_division_names(emulator, group_id):
    listing = emulator.api('GET', '%s/%s/members/divisions' % (GROUPS, group_id)).json()
    return sorted(division['name'] for division in listing['entities'])


def writes(emulator):
    return emulator.stats()['writes']


def calls(emulator, operation):
    return emulator.stats()['by_operation'].get(operation, 0)


def make_client(emulator):
    return GenesysClient(emulator.base_url, emulator.base_url, client_id='emulator-client',
                         client_secret='emulator-secret', requests_per_minute=6000, token_cache_dir=None)


def test_create_with_a_nested_expression_then_rerun_and_reorder_are_no_ops(emulator, playbook):
    task = {'name': 'create', MODULE: {'name': 'Ansible Group', 'division': 'Sales', 'description': 'made here',
                                       'skill_conditions': NESTED, 'member_divisions': ['Sales', 'Home']}}
    run = playbook([task])
    created = run['create']
    stored = group_named(emulator, 'Ansible Group')
    assert created['changed'] and created['action'] == 'create'
    assert created['id'] == stored['id'] and created['etag'] == fingerprint(stored)
    assert stored['division']['name'] == 'Sales' and stored['description'] == 'made here'
    condition = stored['skillConditions'][0]
    assert condition['operation'] == 'And'
    assert sorted(leaf['routingSkill'] for leaf in condition['routingSkillConditions']) == ['Accounts', 'Billing']
    billing = [leaf for leaf in condition['routingSkillConditions'] if leaf['routingSkill'] == 'Billing'][0]
    assert billing['childConditions'][0]['operation'] == 'Not'
    assert billing['childConditions'][0]['routingSkillConditions'][0]['routingSkill'] == 'Fraud'
    assert condition['languageSkillConditions'][0]['languageSkill'] == 'Spanish'
    assert member_division_names(emulator, stored['id']) == ['Home', 'Sales']

    reordered = copy.deepcopy(task)
    reordered['name'] = 'reordered'
    expression = reordered[MODULE]['skill_conditions'][0]
    expression['routing_skill_conditions'].reverse()
    expression['routing_skill_conditions'][1]['routing_skill'] = 'billing'  # names match case-insensitively
    reordered[MODULE]['member_divisions'] = ['Home', 'Sales']
    emulator.reset_stats()
    run = playbook([dict(task, name='again'), reordered])
    assert run['again']['changed'] is False and run['again']['action'] == 'none'
    assert run['reordered']['changed'] is False
    assert writes(emulator) == 0


def test_description_change_patches_the_full_definition_and_keeps_the_rest(emulator, playbook):
    before = group_named(emulator, 'Technical Experts')
    divisions_before = member_division_names(emulator, before['id'])
    emulator.reset_stats()
    run = playbook([{'name': 'describe', MODULE: {'name': 'Technical Experts', 'description': 'only this'}}])
    assert run['describe']['changes'] == [{'path': 'description', 'before': before['description'],
                                           'after': 'only this'}]
    assert calls(emulator, 'PATCH /api/v2/routing/skillgroups/{skillGroupId}') == 1
    assert writes(emulator) == 1
    after = group_named(emulator, 'Technical Experts')
    assert after['description'] == 'only this'
    for key in ('name', 'division', 'skillConditions'):
        assert after[key] == before[key]
    assert member_division_names(emulator, after['id']) == divisions_before


def test_member_divisions_are_managed_whole_and_star_means_all(emulator, playbook):
    technical = group_named(emulator, 'Technical Experts')
    assert member_division_names(emulator, technical['id']) == ['Home', 'Support']
    emulator.reset_stats()
    run = playbook([
        {'name': 'only sales', MODULE: {'name': 'Technical Experts', 'member_divisions': ['Sales']}},
        {'name': 'all', MODULE: {'name': 'Spanish Billing', 'member_divisions': ['*']}},
        {'name': 'all vip', MODULE: {'name': 'VIP Handlers', 'member_divisions': ['*']}},
    ], diff=True)
    result = run['only sales']
    # Support is the group's own division: the platform keeps it among the member divisions, so the
    # module leaves it alone unless it is named (TF routing_skill_group utils; docs/emulator.md).
    assert technical['division']['name'] == 'Support'
    assert result['diff']['before'] == {'member_divisions': ['Home']}
    assert result['diff']['after'] == {'member_divisions': ['Sales']}
    assert member_division_names(emulator, technical['id']) == ['Sales', 'Support']
    assert run['all']['changed'] is False  # Spanish Billing already spans every division
    assert run['all vip']['diff']['after'] == {'member_divisions': ['*']}
    vip = group_named(emulator, 'VIP Handlers')
    assert member_division_names(emulator, vip['id']) == ['Home', 'Sales', 'Support']
    assert calls(emulator, 'POST /api/v2/routing/skillgroups/{skillGroupId}/members/divisions') == 2
    assert calls(emulator, 'PATCH /api/v2/routing/skillgroups/{skillGroupId}') == 0


def test_unknown_names_fail_before_any_write_with_suggestions(emulator, playbook):
    emulator.reset_stats()
    run = playbook([{'name': 'typos', MODULE: {'skill_groups': [
        {'name': 'Fine Group', 'skill_conditions': [{'operation': 'Or', 'routing_skill_conditions': [
            {'routing_skill': 'Billing', 'comparator': 'EqualTo', 'proficiency': 1}]}]},
        {'name': 'Typo Group', 'division': 'Suport', 'skill_conditions': [{'operation': 'And', 'routing_skill_conditions': [
            {'routing_skill': 'Billing', 'comparator': 'EqualTo', 'proficiency': 1, 'child_conditions': [
                {'operation': 'Or', 'language_skill_conditions': [
                    {'language_skill': 'Spansih', 'comparator': 'GreaterThan', 'proficiency': 2}]}]},
            {'routing_skill': 'Spanish-speking', 'comparator': 'EqualTo', 'proficiency': 1}]}]},
    ]}}], expect_failure=True)
    failed = run['typos']
    paths = [error['path'] for error in failed['errors']]
    assert paths == [
        'skill_groups[1].skill_conditions[0].routing_skill_conditions[0].child_conditions[0]'
        '.language_skill_conditions[0].language_skill',
        'skill_groups[1].skill_conditions[0].routing_skill_conditions[1].routing_skill',
        'skill_groups[1].division',
    ]
    assert "unknown language 'Spansih'; did you mean 'Spanish'?" in failed['msg']
    assert "unknown skill 'Spanish-speking'; did you mean 'Spanish-speaking' or 'French-speaking'?" in failed['msg']
    assert writes(emulator) == 0
    assert group_named(emulator, 'Fine Group') is None
    run = playbook([{'name': 'twice', MODULE: {'skill_groups': [{'name': 'VIP Handlers'}, {'name': 'VIP Handlers'}]}}],
                   expect_failure=True)
    assert run['twice']['errors'][0]['path'] == 'skill_groups[1].name'
    assert writes(emulator) == 0


def test_schema_errors_name_the_path_at_any_depth(emulator, playbook):
    emulator.reset_stats()
    run = playbook([{'name': 'bounds', MODULE: {'name': 'Bad Group', 'skill_conditions': [
        {'operation': 'And', 'routing_skill_conditions': [
            {'routing_skill': 'Billing', 'comparator': 'GreaterThan', 'proficiency': 1, 'child_conditions': [
                {'operation': 'or', 'routing_skill_conditions': [
                    {'routing_skill': 'VIP', 'comparator': 'GreaterThan', 'proficiency': 7}]},
                {'operation': 'Not'}]}]}]}}], expect_failure=True)
    messages = [error['msg'] for error in run['bounds']['errors']]
    prefix = 'skill_conditions[0].routing_skill_conditions[0].child_conditions'
    assert "%s[0].operation: 'or' is not one of: And, Or, Not" % prefix in messages
    assert '%s[0].routing_skill_conditions[0].proficiency: 7 is above the maximum 5' % prefix in messages
    assert len(messages) == 2  # the shape walk waits until the schema passes
    run = playbook([{'name': 'empty', MODULE: {'name': 'Bad Group', 'skill_conditions': [
        {'operation': 'And', 'routing_skill_conditions': [
            {'routing_skill': 'Billing', 'comparator': 'GreaterThan', 'proficiency': 1,
             'child_conditions': [{'operation': 'Not'}]}]}]}}], expect_failure=True)
    assert run['empty']['errors'][0]['path'] == 'skill_conditions[0].routing_skill_conditions[0].child_conditions[0]'
    run = playbook([{'name': 'no expression', MODULE: {'name': 'Bad Group', 'description': 'x'}}],
                   expect_failure=True)
    assert run['no expression']['msg'] == "skill_conditions: is required to create skill group 'Bad Group'"
    assert writes(emulator) == 0


def test_check_mode_makes_no_writes_and_diff_shows_names(emulator, playbook):
    vip = group_named(emulator, 'VIP Handlers')
    emulator.reset_stats()
    run = playbook([
        {'name': 'create', MODULE: {'name': 'Never Created', 'skill_conditions': NESTED, 'member_divisions': ['*']}},
        {'name': 'update', MODULE: {'name': 'VIP Handlers', 'division': 'Support', 'skill_conditions': [
            {'operation': 'Or', 'routing_skill_conditions': [
                {'routing_skill': 'VIP', 'comparator': 'GreaterThan', 'proficiency': 2}]}]}},
        {'name': 'delete', MODULE: {'name': 'Spanish Billing', 'state': 'absent'}},
    ], check=True, diff=True)
    assert writes(emulator) == 0
    create = run['create']
    assert create['changed'] and create['diff']['before'] == {}
    after = create['diff']['after']
    assert after['name'] == 'Never Created' and after['member_divisions'] == ['*']
    leaves = after['skill_conditions'][0]['routing_skill_conditions']
    assert [leaf['routing_skill'] for leaf in leaves] == ['Accounts', 'Billing']  # canonical order
    update = run['update']
    assert update['diff']['before']['division'] == 'Sales' and update['diff']['after']['division'] == 'Support'
    assert update['diff']['before']['skill_conditions'][0]['routing_skill_conditions'][0]['child_conditions'][0] == {
        'operation': 'Not', 'routing_skill_conditions': [
            {'routing_skill': 'Fraud', 'comparator': 'GreaterThan', 'proficiency': 3}]}
    assert sorted(change['path'] for change in update['changes']) == ['division', 'skill_conditions']
    assert update['etag'] == fingerprint(vip)
    assert run['delete']['changed'] and run['delete']['diff']['after'] == {}
    assert group_named(emulator, 'Never Created') is None
    assert group_named(emulator, 'VIP Handlers') == vip


def test_bulk_sweep_delete_and_expected_etag(emulator, playbook):
    technical = group_named(emulator, 'Technical Experts')
    emulator.reset_stats()
    run = playbook([{'name': 'bulk', MODULE: {'skill_groups': [
        {'name': 'Spanish Billing', 'state': 'absent'},
        {'name': 'Technical Experts', 'description': 'bulk'},
        {'name': 'VIP Handlers'},
        {'name': 'Brand New', 'skill_conditions': [{'operation': 'And', 'language_skill_conditions': [
            {'language_skill': 'German', 'comparator': 'GreaterThanOrEqualTo', 'proficiency': 2}]}]},
    ]}}])
    assert run['bulk']['summary'] == {'create': 1, 'update': 1, 'delete': 1, 'none': 1, 'failed': 0}
    assert calls(emulator, 'GET /api/v2/routing/skillgroups') == 1  # one sweep for four groups
    assert group_named(emulator, 'Spanish Billing') is None
    assert group_named(emulator, 'Brand New')['skillConditions'][0]['languageSkillConditions'][0]['languageSkill'] \
        == 'German'

    emulator.reset_stats()
    pinned = {'name': 'Technical Experts', 'description': 'reviewed', 'expected_etag': fingerprint(technical)}
    run = playbook([{'name': 'pinned', MODULE: pinned}], expect_failure=True)
    assert 'changed since review' in run['pinned']['msg']
    assert writes(emulator) == 0
    current = group_named(emulator, 'Technical Experts')
    run = playbook([{'name': 'pinned ok', MODULE: dict(pinned, expected_etag=fingerprint(current))}])
    assert run['pinned ok']['changed'] and group_named(emulator, 'Technical Experts')['description'] == 'reviewed'


def test_a_concurrent_edit_is_re_merged_not_lost(emulator):
    client = make_client(emulator)
    warnings = []
    service = SkillGroupService(client, Resolver(client), warn=warnings.append)
    plans = service.plan_all([({'name': 'Technical Experts', 'division': 'Home'}, '')], sweep=False)
    assert plans[0].changed
    group_id = plans[0].object_id
    # Someone else edits the description between our read and our write.
    emulator.api('PATCH', '%s/%s' % (GROUPS, group_id), json={'description': 'edited meanwhile'})
    results, failures = apply_all(service, plans)
    assert failures == []
    stored = emulator.api('GET', '%s/%s' % (GROUPS, group_id)).json()
    assert stored['division']['name'] == 'Home'
    assert stored['description'] == 'edited meanwhile'  # their change survives ours
    assert warnings and 'changed by someone else' in warnings[0]
    assert results[0]['etag'] == fingerprint(stored)
