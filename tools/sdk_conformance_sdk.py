"""The SDK side of sdk_conformance.py: the SDK's API classes as the client, and the request enum probe."""
import functools
import json
import operator
from typing import Any, Callable, Dict, List, Optional, Tuple

# Imported by sdk_conformance.py after its check that the SDK venv is in use.
import PureCloudPlatformClientV2
import requests

from sdk_conformance_calls import (
    ALL_OBSERVATION_METRICS, AUDIT_FILTER, CLIENT_ID, CLIENT_SECRET, EVENTBRIDGE, Q, WORKFLOW_ID, Api,
    without_rule_one_queue, writable_queue)
from sdk_conformance_checker import PRIMITIVES, Finding, allowed_values, container_of, members, model_class

# ---------------------------------------------------------------------------
# The SDK as the client: request models serialized by the SDK, answers parsed by it

class SdkClientRound:
    """Drives the emulator through the SDK's own API classes (its HTTP path end to end).

    This proves what the raw check cannot: the emulator accepts the JSON the SDK
    serializes from its request models, and the SDK's HTTP handling (token call,
    status codes, empty bodies) works against the emulator.
    """

    def __init__(self, base_url: str):
        self.client = PureCloudPlatformClientV2.ApiClient(host=base_url)
        self.client.get_client_credentials_token(CLIENT_ID, CLIENT_SECRET)
        self.results: List[Tuple[str, Optional[str]]] = []   # (label, error or None)

    def model(self, klass: str, data: Any) -> Any:
        """An SDK request model built from JSON, as a user of the SDK would hold it."""
        return self.client._ApiClient__deserialize(data, klass)

    def step(self, label: str, action: Callable[[], Any], expect_model: bool = True) -> Any:
        try:
            result = action()
        except Exception as exc:   # an SDK exception is exactly what this reports
            detail = getattr(exc, "body", None) or str(exc)
            self.results.append((label, "%s: %s" % (type(exc).__name__, str(detail)[:300])))
            return None
        if expect_model and result is None:
            self.results.append((label, "the SDK returned None"))
            return None
        self.results.append((label, None))
        return result

    def run(self) -> List[Tuple[str, Optional[str]]]:
        sdk = PureCloudPlatformClientV2
        routing = sdk.RoutingApi(self.client)
        users = sdk.UsersApi(self.client)
        step = self.step
        divisions = step("AuthorizationApi.get_authorization_divisions",
                         lambda: sdk.AuthorizationApi(self.client).get_authorization_divisions(
                             page_size=100))
        division = next(d.id for d in divisions.entities if d.name == "Support")
        user_list = step("UsersApi.get_users", lambda: users.get_users(page_size=100))
        user_id = next(u.id for u in user_list.entities if u.state == "active")
        step("UsersApi.get_user", lambda: users.get_user(user_id))
        step("GroupsApi.get_groups", lambda: sdk.GroupsApi(self.client).get_groups())
        step("TeamsApi.get_teams", lambda: sdk.TeamsApi(self.client).get_teams())
        skills = step("RoutingApi.get_routing_skills",
                      lambda: routing.get_routing_skills(page_size=100))
        skill = step("RoutingApi.post_routing_skills", lambda: routing.post_routing_skills(
            self.model("CreateRoutingSkill", {"name": "SDK skill"})))
        step("RoutingApi.patch_routing_skill", lambda: routing.patch_routing_skill(
            skill.id, self.model("UpdateSkillDivisionRequest", {"divisionId": division})))
        step("RoutingApi.delete_routing_skill", lambda: routing.delete_routing_skill(skill.id),
             expect_model=False)
        languages = step("RoutingApi.get_routing_languages",
                         lambda: routing.get_routing_languages())
        step("UsersApi.post_user_routingskills", lambda: users.post_user_routingskills(
            user_id, self.model("UserRoutingSkillPost",
                                {"id": skills.entities[0].id, "proficiency": 2.5})))
        step("UsersApi.put_user_routingskills_bulk", lambda: users.put_user_routingskills_bulk(
            user_id, [self.model("UserRoutingSkillPost",
                                 {"id": skills.entities[0].id, "proficiency": 3})]))
        code = step("RoutingApi.post_routing_wrapupcodes", lambda: routing.post_routing_wrapupcodes(
            self.model("WrapupCodeRequest", {"name": "SDK code", "division": {"id": division}})))
        step("RoutingApi.put_routing_wrapupcode", lambda: routing.put_routing_wrapupcode(
            code.id, self.model("WrapupCodeRequest", {"name": "SDK code 2",
                                                      "description": "via the SDK"})))
        group_body = {
            "name": "SDK group", "division": {"id": division},
            "skillConditions": [{"operation": "And", "routingSkillConditions": [
                {"routingSkill": skills.entities[0].name, "comparator": "GreaterThan",
                 "proficiency": 0}], "languageSkillConditions": [
                {"languageSkill": languages.entities[0].name, "comparator": "EqualTo",
                 "proficiency": 3}]}]}
        group = step("RoutingApi.post_routing_skillgroups",
                     lambda: routing.post_routing_skillgroups(
                         self.model("SkillGroupWithMemberDivisions", group_body)))
        step("RoutingApi.patch_routing_skillgroup", lambda: routing.patch_routing_skillgroup(
            group.id, self.model("SkillGroup", {
                "name": "SDK group 2",
                "skillConditions": self.client.sanitize_for_serialization(
                    group.skill_conditions)})))
        step("RoutingApi.get_routing_skillgroup_members",
             lambda: routing.get_routing_skillgroup_members(group.id))
        queues = step("RoutingApi.get_routing_queues",
                      lambda: routing.get_routing_queues(page_size=100))
        support = next(q for q in queues.entities if q.name == "Support")
        support_json = self.client.sanitize_for_serialization(support)
        created = step("RoutingApi.post_routing_queues", lambda: routing.post_routing_queues(
            self.model("CreateQueueRequest", without_rule_one_queue(dict(support_json, name="SDK queue")))))
        # Read-modify-write with read-only fields left in, as [TF] does.
        step("RoutingApi.put_routing_queue", lambda: routing.put_routing_queue(
            created.id, self.model("QueueRequest", without_rule_one_queue(dict(
                self.client.sanitize_for_serialization(created), name="SDK queue 2")))))
        members = step("RoutingApi.get_routing_queue_members",
                       lambda: routing.get_routing_queue_members(support.id, page_size=100))
        step("RoutingApi.patch_routing_queue_members", lambda: routing.patch_routing_queue_members(
            support.id, [self.model("QueueMember", {"id": members.entities[0].id,
                                                    "joined": False})]))
        step("RoutingApi.patch_routing_queue_member", lambda: routing.patch_routing_queue_member(
            support.id, members.entities[0].id, self.model("QueueMember", {"joined": True})),
            expect_model=False)
        plain = step("RoutingApi.post_routing_queues (name only)",
                     lambda: routing.post_routing_queues(
                         self.model("CreateQueueRequest", {"name": "SDK plain"})))
        lone = user_list.entities[-1].id
        step("RoutingApi.post_routing_queue_members", lambda: routing.post_routing_queue_members(
            plain.id, [self.model("WritableEntity", {"id": lone})]), expect_model=False)
        step("RoutingApi.delete_routing_queue_member",
             lambda: routing.delete_routing_queue_member(plain.id, lone), expect_model=False)
        step("RoutingApi.post_routing_queue_wrapupcodes",
             lambda: routing.post_routing_queue_wrapupcodes(
                 plain.id, [self.model("WrapUpCodeReference", {"id": code.id})]))
        step("AuthorizationApi.post_authorization_division_object",
             lambda: sdk.AuthorizationApi(self.client).post_authorization_division_object(
                 division, "QUEUE", [plain.id]), expect_model=False)
        step("RoutingApi.put_routing_utilization", lambda: routing.put_routing_utilization(
            self.model("UtilizationRequest", {"utilization": {
                "email": {"maximumCapacity": 2, "interruptableMediaTypes": ["call"]}}})))
        step("RoutingApi.get_routing_utilization", lambda: routing.get_routing_utilization())
        automation = sdk.ProcessAutomationApi(self.client)
        trigger = step("ProcessAutomationApi.post_processautomation_triggers",
                       lambda: automation.post_processautomation_triggers(self.model(
                           "CreateTriggerRequest", {
                               "name": "SDK trigger", "topicName": "v2.users.{id}.activity",
                               "target": {"type": "Workflow", "id": WORKFLOW_ID},
                               "enabled": False, "delayBySeconds": 60})))
        step("ProcessAutomationApi.put_processautomation_trigger",
             lambda: automation.put_processautomation_trigger(trigger.id, self.model(
                 "UpdateTriggerRequest", {
                     "name": "SDK trigger 2", "topicName": trigger.topic_name,
                     "target": {"type": "Workflow", "id": WORKFLOW_ID},
                     "enabled": True, "version": trigger.version})))
        integrations = sdk.IntegrationsApi(self.client)
        integration = step("IntegrationsApi.post_integrations",
                           lambda: integrations.post_integrations(body=self.model(
                               "CreateIntegrationRequest", {
                                   "name": "SDK bridge",
                                   "integrationType": {"id": EVENTBRIDGE}})))
        config = step("IntegrationsApi.get_integration_config_current",
                      lambda: integrations.get_integration_config_current(integration.id))
        step("IntegrationsApi.put_integration_config_current",
             lambda: integrations.put_integration_config_current(integration.id, body=self.model(
                 "IntegrationConfiguration", {
                     "name": "SDK bridge", "version": config.version,
                     "properties": {"awsAccountId": "123456789012",
                                    "awsAccountRegion": "us-east-1",
                                    "eventFilter": [AUDIT_FILTER]},
                     "advanced": {}, "notes": "", "credentials": {}})))
        step("IntegrationsApi.patch_integration", lambda: integrations.patch_integration(
            integration.id, body=self.model("Integration", {"intendedState": "ENABLED"})))
        step("IntegrationsApi.delete_integration",
             lambda: integrations.delete_integration(integration.id))
        analytics = sdk.AnalyticsApi(self.client)
        step("AnalyticsApi.post_analytics_queues_observations_query",
             lambda: analytics.post_analytics_queues_observations_query(self.model(
                 "QueueObservationQuery", {
                     "filter": {"type": "or", "predicates": [
                         {"type": "dimension", "dimension": "queueId", "operator": "matches",
                          "value": support.id}]},
                     "metrics": ALL_OBSERVATION_METRICS, "detailMetrics": ["oWaiting"]})))
        step("AnalyticsApi.post_analytics_conversations_aggregates_query",
             lambda: analytics.post_analytics_conversations_aggregates_query(self.model(
                 "ConversationAggregationQuery", {
                     "interval": "2026-01-05T00:00:00.000Z/2026-01-06T00:00:00.000Z",
                     "granularity": "PT12H", "groupBy": ["queueId"],
                     "filter": {"type": "or", "predicates": [
                         {"type": "dimension", "dimension": "queueId", "operator": "matches",
                          "value": support.id}]},
                     "metrics": ["nOffered", "tHandle", "oServiceLevel"]})))
        step("ProcessAutomationApi.delete_processautomation_trigger",
             lambda: automation.delete_processautomation_trigger(trigger.id),
             expect_model=False)
        step("RoutingApi.delete_routing_queue", lambda: routing.delete_routing_queue(created.id),
             expect_model=False)
        return self.results


# ---------------------------------------------------------------------------
# Request enums: every SDK value accepted, a value outside the SDK rejected

BOGUS_ENUM = "NotAnSdkValue"
Path = Tuple[Any, ...]


def enum_paths(data: Any, klass: str, path: Path = ()) -> List[Tuple[Path, List[str]]]:
    """(path, allowed values) of every enum-typed string in a request body."""
    out: List[Tuple[Path, List[str]]] = []
    if data is None or klass in PRIMITIVES:
        return out
    container = container_of(klass)
    if container is not None:
        kind, inner = container
        for key, item in members(data, kind):
            out.extend(enum_paths(item, inner, path + (key,)))
        return out
    if not isinstance(data, dict):
        return out
    model = model_class(klass)
    instance = model()
    by_json = {json_key: attr for attr, json_key in instance.attribute_map.items()}
    for key, value in data.items():
        attr = by_json.get(key)
        if attr is None:
            continue
        allowed = allowed_values(model, attr)
        if allowed is not None and isinstance(value, str):
            out.append((path + (key,), allowed))
        else:
            out.extend(enum_paths(value, instance.swagger_types[attr], path + (key,)))
    return out


def _set_path(body: Any, path: Path, value: Any) -> None:
    for key in path[:-1]:
        body = body[key]
    body[path[-1]] = value


def _get_path(body: Any, path: Path) -> Any:
    """The value at ``path`` in ``body``; None where the path leads nowhere."""
    try:
        return functools.reduce(operator.getitem, path, body)
    except (KeyError, IndexError, TypeError):
        return None


def _error_message(response: requests.Response) -> str:
    try:
        return "%d %s" % (response.status_code, response.json()["message"][:90])
    except (ValueError, KeyError, TypeError):
        return str(response.status_code)


def _path_text(path: Path) -> str:
    return "".join("[%d]" % key if isinstance(key, int) else "." + key for key in path)[1:]


class EnumProbe:
    """Sends each enum of a request body with every SDK value, then with a bogus one.

    A 400 that names the SDK value as invalid is a finding (``rejects-sdk-enum``); a
    2xx for the bogus value is a finding (``accepts-invalid-enum``), worse when the
    value is echoed back, since the SDK then turns it into ``outdated_sdk_version``.
    Any other 400 (a rule between fields) leaves the value unproven, not a finding.
    """

    def __init__(self, api: Api):
        self.api = api
        self.rows: List[Tuple[str, str, int, List[str], List[Finding]]] = []

    def probe(self, label: str, request_model: str, make_body: Callable[[], Dict[str, Any]],
              send: Callable[[Dict[str, Any]], requests.Response]) -> None:
        for path, allowed in enum_paths(make_body(), request_model):
            where = _path_text(path)
            findings: List[Finding] = []
            accepted, unproven = 0, []
            for value in allowed:
                body = make_body()
                _set_path(body, path, value)
                response = send(body)
                if response.status_code < 300:
                    accepted += 1
                elif "Value [%s]" % value in response.text:
                    findings.append(Finding("rejects-sdk-enum", where, "the SDK value [%s] got "
                                            "%d: %s" % (value, response.status_code,
                                                        response.text[:200]), request_model))
                else:
                    unproven.append("%s (%s)" % (value, _error_message(response)))
            body = make_body()
            _set_path(body, path, BOGUS_ENUM)
            response = send(body)
            if response.status_code < 300:
                echoed = _get_path(response.json() if response.content else None,
                                   path) == BOGUS_ENUM
                findings.append(Finding("accepts-invalid-enum", where, "[%s] accepted (%d)%s" % (
                    BOGUS_ENUM, response.status_code,
                    ", and echoed back: the SDK turns it into outdated_sdk_version"
                    if echoed else ""), request_model))
            elif response.status_code != 400:
                findings.append(Finding("accepts-invalid-enum", where, "[%s] answered %d, "
                                        "expected 400" % (BOGUS_ENUM, response.status_code),
                                        request_model))
            self.rows.append((label, where, accepted, unproven, findings))

    def run(self, ctx: Dict[str, Any]) -> None:
        api = self.api
        support = api.call("GET", Q + "/" + ctx["support"]).json()
        queue_body = writable_queue(support, support["name"])
        self.probe("PUT " + Q + "/{queueId}", "QueueRequest",
                   lambda: json.loads(json.dumps(queue_body)),
                   lambda body: api.call("PUT", Q + "/" + ctx["support"], body))
        names = iter(range(1, 100000))
        base_cga = {"name": "", "conditionalGroupActivation": {
            "pilotRule": {"conditions": [{"simpleMetric": {"metric": "EstimatedWaitTime"},
                                          "operator": "GreaterThan", "value": 30}]},
            "rules": [{"conditions": [{"simpleMetric": {"metric": "IdleAgentCount"},
                                       "operator": "LessThan", "value": 2}],
                       "groups": [{"id": ctx["group"], "type": "GROUP"}]}]}}

        def new_queue(body: Dict[str, Any]) -> requests.Response:
            return api.call("POST", Q, dict(body, name="Enum probe %d" % next(names)))
        self.probe("POST " + Q + " (conditional group activation)", "CreateQueueRequest",
                   lambda: json.loads(json.dumps(base_cga)), new_queue)
        group_id = ctx["skill_group_probe"]
        group = api.call("GET", "/api/v2/routing/skillgroups/" + group_id).json()
        group_body = {"name": group["name"], "skillConditions": group["skillConditions"]}
        self.probe("PATCH /api/v2/routing/skillgroups/{skillGroupId}", "SkillGroup",
                   lambda: json.loads(json.dumps(group_body)),
                   lambda body: api.call("PATCH", "/api/v2/routing/skillgroups/" + group_id,
                                         body))
        trigger = api.call("POST", "/api/v2/processautomation/triggers", {
            "name": "Enum probe trigger", "topicName": "v2.users.{id}.activity",
            "target": {"type": "Workflow", "id": WORKFLOW_ID,
                       "workflowTargetSettings": {"dataFormat": "Json"}},
            "enabled": False, "matchCriteria": [
                {"jsonPath": "routingStatus.status", "operator": "Equal", "value": "IDLE"}]}
            ).json()
        trigger_path = "/api/v2/processautomation/triggers/" + trigger["id"]

        def trigger_body() -> Dict[str, Any]:
            current = api.call("GET", trigger_path).json()
            return {key: current[key] for key in ("name", "topicName", "target", "enabled",
                                                  "matchCriteria", "version")}
        self.probe("PUT /api/v2/processautomation/triggers/{triggerId}", "UpdateTriggerRequest",
                   trigger_body, lambda body: api.call("PUT", trigger_path, body))
        integration = api.call("POST", "/api/v2/integrations", {
            "name": "Enum probe bridge", "integrationType": {"id": EVENTBRIDGE}}).json()
        self.probe("PATCH /api/v2/integrations/{integrationId}", "Integration",
                   lambda: {"intendedState": "DISABLED"},
                   lambda body: api.call("PATCH", "/api/v2/integrations/" + integration["id"],
                                         body))
        observation = {"filter": {"type": "and", "clauses": [
            {"type": "or", "predicates": [{"type": "dimension", "dimension": "queueId",
                                           "operator": "matches", "value": ctx["support"]}]}],
            "predicates": [{"type": "dimension", "dimension": "mediaType",
                            "operator": "matches", "value": "voice"}]},
            "metrics": ["oWaiting"]}
        self.probe("POST /api/v2/analytics/queues/observations/query", "QueueObservationQuery",
                   lambda: json.loads(json.dumps(observation)),
                   lambda body: api.call("POST", "/api/v2/analytics/queues/observations/query",
                                         body))
        aggregate = {"interval": "2026-01-05T00:00:00.000Z/2026-01-06T00:00:00.000Z",
                     "queryType": "groupBy", "alternateTimeDimension": "eventTime",
                     "filter": {"type": "and", "clauses": [{"type": "or", "predicates": [
                         {"type": "dimension", "dimension": "queueId", "operator": "matches",
                          "value": ctx["support"]}]}],
                         "predicates": [{"type": "dimension", "dimension": "mediaType",
                                         "operator": "matches", "value": "voice"}]},
                     "metrics": ["nOffered"]}
        self.probe("POST /api/v2/analytics/conversations/aggregates/query",
                   "ConversationAggregationQuery", lambda: json.loads(json.dumps(aggregate)),
                   lambda body: api.call("POST",
                                         "/api/v2/analytics/conversations/aggregates/query",
                                         body))
