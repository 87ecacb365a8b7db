"""The local stack (moto) and the AWS template are made from the same definitions: what the local
stack creates, read back from the endpoint, equals what the template declares."""

from __future__ import annotations

import json
import shutil

import pytest

from chalicelib.core import aws
from chalicelib.core.config import get_settings
from infra import resources
from infra.discover import ROOT, discover
from infra.project import build, camel
from infra.template import generate, web_origin

ASL = {"StartAt": "Review", "States": {"Review": {
    "Type": "Task", "Resource": "arn:aws:states:::dynamodb:putItem.waitForTaskToken",
    "Parameters": {"TableName": "${Prefix}-societies", "Item": {"pk": {"S.$": "$.pk"}, "sk": {"S": "REVIEW"},
                                                                "token": {"S.$": "$$.Task.Token"}}},
    "End": True}}}


@pytest.fixture(scope="module")
def template():
    return generate(build(ROOT))


def _local_name(value) -> str:
    """A template name (Fn::Sub "${Prefix}-x" with the stage prefix) as the local stack spells it."""
    text = value["Fn::Sub"][0] if isinstance(value["Fn::Sub"], list) else value["Fn::Sub"]
    return text.replace("${Prefix}", get_settings().resource_prefix)


def _tables(template):
    return {_local_name(r["Properties"]["TableName"]): r["Properties"]
            for r in template["Resources"].values() if r["Type"] == "AWS::DynamoDB::Table"}


def _indexes(gsis) -> dict:
    return {g["IndexName"]: (g["KeySchema"], g["Projection"]["ProjectionType"],
                             sorted(g["Projection"].get("NonKeyAttributes", []))) for g in gsis or []}


def test_local_tables_equal_the_template_tables(template):
    resources.create_local()
    ddb = aws.client("dynamodb")
    declared = _tables(template)
    local = {n for n in ddb.list_tables()["TableNames"] if n.startswith(get_settings().resource_prefix + "-")}
    assert local == set(declared)
    for name, props in declared.items():
        table = ddb.describe_table(TableName=name)["Table"]
        assert table["KeySchema"] == props["KeySchema"], name
        assert sorted(table["AttributeDefinitions"], key=lambda a: a["AttributeName"]) == props["AttributeDefinitions"]
        assert _indexes(table.get("GlobalSecondaryIndexes")) == _indexes(props.get("GlobalSecondaryIndexes")), name
        assert table["BillingModeSummary"]["BillingMode"] == props["BillingMode"]
        ttl = ddb.describe_time_to_live(TableName=name)["TimeToLiveDescription"]
        if "TimeToLiveSpecification" in props:
            assert ttl["TimeToLiveStatus"] == "ENABLED"
            assert ttl["AttributeName"] == props["TimeToLiveSpecification"]["AttributeName"]
        else:
            assert ttl["TimeToLiveStatus"] == "DISABLED", name


def test_local_bucket_equals_the_template_bucket(template):
    resources.create_local()
    account = aws.client("sts").get_caller_identity()["Account"]
    name = resources.bucket_name(get_settings().resource_prefix, account)
    props = template["Resources"]["DocumentBucket"]["Properties"]
    assert props["BucketName"]["Fn::Sub"][0].replace("${AWS::AccountId}", account) \
        .replace("${Prefix}", get_settings().resource_prefix) == name
    s3 = aws.client("s3")
    assert s3.get_public_access_block(Bucket=name)["PublicAccessBlockConfiguration"] == \
        props["PublicAccessBlockConfiguration"]
    assert s3.get_bucket_versioning(Bucket=name)["Status"] == props["VersioningConfiguration"]["Status"]
    assert resources.cfn_encryption(s3.get_bucket_encryption(Bucket=name)["ServerSideEncryptionConfiguration"]) \
        == props["BucketEncryption"]
    local_cors = resources.cfn_cors({"CORSRules": s3.get_bucket_cors(Bucket=name)["CORSRules"]})["CorsRules"]
    (stage_cors,) = props["CorsConfiguration"]["CorsRules"]
    # the same rule; only the origin differs: "*" on the local stack, the stage's web origin in AWS
    assert [{**rule, "AllowedOrigins": None} for rule in local_cors] == [{**stage_cors, "AllowedOrigins": None}]
    assert local_cors[0]["AllowedOrigins"] == [get_settings().cors_origin] == ["*"]
    assert stage_cors["AllowedOrigins"] == [web_origin()]
    assert resources.cfn_lifecycle({"Rules": s3.get_bucket_lifecycle_configuration(Bucket=name)["Rules"]}) == \
        props["LifecycleConfiguration"]


def test_local_state_machines_equal_the_template_ones(tmp_path):
    root = tmp_path / "repo"
    shutil.copytree(ROOT / ".chalice", root / ".chalice", ignore=shutil.ignore_patterns("deployments", "venv"))
    (root / "infra" / "statemachines").mkdir(parents=True)
    (root / "infra" / "statemachines" / "societies.review.asl.json").write_text(json.dumps(ASL))
    project = build(root, functions=discover(ROOT))
    template = generate(project)
    created = resources.create_local(root)
    assert resources.create_local(root) == []                     # idempotent
    (machine,) = [r["Properties"] for r in template["Resources"].values()
                  if r["Type"] == "AWS::StepFunctions::StateMachine"]
    name = _local_name(machine["StateMachineName"])
    assert name in created
    sfn = aws.client("stepfunctions")
    arn = next(m["stateMachineArn"] for m in sfn.list_state_machines()["stateMachines"] if m["name"] == name)
    local = json.loads(sfn.describe_state_machine(stateMachineArn=arn)["definition"])
    declared = json.loads(json.dumps(machine["Definition"]).replace("${Prefix}", get_settings().resource_prefix))
    assert local == declared
    assert machine["DefinitionSubstitutions"] == {"Prefix": template["Resources"]["TableSocieties"]["Properties"]
                                                  ["TableName"]["Fn::Sub"][1]["Prefix"]}
    role = template["Resources"][f"StateMachine{camel('societies')}ReviewRole"]["Properties"]
    granted = json.dumps(role["Policies"][0]["PolicyDocument"])
    assert "TableSocieties" in granted and "TableIdentity" not in granted
