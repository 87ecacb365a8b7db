"""The CloudFormation template, generated from the code (infra.project) — never edited by hand.

One Lambda per service (its Chalice app) plus one per scheduled / event handler, one REST API
whose resources mirror every Chalice route (API Gateway passes `resourcePath`, and Chalice
routes by it, so paths keep their parameter names), the tables from the pynamodb models, the
document bucket, SMS settings, state machines, schedules, one least-privilege role per function
module (infra.iam), log groups, tracing and alarms (infra.observability), and each function's
published version, `live` alias and gradual deployment (infra.release). Plain CloudFormation (no
transform), so what cfn-lint checks is what CloudFormation deploys; the SAM transform would save
little here (the generator already loops), and keeping it out means no second translation step.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import yaml

from infra import iam, observability, release
from infra.bootstrap import add_bootstrap
from infra.cfn import PREFIX, alarm, log_group, named, tags
from infra.layer import add_layer
from infra.project import CORS_ORIGIN_ENV, Handler, Project, camel
from infra.resources import (
    DOCUMENTS,
    SMS_ATTRIBUTES,
    SUBSTITUTIONS,
    TASK_QUEUE_ATTRIBUTES,
    TASK_QUEUE_SUFFIX,
    bucket_config,
    cfn_bucket_properties,
    placeholders,
)

RUNTIME = "python3.12"
ARCHITECTURE = "arm64"
DEFAULT_REGION = "ap-south-1"
ARTIFACT_PREFIX = "sahkar-setu/functions"
API_MEMORY, API_TIMEOUT = 1024, 28           # API Gateway gives up at 29 s; argon2 wants memory (and CPU)
EVENT_MEMORY, EVENT_TIMEOUT = 512, 60
WAF_BODY_LIMITS = {16 * 1024: "KB_16", 32 * 1024: "KB_32", 48 * 1024: "KB_48", 64 * 1024: "KB_64"}

SMS_SETTINGS_CODE = '''\
import boto3
import cfnresponse


def handler(event, context):
    """Account-level SNS SMS settings; left as they are when the stack is deleted."""
    try:
        if event["RequestType"] in ("Create", "Update"):
            props = event["ResourceProperties"]
            attributes = {"DefaultSMSType": props["DefaultSMSType"]}
            if props.get("MonthlySpendLimit"):  # empty: keep the account's limit as it is
                attributes["MonthlySpendLimit"] = str(props["MonthlySpendLimit"])
            boto3.client("sns").set_sms_attributes(attributes=attributes)
        cfnresponse.send(event, context, cfnresponse.SUCCESS, {}, "sms-settings")
    except Exception as exc:
        cfnresponse.send(event, context, cfnresponse.FAILED, {}, "sms-settings", reason=str(exc)[:200])
'''


def env_key(name: str) -> str:
    """Mapping keys are alphanumeric: RESOURCE_PREFIX -> RESOURCEPREFIX."""
    return "".join(ch for ch in name if ch.isalnum())


def web_origin() -> dict:
    """The stage's web origin: the WebOrigin parameter if given, else SAHKAR_CORS_ORIGIN of the stage."""
    return {"Fn::If": ["HasWebOrigin", {"Ref": "WebOrigin"},
                       {"Fn::FindInMap": ["StageEnv", {"Ref": "Stage"}, env_key(CORS_ORIGIN_ENV)]}]}


def _message(project: Project, code: str, **params: Any) -> str:
    from chalicelib.core.i18n import DEFAULT_LANG, LANGS

    text = project.messages[code][LANGS.index(DEFAULT_LANG)]
    return text.format(**params) if params else text


def _error_body(project: Project, code: str, **params: Any) -> str:
    return json.dumps({"error": {"code": code, "message": _message(project, code, **params), "details": []}},
                      ensure_ascii=False)


# --- parameters ------------------------------------------------------------------------------

def parameters(project: Project) -> dict:
    params: dict[str, Any] = {
        "Stage": {"Type": "String", "AllowedValues": sorted(project.stages), "Default": sorted(project.stages)[0],
                  "Description": "Deployable stage from .chalice/config.json; names every resource"},
        "Region": {"Type": "String", "Default": DEFAULT_REGION,
                   "Description": "The region to deploy to; must be the region of the stack (checked)"},
        "ArtifactBucket": {"Type": "String", "MinLength": 3,
                           "Description": "Existing S3 bucket holding the function zips (make deploy uploads them)"},
        "ArtifactPrefix": {"Type": "String", "Default": ARTIFACT_PREFIX,
                           "Description": "Key prefix of the function zips in ArtifactBucket"},
        "ApiThrottleRateLimit": {"Type": "Number", "Default": 200, "MinValue": 1,
                                 "Description": "Steady requests per second for the stage"},
        "ApiThrottleBurstLimit": {"Type": "Number", "Default": 400, "MinValue": 1,
                                  "Description": "Burst requests for the stage"},
        "AlarmEmail": {"Type": "String", "Default": "", "Description": "Optional e-mail subscribed to the alarms"},
        "WebOrigin": {"Type": "String", "Default": "", "AllowedPattern": "^(https://[^*,\\s]+)?$",
                      "Description": "The web client's origin, the only one CORS allows (https://...); "
                                     f"empty: {CORS_ORIGIN_ENV} of the stage in .chalice/config.json"},
        "ManageAccountSettings": {"Type": "String", "Default": "false", "AllowedValues": ["true", "false"],
                                  "Description": "true on exactly one stage per account and region: that stack sets "
                                                 "the account-level SNS SMS settings and API Gateway's CloudWatch "
                                                 "role; every other stage leaves them alone"},
        **observability.parameters(project),
        **release.parameters(),
    }
    if project.sms_owner:
        params.update({
            "SmsMonthlySpendLimitUsd": {"Type": "String", "Default": "", "AllowedPattern": "^[0-9]*$",
                                        "Description": "SNS SMS monthly spend limit (USD) for the account, set only "
                                                       "with ManageAccountSettings=true; empty leaves it as it is. "
                                                       "Above 1 needs an approved AWS quota increase first"},
            "SmsSpendAlarmUsd": {"Type": "Number", "Default": 1, "MinValue": 0,
                                 "Description": "Alarm when the month's SMS spend reaches this (USD)"},
        })
    return params


def mappings(project: Project) -> dict:
    return {"StageEnv": {stage: {env_key(k): v for k, v in sorted(env.items())}
                         for stage, env in sorted(project.stages.items())}}


# --- tables ----------------------------------------------------------------------------------

def table_resource(project: Project, key: str) -> dict:
    table = project.tables[key]
    spec = table.definition
    props: dict[str, Any] = {
        "TableName": named(key),
        "BillingMode": spec["BillingMode"],
        "AttributeDefinitions": spec["AttributeDefinitions"],
        "KeySchema": spec["KeySchema"],
    }
    if spec.get("GlobalSecondaryIndexes"):
        props["GlobalSecondaryIndexes"] = spec["GlobalSecondaryIndexes"]
    if table.ttl:
        props["TimeToLiveSpecification"] = {"AttributeName": table.ttl, "Enabled": True}
    props.update({
        "PointInTimeRecoverySpecification": {"PointInTimeRecoveryEnabled": True},
        "SSESpecification": {"SSEEnabled": True},
        "DeletionProtectionEnabled": {"Fn::If": ["IsProd", True, False]},
        "Tags": tags(table.owner),
    })
    return {"Type": "AWS::DynamoDB::Table", "DeletionPolicy": "Retain", "UpdateReplacePolicy": "Retain",
            "Properties": props}


# --- functions -------------------------------------------------------------------------------

def environment(project: Project, service: str) -> dict:
    svc = project.services[service]
    env: dict[str, Any] = {name: {"Fn::FindInMap": ["StageEnv", {"Ref": "Stage"}, env_key(name)]}
                           for name in sorted(next(iter(project.stages.values())))}
    for var, secret in sorted(project.secrets.items()):
        env[var] = {"Fn::Sub": ["{{resolve:secretsmanager:${Prefix}/" + secret + ":SecretString}}",
                                {"Prefix": PREFIX}]}
    env[CORS_ORIGIN_ENV] = web_origin()
    env["POWERTOOLS_SERVICE_NAME"] = service
    env["SAHKAR_TRACE_AWS_CALLS"] = {"Ref": "TraceAwsCalls"}
    reaches = [service] + sorted(svc.calls)
    if any(project.services[s].documents for s in reaches):
        env["SAHKAR_DOCUMENT_BUCKET"] = {"Ref": "DocumentBucket"}
    for s in reaches:
        for machine in project.machines_of(s):
            env[f"SAHKAR_STATE_MACHINE_{machine.key.upper().replace('-', '_')}"] = {"Ref": machine.logical_id}
    if project.machines_of(service):
        env[f"SAHKAR_TASK_QUEUE_{service.upper()}"] = {"Ref": iam.task_queue_id(service)}
    return env


def function_resources(project: Project, handler: Handler, code_file: str) -> dict:
    api = handler.kind == "api"
    fid = handler.logical_id
    live = release.alias_ref(handler)     # what API Gateway and EventBridge call
    out: dict[str, Any] = {
        f"{fid}Logs": log_group("/aws/lambda/${Prefix}-" + handler.suffix, handler.service),
        fid: {"Type": "AWS::Lambda::Function", "Properties": {
            "FunctionName": named(handler.suffix),
            "Description": f"sahkar-setu {handler.service}: {handler.description or handler.name}"[:256],
            "Handler": handler.handler,
            "Runtime": RUNTIME,
            "Architectures": [ARCHITECTURE],
            "Code": {"S3Bucket": {"Ref": "ArtifactBucket"}, "S3Key": {"Fn::Sub": "${ArtifactPrefix}/" + code_file}},
            "MemorySize": API_MEMORY if api else EVENT_MEMORY,
            "Timeout": API_TIMEOUT if api else EVENT_TIMEOUT,
            "Role": iam.arn(f"Role{camel(handler.service)}"),
            "Environment": {"Variables": environment(project, handler.service)},
            "LoggingConfig": {"LogGroup": {"Ref": f"{fid}Logs"}},
            **observability.function_properties(),
            "Tags": tags(handler.service),
        }},
        **observability.function_alarms(handler),
    }
    out.update(release.function_release(handler, out[fid]))
    if api:
        out[f"{fid}ApiPermission"] = {"Type": "AWS::Lambda::Permission", "Properties": {
            "Action": "lambda:InvokeFunction", "FunctionName": live, "Principal": "apigateway.amazonaws.com",
            "SourceAccount": {"Ref": "AWS::AccountId"},
            "SourceArn": {"Fn::Sub": "arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}"
                                     ":${RestApi}/${Stage}/*"}}}
    elif handler.kind in ("schedule", "event_pattern"):
        rule: dict[str, Any] = {"Description": f"{handler.service}.{handler.name}", "State": "ENABLED",
                                "Targets": [{"Id": "handler", "Arn": live}]}
        if handler.kind == "schedule":
            rule["ScheduleExpression"] = handler.expression
        else:
            rule["EventPattern"] = handler.pattern
        out[f"{fid}Rule"] = {"Type": "AWS::Events::Rule", "Properties": rule}
        out[f"{fid}RulePermission"] = {"Type": "AWS::Lambda::Permission", "Properties": {
            "Action": "lambda:InvokeFunction", "FunctionName": live, "Principal": "events.amazonaws.com",
            "SourceArn": iam.arn(f"{fid}Rule")}}
        out.update(observability.failure_destination(handler, release.alias_id(handler)))
    return out


# --- the REST API ----------------------------------------------------------------------------

def _integration_uri(alias_id: str) -> dict:
    """The function's live alias (infra.release), never $LATEST."""
    return {"Fn::Sub": "arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/"
                       f"${{{alias_id}}}/invocations"}


def _gateway_responses(project: Project) -> dict:
    origin = {"gatewayresponse.header.Access-Control-Allow-Origin": _quoted_origin()}

    def response(body: str, status: int | None = None, headers: dict | None = None) -> dict:
        out: dict[str, Any] = {"responseParameters": {**origin, **(headers or {})},
                               "responseTemplates": {"application/json": body}}
        if status:
            out["statusCode"] = str(status)
        return out

    generic = ('{"error": {"code": "$context.error.responseType", "message": $context.error.messageString, '
               '"details": []}}')
    return {
        "DEFAULT_4XX": response(generic),
        "DEFAULT_5XX": response(_error_body(project, "INTERNAL")),
        "MISSING_AUTHENTICATION_TOKEN": response(_error_body(project, "NOT_FOUND"), 404),  # no such route
        "THROTTLED": response(_error_body(project, "RATE_LIMITED", retry_after=1), 429,
                              {"gatewayresponse.header.Retry-After": "'1'"}),
        "REQUEST_TOO_LARGE": response(_error_body(project, "BODY_TOO_LARGE", limit=project.max_body_bytes), 413),
    }


def api_body(project: Project) -> dict:
    """Swagger 2.0 with API Gateway extensions, shaped like `chalice package` makes it."""
    paths: dict[str, dict] = {}
    for route in project.routes:
        handler_id = f"Function{camel(route.service)}ApiAlias"
        method: dict[str, Any] = {
            "consumes": list(route.content_types),
            "produces": ["application/json"],
            "responses": {"200": {"description": "200 response", "schema": {"$ref": "#/definitions/Empty"}}},
            "x-amazon-apigateway-integration": {
                "responses": {"default": {"statusCode": "200"}},
                "uri": _integration_uri(handler_id),
                "passthroughBehavior": "when_no_match",
                "httpMethod": "POST",
                "contentHandling": "CONVERT_TO_TEXT",
                "type": "aws_proxy",
            },
        }
        if route.view_args:
            method["parameters"] = [{"name": n, "in": "path", "required": True, "type": "string"}
                                    for n in route.view_args]
        paths.setdefault(route.path, {})[route.method.lower()] = method
    for path, methods in paths.items():
        cors = next(r.cors for r in project.routes if r.path == path)
        if cors is None or "options" in methods:
            continue
        allowed = ",".join([m.upper() for m in methods] + ["OPTIONS"])
        headers = {"Access-Control-Allow-Methods": allowed, **cors}
        values: dict[str, Any] = {f"method.response.header.{k}": f"'{v}'" for k, v in headers.items()}
        if "Access-Control-Allow-Origin" in headers:     # the stage's origin, not the one discovery saw
            values["method.response.header.Access-Control-Allow-Origin"] = _quoted_origin()
        methods["options"] = {
            "consumes": ["application/json"],
            "produces": ["application/json"],
            "responses": {"200": {"description": "200 response", "schema": {"$ref": "#/definitions/Empty"},
                                  "headers": {k: {"type": "string"} for k in headers}}},
            "x-amazon-apigateway-integration": {
                "responses": {"default": {"statusCode": "200", "responseParameters": values}},
                "requestTemplates": {"application/json": '{"statusCode": 200}'},
                "passthroughBehavior": "when_no_match",
                "type": "mock",
                "contentHandling": "CONVERT_TO_TEXT",
            },
        }
    return {
        "swagger": "2.0",
        "info": {"version": "1.0", "title": "sahkar-setu"},
        "schemes": ["https"],
        "paths": {path: Flow(methods) for path, methods in paths.items()},
        "definitions": {"Empty": {"type": "object", "title": "Empty Schema"}},
        "x-amazon-apigateway-binary-media-types": project.binary_types,
        "x-amazon-apigateway-gateway-responses": _gateway_responses(project),
    }


def _quoted_origin() -> dict:
    """API Gateway header mappings take a quoted literal: 'https://...'."""
    return {"Fn::Join": ["", ["'", web_origin(), "'"]]}


def api_resources(project: Project) -> dict:
    body = api_body(project)
    digest = hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()[:12]
    deployment = f"ApiDeployment{digest}"    # a new logical ID whenever the routes change -> redeployed
    out: dict[str, Any] = {
        "RestApi": {"Type": "AWS::ApiGateway::RestApi", "Properties": {
            "Name": named("api"), "Body": body, "Mode": "overwrite",
            "EndpointConfiguration": {"Types": ["REGIONAL"]}, "Tags": tags()}},
        deployment: {"Type": "AWS::ApiGateway::Deployment", "Properties": {
            "RestApiId": {"Ref": "RestApi"}, "Description": f"routes {digest}"}},
        "ApiStage": {"Type": "AWS::ApiGateway::Stage", "Properties": {
            "RestApiId": {"Ref": "RestApi"}, "DeploymentId": {"Ref": deployment}, "StageName": {"Ref": "Stage"},
            "MethodSettings": [{"ResourcePath": "/*", "HttpMethod": "*", "MetricsEnabled": True,
                                "ThrottlingRateLimit": {"Ref": "ApiThrottleRateLimit"},
                                "ThrottlingBurstLimit": {"Ref": "ApiThrottleBurstLimit"}}],
            **observability.api_stage_properties(),
            "Tags": tags()}},
        **observability.api_resources(),
    }
    out.update(waf_resources(project))
    return out


def waf_resources(project: Project) -> dict:
    """Request size limit at the edge (the app checks it too): WAF blocks bodies over the limit."""
    limit = project.max_body_bytes
    fitting = [size for size in sorted(WAF_BODY_LIMITS) if size >= limit]
    if not fitting:
        return {}   # larger than WAF can inspect: API Gateway's 10 MB cap and the app's own check remain
    visibility = {"SampledRequestsEnabled": True, "CloudWatchMetricsEnabled": True}
    return {
        "WebAcl": {"Type": "AWS::WAFv2::WebACL", "Properties": {
            "Name": named("api"), "Scope": "REGIONAL", "DefaultAction": {"Allow": {}},
            "VisibilityConfig": {**visibility, "MetricName": "sahkar-api"},
            "AssociationConfig": {"RequestBody": {"API_GATEWAY": {
                "DefaultSizeInspectionLimit": WAF_BODY_LIMITS[fitting[0]]}}},
            "CustomResponseBodies": {"body-too-large": {
                "ContentType": "APPLICATION_JSON", "Content": _error_body(project, "BODY_TOO_LARGE", limit=limit)}},
            "Rules": [{
                "Name": "body-size", "Priority": 0,
                "Action": {"Block": {"CustomResponse": {"ResponseCode": 413,
                                                        "CustomResponseBodyKey": "body-too-large"}}},
                "Statement": {"SizeConstraintStatement": {
                    "FieldToMatch": {"Body": {"OversizeHandling": "MATCH"}}, "ComparisonOperator": "GT",
                    "Size": limit, "TextTransformations": [{"Priority": 0, "Type": "NONE"}]}},
                "VisibilityConfig": {**visibility, "MetricName": "sahkar-api-body-size"}}],
            "Tags": tags()}},
        "WebAclAssociation": {"Type": "AWS::WAFv2::WebACLAssociation", "Properties": {
            "ResourceArn": {"Fn::Sub": "arn:${AWS::Partition}:apigateway:${AWS::Region}::/restapis/${RestApi}"
                                       "/stages/${ApiStage}"},
            "WebACLArn": iam.arn("WebAcl")}},
    }


# --- bucket, SMS, state machines, alarms -------------------------------------------------------

def bucket_resources(project: Project) -> dict:
    props = {"BucketName": {"Fn::Sub": ["${Prefix}-" + DOCUMENTS + "-${AWS::AccountId}", {"Prefix": PREFIX}]},
             **cfn_bucket_properties(bucket_config(web_origin())), "Tags": tags()}
    return {
        "DocumentBucket": {"Type": "AWS::S3::Bucket", "DeletionPolicy": "Retain", "UpdateReplacePolicy": "Retain",
                           "Properties": props},
        "DocumentBucketPolicy": {"Type": "AWS::S3::BucketPolicy", "Properties": {
            "Bucket": {"Ref": "DocumentBucket"},
            "PolicyDocument": {"Version": "2012-10-17", "Statement": [{
                "Sid": "TlsOnly", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
                "Resource": [iam.arn("DocumentBucket"), {"Fn::Sub": "${DocumentBucket.Arn}/*"}],
                "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]}}},
    }


def sms_resources(project: Project) -> dict:
    """The account's SNS SMS settings are shared by every stage in the account: only the stage
    deployed with ManageAccountSettings=true sets them (and its spend limit)."""
    if not project.sms_owner:
        return {}
    owner = {"Condition": "ManagesAccountSettings"}
    return {
        "SmsSettingsRole": {**owner, **iam.role(iam.sms_settings_policy(), "lambda.amazonaws.com", tags())},
        "SmsSettingsFunctionLogs": {**owner, **log_group("/aws/lambda/${Prefix}-sms-settings")},
        "SmsSettingsFunction": {**owner, "Type": "AWS::Lambda::Function", "Properties": {
            "FunctionName": named("sms-settings"), "Description": "Sets the account's SNS SMS settings",
            "Handler": "index.handler", "Runtime": RUNTIME, "Architectures": [ARCHITECTURE], "Timeout": 30,
            "Code": {"ZipFile": SMS_SETTINGS_CODE}, "Role": iam.arn("SmsSettingsRole"),
            "LoggingConfig": {"LogGroup": {"Ref": "SmsSettingsFunctionLogs"}}, "Tags": tags()}},
        "SmsSettings": {**owner, "Type": "Custom::SmsSettings", "Properties": {
            "ServiceToken": iam.arn("SmsSettingsFunction"), **SMS_ATTRIBUTES,
            "MonthlySpendLimit": {"Ref": "SmsMonthlySpendLimitUsd"}}},
        "SmsSpendAlarm": alarm("sms-spend", "AWS/SNS", "SMSMonthToDateSpentUSD", [], {"Ref": "SmsSpendAlarmUsd"},
                               statistic="Maximum"),
    }


def state_machine_resources(project: Project) -> dict:
    values = {"Prefix": PREFIX, "Stage": {"Ref": "Stage"}, "Region": {"Ref": "AWS::Region"},
              "AccountId": {"Ref": "AWS::AccountId"}, "Partition": {"Ref": "AWS::Partition"}}
    out: dict[str, Any] = {}
    for machine in project.state_machines:
        mid = machine.logical_id
        used = sorted(placeholders(machine.definition) & set(SUBSTITUTIONS))
        props: dict[str, Any] = {"StateMachineName": named(machine.key), "StateMachineType": "STANDARD",
                                 "Definition": machine.definition, "RoleArn": iam.arn(f"{mid}Role"),
                                 **observability.state_machine_properties(mid), "Tags": tags(machine.service)}
        if used:
            props["DefinitionSubstitutions"] = {name: values[name] for name in used}
        out[mid] = {"Type": "AWS::StepFunctions::StateMachine", "Properties": props}
        out.update(observability.state_machine_log_group(mid, machine.key, machine.service))
        out[f"{mid}Role"] = iam.role(iam.state_machine_policy(project, machine), "states.amazonaws.com",
                                     tags(machine.service))
        out[f"{mid}Failures"] = alarm(f"{machine.key}-failures", "AWS/States", "ExecutionsFailed",
                                      [{"Name": "StateMachineArn", "Value": {"Ref": mid}}], 1)
    for owner in sorted({m.service for m in project.state_machines}):
        attributes = {name: int(value) for name, value in TASK_QUEUE_ATTRIBUTES.items()}
        out[iam.task_queue_id(owner)] = {"Type": "AWS::SQS::Queue", "Properties": {
            "QueueName": named(f"{owner}-{TASK_QUEUE_SUFFIX}"), **attributes, "SqsManagedSseEnabled": True,
            "Tags": tags(owner)}}
    return out


# --- the whole template --------------------------------------------------------------------------

def generate(project: Project, code_files: dict[str, str] | None = None) -> dict:
    """The template as a dict; `code_files` maps service -> zip file name under ArtifactPrefix."""
    code_files = code_files or {}
    resources: dict[str, Any] = {}
    for key in project.tables:
        resources[project.tables[key].logical_id] = table_resource(project, key)
    resources.update(bucket_resources(project))
    resources["AlarmTopic"] = {"Type": "AWS::SNS::Topic", "Properties": {"TopicName": named("alarms"),
                                                                        "Tags": tags()}}
    resources["AlarmEmailSubscription"] = {"Type": "AWS::SNS::Subscription", "Condition": "HasAlarmEmail",
                                           "Properties": {"TopicArn": {"Ref": "AlarmTopic"}, "Protocol": "email",
                                                          "Endpoint": {"Ref": "AlarmEmail"}}}
    resources.update(sms_resources(project))
    resources.update(observability.account_resources())
    resources.update(state_machine_resources(project))
    resources.update(release.shared_resources(project))
    resources.update(observability.table_alarms(project))
    resources.update(observability.queue_alarms(project))
    for service in project.services.values():
        if not service.handlers:
            continue
        resources[f"Role{service.logical_id}"] = iam.role(iam.function_policy(project, service.name),
                                                          "lambda.amazonaws.com", tags(service.name))
        for handler in service.handlers:
            code = code_files.get(service.name, f"{service.name}-unbuilt.zip")
            resources.update(function_resources(project, handler, code))
    if project.routes:
        resources.update(api_resources(project))
    add_layer(resources, code_files, RUNTIME, ARCHITECTURE)

    outputs: dict[str, Any] = {
        "DocumentBucketName": {"Value": {"Ref": "DocumentBucket"}},
        "AlarmTopicArn": {"Value": {"Ref": "AlarmTopic"}},
    }
    if project.routes:
        outputs["ApiUrl"] = {"Value": {"Fn::Sub": "https://${RestApi}.execute-api.${AWS::Region}.${AWS::URLSuffix}"
                                                  "/${ApiStage}"}}
    for handler in project.handlers:
        outputs[f"{handler.logical_id}Name"] = {"Value": {"Ref": handler.logical_id}}

    template = {
        "AWSTemplateFormatVersion": "2010-09-09",
        "Description": "Sahkar Setu: one Lambda per service, generated by infra/template.py from the code. "
                       "Do not edit; run `make package`.",
        "Metadata": {"UnscopedIamStatements": dict(iam.UNSCOPED),
                     "Services": {s.name: {"tables": list(s.tables), "calls": s.calls}
                                  for s in project.services.values()}},
        "Parameters": parameters(project),
        "Mappings": mappings(project),
        "Conditions": {
            "IsProd": {"Fn::Equals": [{"Ref": "Stage"}, "prod"]},
            "HasAlarmEmail": {"Fn::Not": [{"Fn::Equals": [{"Ref": "AlarmEmail"}, ""]}]},
            "HasWebOrigin": {"Fn::Not": [{"Fn::Equals": [{"Ref": "WebOrigin"}, ""]}]},
            "ManagesAccountSettings": {"Fn::Equals": [{"Ref": "ManageAccountSettings"}, "true"]},
        },
        "Rules": {"RegionMatchesStack": {"Assertions": [{
            "Assert": {"Fn::Equals": [{"Ref": "Region"}, {"Ref": "AWS::Region"}]},
            "AssertDescription": "Deploy the stack in the region given by the Region parameter"}]}},
        "Resources": resources,
        "Outputs": outputs,
    }
    add_bootstrap(template, code_files)
    return template


class Flow(dict):
    """A mapping written on one line (JSON-like flow style): the API's paths stay compact, one
    line per path, so the template grows slowly as routes are added (CloudFormation's limit is 1 MB)."""


class _NoAliases(yaml.SafeDumper):
    """CloudFormation rejects YAML anchors/aliases: write repeated values out in full."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


_NoAliases.add_representer(Flow, lambda dumper, data: dumper.represent_mapping(
    "tag:yaml.org,2002:map", data.items(), flow_style=True))


def dump(template: dict) -> str:
    return yaml.dump(template, Dumper=_NoAliases, sort_keys=False, allow_unicode=True, width=1 << 16)


def write(template: dict, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(dump(template), encoding="utf-8")
    return path
