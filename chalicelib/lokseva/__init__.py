"""Guaranteed public services (Lok Sewa): catalogue, applications, decisions, appeals, certificates."""
