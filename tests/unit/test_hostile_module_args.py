"""Hostile module arguments: every malformed case ends in a clear, path-addressed error, with no
traceback and zero write calls.

The six writing modules run in-process (their real ``main()``, arguments patched in the way
ansible-test units do) against the shared emulator, which counts every write call it receives
(``/__emulator/stats`` "writes", rejected ones included). The cases (hostile_cases.py) are the
demo's desired state broken at one place: out-of-range numbers, over-long strings, values
outside an enumeration, wrong types, unknown options nested up to 40 levels deep, too many or
repeated items, and names of objects the organization does not have (unicode, up to 6000
characters). The errors must name the option: either our own path with list indexes
(``queues[2].media_settings.call.alerting_timeout_seconds``), or, for ansible-core's argument-spec
errors, every option name on the way (``... found in 'queues -> media_settings -> call'``).

HOSTILE_SCALE=N (bench/soak_reliability.py) runs N times as many examples, with a random seed.
"""
import contextlib
import io
import json
import os
import sys
from pathlib import Path

import pytest
from ansible.module_utils.testing import patch_module_args

sys.path.insert(0, str(Path(__file__).resolve().parent))
import hostile_cases as cases  # noqa: E402  (a helper next to this file)

from ansible_collections.genesyscloud.routing.plugins.modules import (  # noqa: E402
    genesys_queue, genesys_skill, genesys_skill_group, genesys_skill_rules, genesys_utilization, genesys_webhook,
)

MODULES = {
    'genesys_queue': genesys_queue, 'genesys_skill': genesys_skill, 'genesys_skill_group': genesys_skill_group,
    'genesys_skill_rules': genesys_skill_rules, 'genesys_utilization': genesys_utilization,
    'genesys_webhook': genesys_webhook,
}
CREDENTIAL_VARS = ('GENESYSCLOUD_OAUTHCLIENT_ID', 'GENESYSCLOUD_OAUTHCLIENT_SECRET', 'GENESYSCLOUD_ACCESS_TOKEN',
                   'GENESYSCLOUD_API_URL', 'GENESYSCLOUD_REGION', 'GENESYSCLOUD_TOKEN_CACHE_DIR')


@pytest.fixture(scope='module')
def org(emulator_session):
    """The shared demo emulator, reset once; the cases must not change it."""
    saved = dict((name, os.environ.pop(name)) for name in CREDENTIAL_VARS if name in os.environ)
    emulator_session.reset()
    yield emulator_session
    os.environ.update(saved)
    emulator_session.reset()


def invoke(org, module, args):
    """Run the module's main() in-process; returns (result, write calls the emulator received)."""
    # A fresh token each time: the emulator, like the platform, budgets calls per token and
    # minute, and hundreds of cases on one token would (rightly) make the client wait.
    arguments = dict(args, api_url=org.base_url, access_token=org.token(fresh=True))
    before = org.stats()['writes']
    output = io.StringIO()
    with patch_module_args(arguments), contextlib.redirect_stdout(output):
        try:
            MODULES[module].main()
        except SystemExit:
            pass
    writes = org.stats()['writes'] - before
    if writes:
        org.reset()  # keep later cases independent of this (failing) one
    return json.loads(output.getvalue()), writes


def assert_clear_error(result, writes, case, where=None, names=None):
    """The module failed, wrote nothing, and its message names the option (`where`, our path)."""
    if where is None:
        where = cases.module_path(case.path if cases.expected_path(case) else case.path[:-1])
        names = cases.option_names(case.path if cases.expected_path(case) else case.path[:-1])
    assert writes == 0, '%r made %d write call(s): %s' % (case, writes, result.get('msg'))
    assert result.get('failed') is True, 'accepted %r: %s' % (case, json.dumps(result)[:800])
    message = str(result.get('msg') or '')
    assert message.strip(), 'failed without a message: %r' % case
    assert 'Traceback' not in message and 'exception' not in result, message
    if where and where in message:
        return
    # ansible-core's argument-spec errors name the option their own way ("argument 'x' ... found in
    # 'queues -> acw_settings'", "... sub parameter field 'bullseye_rings' ..."): the option must be there.
    assert cases.ANSIBLE_ARGSPEC.match(message) and names[-1] in message, (
        '%r: the error does not name %s: %s' % (case, where, message[:1000]))



def test_malformed_option_values_fail_clearly_before_any_write(org):
    def check(case):
        module, args = cases.module_args(case)
        result, writes = invoke(org, module, args)
        assert_clear_error(result, writes, case)

    assert cases.run_property(cases.schema_cases(for_module=True), check, 340) >= 300


def org_names(org):
    state = org.state()
    return [item['name'] for collection in state.values() if isinstance(collection, dict)
            for item in collection.values() if isinstance(item, dict) and isinstance(item.get('name'), str)] + \
        [item['email'] for item in state['users'].values()]


def test_unknown_names_fail_clearly_before_any_write(org):
    known = org_names(org)

    def check(case):
        module, args = cases.module_args(case)
        result, writes = invoke(org, module, args)
        assert_clear_error(result, writes, case)
        assert case.value[:60] in result['msg'], 'the error does not show the unknown name: %s' % result['msg']

    assert cases.run_property(cases.reference_cases(org_names=known), check, 120) >= 100


MISUSE = [
    ('genesys_queue', {'queues': [{'name': 'Sales'}], 'name': 'Sales'}, ['queues', 'name']),
    ('genesys_queue', {'description': 'no name'}, ['name', 'id', 'queues']),
    ('genesys_queue', {'name': 'Sales', 'queus': []}, ['queus']),
    ('genesys_skill', {'skills': [{'name': 'Billing'}], 'name': 'Billing'}, ['skills', 'name']),
    ('genesys_skill_group', {'skill_groups': [{'name': 'x'}], 'id': 'x'}, ['skill_groups', 'id']),
    ('genesys_skill_rules', {'state': 'replaced'}, ['config']),
    ('genesys_webhook', {'aws_region': 'eu-west-1'}, ['name']),
    ('genesys_utilization', {'media_types': {'fax': {'maximum_capacity': 1}}}, ['media_types', 'fax']),
]


@pytest.mark.parametrize('module,args,names', MISUSE, ids=['%s-%d' % (case[0], index)
                                                           for index, case in enumerate(MISUSE)])
def test_misused_options_fail_clearly_before_any_write(org, module, args, names):
    result, writes = invoke(org, module, args)
    assert writes == 0 and result.get('failed') is True
    assert all(name in result['msg'] for name in names), result['msg']


# ---------------------------------------------------------------------------------------------
# Bugs these properties found (docs/reliability.md, "Findings"), kept as plain regression examples.

@pytest.mark.parametrize('value', [True, False])
def test_boolean_for_a_number_is_refused_before_any_write(org, value):
    result, writes = invoke(org, 'genesys_queue', {
        'name': 'Sales', 'media_settings': {'call': {'alerting_timeout_seconds': value}}})
    assert writes == 0 and result.get('failed') is True
    assert 'media_settings.call.alerting_timeout_seconds' in result['msg'], result['msg']


@pytest.mark.parametrize('option,value', [('service_level', {'percentage': float('nan')}),
                                          ('auto_answer_alert_tone_seconds', float('inf'))])
def test_non_finite_number_is_refused_with_its_path(org, option, value):
    result, writes = invoke(org, 'genesys_queue', {'name': 'Sales', 'media_settings': {'call': {option: value}}})
    assert writes == 0 and result.get('failed') is True
    assert 'media_settings.call.' + option in result['msg'], result['msg']


@pytest.mark.parametrize('rule', [{'bullseye_rings': [{'expansion_timeout_seconds': float('nan')}, {}]},
                                  {'preferred_agent_rules': [{'operator': 'MEETS_THRESHOLD', 'threshold': 8,
                                                              'wait_seconds': float('nan')}]}])
def test_non_finite_number_in_a_rule_is_refused_with_its_path(org, rule):
    result, writes = invoke(org, 'genesys_skill_rules', {'config': [dict(rule, queue='VIP')]})
    assert writes == 0 and result.get('failed') is True
    assert 'config[0].' + list(rule)[0] in result['msg'], result['msg']


def test_boolean_member_ring_is_refused_before_any_write(org):
    result, writes = invoke(org, 'genesys_queue', {'name': 'Support', 'members': [
        {'user': 'alice.martin@example.com', 'ring': True}]})
    assert writes == 0 and result.get('failed') is True
    assert 'members[0].ring' in result['msg'], result['msg']


def test_unknown_name_in_bulk_form_names_the_queue_index(org):
    queues = [{'name': 'Sales'}, {'name': 'VIP', 'division': 'Nowhere'}]
    result, writes = invoke(org, 'genesys_queue', {'queues': queues})
    assert writes == 0 and result.get('failed') is True
    assert 'queues[1].division' in result['msg'], result['msg']


# ansible-core's own limits (hostile_cases.ANSIBLE_CORE_LIMITS), pinned as they behave today so an
# ansible-core release that fixes them shows up here.

def test_string_for_a_dict_option_fails_before_any_write_without_naming_it(org):
    result, writes = invoke(org, 'genesys_queue', {'name': 'Sales', 'media_settings': 'fast'})
    assert writes == 0 and result.get('failed') is True
    assert result['msg'] == 'dictionary requested, could not parse JSON or key=value'


def test_a_boolean_for_a_float_option_reaches_the_module_as_a_number(org):
    result, writes = invoke(org, 'genesys_queue', {'name': 'Sales', '_ansible_check_mode': True, '_ansible_diff': True, 'media_settings': {
        'call': {'auto_answer_alert_tone_seconds': False}}})
    assert writes == 0 and not result.get('failed'), result.get('msg')
    assert result['diff']['after']['media_settings']['call']['auto_answer_alert_tone_seconds'] == 0.0


def test_a_list_of_three_for_an_int_option_is_read_as_a_decimal_tuple_by_ansible_core():
    from ansible.module_utils.common.validation import check_type_int
    assert check_type_int([0, [1, 2], 0]) == 12
    with pytest.raises(OverflowError):
        check_type_int([2 ** 63, 0, 0])


def test_infinity_for_an_int_option_crashes_ansible_core_before_any_write(org):
    before = org.stats()['writes']
    with pytest.raises(OverflowError):
        invoke(org, 'genesys_webhook', {'name': 'Routing changes to AWS', 'expected_version': float('inf')})
    assert org.stats()['writes'] == before


@pytest.mark.parametrize('value', [0, 2.5, True, [1]])
def test_scalar_for_a_dict_option_crashes_ansible_core_before_any_write(org, value):
    before = org.stats()['writes']
    with pytest.raises(TypeError, match='is not iterable'):
        invoke(org, 'genesys_queue', {'name': 'Sales', 'acw_settings': value})
    assert org.stats()['writes'] == before
