"""Desired-state format: schema (and its file), offline validator, reports, compare, filters, role spec."""
import copy
import json
import re
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import jsonschema
import pytest
import yaml

from ansible_collections.genesyscloud.routing.plugins.action import (
    genesys_compare, genesys_drift_report, genesys_validate,
)
from ansible_collections.genesyscloud.routing.plugins.filter import routing_state
from ansible_collections.genesyscloud.routing.plugins.plugin_utils import desired_state, state_reports
from ansible_collections.genesyscloud.routing.plugins.plugin_utils.report_action import documented_argument_spec
from ansible_collections.genesyscloud.routing.plugins.module_utils.fieldmap import option_paths
from ansible_collections.genesyscloud.routing.plugins.module_utils.queue_fields import QUEUE_OPTIONS
from ansible_collections.genesyscloud.routing.plugins.plugin_utils import state_compare, state_files

ROOT = Path(__file__).resolve().parents[3]
FIXTURES = ROOT / 'tests' / 'fixtures' / 'desired_state'

# Each broken fixture and the one message it must produce: (file, line, path, message fragment, value).
BROKEN = {
    'bad_bounds': ('queues.yml', 10, 'routing_queues[1].media_settings.call.alerting_timeout_seconds',
                   'is below the minimum 7', 5),
    'bad_enum': ('skill_groups.yml', 10,
                 'routing_skill_groups[0].skill_conditions[0].routing_skill_conditions[0].comparator',
                 "'AtLeast' is not one of", 'AtLeast'),
    'unknown_skill': ('skill_rules.yml', 6, 'routing_skill_rules[0].bullseye_rings[0].skills_to_remove[0]',
                      "unknown skill 'Biling': not in routing_skills; did you mean 'Billing'?", 'Biling'),
    'unknown_queue': ('skill_rules.yml', 3, 'routing_skill_rules[0].queue',
                      "unknown queue 'Billling': not in routing_queues; did you mean 'Billing'?", 'Billling'),
    'duplicate_name': ('queues.yml', 5, 'routing_queues[2].name', "queue 'billing' is declared twice", 'billing'),
    'typo_variable': ('queues.yml', 2, 'routing_queue', "did you mean 'routing_queues'?", [{'name': 'Billing'}]),
    'cross_field': ('queues.yml', 6, 'routing_queues[0].acw_settings.timeout_ms',
                    "can only be set when wrapup_prompt is one of", 60000),
    'deleted_reference': ('skill_rules.yml', 6, 'routing_skill_rules[0].bullseye_rings[0].skills_to_remove[0]',
                          "skill 'VIP' is declared absent", 'VIP'),
    'too_many_rings': ('skill_rules.yml', 11, 'routing_skill_rules[0].bullseye_rings[6]',
                       'a bullseye has at most 6 rings', {}),
    'unknown_option': ('queues.yml', 6, 'routing_queues[0].media_settings.call.alerting_timeout',
                       'is not a known option (known: alerting_timeout_seconds', 30),
    'section_twice': ('queues.yml', 2, 'routing_queues', 'is also set in', None),
}


def load_case(case):
    loaded = [state_files.load(str(path), path.name) for path in sorted((FIXTURES / case).glob('*.yml'))]
    return loaded, desired_state.validate_documents([(item.name, item.data) for item in loaded])


# ---------------------------------------------------------------------------------------------
# Schema

def test_schema_file_is_in_step_with_the_python_dict():
    expected = json.dumps(desired_state.DESIRED_STATE_SCHEMA, indent=2, ensure_ascii=False) + '\n'
    current = (ROOT / 'schemas' / 'desired_state.schema.json').read_text(encoding='utf-8')
    assert current == expected, ('schemas/desired_state.schema.json is stale: regenerate it from '
                                 'desired_state.DESIRED_STATE_SCHEMA (json.dumps, indent=2, ensure_ascii=False)')


def test_schema_is_a_valid_2020_12_schema_and_reuses_the_rule_schema():
    schema = desired_state.DESIRED_STATE_SCHEMA
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema['properties']['routing_skill_rules']['items'] == {'$ref': '#/$defs/ruleSet'}
    assert 'bullseyeRing' in schema['$defs'] and 'skillCondition' in schema['$defs']


def test_schema_covers_every_queue_option():
    queue = desired_state.DESIRED_STATE_SCHEMA['$defs']['queue']

    def paths(schema, prefix=''):
        found = []
        for name, child in schema.get('properties', {}).items():
            path = prefix + name
            found.append(path)
            child = child.get('items', child) if child.get('type') == 'array' else child
            if '$ref' in child:  # shared definitions (member groups) are written once in $defs
                child = desired_state.DESIRED_STATE_SCHEMA['$defs'][child['$ref'].rsplit('/', 1)[1]]
            found.extend(paths(child, path + '.'))
        return found

    assert set(paths(queue)) == set(option_paths(QUEUE_OPTIONS))
    assert queue['required'] == ['name']


def test_every_shipped_inventory_and_the_good_fixture_pass_the_jsonschema_reference_validator():
    validator = jsonschema.Draft202012Validator(desired_state.DESIRED_STATE_SCHEMA)
    files = list((ROOT / 'inventories').glob('*/group_vars/all/*.yml')) + list((FIXTURES / 'good').glob('*.yml'))
    assert len(files) >= 12
    for path in files:
        errors = list(validator.iter_errors(yaml.safe_load(path.read_text())))
        assert not errors, '%s: %s' % (path, errors[0].message)


# ---------------------------------------------------------------------------------------------
# Validator

@pytest.mark.parametrize('case', ['good', 'dev', 'prod'])
def test_valid_states_pass(case):
    if case == 'good':
        _loaded, result = load_case('good')
    else:
        folder = ROOT / 'inventories' / case / 'group_vars' / 'all'
        loaded = [state_files.load(str(path)) for path in sorted(folder.glob('*.yml'))]
        result = desired_state.validate_documents([(item.name, item.data) for item in loaded])
    assert result.ok, [str(issue) for issue in result.issues]
    assert not result.issues


@pytest.mark.parametrize('case', sorted(BROKEN))
def test_each_broken_fixture_fails_with_its_path_addressed_message(case):
    file, line, path, fragment, value = BROKEN[case]
    loaded, result = load_case(case)
    assert len(result.errors) == 1, [str(issue) for issue in result.errors]
    issue = result.errors[0]
    located = dict((item.name, item) for item in loaded)[issue.file].line_of(issue.path)
    assert (issue.file, located, issue.path, issue.value) == (file, line, path, value)
    assert fragment in issue.message
    text = str(issue)
    assert text.startswith('%s: %s: ' % (file, path)) and text.endswith('(value: %r)' % (value,))


def test_a_file_that_is_not_yaml_is_reported_with_its_line():
    with pytest.raises(state_files.StateFileError) as caught:
        state_files.load(str(FIXTURES / 'invalid_yaml' / 'queues.yml'), 'queues.yml')
    assert caught.value.file == 'queues.yml' and caught.value.line == 6
    assert 'not valid YAML' in str(caught.value)


def test_references_unknown_to_the_state_are_checked_against_a_snapshot():
    state = [('rules.yml', {'routing_skill_rules': [{'queue': 'Sales', 'bullseye_rings': [
        {'skills_to_remove': ['Spanish'], 'member_groups': [{'name': 'Sales Agnts', 'type': 'GROUP'}]}, {}]}]})]
    alone = desired_state.validate_documents(state)
    assert alone.ok
    assert alone.unverified == {'group': 1, 'queue': 1, 'skill': 1}

    snapshot = [('export/skills.yml', {'routing_skills': [{'name': 'Spanish-speaking'}]}),
                ('export/queues.yml', {'routing_queues': [{'name': 'Sales'}]}),
                ('export/known_names.yml', {'routing_known_names': {'group': ['Sales Agents']}})]
    checked = desired_state.validate_documents(state, snapshot)
    assert [(issue.path, issue.value) for issue in checked.errors] == [
        ('routing_skill_rules[0].bullseye_rings[0].member_groups[0].name', 'Sales Agnts'),
        ('routing_skill_rules[0].bullseye_rings[0].skills_to_remove[0]', 'Spanish'),
    ]
    assert "did you mean 'Sales Agents'?" in checked.errors[0].message
    assert 'not in the snapshot' in checked.errors[1].message


def test_a_queue_addressed_by_id_is_a_warning_not_an_error():
    result = desired_state.validate_documents([('q.yml', {'routing_queues': [{'name': 'A', 'id': 'abc'}]})])
    assert result.ok
    assert [(issue.severity, issue.path) for issue in result.issues] == [('warning', 'routing_queues[0].id')]


def test_templated_values_are_left_to_ansible():
    args_issue = desired_state.Issue('f.yml', 'routing_queues[0].description', 'x', '{{ lookup("env", "X") }}')
    assert genesys_validate.is_template(args_issue.value)
    assert not genesys_validate.is_template('plain {text}')


# ---------------------------------------------------------------------------------------------
# JUnit and Markdown

def test_junit_parses_and_counts_one_failure_per_error():
    _loaded, bad = load_case('unknown_skill')
    root = ElementTree.fromstring(state_reports.junit_xml(bad))
    assert root.tag == 'testsuites'
    failures = root.findall('.//failure')
    assert int(root.get('failures')) == len(failures) == len(bad.errors) == 1
    assert failures[0].text.startswith('skill_rules.yml: routing_skill_rules[0].bullseye_rings[0].skills_to_remove[0]')
    suites = dict((suite.get('name'), suite) for suite in root.findall('testsuite'))
    assert suites['queues.yml'].get('failures') == '0' and suites['skill_rules.yml'].get('failures') == '1'
    assert [case.get('name') for case in suites['skill_rules.yml']] == [
        'routing_skill_rules[0].bullseye_rings[0].skills_to_remove[0]']

    _loaded, good = load_case('good')
    good_root = ElementTree.fromstring(state_reports.junit_xml(good))
    assert good_root.get('failures') == '0' and int(good_root.get('tests')) == 6


def test_markdown_summary_names_file_path_and_value():
    _loaded, bad = load_case('bad_bounds')
    text = state_reports.validation_markdown(bad)
    assert '**Result: FAILED** - 1 error(s)' in text
    assert '| queues.yml | routing_queues[1].media_settings.call.alerting_timeout_seconds | 5 | 5 is below the minimum 7 |' \
        in text


# ---------------------------------------------------------------------------------------------
# Drift report

QUEUE_RESULT = {
    'changed': True,
    'results': [
        {'name': 'VIP', 'action': 'none', 'changed': False, 'etag': 'W/"v"', 'changes': []},
        {'name': 'Sales', 'action': 'update', 'changed': True, 'etag': 'W/"s"',
         'changes': [{'path': 'media_settings.call.alerting_timeout_seconds', 'before': 10, 'after': 15}]},
        {'name': 'New', 'action': 'create', 'changed': True, 'etag': None, 'changes': [
            {'path': 'name', 'before': None, 'after': 'New'}]},
    ],
}
RULES_RESULT = {'changed': True, 'etags': {'Sales': 'W/"s"', 'VIP': 'W/"v"'},
                'changes': [{'queue': 'Sales', 'path': 'bullseye_rings', 'before': [], 'after': [{}, {}]}]}
WEBHOOK_LOOP = {'changed': True, 'results': [
    {'ansible_loop_var': 'item', 'item': {'name': 'Events'}, 'action': 'create', 'changed': True, 'etag': None,
     'changes': [{'path': 'events', 'before': None, 'after': ['queue.*']}]}]}


def results_by_kind():
    return {'webhook': WEBHOOK_LOOP, 'skill_rules': RULES_RESULT, 'queue': [QUEUE_RESULT, {'skipped': True}],
            'skill': {'skipped': True}, 'utilization': {'changed': False, 'action': 'none', 'etag': 'W/"u"'}}


def test_drift_report_lists_each_change_in_apply_order_with_its_etag():
    report = state_reports.drift_report('dev', results_by_kind())
    assert report['summary'] == {'create': 2, 'update': 2, 'delete': 0, 'unchanged': 3, 'failed': 0}
    assert [(item['kind'], item['name'], item['action'], item['etag']) for item in report['objects']] == [
        ('queue', 'New', 'create', None), ('queue', 'Sales', 'update', 'W/"s"'),
        ('skill_rules', 'Sales', 'update', 'W/"s"'), ('webhook', 'Events', 'create', None)]
    assert report['etags'] == {'queue': {'Sales': 'W/"s"', 'VIP': 'W/"v"'}, 'skill_rules': {'Sales': 'W/"s"',
                               'VIP': 'W/"v"'}, 'utilization': {'organization': 'W/"u"'}}
    assert report['objects'][2]['changes'] == [{'path': 'bullseye_rings', 'before': [], 'after': [{}, {}]}]


def test_drift_report_files_are_byte_identical_for_the_same_state():
    shuffled = results_by_kind()
    shuffled['queue'] = [dict(QUEUE_RESULT, results=list(reversed(QUEUE_RESULT['results'])))]
    first = state_reports.drift_report('dev', results_by_kind())
    second = state_reports.drift_report('dev', dict(reversed(list(shuffled.items()))))
    assert state_reports.dump_json(first) == state_reports.dump_json(second)
    assert state_reports.drift_markdown(first) == state_reports.drift_markdown(second)
    assert '| update | queue | Sales | 1 | W/"s" |' in state_reports.drift_markdown(first)


def test_failed_objects_and_failed_tasks_are_reported():
    failed = copy.deepcopy(QUEUE_RESULT)
    failed['results'][1].update(failed=True, msg='changed since review')
    report = state_reports.drift_report('dev', {'queue': failed, 'skill_group': {'failed': True, 'msg': 'boom'}})
    assert report['summary']['failed'] == 2 and not report['in_sync']
    assert [(item['kind'], item['name'], item.get('message')) for item in report['objects'] if item.get('failed')] \
        == [('skill_group', '(task)', 'boom'), ('queue', 'Sales', 'changed since review')]


def test_stale_objects_compares_reviewed_etags_with_what_is_seen_now():
    stale = state_reports.stale_objects(results_by_kind(), {'queue': {'Sales': 'W/"old"', 'VIP': 'W/"v"'},
                                                            'skill_group': {'Gone': 'W/"g"'}})
    assert stale == [{'kind': 'skill_group', 'name': 'Gone', 'expected': 'W/"g"', 'found': None},
                     {'kind': 'queue', 'name': 'Sales', 'expected': 'W/"old"', 'found': 'W/"s"'}]


# ---------------------------------------------------------------------------------------------
# Compare

LEFT = {
    'routing_queues': [
        {'name': 'Sales', 'description': 'Inbound', 'queue_flow': 'flow-id-dev',
         'default_scripts': {'call': 'script-dev'},
         'member_groups': [{'name': 'A', 'type': 'GROUP'}, {'name': 'B', 'type': 'TEAM'}],
         'media_settings': {'call': {'alerting_timeout_seconds': 8}}},
        {'name': 'Only Dev'},
    ],
    'routing_skill_rules': [{'queue': 'Sales', 'bullseye_rings': [{'skills_to_remove': ['X', 'Y']}, {}]},
                            {'queue': 'Only Dev', 'bullseye_rings': []}],
    'routing_skills': [{'name': 'VIP', 'division': 'Home'}],
}


def right_side():
    right = copy.deepcopy(LEFT)
    sales = right['routing_queues'][0]
    sales.update(queue_flow='flow-id-prod', default_scripts={'call': 'script-prod'},
                 member_groups=list(reversed(sales['member_groups'])))
    sales['media_settings']['call']['alerting_timeout_seconds'] = 8.0
    right['routing_queues'].pop()
    right['routing_skill_rules'] = [{'queue': 'Sales', 'bullseye_rings': [{'skills_to_remove': ['Y', 'X']}, {}]}]
    return right


def test_compare_ignores_ids_set_order_and_number_types():
    report = state_compare.compare_states(LEFT, right_side(), 'dev', 'prod')
    assert report['different'] == []
    assert report['only_in_left'] == [{'kind': 'queue', 'name': 'Only Dev'}]  # its rule set follows it
    assert report['only_in_right'] == [] and report['summary']['same'] == 3
    assert 'queue_flow' in report['not_compared']['queue'] and 'default_scripts.call' in report['not_compared']['queue']


def test_compare_finds_field_differences_and_keeps_ring_order():
    right = right_side()
    right['routing_queues'][0]['description'] = 'Inbound (EU)'
    right['routing_skill_rules'][0]['bullseye_rings'] = [{}, {'skills_to_remove': ['X', 'Y']}]
    right['routing_skills'].append({'name': 'German'})
    report = state_compare.compare_states(LEFT, right, 'dev', 'prod')
    assert report['only_in_right'] == [{'kind': 'skill', 'name': 'German'}]
    assert [(item['kind'], item['name'], [found['path'] for found in item['differences']])
            for item in report['different']] == [
        ('queue', 'Sales', ['description']),
        ('skill_rules', 'Sales', ['bullseye_rings[0].skills_to_remove', 'bullseye_rings[1].skills_to_remove'])]
    text = state_compare.compare_markdown(report)
    assert '| queue | Sales | description | "Inbound" | "Inbound (EU)" |' in text


def test_compare_ignore_list_covers_objects_and_paths():
    right = right_side()
    right['routing_queues'][0]['description'] = 'Inbound (EU)'
    right['routing_skills'].append({'name': 'Legacy 1'})
    report = state_compare.compare_states(LEFT, right, ignore=['queue/*/description', 'skill/Legacy*', 'queue/Only*'])
    assert report['identical'], report
    assert report['ignored_objects'] == [{'kind': 'skill', 'name': 'Legacy 1'}, {'kind': 'queue', 'name': 'Only Dev'}]


def test_compare_report_is_stable():
    first = state_compare.compare_states(LEFT, right_side())
    second = state_compare.compare_states(copy.deepcopy(LEFT), right_side())
    assert state_reports.dump_json(first) == state_reports.dump_json(second)


# ---------------------------------------------------------------------------------------------
# Filters used by the role

def test_pin_etags_keeps_explicit_pins_and_skips_unknown_names():
    items = [{'name': 'A'}, {'name': 'B', 'expected_etag': 'mine'}, {'name': 'C'}]
    assert routing_state.pin_etags(items, {'A': 'a', 'B': 'b'}) == [
        {'name': 'A', 'expected_etag': 'a'}, {'name': 'B', 'expected_etag': 'mine'}, {'name': 'C'}]
    assert routing_state.pin_etags([{'queue': 'Q'}], {'Q': 'q'}, 'queue') == [{'queue': 'Q', 'expected_etag': 'q'}]


def test_chain_etags_moves_forward_only_past_successful_writes():
    registered = {'results': [{'name': 'A', 'changed': True, 'etag': 'a2'},
                              {'name': 'B', 'changed': False, 'etag': 'b-now'},
                              {'name': 'C', 'changed': True, 'failed': True, 'etag': 'c-now'}]}
    assert routing_state.chain_etags({'A': 'a1', 'B': 'b1', 'C': 'c1'}, registered) == \
        {'A': 'a2', 'B': 'b1', 'C': 'c1'}


def test_undeclared_compares_names_case_insensitively():
    live = [{'name': 'Sales'}, {'name': 'Old'}, {'name': 'zeta'}]
    declared = [{'name': 'sales'}, {'name': 'Zeta', 'state': 'absent'}]
    assert routing_state.undeclared(live, declared) == ['Old']
    assert routing_state.undeclared(live, declared, absent=True) == [{'name': 'Old', 'state': 'absent'}]


def test_to_desired_state_maps_the_facts_keys():
    facts = {'queues': [{'name': 'Q'}], 'skills': [], 'utilization': {'media_types': {}}, 'etags': {}}
    assert routing_state.to_desired_state(facts, known_names={'division': ['Sales', 'Home', 'Sales']}) == {
        'routing_queues': [{'name': 'Q'}], 'routing_skills': [], 'routing_utilization': {'media_types': {}},
        'routing_known_names': {'division': ['Home', 'Sales']}}


# ---------------------------------------------------------------------------------------------
# Documentation agrees with the code

# The argument specs the action plugins held before they read them from their module's documentation.
ACTION_SPECS = {
    'genesys_validate': dict(
        paths=dict(type='list', elements='path', required=True), snapshot=dict(type='list', elements='path'),
        junit_path=dict(type='path'), markdown_path=dict(type='path'), relative_to=dict(type='path'),
        fail_on_error=dict(type='bool', default=True)),
    'genesys_drift_report': dict(
        results=dict(type='dict', required=True), environment=dict(type='str', required=True),
        mode=dict(type='str', choices=['check', 'apply']), report_dir=dict(type='path'), json_path=dict(type='path'),
        markdown_path=dict(type='path'), expected_etags=dict(type='dict')),
    'genesys_compare': dict(
        left=dict(type='dict', required=True), right=dict(type='dict', required=True),
        left_name=dict(type='str', default='left'), right_name=dict(type='str', default='right'),
        ignore=dict(type='list', elements='str', default=[]), json_path=dict(type='path'),
        markdown_path=dict(type='path'), fail_on_difference=dict(type='bool', default=False)),
}


@pytest.mark.parametrize('name, action', [('genesys_validate', genesys_validate),
                                          ('genesys_drift_report', genesys_drift_report),
                                          ('genesys_compare', genesys_compare)])
def test_action_argument_spec_is_the_module_documentation(name, action):
    assert action.ActionModule.NAME == name
    assert documented_argument_spec(name) == ACTION_SPECS[name]


def test_role_argument_specs_cover_every_section_and_match_the_defaults():
    specs = yaml.safe_load((ROOT / 'roles' / 'routing' / 'meta' / 'argument_specs.yml').read_text())
    main = specs['argument_specs']['main']['options']
    for section in desired_state.SECTIONS:
        assert section.var in main
        assert main[section.var]['type'] == ('list' if section.many else 'dict')
    defaults = yaml.safe_load((ROOT / 'roles' / 'routing' / 'defaults' / 'main.yml').read_text())
    for entry_point in specs['argument_specs'].values():
        for option, spec in entry_point['options'].items():
            if 'default' in spec:
                assert defaults[option] == spec['default'], option
    for option in main:
        assert option in desired_state.DESIRED_STATE_SCHEMA['properties'], option


@pytest.mark.parametrize('name', ['genesys_validate', 'genesys_drift_report', 'genesys_compare'])
def test_module_documentation_blocks_are_valid_yaml(name):
    text = (ROOT / 'plugins' / 'modules' / ('%s.py' % name)).read_text()
    for block in ('DOCUMENTATION', 'EXAMPLES', 'RETURN'):
        parsed = yaml.safe_load(re.search(block + r" = r'''(.*?)'''", text, re.S).group(1))
        assert parsed, block


def test_failed_queues_of_the_skill_rules_module_are_named_from_its_message():
    registered = dict(RULES_RESULT, failed=True, changes=[],
                      msg="1 of 2 queues failed: Sales: queue 'Sales' changed since review; nothing was written")
    report = state_reports.drift_report('dev', {'skill_rules': registered})
    assert [(item['name'], item['action'], item.get('failed')) for item in report['objects']] == [
        ('Sales', 'none', True)]
    assert report['summary'] == {'create': 0, 'update': 0, 'delete': 0, 'unchanged': 1, 'failed': 1}


def test_state_files_are_read_like_group_vars_and_vault_files_are_skipped(tmp_path):
    (tmp_path / 'b.yml').write_text('routing_skills:\n  - name: VIP\n')
    (tmp_path / 'sub').mkdir()
    (tmp_path / 'sub' / 'a.yaml').write_text('secret: !vault |\n  $ANSIBLE_VAULT;1.2;AES256;dev\n  6162\n')
    (tmp_path / '.hidden.yml').write_text('routing_queues: 1\n')
    (tmp_path / 'notes.txt').write_text('ignored')
    (tmp_path / 'vault.yml').write_text('$ANSIBLE_VAULT;1.1;AES256\n6162\n')
    (tmp_path / 'a.b').mkdir()
    (tmp_path / 'a.b' / 'c.yml').write_text('{}\n')
    files = state_files.expand([str(tmp_path)])
    assert [Path(path).relative_to(tmp_path).as_posix() for path in files] == [
        'a.b/c.yml', 'b.yml', 'sub/a.yaml', 'vault.yml']
    assert state_files.load(files[3]) is None
    assert state_files.load(files[2]).data == {'secret': state_files.VAULTED}
    assert state_files.load(files[1]).line_of('routing_skills[0].name') == 2


def test_reports_are_written_atomically_with_parents(tmp_path):
    target = tmp_path / 'a' / 'b' / 'report.md'
    assert state_files.write_atomic(str(target), 'text\n') == str(target)
    assert target.read_text() == 'text\n' and sorted(path.name for path in target.parent.iterdir()) == ['report.md']


def test_all_errors_are_reported_at_once_duplicates_included():
    """Issue 14 item 9: a duplicate queue is reported together with the schema errors, even its own."""
    from ansible_collections.genesyscloud.routing.plugins.plugin_utils.desired_state import validate_documents
    state = {'routing_queues': [
        {'name': 'Billing'},
        {'name': 'billing', 'media_settings': {'call': {'alerting_timeout_seconds': 3}}},
        {'name': 'VIP', 'description': 'x' * 600},
    ]}
    result = validate_documents([('queues.yml', state)])
    found = sorted((issue.path, issue.check) for issue in result.errors)
    assert found == [
        ('routing_queues[1].media_settings.call.alerting_timeout_seconds', 'schema'),
        ('routing_queues[1].name', 'duplicate'),
        ('routing_queues[2].description', 'schema'),
    ]
