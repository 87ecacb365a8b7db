"""The deployable template is generated from the code and stays true to it.

Routes equal the functions' Chalice routes; roles name exactly the tables a service owns or calls
(read -> read only); no "*" resource beyond the documented SMS statements; cfn-lint is clean;
tables equal infra.tables.definition; a new service appears with no hand edits.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from infra import iam
from infra.discover import ROOT, discover, function_modules
from infra.project import ProjectError, build, camel
from infra.template import PREFIX, _quoted_origin, dump, generate

REGION = "ap-south-1"


@pytest.fixture(scope="module")
def functions():
    return discover(ROOT)


@pytest.fixture(scope="module")
def project(functions):
    return build(ROOT, functions=functions)


@pytest.fixture(scope="module")
def template(project):
    return generate(project)


def resources_of(template, kind):
    return {name: r for name, r in template["Resources"].items() if r["Type"] == kind}


def api_routes(template) -> dict[tuple[str, str], dict]:
    body = template["Resources"]["RestApi"]["Properties"]["Body"]
    return {(method.upper(), path): spec for path, methods in body["paths"].items()
            for method, spec in methods.items() if method != "options"}


def refs(value) -> set[str]:
    """Logical IDs a CloudFormation value points at (Ref, GetAtt, ${X} / ${X.Attr} in Sub)."""
    text = json.dumps(value)
    found = set(re.findall(r'"Ref": "([A-Za-z0-9]+)"', text))
    found |= set(re.findall(r'"Fn::GetAtt": \["([A-Za-z0-9]+)"', text))
    found |= set(re.findall(r"\$\{([A-Za-z0-9]+)(?:\.[A-Za-z]+)?\}", text))
    return {name for name in found if not name.startswith("AWS")}


# --- the API mirrors the Chalice routes ---------------------------------------------------------

def test_api_routes_are_exactly_the_union_of_the_functions_routes(template, functions):
    union = {(r["method"], r["path"]) for found in functions.values() for r in found["routes"]}
    assert union, "no routes discovered"
    assert set(api_routes(template)) == union


def test_each_route_goes_to_a_function_that_has_it_with_its_parameter_names(template, functions):
    serving = {}
    for service, found in functions.items():
        for r in found["routes"]:
            serving.setdefault((r["method"], r["path"]), {})[service] = r["view_args"]
    for (method, path), spec in api_routes(template).items():
        integration = spec["x-amazon-apigateway-integration"]
        assert integration["type"] == "aws_proxy" and integration["httpMethod"] == "POST"
        target = refs(integration["uri"])
        assert len(target) == 1
        service = next(s for s in serving[(method, path)] if f"Function{camel(s)}ApiAlias" in target)
        alias = template["Resources"][f"Function{camel(service)}ApiAlias"]        # the live alias, never $LATEST
        assert alias["Type"] == "AWS::Lambda::Alias" and alias["Properties"]["Name"] == "live"
        assert alias["Properties"]["FunctionName"] == {"Ref": f"Function{camel(service)}Api"}
        names = [p["name"] for p in spec.get("parameters", [])]
        assert names == serving[(method, path)][service] == re.findall(r"{(\w+)}", path)


def test_aws_and_the_local_stack_serve_the_same_routes(template):
    local = discover(ROOT, target="app")
    assert {(r["method"], r["path"]) for r in local["routes"]} == set(api_routes(template))


def test_preflight_answers_for_every_cors_path_with_its_methods(template, functions):
    body = template["Resources"]["RestApi"]["Properties"]["Body"]
    cors_by_path = {r["path"]: r["cors"] for f in functions.values() for r in f["routes"]}
    for path, methods in body["paths"].items():
        if cors_by_path[path] is None:
            assert "options" not in methods
            continue
        params = methods["options"]["x-amazon-apigateway-integration"]["responses"]["default"]["responseParameters"]
        allowed = params["method.response.header.Access-Control-Allow-Methods"].strip("'").split(",")
        assert sorted(allowed) == sorted([m.upper() for m in methods if m != "options"] + ["OPTIONS"])
        assert params["method.response.header.Access-Control-Allow-Origin"] == _quoted_origin()


def test_stage_is_throttled_and_deployed_whenever_the_routes_change(template, project):
    stage = template["Resources"]["ApiStage"]["Properties"]
    settings = stage["MethodSettings"][0]
    assert settings["ThrottlingRateLimit"] == {"Ref": "ApiThrottleRateLimit"}
    assert settings["ThrottlingBurstLimit"] == {"Ref": "ApiThrottleBurstLimit"}
    assert stage["StageName"] == {"Ref": "Stage"}
    deployment = stage["DeploymentId"]["Ref"]
    assert template["Resources"][deployment]["Type"] == "AWS::ApiGateway::Deployment"
    fewer = build(ROOT, functions={name: {**found, "routes": found["routes"][1:]} if found["routes"] else found
                                   for name, found in discover(ROOT).items()})
    assert generate(fewer)["Resources"]["ApiStage"]["Properties"]["DeploymentId"]["Ref"] != deployment


def test_body_size_is_limited_at_the_edge(template, project):
    rule = template["Resources"]["WebAcl"]["Properties"]["Rules"][0]
    size = rule["Statement"]["SizeConstraintStatement"]
    assert size["Size"] == project.max_body_bytes and size["FieldToMatch"]["Body"]["OversizeHandling"] == "MATCH"
    assert rule["Action"]["Block"]["CustomResponse"]["ResponseCode"] == 413
    assert "RestApi" in refs(template["Resources"]["WebAclAssociation"]["Properties"]["ResourceArn"])


# --- functions -----------------------------------------------------------------------------------

def test_one_function_per_service_module_with_its_handlers(template, functions):
    lambdas = {name: r["Properties"] for name, r in resources_of(template, "AWS::Lambda::Function").items()
               if name != "SmsSettingsFunction"}
    expected = {}
    for service, found in functions.items():
        if found["routes"]:
            expected[f"Function{camel(service)}Api"] = f"functions.{service}.app"
        for event in found["events"]:
            expected[f"Function{camel(service)}{camel(event['name'])}"] = event["handler"]
    assert {name: p["Handler"] for name, p in lambdas.items()} == expected
    assert set(function_modules()) <= {h.split(".")[1] for h in expected.values()}
    for props in lambdas.values():
        assert props["Runtime"] == "python3.12" and props["Architectures"] == ["arm64"]
        env = props["Environment"]["Variables"]
        assert env["STAGE"] == {"Fn::FindInMap": ["StageEnv", {"Ref": "Stage"}, "STAGE"]}
        assert env["RESOURCE_PREFIX"] == {"Fn::FindInMap": ["StageEnv", {"Ref": "Stage"}, "RESOURCEPREFIX"]}
        for secret in ("SIGNING_SECRET", "OUTBOX_KEY"):
            assert "{{resolve:secretsmanager:${Prefix}/" in env[secret]["Fn::Sub"][0]
        log_group = template["Resources"][props["LoggingConfig"]["LogGroup"]["Ref"]]["Properties"]
        assert log_group["RetentionInDays"] == {"Ref": "LogRetentionDays"}
    assert template["Parameters"]["LogRetentionDays"]["Default"] == 365


def test_scheduled_handlers_run_on_their_chalice_schedule(template, functions):
    rules = resources_of(template, "AWS::Events::Rule")
    schedules = {(e["handler"], e["expression"]) for f in functions.values() for e in f["events"]
                 if e["kind"] == "schedule"}
    assert ("functions.notify.drain_outbox", "rate(1 minute)") in schedules
    found = set()
    for rule in rules.values():
        (target,) = rule["Properties"]["Targets"]
        alias = template["Resources"][target["Arn"]["Ref"]]["Properties"]      # the live alias
        fn = template["Resources"][alias["FunctionName"]["Ref"]]["Properties"]
        found.add((fn["Handler"], rule["Properties"]["ScheduleExpression"]))
    assert found == schedules


def test_stage_mapping_and_parameters_come_from_chalice_config(template):
    config = json.loads((ROOT / ".chalice" / "config.json").read_text())
    deployable = sorted(s for s in config["stages"] if s != "local")
    assert template["Parameters"]["Stage"]["AllowedValues"] == deployable
    assert template["Parameters"]["Region"]["Default"] == REGION
    for stage in deployable:
        assert template["Mappings"]["StageEnv"][stage]["RESOURCEPREFIX"] == f"sahkar-{stage}"


def test_alarms_cover_5xx_throttles_and_sms_spend(template, project):
    alarms = {r["Properties"].get("MetricName") for r in resources_of(template, "AWS::CloudWatch::Alarm").values()}
    assert {"5XXError", "Throttles", "Errors", "SMSMonthToDateSpentUSD"} <= alarms
    throttled = {r["Properties"]["Dimensions"][0]["Value"]["Ref"]
                 for r in resources_of(template, "AWS::CloudWatch::Alarm").values()
                 if r["Properties"].get("MetricName") == "Throttles"}
    assert throttled == {h.logical_id for h in project.handlers}


# --- least privilege -------------------------------------------------------------------------------

def _table_access(statements) -> dict[str, set[str]]:
    """logical table (or table/index) -> actions granted."""
    access: dict[str, set[str]] = {}
    for st in statements:
        if st["Effect"] != "Allow" or not any(a.startswith("dynamodb:") for a in st["Action"]):
            continue
        for resource in st["Resource"]:
            (table,) = refs(resource)
            index = re.search(r"/index/(\w+)\"", json.dumps(resource))
            key = f"{table}/{index.group(1)}" if index else table
            access.setdefault(key, set()).update(st["Action"])
    return access


def test_each_role_names_exactly_its_tables_and_those_it_calls(template):
    from chalicelib.services import SERVICES, table_models
    from infra.tables import definition

    indexes = {}
    for model in table_models():
        key = model.Meta.service
        indexes[key] = [i["IndexName"] for i in definition(model).get("GlobalSecondaryIndexes", [])]
    read, write = set(iam.TABLE_READ), set(iam.TABLE_READ + iam.TABLE_WRITE)
    checked = 0
    for name, spec in SERVICES.items():
        role = template["Resources"].get(f"Role{camel(name)}")
        if role is None:
            continue
        expected: dict[str, set[str]] = {}
        grants = [(t, "write") for t in spec.tables]
        grants += [(t, mode) for other, mode in spec.calls.items() for t in SERVICES[other].tables]
        for table, mode in grants:
            expected[f"Table{camel(table)}"] = write if mode == "write" else read
            for index in indexes[table]:
                expected[f"Table{camel(table)}/{index}"] = {"dynamodb:Query"}
        statements = role["Properties"]["Policies"][0]["PolicyDocument"]["Statement"]
        assert _table_access(statements) == expected, name
        assert not any("Scan" in a for st in statements for a in st["Action"])
        checked += 1
    assert checked >= 3


def _allow_statements(template):
    for name, res in resources_of(template, "AWS::IAM::Role").items():
        for policy in res["Properties"]["Policies"]:
            for st in policy["PolicyDocument"]["Statement"]:
                if st["Effect"] == "Allow":
                    yield name, st


def _unscoped(template) -> set[tuple[str, str, tuple[str, ...]]]:
    """(role, Sid, actions) of every Allow on "*"; fails on any other wildcard that is not a suffix
    under one of the template's own named resources."""
    unscoped = set()
    for role, st in _allow_statements(template):
        for resource in st["Resource"]:
            if resource == "*":
                assert st["Sid"] in iam.UNSCOPED and st["Condition"], (role, st)
                unscoped.add((role, st["Sid"], tuple(st["Action"])))
                continue
            text = json.dumps(resource)
            assert refs(resource), (role, resource)           # named after one of our own resources
            if "*" in text:                                    # only a suffix under that named resource
                assert re.search(r"\$\{[A-Za-z0-9]+\.(Arn|Name)\}(/[a-z0-9_-]+/\*|:\*)\"", text), (role, resource)
    return unscoped


def test_no_wildcard_resource_but_the_documented_sms_statements(template, project):
    unscoped = _unscoped(template)
    senders = {f"Role{camel(s)}" for s in project.services if project.sends_sms(s) and
               project.services[s].handlers}
    # owners of state machines, and (infra/iam.py's rule) services that write to such an owner
    owners = {s for s in project.services if project.machines_of(s)}
    answerers = {f"Role{camel(s)}" for s, svc in project.services.items()
                 if s in owners or any(o in owners and m == "write" for o, m in svc.calls.items())}
    function_roles = {f"Role{camel(s)}" for s in project.services if project.services[s].handlers}
    machine_roles = {f"{m.logical_id}Role" for m in project.state_machines}
    assert unscoped == {(r, "SendSmsToPhoneNumbers", ("sns:Publish",)) for r in senders} | \
        {("SmsSettingsRole", "SetAccountSmsSettings", ("sns:GetSMSAttributes", "sns:SetSMSAttributes"))} | \
        {(r, "AnswerTaskTokens", tuple(iam.TASK_TOKENS)) for r in answerers} | \
        {(r, "WriteTraces", tuple(iam.TRACE_WRITE)) for r in function_roles | machine_roles} | \
        {(r, "DeliverStateMachineLogs", tuple(iam.LOG_DELIVERY)) for r in machine_roles} | \
        {("DeployRole", "ReadRollbackAlarms", tuple(iam.ALARM_READ)),
         ("ApiGatewayLogsRole", "ApiGatewayPushesLogs", tuple(iam.API_GATEWAY_LOGS))}
    assert set(template["Metadata"]["UnscopedIamStatements"]) == set(iam.UNSCOPED)


def test_sms_publishing_cannot_reach_topics(template, project):
    for service in project.services:
        role = template["Resources"].get(f"Role{camel(service)}")
        if role is None:
            continue
        statements = role["Properties"]["Policies"][0]["PolicyDocument"]["Statement"]
        sids = {st["Sid"] for st in statements}
        assert ("SendSmsToPhoneNumbers" in sids) == project.sends_sms(service)
        assert ("SendSmsToPhoneNumbers" in sids) == ("NoPublishToTopics" in sids)


# --- tables ------------------------------------------------------------------------------------------

def test_tables_equal_their_definitions(template):
    from chalicelib.services import table_models
    from infra.tables import definition, ttl_attribute

    tables = resources_of(template, "AWS::DynamoDB::Table")
    assert len(tables) == len(table_models())
    for model in table_models():
        spec = definition(model)
        res = tables[f"Table{camel(model.Meta.service)}"]
        props = res["Properties"]
        assert props["TableName"]["Fn::Sub"][0] == "${Prefix}-" + model.Meta.service
        assert props["KeySchema"] == spec["KeySchema"]
        assert props["AttributeDefinitions"] == spec["AttributeDefinitions"]
        assert props.get("GlobalSecondaryIndexes", []) == spec.get("GlobalSecondaryIndexes", [])
        ttl = ttl_attribute(model)
        assert props.get("TimeToLiveSpecification") == ({"AttributeName": ttl, "Enabled": True} if ttl else None)
        assert props["BillingMode"] == "PAY_PER_REQUEST"
        assert props["PointInTimeRecoverySpecification"] == {"PointInTimeRecoveryEnabled": True}
        assert props["SSESpecification"] == {"SSEEnabled": True}
        assert props["DeletionProtectionEnabled"] == {"Fn::If": ["IsProd", True, False]}
        assert res["DeletionPolicy"] == res["UpdateReplacePolicy"] == "Retain"


def test_document_bucket_is_private_versioned_encrypted_and_cleans_abandoned_uploads(template):
    props = template["Resources"]["DocumentBucket"]["Properties"]
    assert all(props["PublicAccessBlockConfiguration"].values())
    assert props["VersioningConfiguration"] == {"Status": "Enabled"}
    assert props["BucketEncryption"]["ServerSideEncryptionConfiguration"][0]["ServerSideEncryptionByDefault"]
    assert "PUT" in props["CorsConfiguration"]["CorsRules"][0]["AllowedMethods"]
    rules = {r["Id"]: r for r in props["LifecycleConfiguration"]["Rules"]}
    assert rules["abandoned-uploads"]["TagFilters"] and rules["abandoned-uploads"]["ExpirationInDays"]
    assert rules["incomplete-multipart-uploads"]["AbortIncompleteMultipartUpload"]


# --- cfn-lint -----------------------------------------------------------------------------------------

def _lint(template: dict, path: Path) -> list[str]:
    from cfnlint.api import ManualArgs, lint_file

    path.write_text(dump(template), encoding="utf-8")
    return [str(m) for m in lint_file(path, ManualArgs(regions=[REGION]))]


def test_cfn_lint_is_clean(template, tmp_path):
    assert _lint(template, tmp_path / "template.yaml") == []


# --- a service that lands later appears by itself ---------------------------------------------------

@pytest.fixture
def grown(tmp_path, functions):
    """The project as it will be when one more service lands (a name no real service has):
    routes, a schedule, documents, a state machine, and read access to societies."""
    from chalicelib.services import SERVICES, ServiceSpec, table_models
    from infra.tables import definition

    class Spec(ServiceSpec):  # the optional attribute a service may declare
        documents = True

    root = tmp_path / "repo"
    shutil.copytree(ROOT / ".chalice", root / ".chalice", ignore=shutil.ignore_patterns("deployments", "venv"))
    (root / "infra" / "statemachines").mkdir(parents=True)
    asl = {"StartAt": "Wait", "States": {"Wait": {
        "Type": "Task", "Resource": "arn:aws:states:::dynamodb:putItem.waitForTaskToken",
        "Parameters": {"TableName": "${Prefix}-newcomer", "Item": {"pk": {"S.$": "$.id"}}}, "End": True}}}
    (root / "infra" / "statemachines" / "newcomer.escalation.asl.json").write_text(json.dumps(asl))
    specs = dict(SERVICES)
    specs["newcomer"] = Spec("newcomer", ("newcomer",), {"identity": "read", "societies": "read",
                                                               "notify": "write"})
    model = next(m for m in table_models() if m.Meta.service == "societies-search")

    class Newcomer(model):   # same keys as another table; only the table it lives in differs
        class Meta:
            service = "newcomer"
            table_name = "x-newcomer"

    cors = functions["identity"]["routes"][0]["cors"]
    fns = dict(functions)
    fns["newcomer"] = {"module": "functions.newcomer", "app_name": "sahkar-newcomer", "binary_types": [],
                         "routes": [{"path": "/newcomer", "method": "POST", "view": "g.create", "view_args": [],
                                     "cors": cors, "content_types": ["application/json"]},
                                    {"path": "/newcomer/{ref}", "method": "GET", "view": "g.get",
                                     "view_args": ["ref"], "cors": cors, "content_types": ["application/json"]}],
                         "events": [{"kind": "schedule", "name": "escalate", "handler": "functions.newcomer.escalate",
                                     "expression": "cron(0 1 * * ? *)", "description": ""}]}
    assert definition(Newcomer)["KeySchema"]
    project = build(root, functions=fns, specs=specs, models=[*table_models(), Newcomer])
    return project, generate(project)


def test_a_new_service_appears_without_hand_edits(grown, tmp_path):
    project, template = grown
    res = template["Resources"]
    assert res["FunctionNewcomerApi"]["Properties"]["Handler"] == "functions.newcomer.app"
    assert res["FunctionNewcomerEscalate"]["Properties"]["Handler"] == "functions.newcomer.escalate"
    assert {("POST", "/newcomer"), ("GET", "/newcomer/{ref}")} <= set(api_routes(template))
    assert res["TableNewcomer"]["Properties"]["TableName"]["Fn::Sub"][0] == "${Prefix}-newcomer"
    machine = res["StateMachineNewcomerEscalation"]["Properties"]
    assert machine["DefinitionSubstitutions"] == {"Prefix": PREFIX}

    statements = res["RoleNewcomer"]["Properties"]["Policies"][0]["PolicyDocument"]["Statement"]
    access = _table_access(statements)
    assert access["TableSocieties"] == set(iam.TABLE_READ)            # read -> read actions only
    assert access["TableSocietiesSearch"] == set(iam.TABLE_READ)
    assert access["TableIdentity"] == set(iam.TABLE_READ)
    assert access["TableNewcomer"] == set(iam.TABLE_READ + iam.TABLE_WRITE)
    by_sid = {st["Sid"]: st for st in statements}
    assert by_sid["OwnNewcomerDocuments"]["Resource"] == [{"Fn::Sub": "${DocumentBucket.Arn}/newcomer/*"}]
    assert by_sid["OwnNewcomerStateMachines"]["Resource"] == [{"Ref": "StateMachineNewcomerEscalation"}]
    assert by_sid["AnswerTaskTokens"]["Resource"] == ["*"] and by_sid["AnswerTaskTokens"]["Condition"]
    # societies does not call newcomer: nothing of newcomer in its role
    societies = json.dumps(res["RoleSocieties"]["Properties"])
    assert "Newcomer" not in societies
    tokens = {(r, sid) for r, sid, _ in _unscoped(template) if sid == "AnswerTaskTokens"}
    assert tokens == {("RoleNewcomer", "AnswerTaskTokens")}
    assert _lint(template, tmp_path / "grown.yaml") == []


def test_conflicting_routes_and_path_variables_are_refused(functions):
    cors = functions["identity"]["routes"][0]["cors"]

    def with_route(path, view):
        fns = json.loads(json.dumps(functions))
        fns["societies"]["routes"].append({"path": path, "method": "GET", "view": view, "view_args": [],
                                           "cors": cors, "content_types": ["application/json"]})
        return fns

    with pytest.raises(ProjectError, match="served by both"):
        build(ROOT, functions=with_route("/me", "chalicelib.societies.api.me"))
    with pytest.raises(ProjectError, match="path variable"):
        build(ROOT, functions=with_route("/admin/users/{user}/x", "chalicelib.societies.api.x"))


def test_a_function_module_without_a_service_declaration_is_refused(functions):
    fns = dict(functions, unheard=functions["identity"])
    with pytest.raises(ProjectError, match="functions/unheard.py"):
        build(ROOT, functions=fns)


# --- the code artifacts -----------------------------------------------------------------------------

def test_each_artifact_holds_everything_its_handlers_import(tmp_path, functions):
    from infra.package import app_files, chalice_files

    for service, found in functions.items():
        files = app_files(ROOT, service)
        assert f"functions/{service}.py" in files and "chalice/app.py" not in files   # chalice: in the layer
        assert not any(name.startswith(("tests/", "infra/", "stack/", "app.py")) for name in files)
        files.update(chalice_files())
        tree = tmp_path / service
        for name, source in files.items():
            (tree / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, tree / name)
        modules = [n.removesuffix(".py").removesuffix("/__init__").replace("/", ".")
                   for n in files if n.endswith(".py")]
        handlers = [f"{found['module']}.app"] if found["routes"] else []
        handlers += [e["handler"] for e in found["events"]]
        script = ("import importlib, sys\n"
                  f"for m in {modules!r}: importlib.import_module(m)\n"
                  f"for h in {handlers!r}:\n"
                  "    mod, _, attr = h.rpartition('.')\n"
                  "    assert callable(getattr(importlib.import_module(mod), attr))\n"
                  f"assert all(not p.startswith({str(ROOT)!r}) for p in "
                  "(getattr(m, '__file__', '') or '' for n, m in sys.modules.items() "
                  "if n.split('.')[0] in ('chalicelib', 'functions', 'chalice')))\n")
        done = subprocess.run([sys.executable, "-c", script], cwd=tree, capture_output=True, text=True,  # noqa: S603
                              env={"STAGE": "local", "PATH": "/usr/bin:/bin"}, check=False)
        assert done.returncode == 0, done.stderr


def test_zips_are_reproducible(tmp_path):
    from infra.artifacts import sha256, write_zip
    from infra.package import app_files

    files = app_files(ROOT, "notify")
    write_zip(tmp_path / "a.zip", files)
    write_zip(tmp_path / "b.zip", files)
    assert sha256(tmp_path / "a.zip") == sha256(tmp_path / "b.zip")


def test_sms_settings_keep_the_spend_limit_unless_one_is_given(template, monkeypatch):
    import types

    calls, replies = [], []
    boto3 = types.SimpleNamespace(client=lambda name: types.SimpleNamespace(
        set_sms_attributes=lambda attributes: calls.append(attributes)))
    cfnresponse = types.SimpleNamespace(SUCCESS="SUCCESS", FAILED="FAILED",
                                        send=lambda *args, **kw: replies.append(args[2]))
    monkeypatch.setitem(sys.modules, "boto3", boto3)
    monkeypatch.setitem(sys.modules, "cfnresponse", cfnresponse)
    code = template["Resources"]["SmsSettingsFunction"]["Properties"]["Code"]["ZipFile"]
    namespace: dict = {}
    exec(compile(code, "index.py", "exec"), namespace)  # noqa: S102 - the template's own inline code
    props = template["Resources"]["SmsSettings"]["Properties"]
    event = {"RequestType": "Create", "ResourceProperties": {**props, "MonthlySpendLimit": ""}}
    namespace["handler"](event, None)
    namespace["handler"]({**event, "ResourceProperties": {**props, "MonthlySpendLimit": "50"}}, None)
    namespace["handler"]({**event, "RequestType": "Delete"}, None)
    assert calls == [{"DefaultSMSType": "Transactional"},
                     {"DefaultSMSType": "Transactional", "MonthlySpendLimit": "50"}]
    assert replies == ["SUCCESS"] * 3


def test_template_stays_well_under_cloudformation_size_limit(template, project):
    size = len(dump(template).encode())
    assert size < 1_000_000
    assert size / len(project.routes) < 4_000       # bytes per route: ~250 routes fit with room to spare
