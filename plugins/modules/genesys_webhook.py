#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
---
module: genesys_webhook
short_description: Deliver Genesys Cloud routing changes to external systems through Amazon EventBridge
version_added: 0.1.0
description:
  - Genesys Cloud has no outbound webhook resource (there is no C(/api/v2/platform/webhooks)). Routing
    configuration changes (queues, skills, languages, skill groups, wrap-up codes, utilization) are
    published as audit events on the topic C(v2.audits.entitytype.{id}.entityid.{id}), and the Amazon
    EventBridge integration (type C(amazon-eventbridge-source)) delivers such topics, with wildcard ids, to
    an AWS partner event source. From there an EventBridge rule forwards the chosen events, for example to
    an API destination that calls any HTTPS webhook URL.
  - This module manages that integration, found by O(name) - its AWS account, region, event source suffix,
    the events it delivers and whether it is enabled - and returns the partner event source name and a
    ready EventBridge event pattern (RV(event_pattern)) that matches exactly the chosen routing events,
    for the AWS side (see the examples and C(docs/webhooks.md)).
  - Only the options you give are managed; other configuration keys (advanced settings, credentials, other
    properties) are carried over unchanged.
  - The integration's configuration has a real version. Updates send the current version; when someone else
    changed the configuration in between (409), the module re-reads it, re-applies only its own settings onto
    the fresh copy (with a warning) and retries a bounded number of times. With O(expected_version) or
    O(expected_etag) pinned from a review it fails instead and writes nothing.
  - "API operations used: C(GET /api/v2/integrations), C(POST /api/v2/integrations),
    C(GET/PATCH/DELETE /api/v2/integrations/{integrationId}),
    C(GET/PUT /api/v2/integrations/{integrationId}/config/current), C(GET /api/v2/organizations/me)."
  - "Permissions: C(integrations:integration:view), C(integrations:integration:add),
    C(integrations:integration:edit), C(integrations:integration:delete). Reading the organization needs no
    permission."
extends_documentation_fragment:
  - genesyscloud.routing.auth
  - genesyscloud.routing.common
  - genesyscloud.routing.options.webhook
notes:
  - The integration can only subscribe whole topics, so friendly event names all subscribe the audit topic and
    every audit event of the organization reaches the partner event bus; the entity and action filter is the
    returned RV(event_pattern), which the EventBridge rule must use. The selection is also recorded in the
    integration's notes.
  - Delivery from Genesys Cloud to AWS is retried by the platform for up to four days; there is no delivery
    to plain HTTP(S) URLs without AWS.
  - The local emulator used by this collection's tests can POST matched events to a local URL; that is an
    emulator-only feature and not part of Genesys Cloud.
seealso:
  - name: Amazon EventBridge integration
    description: About the Amazon EventBridge integration in the Genesys Cloud Resource Center.
    link: https://help.mypurecloud.com/articles/about-the-amazon-eventbridge-integration/
attributes:
  check_mode:
    details: Reads only; returns the predicted configuration, the diff, and the current etag and version to pin.
  diff_mode:
    details: Shows the managed settings only, in option names, events and topics sorted.
'''

EXAMPLES = r'''
- name: Deliver queue and skill changes to AWS (credentials from the GENESYSCLOUD_* environment)
  genesyscloud.routing.genesys_webhook:
    name: Routing changes
    aws_account_id: "123456789012"
    aws_region: eu-west-1
    event_source_suffix: routing-changes
    events:
      - queue.*
      - skill.create
      - skill.delete
  register: routing_events

- name: Show what the AWS rule must match
  ansible.builtin.debug:
    msg: "{{ routing_events.event_source_name }}: {{ routing_events.event_pattern | to_json }}"

# The AWS side: associate the partner event source with an event bus, and forward matching events
# to a webhook through an API destination. amazon.aws.cloudwatchevent_rule only manages rules of the
# default bus, and neither amazon.aws nor community.aws has modules for connections or API
# destinations, so the stack is deployed with amazon.aws.cloudformation.
- name: Forward the routing events to a webhook
  amazon.aws.cloudformation:
    stack_name: genesys-routing-webhook
    region: eu-west-1
    state: present
    template_body: "{{ webhook_stack | to_json }}"
  vars:
    webhook_stack:
      AWSTemplateFormatVersion: "2010-09-09"
      Resources:
        Bus:
          Type: AWS::Events::EventBus
          Properties:
            Name: "{{ routing_events.event_source_name }}"
            EventSourceName: "{{ routing_events.event_source_name }}"
        Connection:
          Type: AWS::Events::Connection
          Properties:
            AuthorizationType: API_KEY
            AuthParameters:
              ApiKeyAuthParameters:
                ApiKeyName: X-Api-Key
                ApiKeyValue: "{{ webhook_api_key }}"
        Destination:
          Type: AWS::Events::ApiDestination
          Properties:
            ConnectionArn: {"Fn::GetAtt": [Connection, Arn]}
            InvocationEndpoint: https://workflows.example.com/hooks/genesys-routing
            HttpMethod: POST
            InvocationRateLimitPerSecond: 10
        InvokeRole:
          Type: AWS::IAM::Role
          Properties:
            AssumeRolePolicyDocument:
              Version: "2012-10-17"
              Statement:
                - Effect: Allow
                  Principal: {Service: events.amazonaws.com}
                  Action: sts:AssumeRole
            Policies:
              - PolicyName: invoke-api-destination
                PolicyDocument:
                  Version: "2012-10-17"
                  Statement:
                    - Effect: Allow
                      Action: events:InvokeApiDestination
                      Resource: {"Fn::GetAtt": [Destination, Arn]}
        Rule:
          Type: AWS::Events::Rule
          Properties:
            EventBusName: {Ref: Bus}
            EventPattern: "{{ routing_events.event_pattern }}"
            Targets:
              - Id: webhook
                Arn: {"Fn::GetAtt": [Destination, Arn]}
                RoleArn: {"Fn::GetAtt": [InvokeRole, Arn]}

- name: Change the events; apply only if nobody changed the configuration since it was reviewed
  genesyscloud.routing.genesys_webhook:
    name: Routing changes
    events: [queue.update, routing.*]
    expected_version: "{{ routing_events.version }}"  # the reviewed configuration version, e.g. 4

- name: Pause delivery without losing the configuration
  genesyscloud.routing.genesys_webhook:
    name: Routing changes
    enabled: false

- name: Remove the integration
  genesyscloud.routing.genesys_webhook:
    name: Routing changes
    state: absent
'''

RETURN = r'''
id:
  description: Id of the integration.
  returned: when the integration exists (or existed before a delete)
  type: str
action:
  description: What the task did or, in check mode, would do (C(create), C(update), C(delete) or C(none)).
  returned: always
  type: str
  sample: update
etag:
  description:
    - Client-side ETag of the integration, a fingerprint of its writable configuration and intended state.
      Pass it back as O(expected_etag) to refuse a write if the integration changed since. In check mode, the
      etag of the current state (the one reviewed).
  returned: when the integration exists
  type: str
  sample: W/"3f2a9c0e5b7d4e1f8a6b2c9d0e1f2a3b"
version:
  description: Configuration version on the platform (in check mode, the current one, to pin as O(expected_version)).
  returned: when the integration exists
  type: int
  sample: 3
enabled:
  description: Whether the integration is (or, in check mode, will be) enabled.
  returned: when state=present
  type: bool
reported_state:
  description: The platform's reported state of the integration, for example C(ACTIVE), C(INACTIVE) or C(ERROR).
  returned: when the integration exists
  type: str
  sample: ACTIVE
event_source_name:
  description: The AWS partner event source the integration feeds; the EventBridge event bus must have this name.
  returned: when state=present and the event source suffix is configured
  type: str
  sample: aws.partner/genesys.com/cloud/5ee1e1a7-0c1d-4e3a-9c42-000000000001/routing-changes
events:
  description: The delivered events, normalized (sorted, without entries a wider one already covers).
  returned: when state=present
  type: list
  elements: str
  sample: [queue.*, skill.create, skill.delete]
topics:
  description: The topics the integration subscribes (its event filter).
  returned: when state=present
  type: list
  elements: str
  sample: ["v2.audits.entitytype.{id}.entityid.{id}"]
event_pattern:
  description:
    - EventBridge event pattern matching exactly the chosen events from this integration's partner event source.
      Use it as the rule's pattern on the partner event bus (C(to_json) gives the JSON text). None when no
      event is delivered.
  returned: when state=present
  type: dict
  sample:
    source: [aws.partner/genesys.com/cloud/5ee1e1a7-0c1d-4e3a-9c42-000000000001/routing-changes]
    detail-type: ["v2.audits.entitytype.{id}.entityid.{id}"]
    detail:
      eventBody:
        serviceName: [Routing]
        entityType: [Queue]
        action: [Update]
changes:
  description: Field-level changes (option path, before, after), sorted by path.
  returned: always
  type: list
  elements: dict
  sample: [{"path": "events", "before": ["queue.update"], "after": ["queue.*"]}]
config:
  description: The integration configuration (predicted in check mode); credential references are masked.
  returned: when state=present and the integration exists (or would exist)
  type: dict
diff:
  description: Before and after of the managed settings only.
  returned: in diff mode (C(--diff))
  type: dict
predicted:
  description: True when the result describes what a check-mode run would do.
  returned: in check mode when a change is pending
  type: bool
api_calls:
  description: API calls the task made, by operation (useful to check a no-op run made no writes).
  returned: always
  type: dict
# GENERATED by tools/render_docs.py from its result tables: the keys below are not edited here.
name:
  description: >-
    Name of the EventBridge integration.
  returned: always
  type: str
summary:
  description: >-
    Counts of EventBridge integrations created, updated, deleted, unchanged and failed.
  returned: always
  type: dict
  sample: {"create": 1, "update": 2, "delete": 0, "none": 97, "failed": 0}
'''

from ansible_collections.genesyscloud.routing.plugins.module_utils.runner import ResourceModule
from ansible_collections.genesyscloud.routing.plugins.module_utils.webhooks import WebhookService


def main():
    ResourceModule(WebhookService).run()


if __name__ == '__main__':
    main()
