"""stack.moto_tx: moto's transactions keep their all-or-nothing answer without copying whole tables."""

from __future__ import annotations

import boto3
import pytest
from botocore.exceptions import ClientError
from moto import mock_aws

from stack import moto_tx


@pytest.fixture(autouse=True)
def as_found():
    """Each test starts from moto as it came and leaves the patch as it found it (the embedded
    server of integration tests in the same process installs it)."""
    was_installed = bool(moto_tx._saved)
    moto_tx.uninstall()
    yield
    moto_tx.uninstall()
    if was_installed:
        moto_tx.install()


@pytest.fixture
def table(monkeypatch):
    monkeypatch.delenv("AWS_ENDPOINT_URL", raising=False)   # moto in this process, no server
    moto_tx.install()
    with mock_aws():
        ddb = boto3.client("dynamodb", region_name="ap-south-1")
        ddb.create_table(TableName="t", BillingMode="PAY_PER_REQUEST",
                         KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"},
                                    {"AttributeName": "sk", "KeyType": "RANGE"}],
                         AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"},
                                               {"AttributeName": "sk", "AttributeType": "S"}])
        ddb.put_item(TableName="t", Item={"pk": {"S": "a"}, "sk": {"S": "1"}, "n": {"N": "1"}})
        ddb.put_item(TableName="t", Item={"pk": {"S": "gone"}, "sk": {"S": "1"}})
        yield ddb
    moto_tx.uninstall()


def items(ddb):
    found = {}
    for pk in ("a", "b", "c", "gone", "missing"):
        item = ddb.get_item(TableName="t", Key={"pk": {"S": pk}, "sk": {"S": "1"}}).get("Item")
        if item:
            found[(pk, "1")] = item.get("n", {}).get("N")
    return found


def actions(condition_holds: bool):
    key_c = {"pk": {"S": "c" if condition_holds else "missing"}, "sk": {"S": "1"}}
    return [
        {"Update": {"TableName": "t", "Key": {"pk": {"S": "a"}, "sk": {"S": "1"}},
                    "UpdateExpression": "ADD n :one", "ExpressionAttributeValues": {":one": {"N": "1"}}}},
        {"Put": {"TableName": "t", "Item": {"pk": {"S": "b"}, "sk": {"S": "1"}}}},
        {"Delete": {"TableName": "t", "Key": {"pk": {"S": "gone"}, "sk": {"S": "1"}}}},
        {"ConditionCheck": {"TableName": "t", "Key": key_c, "ConditionExpression": "attribute_not_exists(pk)"}},
    ]


def test_a_failed_transaction_leaves_every_item_as_it_was(table):
    table.put_item(TableName="t", Item={"pk": {"S": "missing"}, "sk": {"S": "1"}})   # the check now fails
    before = items(table)
    with pytest.raises(ClientError) as caught:
        table.transact_write_items(TransactItems=actions(condition_holds=False))
    assert caught.value.response["Error"]["Code"] == "TransactionCanceledException"
    assert items(table) == before


def test_a_transaction_that_holds_applies_every_action(table):
    table.transact_write_items(TransactItems=actions(condition_holds=True))
    assert items(table) == {("a", "1"): "2", ("b", "1"): None}


def test_uninstall_gives_moto_back():
    from moto.dynamodb import models

    original = models.DynamoDBBackend.transact_write_items
    moto_tx.install()
    assert models.DynamoDBBackend.transact_write_items is not original
    moto_tx.uninstall()
    assert models.DynamoDBBackend.transact_write_items is original and models.copy.deepcopy is not None
