"""The local stack's scheduled jobs (read from functions/*.py) and its demo logins, against moto."""

from __future__ import annotations

import ast
import shutil
import threading
from datetime import UTC, datetime
from pathlib import Path

from stack import bootstrap, jobs
from stack.seed import seed_societies
from tests.integration.helpers import staff_token

ROOT = Path(__file__).resolve().parents[2]
NEW_MODULE = '''
from chalice import Chalice, Cron

app = Chalice(app_name="sahkar-zz")


@app.schedule(Cron(0, 3, "*", "*", "?", "*"), name="zz_nightly")
def zz_nightly(event):
    return {"done": 1}
'''


def _scheduled_in_source(folder: Path) -> set[str]:
    """`functions.<module>.<function>` of every function decorated with `@app.schedule(...)`."""
    found = set()
    for path in folder.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef) and any(
                    isinstance(d, ast.Call) and ast.unparse(d.func) == "app.schedule" for d in node.decorator_list):
                found.add(f"functions.{path.stem}.{node.name}")
    return found


def test_every_scheduled_handler_is_found_and_a_new_one_needs_no_edit(tmp_path):
    (tmp_path / "functions").mkdir()
    for path in (ROOT / "functions").glob("*.py"):
        (tmp_path / "functions" / path.name).symlink_to(path)
    (tmp_path / "chalicelib").symlink_to(ROOT / "chalicelib")
    # a copy, as infra.discover finds functions/ next to its own (resolved) folder
    shutil.copytree(ROOT / "infra", tmp_path / "infra", ignore=shutil.ignore_patterns("__pycache__"))
    (tmp_path / "functions" / "zz_demo.py").write_text(NEW_MODULE)

    found = {job.handler: job for job in jobs.discover_jobs(tmp_path)}

    in_source = _scheduled_in_source(ROOT / "functions")
    assert len(in_source) >= 7                                        # the sweeps, reminders, credits, obligations
    assert set(found) == in_source | {"functions.zz_demo.zz_nightly"}
    assert found["functions.zz_demo.zz_nightly"].expression == "cron(0 3 * * ? *)"
    assert found["functions.notify.drain_outbox"].every == 60
    assert found["functions.grievances.escalation_sweep"].every == 15 * 60


def test_rates_and_crons_map_to_local_times():
    reminders = jobs.Job("r", "x.y", "cron(30 12 * * ? *)")
    monthly = jobs.Job("m", "x.y", "cron(30 20 1 * ? *)")
    assert reminders.every is None and monthly.every is None
    assert reminders.due(datetime(2026, 12, 5, 12, 30, tzinfo=UTC))
    assert not reminders.due(datetime(2026, 12, 5, 12, 31, tzinfo=UTC))
    assert monthly.due(datetime(2027, 1, 1, 20, 30, tzinfo=UTC))
    assert not monthly.due(datetime(2027, 1, 2, 20, 30, tzinfo=UTC))
    weekdays = jobs.Job("w", "x.y", "cron(0/15 9-17 ? * 2-6 *)")      # EventBridge: 2-6 is Monday to Friday
    assert weekdays.due(datetime(2026, 12, 7, 9, 45, tzinfo=UTC))     # a Monday
    assert not weekdays.due(datetime(2026, 12, 6, 9, 45, tzinfo=UTC))  # a Sunday
    assert not weekdays.due(datetime(2026, 12, 7, 9, 50, tzinfo=UTC))
    assert jobs.Job("l", "x.y", "cron(0 12 L * ? *)").every == jobs.FALLBACK_SECONDS   # unread: hourly
    assert jobs.Job("h", "x.y", "rate(2 hours)").every == 7200


def test_a_cron_job_runs_at_start_up_only_if_its_time_came_while_stopped():
    monthly = jobs.Job("m", "x.y", "cron(30 20 1 * ? *)")
    now = datetime(2026, 12, 5, 9, 0, tzinfo=UTC)
    assert jobs.missed(monthly, None, now)                                      # never ran
    assert jobs.missed(monthly, datetime(2026, 11, 30, 9, 0, tzinfo=UTC), now)  # Dec 1st 20:30 passed
    assert not jobs.missed(monthly, datetime(2026, 12, 1, 20, 30, tzinfo=UTC), now)
    assert not jobs.missed(monthly, datetime(2026, 12, 2, 9, 0, tzinfo=UTC), now)


def failing_handler(event, context):
    raise ValueError("could not reach 9876543210")


def test_a_failing_job_is_reported_without_its_message_and_the_stack_goes_on():
    said, stop = [], threading.Event()
    broken = jobs.Job("broken", f"{__name__}.failing_handler", "rate(1 minute)")
    missing = jobs.Job("missing", "functions.nowhere.handler", "rate(1 minute)")
    running = jobs.start(stop, said.append, [broken, missing])
    for _ in range(100):
        if len(said) == 2:
            break
        stop.wait(0.05)
    stop.set()
    assert running.join(5)                                             # its thread ends once stopped
    assert running.jobs == [broken]
    assert sorted(said) == ["scheduled job broken failed: ValueError",
                            "scheduled job missing cannot be loaded: ModuleNotFoundError"]


def test_demo_logins_are_bound_and_one_round_of_every_job_runs(client, sms, aws_resources):
    seed_societies(20, show_progress=False)
    bootstrap.ensure_master_data()
    needed = ("court.bhopal", "so.files", "est.bhopal", "dr.bhopal")   # dr.bhopal: the employee's controller
    bootstrap.ensure_demo_accounts(accounts=tuple(d for d in bootstrap.DEMO_ACCOUNTS if d.username in needed))
    pacs = bootstrap.demo_pacs(20)
    first = bootstrap.ensure_demo_bindings(pacs)
    again = bootstrap.ensure_demo_bindings(pacs)                       # a restart: nothing new, nothing fails
    assert first == again and first.pacs == pacs and first.operator.code == "satna"

    def sign_in(demo):
        return staff_token(client, sms, demo.username, demo.mobile)

    court, files, clerk = (next(d for d in bootstrap.DEMO_ACCOUNTS if d.username == name)
                           for name in ("court.bhopal", "so.files", "est.bhopal"))
    reader = sign_in(court)
    assert client.get("/courts/DR-BHOPAL/cases", token=reader).status == 200
    assert client.get("/courts/DR-INDORE/cases", token=reader).status == 403
    assert client.get("/files/pendency?officer=so.files", token=sign_in(files)).status == 200
    listed = client.get("/servicebook/employees", token=sign_in(clerk))
    assert [e["employee_id"] for e in listed.json["items"]] == ["MP00012345"]
    me = client.get("/servicebook/me", token=sign_in(first.employee))
    assert me.status == 200 and me.json["controlling_officer"] == "dr.bhopal"
    centre = client.get(f"/lokseva/centres/{pacs}", token=sign_in(first.operator))
    assert centre.status == 200 and centre.json["operators"] == ["pacs.operator"]

    found = jobs.discover_jobs()
    results = {job.name: jobs.run_once(job) for job in found}          # as Lambda calls them; none raises
    assert set(results) >= {"drain_outbox", "escalation_sweep", "appeal_sweep", "registration_sweep",
                            "hearing_reminders", "leave_credit_sweep", "yearly_obligations"}
    assert all(isinstance(r, dict) for r in results.values())
    assert results["yearly_obligations"]["societies"] == 20
    assert jobs.run_once(next(j for j in found if j.name == "yearly_obligations"))["created"] == 0  # idempotent
