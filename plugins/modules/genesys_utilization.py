#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
---
module: genesys_utilization
short_description: Manage the organization-level utilization (agent capacity per media type) of Genesys Cloud
version_added: 0.1.0
description:
  - Sets how many conversations of each media type (call, callback, chat, email, message) an agent can handle at
    one time, which media types may interrupt them, and whether non-ACD conversations count.
  - The platform's update is a full replacement, and it resets every media type the request leaves out to its
    system default. So the module always writes every media type. By default (O(authoritative=false)) the media
    types and keys you do not give are sent back with their current values, so nothing you did not mention
    changes. With O(authoritative=true) your O(media_types) is the whole configuration, and everything you do
    not give is set to the documented defaults, sent explicitly.
  - Label utilizations and the maximum of inbound calls share the same request; the module sends them back as
    they are and verifies after the write that they did not change.
  - The diff shows every media type, because every one is written; RV(kept_media_types) and
    RV(reset_media_types) name the media types sent back unchanged and the ones set to defaults.
  - The routing API has no ETag, so the module computes a client-side one (RV(etag)) and re-reads the settings
    before writing; a change made meanwhile is re-merged with a warning, or fails the task when
    O(expected_etag) pins the reviewed state.
  - "API operations used: C(GET /api/v2/routing/utilization), C(PUT /api/v2/routing/utilization)."
  - "Permissions: C(routing:utilization:view) to read, C(routing:utilization:manage) to write. A 403 names the
    missing permission."
author:
  - genesyscloud.routing maintainers (@genesyscloud-routing)
extends_documentation_fragment:
  - genesyscloud.routing.auth
  - genesyscloud.routing.options.utilization
attributes:
  check_mode:
    description: Can run in check_mode and return changed status prediction without modifying target.
    support: full
    details: Reads only; returns the predicted settings and the diff.
  diff_mode:
    description: Will return details on what has changed (or possibly needs changing in check_mode), when in diff mode.
    support: full
    details: Shows every media type in option names, interruptible media types sorted.
notes:
  - Agent-level utilization overrides are not managed here.
  - "Capacity bounds are the platform's: 0 to 25 per media type."
'''

EXAMPLES = r'''
- name: Use one set of credentials for every task of the collection
  module_defaults:
    group/genesyscloud.routing.genesys:
      client_id: "{{ genesys_client_id }}"
      client_secret: "{{ genesys_client_secret }}"
      region: eu-west-1
  block:
    - name: Allow three chats, interruptible by calls; every other media type keeps its settings
      genesyscloud.routing.genesys_utilization:
        media_types:
          chat:
            maximum_capacity: 3
            interruptible_media_types: [call]

    - name: The whole configuration; media types not listed go back to the documented defaults
      genesyscloud.routing.genesys_utilization:
        authoritative: true
        media_types:
          call:
            maximum_capacity: 1
            include_non_acd: true
          email:
            maximum_capacity: 2
            interruptible_media_types: [call, chat]

    - name: Preview the change without writing
      genesyscloud.routing.genesys_utilization:
        media_types:
          messaging:
            maximum_capacity: 5
      check_mode: true
      diff: true
'''

RETURN = r'''
utilization:
  description: The organization utilization as the platform stores it after the task (the predicted settings in
    check mode), in the API's shape.
  returned: always
  type: dict
  sample: {"utilization": {"call": {"maximumCapacity": 1, "interruptableMediaTypes": [], "includeNonAcd": true},
                           "chat": {"maximumCapacity": 3, "interruptableMediaTypes": ["call"], "includeNonAcd": false}},
           "labelUtilizations": {}}
etag:
  description: Client-side ETag of the utilization settings. Pass it back as O(expected_etag) to refuse a write if
    they changed since.
  returned: always
  type: str
  sample: W/"3f2a9c0e5b7d4e1f8a6b2c9d0e1f2a3b"
action:
  description: C(update) when the settings change (or would change in check mode), else C(none).
  returned: always
  type: str
changes:
  description: Field-level changes (option path, before, after), sorted by path.
  returned: always
  type: list
  elements: dict
  sample: [{"path": "media_types.chat.maximum_capacity", "before": 4, "after": 3}]
kept_media_types:
  description: Media types the task did not manage that were sent back with their current values.
  returned: always
  type: list
  elements: str
  sample: [call, callback, email, message]
reset_media_types:
  description: With O(authoritative=true), the media types not listed, which were set to the documented defaults.
  returned: always
  type: list
  elements: str
diff:
  description: Before and after of every media type, in option names.
  returned: in diff mode (C(--diff))
  type: dict
api_calls:
  description: API calls the task made, by operation (useful to check a no-op run made no writes).
  returned: always
  type: dict
'''

from ansible_collections.genesyscloud.routing.plugins.module_utils.runner import ResourceModule
from ansible_collections.genesyscloud.routing.plugins.module_utils.utilization import UtilizationService
from ansible_collections.genesyscloud.routing.plugins.module_utils.utilization_fields import DOCUMENTED_OPTIONS


def main():
    ResourceModule(DOCUMENTED_OPTIONS, None, DOCUMENTED_OPTIONS, None, UtilizationService,
                   'utilization', 'utilization').run()


if __name__ == '__main__':
    main()
