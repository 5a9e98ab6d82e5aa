"""Public search of published handbooks in Thai.

Thai is written without spaces between words, so a plain `LIKE` on the title works but a word index (PostgreSQL
full-text search, trigram) sees one long token. At approval the live version's procedure name, reference name and
agencies (with their ministries), as the snapshot recorded them, are segmented with pythainlp and stored
space-separated in `Handbook.public_search` (and the procedure name's words alone in `public_title`); the query is
segmented the same way and every word must occur.

On PostgreSQL (issue 15) the words are matched as full-text lexemes of the `simple` configuration (no stemming, no
stop words: Thai words pass through whole), each query word as a prefix (`ใบอนุ` finds `ใบอนุญาต`), in a tsvector
column the database keeps from `public_search` with a GIN index (handbooks/migrations/0008): one index probe for
any number of words instead of one trigram `LIKE` per word, and no `to_tsvector` per row. Elsewhere (SQLite,
`make run`) every word is a substring of the stored words (icontains). Either way the public list shows the results
whose title holds every word first (`ranked`).
"""

from __future__ import annotations

import re
from functools import lru_cache

from django.contrib.postgres.search import SearchQuery, SearchVectorField
from django.db import connections
from django.db.models import Case, Expression, Q, QuerySet, Value, When

# Tokens that carry no meaning for search: punctuation, brackets, the "[N]" suffix of every procedure name.
_NOISE = re.compile(r"^[\W_]+$")
_STOP = {"n", "[n]", "(n)"}
MAX_QUERY_WORDS = 10


@lru_cache(maxsize=1)
def _tokenizer():
    # pythainlp takes ~1.4 s to load its dictionary: load it on first use, not at import time.
    from pythainlp.tokenize import word_tokenize

    return word_tokenize


def _is_symbol(word: str) -> bool:
    """A lone sign such as the circled running number ③ of a reference name (H2): not a word to search by."""
    return len(word) == 1 and not word.isascii() and not ("\u0e00" <= word <= "\u0e7f")


def segment(text: str) -> list[str]:
    """Thai (and Latin) text → lower-case words, in order, without duplicates, punctuation or spaces."""
    text = (text or "").strip()
    if not text:
        return []
    words: list[str] = []
    seen: set[str] = set()
    for token in _tokenizer()(text, engine="newmm", keep_whitespace=False):
        word = token.strip().lower()
        if not word or _NOISE.match(word) or word in _STOP or word in seen or _is_symbol(word):
            continue
        seen.add(word)
        words.append(word)
    return words


def search_text(snapshot: dict) -> str:
    """The words stored in `Handbook.public_search` for a published snapshot: its procedure name, reference name,
    category, agencies and their ministries, all as the version recorded them."""
    procedure = snapshot.get("procedure") or {}
    handbook = snapshot.get("handbook") or {}
    agencies = [handbook.get("agency") or {}, procedure.get("agency") or {}]
    parts = [
        procedure.get("name", ""),
        handbook.get("reference_name", ""),
        *(agency.get("name", "") for agency in agencies),
        procedure.get("category_display", ""),
        *(agency.get("ministry", "") for agency in agencies),
    ]
    return " ".join(segment(" ".join(p for p in parts if p)))


class PublicWords(Expression):
    """The PostgreSQL-only column `handbooks_handbook.public_words` (handbooks/migrations/0008): a tsvector the
    database itself keeps equal to `to_tsvector('simple', public_search)` (a generated column, GIN-indexed). Not a
    model field, since SQLite has no tsvector; this expression names it under the query's alias of the table."""

    output_field = SearchVectorField()

    def __init__(self, alias: str | None = None):
        super().__init__()
        self.alias = alias

    def resolve_expression(self, query=None, allow_joins=True, reuse=None, summarize=False, for_save=False):
        return PublicWords(query.get_initial_alias())

    def relabeled_clone(self, change_map):
        return PublicWords(change_map.get(self.alias, self.alias))

    def as_sql(self, compiler, connection):
        return f"{compiler.quote_name_unless_alias(self.alias)}.public_words", []


def _prefix_query(words: list[str]) -> str:
    """A to_tsquery text: every word, quoted (a quote or backslash inside is doubled), as a prefix."""
    quoted = ("'" + word.replace("\\", "\\\\").replace("'", "''") + "':*" for word in words)
    return " & ".join(quoted)


def _words(query: str) -> list[str]:
    return segment(query)[:MAX_QUERY_WORDS]


def search(queryset: QuerySet, query: str) -> QuerySet:
    """Handbooks whose stored words contain every word of `query` (at most MAX_QUERY_WORDS words)."""
    words = _words(query)
    if not words:
        return queryset
    if connections[queryset.db].vendor == "postgresql":
        query_words = SearchQuery(_prefix_query(words), search_type="raw", config="simple")
        return queryset.alias(public_words=PublicWords()).filter(public_words=query_words)
    for word in words:
        queryset = queryset.filter(public_search__icontains=word)
    return queryset


def ranked(queryset: QuerySet, query: str, limit: int) -> QuerySet:
    """`search`, the results whose title holds every word first, then in the queryset's own order. Ranked among the
    `limit` first matches in that order (the most a capped list shows): ranking every match of a common word would
    read tens of thousands of rows. Apply it after every other filter."""
    words = _words(query)
    if not words:
        return queryset
    ordering = queryset.query.order_by or queryset.model._meta.ordering
    candidates = search(queryset, query).order_by(*ordering).values("pk")[:limit]
    return title_first(queryset.filter(pk__in=candidates), query)


def title_first(queryset: QuerySet, query: str) -> QuerySet:
    """`queryset` (no filter added) ordered as `ranked` orders: the rows whose title holds every word of `query`
    first, then in the queryset's own order. A page's rows, already picked by `ranked`, are put in order with this
    alone: filtering them by the candidates again would match the words a second time (twice the query's cost)."""
    words = _words(query)
    if not words:
        return queryset
    ordering = queryset.query.order_by or queryset.model._meta.ordering
    in_title = Q()
    for word in words:
        in_title &= Q(public_title__icontains=word)
    title_first = Case(When(in_title, then=Value(0)), default=Value(1))
    return queryset.alias(title_first=title_first).order_by("title_first", *ordering)


def public_fields(snapshot: dict) -> dict:
    """What the public lists search, filter and browse by, for a published snapshot (stored on the handbook at
    approval): its words (`search_text`), its title's words (`title_text`) and `public_filter_fields`."""
    return {
        "public_search": search_text(snapshot),
        "public_title": title_text(snapshot),
        **public_filter_fields(snapshot),
    }


def title_text(snapshot: dict) -> str:
    """The words of the procedure's name as the version recorded it (`Handbook.public_title`, for ranking)."""
    return " ".join(segment((snapshot.get("procedure") or {}).get("name", "")))


def public_filter_fields(snapshot: dict) -> dict:
    """Its procedure's category code, its service areas as "|ส่วนกลาง|เชียงใหม่|", and the agency it was published
    for."""
    procedure = snapshot.get("procedure") or {}
    areas = [str(name) for name in procedure.get("areas") or []]
    return {
        "public_category": str(procedure.get("category") or ""),
        "public_areas": area_token("|".join(areas)) if areas else "",
        "public_agency_id": ((snapshot.get("handbook") or {}).get("agency") or {}).get("id"),
    }


def area_token(name: str) -> str:
    """The text `public_areas` contains when the snapshot lists the service area `name`."""
    return f"|{name}|"
