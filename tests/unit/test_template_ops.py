"""The template makes every stage watchable and every release reversible: live aliases with
gradual deployments that roll back on alarms, failure destinations for scheduled functions, logs
kept at least 180 days, the alarms operations rely on, and CORS and SMS settings per stage."""

from __future__ import annotations

import json

import pytest

from chalicelib.core import metrics
from infra import iam, observability, release
from infra.discover import ROOT, discover
from infra.project import ProjectError, build, camel
from infra.template import generate, web_origin


@pytest.fixture(scope="module")
def project():
    return build(ROOT, functions=discover(ROOT))


@pytest.fixture(scope="module")
def template(project):
    return generate(project, {s: f"{s}-abc.zip" for s in project.services})


def of_type(template, kind):
    return {name: r for name, r in template["Resources"].items() if r["Type"] == kind}


def app_functions(template):
    return {n: r for n, r in of_type(template, "AWS::Lambda::Function").items() if n != "SmsSettingsFunction"}


def test_every_function_runs_behind_a_live_alias_that_codedeploy_shifts_with_rollback(template, project):
    res = template["Resources"]
    assert set(app_functions(template)) == {h.logical_id for h in project.handlers}
    for handler in project.handlers:
        fid = handler.logical_id
        alias = res[f"{fid}Alias"]
        assert alias["Properties"]["Name"] == "live" and alias["Properties"]["FunctionName"] == {"Ref": fid}
        version = res[alias["Properties"]["FunctionVersion"]["Fn::GetAtt"][0]]
        assert version["Type"] == "AWS::Lambda::Version" and version["Properties"]["FunctionName"] == {"Ref": fid}
        assert version["DeletionPolicy"] == "Retain"                 # the version to roll back to stays
        group_ref = alias["UpdatePolicy"]["CodeDeployLambdaAliasUpdate"]["DeploymentGroupName"]["Ref"]
        group = res[group_ref]["Properties"]
        assert group["DeploymentConfigName"] == {"Ref": "DeploymentConfig"}
        assert set(group["AutoRollbackConfiguration"]["Events"]) == {"DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_ALARM"}
        alarms = {a["Name"]["Ref"] for a in group["AlarmConfiguration"]["Alarms"]}
        assert f"{fid}Errors" in alarms
        if handler.kind == "api":
            assert {"Api5xxAlarm", "ApiLatencyAlarm", f"{fid}LatencyP95"} <= alarms
            permission = res[f"{fid}ApiPermission"]["Properties"]
        elif handler.kind == "lambda":
            # a custom resource's function: CloudFormation invokes it through ServiceToken, no rule
            assert f"{fid}Rule" not in res and f"{fid}RulePermission" not in res
            continue
        else:
            permission = res[f"{fid}RulePermission"]["Properties"]
            (target,) = res[f"{fid}Rule"]["Properties"]["Targets"]
            assert target["Arn"] == {"Ref": f"{fid}Alias"}
        assert permission["FunctionName"] == {"Ref": f"{fid}Alias"}   # only the alias may be invoked
    assert "Canary" in template["Parameters"]["DeploymentConfig"]["Default"]


def test_a_new_version_is_published_when_code_or_configuration_changes(project):
    handler = project.handlers[0]

    def version_of(template):
        alias = template["Resources"][f"{handler.logical_id}Alias"]
        return alias["Properties"]["FunctionVersion"]["Fn::GetAtt"][0]

    base = version_of(generate(project, {handler.service: "a.zip"}))
    assert version_of(generate(project, {handler.service: "a.zip"})) == base
    assert version_of(generate(project, {handler.service: "b.zip"})) != base
    function = {"Properties": {"Code": "a.zip", "MemorySize": 1024}}
    assert release.version_id(handler, function) != release.version_id(
        handler, {"Properties": {"Code": "a.zip", "MemorySize": 2048}})


def test_every_scheduled_function_has_a_failure_queue_with_an_alarm(template, project):
    res = template["Resources"]
    scheduled = [h for h in project.handlers if h.kind == "schedule"]
    assert scheduled
    for handler in scheduled:
        fid = handler.logical_id
        config = res[f"{fid}InvokeConfig"]["Properties"]
        assert config["Qualifier"] == "live" and config["FunctionName"] == {"Ref": fid}
        queue = config["DestinationConfig"]["OnFailure"]["Destination"]["Fn::GetAtt"][0]
        assert res[queue]["Type"] == "AWS::SQS::Queue"
        alarm = res[f"{fid}FailedAlarm"]["Properties"]
        assert alarm["Dimensions"][0]["Value"] == {"Fn::GetAtt": [queue, "QueueName"]} and alarm["Threshold"] == 1
        role = res[f"Role{camel(handler.service)}"]
        sends = [st for st in role["Properties"]["Policies"][0]["PolicyDocument"]["Statement"]
                 if st["Sid"] == "SendFailedEvents"]
        assert {"Fn::GetAtt": [queue, "Arn"]} in sends[0]["Resource"]


def test_every_log_group_keeps_logs_at_least_180_days(template):
    param = template["Parameters"]["LogRetentionDays"]
    assert param["MinValue"] == 180 and min(param["AllowedValues"]) >= 180 and param["Default"] >= 180
    groups = of_type(template, "AWS::Logs::LogGroup")
    assert groups
    for group in groups.values():
        assert group["Properties"]["RetentionInDays"] == {"Ref": "LogRetentionDays"}
    for fn in of_type(template, "AWS::Lambda::Function").values():
        assert fn["Properties"]["LoggingConfig"]["LogGroup"]["Ref"] in groups


def test_functions_api_and_state_machines_are_traced_and_logged(template):
    for fn in app_functions(template).values():
        assert fn["Properties"]["TracingConfig"] == {"Mode": "Active"}
    stage = template["Resources"]["ApiStage"]["Properties"]
    assert stage["TracingEnabled"] is True
    assert "ApiAccessLogs" in json.dumps(stage["AccessLogSetting"]["DestinationArn"])
    access = json.loads(stage["AccessLogSetting"]["Format"])
    assert access["requestId"] == "$context.requestId"               # core.logs' correlation id
    assert access["resource"] == "$context.resourcePath" and "$context.path" not in json.dumps(access)
    machines = of_type(template, "AWS::StepFunctions::StateMachine")
    assert machines
    for machine in machines.values():
        logging = machine["Properties"]["LoggingConfiguration"]
        assert logging["IncludeExecutionData"] is False and logging["Level"] == "ALL"
        assert machine["Properties"]["TracingConfiguration"] == {"Enabled": True}


def test_alarms_cover_latency_throttles_backlog_and_task_queues(template, project):
    props = [a["Properties"] for a in of_type(template, "AWS::CloudWatch::Alarm").values()]
    api_latency = template["Resources"]["ApiLatencyAlarm"]["Properties"]
    assert api_latency["MetricName"] == "Latency" and api_latency["ExtendedStatistic"] == "p95"
    throttled_tables = {q["MetricStat"]["Metric"]["Dimensions"][0]["Value"]["Ref"]
                        for p in props for q in p.get("Metrics", []) if "MetricStat" in q
                        and q["MetricStat"]["Metric"]["MetricName"] == "WriteThrottleEvents"}
    assert throttled_tables == {t.logical_id for t in project.tables.values()}
    backlog = template["Resources"]["OutboxBacklogAlarm"]["Properties"]
    assert backlog["MetricName"] == metrics.OUTBOX_OLDEST_AGE and backlog["Namespace"] == observability.namespace()
    assert backlog["Dimensions"] == [{"Name": "service", "Value": project.sms_owner}]
    queue_ages = {p["Dimensions"][0]["Value"]["Fn::GetAtt"][0] for p in props
                  if p.get("MetricName") == "ApproximateAgeOfOldestMessage"}
    assert queue_ages == {iam.task_queue_id(m.service) for m in project.state_machines}


def test_cors_allows_only_the_stage_web_origin(template, project):
    body = template["Resources"]["RestApi"]["Properties"]["Body"]
    text = json.dumps(template)
    assert "'*'" not in text and '"AllowedOrigins": ["*"]' not in text
    for methods in body["paths"].values():
        if "options" in methods:
            params = methods["options"]["x-amazon-apigateway-integration"]["responses"]["default"]
            assert web_origin() in params["responseParameters"][
                "method.response.header.Access-Control-Allow-Origin"]["Fn::Join"][1]
    bucket = template["Resources"]["DocumentBucket"]["Properties"]["CorsConfiguration"]["CorsRules"][0]
    assert bucket["AllowedOrigins"] == [web_origin()]
    for fn in app_functions(template).values():
        assert fn["Properties"]["Environment"]["Variables"]["SAHKAR_CORS_ORIGIN"] == web_origin()
    for stage in project.stages.values():
        assert stage["SAHKAR_CORS_ORIGIN"].startswith("https://")


def test_a_stage_without_its_own_web_origin_is_refused(tmp_path):
    import shutil

    root = tmp_path / "repo"
    shutil.copytree(ROOT / ".chalice", root / ".chalice", ignore=shutil.ignore_patterns("deployments", "venv"))
    config = json.loads((root / ".chalice" / "config.json").read_text())
    config["stages"]["dev"]["environment_variables"]["SAHKAR_CORS_ORIGIN"] = "*"
    (root / ".chalice" / "config.json").write_text(json.dumps(config))
    with pytest.raises(ProjectError, match="SAHKAR_CORS_ORIGIN"):
        build(root, functions=discover(ROOT))


def test_a_deployed_stage_refuses_to_start_with_cors_star():
    from chalicelib.core.config import Settings

    secrets = {"signing_secret": "x" * 48, "outbox_key": "k" * 44}
    with pytest.raises(ValueError, match="cors_origin"):
        Settings(stage="prod", **secrets)
    assert Settings(stage="prod", cors_origin="https://sahkar.example.gov.in", **secrets).cors_origin
    assert Settings().cors_origin == "*"                               # the local stack only


def test_account_level_settings_are_set_by_one_opted_in_stage_only(template, project):
    res = template["Resources"]
    for name in ("SmsSettings", "SmsSettingsFunction", "SmsSettingsRole", "ApiGatewayAccount", "ApiGatewayLogsRole"):
        assert res[name]["Condition"] == "ManagesAccountSettings", name
    assert template["Parameters"]["ManageAccountSettings"]["Default"] == "false"
    assert res["ApiGatewayAccount"]["DeletionPolicy"] == "Retain"
    text = json.dumps(template)
    assert "SAHKAR_DLT" not in text and "DltTemplateIds" not in text   # nothing read them
