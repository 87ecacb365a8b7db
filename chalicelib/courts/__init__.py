"""courts: departmental courts (AR/DR, JR, State Tribunal) - case registry, case numbers, parties and
advocates, hearing (peshi) dates with SMS and day-before reminders, public cause lists and case
status, orders, adjournments and every step in a hash-chained history."""

from chalicelib.courts import messages  # noqa: F401  (registers this service's error messages)
