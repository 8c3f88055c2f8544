"""The catalogue of notification topics and how a topic filter matches a topic.

Shared by integrations.py (EventBridge ``eventFilter``), event_delivery.py and
triggers.py (Process Automation ``topicName``).
"""
from __future__ import annotations

from typing import List, Optional, Tuple

from .audit import AUDIT_TOPIC_TEMPLATE

# (template, transports, description).  Templates from the SDK's notification
# mappings and the reference; which transport supports which topic is an
# emulator assumption (UNCONFIRMED) except the audit topic, which EventBridge
# carries and Process Automation does not (reference §4).
TOPICS: Tuple[Tuple[str, Tuple[str, ...], str], ...] = (
    (AUDIT_TOPIC_TEMPLATE, ("Websocket", "EventBridge"), "Audit events of any entity"),
    ("v2.routing.queues.{id}.users", ("Websocket", "EventBridge"), "Queue membership changes"),
    ("v2.routing.queues.{id}.conversations", ("Websocket", "EventBridge"),
     "Conversations in a queue"),
    ("v2.analytics.queues.{id}.observations", ("Websocket", "EventBridge"),
     "Queue observation changes"),
    ("v2.users.{id}.presence", ("Websocket", "EventBridge"), "User presence changes"),
    ("v2.users.{id}.routingStatus", ("Websocket", "EventBridge"), "User routing status changes"),
    ("v2.users.{id}.activity", ("Websocket", "EventBridge", "ProcessAutomation"),
     "User activity (presence, routing status, queues)"),
    ("v2.detail.events.conversation.{id}.acd.start", ("EventBridge", "ProcessAutomation"),
     "A conversation entered a queue"),
    ("v2.detail.events.conversation.{id}.acd.end", ("EventBridge", "ProcessAutomation"),
     "A conversation left a queue"),
    ("v2.detail.events.conversation.{id}.acw", ("EventBridge", "ProcessAutomation"),
     "After-call work finished"),
    ("v2.detail.events.conversation.{id}.wrapup", ("EventBridge", "ProcessAutomation"),
     "A wrap-up code was applied"),
    ("v2.detail.events.conversation.{id}.user.start", ("EventBridge", "ProcessAutomation"),
     "An agent joined a conversation"),
    ("v2.detail.events.conversation.{id}.user.end", ("EventBridge", "ProcessAutomation"),
     "An agent left a conversation"),
    ("v2.detail.events.conversation.{id}.customer.start", ("EventBridge", "ProcessAutomation"),
     "A customer joined a conversation"),
    ("v2.detail.events.conversation.{id}.customer.end", ("EventBridge", "ProcessAutomation"),
     "A customer left a conversation"),
    # EventBridge topics for the entities the collection manages (queues, users, wrap-up codes)
    # and those Genesys' EventBridge blueprints subscribe (aws-eventbridge-analytics-detail-events
    # terraform.tfvars; GenesysCloudDevOps aws-event-bridge-module README).
    ("v2.analytics.queues.{id}.activity", ("Websocket", "EventBridge"), "Queue activity"),
    ("v2.analytics.wrapup.{id}.aggregates", ("Websocket", "EventBridge"),
     "Wrap-up code aggregates"),
    ("v2.analytics.users.{id}.aggregates", ("Websocket", "EventBridge"), "User aggregates"),
    ("v2.analytics.flow.{id}.aggregates", ("Websocket", "EventBridge"), "Flow aggregates"),
    ("v2.analytics.flowoutcome.{id}.aggregates", ("Websocket", "EventBridge"),
     "Flow outcome aggregates"),
    ("v2.routing.queues.{id}.conversations.calls", ("Websocket", "EventBridge"),
     "Calls in a queue"),
    ("v2.routing.queues.{id}.conversations.callbacks", ("Websocket", "EventBridge"),
     "Callbacks in a queue"),
    ("v2.routing.queues.{id}.conversations.chats", ("Websocket", "EventBridge"),
     "Chats in a queue"),
    ("v2.routing.queues.{id}.conversations.emails", ("Websocket", "EventBridge"),
     "Emails in a queue"),
    ("v2.routing.queues.{id}.conversations.messages", ("Websocket", "EventBridge"),
     "Messages in a queue"),
    ("v2.detail.events.conversation.{id}.attributes", ("EventBridge", "ProcessAutomation"),
     "Conversation attributes changed"),
    ("v2.detail.events.conversation.{id}.flow.start", ("EventBridge", "ProcessAutomation"),
     "A conversation entered a flow"),
    ("v2.detail.events.conversation.{id}.flow.end", ("EventBridge", "ProcessAutomation"),
     "A conversation left a flow"),
    ("v2.architect.dependencytracking.build", ("Websocket", "EventBridge"),
     "Architect dependency tracking build finished"),
)


def topics_for(transport: str) -> List[str]:
    """Topic templates that support one transport (Websocket, EventBridge, ProcessAutomation)."""
    return [template for template, transports, _ in TOPICS if transport in transports]


def _segments(topic: str) -> List[str]:
    return topic.split(".")


def filter_fits_template(topic_filter: str, template: str) -> bool:
    """Whether a filter is the template with some ``{id}`` filled by concrete ids."""
    mine, theirs = _segments(topic_filter), _segments(template)
    if len(mine) != len(theirs):
        return False
    for part, expected in zip(mine, theirs):
        if expected == "{id}":
            if part != "{id}" and (not part or "{" in part or "}" in part):
                return False
        elif part != expected:
            return False
    return True


def template_of(topic_filter: str, transport: Optional[str] = None) -> Optional[str]:
    """The catalogue template a filter or concrete topic belongs to (None if unknown)."""
    for template, transports, _ in TOPICS:
        if transport is not None and transport not in transports:
            continue
        if filter_fits_template(topic_filter, template):
            return template
    return None


def topic_matches(topic_filter: str, topic: str) -> bool:
    """Whether a concrete topic matches a filter (``{id}`` matches any one segment)."""
    mine, theirs = _segments(topic_filter), _segments(topic)
    if len(mine) != len(theirs):
        return False
    return all(part == "{id}" and value != "" or part == value
               for part, value in zip(mine, theirs))
