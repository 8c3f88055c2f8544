"""The raw calls of sdk_conformance.py: the emulator process, a client, and every call recorded.

``exercise`` calls every listing and get of the routing subset plus the writes and a set
of error answers, on the demo seed; each answer is kept for the checker.
"""
import base64
import os
import re
import subprocess
from typing import Any, Dict, List, Optional

# Imported by sdk_conformance.py after its check that the SDK venv is in use.
import requests

from sdk_conformance_checker import Recorded, SetupError
from sdk_conformance_taskmanagement import exercise_task_management

SERVING = re.compile(r"genesys-emulator: serving (http://\S+)")
CLIENT_ID, CLIENT_SECRET = "emulator-client", "emulator-secret"

# ---------------------------------------------------------------------------
# The emulator process and an API client

class EmulatorProcess:
    def __init__(self, executable: str, *extra_args: str):
        if not os.path.exists(executable):
            raise SetupError("no emulator at %s (create the repo venv first)" % executable)
        self.proc = subprocess.Popen([executable, "--port", "0", "--seed", "demo"]
                                     + list(extra_args),
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline()
        found = SERVING.search(line)
        if not found:
            self.stop()
            raise SetupError("the emulator did not start: %r %s" % (line, self.stderr()))
        self.url = found.group(1)

    def stderr(self) -> str:
        try:
            return self.proc.stderr.read() if self.proc.poll() is not None else ""
        except (OSError, ValueError):
            return ""

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


class Api:
    def __init__(self, base_url: str):
        self.base_url = base_url
        self.session = requests.Session()
        basic = base64.b64encode(("%s:%s" % (CLIENT_ID, CLIENT_SECRET)).encode()).decode()
        response = self.session.post(base_url + "/oauth/token",
                                     headers={"Authorization": "Basic " + basic},
                                     data={"grant_type": "client_credentials"}, timeout=30)
        if response.status_code != 200:
            raise SetupError("token request failed: %s %s" % (response.status_code,
                                                              response.text))
        self.session.headers["Authorization"] = "Bearer " + response.json()["access_token"]

    def call(self, method: str, path: str, body: Any = None,
             params: Optional[Dict[str, Any]] = None,
             headers: Optional[Dict[str, str]] = None,
             raw: Optional[bytes] = None) -> requests.Response:
        if raw is not None:
            return self.session.request(method, self.base_url + path, data=raw, params=params,
                                        headers=headers, timeout=30)
        return self.session.request(method, self.base_url + path, json=body, params=params,
                                    headers=headers, timeout=30)


# ---------------------------------------------------------------------------

class Recorder:
    """Runs calls and keeps every answer for checking."""

    def __init__(self, api: Api):
        self.api = api
        self.records: List[Recorded] = []

    def _send(self, method: str, template: str, body: Any, params: Optional[Dict[str, Any]],
              path_params: Dict[str, str], headers: Optional[Dict[str, str]] = None,
              raw: Optional[bytes] = None) -> requests.Response:
        path = template
        for name, value in path_params.items():
            path = path.replace("{%s}" % name, value)
        return self.api.call(method, path, body, params, headers=headers, raw=raw)

    def __call__(self, method: str, template: str, label: str = "",
                 body: Any = None, params: Optional[Dict[str, Any]] = None,
                 **path_params: str) -> Any:
        """A call that must succeed; its body (or its lack of one) is checked."""
        response = self._send(method, template, body, params, path_params)
        if response.status_code >= 300:
            raise SetupError("%s %s answered %s: %s" % (method, template, response.status_code,
                                                       response.text[:500]))
        data = response.json() if response.content else None
        operation = "%s %s" % (method, template)
        self.records.append(Recorded(operation, _label(operation, label),
                                     response.status_code, data))
        return data

    def error(self, status: int, method: str, template: str, label: str,
              body: Any = None, params: Optional[Dict[str, Any]] = None,
              headers: Optional[Dict[str, str]] = None, raw: Optional[bytes] = None,
              **path_params: str) -> None:
        """A call that must fail with ``status``; its body must be an ErrorBody."""
        response = self._send(method, template, body, params, path_params, headers, raw)
        if response.status_code != status:
            raise SetupError("%s %s (%s) answered %s, expected %s: %s" % (
                method, template, label, response.status_code, status, response.text[:300]))
        operation = "%s %s" % (method, template)
        data = response.json() if response.content else None
        self.records.append(Recorded(operation, "%s -> %d %s" % (operation, status, label),
                                     status, data, model="ErrorBody"))

    def extra(self, label: str, data: Any, model: str) -> None:
        """A JSON document that is not an API answer (e.g. a delivered event)."""
        self.records.append(Recorded("-", label, 200, data, model=model))


def _label(operation: str, label: str) -> str:
    return operation + ((" " + label) if label else "")


def by_name(listing: Dict[str, Any], name: str) -> Dict[str, Any]:
    for entity in listing["entities"]:
        if entity["name"] == name:
            return entity
    raise SetupError("no entity named %r in the listing" % name)


def writable_queue(queue: Dict[str, Any], name: str) -> Dict[str, Any]:
    """A QueueRequest body from a Queue as read (read-only fields dropped)."""
    body = {key: value for key, value in queue.items()
            if key not in ("id", "selfUri", "memberCount", "userMemberCount",
                           "joinedMemberCount", "dateCreated", "dateModified", "createdBy",
                           "modifiedBy")}
    body["name"] = name
    return without_rule_one_queue(body)


def without_rule_one_queue(queue: Dict[str, Any]) -> Dict[str, Any]:
    """The queue without the queue of conditional group routing's first rule, which the platform fills
    in on every read and refuses in a request body (as every writer must drop it)."""
    routing = queue.get("conditionalGroupRouting") or {}
    rules = list(routing.get("rules") or [])
    if not rules:
        return queue
    rules[0] = {key: value for key, value in rules[0].items() if key != "queue"}
    return dict(queue, conditionalGroupRouting=dict(routing, rules=rules))


Q = "/api/v2/routing/queues"
EVENTBRIDGE = "amazon-eventbridge-source"
AUDIT_FILTER = "v2.audits.entitytype.{id}.entityid.{id}"
WORKFLOW_ID = "2f3c0b6a-7d7e-4a43-8a3b-9e1b8f0f4c11"
ALL_OBSERVATION_METRICS = ["oActiveUsers", "oAlerting", "oInteracting", "oLongestInteracting",
                           "oLongestWaiting", "oMemberUsers", "oOffQueueUsers", "oOnQueueUsers",
                           "oUserPresences", "oUserRoutingStatuses", "oWaiting"]


def exercise(call: Recorder) -> Dict[str, Any]:
    """Every listing, get and write of the routing subset, on the demo seed's objects.

    Returns the ids it found or made (``ctx``) for the later rounds.
    """
    ctx: Dict[str, Any] = {}
    for step in (_directory, _skills, _wrapup_codes, _skill_groups, _queues, _utilization,
                 _triggers, _integrations, _analytics, _audits, exercise_task_management,
                 _deletes, _errors):
        step(call, ctx)
    return ctx


def _directory(call: Recorder, ctx: Dict[str, Any]) -> None:
    divisions = call("GET", "/api/v2/authorization/divisions", params={"pageSize": 100})
    call("GET", "/api/v2/authorization/divisions/home")
    ctx["division"] = by_name(divisions, "Support")["id"]
    call("GET", "/api/v2/authorization/divisions/{divisionId}", "(objectCount)",
         divisionId=ctx["division"], params={"objectCount": "true"})
    users = call("GET", "/api/v2/users", params={"pageSize": 100})
    call("GET", "/api/v2/users", "(expand)",
         params={"pageSize": 5, "expand": "routingStatus,presence,skills,languages"})
    ctx["users"] = [user["id"] for user in users["entities"] if user.get("state") == "active"]
    call("GET", "/api/v2/users/{userId}", userId=ctx["users"][0])
    groups = call("GET", "/api/v2/groups")
    ctx["group"] = groups["entities"][0]["id"]
    call("GET", "/api/v2/groups/{groupId}", groupId=groups["entities"][0]["id"])
    call("GET", "/api/v2/groups/{groupId}/members", groupId=groups["entities"][0]["id"])
    teams = call("GET", "/api/v2/teams")
    call("GET", "/api/v2/teams/{teamId}", teamId=teams["entities"][0]["id"])
    call("GET", "/api/v2/teams/{teamId}/members", teamId=teams["entities"][0]["id"])


def _skills(call: Recorder, ctx: Dict[str, Any]) -> None:
    skills = call("GET", "/api/v2/routing/skills", params={"pageSize": 100})
    ctx["skill"] = skills["entities"][0]
    call("GET", "/api/v2/routing/skills/{skillId}", skillId=ctx["skill"]["id"])
    new_skill = call("POST", "/api/v2/routing/skills", body={"name": "Conformance skill"})
    call("PATCH", "/api/v2/routing/skills/{skillId}", skillId=new_skill["id"],
         body={"divisionId": ctx["division"]})
    call("DELETE", "/api/v2/routing/skills/{skillId}", skillId=new_skill["id"])
    call("GET", "/api/v2/routing/skills/{skillId}", "(deleted)", skillId=new_skill["id"])
    languages = call("GET", "/api/v2/routing/languages")
    ctx["language"] = languages["entities"][0]
    call("GET", "/api/v2/routing/languages/{languageId}", languageId=ctx["language"]["id"])
    ctx["new_language"] = call("POST", "/api/v2/routing/languages",
                               body={"name": "Conformance language"})["id"]
    user_id = ctx["users"][0]
    call("GET", "/api/v2/users/{userId}/routingskills", userId=user_id)
    call("POST", "/api/v2/users/{userId}/routingskills", userId=user_id,
         body={"id": ctx["skill"]["id"], "proficiency": 3.5})
    call("PUT", "/api/v2/users/{userId}/routingskills/bulk", userId=user_id,
         body=[{"id": ctx["skill"]["id"], "proficiency": 4}])
    call("DELETE", "/api/v2/users/{userId}/routingskills/{skillId}", userId=user_id,
         skillId=ctx["skill"]["id"])


def _wrapup_codes(call: Recorder, ctx: Dict[str, Any]) -> None:
    codes = call("GET", "/api/v2/routing/wrapupcodes", params={"pageSize": 100})
    call("GET", "/api/v2/routing/wrapupcodes/{codeId}", codeId=codes["entities"][0]["id"])
    code = call("POST", "/api/v2/routing/wrapupcodes",
                body={"name": "Conformance code", "description": "created by the check",
                      "division": {"id": ctx["division"]}})
    call("PUT", "/api/v2/routing/wrapupcodes/{codeId}", codeId=code["id"],
         body={"name": "Conformance code 2", "description": "renamed",
               "division": {"id": ctx["division"]}})
    ctx["code"] = code["id"]


def _skill_groups(call: Recorder, ctx: Dict[str, Any]) -> None:
    listing = call("GET", "/api/v2/routing/skillgroups")
    group_id = listing["entities"][0]["id"]
    ctx["skill_group_probe"] = group_id
    call("GET", "/api/v2/routing/skillgroups/{skillGroupId}", skillGroupId=group_id)
    call("GET", "/api/v2/routing/skillgroups/{skillGroupId}/members", skillGroupId=group_id)
    call("GET", "/api/v2/routing/skillgroups/{skillGroupId}/members/divisions",
         skillGroupId=group_id)
    created = call("POST", "/api/v2/routing/skillgroups", body={
        "name": "Conformance group", "description": "created by the check",
        "division": {"id": ctx["division"]}, "memberDivisions": [ctx["division"]],
        "skillConditions": [{"operation": "Or", "routingSkillConditions": [
            {"routingSkill": ctx["skill"]["name"], "comparator": "GreaterThan",
             "proficiency": 1, "childConditions": []}],
            "languageSkillConditions": [{"languageSkill": ctx["language"]["name"],
                                         "comparator": "GreaterThanOrEqualTo",
                                         "proficiency": 2}]}]})
    call("PATCH", "/api/v2/routing/skillgroups/{skillGroupId}",
         skillGroupId=created["id"], body={"description": "patched"})
    call("POST", "/api/v2/routing/skillgroups/{skillGroupId}/members/divisions",
         skillGroupId=created["id"], body={"addDivisionIds": ["*"], "removeDivisionIds": []})
    ctx["skill_group"] = created["id"]


def _queues(call: Recorder, ctx: Dict[str, Any]) -> None:
    queues = call("GET", Q, params={"pageSize": 100})
    ctx["queues"] = [queue["id"] for queue in queues["entities"]]
    support = by_name(queues, "Support")
    ctx["support"] = support["id"]
    call("GET", Q + "/{queueId}", queueId=support["id"])
    created = call("POST", Q, body=writable_queue(support, "Conformance queue"))
    call("PUT", Q + "/{queueId}", queueId=created["id"],
         body=writable_queue(created, "Conformance queue renamed"))
    call("POST", Q, "(sourceQueueId)",
         body={"name": "Conformance copy", "sourceQueueId": support["id"]})
    members = call("GET", Q + "/{queueId}/members", queueId=support["id"],
                   params={"pageSize": 100})
    call("GET", Q + "/{queueId}/members", "(expand)", queueId=support["id"],
         params={"expand": "routingStatus,presence"})
    member = members["entities"][0]["id"]
    call("PATCH", Q + "/{queueId}/members", queueId=support["id"],
         body=[{"id": member, "joined": False}])
    call("PATCH", Q + "/{queueId}/members/{memberId}", queueId=support["id"], memberId=member,
         body={"joined": True})
    plain = call("POST", Q, "(name only)", body={"name": "Conformance plain"})
    direct = ctx["users"][-1]
    call("POST", Q + "/{queueId}/members", queueId=plain["id"], body=[{"id": direct}])
    call("GET", Q + "/{queueId}/members", "(direct member)", queueId=plain["id"])
    call("DELETE", Q + "/{queueId}/members/{memberId}", queueId=plain["id"], memberId=direct)
    call("GET", Q + "/{queueId}/wrapupcodes", queueId=support["id"])
    call("POST", Q + "/{queueId}/wrapupcodes", queueId=created["id"],
         body=[{"id": ctx["code"]}])
    call("DELETE", Q + "/{queueId}/wrapupcodes/{codeId}", queueId=created["id"],
         codeId=ctx["code"])
    call("POST", "/api/v2/authorization/divisions/{divisionId}/objects/{objectType}",
         divisionId=ctx["division"], objectType="QUEUE", body=[created["id"]])
    ctx["queue"] = created["id"]


def _utilization(call: Recorder, ctx: Dict[str, Any]) -> None:
    call("GET", "/api/v2/routing/utilization")
    call("PUT", "/api/v2/routing/utilization", body={"utilization": {
        "call": {"maximumCapacity": 1, "interruptableMediaTypes": ["email"],
                 "includeNonAcd": True},
        "chat": {"maximumCapacity": 3}}})
    call("DELETE", "/api/v2/routing/utilization")


def _triggers(call: Recorder, ctx: Dict[str, Any]) -> None:
    call("GET", "/api/v2/processautomation/triggers/topics")
    trigger = call("POST", "/api/v2/processautomation/triggers", body={
        "name": "Conformance trigger", "topicName": "v2.users.{id}.activity",
        "target": {"type": "Workflow", "id": WORKFLOW_ID,
                   "workflowTargetSettings": {"dataFormat": "Json"}},
        "enabled": True, "description": "created by the check", "eventTTLSeconds": 60,
        "matchCriteria": [{"jsonPath": "routingStatus.status", "operator": "Equal",
                           "value": "OFF_QUEUE"},
                          {"jsonPath": "presence.presenceDefinition.systemPresence",
                           "operator": "In", "values": ["AWAY", "BREAK"]}]})
    call("GET", "/api/v2/processautomation/triggers")
    call("GET", "/api/v2/processautomation/triggers/{triggerId}", triggerId=trigger["id"])
    update = {key: trigger[key] for key in ("name", "topicName", "target", "enabled",
                                            "matchCriteria", "version")}
    update.update(delayBySeconds=120, description="updated by the check")
    call("PUT", "/api/v2/processautomation/triggers/{triggerId}", triggerId=trigger["id"],
         body=update)
    ctx["trigger"] = trigger


def _integrations(call: Recorder, ctx: Dict[str, Any]) -> None:
    call("GET", "/api/v2/organizations/me")
    call("GET", "/api/v2/integrations/types")
    call("GET", "/api/v2/integrations/types/{typeId}", typeId=EVENTBRIDGE)
    for config_type in ("properties", "advanced"):
        call("GET", "/api/v2/integrations/types/{typeId}/configschemas/{configType}",
             "(%s)" % config_type, typeId=EVENTBRIDGE, configType=config_type)
    integration = call("POST", "/api/v2/integrations", body={
        "name": "Conformance bridge", "integrationType": {"id": EVENTBRIDGE}})
    config = call("GET", "/api/v2/integrations/{integrationId}/config/current",
                  integrationId=integration["id"])
    call("PUT", "/api/v2/integrations/{integrationId}/config/current",
         integrationId=integration["id"], body={
             "name": "Conformance bridge", "version": config["version"], "notes": "check",
             "properties": {"awsAccountId": "123456789012", "awsAccountRegion": "eu-west-1",
                            "eventSourceSuffix": "conformance", "eventFilter": [AUDIT_FILTER]},
             "advanced": {}, "credentials": {}})
    call("PATCH", "/api/v2/integrations/{integrationId}", integrationId=integration["id"],
         body={"intendedState": "ENABLED"})
    call("GET", "/api/v2/integrations/{integrationId}", integrationId=integration["id"])
    call("GET", "/api/v2/integrations/{integrationId}", "(expand)",
         integrationId=integration["id"], params={"expand": "config.current"})
    call("GET", "/api/v2/integrations")
    ctx["integration"] = integration["id"]


def _analytics(call: Recorder, ctx: Dict[str, Any]) -> None:
    by_queue = [{"type": "dimension", "dimension": "queueId", "operator": "matches",
                 "value": queue_id} for queue_id in ctx["queues"]]
    call("POST", "/api/v2/analytics/queues/observations/query", body={
        "filter": {"type": "or", "predicates": by_queue},
        "metrics": ALL_OBSERVATION_METRICS, "detailMetrics": ["oWaiting", "oInteracting"]})
    call("POST", "/api/v2/analytics/queues/observations/query", "(by media type)", body={
        "filter": {"type": "and", "clauses": [
            {"type": "or", "predicates": by_queue},
            {"type": "or", "predicates": [{"dimension": "mediaType", "value": media}
                                          for media in ("voice", "chat", "email")]}]},
        "metrics": ALL_OBSERVATION_METRICS})
    call("POST", "/api/v2/analytics/conversations/aggregates/query", body={
        "interval": "2026-01-05T00:00:00.000Z/2026-01-06T00:00:00.000Z",
        "granularity": "PT6H", "groupBy": ["queueId", "mediaType"],
        "filter": {"type": "or", "predicates": [
            {"type": "dimension", "dimension": "queueId", "operator": "matches",
             "value": ctx["support"]}]},
        "metrics": ["nOffered", "nConnected", "tAnswered", "tAbandon", "tHandle", "tTalk",
                    "tAcw", "tWait", "oServiceLevel"]})
    call("POST", "/api/v2/analytics/conversations/aggregates/query", "(no groupBy)", body={
        "interval": "2026-01-05T00:00:00.000Z/2026-01-06T00:00:00.000Z",
        "metrics": ["nOffered", "tHandle", "oServiceLevel"]})


def _audits(call: Recorder, ctx: Dict[str, Any]) -> None:
    call("POST", "/api/v2/audits/query/realtime", body={
        "interval": "2020-01-01T00:00:00.000Z/2100-01-01T00:00:00.000Z",
        "serviceName": "Routing", "filters": [{"property": "EntityType", "value": "Queue"}]})
    # The audit events the emulator publishes (EventBridge delivery, triggers).
    events = call.api.call("GET", "/__emulator/events").json()["entities"]
    if not events:
        raise SetupError("the emulator recorded no audit events")
    for record in events:
        body = record["eventBody"]
        call.extra("event %s %s" % (body.get("entityType"), body.get("action")), body,
                   "AuditTopicAuditLogMessage")


def _deletes(call: Recorder, ctx: Dict[str, Any]) -> None:
    call("DELETE", "/api/v2/integrations/{integrationId}", integrationId=ctx["integration"])
    call("DELETE", "/api/v2/processautomation/triggers/{triggerId}",
         triggerId=ctx["trigger"]["id"])
    call("DELETE", Q + "/{queueId}", queueId=ctx["queue"])
    call("DELETE", "/api/v2/routing/skillgroups/{skillGroupId}",
         skillGroupId=ctx["skill_group"])
    call("DELETE", "/api/v2/routing/wrapupcodes/{codeId}", codeId=ctx["code"])
    call("DELETE", "/api/v2/routing/languages/{languageId}", languageId=ctx["new_language"])


def _errors(call: Recorder, ctx: Dict[str, Any]) -> None:
    missing = "00000000-0000-0000-0000-000000000000"
    call.error(404, "GET", Q + "/{queueId}", "(unknown queue)", queueId=missing)
    call.error(400, "POST", Q, "(no name)", body={"description": "nameless"})
    call.error(400, "POST", Q, "(bad enum)", body={
        "name": "Bad mode", "mediaSettings": {"callback": {"mode": ""}}})
    call.error(400, "GET", Q, "(pageSize too big)", params={"pageSize": 10000})
    stale = dict((key, ctx["trigger"][key]) for key in ("name", "topicName", "target",
                                                        "enabled"))
    trigger = call("POST", "/api/v2/processautomation/triggers", "(for a stale PUT)",
                   body=dict(stale, name="Conformance stale"))
    call.error(409, "PUT", "/api/v2/processautomation/triggers/{triggerId}", "(stale version)",
               triggerId=trigger["id"], body=dict(stale, version=trigger["version"] + 5))
    call.error(401, "GET", Q, "(bad token)", headers={"Authorization": "Bearer nope"})
    call.error(404, "GET", "/api/v2/routing/nosuchthing", "(unknown path)")
    call.error(405, "PATCH", Q, "(method not allowed)", body={})
    call.error(400, "POST", Q, "(malformed JSON)", raw=b"{not json",
               headers={"Content-Type": "application/json"})
    call.error(415, "POST", Q, "(not JSON)", raw=b"name=x",
               headers={"Content-Type": "application/x-www-form-urlencoded"})
    call.error(413, "POST", Q, "(too large)", body={"name": "x" * (2 * 1024 * 1024)})
    for status in ("429", "500", "502", "503", "504"):
        call.api.call("PUT", "/__emulator/faults", {"probability": 1, "kinds": [status],
                                                     "count": 1})
        call.error(int(status), "GET", "/api/v2/routing/skills", "(injected fault)")
    call.api.call("PUT", "/__emulator/faults", {"probability": 0})
