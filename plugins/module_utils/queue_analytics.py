# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""How queues are doing: live observations, historical aggregates and threshold alerts.

Two read-only analytics queries, both sent as POST and batched over many queues:

* `POST /api/v2/analytics/queues/observations/query` (real time): agents on queue by routing
  status, members, conversations waiting / interacting / alerting, longest waiting. From these
  we derive an occupancy snapshot, INTERACTING / (IDLE + INTERACTING + COMMUNICATING) on-queue
  agents. That ratio is the collection's definition built from real metrics (reference §5.3),
  not a platform field.
* `POST /api/v2/analytics/conversations/aggregates/query` (history): offered, answered,
  abandoned, handle time and service level over an interval, optionally split by granularity.

Query bodies are built and responses parsed by pure functions so they can be tested without
an API; `gather_live` and `gather_history` only add the calls.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import datetime
import re

from ansible_collections.genesyscloud.routing.plugins.module_utils.fieldmap import FieldMapError

OBSERVATIONS = '/api/v2/analytics/queues/observations/query'
AGGREGATES = '/api/v2/analytics/conversations/aggregates/query'

# Queue ids per query. The platform's maximum is not documented (reference §5.1, UNCONFIRMED);
# 100 keeps each filter well inside the sizes the SDK examples use.
QUEUES_PER_QUERY = 100

OBSERVATION_METRICS = ['oOnQueueUsers', 'oOffQueueUsers', 'oMemberUsers', 'oActiveUsers',
                       'oInteracting', 'oWaiting', 'oAlerting', 'oLongestWaiting']
ON_QUEUE_STATUSES = ('IDLE', 'INTERACTING', 'COMMUNICATING', 'NOT_RESPONDING')
# Observation metrics whose count adds to one figure of a queue's row: metric -> (section, key).
COUNTED_METRICS = {
    'oOffQueueUsers': ('agents', 'off_queue'), 'oMemberUsers': ('agents', 'members'), 'oActiveUsers': ('agents', 'active'),
    'oInteracting': ('conversations', 'interacting'), 'oWaiting': ('conversations', 'waiting'),
    'oAlerting': ('conversations', 'alerting'),
}
AGGREGATE_METRICS = ['nOffered', 'tAnswered', 'tAbandon', 'tHandle', 'oServiceLevel']

# Threshold option -> (metric in the rows, comparison, source of the metric).
THRESHOLDS = {
    'occupancy_above': ('occupancy', 'above', 'live'),
    'waiting_above': ('waiting', 'above', 'live'),
    'longest_waiting_above': ('longest_waiting_seconds', 'above', 'live'),
    'service_level_below': ('service_level', 'below', 'history'),
    'abandon_rate_above': ('abandon_rate', 'above', 'history'),
}

UTC = datetime.timezone.utc
_INSTANT = re.compile(r'^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?'
                      r'(Z|[+-]\d{2}:?\d{2})?$')
# Weeks, days, hours, minutes, seconds: fixed lengths only, so "the last P7D" means one thing.
_FIXED_PERIOD = re.compile(r'^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$')
# Granularity may also use months and years (the platform splits by calendar).
_GRANULARITY = re.compile(r'^P(?=\d|T\d)(?:\d+Y)?(?:\d+M)?(?:\d+W)?(?:\d+D)?(?:T(?=\d)(?:\d+H)?(?:\d+M)?(?:\d+S)?)?$')


# ---------------------------------------------------------------------------------------------
# Intervals

def parse_instant(text, path):
    """An ISO-8601 date-time as an aware UTC datetime; no offset means UTC."""
    found = _INSTANT.match(str(text).strip())
    if not found:
        raise FieldMapError(path, "'%s' is not an ISO-8601 date-time such as 2026-01-05T00:00:00Z" % text, text)
    year, month, day, hour, minute, second, fraction, offset = found.groups()
    try:
        value = datetime.datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0),
                                  int(second or 0), int((fraction or '0')[:6].ljust(6, '0')), tzinfo=UTC)
    except ValueError as error:
        raise FieldMapError(path, "'%s' is not a valid date-time (%s)" % (text, error), text)
    if offset and offset != 'Z':
        sign = -1 if offset[0] == '-' else 1
        digits = offset[1:].replace(':', '')
        value -= sign * datetime.timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
    return value


def parse_period(text, path):
    """A fixed-length ISO-8601 period (weeks, days, hours, minutes, seconds) as a timedelta."""
    found = _FIXED_PERIOD.match(str(text).strip())
    if not found or not any(found.groups()) or str(text).strip().endswith('T'):
        raise FieldMapError(path, "'%s' is not an ISO-8601 period of weeks, days, hours, minutes or seconds "
                                  "such as PT8H or P7D" % text, text)
    weeks, days, hours, minutes, seconds = (int(part) if part else 0 for part in found.groups())
    period = datetime.timedelta(weeks=weeks, days=days, hours=hours, minutes=minutes, seconds=seconds)
    if period.total_seconds() <= 0:
        raise FieldMapError(path, "'%s' is an empty period" % text, text)
    return period


def resolve_interval(text, now=None, path='interval'):
    """(start, end) of an `interval` option: `start/end`, or a period that ends now (`P1D`)."""
    text = str(text).strip()
    if '/' in text:
        parts = text.split('/')
        if len(parts) != 2:
            raise FieldMapError(path, "'%s' is not an interval of the form start/end" % text, text)
        try:
            start, end = parse_instant(parts[0], path), parse_instant(parts[1], path)
        except FieldMapError as error:
            # The message names the bad half; the value is what the user wrote.
            raise FieldMapError(path, str(error).split(': ', 1)[1], text)
    else:
        end = (now or datetime.datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
        start = end - parse_period(text, path)
    if end <= start:
        raise FieldMapError(path, "'%s' ends before it starts" % text, text)
    return start, end


def format_instant(value):
    value = value.astimezone(UTC)
    return value.strftime('%Y-%m-%dT%H:%M:%S.') + '%03dZ' % (value.microsecond // 1000)


def format_interval(start, end):
    return '%s/%s' % (format_instant(start), format_instant(end))


def validate_granularity(text, path='granularity'):
    if not _GRANULARITY.match(str(text).strip()):
        raise FieldMapError(path, "'%s' is not an ISO-8601 period such as PT30M, PT1H or P1D" % text, text)
    return str(text).strip()


# ---------------------------------------------------------------------------------------------
# Query bodies

def batches(items, size=QUEUES_PER_QUERY):
    return [items[start:start + size] for start in range(0, len(items), size)]


def queue_filter(queue_ids):
    return {'type': 'or', 'predicates': [
        {'type': 'dimension', 'dimension': 'queueId', 'operator': 'matches', 'value': queue_id}
        for queue_id in queue_ids]}


def observation_query(queue_ids):
    return {'filter': queue_filter(queue_ids), 'metrics': list(OBSERVATION_METRICS)}


def aggregate_query(queue_ids, interval, granularity=None):
    """Grouped by queue and media type: queue totals are summed client-side from the same answer."""
    body = {'interval': interval, 'groupBy': ['queueId', 'mediaType'], 'filter': queue_filter(queue_ids),
            'metrics': list(AGGREGATE_METRICS)}
    if granularity:
        body['granularity'] = granularity
    return body


# ---------------------------------------------------------------------------------------------
# Live observations

def occupancy(idle, interacting, communicating):
    """INTERACTING / (IDLE + INTERACTING + COMMUNICATING) on-queue agents; None without such agents."""
    working = idle + interacting + communicating
    if not working:
        return None
    return round(float(interacting) / working, 4)


def empty_live():
    return {
        'occupancy': None,
        'agents': {'members': 0, 'active': 0, 'on_queue': 0, 'off_queue': 0, 'idle': 0, 'interacting': 0,
                   'communicating': 0, 'not_responding': 0},
        'conversations': {'waiting': 0, 'interacting': 0, 'alerting': 0, 'longest_waiting_seconds': None},
    }


def _count(entry):
    stats = entry.get('stats') or {}
    value = stats.get('count')
    return int(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else 0


def _longest_ms(entry, now):
    """Age of the longest-waiting conversation: the platform's computed value, else from its date."""
    stats = entry.get('stats') or {}
    value = stats.get('calculatedMetricValue')
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    dates = [item.get('observationDate') for item in entry.get('observations') or [] if item.get('observationDate')]
    if not dates or now is None:
        return None
    oldest = min(parse_instant(date, 'observationDate') for date in dates)
    return max(0.0, (now - oldest).total_seconds() * 1000.0)


def parse_observations(response, now=None):
    """queueId -> live figures from one QueueObservationQueryResponse.

    Results grouped by queue and media type (when a platform splits them) are summed per queue.
    """
    live = {}
    for result in (response or {}).get('results') or []:
        queue_id = (result.get('group') or {}).get('queueId')
        if not queue_id:
            continue
        row = live.setdefault(queue_id, empty_live())
        agents = row['agents']
        conversations = row['conversations']
        for entry in result.get('data') or []:
            metric = entry.get('metric')
            count = _count(entry)
            if metric in COUNTED_METRICS:
                section, key = COUNTED_METRICS[metric]
                row[section][key] += count
            elif metric == 'oOnQueueUsers' and entry.get('qualifier') in ON_QUEUE_STATUSES:
                agents[entry['qualifier'].lower()] += count
                agents['on_queue'] += count
            elif metric == 'oLongestWaiting' and count:
                milliseconds = _longest_ms(entry, now)
                if milliseconds is not None:
                    seconds = round(milliseconds / 1000.0, 3)
                    known = conversations['longest_waiting_seconds']
                    conversations['longest_waiting_seconds'] = seconds if known is None else max(known, seconds)
    for row in live.values():
        agents = row['agents']
        row['occupancy'] = occupancy(agents['idle'], agents['interacting'], agents['communicating'])
    return live


def gather_live(client, queues, now=None):
    """Live figures for each queue ({id, name, ...}), one observation query per batch of queues."""
    by_id = {}
    ids = [queue['id'] for queue in queues]
    for batch in batches(ids):
        response = client.post(OBSERVATIONS, observation_query(batch))
        observed_at = now or datetime.datetime.now(UTC)
        by_id.update(parse_observations(response, observed_at))
    rows = []
    for queue in queues:
        row = {'name': queue.get('name'), 'id': queue['id']}
        row.update(by_id.get(queue['id']) or empty_live())
        rows.append(row)
    return rows


# ---------------------------------------------------------------------------------------------
# Historical aggregates

def empty_counters():
    return {'offered': 0, 'answered': 0, 'abandoned': 0, 'handle_count': 0, 'handle_ms': 0, 'answer_ms': 0,
            'sl_numerator': 0, 'sl_denominator': 0}


def add_metrics(counters, metrics):
    """Add one AggregateMetricData list to the counters."""
    for entry in metrics or []:
        stats = entry.get('stats') or {}
        metric = entry.get('metric')
        if metric == 'nOffered':
            counters['offered'] += int(stats.get('count') or 0)
        elif metric == 'tAnswered':
            counters['answered'] += int(stats.get('count') or 0)
            counters['answer_ms'] += stats.get('sum') or 0
        elif metric == 'tAbandon':
            counters['abandoned'] += int(stats.get('count') or 0)
        elif metric == 'tHandle':
            counters['handle_count'] += int(stats.get('count') or 0)
            counters['handle_ms'] += stats.get('sum') or 0
        elif metric == 'oServiceLevel':
            counters['sl_numerator'] += int(stats.get('numerator') or 0)
            counters['sl_denominator'] += int(stats.get('denominator') or 0)
    return counters


def merge_counters(total, part):
    for key, value in part.items():
        total[key] += value
    return total


def _ratio(numerator, denominator, digits=4):
    return round(float(numerator) / denominator, digits) if denominator else None


def figures(counters):
    """The reported figures of summed counters (averages in seconds, ratios 0-1, None without data)."""
    return {
        'offered': counters['offered'],
        'answered': counters['answered'],
        'abandoned': counters['abandoned'],
        'abandon_rate': _ratio(counters['abandoned'], counters['offered']),
        'average_handle_seconds': _ratio(counters['handle_ms'], counters['handle_count'] * 1000.0, 1)
        if counters['handle_count'] else None,
        'average_speed_of_answer_seconds': _ratio(counters['answer_ms'], counters['answered'] * 1000.0, 1)
        if counters['answered'] else None,
        'service_level': _ratio(counters['sl_numerator'], counters['sl_denominator']),
    }


def parse_aggregates(response):
    """queueId -> {'total': counters, 'media': {mediaType: counters}, 'intervals': {interval: counters},
    'targets': {mediaType: target}} from one ConversationAggregateQueryResponse."""
    parsed = {}
    for result in (response or {}).get('results') or []:
        group = result.get('group') or {}
        queue_id = group.get('queueId')
        if not queue_id:
            continue
        entry = parsed.setdefault(queue_id, {'total': empty_counters(), 'media': {}, 'intervals': {},
                                             'targets': {}})
        media = group.get('mediaType') or 'all'
        for data in result.get('data') or []:
            counters = add_metrics(empty_counters(), data.get('metrics'))
            merge_counters(entry['total'], counters)
            merge_counters(entry['media'].setdefault(media, empty_counters()), counters)
            merge_counters(entry['intervals'].setdefault(data.get('interval'), empty_counters()), counters)
            for metric in data.get('metrics') or []:
                target = (metric.get('stats') or {}).get('target')
                if metric.get('metric') == 'oServiceLevel' and target is not None:
                    entry['targets'][media] = target
    return parsed


def history_row(queue, parsed, interval, split):
    """One queue's reported history: totals, per media type, and per interval when split."""
    entry = parsed.get(queue['id']) or {'total': empty_counters(), 'media': {}, 'intervals': {}, 'targets': {}}
    row = {'name': queue.get('name'), 'id': queue['id'], 'interval': interval}
    row.update(figures(entry['total']))
    by_media = {}
    for media in sorted(entry['media']):
        by_media[media] = figures(entry['media'][media])
        if media in entry['targets']:
            by_media[media]['service_level_target'] = entry['targets'][media]
    row['by_media_type'] = by_media
    if split:
        row['intervals'] = [dict(figures(entry['intervals'][key]), interval=key)
                            for key in sorted(key for key in entry['intervals'] if key)]
    return row


def gather_history(client, queues, interval, granularity=None):
    """Historical figures for each queue over `interval` (start/end string), one query per batch."""
    parsed = {}
    ids = [queue['id'] for queue in queues]
    for batch in batches(ids):
        response = client.post(AGGREGATES, aggregate_query(batch, interval, granularity))
        for queue_id, entry in parse_aggregates(response).items():
            parsed[queue_id] = entry
    return [history_row(queue, parsed, interval, bool(granularity)) for queue in queues]


# ---------------------------------------------------------------------------------------------
# Alerts

def metric_value(name, live_row, past_row):
    if name == 'occupancy':
        return (live_row or {}).get('occupancy')
    if name in ('waiting', 'longest_waiting_seconds'):
        return ((live_row or {}).get('conversations') or {}).get(name)
    return (past_row or {}).get(name)


def evaluate_alerts(queues, thresholds, live_rows=None, history_rows=None):
    """One alert per queue and threshold crossed (strictly above / below); no data never alerts.

    Sorted by queue name, then by threshold option, so the list is stable from run to run.
    """
    live_by_id = dict((row['id'], row) for row in live_rows or [])
    history_by_id = dict((row['id'], row) for row in history_rows or [])
    alerts = []
    for queue in queues:
        for option in sorted(thresholds or {}):
            threshold = thresholds[option]
            if threshold is None or option not in THRESHOLDS:
                continue
            metric, comparison, _source = THRESHOLDS[option]
            value = metric_value(metric, live_by_id.get(queue['id']), history_by_id.get(queue['id']))
            if value is None:
                continue
            crossed = value > threshold if comparison == 'above' else value < threshold
            if crossed:
                alerts.append({
                    'queue': queue.get('name'), 'queue_id': queue['id'], 'metric': metric, 'value': value,
                    'threshold': threshold, 'condition': option,
                    'msg': "queue '%s': %s %s is %s %s" % (
                        queue.get('name'), metric.replace('_', ' '), _show(value), comparison, _show(threshold)),
                })
    alerts.sort(key=lambda alert: (str(alert['queue']).lower(), alert['queue_id'], alert['condition']))
    return alerts


def _show(value):
    return ('%.4f' % value).rstrip('0').rstrip('.') if isinstance(value, float) else str(value)


def sources_needed(thresholds):
    """Which data ('live', 'history') the given thresholds need."""
    return set(THRESHOLDS[option][2] for option, value in (thresholds or {}).items()
               if value is not None and option in THRESHOLDS)
