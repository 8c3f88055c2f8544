"""Seed organizations: ``empty``, ``demo``, ``demo-prod`` and ``large:N``.

Every id is a uuid5 of (salt, kind, name), so a seed is identical on every run,
and a salt (``--id-salt prod`` or the ``demo-prod`` seed) gives a second org with
the same names and different ids.  Timestamps are fixed for the same reason.
"""
from __future__ import annotations

import random
from typing import Any, Dict, List, Optional, Tuple

from . import framework
from .framework import SeedContext, make_seed_id
from .store import Store

SEED_TIME = "2024-01-15T09:00:00.000Z"
SEED_CLIENT = "emulator-seed"
MAX_LARGE = 100000


class SeedError(ValueError):
    pass


def parse_spec(spec: str) -> Tuple[str, Optional[int], str]:
    """"large:50" -> ("large", 50, ""); "demo-prod" -> ("demo", None, "prod")."""
    name, _, arg_text = spec.partition(":")
    salt = ""
    if name == "demo-prod":
        name, salt = "demo", "prod"
    if name not in ("empty", "demo", "large"):
        raise SeedError("unknown seed [%s]; use empty, demo, demo-prod or large:N" % spec)
    arg: Optional[int] = None
    if arg_text:
        if name != "large":
            raise SeedError("seed [%s] takes no argument" % name)
        try:
            arg = int(arg_text)
        except ValueError:
            raise SeedError("large:N needs an integer N, got [%s]" % arg_text)
        if not 0 <= arg <= MAX_LARGE:
            raise SeedError("large:N needs 0 <= N <= %d" % MAX_LARGE)
    if name == "large" and arg is None:
        arg = 100
    return name, arg, salt


def build(spec: str, salt: str = "") -> Dict[str, Dict[str, Any]]:
    """The full data of a seeded org, extension seeders included."""
    name, arg, spec_salt = parse_spec(spec)
    salt = salt or spec_salt
    store = Store()
    builder = _OrgBuilder(store, salt)
    builder.base()
    if name == "demo":
        builder.demo()
    elif name == "large":
        builder.large(arg or 0)
    ctx = SeedContext(name=name, arg=arg, salt=salt, state=store, now=SEED_TIME)
    for extension in framework.SEEDERS:
        extension(ctx)
    return store.data


# ---------------------------------------------------------------------------

FIRST_NAMES = ["Alice", "Bruno", "Chloe", "Daniel", "Elena", "Farid", "Grace", "Hugo", "Ines",
               "Jonas", "Keiko", "Liam", "Maria", "Noah", "Olivia", "Pablo", "Quinn", "Rosa",
               "Samir", "Tara", "Umar", "Vera", "Wei", "Yara", "Zoe"]
LAST_NAMES = ["Martin", "Silva", "Dubois", "Kim", "Novak", "Haddad", "Okafor", "Lefevre",
              "Garcia", "Becker", "Tanaka", "Murphy", "Rossi", "Jensen", "Walsh", "Moreno",
              "Byrne", "Costa", "Nasser", "Singh", "Ali", "Petrova", "Chen", "Cohen", "Larsen"]
SKILLS = [("Billing", "Home"), ("Sales", "Sales"), ("Support", "Support"),
          ("Technical", "Support"), ("VIP", "Home"), ("Spanish-speaking", "Home"),
          ("French-speaking", "Home"), ("Returns", "Support"), ("Refunds", "Support"),
          ("Onboarding", "Sales"), ("Retention", "Sales"), ("Escalations", "Support"),
          ("Hardware", "Support"), ("Software", "Support"), ("Networking", "Support"),
          ("Accounts", "Home"), ("Fraud", "Home"), ("Compliance", "Home"),
          ("Premium", "Sales"), ("Upselling", "Sales")]
LANGUAGES = ["English", "Spanish", "French", "German"]
WRAPUP_CODES = [("Resolved", "Home", "Customer issue resolved on first contact"),
                ("Follow-up Required", "Home", "Agent must follow up with the customer"),
                ("Escalated", "Support", "Handed over to tier 2"),
                ("Sale Completed", "Sales", "Order placed"),
                ("No Sale", "Sales", "Customer declined the offer"),
                ("Callback Scheduled", "Home", "A callback was booked")]
# Enough users for bulk-membership scenarios beyond one 100-id call (250 members need 3).
LARGE_ORG_USERS = 300
DEPARTMENTS = ["Sales", "Support", "Billing", "Technical", "Retention", "Onboarding",
               "Returns", "Accounts"]


class _OrgBuilder:
    def __init__(self, store: Store, salt: str):
        self.store = store
        self.salt = salt
        self.division_ids: Dict[str, str] = {}
        self.skill_ids: Dict[str, str] = {}
        self.user_ids: List[str] = []

    def make_id(self, kind: str, name: str) -> str:
        return make_seed_id(kind, name, self.salt)

    # -- building blocks -------------------------------------------------
    def base(self) -> None:
        self.division("Home", "The home division", home=True)

    def division(self, name: str, description: str, home: bool = False) -> str:
        division_id = self.make_id("division", name)
        self.store.put("divisions", division_id, {
            "id": division_id, "name": name, "description": description,
            "homeDivision": home})
        self.division_ids[name] = division_id
        return division_id

    def skill(self, name: str, division: str) -> str:
        skill_id = self.make_id("skill", name)
        self.store.put("skills", skill_id, {
            "id": skill_id, "name": name, "division": {"id": self.division_ids[division]},
            "state": "active", "dateModified": SEED_TIME, "version": "1"})
        self.skill_ids[name] = skill_id
        return skill_id

    def language(self, name: str) -> str:
        language_id = self.make_id("language", name)
        self.store.put("languages", language_id, {
            "id": language_id, "name": name, "state": "active", "dateModified": SEED_TIME,
            "version": "1"})
        return language_id

    def user(self, first: str, last: str, division: str, department: str,
             title: str = "Agent", state: str = "active") -> str:
        name = "%s %s" % (first, last)
        user_id = self.make_id("user", name)
        email = "%s.%s@example.com" % (first.lower(), last.lower())
        self.store.put("users", user_id, {
            "id": user_id, "name": name, "email": email, "username": email,
            "state": state, "department": department, "title": title,
            "division": {"id": self.division_ids[division]}, "version": 1,
            "acdAutoAnswer": False, "chat": {"jabberId": "%s@emulator.example.com" % user_id},
            "primaryContactInfo": [{"address": email, "mediaType": "EMAIL",
                                    "type": "PRIMARY"}]})
        self.user_ids.append(user_id)
        return user_id

    def group(self, kind: str, name: str, description: str, member_ids: List[str],
              division: Optional[str] = None) -> str:
        group_id = self.make_id(kind, name)
        entity: Dict[str, Any] = {"id": group_id, "name": name, "description": description,
                                  "dateModified": SEED_TIME, "_memberIds": list(member_ids)}
        if kind == "groups":
            entity.update({"state": "active", "type": "official", "visibility": "public",
                           "rulesVisible": True, "version": 1})
        else:
            entity.update({"division": {"id": self.division_ids[division or "Home"]},
                           "dateCreated": SEED_TIME})
        self.store.put(kind, group_id, entity)
        return group_id

    def wrapupcode(self, name: str, division: str, description: str) -> str:
        code_id = self.make_id("wrapupcode", name)
        self.store.put("wrapupcodes", code_id, {
            "id": code_id, "name": name, "division": {"id": self.division_ids[division]},
            "description": description, "dateCreated": SEED_TIME, "dateModified": SEED_TIME,
            "createdBy": SEED_CLIENT, "modifiedBy": SEED_CLIENT})
        return code_id

    def queue(self, body: Dict[str, Any], division: str,
              members: Optional[List[Tuple[str, int, bool]]] = None,
              wrapupcodes: Optional[List[str]] = None) -> str:
        """Create a queue through the same validator the API uses."""
        from .queue_validation import validate_queue_body
        queue_id = self.make_id("queue", body["name"])
        doc = validate_queue_body(self.store, body, queue_id=queue_id)
        queue = {"id": queue_id}
        queue.update(doc)
        queue.update({"division": {"id": self.division_ids[division]},
                      "dateCreated": SEED_TIME, "dateModified": SEED_TIME,
                      "createdBy": SEED_CLIENT, "modifiedBy": SEED_CLIENT})
        self.store.put("queues", queue_id, queue)
        if members:
            self.store.put("queue_members", queue_id, {
                user_id: {"direct": True, "ringNumber": ring, "joined": joined}
                for user_id, ring, joined in members})
        if wrapupcodes:
            self.store.put("queue_wrapupcodes", queue_id, list(wrapupcodes))
        return queue_id

    def utilization(self, media: Dict[str, Dict[str, Any]]) -> None:
        from .utilization import default_utilization
        data = default_utilization()
        for key, settings in media.items():
            data["utilization"][key].update(settings)
        self.store.put("settings", "utilization", data)

    # -- the demo org ----------------------------------------------------
    def demo(self) -> None:
        self.division("Sales", "Sales and retention teams")
        self.division("Support", "Customer support and technical help desk")
        for name, division in SKILLS:
            self.skill(name, division)
        language_ids = {name: self.language(name) for name in LANGUAGES}
        divisions = ["Home", "Sales", "Support"]
        departments = ["Sales", "Support", "Billing", "Technical"]
        for index in range(25):
            self.user(FIRST_NAMES[index], LAST_NAMES[index], divisions[index % 3],
                      departments[index % 4],
                      title="Team Lead" if index % 8 == 0 else "Agent",
                      state="inactive" if index == 24 else "active")
        users = self.user_ids
        sk = self.skill_ids
        # Routing skills: deterministic spread, enough to populate the skill groups.
        for index, user_id in enumerate(users):
            assigned = {sk[SKILLS[(index + offset) % len(SKILLS)][0]]: float(1 + (index + offset)
                                                                            % 5)
                        for offset in (0, 3, 7)}
            if index % 3 == 0:
                assigned[sk["Billing"]] = 4.0
            self.store.put("user_skills", user_id, assigned)
            languages = {language_ids["English"]: 5.0}
            if index % 4 == 1:
                languages[language_ids["Spanish"]] = 4.0
            if index % 5 == 2:
                languages[language_ids["French"]] = 3.0
            if index % 7 == 3:
                languages[language_ids["German"]] = 2.0
            self.store.put("user_languages", user_id, languages)
        sales_group = self.group("groups", "Sales Agents", "Everyone who sells",
                                 users[1:10])
        support_group = self.group("groups", "Support Agents", "Front-line support",
                                   users[10:20])
        tier2_team = self.group("teams", "Tier 2 Escalations", "Senior support engineers",
                                users[20:24], division="Support")
        codes = {name: self.wrapupcode(name, division, description)
                 for name, division, description in WRAPUP_CODES}
        self._skillgroup("Spanish Billing", "Home", "Billing agents who speak Spanish",
                         [{"operation": "And",
                           "routingSkillConditions": [
                               {"routingSkill": "Billing", "comparator": "GreaterThanOrEqualTo",
                                "proficiency": 3, "childConditions": []}],
                           "languageSkillConditions": [
                               {"languageSkill": "Spanish", "comparator": "GreaterThanOrEqualTo",
                                "proficiency": 3, "childConditions": []}]}],
                         ["Home", "Sales", "Support"])
        technical = self._skillgroup(
            "Technical Experts", "Support", "Strong technical or networking skills",
            [{"operation": "Or",
              "routingSkillConditions": [
                  {"routingSkill": "Technical", "comparator": "GreaterThanOrEqualTo",
                   "proficiency": 4, "childConditions": []},
                  {"routingSkill": "Networking", "comparator": "GreaterThanOrEqualTo",
                   "proficiency": 4, "childConditions": []}],
              "languageSkillConditions": []}], ["Support", "Home"])
        self._skillgroup("VIP Handlers", "Sales", "VIP skill without fraud flag",
                         [{"operation": "And",
                           "routingSkillConditions": [
                               {"routingSkill": "VIP", "comparator": "GreaterThan",
                                "proficiency": 0,
                                "childConditions": [
                                    {"operation": "Not",
                                     "routingSkillConditions": [
                                         {"routingSkill": "Fraud", "comparator": "GreaterThan",
                                          "proficiency": 3, "childConditions": []}],
                                     "languageSkillConditions": []}]}],
                           "languageSkillConditions": []}], ["Sales"])
        self.utilization({"call": {"maximumCapacity": 1, "interruptableMediaTypes": []},
                          "chat": {"maximumCapacity": 3, "interruptableMediaTypes": ["call"]},
                          "email": {"maximumCapacity": 2,
                                    "interruptableMediaTypes": ["call", "chat"]},
                          "message": {"maximumCapacity": 4, "interruptableMediaTypes": ["call"],
                                      "includeNonAcd": True}})
        self._demo_queues(users, codes, sales_group, support_group, tier2_team, technical)

    def _skillgroup(self, name: str, division: str, description: str,
                    conditions: List[Dict[str, Any]], member_divisions: List[str]) -> str:
        from .skillgroups import validate_conditions
        validate_conditions(self.store, conditions, "skillConditions")
        group_id = self.make_id("skillgroup", name)
        self.store.put("skillgroups", group_id, {
            "id": group_id, "name": name, "description": description,
            "division": {"id": self.division_ids[division]}, "skillConditions": conditions,
            "memberDivisions": [self.division_ids[d] for d in member_divisions],
            "dateCreated": SEED_TIME, "dateModified": SEED_TIME})
        return group_id

    def _demo_queues(self, users: List[str], codes: Dict[str, str], sales_group: str,
                     support_group: str, tier2_team: str, technical: str) -> None:
        sk = self.skill_ids
        flow = {"id": self.make_id("flow", "Standard In-Queue"), "name": "Standard In-Queue"}

        def media(call: Tuple[int, float, int], chat: Tuple[int, float, int],
                  email: Tuple[int, float, int]) -> Dict[str, Any]:
            def one(values: Tuple[int, float, int]) -> Dict[str, Any]:
                return {"alertingTimeoutSeconds": values[0],
                        "serviceLevel": {"percentage": values[1], "durationMs": values[2]}}
            return {"call": one(call), "chat": one(chat), "email": one(email),
                    "message": one(chat),
                    "callback": dict(one(call), mode="AgentFirst", enableAutoDialAndEnd=False)}

        # "Support" carries every writable field the emulator supports, so tests of
        # "unmanaged fields survive an update" have something to lose.
        self.queue({
            "name": "Support", "description": "Front-line customer support",
            "mediaSettings": {
                "call": {"alertingTimeoutSeconds": 12, "enableAutoAnswer": False,
                         "autoAnswerAlertToneSeconds": 1.5, "manualAnswerAlertToneSeconds": 3.0,
                         "serviceLevel": {"percentage": 0.8, "durationMs": 20000}},
                "callback": {"alertingTimeoutSeconds": 30, "mode": "CustomerFirst",
                             "serviceLevel": {"percentage": 0.7, "durationMs": 60000},
                             "liveVoiceReactionType": "TransferToQueue",
                             "answeringMachineReactionType": "HangUp",
                             "enableAutoDialAndEnd": True, "autoDialDelaySeconds": 10,
                             "autoEndDelaySeconds": 30, "pacingModifier": 1.0,
                             "maxRetryCount": 2, "retryDelaySeconds": 300,
                             "edgeGroup": {"id": self.make_id("edgegroup", "Cloud Edge")}},
                "chat": {"alertingTimeoutSeconds": 20, "enableAutoAnswer": True,
                         "serviceLevel": {"percentage": 0.85, "durationMs": 30000}},
                "email": {"alertingTimeoutSeconds": 600,
                          "serviceLevel": {"percentage": 0.9, "durationMs": 14400000}},
                "message": {"alertingTimeoutSeconds": 25, "enableInactivityTimeout": True,
                            "serviceLevel": {"percentage": 0.8, "durationMs": 40000},
                            "subTypeSettings": {"webmessaging": {"enableAutoAnswer": False,
                                                                 "enableInactivityTimeout": True}},
                            "inactivityTimeoutSettings": {"actionType": "DISCONNECT",
                                                          "timeoutSeconds": 1800}}},
            "routingRules": [{"operator": "MEETS_THRESHOLD", "threshold": 9, "waitSeconds": 10},
                             {"operator": "ANY", "waitSeconds": 15}],
            "bullseye": {"rings": [
                {"expansionCriteria": [{"type": "TIMEOUT_SECONDS", "threshold": 15}],
                 "actions": {"skillsToRemove": [{"id": sk["VIP"]}]}},
                {"expansionCriteria": [{"type": "TIMEOUT_SECONDS", "threshold": 30}],
                 "actions": {"skillsToRemove": [{"id": sk["Technical"]}]}},
                {"memberGroups": [{"id": tier2_team, "type": "TEAM"}]}]},
            "acwSettings": {"wrapupPrompt": "MANDATORY_TIMEOUT", "timeoutMs": 120000},
            "skillEvaluationMethod": "BEST", "scoringMethod": "TimestampAndPriority",
            "lastAgentRoutingMode": "QueueMembersOnly",
            "memberGroups": [{"id": support_group, "type": "GROUP"},
                             {"id": technical, "type": "SKILLGROUP"}],
            "conditionalGroupRouting": {"rules": [
                {"metric": "EstimatedWaitTime", "operator": "GreaterThan",
                 "conditionValue": 60, "waitSeconds": 20,
                 "groups": [{"id": support_group, "type": "GROUP"}]},
                {"metric": "ServiceLevel", "operator": "LessThan", "conditionValue": 0.7,
                 "waitSeconds": 30, "groups": [{"id": tier2_team, "type": "TEAM"}]}]},
            "conditionalGroupActivation": {
                "pilotRule": {"conditionExpression": "C1",
                              "conditions": [{"operator": "GreaterThan", "value": 30,
                                              "simpleMetric": {"metric": "EstimatedWaitTime"}}]},
                "rules": [{"conditionExpression": "C1",
                           "conditions": [{"operator": "LessThan", "value": 2,
                                           "simpleMetric": {"metric": "IdleAgentCount"}}],
                           "groups": [{"id": tier2_team, "type": "TEAM"}]}]},
            "queueFlow": flow, "emailInQueueFlow": flow, "messageInQueueFlow": flow,
            "whisperPrompt": {"id": self.make_id("prompt", "Support whisper")},
            "onHoldPrompt": {"id": self.make_id("prompt", "Hold music")},
            "autoAnswerOnly": True, "enableTranscription": True, "enableAudioMonitoring": True,
            "enableManualAssignment": True, "suppressInQueueCallRecording": False,
            "cannedResponseLibraries": {"mode": "SelectedOnly",
                                        "libraryIds": [self.make_id("library", "Support")]},
            "agentOwnedRouting": {"enableAgentOwnedCallbacks": True,
                                  "maxOwnedCallbackHours": 24,
                                  "maxOwnedCallbackDelayHours": 72},
            "directRouting": {"callMediaSettings": {"useAgentAddressOutbound": True},
                              "emailMediaSettings": {"useAgentAddressOutbound": False},
                              "messageMediaSettings": {"useAgentAddressOutbound": True},
                              "waitForAgent": True, "agentWaitSeconds": 120},
            "callingPartyName": "Example Support", "callingPartyNumber": "+15555550100",
            "defaultScripts": {"CALL": {"id": self.make_id("script", "Support call")},
                               "EMAIL": {"id": self.make_id("script", "Support email")}},
            "outboundMessagingAddresses": {
                "smsAddress": {"id": self.make_id("sms", "+15555550101")}},
            "outboundEmailAddress": {
                "domain": {"id": "support.example.com"},
                "route": {"id": self.make_id("route", "support@support.example.com")}},
            "peerId": self.make_id("peer", "Support external"),
            "defaultMediaLanguage": "en-US",
        }, "Support", members=[(users[0], 1, True), (users[3], 2, True), (users[6], 3, False),
                                (users[9], 1, True)],
            wrapupcodes=[codes["Resolved"], codes["Escalated"], codes["Follow-up Required"]])

        simple = [
            ("Sales", "Sales", "Inbound sales", (10, 0.8, 20000), [sales_group], [1, 2, 4, 5],
             ["Sale Completed", "No Sale", "Callback Scheduled"]),
            ("Billing", "Home", "Invoices and payments", (15, 0.8, 30000), [], [0, 3, 6, 12, 15],
             ["Resolved", "Follow-up Required"]),
            ("Technical Support", "Support", "Tier 1 technical help", (20, 0.75, 45000), [],
             [13, 14, 16, 17], ["Resolved", "Escalated"]),
            ("VIP", "Sales", "Priority line for VIP customers", (8, 0.95, 10000), [],
             [0, 8, 16], ["Resolved"]),
            ("Spanish Support", "Support", "Soporte en español", (15, 0.8, 20000), [],
             [1, 5, 9, 13, 17], ["Resolved", "Escalated"]),
            ("Returns", "Support", "Returns and exchanges", (15, 0.8, 30000), [], [18, 19],
             ["Resolved"]),
            ("Retention", "Sales", "Save desk", (12, 0.85, 20000), [], [2, 7], ["No Sale"]),
            ("Callbacks", "Home", "Scheduled callbacks", (30, 0.7, 60000), [], [10, 11],
             ["Callback Scheduled"]),
            ("Email Support", "Support", "Email-only support", (600, 0.9, 14400000), [],
             [20, 21, 22], ["Resolved", "Follow-up Required"]),
        ]
        for name, division, description, levels, groups, member_indexes, code_names in simple:
            body: Dict[str, Any] = {
                "name": name, "description": description,
                "mediaSettings": media(levels, (30, levels[1], levels[2]),
                                       (600, 0.9, 14400000)),
                "acwSettings": {"wrapupPrompt": "OPTIONAL"} if name == "Callbacks" else
                {"wrapupPrompt": "MANDATORY_TIMEOUT", "timeoutMs": 60000},
                "skillEvaluationMethod": "ALL", "queueFlow": flow}
            if groups:
                body["memberGroups"] = [{"id": group, "type": "GROUP"} for group in groups]
            if name == "VIP":
                body["routingRules"] = [{"operator": "MEETS_THRESHOLD", "threshold": 8,
                                         "waitSeconds": 5}]
                body["bullseye"] = {"rings": [
                    {"expansionCriteria": [{"type": "TIMEOUT_SECONDS", "threshold": 10}],
                     "actions": {"skillsToRemove": [{"id": sk["VIP"]}]}}, {}]}
            self.queue(body, division,
                       members=[(users[i], 1, i % 5 != 4) for i in member_indexes],
                       wrapupcodes=[codes[c] for c in code_names])

    # -- the large org ---------------------------------------------------
    def large(self, count: int) -> None:
        """``count`` realistic queues over 5 divisions and LARGE_ORG_USERS users, built fast."""
        for name, description in (("Sales", "Sales"), ("Support", "Support"),
                                  ("Operations", "Back office"), ("Partners", "Partner desk")):
            self.division(name, description)
        division_names = list(self.division_ids)
        for name, division in SKILLS:
            self.skill(name, division if division in self.division_ids else "Home")
        for name in LANGUAGES:
            self.language(name)
        rng = random.Random(20240115)
        for index in range(LARGE_ORG_USERS):
            first = FIRST_NAMES[index % len(FIRST_NAMES)]
            last = LAST_NAMES[(index // len(FIRST_NAMES) + index) % len(LAST_NAMES)]
            if index >= len(FIRST_NAMES):
                last = "%s%d" % (last, index // len(FIRST_NAMES))
            self.user(first, last, division_names[index % len(division_names)],
                      DEPARTMENTS[index % len(DEPARTMENTS)])
        users = self.user_ids
        groups = [self.group("groups", "%s Agents" % dept, "Agents of %s" % dept,
                             users[i * 20:(i + 1) * 20])
                  for i, dept in enumerate(DEPARTMENTS[:4])]
        codes = [self.wrapupcode(name, "Home", description)
                 for name, _division, description in WRAPUP_CODES]
        skill_ids = list(self.skill_ids.values())
        queues = self.store.data.setdefault("queues", {})
        members_kind = self.store.data.setdefault("queue_members", {})
        codes_kind = self.store.data.setdefault("queue_wrapupcodes", {})
        prompts = ("MANDATORY_TIMEOUT", "OPTIONAL", "MANDATORY", "AGENT_REQUESTED")
        for number in range(1, count + 1):
            dept = DEPARTMENTS[number % len(DEPARTMENTS)]
            name = "Queue %04d - %s" % (number, dept)
            queue_id = self.make_id("queue", name)
            alerting = rng.choice((8, 10, 12, 15, 20, 30))
            percentage = rng.choice((0.7, 0.75, 0.8, 0.85, 0.9))
            duration = rng.choice((10000, 20000, 30000, 60000))
            prompt = prompts[number % len(prompts)]
            acw: Dict[str, Any] = {"wrapupPrompt": prompt}
            if prompt in ("MANDATORY_TIMEOUT", "AGENT_REQUESTED"):
                acw["timeoutMs"] = rng.choice((30000, 60000, 120000))
            queue: Dict[str, Any] = {
                "id": queue_id, "name": name,
                "description": "%s queue number %d" % (dept, number),
                "division": {"id": self.division_ids[division_names[number
                                                                    % len(division_names)]]},
                "mediaSettings": _large_media(alerting, percentage, duration),
                "acwSettings": acw,
                "skillEvaluationMethod": ("ALL", "BEST", "NONE")[number % 3],
                "scoringMethod": "TimestampAndPriority", "lastAgentRoutingMode": "Disabled",
                "autoAnswerOnly": True, "enableTranscription": number % 4 == 0,
                "enableAudioMonitoring": False, "enableManualAssignment": False,
                "suppressInQueueCallRecording": True,
                "dateCreated": SEED_TIME, "dateModified": SEED_TIME,
                "createdBy": SEED_CLIENT, "modifiedBy": SEED_CLIENT}
            if number % 5 == 0:
                queue["memberGroups"] = [{"id": groups[number % len(groups)], "type": "GROUP"}]
            if number % 3 == 0:
                queue["bullseye"] = {"rings": [
                    {"expansionCriteria": [{"type": "TIMEOUT_SECONDS", "threshold": 15.0}],
                     "actions": {"skillsToRemove": [{"id": rng.choice(skill_ids)}]}},
                    {}]}
            if number % 4 == 1:
                queue["routingRules"] = [{"operator": "MEETS_THRESHOLD", "threshold": 8,
                                          "waitSeconds": 10.0}]
            queues[queue_id] = queue
            picked = rng.sample(users, rng.randint(3, 12))
            rings = 2 if "bullseye" in queue else 1
            members_kind[queue_id] = {user_id: {"direct": True,
                                                "ringNumber": 1 + (i % rings),
                                                "joined": i % 6 != 5}
                                      for i, user_id in enumerate(picked)}
            codes_kind[queue_id] = codes[:2 + number % 4]


def _large_media(alerting: int, percentage: float, duration: int) -> Dict[str, Any]:
    def one(timeout: int, level: float, target: int) -> Dict[str, Any]:
        return {"enableAutoAnswer": False, "alertingTimeoutSeconds": timeout,
                "serviceLevel": {"percentage": level, "durationMs": target}}
    callback = one(30, percentage, duration)
    callback.update({"mode": "AgentFirst", "enableAutoDialAndEnd": False,
                     "autoDialDelaySeconds": 300, "autoEndDelaySeconds": 300})
    return {"call": one(alerting, percentage, duration), "callback": callback,
            "chat": one(30, percentage, duration), "email": one(300, 0.9, 86400000),
            "message": one(30, percentage, duration)}
