"""One Lambda per service: each module exposes `app`, a Chalice app holding only that service."""
