"""Pure logic of genesys_skill: matching by exact name, soft-deleted skills, plans, writes on a fake client."""
import copy

import pytest

from ansible_collections.genesyscloud.routing.plugins.module_utils.errors import GenesysApiError, InputErrors
from ansible_collections.genesyscloud.routing.plugins.module_utils.fieldmap import FieldMapError
from ansible_collections.genesyscloud.routing.plugins.module_utils.resolver import Resolver
from ansible_collections.genesyscloud.routing.plugins.module_utils.runner import apply_all
from ansible_collections.genesyscloud.routing.plugins.module_utils.skill_fields import SKILL_ITEM
from ansible_collections.genesyscloud.routing.plugins.module_utils.skills import SkillService
from ansible_collections.genesyscloud.routing.plugins.module_utils.validation import field_errors

SKILLS = '/api/v2/routing/skills'
DIVISIONS = [{'id': 'd-home', 'name': 'Home'}, {'id': 'd-sales', 'name': 'Sales'}]


class FakeSkillsApi:
    """Just enough of the platform's skills API: prefix listing of active skills, soft delete."""

    def __init__(self, skills):
        self.skills = dict((skill['id'], copy.deepcopy(skill)) for skill in skills)
        self.calls = []

    def list_all(self, path, params=None):
        self.calls.append(('GET', path))
        if path == '/api/v2/authorization/divisions':
            return copy.deepcopy(DIVISIONS)
        prefix = ((params or {}).get('name') or '').lower()
        return [copy.deepcopy(skill) for skill in self.skills.values()
                if skill['state'] == 'active' and skill['name'].lower().startswith(prefix)]

    def get(self, path, params=None):
        self.calls.append(('GET', path))
        skill_id = path.rsplit('/', 1)[1]
        if skill_id not in self.skills:
            raise GenesysApiError(404, 'not.found', 'not found', method='GET', path=path)
        return copy.deepcopy(self.skills[skill_id])

    def create(self, path, body, find_existing):
        self.calls.append(('POST', path))
        skill = {'id': 's-%d' % (len(self.skills) + 1), 'name': body['name'], 'state': 'active',
                 'division': {'id': body.get('divisionId', 'd-home')}}
        self.skills[skill['id']] = skill
        return copy.deepcopy(skill)

    def patch(self, path, body, idempotent=False):
        self.calls.append(('PATCH', path))
        self.skills[path.rsplit('/', 1)[1]]['division'] = {'id': body['divisionId']}

    def delete(self, path, params=None):
        self.calls.append(('DELETE', path))
        self.skills[path.rsplit('/', 1)[1]]['state'] = 'deleted'

    def writes(self):
        return [call for call in self.calls if call[0] != 'GET']


def skill(skill_id, name, division='d-home', state='active'):
    return {'id': skill_id, 'name': name, 'state': state, 'division': {'id': division}}


class Service(SkillService):
    def plan(self, spec, current=None, prefix=''):
        """Find, then plan (the runner's two steps), as the tests address one skill at a time."""
        if current is None:
            current = self.find(spec, prefix)
        return super(Service, self).plan(spec, current, prefix)


def service_for(*skills):
    api = FakeSkillsApi(skills)
    return api, Service(api, Resolver(api))


def test_a_soft_deleted_skill_counts_as_absent_and_its_name_is_created_again():
    api, service = service_for(skill('s-old', 'Fraud', state='deleted'))
    assert service.plan({'name': 'Fraud', 'state': 'absent'}).action == 'none'
    plan = service.plan({'name': 'Fraud', 'state': 'present'})
    assert plan.action == 'create' and plan.after == {'name': 'Fraud'}
    results, failures = apply_all(service, [plan])
    assert failures == [] and results[0]['id'] != 's-old'
    assert api.writes() == [('POST', SKILLS)]


def test_names_match_exactly_not_by_prefix():
    _api, service = service_for(skill('s-1', 'Billing Tier 2'))
    assert service.plan({'name': 'Billing'}).action == 'create'


def test_a_case_only_difference_fails_before_any_write():
    api, service = service_for(skill('s-1', 'Billing'))
    with pytest.raises(FieldMapError) as caught:
        service.plan({'name': 'billing'}, prefix='skills[3].')
    assert caught.value.path == 'skills[3].name'
    assert "use the exact name 'Billing'" in str(caught.value)
    warnings = []
    service.warn = warnings.append
    assert service.plan({'name': 'BILLING', 'state': 'absent'}).action == 'none'
    assert warnings and "'Billing' differs only in case" in warnings[0]
    assert api.writes() == []


def test_a_division_move_is_the_only_update_and_keeps_the_id():
    api, service = service_for(skill('s-1', 'Billing', 'd-home'))
    plan = service.plan({'name': 'Billing', 'division': 'Sales'})
    assert plan.action == 'update'
    assert plan.changes == [{'path': 'division', 'before': 'Home', 'after': 'Sales'}]
    predicted = service.result(plan, check_mode=True)
    assert predicted['skill']['division'] == {'id': 'd-sales'} and predicted['predicted']
    assert api.writes() == []
    results, _failures = apply_all(service, [plan])
    assert results[0]['id'] == 's-1' and results[0]['skill']['division'] == {'id': 'd-sales'}
    assert api.writes() == [('PATCH', SKILLS + '/s-1')]
    assert service.plan({'name': 'Billing', 'division': 'd-sales'}).action == 'none'  # a division id works too


def test_unmanaged_division_is_left_alone_and_not_shown():
    _api, service = service_for(skill('s-1', 'Billing', 'd-sales'))
    plan = service.plan({'name': 'Billing', 'division': None})
    assert plan.action == 'none' and plan.before == {'name': 'Billing'} and plan.changes == []


def test_delete_is_verified_and_reported_without_etag():
    api, service = service_for(skill('s-1', 'Billing'))
    plan = service.plan({'name': 'Billing', 'state': 'absent'})
    assert plan.before == {'name': 'Billing', 'division': 'Home'}
    results, failures = apply_all(service, [plan])
    assert failures == [] and results[0]['etag'] is None and results[0]['skill'] is None
    assert api.skills['s-1']['state'] == 'deleted'


def test_bulk_planning_uses_one_sweep_and_collects_every_error():
    api, service = service_for(skill('s-1', 'Billing'))
    with pytest.raises(InputErrors) as raised:
        service.plan_all([({'name': 'A', 'division': 'Sails'}, 'skills[0].'),
                          ({'name': 'Billing'}, 'skills[1].'),
                          ({'name': 'B', 'division': 'Hom'}, 'skills[2].')], sweep=True)
    assert [str(error) for error in raised.value.errors] == [
        "skills[0].division: unknown division 'Sails'; did you mean 'Sales'?",
        "skills[2].division: unknown division 'Hom'; did you mean 'Home'?"]
    assert api.calls.count(('GET', SKILLS)) == 1
    assert api.writes() == []


def test_a_failed_write_does_not_stop_the_others():
    api, service = service_for(skill('s-1', 'Billing'), skill('s-2', 'Returns'))

    def refuse(path, body, idempotent=False):
        raise GenesysApiError(403, 'missing.permissions', 'no', method='PATCH', path=path)

    api.patch = refuse
    plans = service.plan_all([({'name': 'Billing', 'division': 'Sales'}, ''),
                              ({'name': 'Returns', 'state': 'absent'}, '')], sweep=True)
    results, failures = apply_all(service, plans)
    assert [result.get('failed', False) for result in results] == [True, False]
    assert failures[0][0] == 'Billing'
    assert api.skills['s-2']['state'] == 'deleted'


@pytest.mark.parametrize('spec, path', [
    ({'name': ''}, 'name'),
    ({'name': 'A', 'state': 'gone'}, 'state'),
    ({'state': 'present'}, 'name'),
])
def test_offline_checks_name_the_path(spec, path):
    assert [error.path for error in field_errors(SKILL_ITEM, spec, 'skills[0]')] == ['skills[0].' + path]
