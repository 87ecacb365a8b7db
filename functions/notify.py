"""The SMS outbox sweep as its own scheduled Lambda: retries whatever did not go at once."""

from chalice import Chalice, Rate

from chalicelib.core.logs import configure
from chalicelib.core.observe import instrument

configure()
app = instrument(Chalice(app_name="sahkar-notify"))


@app.schedule(Rate(1, unit=Rate.MINUTES), name="drain_outbox")
def drain_outbox(event: object) -> dict:
    from chalicelib.core.notify import sweep

    return sweep()
