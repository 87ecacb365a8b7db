"""The first run's fast seeding (stack.bulk_seed) writes exactly what the importer writes over
DynamoDB's API, and the registry it leaves answers and numbers new societies like an imported one."""

from __future__ import annotations

import pickle
from datetime import UTC, datetime

import pytest
from moto.backends import get_backend

from chalicelib.core import clock
from chalicelib.core.auth import Level
from stack import bulk_seed
from stack.seed import seed_societies
from tests.integration.helpers import officer

COUNT = 120
MOMENT = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


def _dump() -> dict:
    """Every item of every table, as moto holds it (table name, keys -> attributes)."""
    state = {}
    for account in get_backend("dynamodb").values():
        for backend in account.values():
            for name, table in backend.tables.items():
                for item in table.all_items():
                    key = (name, item.hash_key.value, item.range_key.value if item.range_key else None)
                    state[key] = item.to_json()["Attributes"]
    return state


def _fresh(moto_server) -> None:
    from chalicelib.core import aws
    from chalicelib.services import table_models
    from infra.tables import create_all

    moto_server.reset()
    create_all(aws.client("dynamodb"), table_models())


@pytest.mark.parametrize("processes", [1, 2])
def test_same_items_as_the_importer_over_the_api(fresh_aws, processes):
    clock.set_clock(lambda: MOMENT)
    assert seed_societies(COUNT, show_progress=False) == COUNT          # BatchWriteItem over HTTP
    over_http = _dump()
    _fresh(fresh_aws)
    assert bulk_seed.registry_is_empty()
    assert bulk_seed.seed_into_embedded(COUNT, processes=processes) == COUNT   # straight into moto
    direct = _dump()
    assert len(direct) > COUNT * 15                                      # terms, logins, histories, sequences
    assert direct == over_http
    assert not bulk_seed.registry_is_empty()
    sequences = [k for k in direct if k[1].startswith("SEQ#")]
    assert sequences and all(direct[k]["value"]["N"] != "0" for k in sequences)


def test_seeded_registry_lists_searches_and_numbers_on(client, sms):
    bulk_seed.seed_into_embedded(COUNT)
    listed = client.get("/societies?district=bhopal&limit=50").json["items"]
    assert listed and all(s["district"] == "bhopal" for s in listed)
    found = client.get("/societies?q=sahkari&limit=5").json["items"]
    assert len(found) == 5
    from stack.seed_data import societies

    bhopal = [r for r in societies(COUNT) if r["district"] == "bhopal"]
    year = bhopal[0]["registered_on"][:4]
    highest = max(int(r["reg_no"][-5:]) for r in bhopal if r["registered_on"][:4] == year)
    token = officer(client, sms, "dr.seed", Level.DISTRICT, "bhopal")
    body = {"name_hi": "नयागांव दुग्ध उत्पादक सहकारी समिति मर्यादित", "name_en": "Nayagaon Dugdh Utpadak Sahkari Samiti",
            "type": "dairy", "district": "bhopal", "address": "ग्राम नयागांव, जिला भोपाल",
            "registered_on": bhopal[0]["registered_on"], "mobile": "9333333333"}
    created = client.post("/societies", body, token=token)
    assert created.status == 201, created.json
    assert created.json["reg_no"].endswith(f"-{year}-{highest + 1:05d}")   # numbering continues after the seed


def test_a_second_seed_is_refused_by_the_fast_path_not_doubled(fresh_aws):
    bulk_seed.seed_into_embedded(10)
    assert not bulk_seed.registry_is_empty()                            # run.py then uses the importer
    assert seed_societies(10, show_progress=False) == 0                  # which finds nothing to do


def test_an_item_past_the_size_limit_is_still_refused(fresh_aws):
    from chalicelib.core import aws

    with pytest.raises(Exception, match="Item size has exceeded"):
        aws.client("dynamodb").put_item(TableName=bulk_seed._tables().popitem()[0],
                                        Item={"pk": {"S": "x"}, "sk": {"S": "y"}, "big": {"S": "a" * 410_000}})


def test_state_round_trips_through_a_pickle(fresh_aws, tmp_path):
    bulk_seed.seed_into_embedded(20)
    before = _dump()
    blob = pickle.dumps({name: dict(get_backend(name)) for name in ("dynamodb",)})
    _fresh(fresh_aws)
    backend = get_backend("dynamodb")
    backend.clear()
    backend.update(pickle.loads(blob)["dynamodb"])                      # noqa: S301 - our own bytes
    assert _dump() == before


def test_a_restart_loads_search_partitions_as_they_are_read(client, tmp_path, monkeypatch):
    monkeypatch.setenv("LAZY_RESTORE", "1")
    from stack.moto_lazy import LazyPartitions
    from stack.moto_server import EmbeddedAws

    bulk_seed.seed_into_embedded(COUNT)
    before = _dump()
    found_before = client.get("/societies?q=sahkari&limit=5").json["items"]
    EmbeddedAws.save(tmp_path / "state.pickle")
    assert EmbeddedAws.load(tmp_path / "state.pickle")
    terms = next(t for t in bulk_seed._tables().values() if t.name.endswith("societies-search"))
    assert isinstance(terms.items, LazyPartitions)
    waiting = len(terms.items._raw)
    assert waiting > 50                                                   # nothing unpickled yet
    from chalicelib.core import aws

    count = aws.client("dynamodb").describe_table(TableName=terms.name)["Table"]["ItemCount"]
    assert count == sum(1 for k in before if k[0] == terms.name)          # counted, still not loaded
    assert len(terms.items._raw) == waiting
    assert client.get("/societies?q=sahkari&limit=5").json["items"] == found_before
    assert 0 < waiting - len(terms.items._raw) < waiting                  # only what the search read
    created = client.get("/societies?district=bhopal&limit=5")
    assert created.status == 200
    assert _dump() == before                                              # every item, once all are read
    assert terms.items._raw == {}


def test_after_a_restart_the_warm_up_loads_every_partition(fresh_aws, tmp_path, monkeypatch):
    monkeypatch.setenv("LAZY_RESTORE", "1")
    import threading

    from stack.moto_server import EmbeddedAws

    bulk_seed.seed_into_embedded(30)
    before = _dump()
    EmbeddedAws.save(tmp_path / "state.pickle")
    EmbeddedAws.load(tmp_path / "state.pickle")
    stop = threading.Event()
    assert EmbeddedAws.warm_up(stop) > 30
    assert all(not t.items._raw for t in bulk_seed._tables().values() if hasattr(t.items, "_raw"))
    assert _dump() == before
    assert EmbeddedAws.warm_up(stop) == 0                                 # nothing left to load
