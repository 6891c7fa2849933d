"""One parsed query, two renderings: FTS5 for SQLite, a tsquery for PostgreSQL.

test_search.py runs both against real databases; this pins down the parsed shape both
renderers start from.
"""

from __future__ import annotations

import pytest

from claimdesk.core.query import Query, Term, parse_query
from claimdesk.core.search import fts5_expression
from claimdesk.core.search_pg import tsquery_sql
from claimdesk.errors import ValidationError

TYPED = 'tax OR levy migra* -"arms imports" NOT U.S.'
PARSED = Query(
    groups=((Term("tax"), Term("levy")), (Term("migra", prefix=True),)),
    excluded=(Term("arms imports"), Term("U.S.")),
)


def test_words_operators_and_phrases_parse_into_groups() -> None:
    assert parse_query(TYPED) == PARSED


def test_sqlite_gets_every_word_quoted() -> None:
    assert fts5_expression(PARSED) == (
        '((("tax" OR "levy") AND "migra" *) NOT "arms imports") NOT "U.S."'
    )


def test_postgresql_gets_the_words_as_bound_parameters() -> None:
    params: dict[str, object] = {}
    sql = tsquery_sql(PARSED, params)
    assert params == {"t0": "tax", "t1": "levy", "t2": "migra:*", "t3": "arms imports",
                      "t4": "U.S."}  # fmt: skip
    assert "U.S." not in sql and sql.count("&& !!") == 2
    assert "to_tsquery('claimdesk', :t2)" in sql  # the prefix; the others are phrases


@pytest.mark.parametrize("typed", ["", "OR tax", "tax AND", "-tax", '"tax', "ta*x"])
def test_nonsense_is_refused_before_either_renderer(typed: str) -> None:
    with pytest.raises(ValidationError):
        parse_query(typed)
