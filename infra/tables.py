"""Table definitions derived from the pynamodb models: one source for AWS and the local stack."""

from __future__ import annotations

from typing import Any

from pynamodb.attributes import TTLAttribute


def _hash_first(key_schema: list[dict]) -> list[dict]:
    """pynamodb lists key attributes by name; DynamoDB wants HASH before RANGE."""
    return sorted(key_schema, key=lambda k: k["KeyType"] != "HASH")


def definition(model: Any) -> dict:
    """CreateTable arguments (boto3 spelling) for a model's table."""
    schema = model._get_schema()
    gsis = []
    for index in schema.get("global_secondary_indexes", []):
        gsis.append({"IndexName": index["index_name"], "KeySchema": _hash_first(index["key_schema"]),
                     "Projection": index["projection"]})
    attributes = {a["AttributeName"]: a for a in schema["attribute_definitions"]}
    for index in schema.get("global_secondary_indexes", []):
        attributes.update({a["AttributeName"]: a for a in index["attribute_definitions"]})
    spec: dict[str, Any] = {
        "TableName": model.Meta.table_name,
        "AttributeDefinitions": sorted(attributes.values(), key=lambda a: a["AttributeName"]),
        "KeySchema": _hash_first(schema["key_schema"]),
        "BillingMode": "PAY_PER_REQUEST",
    }
    if gsis:
        spec["GlobalSecondaryIndexes"] = gsis
    return spec


def ttl_attribute(model: Any) -> str | None:
    for name, attr in model.get_attributes().items():
        if isinstance(attr, TTLAttribute):
            return attr.attr_name or name
    return None


def create_all(client: Any, models: list) -> list[str]:
    """Create missing tables (and their TTL); returns the names created."""
    existing = set(client.list_tables()["TableNames"])
    created = []
    for model in models:
        spec = definition(model)
        if spec["TableName"] in existing:
            continue
        client.create_table(**spec)
        ttl = ttl_attribute(model)
        if ttl:
            client.update_time_to_live(TableName=spec["TableName"],
                                       TimeToLiveSpecification={"Enabled": True, "AttributeName": ttl})
        created.append(spec["TableName"])
    return created
