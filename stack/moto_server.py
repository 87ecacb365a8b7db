"""The embedded AWS endpoint: a moto server on loopback, optionally persisted under .local/."""

from __future__ import annotations

import gc
import logging
import os
import pickle
import threading
from pathlib import Path
from typing import Any

import requests
from moto.backends import get_backend
from moto.moto_server.threaded_moto_server import ThreadedMotoServer
from moto.moto_server.werkzeug_app import DomainDispatcherApplication, MotoRequestHandler, create_backend_app
from werkzeug.serving import make_server

from stack import moto_items, moto_lazy, moto_speed, moto_tx

# The services whose state is kept between runs of the local stack.
PERSISTED = ("dynamodb", "sns", "s3", "sqs", "stepfunctions", "events")


DYNAMODB_LOCK = threading.Lock()   # held for each DynamoDB request, and while the state is saved


class _AtomicDynamoDB:
    """WSGI middleware: one DynamoDB request at a time.

    DynamoDB applies each request (a conditional write, a transaction) atomically; moto's
    threaded server does not, so two racing conditional writes could both succeed. Serialising
    DynamoDB calls restores the guarantee our optimistic locking relies on.
    """

    def __init__(self, app: Any) -> None:
        self.app = app
        self.lock = DYNAMODB_LOCK

    def __call__(self, environ: dict, start_response: Any) -> Any:
        target = environ.get("HTTP_X_AMZ_TARGET", "")
        if target.startswith("DynamoDB_"):
            with self.lock:
                moto_speed.note_request(target.rpartition(".")[2])
                return list(self.app(environ, start_response))
        return self.app(environ, start_response)


class _Server(ThreadedMotoServer):
    def _server_entry(self) -> None:
        moto_speed.install()
        moto_tx.install()   # transactions back up only the items they touch, not whole tables
        moto_items.install()   # an item measured once, not once per attribute
        moto_lazy.install()    # a table restored partition by partition is counted without loading it
        app = _AtomicDynamoDB(DomainDispatcherApplication(create_backend_app))
        self._server = make_server(self._ip_address, self._port, app, True, request_handler=MotoRequestHandler)
        self._server_ready_event.set()
        self._server.serve_forever()


def _nothing() -> None:
    return None


class _StatePickler(pickle.Pickler):
    """A Step Functions execution still waiting for a task token holds its worker thread and
    locks, which cannot be pickled: they are saved as None. Its record and history survive a
    restart; the execution itself cannot go on (moto's worker is gone), so answering its token
    afterwards is refused as an invalid token."""

    _RUNTIME = (type(threading.Lock()), type(threading.RLock()), threading.Thread, threading.Event,
                threading.Condition)

    def reducer_override(self, obj: Any) -> Any:
        if isinstance(obj, self._RUNTIME):
            return _nothing, ()
        return NotImplemented


class EmbeddedAws:
    def __init__(self, port: int) -> None:
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self._server = _Server(ip_address="127.0.0.1", port=port, verbose=False)

    def start(self) -> None:
        logging.getLogger("werkzeug").setLevel(logging.WARNING)  # one line per AWS call is noise
        self._server.start()
        requests.post(f"{self.url}/moto-api/config", json={"stepfunctions": {"execute_state_machine": True}},
                      timeout=10)

    def stop(self) -> None:
        self._server.stop()

    def reset(self) -> None:
        requests.post(f"{self.url}/moto-api/reset", timeout=30)

    def sms(self) -> list[dict]:
        data = requests.get(f"{self.url}/moto-api/data.json", timeout=30).json()
        return data.get("sns", {}).get("SMS", [])

    @staticmethod
    def warm_up(stop: threading.Event) -> int:
        """After a restart: load the partitions nothing has read yet (stack/moto_lazy.py)."""
        tables = [table for account in get_backend("dynamodb").values() for backend in account.values()
                  for table in backend.tables.values()]
        return moto_lazy.warm_up(tables, DYNAMODB_LOCK, stop)

    # --- persistence between runs (moto itself keeps state only in memory) ----------------

    @staticmethod
    def save(path: Path) -> None:
        """A scheduled job still running (at 50,000 societies a start-up job can outlast the stop)
        waits for its next DynamoDB call until the state is written; a change elsewhere (an SMS,
        an object) mid-write makes the pickler try again."""
        state = {name: dict(get_backend(name)) for name in PERSISTED}
        if os.environ.get("LAZY_RESTORE") == "1":   # experimental, opt-in: see stack/moto_lazy.py
            for account in state["dynamodb"].values():
                for backend in account.values():
                    for table in backend.tables.values():
                        moto_lazy.make_lazy(table)      # saved partition by partition
        tmp = path.with_suffix(".tmp")
        for attempt in range(5):
            try:
                with DYNAMODB_LOCK, tmp.open("wb") as handle:
                    _StatePickler(handle, protocol=pickle.HIGHEST_PROTOCOL).dump(state)
                break
            except RuntimeError:    # "dictionary changed size during iteration"
                if attempt == 4:
                    raise
        tmp.replace(path)

    @staticmethod
    def load(path: Path) -> bool:
        if not path.exists():
            return False
        moto_items.install()    # attributes rebuilt without moto's per-attribute size check
        moto_lazy.install()
        gc.disable()        # millions of new objects: no collector passes over them while they arrive
        try:
            with path.open("rb") as handle:
                state = pickle.load(handle)  # noqa: S301 - our own file, written by save()
        finally:
            gc.enable()
        gc.freeze()         # and none later: the restored state lives until the stack stops
        for name, accounts in state.items():
            backend = get_backend(name)
            backend.clear()
            backend.update(accounts)
        moto_speed.note_request("RestoreTableFromBackup")   # index maps of the tables replaced are stale
        return True
