"""Near-breach alerts for registrations: the inspector holding an application under scrutiny
hears once before its statutory limit; nobody else; an application no one person holds is skipped."""

from __future__ import annotations

from datetime import timedelta

import pytest

from chalicelib.core import clock
from chalicelib.registrations import alerts
from tests.integration.helpers import citizen_token
from tests.integration.registrations_helpers import APPLICANT_MOBILE, act, staff, submitted

pytestmark = pytest.mark.usefixtures("aws_resources")
INSPECTOR_MOBILE, DR_MOBILE = "9000000102", "9000000101"


def _alerts(sms, mobile):
    return [t for t in sms.to(mobile) if "समाप्त हो रही" in t]


def test_the_inspector_hears_once_before_the_statutory_limit(client, sms, frozen_clock):
    applicant = citizen_token(client, sms, APPLICANT_MOBILE)
    dr = staff("dr.bhopal", mobile=DR_MOBILE)
    staff("insp.bhopal", mobile=INSPECTOR_MOBILE)
    held = submitted(client, applicant)
    act(client, dr, held, "assign_inspector", inspector="insp.bhopal")
    waiting = submitted(client, applicant)                   # at the district: nobody in particular holds it
    due = clock.parse_iso(held["statutory"]["due_at"])
    frozen_clock["now"] = due - timedelta(hours=25)
    assert alerts.sweep()["alerted"] == 0
    frozen_clock["now"] = due - timedelta(hours=23)
    assert alerts.sweep() == {"alerted": 1, "already": 0, "skipped": 1}
    assert alerts.sweep() == {"alerted": 0, "already": 1, "skipped": 1}
    [text] = _alerts(sms, INSPECTOR_MOBILE)
    assert held["id"] in text and waiting["id"] not in text
    assert _alerts(sms, DR_MOBILE) == []
