# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A snapshot report of queue figures as one self-contained HTML page.

One row per queue with horizontal bars (inline SVG, styled by inline CSS) for occupancy, waiting
conversations and service level, the alert thresholds drawn as marks on the bars, and the
queues over a threshold highlighted. No scripts, no external assets, no plotting library: the
file opens the same in any browser, offline. Every text that comes from the organization is
HTML-escaped.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import tempfile
from html import escape

BAR_WIDTH = 100
BAR_HEIGHT = 14

STYLE = """
body { font-family: -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; margin: 24px;
       color: #1f2933; background: #ffffff; }
h1 { font-size: 22px; margin: 0 0 4px 0; }
p.meta { margin: 0 0 4px 0; color: #52606d; font-size: 13px; }
p.summary { margin: 8px 0 16px 0; font-size: 14px; }
p.summary strong.bad { color: #b42318; }
div.table { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th, td { padding: 6px 8px; border-bottom: 1px solid #e4e7eb; text-align: left; vertical-align: middle;
         white-space: nowrap; }
thead th { background: #f5f7fa; color: #323f4b; font-weight: 600; border-bottom: 2px solid #cbd2d9; }
td.alerts { white-space: normal; min-width: 150px; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.alerting th { box-shadow: inset 4px 0 0 #d92d20; }
tr.alerting { background: #fff6f5; }
svg.bar { vertical-align: middle; margin-right: 6px; }
svg.bar .track { fill: #e4e7eb; }
svg.bar .fill { fill: #2e7d32; }
svg.bar .fill.over { fill: #d92d20; }
svg.bar .fill.none { fill: none; }
svg.bar .mark { stroke: #1f2933; stroke-width: 2; }
span.value { display: inline-block; min-width: 44px; font-variant-numeric: tabular-nums; }
span.badge { display: inline-block; padding: 1px 6px; margin: 1px 4px 1px 0; white-space: nowrap;
             border-radius: 8px; font-size: 12px; background: #fee4e2; color: #912018; }
span.muted { color: #9aa5b1; }
footer { margin-top: 18px; color: #52606d; font-size: 12px; max-width: 900px; }
"""


def h(value):
    return escape('' if value is None else str(value), quote=True)


def percent(value):
    return '-' if value is None else '%.0f%%' % (value * 100.0)


def number(value, digits=0):
    if value is None:
        return '-'
    return ('%.' + str(digits) + 'f') % value if digits else '%d' % value


def svg_bar(value, scale, threshold=None, over=False, label=''):
    """An inline SVG bar of value/scale, with the threshold as a vertical mark."""
    if value is None or not scale:
        width = 0
    else:
        width = max(0.0, min(1.0, float(value) / scale)) * BAR_WIDTH
    parts = ['<svg class="bar" width="%d" height="%d" viewBox="0 0 %d %d" role="img" aria-label="%s">'
             % (BAR_WIDTH, BAR_HEIGHT, BAR_WIDTH, BAR_HEIGHT, h(label)),
             '<rect class="track" x="0" y="0" width="%d" height="%d" rx="3"></rect>' % (BAR_WIDTH, BAR_HEIGHT)]
    css = 'fill over' if over else ('fill none' if value is None else 'fill')
    parts.append('<rect class="%s" x="0" y="0" width="%.1f" height="%d" rx="3"></rect>' % (css, width, BAR_HEIGHT))
    if threshold is not None and scale:
        x = max(1.0, min(BAR_WIDTH - 1.0, float(threshold) / scale * BAR_WIDTH))
        parts.append('<line class="mark" x1="%.1f" y1="0" x2="%.1f" y2="%d"></line>' % (x, x, BAR_HEIGHT))
    parts.append('</svg>')
    return ''.join(parts)


def snapshot_rows(queues, live=None, history=None, alerts=None):
    """Join the per-queue figures by id, in the order of `queues` ({id, name, division})."""
    live_by_id = dict((row['id'], row) for row in live or [])
    history_by_id = dict((row['id'], row) for row in history or [])
    alerts_by_id = {}
    for alert in alerts or []:
        alerts_by_id.setdefault(alert['queue_id'], []).append(alert)
    rows = []
    for queue in queues:
        rows.append({'id': queue['id'], 'name': queue.get('name'), 'division': queue.get('division'),
                     'live': live_by_id.get(queue['id']), 'history': history_by_id.get(queue['id']),
                     'alerts': alerts_by_id.get(queue['id'], [])})
    return rows


def render_html(rows, generated_at, thresholds=None, interval=None, title='Queue snapshot'):
    """The report page as text. `rows` come from snapshot_rows; `generated_at` is shown as given."""
    thresholds = thresholds or {}
    has_live = any(row['live'] for row in rows)
    has_history = any(row['history'] for row in rows)
    waiting_values = [row['live']['conversations']['waiting'] for row in rows if row['live']]
    waiting_scale = max(waiting_values + [thresholds.get('waiting_above') or 0] + [1])
    waiting_scale = max(waiting_scale, (thresholds.get('waiting_above') or 0) * 1.5)
    alerting = [row for row in rows if row['alerts']]

    out = ['<!DOCTYPE html>', '<html lang="en">', '<head>', '<meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           '<title>%s</title>' % h(title), '<style>%s</style>' % STYLE, '</head>', '<body>',
           '<h1>%s</h1>' % h(title),
           '<p class="meta">Generated <time id="generated">%s</time>' % h(generated_at)]
    if interval:
        out.append(' &middot; history over <span id="interval">%s</span>' % h(interval))
    out.append('</p>')
    if thresholds:
        out.append('<p class="meta" id="thresholds">Thresholds: %s</p>' % h(', '.join(
            '%s %s' % (name.replace('_', ' '), value) for name, value in sorted(thresholds.items()))))
    summary_class = ' class="bad"' if alerting else ''
    out.append('<p class="summary" id="summary"><strong%s>%d of %d queues</strong> over a threshold</p>'
               % (summary_class, len(alerting), len(rows)))

    headers = ['Queue', 'Division']
    if has_live:
        headers += ['Agents on queue', 'Occupancy', 'Waiting', 'Longest wait']
    if has_history:
        headers += ['Service level', 'Offered', 'Abandoned', 'Avg handle']
    headers.append('Alerts')
    out.append('<div class="table"><table id="queues">')
    out.append('<thead><tr>%s</tr></thead>' % ''.join('<th scope="col">%s</th>' % h(name) for name in headers))
    out.append('<tbody>')
    for row in rows:
        out.append(render_row(row, thresholds, has_live, has_history, waiting_scale))
    out.append('</tbody></table></div>')
    out.append('<footer><p>Occupancy is a snapshot defined by this collection from real platform metrics: '
               'on-queue agents INTERACTING / (IDLE + INTERACTING + COMMUNICATING), from the queue observations '
               'query. It is not a platform field. Waiting bars are scaled to %s conversations. Service level is '
               'answered within the target / (answered + abandoned, short abandons excluded) as the platform '
               'computes oServiceLevel. A black mark on a bar is the alert threshold.</p></footer>'
               % h(number(waiting_scale)))
    out.extend(['</body>', '</html>', ''])
    return '\n'.join(out)


def bar_cell(css, value, scale, threshold, over, shown):
    """A table cell with a bar and the value written next to it."""
    label = '%s %s' % (css.replace('-', ' '), shown)
    return '<td class="%s">%s<span class="value">%s</span></td>' % (
        css, svg_bar(value, scale, threshold, over, label), h(shown))


def render_row(row, thresholds, has_live, has_history, waiting_scale):
    over = set(alert['metric'] for alert in row['alerts'])
    cells = ['<th scope="row" class="name">%s</th>' % h(row['name']),
             '<td class="division">%s</td>' % h(row['division'] or '')]
    live = row['live']
    if has_live:
        if live:
            agents = live['agents']
            conversations = live['conversations']
            cells.append('<td class="num agents">%d <span class="muted">of %d members</span></td>'
                         % (agents['on_queue'], agents['members']))
            cells.append(bar_cell('occupancy', live['occupancy'], 1.0, thresholds.get('occupancy_above'),
                                  'occupancy' in over, percent(live['occupancy'])))
            cells.append(bar_cell('waiting', conversations['waiting'], waiting_scale, thresholds.get('waiting_above'),
                                  'waiting' in over, '%d' % conversations['waiting']))
            cells.append('<td class="num longest">%s</td>' % h(duration(conversations['longest_waiting_seconds'])))
        else:
            cells.extend(['<td class="agents">-</td>', '<td class="occupancy">-</td>', '<td class="waiting">-</td>',
                          '<td class="longest">-</td>'])
    past = row['history']
    if has_history:
        if past:
            cells.append(bar_cell('service-level', past['service_level'], 1.0, thresholds.get('service_level_below'),
                                  'service_level' in over, percent(past['service_level'])))
            cells.append('<td class="num offered">%d</td>' % past['offered'])
            cells.append('<td class="num abandoned">%d <span class="muted">%s</span></td>'
                         % (past['abandoned'], percent(past['abandon_rate'])))
            cells.append('<td class="num handle">%s</td>' % h(duration(past['average_handle_seconds'])))
        else:
            cells.extend(['<td class="service-level">-</td>', '<td class="offered">-</td>',
                          '<td class="abandoned">-</td>', '<td class="handle">-</td>'])
    badges = ''.join('<span class="badge" data-metric="%s" title="%s">%s</span>'
                     % (h(alert['metric']), h(alert['msg']), h(badge_text(alert))) for alert in row['alerts'])
    cells.append('<td class="alerts">%s</td>' % (badges or '<span class="muted">none</span>'))
    css = 'queue alerting' if row['alerts'] else 'queue'
    return '<tr class="%s" data-queue="%s" data-queue-id="%s">%s</tr>' % (
        css, h(row['name']), h(row['id']), ''.join(cells))


def badge_text(alert):
    """Short text of an alert: 'waiting > 10'."""
    sign = '<' if alert['condition'].endswith('_below') else '>'
    return '%s %s %s' % (alert['metric'].replace('_', ' ').replace(' seconds', ''), sign, alert['threshold'])


def duration(seconds):
    """12 s, 4 min 05 s, 2 h 03 min; '-' without a value."""
    if seconds is None:
        return '-'
    seconds = int(round(seconds))
    if seconds < 60:
        return '%d s' % seconds
    if seconds < 3600:
        return '%d min %02d s' % (seconds // 60, seconds % 60)
    return '%d h %02d min' % (seconds // 3600, (seconds % 3600) // 60)


def report_differs(path, text):
    """Whether writing `text` to `path` would change the file (check mode's prediction)."""
    try:
        with open(os.path.abspath(os.path.expanduser(path)), 'rb') as handle:
            return handle.read() != text.encode('utf-8')
    except (IOError, OSError):
        return True


def write_report(path, text):
    """Write the report atomically; return True when the file's content changed."""
    path = os.path.abspath(os.path.expanduser(path))
    if not report_differs(path, text):
        return False
    data = text.encode('utf-8')
    try:
        mode = os.stat(path).st_mode & 0o777
    except (IOError, OSError):
        mode = 0o644
    handle, temporary = tempfile.mkstemp(prefix='.genesys-report-', dir=os.path.dirname(path))
    try:
        with os.fdopen(handle, 'wb') as stream:
            stream.write(data)
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise
    return True
