"""The local stack: an embedded moto server, resources from the infra definitions, seed data."""
