"""One page of an officer's list: exactly one DynamoDB Query, whatever the table's size.

pynamodb's iterator keeps fetching pages until it has `limit` items, so a filter expression
that drops items would cost more Queries on a bigger table. Lists that promise "one Query per
page" read the first page the service returns (at most `limit` items evaluated) and hand back
where DynamoDB stopped; a page may then hold fewer rows than asked, with a `next` to go on.
"""

from __future__ import annotations

from typing import Any


def one_page(model: type, results: Any) -> tuple[list, dict | None]:
    """The items of the first page of a pynamodb query (built with page_size=limit) and its
    LastEvaluatedKey (None at the end). Costs one Query."""
    try:
        page = next(results.page_iter)
    except StopIteration:
        return [], None
    items = [model.from_raw_data(raw) for raw in page.get("Items", [])]
    return items, page.get("LastEvaluatedKey")
