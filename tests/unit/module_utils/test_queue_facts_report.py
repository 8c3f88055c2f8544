"""The HTML snapshot report: structure, escaping, bars and thresholds, and how the file is written."""
import os
import stat
from html.parser import HTMLParser

from ansible_collections.genesyscloud.routing.plugins.module_utils import facts_report
from ansible_collections.genesyscloud.routing.plugins.module_utils import queue_analytics as analytics

EVIL = '<script>alert("x")</script> & Co'
THRESHOLDS = {'occupancy_above': 0.85, 'waiting_above': 10, 'service_level_below': 0.8}


def live(queue_id, occupancy, waiting, on_queue=4, members=5):
    row = analytics.empty_live()
    row.update(id=queue_id, occupancy=occupancy)
    row['agents'].update(on_queue=on_queue, members=members)
    row['conversations'].update(waiting=waiting, longest_waiting_seconds=75.0 if waiting else None)
    return row


def history(queue_id, service_level, offered=100, abandoned=5):
    return {'id': queue_id, 'service_level': service_level, 'offered': offered, 'abandoned': abandoned,
            'abandon_rate': abandoned / float(offered) if offered else None, 'average_handle_seconds': 245.0}


QUEUES = [{'id': 'q-1', 'name': 'Billing', 'division': 'Home'},
          {'id': 'q-2', 'name': EVIL, 'division': 'Sales & Co'},
          {'id': 'q-3', 'name': 'Quiet', 'division': None}]
LIVE = [live('q-1', 0.9, 15), live('q-2', 0.5, 2)]
HISTORY = [history('q-1', 0.6), history('q-2', 0.95)]


def alerts():
    return analytics.evaluate_alerts(QUEUES, THRESHOLDS, LIVE, HISTORY)


class Page(HTMLParser):
    """Rows of the queue table: data attributes, classes, cell texts, and the SVG rects per cell."""

    def __init__(self, text):
        HTMLParser.__init__(self)
        self.rows = []
        self.cell = None
        self.scripts = 0
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == 'script':
            self.scripts += 1
        if tag == 'tr' and 'data-queue' in attrs:
            self.rows.append({'name': attrs['data-queue'], 'id': attrs['data-queue-id'],
                              'class': attrs['class'].split(), 'cells': {}})
        elif tag in ('td', 'th') and self.rows and attrs.get('class') and 'data-queue' not in attrs:
            self.cell = {'text': '', 'rects': [], 'marks': [], 'badges': []}
            self.rows[-1]['cells'][attrs['class'].split()[-1]] = self.cell
        elif tag == 'rect' and self.cell is not None:
            self.cell['rects'].append(attrs)
        elif tag == 'line' and self.cell is not None:
            self.cell['marks'].append(float(attrs['x1']))
        elif tag == 'span' and self.cell is not None and attrs.get('class') == 'badge':
            self.cell['badges'].append(attrs['data-metric'])

    def handle_endtag(self, tag):
        if tag in ('td', 'th'):
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell['text'] += data


def render(**kwargs):
    rows = facts_report.snapshot_rows(QUEUES, LIVE, HISTORY, alerts())
    return facts_report.render_html(rows, '2026-01-05 12:00:00 UTC', THRESHOLDS,
                                    '2026-01-05T00:00:00.000Z/2026-01-05T12:00:00.000Z', **kwargs)


def test_one_row_per_queue_in_order_with_alerts_highlighted():
    page = Page(render())
    assert [row['name'] for row in page.rows] == ['Billing', EVIL, 'Quiet']
    billing, evil, quiet = page.rows
    assert 'alerting' in billing['class'] and 'alerting' not in evil['class']
    assert sorted(billing['cells']['alerts']['badges']) == ['occupancy', 'service_level', 'waiting']
    assert evil['cells']['alerts']['badges'] == []
    assert billing['cells']['occupancy']['text'] == '90%'
    assert billing['cells']['waiting']['text'] == '15'
    assert billing['cells']['service-level']['text'] == '60%'
    assert billing['cells']['longest']['text'] == '1 min 15 s'
    # a queue without figures still has its row, with dashes
    assert quiet['cells']['occupancy']['text'] == '-' and quiet['cells']['alerts']['text'] == 'none'


def test_text_from_the_organization_is_escaped():
    text = render()
    assert '<script>' not in text and Page(text).scripts == 0
    assert '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co' in text
    assert Page(text).rows[1]['cells']['division']['text'] == 'Sales & Co'


def test_bars_are_proportional_and_thresholds_are_marked():
    page = Page(render())
    width = facts_report.BAR_WIDTH
    occupancy = page.rows[0]['cells']['occupancy']
    track, fill = occupancy['rects']
    assert float(track['width']) == width
    assert float(fill['width']) == round(0.9 * width, 1)
    assert 'over' in fill['class'].split()
    assert occupancy['marks'] == [round(0.85 * width, 1)]
    # waiting bars share one scale: the largest of the values and 1.5 x the threshold
    waiting_fill = float(page.rows[0]['cells']['waiting']['rects'][1]['width'])
    assert waiting_fill == round(15 / 15.0 * width, 1)
    assert page.rows[0]['cells']['waiting']['marks'] == [round(10 / 15.0 * width, 1)]
    calm_fill = page.rows[1]['cells']['service-level']['rects'][1]
    assert float(calm_fill['width']) == round(0.95 * width, 1) and calm_fill['class'] == 'fill'


def test_sections_follow_the_data_gathered():
    rows = facts_report.snapshot_rows(QUEUES, LIVE, None, [])
    page = facts_report.render_html(rows, 'now')
    assert '<th scope="col">Service level</th>' not in page and '<th scope="col">Occupancy</th>' in page
    assert '0 of 3 queues' in page
    assert 'id="thresholds"' not in page


def test_durations_read_like_a_person_would_write_them():
    assert [facts_report.duration(value) for value in (None, 4.4, 61, 3600, 7384)] == [
        '-', '4 s', '1 min 01 s', '1 h 00 min', '2 h 03 min']


def test_writing_reports_change_only_when_the_content_differs(tmp_path):
    path = tmp_path / 'report.html'
    assert facts_report.report_differs(str(path), 'a') is True
    assert facts_report.write_report(str(path), 'a') is True
    assert path.read_text() == 'a'
    assert facts_report.report_differs(str(path), 'a') is False
    assert facts_report.write_report(str(path), 'a') is False
    os.chmod(str(path), 0o600)
    assert facts_report.write_report(str(path), 'b \u2713') is True
    assert path.read_text(encoding='utf-8') == 'b \u2713'
    assert stat.S_IMODE(os.stat(str(path)).st_mode) == 0o600          # an existing file keeps its mode
    assert [entry.name for entry in tmp_path.iterdir()] == ['report.html']   # no temporary left behind
