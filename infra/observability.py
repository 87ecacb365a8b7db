"""What lets the department watch a stage: X-Ray, API access logs, Step Functions logs, log
retention (never below 180 days, CERT-In), alarms and the failure destination of every scheduled
function. Each function returns template fragments; infra.template puts them together.

Alarms (all to the stage's alarm topic):
  - API: 5xx, p95 latency; per API function: errors, throttles, p95 duration (these are also the
    automatic rollback triggers of its deployment, infra.release)
  - every function: errors, throttles; every table: read + write throttle events
  - the SMS outbox: age of the oldest unsent SMS the sweep found due (EMF metric, core.metrics)
  - every task queue (Step Functions human steps): age of its oldest message
  - every scheduled function: anything in its failure queue
"""

from __future__ import annotations

import json
from typing import Any

from infra import iam
from infra.cfn import PREFIX, alarm, log_group, math_alarm, named, tags
from infra.project import Handler, Project

LOG_RETENTION_MIN_DAYS = 180     # CERT-In: ICT system logs kept 180 days
LOG_RETENTION_DAYS = [d for d in (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192,
                                  2557, 2922, 3288, 3653) if d >= LOG_RETENTION_MIN_DAYS]
FAILED_SUFFIX = "failed"          # <prefix>-<function>-failed: events a scheduled function could not handle
FAILED_RETENTION_SECONDS = 14 * 24 * 3600
ASYNC_RETRIES = 2                 # Lambda retries an event twice before it goes to the failure queue
# API Gateway access log: one JSON line per request. The resource path is the route's template
# (/grievances/{urn}), not the actual path, so no URN, mobile or reg. no. reaches the log.
ACCESS_LOG_FORMAT = json.dumps({
    "requestId": "$context.requestId", "extendedRequestId": "$context.extendedRequestId",
    "time": "$context.requestTime", "sourceIp": "$context.identity.sourceIp", "method": "$context.httpMethod",
    "resource": "$context.resourcePath", "status": "$context.status", "latencyMs": "$context.responseLatency",
    "integrationLatencyMs": "$context.integrationLatency", "responseLength": "$context.responseLength",
    "wafStatus": "$context.waf.status", "xrayTraceId": "$context.xrayTraceId",
    "error": "$context.error.responseType"}, separators=(",", ":"))


def parameters(project: Project) -> dict:
    out: dict[str, Any] = {
        "LogRetentionDays": {"Type": "Number", "Default": 365, "MinValue": LOG_RETENTION_MIN_DAYS,
                             "AllowedValues": LOG_RETENTION_DAYS,
                             "Description": "Retention of every log group (CERT-In: at least 180 days)"},
        "ApiLatencyP95Ms": {"Type": "Number", "Default": 3000, "MinValue": 100,
                            "Description": "Alarm (and roll a deployment back) when p95 latency reaches this (ms)"},
        "QueueAgeAlarmSeconds": {"Type": "Number", "Default": 900, "MinValue": 60,
                                 "Description": "Alarm when the oldest unsent SMS or task-queue message is this old"},
        "TraceAwsCalls": {"Type": "String", "Default": "false", "AllowedValues": ["true", "false"],
                          "Description": "X-Ray subsegments for every AWS call (X-Ray SDK; adds cold-start time). "
                                         "Active tracing of functions, API and state machines is always on"},
    }
    return out


def namespace() -> dict:
    """core.metrics' namespace: the stage's resource prefix."""
    return PREFIX


# --- functions -------------------------------------------------------------------------------------

def function_properties() -> dict:
    return {"TracingConfig": {"Mode": "Active"}}


def function_alarms(handler: Handler) -> dict:
    fid = handler.logical_id
    dims = [{"Name": "FunctionName", "Value": {"Ref": fid}}]
    out = {
        f"{fid}Errors": alarm(f"{handler.suffix}-errors", "AWS/Lambda", "Errors", dims, 1),
        f"{fid}Throttles": alarm(f"{handler.suffix}-throttles", "AWS/Lambda", "Throttles", dims, 1),
    }
    if handler.kind == "api":
        out[f"{fid}LatencyP95"] = alarm(f"{handler.suffix}-p95", "AWS/Lambda", "Duration", dims,
                                        {"Ref": "ApiLatencyP95Ms"}, statistic="p95")
    return out


def failure_destination(handler: Handler, alias_id: str) -> dict:
    """A scheduled (asynchronously invoked) function: after the retries, the event goes to its own
    queue, and a message there raises an alarm."""
    fid = handler.logical_id
    queue = f"{fid}FailedQueue"
    return {
        queue: {"Type": "AWS::SQS::Queue", "Properties": {
            "QueueName": named(f"{handler.suffix.replace('_', '-')}-{FAILED_SUFFIX}"),
            "MessageRetentionPeriod": FAILED_RETENTION_SECONDS, "SqsManagedSseEnabled": True,
            "Tags": tags(handler.service)}},
        f"{fid}InvokeConfig": {"Type": "AWS::Lambda::EventInvokeConfig", "DependsOn": [alias_id], "Properties": {
            "FunctionName": {"Ref": fid}, "Qualifier": "live", "MaximumRetryAttempts": ASYNC_RETRIES,
            "DestinationConfig": {"OnFailure": {"Destination": iam.arn(queue)}}}},
        f"{fid}FailedAlarm": alarm(f"{handler.suffix}-failed", "AWS/SQS", "ApproximateNumberOfMessagesVisible",
                                   [{"Name": "QueueName", "Value": {"Fn::GetAtt": [queue, "QueueName"]}}], 1,
                                   statistic="Maximum"),
    }


def failure_queue_id(handler: Handler) -> str:
    return f"{handler.logical_id}FailedQueue"


# --- the API -----------------------------------------------------------------------------------------

def api_stage_properties() -> dict:
    return {
        "TracingEnabled": True,
        "AccessLogSetting": {"DestinationArn": {"Fn::Sub": "arn:${AWS::Partition}:logs:${AWS::Region}:"
                                                           "${AWS::AccountId}:log-group:${ApiAccessLogs}"},
                             "Format": ACCESS_LOG_FORMAT},
    }


def api_resources() -> dict:
    api = [{"Name": "ApiName", "Value": named("api")}, {"Name": "Stage", "Value": {"Ref": "Stage"}}]
    return {
        "ApiAccessLogs": log_group("/aws/apigateway/${Prefix}-api-access"),
        "Api5xxAlarm": alarm("api-5xx", "AWS/ApiGateway", "5XXError", api, 5),
        "ApiLatencyAlarm": alarm("api-p95", "AWS/ApiGateway", "Latency", api, {"Ref": "ApiLatencyP95Ms"},
                                 statistic="p95"),
    }


def account_resources() -> dict:
    """API Gateway's account-level CloudWatch role (access logs need it). One per account and
    region: only the stage deployed with ManageAccountSettings=true sets it, and it stays when
    that stack is deleted (other stages log through it)."""
    keep = {"Condition": "ManagesAccountSettings", "DeletionPolicy": "Retain", "UpdateReplacePolicy": "Retain"}
    return {
        "ApiGatewayLogsRole": {**keep, **iam.role(iam.api_gateway_logs_policy(), "apigateway.amazonaws.com", tags())},
        "ApiGatewayAccount": {**keep, "Type": "AWS::ApiGateway::Account",
                              "Properties": {"CloudWatchRoleArn": iam.arn("ApiGatewayLogsRole")}},
    }


# --- state machines, tables, queues ----------------------------------------------------------------

def state_machine_properties(machine_id: str) -> dict:
    """Errors and state transitions to a log group, without execution data (it holds names and mobiles)."""
    return {
        "LoggingConfiguration": {"Level": "ALL", "IncludeExecutionData": False, "Destinations": [
            {"CloudWatchLogsLogGroup": {"LogGroupArn": iam.arn(f"{machine_id}Logs")}}]},
        "TracingConfiguration": {"Enabled": True},
    }


def state_machine_log_group(machine_id: str, key: str, service: str) -> dict:
    return {f"{machine_id}Logs": log_group("/aws/vendedlogs/states/${Prefix}-" + key, service)}


def table_alarms(project: Project) -> dict:
    out = {}
    for key, table in project.tables.items():
        dims = [{"Name": "TableName", "Value": {"Ref": table.logical_id}}]
        out[f"{table.logical_id}Throttles"] = math_alarm(
            f"table-{key}-throttles", "FILL(r, 0) + FILL(w, 0)",
            {"r": {"namespace": "AWS/DynamoDB", "metric": "ReadThrottleEvents", "dimensions": dims},
             "w": {"namespace": "AWS/DynamoDB", "metric": "WriteThrottleEvents", "dimensions": dims}}, 1)
    return out


def queue_alarms(project: Project) -> dict:
    out: dict[str, Any] = {}
    for owner in sorted({m.service for m in project.state_machines}):
        qid = iam.task_queue_id(owner)
        out[f"{qid}AgeAlarm"] = alarm(f"{owner}-tasks-age", "AWS/SQS", "ApproximateAgeOfOldestMessage",
                                      [{"Name": "QueueName", "Value": {"Fn::GetAtt": [qid, "QueueName"]}}],
                                      {"Ref": "QueueAgeAlarmSeconds"}, statistic="Maximum")
    if project.sms_owner:
        from chalicelib.core import metrics

        out["OutboxBacklogAlarm"] = alarm("outbox-backlog", namespace(), metrics.OUTBOX_OLDEST_AGE,
                                          [{"Name": "service", "Value": project.sms_owner}],
                                          {"Ref": "QueueAgeAlarmSeconds"}, statistic="Maximum")
    return out
