# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Names to ids and back, in one cached place per module run.

Each kind of object is listed once (one sweep at the largest page size) the first time it is
needed; later look-ups are dictionary hits. Unknown names fail with the closest existing
names suggested, and duplicate names fail listing every id, so a typo never reaches a write.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import difflib

from ansible_collections.genesyscloud.routing.plugins.module_utils import task_listing
from ansible_collections.genesyscloud.routing.plugins.module_utils.fieldmap import FieldMapError, looks_like_id

# kind -> (listing path, label used in messages); the client knows each listing's paging style.
# A callable instead of a path lists objects that have no GET listing (task management).
KINDS = {
    'division': ('/api/v2/authorization/divisions', 'division'),
    'skill': ('/api/v2/routing/skills', 'skill'),
    'language': ('/api/v2/routing/languages', 'language'),
    'queue': ('/api/v2/routing/queues', 'queue'),
    'user': ('/api/v2/users', 'user'),
    'group': ('/api/v2/groups', 'group'),
    'team': ('/api/v2/teams', 'team'),
    'skill_group': ('/api/v2/routing/skillgroups', 'skill group'),
    'wrapup_code': ('/api/v2/routing/wrapupcodes', 'wrap-up code'),
    'workbin': (task_listing.list_workbins, 'workbin'),
    'worktype': (task_listing.list_worktypes, 'worktype'),
    'workitem_schema': (task_listing.list_schemas, 'workitem schema'),
}


class Resolver:
    def __init__(self, client):
        self.client = client
        self._by_id = {}
        self._by_name = {}

    def prime(self, kind, entities):
        """Seed a kind from a listing the caller already made (saves the sweep)."""
        by_id = {}
        by_name = {}
        for entity in entities:
            if kind in ('skill', 'language') and entity.get('state') == 'deleted':
                continue  # soft-deleted skills keep their name but are gone for routing
            by_id[entity['id']] = entity
            for name in self._names(kind, entity):
                by_name.setdefault(name.lower(), []).append(entity)
        self._by_id[kind] = by_id
        self._by_name[kind] = by_name

    def add(self, kind, entity):
        """Record an object created during this run."""
        self._load(kind)
        self._by_id[kind][entity['id']] = entity
        for name in self._names(kind, entity):
            self._by_name[kind].setdefault(name.lower(), []).append(entity)

    def forget(self, kind, object_id):
        self._load(kind)
        entity = self._by_id[kind].pop(object_id, None)
        if entity:
            for name in self._names(kind, entity):
                matches = self._by_name[kind].get(name.lower(), [])
                self._by_name[kind][name.lower()] = [item for item in matches if item['id'] != object_id]

    def entities(self, kind):
        self._load(kind)
        return list(self._by_id[kind].values())

    def find(self, kind, name_or_id):
        """The objects a user's reference can mean (exact id, else exact name, case-insensitive)."""
        self._load(kind)
        if name_or_id in self._by_id[kind]:
            return [self._by_id[kind][name_or_id]]
        matches = self._by_name[kind].get(str(name_or_id).lower(), [])
        exact = [item for item in matches if name_or_id in self._names(kind, item)]
        return exact or matches

    def resolve(self, kind, name_or_id, path):
        matches = self.find(kind, name_or_id)
        label = KINDS[kind][1]
        if len(matches) == 1:
            return matches[0]['id']
        if len(matches) > 1:
            ids = ', '.join(sorted(item['id'] for item in matches))
            raise FieldMapError(path, "%s name '%s' is ambiguous: it matches %d objects (ids %s); use an id"
                                % (label, name_or_id, len(matches), ids), name_or_id)
        known = sorted(set(name for item in self._by_id[kind].values() for name in self._names(kind, item)))
        close = difflib.get_close_matches(str(name_or_id), known, n=3, cutoff=0.6)
        hint = "; did you mean %s?" % ' or '.join("'%s'" % name for name in close) if close else ''
        what = 'id' if looks_like_id(name_or_id) else '%s' % label
        raise FieldMapError(path, "unknown %s '%s'%s" % (what, name_or_id, hint), name_or_id)

    def name_of(self, kind, object_id):
        """Display name for an id; an id we cannot see stays an id (never a silent blank)."""
        if kind is None or object_id is None:
            return object_id
        self._load(kind)
        entity = self._by_id[kind].get(object_id)
        if entity is None:
            return object_id
        if kind == 'user':
            return entity.get('email') or entity.get('name') or object_id
        return entity.get('name') or object_id

    def _names(self, kind, entity):
        names = [entity.get('name')]
        if kind == 'user':
            names.extend([entity.get('email'), entity.get('username')])
        unique = []
        for name in names:
            if name and name.lower() not in [known.lower() for known in unique]:
                unique.append(name)
        return unique

    def _load(self, kind):
        if kind in self._by_id:
            return
        source = KINDS[kind][0]
        self.prime(kind, source(self.client) if callable(source) else self.client.list_all(source))


class OfflineResolver:
    """Resolver for `rendered`-style runs without credentials: names stay names."""

    def resolve(self, kind, name_or_id, path):
        return name_or_id

    def name_of(self, kind, object_id):
        return object_id

    def add(self, kind, entity):
        pass
