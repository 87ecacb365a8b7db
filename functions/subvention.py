"""subvention as its own Lambda: the calculator, seasons, PACS ledgers and claims; plus the
scheduled ledger processor (locally and in tests, call `process_ledgers` directly)."""

from chalice import Rate

from chalicelib.core.function import build_app
from chalicelib.subvention.api import bp

app = build_app("sahkar-subvention", {"subvention": bp}, "Sahkar Setu subvention API")

# A run stops itself well inside the Lambda's time limit; the next run resumes at the saved offset.
BUDGET_SECONDS = 45   # the event function times out at 60 s (infra.template EVENT_TIMEOUT)


@app.schedule(Rate(1, unit=Rate.MINUTES), name="process_ledgers")
def process_ledgers(event: object) -> dict:
    """Process uploaded PACS ledgers (streaming, resumable) and tell each farmer by SMS."""
    from chalicelib.subvention.ledger import process_queued

    return process_queued(BUDGET_SECONDS)
