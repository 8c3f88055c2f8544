# -*- coding: utf-8 -*-
# Copyright: (c) 2025, genesyscloud.routing contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The Genesys Cloud API operations this collection may call, and how each one pages.

Every request the client sends must match one of ``OPERATIONS``. Each entry is an
operation of the official Genesys Cloud SDK (a unit test checks this against the SDK
operation list), so the collection never depends on an endpoint that does not exist.
Adding an endpoint means adding it here first.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

OPERATIONS = (
    # Queues
    "GET /api/v2/routing/queues",
    "POST /api/v2/routing/queues",
    "GET /api/v2/routing/queues/{queueId}",
    "PUT /api/v2/routing/queues/{queueId}",
    "DELETE /api/v2/routing/queues/{queueId}",
    # Queue members
    "GET /api/v2/routing/queues/{queueId}/members",
    "POST /api/v2/routing/queues/{queueId}/members",
    "PATCH /api/v2/routing/queues/{queueId}/members",
    "PATCH /api/v2/routing/queues/{queueId}/members/{memberId}",
    "DELETE /api/v2/routing/queues/{queueId}/members/{memberId}",
    # Wrap-up codes assigned to a queue
    "GET /api/v2/routing/queues/{queueId}/wrapupcodes",
    "POST /api/v2/routing/queues/{queueId}/wrapupcodes",
    "DELETE /api/v2/routing/queues/{queueId}/wrapupcodes/{codeId}",
    # Wrap-up codes
    "GET /api/v2/routing/wrapupcodes",
    "POST /api/v2/routing/wrapupcodes",
    "GET /api/v2/routing/wrapupcodes/{codeId}",
    "PUT /api/v2/routing/wrapupcodes/{codeId}",
    "DELETE /api/v2/routing/wrapupcodes/{codeId}",
    # Skills and languages
    "GET /api/v2/routing/skills",
    "POST /api/v2/routing/skills",
    "GET /api/v2/routing/skills/{skillId}",
    "PATCH /api/v2/routing/skills/{skillId}",
    "DELETE /api/v2/routing/skills/{skillId}",
    "GET /api/v2/routing/languages",
    # Skill groups
    "GET /api/v2/routing/skillgroups",
    "POST /api/v2/routing/skillgroups",
    "GET /api/v2/routing/skillgroups/{skillGroupId}",
    "PATCH /api/v2/routing/skillgroups/{skillGroupId}",
    "DELETE /api/v2/routing/skillgroups/{skillGroupId}",
    "GET /api/v2/routing/skillgroups/{skillGroupId}/members",
    "GET /api/v2/routing/skillgroups/{skillGroupId}/members/divisions",
    "POST /api/v2/routing/skillgroups/{skillGroupId}/members/divisions",
    # Organization-wide utilization
    "GET /api/v2/routing/utilization",
    "PUT /api/v2/routing/utilization",
    # Users, groups, teams (lookups for members and member groups)
    "GET /api/v2/users",
    "GET /api/v2/users/{userId}",
    "GET /api/v2/users/{userId}/queues",
    "GET /api/v2/groups",
    "GET /api/v2/teams",
    # Divisions
    "GET /api/v2/authorization/divisions",
    "GET /api/v2/authorization/divisions/home",
    "GET /api/v2/authorization/divisions/{divisionId}",
    "POST /api/v2/authorization/divisions/{divisionId}/objects/{objectType}",
    # Integrations (EventBridge event delivery)
    "GET /api/v2/integrations",
    "POST /api/v2/integrations",
    "GET /api/v2/integrations/types",
    "GET /api/v2/integrations/types/{typeId}",
    "GET /api/v2/integrations/{integrationId}",
    "PATCH /api/v2/integrations/{integrationId}",
    "DELETE /api/v2/integrations/{integrationId}",
    "GET /api/v2/integrations/{integrationId}/config/current",
    "PUT /api/v2/integrations/{integrationId}/config/current",
    # The organization (its id names the EventBridge partner event source)
    "GET /api/v2/organizations/me",
    # Process automation triggers
    "GET /api/v2/processautomation/triggers",
    "POST /api/v2/processautomation/triggers",
    "GET /api/v2/processautomation/triggers/{triggerId}",
    "PUT /api/v2/processautomation/triggers/{triggerId}",
    "DELETE /api/v2/processautomation/triggers/{triggerId}",
    # Task management: workbins, worktypes and their statuses, workitem schemas
    "POST /api/v2/taskmanagement/workbins",
    "POST /api/v2/taskmanagement/workbins/query",
    "GET /api/v2/taskmanagement/workbins/{workbinId}",
    "PATCH /api/v2/taskmanagement/workbins/{workbinId}",
    "DELETE /api/v2/taskmanagement/workbins/{workbinId}",
    "POST /api/v2/taskmanagement/worktypes",
    "POST /api/v2/taskmanagement/worktypes/query",
    "GET /api/v2/taskmanagement/worktypes/{worktypeId}",
    "PATCH /api/v2/taskmanagement/worktypes/{worktypeId}",
    "DELETE /api/v2/taskmanagement/worktypes/{worktypeId}",
    "GET /api/v2/taskmanagement/worktypes/{worktypeId}/statuses",
    "POST /api/v2/taskmanagement/worktypes/{worktypeId}/statuses",
    "PATCH /api/v2/taskmanagement/worktypes/{worktypeId}/statuses/{statusId}",
    "DELETE /api/v2/taskmanagement/worktypes/{worktypeId}/statuses/{statusId}",
    "GET /api/v2/taskmanagement/workitems/schemas",
    "POST /api/v2/taskmanagement/workitems/schemas",
    "GET /api/v2/taskmanagement/workitems/schemas/{schemaId}",
    "PUT /api/v2/taskmanagement/workitems/schemas/{schemaId}",
    "DELETE /api/v2/taskmanagement/workitems/schemas/{schemaId}",
    # Analytics (read-only queries sent as POST)
    "POST /api/v2/analytics/taskmanagement/metrics/query",
    "POST /api/v2/analytics/queues/observations/query",
    "POST /api/v2/analytics/conversations/aggregates/query",
)

# POST operations that only read: safe to retry like a GET.
READ_ONLY_POSTS = frozenset((
    "POST /api/v2/analytics/taskmanagement/metrics/query",
    "POST /api/v2/taskmanagement/workbins/query",
    "POST /api/v2/taskmanagement/worktypes/query",
    "POST /api/v2/analytics/queues/observations/query",
    "POST /api/v2/analytics/conversations/aggregates/query",
))

# Largest pageSize each list endpoint accepts (reference §1.1, §3.2 and the SDK docs);
# fewer pages means fewer requests against the per-token rate limit.
DEFAULT_MAX_PAGE_SIZE = 100
MAX_PAGE_SIZES = {
    "GET /api/v2/routing/queues": 500,
    "GET /api/v2/routing/skills": 500,
    "GET /api/v2/routing/wrapupcodes": 500,
    "GET /api/v2/users": 500,
    "GET /api/v2/authorization/divisions": 500,
    "GET /api/v2/routing/queues/{queueId}/members": 100,
    "GET /api/v2/routing/skillgroups": 100,
    "GET /api/v2/processautomation/triggers": 200,
    "GET /api/v2/integrations": 100,
}

# Lists that page with after/before cursors instead of pageNumber (reference §3.2, §4;
# teams per the SDK's get_teams(after, before)).
CURSOR_PAGED = frozenset((
    "GET /api/v2/routing/skillgroups",
    "GET /api/v2/routing/skillgroups/{skillGroupId}/members",
    "GET /api/v2/processautomation/triggers",
    "GET /api/v2/teams",
))


def _compile(operation):
    method, template = operation.split(" ", 1)
    pattern = re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(template))
    literal_segments = sum(1 for part in template.split("/") if part and not part.startswith("{"))
    return method, template, re.compile("^" + pattern + "$"), literal_segments


# Most literal segments first, so /divisions/home wins over /divisions/{divisionId}.
_COMPILED = sorted((_compile(op) for op in OPERATIONS), key=lambda item: -item[3])


def match_operation(method, path):
    """Return the allowlisted "METHOD /template" for a concrete request path, or None.

    ``path`` is the path only (no origin, no query string).
    """
    method = method.upper()
    path = path.rstrip("/") or "/"
    if any(segment in (".", "..") for segment in path.split("/")):
        return None  # dot segments would let a path escape its template
    for op_method, template, regex, _literals in _COMPILED:
        if op_method == method and regex.match(path):
            return "%s %s" % (method, template)
    return None


def max_page_size(operation):
    return MAX_PAGE_SIZES.get(operation, DEFAULT_MAX_PAGE_SIZE)


def is_cursor_paged(operation):
    return operation in CURSOR_PAGED
