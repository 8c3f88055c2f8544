"""Pure logic of skill groups: the expression codec, canonical views, offline checks, member divisions."""
import copy

import pytest

from ansible_collections.genesyscloud.routing.plugins.module_utils import fieldmap
from ansible_collections.genesyscloud.routing.plugins.module_utils.etag_and_diff import changes
from ansible_collections.genesyscloud.routing.plugins.module_utils.resolver import Resolver
from ansible_collections.genesyscloud.routing.plugins.module_utils.runner import item_errors
from ansible_collections.genesyscloud.routing.plugins.module_utils.skill_group_fields import (
    SKILL_GROUP_OPTIONS, SKILL_GROUP_SETTINGS,
)
from ansible_collections.genesyscloud.routing.plugins.module_utils.errors import InputErrors
from ansible_collections.genesyscloud.routing.plugins.module_utils.skill_groups import (
    MemberDivisionsPlan, expression_references, patch_body, validate_skill_group_spec,
)
from ansible_collections.genesyscloud.routing.plugins.module_utils.skill_groups import (
    SkillGroupService as BaseService,
)


class SkillGroupService(BaseService):
    def plan(self, spec, current=None, prefix=''):
        """Find, then plan (the runner's two steps), as the tests address one group at a time."""
        if current is None:
            current = self.find(spec, prefix)
        return super(SkillGroupService, self).plan(spec, current, prefix)


class ListingClient:
    """Answers listings from fixed tables and records every request (a write would be a bug here)."""

    def __init__(self, tables, objects=None):
        self.tables = tables
        self.objects = objects or {}
        self.requests = []

    def list_all(self, path, params=None):
        self.requests.append(('LIST', path, params))
        return copy.deepcopy(self.tables[path])

    def get(self, path, params=None):
        self.requests.append(('GET', path, params))
        return copy.deepcopy(self.objects[path])


SKILLS = [{'id': 's-1', 'name': 'Billing'}, {'id': 's-2', 'name': 'Fraud'}, {'id': 's-3', 'name': 'Spanish-speaking'},
          {'id': 's-9', 'name': 'Old', 'state': 'deleted'}]
LANGUAGES = [{'id': 'l-1', 'name': 'Spanish'}, {'id': 'l-2', 'name': 'English'}]
DIVISIONS = [{'id': 'd-home', 'name': 'Home'}, {'id': 'd-sales', 'name': 'Sales'}, {'id': 'd-support', 'name': 'Support'}]
TABLES = {'/api/v2/routing/skills': SKILLS, '/api/v2/routing/languages': LANGUAGES,
          '/api/v2/authorization/divisions': DIVISIONS}

EXPRESSION = [{
    'operation': 'Or',
    'routing_skill_conditions': [
        {'routing_skill': 'fraud', 'comparator': 'LessThan', 'proficiency': 2},
        {'routing_skill': 'Billing', 'comparator': 'GreaterThan', 'proficiency': 3, 'child_conditions': [
            {'operation': 'Not', 'language_skill_conditions': [
                {'language_skill': 'English', 'comparator': 'EqualTo', 'proficiency': 0}]}]},
    ],
}]


def resolver():
    return Resolver(ListingClient(TABLES))


def test_to_api_keeps_names_spelled_as_the_org_does_and_sends_every_required_list():
    body = fieldmap.to_api(SKILL_GROUP_SETTINGS, {'skill_conditions': EXPRESSION}, resolver())
    [condition] = body['skillConditions']
    assert condition['operation'] == 'Or'
    assert condition['languageSkillConditions'] == []  # required by the API even when empty
    fraud, billing = condition['routingSkillConditions']
    assert fraud == {'routingSkill': 'Fraud', 'comparator': 'LessThan', 'proficiency': 2, 'childConditions': []}
    assert billing['childConditions'] == [{'operation': 'Not', 'routingSkillConditions': [], 'languageSkillConditions': [
        {'languageSkill': 'English', 'comparator': 'EqualTo', 'proficiency': 0, 'childConditions': []}]}]


def test_views_are_canonical_so_order_and_number_form_are_no_change():
    names = resolver()
    body = fieldmap.to_api(SKILL_GROUP_SETTINGS, {'skill_conditions': EXPRESSION}, names)
    stored = copy.deepcopy(body)
    stored['skillConditions'][0]['routingSkillConditions'].reverse()
    stored['skillConditions'][0]['routingSkillConditions'][0]['proficiency'] = 3.0
    del stored['skillConditions'][0]['routingSkillConditions'][1]['childConditions']
    before = fieldmap.from_api(SKILL_GROUP_SETTINGS, stored, names)
    after = fieldmap.from_api(SKILL_GROUP_SETTINGS, body, names)
    assert changes(before, after) == []
    leaves = after['skill_conditions'][0]['routing_skill_conditions']
    assert [leaf['routing_skill'] for leaf in leaves] == ['Billing', 'Fraud']
    assert 'language_skill_conditions' not in after['skill_conditions'][0]  # empty lists are not shown
    assert 'child_conditions' not in leaves[1]


def test_a_changed_proficiency_deep_down_is_one_change_of_the_expression():
    names = resolver()
    body = fieldmap.to_api(SKILL_GROUP_SETTINGS, {'skill_conditions': EXPRESSION}, names)
    edited = copy.deepcopy(EXPRESSION)
    edited[0]['routing_skill_conditions'][1]['child_conditions'][0]['language_skill_conditions'][0]['proficiency'] = 1
    other = fieldmap.to_api(SKILL_GROUP_SETTINGS, {'skill_conditions': edited}, names)
    records = changes(fieldmap.from_api(SKILL_GROUP_SETTINGS, body, names),
                      fieldmap.from_api(SKILL_GROUP_SETTINGS, other, names))
    assert [record['path'] for record in records] == ['skill_conditions']


def test_unknown_and_soft_deleted_names_fail_with_suggestions_and_paths():
    names = resolver()
    spec = {'name': 'G', 'skill_conditions': [{'operation': 'And', 'routing_skill_conditions': [
        {'routing_skill': 'Old', 'comparator': 'EqualTo', 'proficiency': 1, 'child_conditions': [
            {'operation': 'Or', 'language_skill_conditions': [
                {'language_skill': 'Spansih', 'comparator': 'EqualTo', 'proficiency': 1}]}]}]}],
        'member_divisions': ['Sales', 'Sails', '*']}
    service = SkillGroupService(ListingClient(TABLES), names)
    errors = service.reference_errors(spec, 'skill_groups[4].')
    assert [str(error) for error in errors] == [
        "skill_groups[4].skill_conditions[0].routing_skill_conditions[0].routing_skill: unknown skill 'Old'",
        "skill_groups[4].skill_conditions[0].routing_skill_conditions[0].child_conditions[0]"
        ".language_skill_conditions[0].language_skill: unknown language 'Spansih'; did you mean 'Spanish'?",
        "skill_groups[4].member_divisions[1]: unknown division 'Sails'; did you mean 'Sales'?",
    ]


def test_expression_references_walk_every_level():
    found = expression_references(EXPRESSION, 'skill_conditions')
    assert found == [
        ('skill', 'fraud', 'skill_conditions[0].routing_skill_conditions[0].routing_skill'),
        ('skill', 'Billing', 'skill_conditions[0].routing_skill_conditions[1].routing_skill'),
        ('language', 'English', 'skill_conditions[0].routing_skill_conditions[1].child_conditions[0]'
                                '.language_skill_conditions[0].language_skill'),
    ]


@pytest.mark.parametrize('spec, path', [
    ({'description': 'no name'}, 'name'),
    ({'name': 'G', 'member_divisions': ['*', 'Home']}, 'member_divisions'),
    ({'name': 'G', 'skill_conditions': [{'operation': 'And'}]}, 'skill_conditions[0]'),
    ({'name': 'G', 'skill_conditions': [{'operation': 'And', 'routing_skill_conditions': [
        {'routing_skill': 'Billing', 'comparator': 'EqualTo', 'proficiency': 1,
         'child_conditions': [{'operation': 'Not', 'routing_skill_conditions': []}]}]}]},
     'skill_conditions[0].routing_skill_conditions[0].child_conditions[0]'),
    ({'name': 'G', 'skill_conditions': []}, 'skill_conditions'),
])
def test_offline_checks_name_the_path(spec, path):
    errors = item_errors(SKILL_GROUP_OPTIONS, validate_skill_group_spec, spec, 'skill_groups[1].')
    assert [error.path for error in errors] == ['skill_groups[1].' + path]


def test_a_valid_group_passes_offline_checks():
    assert item_errors(SKILL_GROUP_OPTIONS, validate_skill_group_spec, {
        'name': 'G', 'state': 'present', 'skill_conditions': EXPRESSION, 'member_divisions': ['*']}) == []
    assert item_errors(SKILL_GROUP_OPTIONS, validate_skill_group_spec, {'name': 'G', 'state': 'absent'}) == []


def test_member_divisions_plan_adds_and_removes_in_one_call():
    everything = ['d-home', 'd-sales', 'd-support']
    plan = MemberDivisionsPlan(['d-sales', 'd-home'], ['d-home', 'd-support'], everything)
    assert (plan.add, plan.remove, plan.changed) == (['d-sales'], ['d-support'], True)
    assert plan.holds(['d-home', 'd-sales']) and not plan.holds(['d-home'])
    same = MemberDivisionsPlan(['d-home'], ['d-home'], everything)
    assert not same.changed


def test_star_means_every_division_now_or_literally():
    everything = ['d-home', 'd-sales', 'd-support']
    assert not MemberDivisionsPlan(None, everything, everything).changed
    assert not MemberDivisionsPlan(None, ['*'], everything).changed
    partial = MemberDivisionsPlan(None, ['d-home'], everything)
    assert (partial.add, partial.remove) == (['*'], [])
    back = MemberDivisionsPlan(['d-home'], ['*'], everything)
    assert (back.add, back.remove) == (['d-home'], ['*'])


def test_patch_body_is_the_full_definition_with_a_bare_division_reference():
    group = {'id': 'g-1', 'name': 'G', 'description': 'd', 'memberCount': 4, 'status': 'Complete',
             'division': {'id': 'd-1', 'name': 'Home', 'selfUri': '/x'}, 'skillConditions': [], 'dateModified': 'x'}
    assert patch_body(group) == {'name': 'G', 'description': 'd', 'division': {'id': 'd-1'}, 'skillConditions': []}


def test_planning_reads_only_and_requires_an_expression_to_create():
    client = ListingClient(dict(TABLES, **{'/api/v2/routing/skillgroups': []}))
    service = SkillGroupService(client, Resolver(client))
    with pytest.raises(InputErrors) as raised:
        service.plan_all([({'name': 'New', 'description': 'x'}, 'skill_groups[0].'),
                          ({'name': 'Other', 'skill_conditions': EXPRESSION}, 'skill_groups[1].')], sweep=True)
    assert [str(error) for error in raised.value.errors] == [
        "skill_groups[0].skill_conditions: is required to create skill group 'New'"]
    plans = service.plan_all([({'name': 'Other', 'skill_conditions': EXPRESSION}, 'skill_groups[1].')], sweep=True)
    assert [plan.action for plan in plans] == ['create']
    assert plans[0].after['skill_conditions'][0]['routing_skill_conditions'][1]['routing_skill'] == 'Fraud'
    assert set(method for method, _path, _params in client.requests) == {'LIST'}


def test_update_plan_merges_onto_the_current_group_and_diffs_managed_fields_only():
    current = {'id': 'g-1', 'name': 'G', 'description': 'old', 'division': {'id': 'd-home', 'name': 'Home'},
               'skillConditions': fieldmap.to_api(SKILL_GROUP_SETTINGS, {'skill_conditions': EXPRESSION},
                                                  resolver())['skillConditions'],
               'memberCount': 3}
    client = ListingClient(dict(TABLES, **{'/api/v2/routing/skillgroups': [{'id': 'g-1', 'name': 'G'}]}),
                           {'/api/v2/routing/skillgroups/g-1': current,
                            '/api/v2/routing/skillgroups/g-1/members/divisions': {'entities': [{'id': 'd-home'}]}})
    service = SkillGroupService(client, Resolver(client))
    plan = service.plan({'name': 'G', 'description': 'new', 'division': 'Sales', 'member_divisions': ['Home']})
    assert plan.before == {'description': 'old', 'division': 'Home', 'member_divisions': ['Home']}
    assert plan.after == {'description': 'new', 'division': 'Sales', 'member_divisions': ['Home']}
    assert [record['path'] for record in plan.changes] == ['description', 'division']
    assert plan.desired['skillConditions'] == current['skillConditions']  # unmanaged: kept as it is
    assert patch_body(plan.desired)['division'] == {'id': 'd-sales'}
    assert plan.settings_changed and not plan.details['member_divisions'].changed


def test_a_case_only_difference_is_a_rename_but_never_a_delete():
    current = {'id': 'g-1', 'name': 'VIP Handlers', 'division': {'id': 'd-home'}, 'skillConditions': []}
    client = ListingClient(dict(TABLES, **{'/api/v2/routing/skillgroups': [{'id': 'g-1', 'name': 'VIP Handlers'}]}),
                           {'/api/v2/routing/skillgroups/g-1': current})
    service = SkillGroupService(client, Resolver(client))
    rename = service.plan({'name': 'VIP handlers'})
    assert rename.action == 'update' and rename.changes == [
        {'path': 'name', 'before': 'VIP Handlers', 'after': 'VIP handlers'}]
    assert patch_body(rename.desired)['name'] == 'VIP handlers'
    assert service.plan({'name': 'vip handlers', 'state': 'absent'}).action == 'none'
