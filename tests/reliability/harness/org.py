"""An emulator's organization in a form two runs can be compared in.

``GET /__emulator/state`` is the whole store, keyed by ids. Objects created by a run get new
ids every time, and every write stamps dates and versions, so two runs that left the same
configuration still differ byte for byte. ``snapshot`` replaces every id by the name of the
object it belongs to (``queues:Sales``) and drops the stamps; what remains is the
configuration itself, and any difference is a real one: a lost field, a changed field nobody
manages, or an extra object.
"""
import json

# Stamped by the server on every write: they differ between runs that did the same thing.
STAMPS = frozenset(('dateCreated', 'dateModified', 'createdBy', 'modifiedBy', 'version', 'selfUri',
                    '_created', 'lastUpdated', '_visibleAt'))
# The emulator's eventual-consistency bookkeeping (when a change becomes visible, deleted objects
# still cached for reads): timing, not content of the org.
TIMING_COLLECTIONS_PREFIX = '_cached_'
# Collections whose objects carry a name that must be unique (case-insensitive) in an org.
UNIQUE_NAMES = ('queues', 'skills', 'languages', 'skillgroups', 'wrapupcodes', 'integrations')


def _is_active(item):
    # Deleted skills and languages stay readable by id (state "deleted") but are not in the org.
    return item.get('state', 'active') == 'active'


def labels(state):
    """{id: "collection:name"} for every named object; a second object of a name gets a suffix."""
    found = {}
    taken = set()
    for collection in sorted(state):
        objects = state[collection]
        if not isinstance(objects, dict):
            continue
        for object_id in sorted(objects):
            item = objects[object_id]
            if not isinstance(item, dict) or not isinstance(item.get('name'), str):
                continue
            label = '%s:%s' % (collection, item['name'])
            if not _is_active(item):
                label += ' (deleted)'
            base, number = label, 2
            while label in taken:
                label = '%s #%d' % (base, number)
                number += 1
            taken.add(label)
            found[object_id] = label
    return found


def _relabel(value, names):
    if isinstance(value, dict):
        return dict((names.get(key, key), _relabel(item, names)) for key, item in value.items()
                    if key not in STAMPS)
    if isinstance(value, list):
        return [_relabel(item, names) for item in value]
    if isinstance(value, str):
        return names.get(value, value)
    return value


def snapshot(state):
    """The org without ids and write stamps (see the module docstring)."""
    state = dict((key, value) for key, value in state.items() if not str(key).startswith(TIMING_COLLECTIONS_PREFIX))
    return _relabel(state, labels(state))


def duplicates(state):
    """[{collection, name, count}] for every name held by more than one live object."""
    found = []
    for collection in UNIQUE_NAMES:
        counts = {}
        for item in (state.get(collection) or {}).values():
            if isinstance(item, dict) and isinstance(item.get('name'), str) and _is_active(item):
                key = item['name'].lower()
                counts[key] = counts.get(key, 0) + 1
        found.extend({'collection': collection, 'name': name, 'count': count}
                     for name, count in sorted(counts.items()) if count > 1)
    return found


def changes(expected, actual, path=()):
    """(path tuple, expected, actual) of every place two snapshots differ (a missing or unexpected
    key has MISSING on the side that lacks it)."""
    if isinstance(expected, dict) and isinstance(actual, dict):
        found = []
        for key in sorted(set(expected) | set(actual), key=str):
            found.extend(changes(expected.get(key, MISSING), actual.get(key, MISSING), path + (key,)))
        return found
    if isinstance(expected, list) and isinstance(actual, list) and len(expected) == len(actual):
        found = []
        for index, (left, right) in enumerate(zip(expected, actual)):
            found.extend(changes(left, right, path + (index,)))
        return found
    return [(path, expected, actual)] if expected != actual else []


class _Missing:
    def __repr__(self):
        return 'MISSING'


MISSING = _Missing()


def differences(expected, actual):
    """Paths where two snapshots differ, as short "path: expected -> actual" lines."""
    lines = []
    for path, left, right in changes(expected, actual):
        where = ''.join('[%d]' % part if isinstance(part, int) else '/%s' % part for part in path) or '/'
        if right is MISSING:
            lines.append('%s: missing' % where)
        elif left is MISSING:
            lines.append('%s: unexpected %s' % (where, _short(right)))
        else:
            lines.append('%s: %s -> %s' % (where, _short(left), _short(right)))
    return lines


def _short(value, limit=100):
    text = json.dumps(value, sort_keys=True, default=str)
    return text if len(text) <= limit else text[:limit - 3] + '...'
