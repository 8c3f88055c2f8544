# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Canonical form, client-side ETag and field-level diffs.

The routing API has no ETag, version or If-Match, so the collection fingerprints objects
itself. The fingerprint covers the canonical *writable* state: keys the server owns are
dropped, keys are sorted, set-like lists are sorted, numbers that are whole compare equal
whether the server sent 30 or 30.0, and ids are kept (they are what the server stores).
The same state gives the same ETag in every module, report and export.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import hashlib
import json

# Keys the server sets on routing objects: request bodies drop them (ResourceService.SERVER_OWNED)
# and the client-side ETag never covers them.
SERVER_OWNED = ('id', 'selfUri', 'dateCreated', 'dateModified', 'createdBy', 'modifiedBy', 'memberCount',
                'userMemberCount', 'joinedMemberCount')

# The ETag also leaves out what the server moves by itself (version counters, lifecycle states);
# ids are kept inside references, where they are what the object stores.
NOT_IN_ETAG = frozenset(SERVER_OWNED + ('version', 'state', 'status')) - frozenset(['id'])

# Inside a reference only the id is stored; its name and uri are looked up by the server.
REFERENCE_DERIVED = frozenset(['name', 'selfUri', 'memberCount', 'division'])


_SET_LIKE = []


def set_like_lists():
    """API list keys whose order carries no meaning: the fields declared `ordered=False` (field_maps.py)."""
    if not _SET_LIKE:
        # Imported on first use: the field maps of task routing import the service base, which imports this module.
        from ansible_collections.genesyscloud.routing.plugins.module_utils.field_maps import SET_LIKE_API_KEYS
        _SET_LIKE.append(SET_LIKE_API_KEYS)
    return _SET_LIKE[0]


def canonical(value, top=True, key=None):
    """Return the canonical writable form of an API object (a new structure)."""
    if isinstance(value, dict):
        is_reference = not top and 'id' in value
        result = {}
        for item_key in sorted(value):
            if item_key in NOT_IN_ETAG and (top or item_key != 'state'):
                continue
            if is_reference and item_key in REFERENCE_DERIVED:
                continue
            if top and item_key == 'id':
                continue
            item = value[item_key]
            if item is None:
                continue
            result[item_key] = canonical(item, top=False, key=item_key)
        return result
    if isinstance(value, list):
        items = [canonical(item, top=False) for item in value]
        if key in set_like_lists():
            items.sort(key=lambda item: json.dumps(item, sort_keys=True))
        return items
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def fingerprint(value):
    """Client-side ETag of an API object: a hash of its canonical writable state."""
    encoded = json.dumps(canonical(value), sort_keys=True, separators=(',', ':'), ensure_ascii=True)
    return 'W/"%s"' % hashlib.sha256(encoded.encode('utf-8')).hexdigest()[:32]


def changes(before, after, path=''):
    """Field-level differences between two option-shaped views, as sorted path records.

    Dicts are walked key by key; lists and scalars are compared whole, so a reordered ring
    list is one change at the list's path.
    """
    records = []
    if isinstance(before, dict) and isinstance(after, dict):
        for key in sorted(set(before) | set(after)):
            child = '%s.%s' % (path, key) if path else key
            records.extend(changes(before.get(key), after.get(key), child))
        return records
    if comparable(before) != comparable(after):
        records.append({'path': path, 'before': before, 'after': after})
    return records


def comparable(value):
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return dict((key, comparable(item)) for key, item in value.items() if item is not None)
    if isinstance(value, list):
        return [comparable(item) for item in value]
    return value


def diff_record(kind, name, before, after):
    """The Ansible `diff` entry for one object: headers name it, absent side is empty."""
    return {
        'before_header': '%s %s' % (kind, name),
        'after_header': '%s %s' % (kind, name),
        'before': before if before is not None else {},
        'after': after if after is not None else {},
    }
