"""Safe releases: every function runs as a published version behind its `live` alias, and
CodeDeploy shifts the alias to a new version gradually (canary or linear, a parameter), rolling
back by itself when one of the function's alarms fires meanwhile.

API Gateway, EventBridge and the failure destinations all call the alias, never $LATEST, so what
runs is always a version CodeDeploy put there. A new version is published whenever anything in
the function's configuration changes (code zip, environment, memory...): the version's logical
ID carries a hash of the function's properties.
"""

from __future__ import annotations

import hashlib
import json

from infra import iam
from infra.cfn import named, tags
from infra.project import Handler, Project

ALIAS = "live"
DEPLOY_CONFIGS = [
    "CodeDeployDefault.LambdaCanary10Percent5Minutes",
    "CodeDeployDefault.LambdaCanary10Percent10Minutes",
    "CodeDeployDefault.LambdaCanary10Percent15Minutes",
    "CodeDeployDefault.LambdaCanary10Percent30Minutes",
    "CodeDeployDefault.LambdaLinear10PercentEvery1Minute",
    "CodeDeployDefault.LambdaLinear10PercentEvery2Minutes",
    "CodeDeployDefault.LambdaLinear10PercentEvery3Minutes",
    "CodeDeployDefault.LambdaLinear10PercentEvery10Minutes",
    "CodeDeployDefault.LambdaAllAtOnce",
]


def parameters() -> dict:
    return {"DeploymentConfig": {
        "Type": "String", "Default": DEPLOY_CONFIGS[0], "AllowedValues": DEPLOY_CONFIGS,
        "Description": "How CodeDeploy shifts each function's live alias to a new version (rolled back "
                       "automatically if the function's alarms fire)"}}


def alias_id(handler: Handler) -> str:
    return f"{handler.logical_id}Alias"


def alias_ref(handler: Handler) -> dict:
    """The alias ARN: what API Gateway, EventBridge and permissions name."""
    return {"Ref": alias_id(handler)}


def version_id(handler: Handler, function: dict) -> str:
    digest = hashlib.sha256(json.dumps(function["Properties"], sort_keys=True, default=str).encode()).hexdigest()
    return f"{handler.logical_id}Version{digest[:10]}"


def rollback_alarms(handler: Handler) -> list[str]:
    """The alarms that stop a deployment of this function and shift traffic back."""
    fid = handler.logical_id
    alarms = [f"{fid}Errors"]
    if handler.kind == "api":
        alarms += [f"{fid}LatencyP95", "Api5xxAlarm", "ApiLatencyAlarm"]
    return alarms


def function_release(handler: Handler, function: dict) -> dict:
    fid = handler.logical_id
    version = version_id(handler, function)
    group = f"{fid}DeploymentGroup"
    return {
        version: {"Type": "AWS::Lambda::Version", "DeletionPolicy": "Retain", "UpdateReplacePolicy": "Retain",
                  "Properties": {"FunctionName": {"Ref": fid}, "Description": version.removeprefix(fid)}},
        alias_id(handler): {
            "Type": "AWS::Lambda::Alias",
            "UpdatePolicy": {"CodeDeployLambdaAliasUpdate": {"ApplicationName": {"Ref": "DeployApplication"},
                                                             "DeploymentGroupName": {"Ref": group}}},
            "Properties": {"Name": ALIAS, "FunctionName": {"Ref": fid},
                           "FunctionVersion": {"Fn::GetAtt": [version, "Version"]}}},
        group: {"Type": "AWS::CodeDeploy::DeploymentGroup", "Properties": {
            "ApplicationName": {"Ref": "DeployApplication"},
            "ServiceRoleArn": iam.arn("DeployRole"),
            "DeploymentConfigName": {"Ref": "DeploymentConfig"},
            "DeploymentStyle": {"DeploymentType": "BLUE_GREEN", "DeploymentOption": "WITH_TRAFFIC_CONTROL"},
            "AlarmConfiguration": {"Enabled": True, "Alarms": [{"Name": {"Ref": a}} for a in rollback_alarms(handler)]},
            "AutoRollbackConfiguration": {"Enabled": True,
                                          "Events": ["DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_ALARM"]}}},
    }


def shared_resources(project: Project) -> dict:
    handlers = project.handlers
    if not handlers:
        return {}
    return {
        "DeployApplication": {"Type": "AWS::CodeDeploy::Application", "Properties": {
            "ApplicationName": named("functions"), "ComputePlatform": "Lambda", "Tags": tags()}},
        "DeployRole": iam.role(iam.deploy_policy([h.logical_id for h in handlers]), "codedeploy.amazonaws.com",
                               tags()),
    }


