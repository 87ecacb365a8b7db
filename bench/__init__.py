"""Benchmarks, run by `make bench` (never part of `make test`): cold-start imports, in-process
latency through chalice.test.Client against moto, and DynamoDB operations per request."""
