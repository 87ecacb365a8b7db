"""CloudFormation building blocks shared by the template's parts (infra.template,
infra.observability, infra.release): stage-prefixed names, tags, log groups and alarms."""

from __future__ import annotations

from typing import Any

PREFIX = {"Fn::FindInMap": ["StageEnv", {"Ref": "Stage"}, "RESOURCEPREFIX"]}
# Logs are operational (the audit trail is the history kept in the tables): they go with the stack,
# so a deleted dev stack can be created again under the same names.
LOGS_POLICY = {"DeletionPolicy": "Delete", "UpdateReplacePolicy": "Delete"}


def named(suffix: str) -> dict:
    """A resource name for the stage: <RESOURCE_PREFIX>-<suffix>, e.g. sahkar-dev-identity."""
    return {"Fn::Sub": ["${Prefix}-" + suffix, {"Prefix": PREFIX}]}


def tags(service: str | None = None) -> list[dict]:
    out = [{"Key": "project", "Value": "sahkar-setu"}, {"Key": "stage", "Value": {"Ref": "Stage"}}]
    if service:
        out.append({"Key": "service", "Value": service})
    return out


def log_group(name: str, service: str | None = None) -> dict:
    """A log group whose retention is the stack's LogRetentionDays (never below 180 days)."""
    return {**LOGS_POLICY, "Type": "AWS::Logs::LogGroup", "Properties": {
        "LogGroupName": {"Fn::Sub": [name, {"Prefix": PREFIX}]},
        "RetentionInDays": {"Ref": "LogRetentionDays"}, "Tags": tags(service)}}


def alarm(suffix: str, namespace: Any, metric: str, dimensions: list[dict], threshold: Any,
          statistic: str = "Sum", period: int = 300, evaluation_periods: int = 1) -> dict:
    """An alarm to the stage's alarm topic; `statistic` may be a percentile such as "p95"."""
    props: dict[str, Any] = {
        "AlarmName": named(suffix), "Namespace": namespace, "MetricName": metric,
        "Period": period, "EvaluationPeriods": evaluation_periods, "Threshold": threshold,
        "ComparisonOperator": "GreaterThanOrEqualToThreshold", "TreatMissingData": "notBreaching",
        "AlarmActions": [{"Ref": "AlarmTopic"}], "OKActions": [{"Ref": "AlarmTopic"}],
    }
    if statistic.startswith("p"):
        props["ExtendedStatistic"] = statistic
    else:
        props["Statistic"] = statistic
    if dimensions:
        props["Dimensions"] = dimensions
    return {"Type": "AWS::CloudWatch::Alarm", "Properties": props}


def math_alarm(suffix: str, expression: str, metrics: dict[str, dict], threshold: Any, period: int = 300) -> dict:
    """An alarm on an expression over several metrics, e.g. a table's read + write throttles."""
    queries = [{"Id": "total", "Expression": expression, "Label": suffix, "ReturnData": True}]
    for qid, spec in metrics.items():
        queries.append({"Id": qid, "ReturnData": False, "MetricStat": {
            "Metric": {"Namespace": spec["namespace"], "MetricName": spec["metric"],
                       "Dimensions": spec["dimensions"]},
            "Period": period, "Stat": spec.get("stat", "Sum")}})
    return {"Type": "AWS::CloudWatch::Alarm", "Properties": {
        "AlarmName": named(suffix), "Metrics": queries, "EvaluationPeriods": 1, "Threshold": threshold,
        "ComparisonOperator": "GreaterThanOrEqualToThreshold", "TreatMissingData": "notBreaching",
        "AlarmActions": [{"Ref": "AlarmTopic"}], "OKActions": [{"Ref": "AlarmTopic"}]}}
