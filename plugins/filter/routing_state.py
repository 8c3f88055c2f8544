# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Filters the routing role uses to shape desired state: pin reviewed etags, find undeclared objects, export,
and the progress lines of long runs.

Documentation of each filter is in the YAML file of the same name next to this one.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.errors import AnsibleFilterError

from ansible_collections.genesyscloud.routing.plugins.plugin_utils.desired_state import with_etags
from ansible_collections.genesyscloud.routing.plugins.plugin_utils.state_reports import stale_objects

# genesys_queue_facts result key -> desired-state variable
FACTS_SECTIONS = (
    ('skills', 'routing_skills'),
    ('skill_groups', 'routing_skill_groups'),
    ('utilization', 'routing_utilization'),
    ('queues', 'routing_queues'),
    ('workitem_schemas', 'routing_workitem_schemas'),
    ('workbins', 'routing_workbins'),
    ('worktypes', 'routing_worktypes'),
    ('skill_rules', 'routing_skill_rules'),
)


def pin_etags(items, etags, key='name', option='expected_etag'):
    """Set `option` on each item whose name has an etag in `etags` (items that set one keep theirs)."""
    if items is None:
        return []
    if not isinstance(items, list):
        raise AnsibleFilterError('pin_etags expects a list of objects, got %s' % type(items).__name__)
    return with_etags(items, etags if isinstance(etags, dict) else {}, key, option)


def chain_etags(reviewed, registered, key='name'):
    """Reviewed etags for a later task on the same objects, moved forward past an earlier task's writes.

    Queues and their skill rules are one platform object with one etag. When the queue task has
    just written a queue (after checking its reviewed etag), the rule task must expect the etag
    that write produced; for every other queue the reviewed etag stands.
    """
    chained = dict(reviewed or {})
    results = (registered or {}).get('results') if isinstance(registered, dict) else None
    for result in results or []:
        if not isinstance(result, dict) or result.get('failed') or not result.get('changed'):
            continue
        name = result.get(key)
        if name in chained and result.get('etag'):
            chained[name] = result['etag']
    return chained


def undeclared(live, declared, key='name', absent=False):
    """Names of live objects the desired state does not declare (present or absent), sorted.

    `live` is a list of names or of objects with `key`; names compare case-insensitively. With
    `absent=True` the result is a list of `{key: name, state: absent}` items ready for a bulk module.
    """
    wanted = set()
    for item in declared or []:
        name = item.get(key) if isinstance(item, dict) else item
        if isinstance(name, str):
            wanted.add(name.lower())
    names = set()
    for item in live or []:
        name = item.get(key) if isinstance(item, dict) else item
        if isinstance(name, str) and name.lower() not in wanted:
            names.add(name)
    if absent:
        return [{key: name, 'state': 'absent'} for name in sorted(names)]
    return sorted(names)


def to_desired_state(facts, webhooks=None, known_names=None):
    """A genesys_queue_facts result (format desired_state) as desired-state variables.

    Sections the facts do not hold are left out, so an export never declares an empty list it
    did not read. `webhooks` adds routing_webhooks; `known_names` adds routing_known_names.
    """
    if not isinstance(facts, dict):
        raise AnsibleFilterError('to_desired_state expects the result of genesys_queue_facts, got %s'
                                 % type(facts).__name__)
    state = {}
    for key, var in FACTS_SECTIONS:
        if facts.get(key) is not None:
            state[var] = facts[key]
    if webhooks is not None:
        state['routing_webhooks'] = sorted(webhooks, key=lambda item: str(item.get('name')))
    if known_names:
        state['routing_known_names'] = dict((kind, sorted(set(names))) for kind, names in known_names.items()
                                            if names is not None)
    return state


def export_formats(state, json_over=200):
    """File format per desired-state variable: 'json' for more than `json_over` objects, else 'yml'."""
    if not isinstance(state, dict):
        raise AnsibleFilterError('export_formats expects desired-state variables, got %s' % type(state).__name__)
    limit = int(json_over)
    return dict((name, 'json' if isinstance(value, (list, dict)) and len(value) > limit else 'yml')
                for name, value in state.items())


def duration(seconds):
    """Seconds as a short human duration: 45s, 2m03s, 1h07m."""
    seconds = int(round(seconds))
    if seconds < 60:
        return '%ds' % seconds
    if seconds < 3600:
        return '%dm%02ds' % (seconds // 60, seconds % 60)
    return '%dh%02dm' % (seconds // 3600, seconds % 3600 // 60)


def progress_line(done, total, elapsed, calls, what='queues', changed=None, failed=None):
    """One progress line of a long run: objects done, API calls and their rate, and the time left."""
    done, total, calls = int(done), int(total), int(calls)
    elapsed = max(float(elapsed), 0.001)
    counts = ['%s %d/%d done' % (what, done, total)]
    if changed is not None:
        counts.append('%d changed' % int(changed))
    if failed is not None:
        counts.append('%d failed' % int(failed))
    rate = done / elapsed
    if done >= total:
        left = 'finished'
    elif rate > 0:
        left = 'about %s left' % duration((total - done) / rate)
    else:
        left = 'time left unknown'
    per_minute = round(calls * 60.0 / elapsed)
    return '%s; %d API calls (%d/min); %.1f %s/s, %s' % (', '.join(counts), calls, per_minute, rate, what, left)


def stale(results_by_kind, expected):
    """Objects whose etag in registered check-mode results differs from a reviewed report's etags."""
    return stale_objects(results_by_kind or {}, expected or {})


class FilterModule(object):
    def filters(self):
        return {
            'pin_etags': pin_etags,
            'chain_etags': chain_etags,
            'undeclared': undeclared,
            'to_desired_state': to_desired_state,
            'stale_objects': stale,
            'progress_line': progress_line,
            'export_formats': export_formats,
        }
