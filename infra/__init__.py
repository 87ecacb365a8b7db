"""Deployable definitions generated from the code: tables, and (later) the template."""
