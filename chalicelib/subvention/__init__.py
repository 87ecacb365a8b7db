"""Crop-loan interest subvention: calculator, seasons, PACS ledgers, farmers' SMS, claims."""

from chalicelib.subvention import messages  # noqa: F401  (registers the service's messages)
