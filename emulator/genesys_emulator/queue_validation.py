"""Validation of a Create/QueueRequest body into the stored queue document (queues.py).

A PUT is a full replacement, so the validator starts from the server defaults
(``QUEUE_DEFAULTS``, ``MEDIA_DEFAULTS``) and every check answers the platform's 400.
"""
from __future__ import annotations

import copy
from typing import Any, Dict, List, Optional

from . import validation as v
from .framework import ApiError

MEDIA_TYPES = ("call", "callback", "chat", "email", "message")
SKILL_EVALUATION_METHODS = ("NONE", "BEST", "ALL")
SCORING_METHODS = ("TimestampAndPriority", "PriorityOnly")
LAST_AGENT_ROUTING_MODES = ("Disabled", "QueueMembersOnly", "AnyAgent")
WRAPUP_PROMPTS = ("MANDATORY", "OPTIONAL", "MANDATORY_TIMEOUT", "MANDATORY_FORCED_TIMEOUT",
                  "AGENT_REQUESTED")
TIMEOUT_PROMPTS = ("AGENT_REQUESTED", "MANDATORY_TIMEOUT", "MANDATORY_FORCED_TIMEOUT")
ROUTING_RULE_OPERATORS = ("MEETS_THRESHOLD", "ANY")
CGR_METRICS = ("EstimatedWaitTime", "ServiceLevel")
CGR_OPERATORS = ("GreaterThan", "GreaterThanOrEqualTo", "LessThan", "LessThanOrEqualTo")
CGA_OPERATORS = CGR_OPERATORS + ("EqualTo", "NotEqualTo")
# ConditionalGroupActivationSimpleMetric.metric allowed values in the SDK model.
CGA_METRICS = ("EstimatedWaitTime", "IdleAgentCount", "ServiceLevel")
MEMBER_GROUP_TYPES = ("TEAM", "GROUP", "SKILLGROUP")
CALLBACK_MODES = ("AgentFirst", "CustomerFirst")
REACTION_TYPES = ("HangUp", "TransferToQueue", "TransferToFlow")
INACTIVITY_ACTIONS = ("DISCONNECT", "SEND_TO_ARCHITECT_FLOW")
CANNED_RESPONSE_MODES = ("All", "SelectedOnly", "None")
SCRIPT_TYPES = ("CALL", "CALLBACK", "CHAT", "COBROWSE", "EMAIL", "MESSAGE",
                "SOCIAL_EXPRESSION", "VIDEO", "SCREENSHARE")
MAX_WAIT_SECONDS = 259200

# Server defaults for fields that always carry a value (UNCONFIRMED values,
# taken from the [TF] schema defaults where it has them).
QUEUE_DEFAULTS: Dict[str, Any] = {
    "skillEvaluationMethod": "ALL",
    "scoringMethod": "TimestampAndPriority",
    "lastAgentRoutingMode": "Disabled",
    "acwSettings": {"wrapupPrompt": "MANDATORY_TIMEOUT", "timeoutMs": 300000},
    "autoAnswerOnly": True,
    "enableTranscription": False,
    "enableAudioMonitoring": False,
    "enableManualAssignment": False,
    "suppressInQueueCallRecording": True,
}
MEDIA_DEFAULTS: Dict[str, Dict[str, Any]] = {
    "call": {"enableAutoAnswer": False, "alertingTimeoutSeconds": 8,
             "serviceLevel": {"percentage": 0.8, "durationMs": 20000}},
    "callback": {"enableAutoAnswer": False, "alertingTimeoutSeconds": 30,
                 "serviceLevel": {"percentage": 0.8, "durationMs": 20000},
                 "mode": "AgentFirst", "enableAutoDialAndEnd": False,
                 "autoDialDelaySeconds": 300, "autoEndDelaySeconds": 300},
    "chat": {"enableAutoAnswer": False, "alertingTimeoutSeconds": 30,
             "serviceLevel": {"percentage": 0.8, "durationMs": 20000}},
    "email": {"enableAutoAnswer": False, "alertingTimeoutSeconds": 300,
              "serviceLevel": {"percentage": 0.8, "durationMs": 86400000}},
    "message": {"enableAutoAnswer": False, "alertingTimeoutSeconds": 30,
                "serviceLevel": {"percentage": 0.8, "durationMs": 20000}},
}
# Fields the server owns: ignored in request bodies.
SERVER_FIELDS = ("id", "selfUri", "dateCreated", "dateModified", "createdBy", "modifiedBy",
                 "memberCount", "userMemberCount", "joinedMemberCount", "joined")
MEMBER_GROUP_KINDS = {"GROUP": "groups", "TEAM": "teams", "SKILLGROUP": "skillgroups"}
MEMBER_GROUP_NAMES = {"GROUP": "Group", "TEAM": "Team", "SKILLGROUP": "Skill group"}
MEMBER_GROUP_URIS = {"GROUP": "/api/v2/groups/", "TEAM": "/api/v2/teams/",
                     "SKILLGROUP": "/api/v2/routing/skillgroups/"}

class _QueueValidator:
    def __init__(self, state: Any, queue_id: Optional[str]):
        self.state = state
        self.queue_id = queue_id

    def run(self, body: Dict[str, Any]) -> Dict[str, Any]:
        doc: Dict[str, Any] = copy.deepcopy(QUEUE_DEFAULTS)
        name = v.required(v.string(body.get("name"), "name", max_length=256), "name").strip()
        doc["name"] = name
        for key in ("description", "callingPartyName", "callingPartyNumber", "peerId",
                    "defaultMediaLanguage"):
            value = v.string(body.get(key), key, max_length=1024 if key == "description"
                             else 256)
            if value is not None:
                doc[key] = value
        for key in ("autoAnswerOnly", "enableTranscription", "enableAudioMonitoring",
                    "enableManualAssignment", "suppressInQueueCallRecording"):
            if body.get(key) is not None:
                doc[key] = v.boolean(body.get(key), key)
        for key, allowed, type_name in (
                ("skillEvaluationMethod", SKILL_EVALUATION_METHODS, "SkillEvaluationMethod"),
                ("scoringMethod", SCORING_METHODS, "ScoringMethod"),
                ("lastAgentRoutingMode", LAST_AGENT_ROUTING_MODES, "LastAgentRoutingMode")):
            if body.get(key) is not None:
                doc[key] = v.enum(body.get(key), key, type_name, allowed)
        for key in ("queueFlow", "emailInQueueFlow", "messageInQueueFlow", "whisperPrompt",
                    "onHoldPrompt"):
            ref = v.entity_ref(body.get(key), key)
            if ref is not None:
                doc[key] = ref
        doc["mediaSettings"] = self.media_settings(body.get("mediaSettings"))
        if body.get("acwSettings") is not None:
            doc["acwSettings"] = self.acw(body["acwSettings"])
        optional = (("routingRules", self.routing_rules), ("bullseye", self.bullseye),
                    ("memberGroups", lambda value: self.member_groups(value, "memberGroups")),
                    ("conditionalGroupRouting", self.cgr),
                    ("conditionalGroupActivation", self.cga),
                    ("cannedResponseLibraries", self.canned),
                    ("agentOwnedRouting", self.agent_owned),
                    ("directRouting", self.direct_routing),
                    ("defaultScripts", self.default_scripts),
                    ("outboundMessagingAddresses", self.messaging_addresses),
                    ("outboundEmailAddress", self.email_address))
        for key, check in optional:
            if body.get(key) is not None:
                doc[key] = check(body[key])
        return doc

    # -- media -----------------------------------------------------------
    def media_settings(self, value: Any) -> Dict[str, Any]:
        v.obj(value, "mediaSettings")
        value = value or {}
        return {media: self.media(value.get(media), "mediaSettings." + media, media)
                for media in MEDIA_TYPES}

    def media(self, value: Any, field: str, media: str) -> Dict[str, Any]:
        out = copy.deepcopy(MEDIA_DEFAULTS[media])
        v.obj(value, field)
        if value is None:
            return out
        if value.get("enableAutoAnswer") is not None:
            out["enableAutoAnswer"] = v.boolean(value["enableAutoAnswer"],
                                                field + ".enableAutoAnswer")
        if value.get("alertingTimeoutSeconds") is not None:
            out["alertingTimeoutSeconds"] = v.integer(value["alertingTimeoutSeconds"],
                                                      field + ".alertingTimeoutSeconds", 7)
        level = v.obj(value.get("serviceLevel"), field + ".serviceLevel")
        if level is not None:
            service = dict(out["serviceLevel"])
            if level.get("percentage") is not None:
                service["percentage"] = v.number(level["percentage"],
                                                 field + ".serviceLevel.percentage", 0, 1)
            if level.get("durationMs") is not None:
                service["durationMs"] = v.integer(level["durationMs"],
                                                  field + ".serviceLevel.durationMs", 1000)
            out["serviceLevel"] = service
        for key in ("autoAnswerAlertToneSeconds", "manualAnswerAlertToneSeconds"):
            if value.get(key) is not None:
                out[key] = v.number(value[key], field + "." + key, 0)
        if media == "callback":
            self.callback(value, field, out)
        elif media == "message":
            self.message(value, field, out)
        elif media == "email" and value.get("allOutboundEmailAddresses") is not None:
            addresses = v.array(value["allOutboundEmailAddresses"],
                                field + ".allOutboundEmailAddresses")
            out["allOutboundEmailAddresses"] = [
                self.email_address(item, "%s.allOutboundEmailAddresses[%d]" % (field, index))
                for index, item in enumerate(addresses)]
        return out

    def callback(self, value: Dict[str, Any], field: str, out: Dict[str, Any]) -> None:
        if value.get("mode") is not None:
            # An empty "" mode is what real clients trip over (TF issue #1578).
            out["mode"] = v.enum(value["mode"], field + ".mode", "Mode", CALLBACK_MODES)
        for key in ("liveVoiceReactionType", "answeringMachineReactionType"):
            if value.get(key) is not None:
                out[key] = v.enum(value[key], field + "." + key,
                                  key[0].upper() + key[1:], REACTION_TYPES)
        if value.get("enableAutoDialAndEnd") is not None:
            out["enableAutoDialAndEnd"] = v.boolean(value["enableAutoDialAndEnd"],
                                                    field + ".enableAutoDialAndEnd")
        for key in ("autoDialDelaySeconds", "autoEndDelaySeconds"):
            if value.get(key) is not None:
                out[key] = v.integer(value[key], field + "." + key, 0, 1200)
        if value.get("pacingModifier") is not None:
            out["pacingModifier"] = v.number(value["pacingModifier"], field + ".pacingModifier",
                                             0)
        if value.get("maxRetryCount") is not None:
            out["maxRetryCount"] = v.integer(value["maxRetryCount"], field + ".maxRetryCount",
                                             0, 20)
        if value.get("retryDelaySeconds") is not None:
            out["retryDelaySeconds"] = v.integer(value["retryDelaySeconds"],
                                                 field + ".retryDelaySeconds", 60, 86400)
        for key in ("liveVoiceFlow", "answeringMachineFlow", "edgeGroup", "site"):
            ref = v.entity_ref(value.get(key), field + "." + key)
            if ref is not None:
                out[key] = ref

    def message(self, value: Dict[str, Any], field: str, out: Dict[str, Any]) -> None:
        if value.get("enableInactivityTimeout") is not None:
            out["enableInactivityTimeout"] = v.boolean(value["enableInactivityTimeout"],
                                                       field + ".enableInactivityTimeout")
        subtypes = v.obj(value.get("subTypeSettings"), field + ".subTypeSettings")
        if subtypes is not None:
            clean = {}
            for subtype, settings in subtypes.items():
                path = "%s.subTypeSettings.%s" % (field, subtype)
                v.obj(settings, path)
                entry = {}
                for key in ("enableAutoAnswer", "enableInactivityTimeout"):
                    if (settings or {}).get(key) is not None:
                        entry[key] = v.boolean(settings[key], path + "." + key)
                clean[subtype] = entry
            out["subTypeSettings"] = clean
        timeout = v.obj(value.get("inactivityTimeoutSettings"),
                        field + ".inactivityTimeoutSettings")
        if timeout is not None:
            path = field + ".inactivityTimeoutSettings"
            entry = {}
            if timeout.get("actionType") is not None:
                entry["actionType"] = v.enum(timeout["actionType"], path + ".actionType",
                                             "ActionType", INACTIVITY_ACTIONS)
            if timeout.get("timeoutSeconds") is not None:
                entry["timeoutSeconds"] = v.integer(timeout["timeoutSeconds"],
                                                    path + ".timeoutSeconds", 0)
            flow = v.entity_ref(timeout.get("flowId"), path + ".flowId")
            if flow is not None:
                entry["flowId"] = flow
            if entry.get("actionType") == "SEND_TO_ARCHITECT_FLOW" and "flowId" not in entry:
                raise ApiError.missing_field(path + ".flowId")
            out["inactivityTimeoutSettings"] = entry

    # -- routing settings ------------------------------------------------
    def acw(self, value: Any) -> Dict[str, Any]:
        v.obj(value, "acwSettings")
        prompt = v.enum(value.get("wrapupPrompt"), "acwSettings.wrapupPrompt", "WrapupPrompt",
                        WRAPUP_PROMPTS) or "OPTIONAL"
        out: Dict[str, Any] = {"wrapupPrompt": prompt}
        timeout = v.integer(value.get("timeoutMs"), "acwSettings.timeoutMs", 1000, 3600000)
        if timeout is not None:
            if prompt not in TIMEOUT_PROMPTS:
                raise ApiError.invalid_value(
                    "acwSettings.timeoutMs", timeout, "acwSettings.timeoutMs",
                    reason="timeoutMs can only be used when wrapupPrompt is %s"
                           % ", ".join(TIMEOUT_PROMPTS))
            out["timeoutMs"] = timeout
        return out

    def routing_rules(self, value: Any) -> List[Dict[str, Any]]:
        v.array(value, "routingRules", max_items=6)
        out = []
        for index, rule in enumerate(value):
            path = "routingRules[%d]" % index
            v.obj(v.required(rule, path), path)
            entry: Dict[str, Any] = {}
            if rule.get("operator") is not None:
                entry["operator"] = v.enum(rule["operator"], path + ".operator", "Operator",
                                           ROUTING_RULE_OPERATORS)
            if rule.get("threshold") is not None:
                entry["threshold"] = v.integer(rule["threshold"], path + ".threshold", 0)
            if rule.get("waitSeconds") is not None:
                entry["waitSeconds"] = v.number(rule["waitSeconds"], path + ".waitSeconds", 2,
                                                MAX_WAIT_SECONDS)
            out.append(entry)
        return out

    def member_groups(self, value: Any, field: str, min_items: int = 0,
                      max_items: Optional[int] = None) -> List[Dict[str, Any]]:
        v.array(value, field, max_items=max_items, min_items=min_items)
        out = []
        seen = set()
        for index, group in enumerate(value):
            path = "%s[%d]" % (field, index)
            v.obj(v.required(group, path), path)
            group_id = v.required(v.string(group.get("id"), path + ".id"), path + ".id")
            group_type = v.enum(v.required(group.get("type"), path + ".type"), path + ".type",
                                "Type", MEMBER_GROUP_TYPES)
            if self.state.get(MEMBER_GROUP_KINDS[group_type], group_id) is None:
                raise v.unknown_entity(path + ".id", group_id, MEMBER_GROUP_NAMES[group_type])
            if (group_type, group_id) not in seen:
                seen.add((group_type, group_id))
                out.append({"id": group_id, "type": group_type})
        return out

    def bullseye(self, value: Any) -> Dict[str, Any]:
        v.obj(value, "bullseye")
        rings = v.array(value.get("rings"), "bullseye.rings", max_items=6) or []
        if rings and len(rings) < 2:
            raise ApiError.invalid_value("bullseye.rings", len(rings), "bullseye.rings",
                                         reason="a bullseye needs between 2 and 6 rings")
        out = []
        for index, ring in enumerate(rings):
            path = "bullseye.rings[%d]" % index
            v.obj(v.required(ring, path), path)
            entry: Dict[str, Any] = {}
            criteria = v.array(ring.get("expansionCriteria"), path + ".expansionCriteria")
            if criteria is not None:
                entry["expansionCriteria"] = []
                for c_index, criterion in enumerate(criteria):
                    c_path = "%s.expansionCriteria[%d]" % (path, c_index)
                    v.obj(v.required(criterion, c_path), c_path)
                    entry["expansionCriteria"].append({
                        "type": v.enum(v.required(criterion.get("type"), c_path + ".type"),
                                       c_path + ".type", "Type", ("TIMEOUT_SECONDS",)),
                        "threshold": v.number(v.required(criterion.get("threshold"),
                                                         c_path + ".threshold"),
                                              c_path + ".threshold", 0, MAX_WAIT_SECONDS)})
            actions = v.obj(ring.get("actions"), path + ".actions")
            if actions is not None:
                skills = v.array(actions.get("skillsToRemove"), path + ".actions.skillsToRemove")
                removed = []
                for s_index, skill in enumerate(skills or []):
                    s_path = "%s.actions.skillsToRemove[%d]" % (path, s_index)
                    v.obj(v.required(skill, s_path), s_path)
                    skill_id = v.required(v.string(skill.get("id"), s_path + ".id"),
                                          s_path + ".id")
                    stored = self.state.get("skills", skill_id)
                    if stored is None or stored["state"] != "active":
                        raise v.unknown_entity(s_path + ".id", skill_id, "Routing skill")
                    removed.append({"id": skill_id})
                entry["actions"] = {"skillsToRemove": removed}
            if ring.get("memberGroups") is not None:
                entry["memberGroups"] = self.member_groups(ring["memberGroups"],
                                                           path + ".memberGroups")
            out.append(entry)
        return {"rings": out}

    def cgr(self, value: Any) -> Dict[str, Any]:
        v.obj(value, "conditionalGroupRouting")
        rules = v.array(value.get("rules"), "conditionalGroupRouting.rules", max_items=5) or []
        out = []
        for index, rule in enumerate(rules):
            path = "conditionalGroupRouting.rules[%d]" % index
            v.obj(v.required(rule, path), path)
            entry: Dict[str, Any] = {
                "metric": v.enum(rule.get("metric"), path + ".metric", "Metric", CGR_METRICS)
                or "EstimatedWaitTime",
                "operator": v.enum(v.required(rule.get("operator"), path + ".operator"),
                                   path + ".operator", "Operator", CGR_OPERATORS),
                "conditionValue": v.number(v.required(rule.get("conditionValue"),
                                                      path + ".conditionValue"),
                                           path + ".conditionValue", 0, MAX_WAIT_SECONDS),
                "groups": self.member_groups(v.required(rule.get("groups"), path + ".groups"),
                                             path + ".groups", min_items=1),
            }
            if rule.get("waitSeconds") is not None:
                entry["waitSeconds"] = v.integer(rule["waitSeconds"], path + ".waitSeconds", 0,
                                                 MAX_WAIT_SECONDS)
            queue_ref = v.entity_ref(rule.get("queue"), path + ".queue")
            if queue_ref is not None:
                if index == 0:
                    # [TF]: "remove queue_id from first CGR rule to avoid api error".
                    raise ApiError(400, "bad.request",
                                   "The first conditional group routing rule cannot specify "
                                   "a queue; it always evaluates the current queue.",
                                   details=[{"errorCode": "bad.request",
                                             "fieldName": path + ".queue"}])
                if queue_ref["id"] != self.queue_id and \
                        self.state.get("queues", queue_ref["id"]) is None:
                    raise v.unknown_entity(path + ".queue.id", queue_ref["id"], "Queue")
                entry["queue"] = {"id": queue_ref["id"]}
            out.append(entry)
        return {"rules": out}

    def cga(self, value: Any) -> Dict[str, Any]:
        v.obj(value, "conditionalGroupActivation")
        out: Dict[str, Any] = {}
        pilot = v.obj(value.get("pilotRule"), "conditionalGroupActivation.pilotRule")
        if pilot is not None:
            out["pilotRule"] = self.cga_rule(pilot, "conditionalGroupActivation.pilotRule",
                                             with_groups=False)
        rules = v.array(value.get("rules"), "conditionalGroupActivation.rules", max_items=5)
        if rules is not None:
            out["rules"] = [self.cga_rule(rule, "conditionalGroupActivation.rules[%d]" % index,
                                          with_groups=True)
                            for index, rule in enumerate(rules)]
        return out

    def cga_rule(self, rule: Any, path: str, with_groups: bool) -> Dict[str, Any]:
        v.obj(v.required(rule, path), path)
        conditions = v.array(v.required(rule.get("conditions"), path + ".conditions"),
                             path + ".conditions", min_items=1, max_items=10)
        entry: Dict[str, Any] = {"conditions": []}
        for index, condition in enumerate(conditions):
            c_path = "%s.conditions[%d]" % (path, index)
            v.obj(v.required(condition, c_path), c_path)
            metric = v.obj(v.required(condition.get("simpleMetric"), c_path + ".simpleMetric"),
                           c_path + ".simpleMetric")
            # An enum in the SDK: an unchecked value would be echoed back and lost by
            # SDK clients (it deserializes as "outdated_sdk_version").
            simple: Dict[str, Any] = {
                "metric": v.enum(v.required(metric.get("metric"), c_path + ".simpleMetric.metric"),
                                 c_path + ".simpleMetric.metric", "Metric", CGA_METRICS)}
            queue_ref = v.entity_ref(metric.get("queue"), c_path + ".simpleMetric.queue")
            if queue_ref is not None:
                simple["queue"] = {"id": queue_ref["id"]}
            entry["conditions"].append({
                "operator": v.enum(v.required(condition.get("operator"), c_path + ".operator"),
                                   c_path + ".operator", "Operator", CGA_OPERATORS),
                "simpleMetric": simple,
                "value": v.number(v.required(condition.get("value"), c_path + ".value"),
                                  c_path + ".value")})
        expression = v.string(rule.get("conditionExpression"), path + ".conditionExpression")
        if expression is not None:
            entry["conditionExpression"] = expression
        if with_groups:
            entry["groups"] = self.member_groups(v.required(rule.get("groups"), path + ".groups"),
                                                 path + ".groups", min_items=1, max_items=5)
        return entry

    # -- other settings --------------------------------------------------
    def canned(self, value: Any) -> Dict[str, Any]:
        v.obj(value, "cannedResponseLibraries")
        out: Dict[str, Any] = {}
        if value.get("mode") is not None:
            out["mode"] = v.enum(value["mode"], "cannedResponseLibraries.mode", "Mode",
                                 CANNED_RESPONSE_MODES)
        ids = v.array(value.get("libraryIds"), "cannedResponseLibraries.libraryIds")
        if ids is not None:
            out["libraryIds"] = [v.string(item, "cannedResponseLibraries.libraryIds[%d]" % i)
                                 for i, item in enumerate(ids)]
        return out

    def agent_owned(self, value: Any) -> Dict[str, Any]:
        v.obj(value, "agentOwnedRouting")
        out: Dict[str, Any] = {}
        if value.get("enableAgentOwnedCallbacks") is not None:
            out["enableAgentOwnedCallbacks"] = v.boolean(
                value["enableAgentOwnedCallbacks"], "agentOwnedRouting.enableAgentOwnedCallbacks")
        for key, top in (("maxOwnedCallbackHours", 168), ("maxOwnedCallbackDelayHours", 720)):
            if value.get(key) is not None:
                out[key] = v.integer(value[key], "agentOwnedRouting." + key, 1, top)
        return out

    def direct_routing(self, value: Any) -> Dict[str, Any]:
        v.obj(value, "directRouting")
        out: Dict[str, Any] = {}
        for key in ("callMediaSettings", "emailMediaSettings", "messageMediaSettings"):
            settings = v.obj(value.get(key), "directRouting." + key)
            if settings is not None:
                entry = {}
                if settings.get("useAgentAddressOutbound") is not None:
                    entry["useAgentAddressOutbound"] = v.boolean(
                        settings["useAgentAddressOutbound"],
                        "directRouting.%s.useAgentAddressOutbound" % key)
                out[key] = entry
        backup = v.string(value.get("backupQueueId"), "directRouting.backupQueueId")
        if backup:
            if backup != self.queue_id and self.state.get("queues", backup) is None:
                raise v.unknown_entity("directRouting.backupQueueId", backup, "Queue")
            out["backupQueueId"] = backup
        if value.get("waitForAgent") is not None:
            out["waitForAgent"] = v.boolean(value["waitForAgent"], "directRouting.waitForAgent")
        if value.get("agentWaitSeconds") is not None:
            out["agentWaitSeconds"] = v.integer(value["agentWaitSeconds"],
                                                "directRouting.agentWaitSeconds", 60, 864000)
        return out

    def default_scripts(self, value: Any) -> Dict[str, Any]:
        v.obj(value, "defaultScripts")
        out = {}
        for key, script in value.items():
            v.enum(key, "defaultScripts", "CommunicationType", SCRIPT_TYPES)
            out[key] = v.entity_ref(script, "defaultScripts.%s" % key)
        return out

    def messaging_addresses(self, value: Any) -> Dict[str, Any]:
        v.obj(value, "outboundMessagingAddresses")
        out = {}
        for key in ("smsAddress", "openMessagingRecipient", "whatsAppRecipient"):
            ref = v.entity_ref(value.get(key), "outboundMessagingAddresses." + key)
            if ref is not None:
                out[key] = ref
        return out

    def email_address(self, value: Any, field: str = "outboundEmailAddress") -> Dict[str, Any]:
        v.obj(value, field)
        out = {}
        for key in ("domain", "route"):
            ref = v.entity_ref(value.get(key), field + "." + key)
            if ref is not None:
                out[key] = ref
        return out


def validate_queue_body(state: Any, body: Dict[str, Any],
                        queue_id: Optional[str] = None) -> Dict[str, Any]:
    """The stored writable document for a Create/QueueRequest body (400 on errors)."""
    doc = _QueueValidator(state, queue_id).run(body)
    lowered = doc["name"].lower()
    for other in state.all("queues"):
        if other["id"] != queue_id and other["name"].lower() == lowered:
            # Queue-name uniqueness and this wording are UNCONFIRMED (reference §1.5).
            raise ApiError(400, "bad.request", "A queue with name [%s] already exists."
                           % doc["name"], message_params={"name": doc["name"]},
                           message_with_params="A queue with name [{name}] already exists.",
                           details=[{"errorCode": "duplicate.name", "fieldName": "name"}])
    return doc
