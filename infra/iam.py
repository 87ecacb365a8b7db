"""Least privilege, derived: each function's role names only its service's own resources and
those of the services it declares in `calls` (read -> read actions only; write -> read + write).

Resources are always named (GetAtt / Sub on the template's own resources). The only wildcards
are (1) suffixes under a named resource that has no finer name to give (objects under the
service's bucket prefix, executions of a named state machine, streams of a named log group), and
(2) the statements in UNSCOPED: actions that IAM cannot scope to any resource at all.
"""

from __future__ import annotations

from typing import Any

from infra.project import Project, StateMachine, Table

TABLE_READ = ["dynamodb:BatchGetItem", "dynamodb:ConditionCheckItem", "dynamodb:GetItem", "dynamodb:Query"]
TABLE_WRITE = ["dynamodb:BatchWriteItem", "dynamodb:DeleteItem", "dynamodb:PutItem", "dynamodb:UpdateItem"]
INDEX_READ = ["dynamodb:Query"]          # an index only answers Query (and Scan, which no request path may use)
OBJECT_READ = ["s3:GetObject", "s3:GetObjectTagging", "s3:GetObjectVersion"]
# Checked uploads are untagged by version, refused ones deleted with every version (versioned bucket).
OBJECT_WRITE = ["s3:DeleteObject", "s3:DeleteObjectVersion", "s3:PutObject", "s3:PutObjectTagging",
                "s3:PutObjectVersionTagging"]
EXECUTION_READ = ["states:DescribeExecution", "states:GetExecutionHistory"]
MACHINE_READ = ["states:DescribeStateMachine", "states:ListExecutions"]
MACHINE_WRITE = ["states:StartExecution"]
EXECUTION_WRITE = ["states:StopExecution"]
TASK_QUEUE_SEND = ["sqs:SendMessage"]
TASK_QUEUE_READ = ["sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:GetQueueUrl", "sqs:ReceiveMessage"]
TASK_TOKENS = ["states:SendTaskFailure", "states:SendTaskHeartbeat", "states:SendTaskSuccess"]
SMS_PUBLISH = ["sns:Publish"]
SMS_SETTINGS = ["sns:GetSMSAttributes", "sns:SetSMSAttributes"]
LOG_WRITE = ["logs:CreateLogStream", "logs:PutLogEvents"]
TRACE_WRITE = ["xray:PutTelemetryRecords", "xray:PutTraceSegments"]
FAILED_SEND = ["sqs:SendMessage"]
ALIAS_SHIFT = ["lambda:GetAlias", "lambda:GetProvisionedConcurrencyConfig", "lambda:UpdateAlias"]
ALARM_READ = ["cloudwatch:DescribeAlarms"]
LOG_DELIVERY = ["logs:CreateLogDelivery", "logs:DeleteLogDelivery", "logs:DescribeLogGroups",
                "logs:DescribeResourcePolicies", "logs:GetLogDelivery", "logs:ListLogDeliveries",
                "logs:PutResourcePolicy", "logs:UpdateLogDelivery"]
API_GATEWAY_LOGS = ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:DescribeLogGroups",
                    "logs:DescribeLogStreams", "logs:FilterLogEvents", "logs:GetLogEvents", "logs:PutLogEvents"]

# Sid -> why this statement has Resource "*" (each also carries a region condition).
UNSCOPED = {
    "SendSmsToPhoneNumbers": "SNS Publish to a phone number (PhoneNumber=) has no resource ARN; publishing to "
                             "topics is denied by the statement after it.",
    "SetAccountSmsSettings": "SNS SMS settings (SMS type, monthly spend limit) are account-level and have no "
                             "resource ARN.",
    "AnswerTaskTokens": "Step Functions SendTask* (waitForTaskToken callbacks) accept no resource ARN.",
    "WriteTraces": "X-Ray PutTraceSegments / PutTelemetryRecords (active tracing) have no resource ARN.",
    "DeliverStateMachineLogs": "Step Functions log delivery (logs:*LogDelivery, resource policies) is configured "
                               "through CloudWatch Logs APIs that accept no resource ARN.",
    "ReadRollbackAlarms": "CodeDeploy reads the state of a deployment's alarms with DescribeAlarms, which IAM "
                          "does not scope to named alarms.",
    "ApiGatewayPushesLogs": "API Gateway's account-level CloudWatch role writes the access and execution logs of "
                            "every API in the region (AWS's own AmazonAPIGatewayPushToCloudWatchLogs is on *).",
}


def _region_only() -> dict:
    return {"StringEquals": {"aws:RequestedRegion": {"Ref": "AWS::Region"}}}


def arn(logical_id: str) -> dict:
    return {"Fn::GetAtt": [logical_id, "Arn"]}


def sub(text: str) -> dict:
    return {"Fn::Sub": text}


def _statement(sid: str, actions: list[str], resources: list[Any], effect: str = "Allow",
               condition: dict | None = None) -> dict:
    statement: dict[str, Any] = {"Sid": sid, "Effect": effect, "Action": sorted(actions), "Resource": resources}
    if condition:
        statement["Condition"] = condition
    return statement


def _sid(*parts: str) -> str:
    from infra.project import camel

    return "".join(camel(p) for p in parts)


def table_statements(prefix: str, tables: list[Table], write: bool) -> list[dict]:
    if not tables:
        return []
    statements = [_statement(_sid(prefix, "tables"), TABLE_READ + (TABLE_WRITE if write else []),
                             [arn(t.logical_id) for t in tables])]
    indexes = [sub(f"${{{t.logical_id}.Arn}}/index/{name}") for t in tables for name in t.indexes]
    if indexes:
        statements.append(_statement(_sid(prefix, "indexes"), INDEX_READ, indexes))
    return statements


def document_statements(prefix: str, service: str, write: bool) -> list[dict]:
    return [
        _statement(_sid(prefix, "documents"), OBJECT_READ + (OBJECT_WRITE if write else []),
                   [sub(f"${{DocumentBucket.Arn}}/{service}/*")]),
        _statement(_sid(prefix, "documents", "list"), ["s3:ListBucket", "s3:ListBucketVersions"],
                   [arn("DocumentBucket")],
                   condition={"StringLike": {"s3:prefix": [f"{service}/*"]}}),
    ]


def execution_arn(machine: StateMachine) -> dict:
    return sub("arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:execution:"
               f"${{{machine.logical_id}.Name}}:*")


def machine_statements(prefix: str, machines: list[StateMachine], write: bool) -> list[dict]:
    if not machines:
        return []
    return [
        _statement(_sid(prefix, "state", "machines"), MACHINE_READ + (MACHINE_WRITE if write else []),
                   [{"Ref": m.logical_id} for m in machines]),
        _statement(_sid(prefix, "executions"), EXECUTION_READ + (EXECUTION_WRITE if write else []),
                   [execution_arn(m) for m in machines]),
    ]


def sms_statements() -> list[dict]:
    return [
        _statement("SendSmsToPhoneNumbers", SMS_PUBLISH, ["*"], condition=_region_only()),
        _statement("NoPublishToTopics", SMS_PUBLISH, [sub("arn:${AWS::Partition}:sns:*:*:*")], effect="Deny"),
    ]


def function_policy(project: Project, service: str) -> list[dict]:
    """The statements of one service's role (all of its Lambda functions share it)."""
    svc = project.services[service]
    statements = [_statement("WriteOwnLogs", LOG_WRITE, [arn(f"{h.logical_id}Logs") for h in svc.handlers])]
    statements += table_statements(f"own {service}", project.tables_of(service), write=True)
    if svc.documents:
        statements += document_statements(f"own {service}", service, write=True)
    machines = project.machines_of(service)
    statements += machine_statements(f"own {service}", machines, write=True)
    if machines:   # the tokens of its human steps arrive on its task queue (core.workflow)
        statements.append(_statement(_sid(f"own {service}", "task", "queue"), TASK_QUEUE_READ,
                                     [arn(task_queue_id(service))]))
    any_tokens = bool(machines)
    for other, mode in sorted(svc.calls.items()):
        write = mode == "write"
        statements += table_statements(f"{mode} {other}", project.tables_of(other), write)
        if project.services[other].documents:
            statements += document_statements(f"{mode} {other}", other, write)
        statements += machine_statements(f"{mode} {other}", project.machines_of(other), write)
        any_tokens = any_tokens or (write and bool(project.machines_of(other)))
    if any_tokens:
        statements.append(_statement("AnswerTaskTokens", TASK_TOKENS, ["*"], condition=_region_only()))
    if project.sends_sms(service):
        statements += sms_statements()
    failed = [h for h in svc.handlers if h.kind in ("schedule", "event_pattern")]
    if failed:   # async invocations that failed every retry go to the handler's own queue
        statements.append(_statement("SendFailedEvents", FAILED_SEND,
                                     [arn(f"{h.logical_id}FailedQueue") for h in failed]))
    statements.append(tracing_statement())
    return statements


def tracing_statement() -> dict:
    return _statement("WriteTraces", TRACE_WRITE, ["*"], condition=_region_only())


def deploy_policy(function_ids: list[str]) -> list[dict]:
    """CodeDeploy moves the live alias of our functions, and reads the alarms that stop it."""
    return [
        _statement("ShiftLiveAliases", ALIAS_SHIFT,
                   [r for fid in function_ids for r in (arn(fid), sub(f"${{{fid}.Arn}}:*"))]),
        _statement("ReadRollbackAlarms", ALARM_READ, ["*"], condition=_region_only()),
    ]


def api_gateway_logs_policy() -> list[dict]:
    return [_statement("ApiGatewayPushesLogs", API_GATEWAY_LOGS, ["*"], condition=_region_only())]


def task_queue_id(service: str) -> str:
    from infra.project import camel

    return f"TaskQueue{camel(service)}"


def state_machine_policy(project: Project, machine: StateMachine) -> list[dict]:
    """A state machine works on its owner's tables (DynamoDB service integrations) and sends its
    human steps' tokens to its owner's task queue, and nothing else (plus its logs and traces)."""
    return table_statements(f"own {machine.service}", project.tables_of(machine.service), write=True) + [
        _statement(_sid(f"own {machine.service}", "task", "queue"), TASK_QUEUE_SEND,
                   [arn(task_queue_id(machine.service))]),
        _statement("DeliverStateMachineLogs", LOG_DELIVERY, ["*"], condition=_region_only()),
        tracing_statement()]


def sms_settings_policy() -> list[dict]:
    return [
        _statement("WriteOwnLogs", LOG_WRITE, [arn("SmsSettingsFunctionLogs")]),
        _statement("SetAccountSmsSettings", SMS_SETTINGS, ["*"], condition=_region_only()),
    ]


def role(statements: list[dict], principal: str, tags: list[dict]) -> dict:
    trust: dict[str, Any] = {"Effect": "Allow", "Principal": {"Service": principal}, "Action": "sts:AssumeRole"}
    if principal == "states.amazonaws.com":   # Lambda does not send aws:SourceAccount when it assumes a role
        trust["Condition"] = {"StringEquals": {"aws:SourceAccount": {"Ref": "AWS::AccountId"}}}
    return {
        "Type": "AWS::IAM::Role",
        "Properties": {
            "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [trust]},
            "Policies": [{"PolicyName": "least-privilege",
                          "PolicyDocument": {"Version": "2012-10-17", "Statement": statements}}],
            "Tags": tags,
        },
    }
