"""Audit events: what the platform publishes on ``v2.audits.entitytype.{id}.entityid.{id}``.

Every change a resource handler reports through ``state.on_change(...)`` (see
framework.py) becomes one AuditTopicAuditLogMessage::

    {id, userId?, userHomeOrgId, clientId: {id}, remoteIp: [ip], serviceName: "Routing",
     level: "USER", eventTime, action, entity: {id, name}, entityType,
     propertyChanges: [{property, oldValues: [str], newValues: [str]}], context: {}}

and is kept, wrapped in the notification shape ``{topicName, version: "2",
eventBody, metadata: {CorrelationId}}``, in a bounded in-memory log per emulator
(``audit_log(state)``).  Other modules subscribe to that log: event_delivery.py
forwards matching events to the emulator-only EventBridge delivery.

Served here:

* ``POST /api/v2/audits/query/realtime``: a minimal AuditRealtimeQueryRequest
  over the in-memory log (recent events only, newest first by default).
* ``GET /__emulator/events`` (emulator-only): the recent audit events, oldest
  first, for tests.  ``?limit=N`` keeps the newest N; ``?entityType=``,
  ``?action=``, ``?entityId=`` filter.  ``DELETE`` clears them; a reset or reseed
  of the org clears them too.

Facts: field list and enums from the .NET SDK model AuditTopicAuditLogMessage;
the topic from the SDK's notificationMappings.json.  The casing of the entity
type inside the topic (``Queue`` as in the enum) is UNCONFIRMED.
"""
from __future__ import annotations

import collections
import sys
import threading
import uuid
import weakref
from typing import Any, Callable, Dict, List, Optional

from . import validation as v
from .framework import ApiError, ChangeEvent, on_startup, per_store, route
from .isotime import parse_instant, parse_interval

AUDIT_TOPIC_TEMPLATE = "v2.audits.entitytype.{id}.entityid.{id}"

# Emulator assumption: one fixed fake organization id, also used by the
# EventBridge partner event source name (integrations.py).
EMULATOR_ORG_ID = "5ee1e1a7-0c1d-4e3a-9c42-000000000001"

LOG_CAPACITY = 2000

# serviceName per entityType.  Queues are audited under ContactCenter and skill groups under
# Groups (Genesys audit action catalogue and sample queries; platform-behaviour row 5); the other
# rows are plausible choices from the ServiceName enum (UNCONFIRMED).
SERVICE_BY_ENTITY_TYPE = {
    "Queue": "ContactCenter",
    "WrapupCode": "Routing",
    "RoutingSkill": "Routing",
    "RoutingLanguage": "Routing",
    "SkillGroup": "Groups",
    "SkillGroupDefinition": "Groups",
    "MaxOrgRoutingUtilizationCapacity": "Routing",
    "RoutingUtilizationTag": "Routing",
    "AgentRoutingInfo": "Routing",
    "Trigger": "ProcessAutomation",
    "Integration": "Integrations",
    "User": "Directory",
}
DEFAULT_SERVICE = "Routing"

# Enum values of AuditTopicAuditLogMessage.serviceName ([NET] model, plus
# ConversationRefinement from the Python SDK 269 model); the realtime query
# validates serviceName against it.
SERVICE_NAMES = (
    "LanguageUnderstanding", "ContentManagement", "PeoplePermissions", "Presence", "Architect",
    "ContactCenter", "Quality", "SpeechAndTextAnalytics", "PredictiveEngagement", "Knowledge",
    "Coaching", "Learning", "UsersRules", "Gamification", "EmployeeEngagement",
    "WorkforceManagement", "Triggers", "ProcessAutomation", "ResponseManagement", "Groups",
    "Telephony", "Outbound", "Routing", "Integrations", "Webhooks", "AnalyticsReporting",
    "EmbeddedAnalytics", "Limits", "EmployeePerformance", "Datatables", "Messaging",
    "WebDeployments", "Supportability", "Callback", "Directory", "Locations",
    "ExternalContacts", "TaskManagement", "SCIM", "NumberPurchasing", "Marketplace",
    "LogCapture", "GDPR", "DSAR", "ExternalContactsExport", "AgentConfig", "Emails",
    "Scripter", "Billing", "JourneyAnalytics", "NerService", "Onboarding", "SocialListening",
    "BusinessRules", "SocialEscalationRules", "Alerting", "Assistants", "AnomalyDetection",
    "Conversations", "GenesysCloudCopilot", "ConversationRefinement")


def audit_topic(entity_type: str, entity_id: str) -> str:
    """The concrete audit topic of one entity, e.g. ``v2.audits.entitytype.Queue.entityid.<id>``."""
    return "v2.audits.entitytype.%s.entityid.%s" % (entity_type, entity_id)


def build_audit_message(entity_type: str, action: str, entity: Dict[str, Any],
                        property_changes: Optional[List[Dict[str, Any]]] = None,
                        event_time: Optional[str] = None, client_id: Optional[str] = None,
                        remote_ip: Optional[str] = None, user_id: Optional[str] = None,
                        message_id: Optional[str] = None) -> Dict[str, Any]:
    """One AuditTopicAuditLogMessage (pure; no store access).

    ``userId`` is only set for a user token; the emulator issues client-credentials
    tokens only, which carry no user, so it is normally absent.
    """
    message: Dict[str, Any] = {
        "id": message_id or str(uuid.uuid4()),
        "userHomeOrgId": EMULATOR_ORG_ID,
        "serviceName": SERVICE_BY_ENTITY_TYPE.get(entity_type, DEFAULT_SERVICE),
        "level": "USER",
        "eventTime": event_time,
        "action": action,
        "entity": {key: entity[key] for key in ("id", "name") if entity.get(key) is not None},
        "entityType": entity_type,
        "propertyChanges": [property_change(change) for change in (property_changes or [])],
        "context": {},
    }
    if user_id:
        message["userId"] = user_id
    if client_id:
        message["clientId"] = {"id": client_id}
    if remote_ip:
        message["remoteIp"] = [remote_ip]
    return message


def property_change(change: Dict[str, Any]) -> Dict[str, Any]:
    """One propertyChanges item.  The platform leaves out an empty side: a value that was added
    has no ``oldValues``, one that was removed no ``newValues`` (EventBridge blueprint event
    files; platform-behaviour row 6)."""
    item: Dict[str, Any] = {"property": change.get("property")}
    for side in ("oldValues", "newValues"):
        if change.get(side):
            item[side] = list(change[side])
    return item


def event_record(message: Dict[str, Any], correlation_id: Optional[str] = None
                 ) -> Dict[str, Any]:
    """Wrap a message in the notification shape every transport carries."""
    return {
        "topicName": audit_topic(message["entityType"], message.get("entity", {}).get("id", "")),
        "version": "2",
        "eventBody": message,
        "metadata": {"CorrelationId": correlation_id or str(uuid.uuid4())},
    }


def record_from_change(event: ChangeEvent) -> Dict[str, Any]:
    """Audit record for one framework ChangeEvent."""
    context = event.context or {}
    message = build_audit_message(
        event.entity_type, event.action, event.entity, event.property_changes,
        event_time=event.event_time, client_id=context.get("client_id"),
        remote_ip=context.get("remote_ip"), user_id=context.get("user_id"))
    return event_record(message, context.get("correlation_id"))


class AuditLog:
    """Bounded, thread-safe log of recent audit records with subscribers.

    Subscribers run synchronously in the publishing thread (the API call's, under
    the store lock), so they must only do quick work such as enqueueing.

    ``org_of`` returns the object holding the current org's data; when it changes
    (``/__emulator/reset`` or ``/seed`` swap in a new one) the log forgets the old
    org's events.
    """

    def __init__(self, capacity: int = LOG_CAPACITY,
                 org_of: Optional[Callable[[], Any]] = None) -> None:
        self._lock = threading.Lock()
        self._records: "collections.deque[Dict[str, Any]]" = collections.deque(maxlen=capacity)
        self._subscribers: List[Callable[[Dict[str, Any]], None]] = []
        self._org_of = org_of
        self._org: Any = None

    def _follow_org(self) -> None:
        # Called with self._lock held.
        if self._org_of is None:
            return
        org = self._org_of()
        if org is not self._org:
            self._records.clear()
            self._org = org

    def subscribe(self, fn: Callable[[Dict[str, Any]], None]) -> None:
        with self._lock:
            if fn not in self._subscribers:
                self._subscribers.append(fn)

    def publish(self, record: Dict[str, Any]) -> None:
        with self._lock:
            self._follow_org()
            self._records.append(record)
            subscribers = list(self._subscribers)
        for fn in subscribers:
            try:
                fn(record)
            except Exception as exc:  # a broken subscriber must not fail the API call
                print("genesys-emulator: audit subscriber failed: %r" % (exc,), file=sys.stderr)

    def recent(self, limit: Optional[int] = None) -> List[Dict[str, Any]]:
        """Oldest first; ``limit`` keeps the newest N."""
        with self._lock:
            self._follow_org()
            records = list(self._records)
        if limit is not None:
            records = records[-limit:] if limit > 0 else []
        return records

    def clear(self) -> None:
        with self._lock:
            self._records.clear()


@per_store
def audit_log(state: Any) -> AuditLog:
    """The audit log of one emulator (keyed by its Store), created on first use."""
    # Weak: the log is the value of a weak-keyed map and must not pin its store.
    state_ref = weakref.ref(state)
    return AuditLog(org_of=lambda: getattr(state_ref(), "data", None))


@on_startup
def _listen(state: Any) -> None:
    log = audit_log(state)
    state.add_change_listener(lambda event: log.publish(record_from_change(event)))




# ---------------------------------------------------------------------------
# Routes


@route("GET", "/__emulator/events")
def list_recent_events(req):
    """Emulator-only: the recent audit events (notification shape), oldest first."""
    limit = req.int_arg("limit", LOG_CAPACITY, minimum=0, maximum=LOG_CAPACITY)
    wanted = {"entityType": req.arg("entityType"), "action": req.arg("action"),
              "entityId": req.arg("entityId")}
    records = []
    for record in audit_log(req.state).recent():
        body = record["eventBody"]
        if wanted["entityType"] and body.get("entityType") != wanted["entityType"]:
            continue
        if wanted["action"] and body.get("action") != wanted["action"]:
            continue
        if wanted["entityId"] and body.get("entity", {}).get("id") != wanted["entityId"]:
            continue
        records.append(record)
    records = records[-limit:] if limit else []
    return {"entities": records, "total": len(records)}


@route("DELETE", "/__emulator/events")
def clear_recent_events(req):
    """Emulator-only: forget the recent audit events (a reset does it too)."""
    audit_log(req.state).clear()
    return None


# Filter properties the realtime query understands, mapped to a message accessor.
# The platform's exact property list is UNCONFIRMED; these names follow the
# AuditLogMessage fields in the documented capitalised style.
_FILTERS: Dict[str, Callable[[Dict[str, Any]], Optional[str]]] = {
    "entitytype": lambda m: m.get("entityType"),
    "entityid": lambda m: m.get("entity", {}).get("id"),
    "action": lambda m: m.get("action"),
    "userid": lambda m: m.get("userId"),
    "clientid": lambda m: (m.get("clientId") or {}).get("id"),
}
MAX_REALTIME_PAGE_SIZE = 500   # UNCONFIRMED limit


def _audit_log_message(message: Dict[str, Any]) -> Dict[str, Any]:
    """AuditLogMessage (query result shape) from an AuditTopicAuditLogMessage."""
    out: Dict[str, Any] = {
        "id": message["id"],
        "userHomeOrgId": message.get("userHomeOrgId"),
        "serviceName": message["serviceName"],
        "level": message["level"],
        "eventDate": message["eventTime"],
        "action": message["action"],
        "entity": dict(message.get("entity") or {}),
        "entityType": message["entityType"],
        "status": "SUCCESS",
        "propertyChanges": [dict(change) for change in message.get("propertyChanges", [])],
        "context": dict(message.get("context") or {}),
    }
    if message.get("userId"):
        out["user"] = {"id": message["userId"]}
    if message.get("clientId"):
        out["client"] = dict(message["clientId"])
    if message.get("remoteIp"):
        out["remoteIp"] = list(message["remoteIp"])
    return out


@route("POST", "/api/v2/audits/query/realtime")
def query_realtime(req):
    """Minimal realtime audit query over the emulator's recent events.

    Body: AuditRealtimeQueryRequest ``{interval (required), serviceName, filters:
    [{property, value}], sort: [{name: "Timestamp", sortOrder}], pageNumber, pageSize}``.
    """
    body = req.json_body(dict)
    interval = v.required(v.string(body.get("interval"), "interval"), "interval")
    start, end = parse_interval(interval, "interval")
    service = v.enum(body.get("serviceName"), "serviceName", "ServiceName", SERVICE_NAMES)
    filters = []
    for index, item in enumerate(v.array(body.get("filters"), "filters") or []):
        field = "filters[%d]" % index
        v.obj(item, field)
        name = v.required(v.string(item.get("property"), field + ".property"),
                          field + ".property")
        value = v.required(v.string(item.get("value"), field + ".value"), field + ".value")
        accessor = _FILTERS.get(name.lower())
        if accessor is None:
            raise ApiError.invalid_value(field + ".property", name, "AuditQueryFilter.property",
                                         ["EntityType", "EntityId", "Action", "UserId",
                                          "ClientId"])
        filters.append((accessor, value))
    descending = True
    for index, item in enumerate(v.array(body.get("sort"), "sort") or []):
        v.obj(item, "sort[%d]" % index)
        order = v.enum(item.get("sortOrder"), "sort[%d].sortOrder" % index, "SortOrder",
                       ("ascending", "descending", "asc", "desc"))
        if order is not None:
            descending = order in ("descending", "desc")
    page_size = v.integer(body.get("pageSize"), "pageSize", 1, MAX_REALTIME_PAGE_SIZE) or 25
    page_number = v.integer(body.get("pageNumber"), "pageNumber", 1) or 1

    matches = []
    for record in audit_log(req.state).recent():
        message = record["eventBody"]
        when = parse_instant(message["eventTime"], "eventTime")
        if not start <= when < end:
            continue
        if service and message["serviceName"] != service:
            continue
        if all(accessor(message) == value for accessor, value in filters):
            matches.append(message)
    if descending:
        matches.reverse()
    total = len(matches)
    first = (page_number - 1) * page_size
    page = matches[first:first + page_size]
    return {"entities": [_audit_log_message(message) for message in page],
            "pageSize": page_size, "pageNumber": page_number, "total": total,
            "pageCount": (total + page_size - 1) // page_size}
