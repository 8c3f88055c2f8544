# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""How task-management objects are listed: the two shapes the platform uses.

Workbins and worktypes have no GET listing; `POST .../query` pages with an `after` cursor in
the body (`pageSize` at most 200) and pages may be short, so paging continues while `after` is
present. Workitem schemas (and a worktype's statuses) are one plain GET without paging.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

TASKMANAGEMENT = '/api/v2/taskmanagement'
WORKBINS = TASKMANAGEMENT + '/workbins'
WORKTYPES = TASKMANAGEMENT + '/worktypes'
SCHEMAS = TASKMANAGEMENT + '/workitems/schemas'
MAX_QUERY_PAGE = 200


def name_filter(name):
    return [{'name': 'name', 'type': 'String', 'operator': 'EQ', 'values': [name]}]


def query_all(client, base, filters=None):
    """Every entity a `POST {base}/query` matches, following `after` until it is absent."""
    body = {'pageSize': MAX_QUERY_PAGE}
    if filters:
        body['filters'] = filters
    entities = []
    seen = set()
    while True:
        page = client.post(base + '/query', dict(body)) or {}
        entities.extend(page.get('entities') or [])
        after = page.get('after')
        if not after or after in seen:  # a repeated cursor would loop forever
            return entities
        seen.add(after)
        body['after'] = after


def plain_list(client, path):
    """The entities of an unpaged `{entities, total}` listing."""
    return (client.get(path) or {}).get('entities') or []


def list_workbins(client):
    return query_all(client, WORKBINS)


def list_worktypes(client):
    return query_all(client, WORKTYPES)


def list_schemas(client):
    return [schema for schema in plain_list(client, SCHEMAS) if not schema.get('deleted')]
