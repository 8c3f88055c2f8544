"""Pure logic of the queue analytics: intervals, query bodies, parsing, occupancy, alerts."""
import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ansible_collections.genesyscloud.routing.plugins.module_utils import queue_analytics as analytics
from ansible_collections.genesyscloud.routing.plugins.module_utils.fieldmap import FieldMapError

UTC = datetime.timezone.utc
NOW = datetime.datetime(2026, 1, 5, 12, 30, 15, 123000, tzinfo=UTC)


# -- intervals -------------------------------------------------------------------------------------

@pytest.mark.parametrize('text, expected', [
    ('2026-01-05T00:00:00Z/2026-01-06T00:00:00Z', '2026-01-05T00:00:00.000Z/2026-01-06T00:00:00.000Z'),
    ('2026-01-05T00:00:00.250Z/2026-01-05T08:00Z', '2026-01-05T00:00:00.250Z/2026-01-05T08:00:00.000Z'),
    ('2026-01-05T01:00:00+01:00/2026-01-05T02:00:00+0100', '2026-01-05T00:00:00.000Z/2026-01-05T01:00:00.000Z'),
    ('2026-01-05/2026-01-06', '2026-01-05T00:00:00.000Z/2026-01-06T00:00:00.000Z'),
    ('PT8H', '2026-01-05T04:30:15.000Z/2026-01-05T12:30:15.000Z'),
    ('P1W', '2025-12-29T12:30:15.000Z/2026-01-05T12:30:15.000Z'),
    ('P1DT30M', '2026-01-04T12:00:15.000Z/2026-01-05T12:30:15.000Z'),
])
def test_intervals_become_absolute_utc(text, expected):
    assert analytics.format_interval(*analytics.resolve_interval(text, NOW)) == expected


@pytest.mark.parametrize('text, fragment', [
    ('yesterday', 'not an ISO-8601 period'),
    ('2026-01-06T00:00:00Z/2026-01-05T00:00:00Z', 'ends before it starts'),
    ('2026-01-05T00:00:00Z/2026-01-05T00:00:00Z', 'ends before it starts'),
    ('2026-02-30T00:00:00Z/2026-03-01T00:00:00Z', 'not a valid date-time'),
    ('2026-01-05T00:00:00Z', 'not an ISO-8601 period'),
    ('a/b/c', 'start/end'),
    ('P1M', 'not an ISO-8601 period'),   # months have no fixed length
    ('PT', 'not an ISO-8601 period'),
    ('PT0S', 'empty period'),
])
def test_bad_intervals_name_the_option_and_value(text, fragment):
    with pytest.raises(FieldMapError) as caught:
        analytics.resolve_interval(text, NOW)
    assert caught.value.path == 'interval'
    assert caught.value.value == text
    assert fragment in str(caught.value)


@pytest.mark.parametrize('text, valid', [
    ('PT15M', True), ('PT30M', True), ('PT1H', True), ('P1D', True), ('P1W', True), ('P1M', True),
    ('P1DT12H', True), ('P', False), ('PT', False), ('1H', False), ('P1DT', False), ('PT1.5H', False),
])
def test_granularity_format(text, valid):
    if valid:
        assert analytics.validate_granularity(text) == text
    else:
        with pytest.raises(FieldMapError) as caught:
            analytics.validate_granularity(text)
        assert caught.value.path == 'granularity'


@given(st.datetimes(min_value=datetime.datetime(2000, 1, 1), max_value=datetime.datetime(2100, 1, 1)),
       st.integers(min_value=1, max_value=10 ** 9))
def test_formatted_intervals_parse_back_to_the_same_instants(start, milliseconds):
    start = start.replace(microsecond=(start.microsecond // 1000) * 1000, tzinfo=UTC)
    end = start + datetime.timedelta(milliseconds=milliseconds)
    text = analytics.format_interval(start, end)
    assert analytics.resolve_interval(text) == (start, end)


# -- query bodies ----------------------------------------------------------------------------------

def test_queries_are_batched_by_one_hundred_queue_ids():
    ids = ['q-%03d' % index for index in range(250)]
    assert [len(batch) for batch in analytics.batches(ids)] == [100, 100, 50]
    body = analytics.observation_query(ids[:2])
    assert body['filter'] == {'type': 'or', 'predicates': [
        {'type': 'dimension', 'dimension': 'queueId', 'operator': 'matches', 'value': 'q-000'},
        {'type': 'dimension', 'dimension': 'queueId', 'operator': 'matches', 'value': 'q-001'}]}
    assert set(body['metrics']) == {'oOnQueueUsers', 'oOffQueueUsers', 'oMemberUsers', 'oActiveUsers',
                                    'oInteracting', 'oWaiting', 'oAlerting', 'oLongestWaiting'}
    aggregate = analytics.aggregate_query(ids[:1], '2026-01-05T00:00:00.000Z/2026-01-06T00:00:00.000Z', 'PT1H')
    assert aggregate['groupBy'] == ['queueId', 'mediaType']
    assert aggregate['granularity'] == 'PT1H'
    assert 'granularity' not in analytics.aggregate_query(ids[:1], 'x/y')


class RecordingClient:
    def __init__(self, answers):
        self.answers = list(answers)
        self.calls = []

    def post(self, path, body):
        self.calls.append((path, body))
        return self.answers.pop(0) if self.answers else {}


def test_live_figures_of_many_queues_take_one_query_per_hundred():
    queues = [{'id': 'q-%03d' % index, 'name': 'Q%03d' % index} for index in range(201)]
    client = RecordingClient([])
    rows = analytics.gather_live(client, queues, now=NOW)
    assert [path for path, _body in client.calls] == [analytics.OBSERVATIONS] * 3
    assert [len(body['filter']['predicates']) for _path, body in client.calls] == [100, 100, 1]
    # no data: zeros, and no occupancy rather than a made-up 0
    assert rows[0] == dict(analytics.empty_live(), name='Q000', id='q-000')
    assert rows[0]['occupancy'] is None


# -- observations ----------------------------------------------------------------------------------

def entry(metric, count, qualifier=None, **stats):
    item = {'metric': metric, 'stats': dict(stats, count=count)}
    if qualifier:
        item['qualifier'] = qualifier
    return item


OBSERVED = {'results': [
    {'group': {'queueId': 'q-1'}, 'data': [
        entry('oOnQueueUsers', 2, 'IDLE'), entry('oOnQueueUsers', 9, 'INTERACTING'),
        entry('oOnQueueUsers', 1, 'COMMUNICATING'), entry('oOnQueueUsers', 1, 'NOT_RESPONDING'),
        entry('oOffQueueUsers', 3), entry('oMemberUsers', 17), entry('oActiveUsers', 16),
        entry('oInteracting', 9), entry('oWaiting', 12), entry('oAlerting', 1),
        entry('oLongestWaiting', 1, calculatedMetricValue=61500)]},
    {'group': {'queueId': 'q-2'}, 'data': [
        entry('oOnQueueUsers', 0, 'IDLE'), entry('oOnQueueUsers', 0, 'INTERACTING'),
        entry('oMemberUsers', 2), entry('oWaiting', 0), entry('oLongestWaiting', 0)]},
]}


def test_observations_give_agents_conversations_and_occupancy():
    live = analytics.parse_observations(OBSERVED, NOW)
    assert live['q-1']['agents'] == {'members': 17, 'active': 16, 'on_queue': 13, 'off_queue': 3, 'idle': 2,
                                     'interacting': 9, 'communicating': 1, 'not_responding': 1}
    assert live['q-1']['conversations'] == {'waiting': 12, 'interacting': 9, 'alerting': 1,
                                            'longest_waiting_seconds': 61.5}
    # INTERACTING / (IDLE + INTERACTING + COMMUNICATING); NOT_RESPONDING is not counted
    assert live['q-1']['occupancy'] == round(9 / 12.0, 4)
    assert live['q-2']['occupancy'] is None
    assert live['q-2']['conversations']['longest_waiting_seconds'] is None


def test_longest_waiting_falls_back_to_the_observation_date():
    response = {'results': [{'group': {'queueId': 'q-1'}, 'data': [
        {'metric': 'oLongestWaiting', 'stats': {'count': 1},
         'observations': [{'observationDate': '2026-01-05T12:28:15.123Z', 'conversationId': 'c-1'}]}]}]}
    assert analytics.parse_observations(response, NOW)['q-1']['conversations']['longest_waiting_seconds'] == 120.0


def test_media_type_groups_are_summed_per_queue():
    response = {'results': [
        {'group': {'queueId': 'q-1', 'mediaType': 'voice'}, 'data': [
            entry('oWaiting', 4), entry('oLongestWaiting', 1, calculatedMetricValue=30000)]},
        {'group': {'queueId': 'q-1', 'mediaType': 'chat'}, 'data': [
            entry('oWaiting', 3), entry('oLongestWaiting', 1, calculatedMetricValue=90000)]},
    ]}
    conversations = analytics.parse_observations(response, NOW)['q-1']['conversations']
    assert conversations['waiting'] == 7
    assert conversations['longest_waiting_seconds'] == 90.0


@given(st.integers(0, 500), st.integers(0, 500), st.integers(0, 500))
def test_occupancy_is_a_fraction_or_none(idle, interacting, communicating):
    value = analytics.occupancy(idle, interacting, communicating)
    if idle + interacting + communicating == 0:
        assert value is None
    else:
        assert 0.0 <= value <= 1.0
        assert value == round(interacting / float(idle + interacting + communicating), 4)
        assert (value == 0.0) == (interacting == 0 or value < 0.00005)


# -- aggregates ------------------------------------------------------------------------------------

def metrics(offered, answered, abandoned, handle_ms, answer_ms, numerator, denominator, target=0.8):
    return [
        {'metric': 'nOffered', 'stats': {'count': offered}},
        {'metric': 'tAnswered', 'stats': {'count': answered, 'sum': answer_ms}},
        {'metric': 'tAbandon', 'stats': {'count': abandoned, 'sum': 1}},
        {'metric': 'tHandle', 'stats': {'count': answered, 'sum': handle_ms}},
        {'metric': 'oServiceLevel', 'stats': {'ratio': 0.1, 'numerator': numerator, 'denominator': denominator,
                                              'target': target}},
    ]


AGGREGATED = {'results': [
    {'group': {'queueId': 'q-1', 'mediaType': 'voice'}, 'data': [
        {'interval': 'A/B', 'metrics': metrics(100, 90, 10, 90 * 300000, 90 * 10000, 72, 98)},
        {'interval': 'B/C', 'metrics': metrics(50, 50, 0, 50 * 200000, 50 * 5000, 50, 50)}]},
    {'group': {'queueId': 'q-1', 'mediaType': 'chat'}, 'data': [
        {'interval': 'A/B', 'metrics': metrics(10, 8, 2, 8 * 600000, 8 * 20000, 6, 10, target=0.9)}]},
]}


def test_aggregates_sum_media_types_and_recompute_ratios():
    parsed = analytics.parse_aggregates(AGGREGATED)
    row = analytics.history_row({'id': 'q-1', 'name': 'Sales'}, parsed, 'A/C', split=True)
    assert (row['offered'], row['answered'], row['abandoned']) == (160, 148, 12)
    assert row['abandon_rate'] == round(12 / 160.0, 4)
    # service level from summed numerators and denominators, never an average of ratios
    assert row['service_level'] == round(128 / 158.0, 4)
    assert row['average_handle_seconds'] == round((90 * 300 + 50 * 200 + 8 * 600) / 148.0, 1)
    assert row['average_speed_of_answer_seconds'] == round((90 * 10 + 50 * 5 + 8 * 20) / 148.0, 1)
    assert row['by_media_type']['chat']['service_level_target'] == 0.9
    assert row['by_media_type']['voice']['offered'] == 150
    assert [(item['interval'], item['offered']) for item in row['intervals']] == [('A/B', 110), ('B/C', 50)]


def test_a_queue_without_traffic_has_zeros_and_no_ratios():
    row = analytics.history_row({'id': 'q-9', 'name': 'Quiet'}, analytics.parse_aggregates({}), 'A/B', split=False)
    assert (row['offered'], row['answered'], row['abandoned']) == (0, 0, 0)
    assert row['service_level'] is None and row['abandon_rate'] is None and row['average_handle_seconds'] is None
    assert 'intervals' not in row


# -- alerts ----------------------------------------------------------------------------------------

QUEUES = [{'id': 'q-b', 'name': 'beta'}, {'id': 'q-a', 'name': 'Alpha'}, {'id': 'q-c', 'name': 'Gamma'}]


def live_row(queue_id, occupancy, waiting, longest=None):
    row = analytics.empty_live()
    row.update(id=queue_id, occupancy=occupancy)
    row['conversations'].update(waiting=waiting, longest_waiting_seconds=longest)
    return row


LIVE = [live_row('q-a', 0.85, 11, 300.0), live_row('q-b', 0.9, 10), live_row('q-c', None, 0)]
HISTORY = [{'id': 'q-a', 'service_level': 0.8, 'abandon_rate': 0.2},
           {'id': 'q-b', 'service_level': 0.79, 'abandon_rate': 0.05},
           {'id': 'q-c', 'service_level': None, 'abandon_rate': None}]


def test_alerts_fire_strictly_beyond_thresholds_and_never_without_data():
    thresholds = {'occupancy_above': 0.85, 'waiting_above': 10, 'service_level_below': 0.8,
                  'abandon_rate_above': 0.1, 'longest_waiting_above': 299}
    alerts = analytics.evaluate_alerts(QUEUES, thresholds, LIVE, HISTORY)
    assert [(alert['queue'], alert['condition']) for alert in alerts] == [
        ('Alpha', 'abandon_rate_above'), ('Alpha', 'longest_waiting_above'), ('Alpha', 'waiting_above'),
        ('beta', 'occupancy_above'), ('beta', 'service_level_below')]
    first = alerts[0]
    assert first == {'queue': 'Alpha', 'queue_id': 'q-a', 'metric': 'abandon_rate', 'value': 0.2,
                     'threshold': 0.1, 'condition': 'abandon_rate_above',
                     'msg': "queue 'Alpha': abandon rate 0.2 is above 0.1"}


def test_no_thresholds_no_alerts_and_sources_follow_thresholds():
    assert analytics.evaluate_alerts(QUEUES, {}, LIVE, HISTORY) == []
    assert analytics.evaluate_alerts(QUEUES, {'waiting_above': None}, LIVE, HISTORY) == []
    assert analytics.sources_needed({'waiting_above': 3}) == {'live'}
    assert analytics.sources_needed({'service_level_below': 0.8, 'occupancy_above': None}) == {'history'}
    assert analytics.sources_needed({}) == set()
