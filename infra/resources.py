"""Non-table resources, defined once for AWS (infra.template) and the local stack (create_local).

Tables come from the pynamodb models (infra.tables); this module holds the private document
bucket, the SMS settings and the state machines, in boto3 spelling, with the converters the
template uses. `create_local` is what the local stack (stack.bootstrap) and the tests call.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from infra.discover import ROOT

# --- the private document bucket ---------------------------------------------------------------

DOCUMENTS = "documents"
# Presigned uploads are tagged pending (x-amz-tagging) until the service has checked them;
# whatever is still pending after this many days was abandoned and is deleted.
PENDING_TAG = {"Key": "upload", "Value": "pending"}
ABANDONED_AFTER_DAYS = 2
INCOMPLETE_MULTIPART_DAYS = 1
NONCURRENT_VERSION_DAYS = 365
UPLOAD_METHODS = ["GET", "HEAD", "POST", "PUT"]


def bucket_name(prefix: str, account: str) -> str:
    """Bucket names are global: the account id keeps ours unique."""
    return f"{prefix}-{DOCUMENTS}-{account}"


def bucket_config(cors_origin: str) -> dict[str, Any]:
    """The bucket's settings in boto3 (put_bucket_*) spelling."""
    return {
        "PublicAccessBlockConfiguration": {"BlockPublicAcls": True, "IgnorePublicAcls": True,
                                           "BlockPublicPolicy": True, "RestrictPublicBuckets": True},
        "OwnershipControls": {"Rules": [{"ObjectOwnership": "BucketOwnerEnforced"}]},
        "VersioningConfiguration": {"Status": "Enabled"},
        "ServerSideEncryptionConfiguration": {"Rules": [
            {"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}, "BucketKeyEnabled": True}]},
        "CORSConfiguration": {"CORSRules": [{
            "AllowedMethods": UPLOAD_METHODS, "AllowedOrigins": [cors_origin], "AllowedHeaders": ["*"],
            "ExposeHeaders": ["ETag"], "MaxAgeSeconds": 3000}]},
        "LifecycleConfiguration": {"Rules": [
            {"ID": "abandoned-uploads", "Status": "Enabled", "Filter": {"Tag": PENDING_TAG},
             "Expiration": {"Days": ABANDONED_AFTER_DAYS}},
            {"ID": "incomplete-multipart-uploads", "Status": "Enabled", "Filter": {"Prefix": ""},
             "AbortIncompleteMultipartUpload": {"DaysAfterInitiation": INCOMPLETE_MULTIPART_DAYS}},
            {"ID": "old-versions", "Status": "Enabled", "Filter": {"Prefix": ""},
             "NoncurrentVersionExpiration": {"NoncurrentDays": NONCURRENT_VERSION_DAYS}},
        ]},
    }


def cfn_cors(cors: dict) -> dict:
    return {"CorsRules": [{"AllowedMethods": sorted(r["AllowedMethods"]), "AllowedOrigins": r["AllowedOrigins"],
                           "AllowedHeaders": r.get("AllowedHeaders", []), "ExposedHeaders": r.get("ExposeHeaders", []),
                           "MaxAge": r["MaxAgeSeconds"]} for r in cors["CORSRules"]]}


def cfn_lifecycle(lifecycle: dict) -> dict:
    rules = []
    for rule in lifecycle["Rules"]:
        out: dict[str, Any] = {"Id": rule["ID"], "Status": rule["Status"]}
        flt = rule.get("Filter", {})
        if "Tag" in flt:
            out["TagFilters"] = [flt["Tag"]]
        elif flt.get("Prefix"):
            out["Prefix"] = flt["Prefix"]
        if "Expiration" in rule:
            out["ExpirationInDays"] = rule["Expiration"]["Days"]
        if "AbortIncompleteMultipartUpload" in rule:
            out["AbortIncompleteMultipartUpload"] = rule["AbortIncompleteMultipartUpload"]
        if "NoncurrentVersionExpiration" in rule:
            days = rule["NoncurrentVersionExpiration"]["NoncurrentDays"]
            out["NoncurrentVersionExpiration"] = {"NoncurrentDays": days}
        rules.append(out)
    return {"Rules": rules}


def cfn_encryption(encryption: dict) -> dict:
    return {"ServerSideEncryptionConfiguration": [
        {"ServerSideEncryptionByDefault": r["ApplyServerSideEncryptionByDefault"],
         **({"BucketKeyEnabled": r["BucketKeyEnabled"]} if "BucketKeyEnabled" in r else {})}
        for r in encryption["Rules"]]}


def cfn_bucket_properties(config: dict) -> dict:
    """The same settings in AWS::S3::Bucket spelling."""
    return {
        "PublicAccessBlockConfiguration": config["PublicAccessBlockConfiguration"],
        "OwnershipControls": config["OwnershipControls"],
        "VersioningConfiguration": config["VersioningConfiguration"],
        "BucketEncryption": cfn_encryption(config["ServerSideEncryptionConfiguration"]),
        "CorsConfiguration": cfn_cors(config["CORSConfiguration"]),
        "LifecycleConfiguration": cfn_lifecycle(config["LifecycleConfiguration"]),
    }


# --- SMS -----------------------------------------------------------------------------------------

# Account-level SNS SMS settings (the monthly spend limit is a template parameter in AWS).
SMS_ATTRIBUTES = {"DefaultSMSType": "Transactional"}


# --- state machines --------------------------------------------------------------------------------

# The placeholders an ASL file may use; AWS fills them through DefinitionSubstitutions, the local
# stack through render_definition, so one file serves both.
SUBSTITUTIONS = ("Prefix", "Stage", "Region", "AccountId", "Partition")
_PLACEHOLDER = re.compile(r"\$\{([A-Za-z0-9_]+)\}")


def placeholders(definition: dict) -> set[str]:
    return set(_PLACEHOLDER.findall(json.dumps(definition)))


def render_definition(definition: dict, values: dict[str, str]) -> str:
    unknown = placeholders(definition) - set(values)
    if unknown:
        raise ValueError(f"unknown placeholders {sorted(unknown)} in a state machine; use {SUBSTITUTIONS}")
    return _PLACEHOLDER.sub(lambda m: values[m.group(1)], json.dumps(definition, sort_keys=True))


def state_machine_name(prefix: str, key: str) -> str:
    return f"{prefix}-{key}"


def state_machine_files(root: Path = ROOT) -> list[Path]:
    folder = root / "infra" / "statemachines"
    return sorted(folder.glob("*.asl.json")) if folder.is_dir() else []


# Human steps (waitForTaskToken) send their token to the owning service's task queue (see
# core.workflow); one queue per service that owns a state machine.
TASK_QUEUE_SUFFIX = "tasks"
TASK_QUEUE_ATTRIBUTES = {"VisibilityTimeout": "60", "MessageRetentionPeriod": "1209600"}


def task_queue_name(prefix: str, service: str) -> str:
    return f"{prefix}-{service}-{TASK_QUEUE_SUFFIX}"


def machine_owners(files: list[Path]) -> list[str]:
    return sorted({path.name.split(".", 1)[0] for path in files})


# --- the local stack ---------------------------------------------------------------------------------

def create_local(root: Path = ROOT, tables: set[str] | None = None, bucket: bool = True,
                 machines: set[str] | None = None) -> list[str]:
    """Create whatever is missing on the local endpoint (moto): tables, bucket, SMS settings,
    state machines; returns the names created. Uses the same definitions as the template.
    `tables` (table keys) and `machines` (owning services) limit what is made, and `bucket=False`
    leaves the bucket out: one function's resources only (the artifact tests)."""
    from chalicelib.core import aws
    from chalicelib.core.config import get_settings
    from chalicelib.services import table_models
    from infra.tables import create_all

    settings = get_settings()
    models = [m for m in table_models() if tables is None or m.Meta.service in tables]
    created = create_all(aws.client("dynamodb"), models)
    account = aws.client("sts").get_caller_identity()["Account"]

    s3 = aws.client("s3")
    name = bucket_name(settings.resource_prefix, account)
    existing = {b["Name"] for b in s3.list_buckets().get("Buckets", [])}
    if bucket and name not in existing:
        s3.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": settings.region})
        config = bucket_config(settings.cors_origin)
        s3.put_public_access_block(Bucket=name, PublicAccessBlockConfiguration=config["PublicAccessBlockConfiguration"])
        s3.put_bucket_ownership_controls(Bucket=name, OwnershipControls=config["OwnershipControls"])
        s3.put_bucket_versioning(Bucket=name, VersioningConfiguration=config["VersioningConfiguration"])
        s3.put_bucket_encryption(Bucket=name,
                                 ServerSideEncryptionConfiguration=config["ServerSideEncryptionConfiguration"])
        s3.put_bucket_cors(Bucket=name, CORSConfiguration=config["CORSConfiguration"])
        s3.put_bucket_lifecycle_configuration(Bucket=name, LifecycleConfiguration=config["LifecycleConfiguration"])
        created.append(name)

    aws.client("sns").set_sms_attributes(attributes=dict(SMS_ATTRIBUTES))

    files = [f for f in state_machine_files(root) if machines is None or machine_owners([f])[0] in machines]
    if files:
        sqs = aws.client("sqs")
        for owner in machine_owners(files):
            queue = task_queue_name(settings.resource_prefix, owner)
            if not sqs.list_queues(QueueNamePrefix=queue).get("QueueUrls"):
                sqs.create_queue(QueueName=queue, Attributes=dict(TASK_QUEUE_ATTRIBUTES))
                created.append(queue)
        sfn = aws.client("stepfunctions")
        values = {"Prefix": settings.resource_prefix, "Stage": settings.stage, "Region": settings.region,
                  "AccountId": account, "Partition": "aws"}
        have = {m["name"] for m in sfn.list_state_machines()["stateMachines"]}
        for path in files:
            key = path.name.removesuffix(".asl.json").replace(".", "-")
            sm_name = state_machine_name(settings.resource_prefix, key)
            if sm_name in have:
                continue
            definition = json.loads(path.read_text(encoding="utf-8"))
            sfn.create_state_machine(name=sm_name, definition=render_definition(definition, values),
                                     roleArn=f"arn:aws:iam::{account}:role/{sm_name}-role", type="STANDARD")
            created.append(sm_name)
    return created
