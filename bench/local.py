"""The embedded AWS endpoint for the bench: moto in this process on a free port, the local
stack's environment applied and the DynamoDB counter installed BEFORE the app is imported
(the order tests/conftest.py uses), tables created from the same models infra uses."""

from __future__ import annotations

import gc
import logging
import sys
from dataclasses import dataclass
from itertools import islice
from typing import Any

from stack import ddb_counter
from stack.env import apply, free_port, local_aws_env

# The prefix of the local stage (.chalice/config.json): chalice.test.Client patches the stage's
# environment into every request, so the bench uses the same names. The server is private to
# this process, on a port of its own, so nothing is shared with a running `make run`.
PREFIX = "sahkar-local"
MOTO_READ_TIMEOUT = 600  # seconds


@dataclass
class Stack:
    port: int
    env: dict[str, str]
    server: Any
    counter: ddb_counter.DynamoCounter
    app: Any
    app_read_timeout: float

    def stop(self) -> None:
        self.server.stop()


def start(port: int | None = None) -> Stack:
    port = port or free_port()
    env = local_aws_env(port, prefix=PREFIX)
    apply(env)
    counter = ddb_counter.install()

    from chalicelib.core import aws
    from chalicelib.core.config import get_settings, reset_settings

    reset_settings()
    aws.reset_clients()
    # moto answers a Query by walking the whole table: at 50,000 societies a search Query takes
    # longer than the app's DynamoDB read timeout and would end in retries and a 500. Only here,
    # before any connection exists, the timeout is raised; the app's own setting is reported.
    from chalicelib.core import dynamo

    app_timeout = dynamo.TableMeta.read_timeout_seconds
    dynamo.TableMeta.read_timeout_seconds = MOTO_READ_TIMEOUT
    get_settings()  # resolved now, from the local env, before any request patches os.environ
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # moto's request lines

    from stack import moto_tx
    from stack.moto_server import EmbeddedAws

    moto_tx.install()   # moto copies whole tables per transaction (stack/moto_tx.py); a no-op if in
    server = EmbeddedAws(port)
    server.start()
    try:
        from chalicelib.services import table_models
        from infra.tables import create_all

        create_all(aws.client("dynamodb"), table_models())
        from app import app
    except BaseException:
        server.stop()
        raise
    logging.getLogger().setLevel(logging.WARNING)  # the app's INFO lines would drown the table
    return Stack(port, env, server, counter, app, app_timeout)


def seed(have: int, want: int, desc: str) -> float:
    """Top the registry up from `have` to `want` societies: the generator's output for a smaller
    count is a prefix of that for a larger one, so rows [have, want) are exactly the new ones.
    Returns the seconds taken."""
    import time

    from tqdm import tqdm

    from chalicelib.societies import importer
    from stack.seed_data import societies

    started = time.perf_counter()
    rows = list(islice(societies(want), have, want))
    report = importer.validate(rows, first_line=have + 2, check_existing=False)
    if report.rejected:
        raise RuntimeError(f"seed data failed validation: {report.rejected[:3]}")
    with tqdm(total=len(report.valid), desc=desc, unit="soc", file=sys.stderr, dynamic_ncols=True,
              mininterval=0.5) as bar:
        def tick(done: int) -> None:
            bar.update(done)
            # what moto has stored so far is long-lived: park it outside the collector's full
            # passes, which would otherwise walk millions of items again and again
            gc.freeze()

        importer.write(report.valid, actor="bench", progress=tick)
    return time.perf_counter() - started
