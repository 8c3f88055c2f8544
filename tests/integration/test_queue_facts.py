"""genesys_queue_facts through ansible-playbook against the emulator (issue 6).

Definitions are compared with what the emulator stores, live and historical figures with the
emulator's own simulation (the analytics admin route and the pure history function), and the
HTML report is rendered by a real headless Chromium.
"""
import datetime
import math
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from ansible_collections.genesyscloud.routing.plugins.module_utils.etag_and_diff import fingerprint
from genesys_emulator import analytics_history, analytics_simulation
from genesys_emulator.store import Store

QUEUES = '/api/v2/routing/queues'
FACTS = 'genesyscloud.routing.genesys_queue_facts'
READ_ONLY_QUERIES = {'POST /api/v2/analytics/queues/observations/query',
                     'POST /api/v2/analytics/conversations/aggregates/query'}
DAY = '2026-01-05T00:00:00Z/2026-01-06T00:00:00Z'
DAY_START = datetime.datetime(2026, 1, 5, tzinfo=datetime.timezone.utc)
THRESHOLDS = {'occupancy_above': 0.85, 'waiting_above': 10, 'service_level_below': 0.8}
CHROMIUM = shutil.which('chromium') or '/usr/bin/chromium'


def listed_queues(emulator):
    return sorted(emulator.api('GET', QUEUES, params={'pageSize': 500}).json()['entities'],
                  key=lambda queue: (queue['name'].lower(), queue['name'], queue['id']))


def mutating_calls(emulator):
    """API calls that could change the org: every non-GET except the two read-only analytics queries.

    The emulator's own `writes` counter also counts those query POSTs, so it cannot tell them apart.
    """
    stats = emulator.stats()
    return dict((operation, count) for operation, count in stats['by_operation'].items()
                if not operation.startswith('GET ') and operation not in READ_ONLY_QUERIES
                and operation != 'POST /oauth/token')


def facts_task(name, **options):
    return {'name': name, FACTS: options, 'register': 'result'}


def local_store(emulator):
    store = Store()
    store.data = emulator.state()
    return store


def simulated_history(store, queue, start, end):
    """Expected history of one queue from the emulator's pure simulation, summed over its media types."""
    totals = None
    for media in analytics_simulation.queue_media_types(queue):
        counters = analytics_history.simulated_queue_history(store, queue['id'], media, start, end)
        totals = counters if totals is None else analytics_history.add_counters(totals, counters)
    return totals


# -- definitions -----------------------------------------------------------------------------------

def test_definitions_match_the_emulator_in_one_listing_call(emulator, playbook):
    stored = listed_queues(emulator)
    emulator.reset_stats()
    run = playbook([facts_task('facts')])
    result = run['facts']
    assert result['changed'] is False
    assert [queue['name'] for queue in result['queues']] == [queue['name'] for queue in stored]
    for got, want in zip(result['queues'], stored):
        assert got['etag'] == fingerprint(want)
        assert dict((key, value) for key, value in got.items() if key != 'etag') == want
    assert result['ansible_facts']['genesys_queues'] == result['queues']
    assert result['etags']['queues'] == dict((queue['name'], fingerprint(queue)) for queue in stored)
    assert emulator.stats()['by_operation'] == {'POST /oauth/token': 1, 'GET /api/v2/routing/queues': 1}
    assert result['api_calls']['by_operation'] == {'GET /api/v2/routing/queues': 1, 'POST /oauth/token': 1}


def test_selection_by_names_patterns_and_divisions(emulator, playbook):
    run = playbook([
        facts_task('names', names=['VIP', 'Billing', 'Nobody'], gather=['queues', 'skills']),
        facts_task('patterns', name_patterns=['*support*']),
        facts_task('division', divisions=['Sales'], gather=['queues', 'skills', 'skill_groups', 'divisions']),
    ])
    names = run['names']
    assert [queue['name'] for queue in names['queues']] == ['Billing', 'VIP']
    assert [skill['name'] for skill in names['skills']] == ['Billing', 'VIP']   # names select every kind
    assert names['not_found'] == ['Nobody']
    assert any("'Nobody'" in warning for warning in names.get('warnings', []))
    assert [queue['name'] for queue in run['patterns']['queues']] == [
        'Email Support', 'Spanish Support', 'Support', 'Technical Support']
    sales = run['division']
    division_id = sales['divisions'][0]['id']
    assert [division['name'] for division in sales['divisions']] == ['Sales']
    for kind in ('queues', 'skills', 'skill_groups'):
        assert sales[kind] and all(item['division']['id'] == division_id for item in sales[kind]), kind
    expected = [queue['name'] for queue in listed_queues(emulator) if queue['division']['id'] == division_id]
    assert [queue['name'] for queue in sales['queues']] == expected


def test_desired_state_fed_back_to_the_writers_changes_nothing(emulator, playbook):
    emulator.reset_stats()
    run = playbook([
        facts_task('export', gather=['queues', 'skills', 'skill_groups', 'utilization'],
                   include=['members', 'wrapup_codes', 'skill_rules', 'member_divisions'], format='desired_state'),
        {'name': 'queues', 'genesyscloud.routing.genesys_queue': {'queues': '{{ result.queues }}'},
         'register': 'queues'},
        {'name': 'skills', 'genesyscloud.routing.genesys_skill': {'skills': '{{ result.skills }}'},
         'register': 'skills'},
        {'name': 'skill_groups', 'genesyscloud.routing.genesys_skill_group': {
            'skill_groups': '{{ result.skill_groups }}'}, 'register': 'skill_groups'},
        {'name': 'utilization', 'genesyscloud.routing.genesys_utilization': {
            'media_types': '{{ result.utilization.media_types }}'}, 'register': 'utilization'},
    ], diff=True)
    export = run['export']
    assert [queue['name'] for queue in export['queues']] == [queue['name'] for queue in listed_queues(emulator)]
    support = [queue for queue in export['queues'] if queue['name'] == 'Support'][0]
    assert support['division'] == 'Support'
    assert support['members_mode'] == 'authoritative' and support['members']
    assert {'name': 'Support Agents', 'type': 'GROUP'} in support['member_groups']
    assert 'id' not in support and 'etag' not in support
    assert export['ansible_facts']['genesys_skill_rules'] == export['skill_rules']
    assert [group['name'] for group in export['skill_groups']] == ['Spanish Billing', 'Technical Experts',
                                                                   'VIP Handlers']
    assert all(group['skill_conditions'] and group['member_divisions'] for group in export['skill_groups'])
    assert export['utilization']['media_types']['chat']['maximum_capacity'] == 3
    for task in ('queues', 'skills', 'skill_groups', 'utilization'):
        assert run[task]['changed'] is False, run[task]
    assert run['queues']['summary']['none'] == len(export['queues'])
    assert mutating_calls(emulator) == {}
    assert emulator.stats()['writes'] == 0


def test_desired_state_of_the_skill_rules_feeds_genesys_skill_rules(emulator, playbook):
    emulator.reset_stats()
    run = playbook([
        facts_task('export', include=['skill_rules'], format='desired_state', gather=['queues']),
        {'name': 'rules', 'genesyscloud.routing.genesys_skill_rules': {'config': '{{ result.skill_rules }}',
                                                                       'state': 'replaced'}, 'register': 'rules'},
    ])
    export = run['export']['skill_rules']
    support = [item for item in export if item['queue'] == 'Support'][0]
    assert [len(support[key]) for key in ('bullseye_rings', 'conditional_group_routing', 'preferred_agent_rules')] \
        == [3, 2, 2]
    assert run['rules']['changed'] is False, run['rules']
    assert emulator.stats()['writes'] == 0


def test_pinned_export_refuses_to_overwrite_a_queue_changed_since(emulator, playbook):
    run = playbook([
        facts_task('export', names=['Sales'], format='desired_state', pin_etags=True),
        {'name': 'apply', 'genesyscloud.routing.genesys_queue': {'queues': '{{ result.queues }}'},
         'register': 'applied'},
    ])
    [exported] = run['export']['queues']
    [sales] = [queue for queue in listed_queues(emulator) if queue['name'] == 'Sales']
    assert exported['expected_etag'] == fingerprint(sales)
    assert run['apply']['changed'] is False

    changed = dict(sales, description='changed by someone else')
    assert emulator.api('PUT', '%s/%s' % (QUEUES, sales['id']), json=changed).status_code == 200
    emulator.reset_stats()
    exported['description'] = 'from the export'
    run = playbook([{'name': 'apply', 'genesyscloud.routing.genesys_queue': {'queues': [exported]}}],
                   expect_failure=True)
    assert run['apply']['failed'] is True
    assert 'changed since review' in run['apply']['msg']
    assert mutating_calls(emulator) == {}
    assert [queue['description'] for queue in listed_queues(emulator) if queue['name'] == 'Sales'] == [
        'changed by someone else']


# -- live figures, history, alerts -----------------------------------------------------------------

def test_live_figures_match_the_simulation(emulator, playbook):
    chosen = ['Support', 'VIP', 'Callbacks']
    run = playbook([facts_task('live', gather=[], names=chosen, live=True)])
    rows = run['live']['live']
    assert [row['name'] for row in rows] == sorted(chosen, key=str.lower)
    assert 'queues' not in run['live']
    for row in rows:
        state = emulator._admin('GET', '/__emulator/analytics/queues/%s' % row['id'])
        counts = state['onQueueCounts']
        assert row['agents'] == {
            'members': state['memberCount'], 'active': state['activeMemberCount'],
            'on_queue': sum(counts.values()), 'off_queue': state['offQueueCount'], 'idle': counts['IDLE'],
            'interacting': counts['INTERACTING'], 'communicating': counts['COMMUNICATING'],
            'not_responding': counts['NOT_RESPONDING']}, row['name']
        conversations = row['conversations']
        assert (conversations['waiting'], conversations['interacting'], conversations['alerting']) == \
            (state['waiting'], state['interacting'], state['alerting'])
        longest = state['longestWaitingMs']
        assert conversations['longest_waiting_seconds'] == (None if longest is None else round(longest / 1000.0, 3))
        expected = state['occupancy']
        assert row['occupancy'] == (None if expected is None else round(expected, 4))
    assert run['live']['ansible_facts']['genesys_queue_live'] == rows


def test_history_matches_the_simulation(emulator, playbook):
    run = playbook([facts_task('history', gather=[], names=['Support', 'Sales'], interval=DAY, granularity='PT6H')])
    rows = run['history']['history']
    store = local_store(emulator)
    queues = dict((queue['id'], queue) for queue in listed_queues(emulator))
    for row in rows:
        assert row['interval'] == '2026-01-05T00:00:00.000Z/2026-01-06T00:00:00.000Z'
        want = simulated_history(store, queues[row['id']], DAY_START, DAY_START + datetime.timedelta(days=1))
        assert want['offered'] > 0
        assert (row['offered'], row['answered'], row['abandoned']) == \
            (want['offered'], want['tAnswered']['count'], want['tAbandon']['count'])
        assert row['service_level'] == round(want['slNumerator'] / float(want['slDenominator']), 4)
        assert row['average_handle_seconds'] == round(want['tHandle']['sum'] / (want['tHandle']['count'] * 1000.0), 1)
        assert sorted(row['by_media_type']) == sorted(analytics_simulation.queue_media_types(queues[row['id']]))
        assert len(row['intervals']) == 4
        assert sum(part['offered'] for part in row['intervals']) == row['offered']
        first = simulated_history(store, queues[row['id']], DAY_START, DAY_START + datetime.timedelta(hours=6))
        assert row['intervals'][0]['offered'] == first['offered']


def test_alerts_fire_exactly_for_the_queues_over_the_thresholds(emulator, playbook):
    run = playbook([facts_task('alerts', gather=[], interval=DAY, alert_when=THRESHOLDS)])
    result = run['alerts']
    store = local_store(emulator)
    day_end = DAY_START + datetime.timedelta(days=1)
    expected = set()
    for queue in listed_queues(emulator):
        state = analytics_simulation.simulated_queue_state(store, queue['id'])
        history = simulated_history(store, queue, DAY_START, day_end)
        if state['occupancy'] is not None and round(state['occupancy'], 4) > THRESHOLDS['occupancy_above']:
            expected.add((queue['name'], 'occupancy_above'))
        if state['waiting'] > THRESHOLDS['waiting_above']:
            expected.add((queue['name'], 'waiting_above'))
        if history['slDenominator'] and round(history['slNumerator'] / float(history['slDenominator']), 4) < \
                THRESHOLDS['service_level_below']:
            expected.add((queue['name'], 'service_level_below'))
    got = [(alert['queue'], alert['condition']) for alert in result['alerts']]
    assert set(got) == expected and len(got) == len(expected)
    # the demo org has queues on both sides of every threshold
    assert {condition for _name, condition in expected} == set(THRESHOLDS)
    assert len({name for name, _condition in expected}) < len(listed_queues(emulator))
    assert got == sorted(got, key=lambda item: (item[0].lower(), item[1]))
    assert result['ansible_facts']['genesys_queue_alerts'] == result['alerts']
    # observations were implied by the live thresholds, one query each for ten queues
    assert result['api_calls']['by_operation']['POST /api/v2/analytics/queues/observations/query'] == 1
    assert result['api_calls']['by_operation']['POST /api/v2/analytics/conversations/aggregates/query'] == 1


def test_a_playbook_can_assert_on_the_alerts(emulator, playbook):
    run = playbook([
        facts_task('status', gather=[], names=['VIP'], alert_when={'waiting_above': 0}),
        {'name': 'check', 'ansible.builtin.assert': {'that': 'result.alerts | length == 0',
                                                     'fail_msg': "{{ result.alerts | map(attribute='msg') | "
                                                                 "join('; ') }}"}},
    ], expect_failure=True)
    assert run['check']['failed'] is True
    assert "queue 'VIP': waiting" in run['check']['msg']


# -- check mode, bad input, scale ------------------------------------------------------------------

def test_check_mode_reads_only_and_leaves_the_report_unwritten(emulator, playbook, tmp_path):
    report = tmp_path / 'report.html'
    emulator.reset_stats()
    run = playbook([facts_task('check', gather=['queues', 'skills', 'skill_groups', 'divisions', 'utilization'],
                               include=['members', 'wrapup_codes'], live=True, interval=DAY,
                               alert_when=THRESHOLDS, report_path=str(report))], check=True)
    result = run['check']
    assert mutating_calls(emulator) == {}
    assert emulator.stats()['writes'] == 0  # the analytics query POSTs change nothing
    assert not report.exists()
    assert result['report'] == {'path': str(report), 'written': False}
    assert result['changed'] is True     # the report would be written
    assert result['alerts'] and result['live'] and result['history']


def test_bad_input_fails_before_any_call(emulator, playbook):
    emulator.reset_stats()
    run = playbook([facts_task('bad', interval='yesterday', alert_when={'occupancy_above': 2})],
                   expect_failure=True)
    result = run['bad']
    assert result['failed'] is True
    assert sorted(error['path'] for error in result['errors']) == ['alert_when.occupancy_above', 'interval']
    assert "interval: 'yesterday'" in result['msg']
    assert emulator.stats()['total'] == 0


def test_large_org_without_sub_resources_takes_at_most_two_listing_calls(emulator, playbook):
    emulator.reset(seed='large:1000')
    emulator.reset_stats()
    run = playbook([facts_task('large')])
    assert len(run['large']['queues']) == 1000
    calls = emulator.stats()['by_operation']
    assert calls['GET /api/v2/routing/queues'] <= math.ceil(1000 / 500.0)
    assert set(calls) == {'GET /api/v2/routing/queues', 'POST /oauth/token'}


# -- the report, rendered by a real browser ----------------------------------------------------------

class RenderedTable(HTMLParser):
    """Rows of the rendered queue table: name, classes and the text of each cell by class."""

    def __init__(self, text):
        HTMLParser.__init__(self)
        self.rows = []
        self.summary = ''
        self._cell = None
        self._in_summary = False
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == 'p' and attrs.get('id') == 'summary':
            self._in_summary = True
        if tag == 'tr' and 'data-queue' in attrs:
            self.rows.append({'name': attrs['data-queue'], 'class': attrs['class'].split(), 'cells': {}})
        elif tag in ('td', 'th') and self.rows and attrs.get('class'):
            self._cell = attrs['class'].split()[-1]
            self.rows[-1]['cells'][self._cell] = ''

    def handle_endtag(self, tag):
        if tag in ('td', 'th'):
            self._cell = None
        if tag == 'p':
            self._in_summary = False

    def handle_data(self, data):
        if self._cell is not None:
            self.rows[-1]['cells'][self._cell] += data
        if self._in_summary:
            self.summary += data


def chromium(*arguments, cwd):
    if not Path(CHROMIUM).exists():
        pytest.skip('Chromium is not installed (Debian package: chromium)')
    profile = Path(cwd) / 'chromium-profile'
    command = [CHROMIUM, '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
               '--disable-component-update', '--disable-sync', '--no-first-run', '--hide-scrollbars',
               '--user-data-dir=%s' % profile] + list(arguments)
    return subprocess.run(command, capture_output=True, text=True, timeout=120, cwd=str(cwd))


def test_report_renders_in_a_headless_browser(emulator, playbook, tmp_path):
    report = tmp_path / 'queues.html'
    run = playbook([facts_task('report', gather=[], interval=DAY, alert_when=THRESHOLDS, report_path=str(report))])
    result = run['report']
    assert result['report'] == {'path': str(report), 'written': True} and result['changed'] is True

    dumped = chromium('--dump-dom', report.as_uri(), cwd=tmp_path)
    assert dumped.returncode == 0, dumped.stderr[-2000:]
    table = RenderedTable(dumped.stdout)
    live = dict((row['name'], row) for row in result['live'])
    history = dict((row['name'], row) for row in result['history'])
    alerting = set(alert['queue'] for alert in result['alerts'])
    assert [row['name'] for row in table.rows] == [queue['name'] for queue in listed_queues(emulator)]
    assert table.summary == '%d of %d queues over a threshold' % (len(alerting), len(table.rows))
    for row in table.rows:
        name = row['name']
        assert row['cells']['name'] == name
        assert ('alerting' in row['class']) == (name in alerting), name
        occupancy = live[name]['occupancy']
        assert row['cells']['occupancy'] == ('-' if occupancy is None else '%.0f%%' % (occupancy * 100)), name
        assert row['cells']['waiting'] == str(live[name]['conversations']['waiting'])
        assert row['cells']['service-level'] == '%.0f%%' % (history[name]['service_level'] * 100)
        assert row['cells']['offered'] == str(history[name]['offered'])
        if name not in alerting:
            assert row['cells']['alerts'] == 'none'

    screenshot = tmp_path / 'queues.png'
    shot = chromium('--window-size=1400,700', '--screenshot=%s' % screenshot, report.as_uri(), cwd=tmp_path)
    assert shot.returncode == 0 and screenshot.stat().st_size > 10000, shot.stderr[-2000:]
