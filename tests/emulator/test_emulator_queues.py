"""Queues: create, full-replacement PUT, validation, filters, divisions, delete."""
from __future__ import annotations

import copy

import pytest

from queue_bodies import without_server_filled

# Field names of the SDK Queue model (models appendix), so answers deserialize.
QUEUE_MODEL_FIELDS = {
    "id", "name", "division", "description", "dateCreated", "dateModified", "modifiedBy",
    "createdBy", "memberCount", "userMemberCount", "joinedMemberCount", "mediaSettings",
    "routingRules", "conditionalGroupRouting", "conditionalGroupActivation", "bullseye",
    "acwSettings", "skillEvaluationMethod", "memberGroups", "queueFlow", "emailInQueueFlow",
    "messageInQueueFlow", "whisperPrompt", "onHoldPrompt", "autoAnswerOnly",
    "cannedResponseLibraries", "enableTranscription", "enableAudioMonitoring",
    "enableManualAssignment", "agentOwnedRouting", "directRouting", "callingPartyName",
    "callingPartyNumber", "defaultScripts", "outboundMessagingAddresses",
    "outboundEmailAddress", "peerId", "suppressInQueueCallRecording", "selfUri",
    "scoringMethod", "lastAgentRoutingMode", "defaultMediaLanguage"}
MEDIA_FIELDS = {"enableAutoAnswer", "alertingTimeoutSeconds", "serviceLevel",
                "autoAnswerAlertToneSeconds", "manualAnswerAlertToneSeconds"}
CALLBACK_FIELDS = MEDIA_FIELDS | {
    "mode", "liveVoiceReactionType", "answeringMachineReactionType", "enableAutoDialAndEnd",
    "autoDialDelaySeconds", "autoEndDelaySeconds", "pacingModifier", "maxRetryCount",
    "retryDelaySeconds", "liveVoiceFlow", "answeringMachineFlow", "edgeGroup", "site"}
MESSAGE_FIELDS = MEDIA_FIELDS | {"subTypeSettings", "enableInactivityTimeout",
                                 "inactivityTimeoutSettings"}


def find_queue(emulator, name):
    listing = emulator.api("GET", "/api/v2/routing/queues", params={"name": name}).json()
    assert listing["total"] == 1, listing
    return listing["entities"][0]


def error_of(response, status=400):
    assert response.status_code == status, response.text
    return response.json()


def test_queue_objects_match_the_sdk_model(emulator):
    support = find_queue(emulator, "Support")
    assert set(support) <= QUEUE_MODEL_FIELDS
    media = support["mediaSettings"]
    assert set(media) == {"call", "callback", "chat", "email", "message"}
    assert set(media["call"]) <= MEDIA_FIELDS
    assert set(media["callback"]) <= CALLBACK_FIELDS
    assert set(media["message"]) <= MESSAGE_FIELDS
    assert set(support["division"]) == {"id", "name", "selfUri"}
    for group in support["memberGroups"]:
        assert {"id", "name", "type", "memberCount", "selfUri"} <= set(group)
    skill = support["bullseye"]["rings"][0]["actions"]["skillsToRemove"][0]
    assert {"id", "name", "selfUri"} == set(skill)


def test_create_queue_answers_200_with_server_fields(emulator):
    response = emulator.api("POST", "/api/v2/routing/queues", json={
        "name": "Claims", "description": "Insurance claims",
        "mediaSettings": {"call": {"alertingTimeoutSeconds": 15,
                                   "serviceLevel": {"percentage": 0.9, "durationMs": 15000}}}})
    assert response.status_code == 200, response.text
    queue = response.json()
    for key in ("id", "selfUri", "dateCreated", "dateModified", "createdBy", "modifiedBy"):
        assert queue[key]
    assert queue["memberCount"] == 0 and queue["userMemberCount"] == 0
    assert queue["joinedMemberCount"] == 0
    assert queue["selfUri"] == "/api/v2/routing/queues/" + queue["id"]
    home = emulator.api("GET", "/api/v2/authorization/divisions/home").json()
    assert queue["division"]["id"] == home["id"]
    assert queue["mediaSettings"]["call"]["alertingTimeoutSeconds"] == 15
    fetched = emulator.api("GET", "/api/v2/routing/queues/" + queue["id"]).json()
    assert fetched == queue


def test_create_queue_in_a_division(emulator):
    sales = emulator.api("GET", "/api/v2/authorization/divisions",
                         params={"name": "Sales"}).json()["entities"][0]
    queue = emulator.api("POST", "/api/v2/routing/queues",
                         json={"name": "Leads", "division": {"id": sales["id"]}}).json()
    assert queue["division"] == {"id": sales["id"], "name": "Sales", "selfUri": sales["selfUri"]}
    body = error_of(emulator.api("POST", "/api/v2/routing/queues",
                                 json={"name": "Nowhere", "division": {"id": "no-such"}}))
    assert "no-such" in body["message"]


def test_duplicate_queue_name_is_rejected(emulator):
    body = error_of(emulator.api("POST", "/api/v2/routing/queues", json={"name": "Sales"}))
    assert body["message"] == "A queue with name [Sales] already exists."
    billing = find_queue(emulator, "Billing")
    renamed = dict(billing, name="Sales")
    error_of(emulator.api("PUT", "/api/v2/routing/queues/" + billing["id"], json=renamed))


def test_name_is_required(emulator):
    body = error_of(emulator.api("POST", "/api/v2/routing/queues", json={"description": "x"}))
    assert body["code"] == "missing.required.field"
    assert body["details"][0]["fieldName"] == "name"
    support = find_queue(emulator, "Support")
    body = error_of(emulator.api("PUT", "/api/v2/routing/queues/" + support["id"],
                                 json={"description": "no name"}))
    assert body["code"] == "missing.required.field"


def test_put_is_a_full_replacement(emulator):
    support = find_queue(emulator, "Support")
    response = emulator.api("PUT", "/api/v2/routing/queues/" + support["id"],
                            json={"name": "Support"})
    assert response.status_code == 200, response.text
    after = response.json()
    for cleared in ("description", "routingRules", "bullseye", "memberGroups",
                    "conditionalGroupRouting", "conditionalGroupActivation", "queueFlow",
                    "whisperPrompt", "cannedResponseLibraries", "agentOwnedRouting",
                    "directRouting", "callingPartyName", "defaultScripts", "peerId",
                    "outboundEmailAddress", "outboundMessagingAddresses"):
        assert cleared in support, cleared
        assert cleared not in after, cleared
    # Always-present settings fall back to the server defaults.
    assert after["skillEvaluationMethod"] == "ALL"
    assert after["lastAgentRoutingMode"] == "Disabled"
    assert after["enableTranscription"] is False
    assert after["mediaSettings"]["call"]["alertingTimeoutSeconds"] == 8
    assert after["mediaSettings"]["callback"]["mode"] == "AgentFirst"
    assert "liveVoiceReactionType" not in after["mediaSettings"]["callback"]
    assert after["id"] == support["id"]
    assert after["dateCreated"] == support["dateCreated"]
    assert after["dateModified"] != support["dateModified"]
    assert emulator.api("GET", "/api/v2/routing/queues/" + support["id"]).json() == after


def test_put_of_a_get_body_round_trips(emulator):
    """GET -> change one field -> PUT keeps everything else (read-only fields ignored)."""
    support = find_queue(emulator, "Support")
    body = without_server_filled(support)
    body["description"] = "Changed"
    body["memberCount"] = 999
    body["joinedMemberCount"] = 999
    body["userMemberCount"] = 999
    body["dateCreated"] = "2000-01-01T00:00:00.000Z"
    body["selfUri"] = "/bogus"
    response = emulator.api("PUT", "/api/v2/routing/queues/" + support["id"], json=body)
    assert response.status_code == 200, response.text
    after = response.json()
    assert after["description"] == "Changed"
    for key in ("memberCount", "userMemberCount", "joinedMemberCount", "dateCreated",
                "selfUri"):
        assert after[key] == support[key], key
    unchanged = {k: v for k, v in support.items()
                 if k not in ("description", "dateModified", "modifiedBy")}
    assert {k: after[k] for k in unchanged} == unchanged


def test_put_partial_media_resets_other_media_and_subfields(emulator):
    support = find_queue(emulator, "Support")
    body = without_server_filled(support)
    body["mediaSettings"] = {"call": {"alertingTimeoutSeconds": 40}}
    after = emulator.api("PUT", "/api/v2/routing/queues/" + support["id"], json=body).json()
    assert after["mediaSettings"]["call"]["alertingTimeoutSeconds"] == 40
    assert after["mediaSettings"]["call"]["serviceLevel"] == {"percentage": 0.8,
                                                              "durationMs": 20000}
    assert "autoAnswerAlertToneSeconds" not in after["mediaSettings"]["call"]
    assert after["mediaSettings"]["chat"]["alertingTimeoutSeconds"] == 30
    assert after["mediaSettings"]["email"]["alertingTimeoutSeconds"] == 300


def test_last_writer_wins(emulator):
    support = find_queue(emulator, "Support")
    first = dict(without_server_filled(support), description="writer one")
    second = dict(without_server_filled(support), description="writer two")
    assert emulator.api("PUT", "/api/v2/routing/queues/" + support["id"],
                        json=first).status_code == 200
    assert emulator.api("PUT", "/api/v2/routing/queues/" + support["id"],
                        json=second).status_code == 200
    assert find_queue(emulator, "Support")["description"] == "writer two"


def test_put_ignores_a_division_change_and_objects_endpoint_moves(emulator):
    support = find_queue(emulator, "Support")
    sales = emulator.api("GET", "/api/v2/authorization/divisions",
                         params={"name": "Sales"}).json()["entities"][0]
    body = dict(without_server_filled(support), division={"id": sales["id"]})
    after = emulator.api("PUT", "/api/v2/routing/queues/" + support["id"], json=body).json()
    assert after["division"]["id"] == support["division"]["id"]
    response = emulator.api("POST", "/api/v2/authorization/divisions/%s/objects/QUEUE"
                            % sales["id"], json=[support["id"]])
    assert response.status_code == 204, response.text
    moved = emulator.api("GET", "/api/v2/routing/queues/" + support["id"]).json()
    assert moved["division"]["id"] == sales["id"]
    in_sales = emulator.api("GET", "/api/v2/routing/queues",
                            params={"divisionId": sales["id"], "pageSize": 100}).json()
    assert support["id"] in {q["id"] for q in in_sales["entities"]}
    error_of(emulator.api("POST", "/api/v2/authorization/divisions/%s/objects/QUEUE"
                          % sales["id"], json=["not-a-queue"]))
    error_of(emulator.api("POST", "/api/v2/authorization/divisions/%s/objects/BANANA"
                          % sales["id"], json=[support["id"]]))


@pytest.mark.parametrize("patch, field, fragment", [
    ({"mediaSettings": {"call": {"alertingTimeoutSeconds": 5}}},
     "mediaSettings.call.alertingTimeoutSeconds", "at least 7"),
    ({"mediaSettings": {"chat": {"serviceLevel": {"percentage": 1.5}}}},
     "mediaSettings.chat.serviceLevel.percentage", "between 0 and 1"),
    ({"mediaSettings": {"email": {"serviceLevel": {"durationMs": 999}}}},
     "mediaSettings.email.serviceLevel.durationMs", "at least 1000"),
    ({"mediaSettings": {"callback": {"maxRetryCount": 21}}},
     "mediaSettings.callback.maxRetryCount", "between 0 and 20"),
    ({"mediaSettings": {"callback": {"autoDialDelaySeconds": 1201}}},
     "mediaSettings.callback.autoDialDelaySeconds", "between 0 and 1200"),
    ({"acwSettings": {"wrapupPrompt": "OPTIONAL", "timeoutMs": 60000}},
     "acwSettings.timeoutMs", "wrapupPrompt"),
    ({"acwSettings": {"wrapupPrompt": "MANDATORY_TIMEOUT", "timeoutMs": 500}},
     "acwSettings.timeoutMs", "between 1000 and 3600000"),
    ({"routingRules": [{"operator": "ANY", "waitSeconds": 1}]},
     "routingRules[0].waitSeconds", "between 2 and 259200"),
    ({"routingRules": [{"operator": "ANY", "waitSeconds": 5}] * 7},
     "routingRules", "at most 6"),
    ({"agentOwnedRouting": {"maxOwnedCallbackHours": 169}},
     "agentOwnedRouting.maxOwnedCallbackHours", "between 1 and 168"),
    ({"directRouting": {"agentWaitSeconds": 59}},
     "directRouting.agentWaitSeconds", "between 60 and 864000"),
    ({"bullseye": {"rings": [{}]}}, "bullseye.rings", "between 2 and 6"),
    ({"bullseye": {"rings": [{}] * 7}}, "bullseye.rings", "at most 6"),
    ({"conditionalGroupRouting": {"rules": [
        {"operator": "GreaterThan", "conditionValue": 300000, "groups": []}]}},
     "conditionalGroupRouting.rules[0].conditionValue", "between 0 and 259200"),
])
def test_range_validation(emulator, patch, field, fragment):
    body = {"name": "Validation target"}
    body.update(patch)
    error = error_of(emulator.api("POST", "/api/v2/routing/queues", json=body))
    assert error["code"] == "invalid.value"
    assert error["details"][0]["fieldName"] == field
    assert fragment in error["message"]


@pytest.mark.parametrize("patch, type_name, allowed", [
    ({"mediaSettings": {"callback": {"mode": ""}}}, "Mode", "AgentFirst, CustomerFirst"),
    ({"mediaSettings": {"callback": {"mode": "Sometimes"}}}, "Mode",
     "AgentFirst, CustomerFirst"),
    ({"skillEvaluationMethod": "SOME"}, "SkillEvaluationMethod", "NONE, BEST, ALL"),
    ({"scoringMethod": "Random"}, "ScoringMethod", "TimestampAndPriority, PriorityOnly"),
    ({"lastAgentRoutingMode": "Always"}, "LastAgentRoutingMode",
     "Disabled, QueueMembersOnly, AnyAgent"),
    ({"acwSettings": {"wrapupPrompt": "NEVER"}}, "WrapupPrompt",
     "MANDATORY, OPTIONAL, MANDATORY_TIMEOUT, MANDATORY_FORCED_TIMEOUT, AGENT_REQUESTED"),
    ({"routingRules": [{"operator": "SOME"}]}, "Operator", "MEETS_THRESHOLD, ANY"),
    ({"memberGroups": [{"id": "x", "type": "CLUB"}]}, "Type", "TEAM, GROUP, SKILLGROUP"),
])
def test_enum_validation_uses_the_platform_message(emulator, patch, type_name, allowed):
    body = {"name": "Enum target"}
    body.update(patch)
    error = error_of(emulator.api("POST", "/api/v2/routing/queues", json=body))
    value = list(_leaf_values(patch))[0]
    assert error["message"] == ("Value [%s] is not valid for field type [%s]. Allowable values "
                                "are: %s" % (value, type_name, allowed))
    assert error["messageParams"]["fieldType"] == type_name


def _leaf_values(value):
    if isinstance(value, dict):
        for key in ("mode", "operator", "type", "wrapupPrompt"):
            if key in value and isinstance(value[key], str):
                yield value[key]
                return
        for item in value.values():
            yield from _leaf_values(item)
    elif isinstance(value, list):
        for item in value:
            yield from _leaf_values(item)
    elif isinstance(value, str):
        yield value


def test_type_errors_name_the_field(emulator):
    error = error_of(emulator.api("POST", "/api/v2/routing/queues",
                                  json={"name": "T", "enableTranscription": "yes"}))
    assert error["details"][0]["fieldName"] == "enableTranscription"
    error = error_of(emulator.api("POST", "/api/v2/routing/queues",
                                  json={"name": "T", "mediaSettings": {"call": []}}))
    assert error["details"][0]["fieldName"] == "mediaSettings.call"


def test_references_must_exist(emulator):
    for body, field in (
            ({"memberGroups": [{"id": "missing", "type": "GROUP"}]}, "memberGroups[0].id"),
            ({"bullseye": {"rings": [{"actions": {"skillsToRemove": [{"id": "missing"}]}}, {}]}},
             "bullseye.rings[0].actions.skillsToRemove[0].id"),
            ({"conditionalGroupRouting": {"rules": [
                {"operator": "GreaterThan", "conditionValue": 5,
                 "groups": [{"id": "missing", "type": "TEAM"}]}]}},
             "conditionalGroupRouting.rules[0].groups[0].id")):
        error = error_of(emulator.api("POST", "/api/v2/routing/queues",
                                      json=dict(body, name="Refs")))
        assert error["details"][0]["fieldName"] == field
        assert "missing" in error["message"]


def test_cgr_first_rule_cannot_name_a_queue(emulator):
    support = find_queue(emulator, "Support")
    sales = find_queue(emulator, "Sales")
    group = support["memberGroups"][0]
    rule = {"operator": "GreaterThan", "conditionValue": 10,
            "groups": [{"id": group["id"], "type": group["type"]}]}
    body = dict(without_server_filled(support), conditionalGroupRouting={"rules": [
        dict(rule, queue={"id": sales["id"]})]})
    error = error_of(emulator.api("PUT", "/api/v2/routing/queues/" + support["id"], json=body))
    assert error["details"][0]["fieldName"] == "conditionalGroupRouting.rules[0].queue"
    body["conditionalGroupRouting"] = {"rules": [rule, dict(rule, queue={"id": sales["id"]})]}
    after = emulator.api("PUT", "/api/v2/routing/queues/" + support["id"], json=body)
    assert after.status_code == 200, after.text
    assert after.json()["conditionalGroupRouting"]["rules"][1]["queue"]["name"] == "Sales"
    body["conditionalGroupRouting"] = {"rules": [rule] * 6}
    error_of(emulator.api("PUT", "/api/v2/routing/queues/" + support["id"], json=body))
    body["conditionalGroupRouting"] = {"rules": [dict(rule, groups=[])]}
    error_of(emulator.api("PUT", "/api/v2/routing/queues/" + support["id"], json=body))


def test_unknown_properties_are_ignored(emulator):
    queue = emulator.api("POST", "/api/v2/routing/queues",
                         json={"name": "Extra", "colour": "blue"}).json()
    assert "colour" not in queue


def test_delete_queue(emulator):
    sales = find_queue(emulator, "Sales")
    response = emulator.api("DELETE", "/api/v2/routing/queues/" + sales["id"],
                            params={"forceDelete": "true"})
    assert response.status_code == 204
    assert emulator.api("GET", "/api/v2/routing/queues/" + sales["id"]).status_code == 404
    assert emulator.api("DELETE", "/api/v2/routing/queues/" + sales["id"]).status_code == 404
    assert emulator.api("GET", "/api/v2/routing/queues/%s/members" % sales["id"]) \
        .status_code == 404


def test_name_filter_exact_and_wildcards(emulator):
    def names(pattern):
        listing = emulator.api("GET", "/api/v2/routing/queues",
                               params={"name": pattern, "pageSize": 100}).json()
        return sorted(q["name"] for q in listing["entities"])

    assert names("Support") == ["Support"]
    assert names("support") == ["Support"]
    assert names("Supp") == []
    assert names("Supp*") == ["Support"]
    assert names("*Support") == ["Email Support", "Spanish Support", "Support",
                                 "Technical Support"]
    assert names("*port*") == ["Email Support", "Spanish Support", "Support",
                               "Technical Support"]


def test_id_filter_is_repeatable(emulator):
    ids = [find_queue(emulator, "Sales")["id"], find_queue(emulator, "VIP")["id"]]
    listing = emulator.api("GET", "/api/v2/routing/queues", params={"id": ids}).json()
    assert sorted(q["id"] for q in listing["entities"]) == sorted(ids)
    assert listing["total"] == 2


def test_division_filter_is_repeatable(emulator):
    divisions = emulator.api("GET", "/api/v2/authorization/divisions").json()["entities"]
    by_name = {d["name"]: d["id"] for d in divisions}
    everything = emulator.api("GET", "/api/v2/routing/queues", params={"pageSize": 100}).json()
    wanted = {by_name["Sales"], by_name["Support"]}
    expected = sorted(q["id"] for q in everything["entities"] if q["division"]["id"] in wanted)
    listing = emulator.api("GET", "/api/v2/routing/queues",
                           params={"divisionId": sorted(wanted), "pageSize": 100}).json()
    assert sorted(q["id"] for q in listing["entities"]) == expected
    assert 0 < len(expected) < everything["total"]


def test_results_sorted_by_name_and_sort_order(emulator):
    ascending = emulator.api("GET", "/api/v2/routing/queues", params={"pageSize": 100}).json()
    names = [q["name"] for q in ascending["entities"]]
    assert names == sorted(names, key=str.lower)
    descending = emulator.api("GET", "/api/v2/routing/queues",
                              params={"pageSize": 100, "sortOrder": "desc"}).json()
    assert [q["name"] for q in descending["entities"]] == names[::-1]


def test_create_from_source_queue(emulator):
    support = find_queue(emulator, "Support")
    clone = emulator.api("POST", "/api/v2/routing/queues",
                         json={"name": "Support copy", "sourceQueueId": support["id"],
                               "description": "copied"}).json()
    assert clone["mediaSettings"] == support["mediaSettings"]
    assert clone["acwSettings"] == support["acwSettings"]
    assert clone["description"] == "copied"
    assert clone["memberGroups"] == support["memberGroups"]
    assert clone["userMemberCount"] == 0          # members are not settings
    assert clone["division"]["name"] == "Home"    # the division is not copied either
    error_of(emulator.api("POST", "/api/v2/routing/queues",
                          json={"name": "x", "sourceQueueId": "missing"}))


def test_get_fills_server_owned_cgr_queue_and_refuses_it_back(emulator):
    """Rule 1 of conditional group routing names the queue itself on GET; a PUT sending it back is a 400.
    Activation conditions without a queue get the queue itself too (TF PR #2327)."""
    support = find_queue(emulator, "Support")
    rules = support["conditionalGroupRouting"]["rules"]
    assert rules[0]["queue"]["id"] == support["id"]
    assert rules[0]["queue"]["name"] == "Support"
    response = emulator.api("PUT", "/api/v2/routing/queues/" + support["id"], json=support)
    assert response.status_code == 400
    assert response.json()["details"][0]["fieldName"] == "conditionalGroupRouting.rules[0].queue"
    body = without_server_filled(support)
    group = rules[0]["groups"][0]
    body["conditionalGroupActivation"] = {"rules": [{
        "conditions": [{"operator": "GreaterThan", "simpleMetric": {"metric": "EstimatedWaitTime"}, "value": 30}],
        "groups": [{"id": group["id"], "type": group["type"]}]}]}
    stored = emulator.api("PUT", "/api/v2/routing/queues/" + support["id"], json=body).json()
    condition = stored["conditionalGroupActivation"]["rules"][0]["conditions"][0]
    assert condition["simpleMetric"]["queue"]["id"] == support["id"]
