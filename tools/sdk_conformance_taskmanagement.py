"""The task-management part of sdk_conformance.py: every workbin, worktype, status and
workitem schema operation the emulator serves, on the demo seed plus objects it makes.

Called from ``sdk_conformance_calls.exercise`` like the other steps.
"""
from typing import Any, Dict

TM = "/api/v2/taskmanagement"
NAME_EQ = "name"


def _eq(name: str) -> Dict[str, Any]:
    return {"filters": [{"name": NAME_EQ, "type": "String", "operator": "EQ", "values": [name]}]}


def exercise_task_management(call: Any, ctx: Dict[str, Any]) -> None:
    seeded = call("POST", TM + "/worktypes/query", "(seeded, by name)",
                  body=_eq("Refund request"))["entities"][0]
    call("POST", TM + "/workbins/query", "(page of 1)", body={"pageSize": 1})
    call("GET", TM + "/workitems/schemas")
    schema = call("POST", TM + "/workitems/schemas", body={
        "name": "Conformance schema", "enabled": True, "jsonSchema": {
            "description": "made by the check", "properties": {
                "case_identifier": {"allOf": [{"$ref": "#/definitions/identifier"}],
                                    "title": "Case"},
                "notes_longtext": {"allOf": [{"$ref": "#/definitions/longtext"}],
                                   "title": "Notes"}}}})
    schema_path = TM + "/workitems/schemas/{schemaId}"
    call("PUT", schema_path, schemaId=schema["id"], body={
        "name": schema["name"], "version": schema["version"], "enabled": False,
        "jsonSchema": schema["jsonSchema"]})
    call("GET", schema_path, schemaId=schema["id"])
    call("GET", schema_path + "/versions", schemaId=schema["id"])
    call("GET", schema_path + "/versions/{versionId}", schemaId=schema["id"], versionId="1")

    workbin = call("POST", TM + "/workbins", body={"name": "Conformance bin",
                                                   "description": "made by the check"})
    bin_path = TM + "/workbins/{workbinId}"
    call("PATCH", bin_path, workbinId=workbin["id"], body={"description": None})
    call("GET", bin_path, workbinId=workbin["id"])
    call("GET", bin_path + "/versions", workbinId=workbin["id"])
    call("GET", bin_path + "/versions/{entityVersion}", workbinId=workbin["id"],
         entityVersion="2")
    call("GET", bin_path + "/history", workbinId=workbin["id"])

    worktype = call("POST", TM + "/worktypes", body={
        "name": "Conformance type", "defaultWorkbinId": workbin["id"],
        "schemaId": schema["id"], "schemaVersion": 1,
        "defaultQueueId": seeded["defaultQueue"]["id"],
        "defaultSkillIds": [skill["id"] for skill in seeded["defaultSkills"]],
        "defaultPriority": 5, "defaultDueDurationSeconds": 172800,
        "defaultExpirationSeconds": 604800, "defaultTtlSeconds": 864000,
        "ruleSettings": {"flowRulesEnabled": False}, "description": "made by the check"})
    type_path = TM + "/worktypes/{worktypeId}"
    statuses = type_path + "/statuses"
    opened = next(s for s in worktype["statuses"] if s["category"] == "Open")
    waiting = call("POST", statuses, worktypeId=worktype["id"], body={
        "name": "Waiting", "category": "Waiting", "destinationStatusIds": [opened["id"]],
        "defaultDestinationStatusId": opened["id"], "statusTransitionDelaySeconds": 3600,
        "statusTransitionTime": "08:30:00"})
    call("PATCH", statuses + "/{statusId}", worktypeId=worktype["id"], statusId=waiting["id"],
         body={"name": "Waiting on customer", "description": "renamed by the check"})
    call("GET", statuses + "/{statusId}", worktypeId=worktype["id"], statusId=waiting["id"])
    call("GET", statuses, worktypeId=worktype["id"])
    call("PATCH", type_path, worktypeId=worktype["id"], body={
        "defaultStatusId": waiting["id"], "defaultPriority": 7, "defaultLanguageId": None})
    call("GET", type_path, worktypeId=worktype["id"])
    call("GET", type_path + "/versions", worktypeId=worktype["id"])
    call("GET", type_path + "/versions/{entityVersion}", worktypeId=worktype["id"],
         entityVersion="1")
    call("GET", type_path + "/history", worktypeId=worktype["id"])
    call.error(400, "DELETE", statuses + "/{statusId}", "(default status)",
               worktypeId=worktype["id"], statusId=waiting["id"])
    call.error(409, "PUT", schema_path, "(stale version)", schemaId=schema["id"], body={
        "name": schema["name"], "version": 1, "jsonSchema": schema["jsonSchema"]})
    call.error(400, "POST", TM + "/workbins", "(short name)", body={"name": "ab"})

    call("POST", "/api/v2/analytics/taskmanagement/metrics/query", "(workitem load)", body={
        "groupBy": ["queueId", "typeId"],
        "filter": {"predicates": [{"dimension": "queueId", "value": seeded["defaultQueue"]["id"]}]},
        "metrics": [{"name": "oWorkitemsUnassigned"}, {"name": "oWorkitemsAssigned"},
                    {"name": "oWorkitemsOverDue"}]})
    call("DELETE", type_path, worktypeId=worktype["id"])
    call("DELETE", bin_path, workbinId=workbin["id"])
    call("DELETE", schema_path, schemaId=schema["id"])
