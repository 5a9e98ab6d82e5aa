"""Public search of published handbooks in Thai.

Thai is written without spaces between words, so a plain `LIKE` on the title works but a word index (PostgreSQL
full-text search, trigram) sees one long token. At approval the live version's procedure name, reference name and
agencies (with their ministries), as the snapshot recorded them, are segmented with pythainlp and stored
space-separated in `Handbook.public_search` (and the procedure name's words alone in `public_title`); the query is
segmented the same way and every word must occur.

On PostgreSQL (issue 15) the words are matched as full-text lexemes of the `simple` configuration (no stemming, no
stop words: Thai words pass through whole), each query word as the stored words it begins (`ใบอนุ` finds `ใบอนุญาต`;
`expand`). A search of every published handbook reads `handbooks_publicsearch` (migration 0011), a narrow table of
the published handbooks' words kept by the database, and picks its plan from what it finds (`_public_matches`). A
search narrowed by agency, category or area matches the handbook rows' own tsvector column (`public_words`, the
title's words weighted `A`, migrations 0008-0009, GIN-indexed) among the rows the other filters leave. Elsewhere
(SQLite, `make run`) every word is a substring of the stored words (icontains). Either way the public list shows the
results whose title holds every word first (`ranked_ids`).
"""

from __future__ import annotations

import re
from functools import lru_cache

from django.contrib.postgres.search import SearchQuery, SearchVectorField
from django.db import connections, transaction
from django.db.models import BooleanField, Case, Expression, ExpressionWrapper, Q, QuerySet, Value, When

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


# The most bytes of words a handbook stores for search. PostgreSQL keeps them as the tsvector `public_words`, which
# the ordered index `handbook_public_order` carries, and a btree entry may not pass ~2,700 bytes: a tsvector costs
# about a word's UTF-8 bytes + 11 (its entry and positions, twice for a title word). A real handbook uses ~600 bytes;
# words past the limit (a very long reference name) are not searchable, and the handbook still publishes.
MAX_WORDS_BYTES = 2000


def _fitting(words: list[str]) -> list[str]:
    """`words`, in order, as many as fit in MAX_WORDS_BYTES."""
    kept, size = [], 0
    for word in words:
        size += len(word.encode()) + 11
        if size > MAX_WORDS_BYTES:
            break
        kept.append(word)
    return kept


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
    return " ".join(_fitting(segment(" ".join(p for p in parts if p))))


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


def _quoted(word: str) -> str:
    """A lexeme of to_tsquery's text: quoted, a quote or backslash inside doubled."""
    return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"


def _tsquery(expanded: list[tuple[str, list[str] | None]], weight: str = "") -> str:
    """A to_tsquery text: every query word, as the stored words it begins (`('ใบอนุญาต' | 'ใบอนุญาตฯ')`) or, when
    they are too many, as a prefix (`'ใบ':*`); with `weight` ("A"), matching only lexemes of that weight (the
    title's)."""
    parts = []
    for word, stored in expanded:
        if stored is None:
            parts.append(f"{_quoted(word)}:*{weight}")
        else:
            suffix = f":{weight}" if weight else ""
            parts.append("(" + " | ".join(f"{_quoted(each)}{suffix}" for each in stored) + ")")
    return " & ".join(parts)


def _words(query: str) -> list[str]:
    return segment(query)[:MAX_QUERY_WORDS]


def search(queryset: QuerySet, query: str) -> QuerySet:
    """Handbooks whose stored words contain every word of `query` (at most MAX_QUERY_WORDS words)."""
    words = _words(query)
    if not words:
        return queryset
    if connections[queryset.db].vendor == "postgresql":
        return _matching(queryset, expand(words, queryset.db))
    return queryset.filter(_holds_every_word("public_search", words))


def _holds_every_word(field: str, words: list[str]) -> Q:
    """Elsewhere than PostgreSQL: every word is a substring of the stored words `field`."""
    condition = Q()
    for word in words:
        condition &= Q(**{f"{field}__icontains": word})
    return condition


def _matching(queryset: QuerySet, expanded) -> QuerySet:
    """PostgreSQL: the rows whose words match every expanded query word (none when a word begins no stored word)."""
    if expanded is None:
        return queryset.none()
    return queryset.alias(public_words=PublicWords()).filter(public_words=_words_query(expanded))


# A query word that begins more stored words than this is matched as a prefix (`'word':*`) instead.
MAX_EXPANSIONS = 30
_EXPAND_SQL = (
    "SELECT w.q, s.word FROM unnest(%s::text[]) AS w(q) CROSS JOIN LATERAL ("
    ' SELECT word FROM handbooks_searchword WHERE word COLLATE "C" >= w.q AND word COLLATE "C" < w.q || chr(1114111)'
    ' ORDER BY word COLLATE "C" LIMIT %s) s'
)


def expand(words: list[str], db: str) -> list[tuple[str, list[str] | None]] | None:
    """Each query word with the stored words it begins (SearchWord; None: too many, match it as a prefix), or None
    when a word begins no stored word (nothing can match). One query, on the index `handbook_search_word_c`."""
    with connections[db].cursor() as cursor:
        cursor.execute(_EXPAND_SQL, [words, MAX_EXPANSIONS + 1])
        found: dict[str, list[str]] = {}
        for word, stored in cursor.fetchall():
            found.setdefault(word, []).append(stored)
    if any(word not in found for word in words):
        return None
    return [(word, found[word] if len(found[word]) <= MAX_EXPANSIONS else None) for word in words]


def remember_words(*texts: str) -> None:
    """Record the words of a publication's `public_search` and `public_title` (SearchWord) for `expand`."""
    from .models import SearchWord

    words = {word for text in texts for word in text.split()}
    SearchWord.objects.bulk_create([SearchWord(word=word) for word in sorted(words)], ignore_conflicts=True)


def remember_all_words() -> int:
    """`remember_words` for every handbook's stored words (after a bulk load that bypassed publication); returns
    how many distinct words there are."""
    from .models import Handbook, SearchWord

    rows = Handbook.objects.exclude(public_search="").values_list("public_search", "public_title").order_by("pk")
    for search_words, title_words in rows.iterator(chunk_size=2000):
        remember_words(search_words, title_words)
    return SearchWord.objects.count()


def _words_query(expanded: list[tuple[str, list[str] | None]], weight: str = "") -> SearchQuery:
    return SearchQuery(_tsquery(expanded, weight), search_type="raw", config="simple")


# PostgreSQL: a search of every published handbook reads `handbooks_publicsearch` (migration 0011), one narrow row
# per published handbook kept by the database, in approval order. The plan is chosen on what is found, not on the
# planner's estimate (it multiplies the words' frequencies: two common words that rarely meet were estimated at
# 6,600 matches for 367, and it then walked all 90,000 entries of an ordered index, 80-130 ms):
# 1. the SAMPLE_ROWS newest rows are read in approval order (its btree, ~0.5 µs a row) and matched: enough when
#    the words are in half of them, or when there are no more rows;
# 2. when the sample holds at least one match in WALK_SHARE (the words are common): the walk goes on from where
#    the sample stopped, for about twice the rows the sample's share says the list needs (or to the last row);
# 3. otherwise (or when that walk fell short): the GIN index's matches, at most MATCHED_ROWS of them (a bitmap scan,
#    ~1.5 µs a match, each on its own page), sorted newest first;
# 4. more matches than that: the walk to the end of the list.
# The costliest searches then take ~10 ms (bench/RESULTS.md, issue 15). Statements 3 and 4 are told their plan.
SAMPLE_ROWS = 1000
WALK_SHARE = 20
MATCHED_ROWS = 4000
_PLAN_BITMAP = "SET LOCAL enable_seqscan = off; SET LOCAL enable_indexscan = off"
_PLAN_WALK = "SET LOCAL enable_indexscan = on; SET LOCAL enable_bitmapscan = off"
# The title test is made on the rows kept only (a list's worth), on the title's own words. A walk reads %(rows)s
# rows after a place in the order (the sample: from the start, 'infinity') and also returns where it stopped (its
# last row: `end_at`, `end_id`; none when it read every row left).
_WALK_SQL = (
    "SELECT handbook_id, in_title, end_at, end_id FROM ("
    " (SELECT handbook_id, title @@ to_tsquery('simple', %(q)s) AS in_title, approved_at,"
    "   NULL::timestamptz AS end_at, NULL::integer AS end_id, 0 AS part"
    "  FROM (SELECT handbook_id, approved_at, words, title FROM handbooks_publicsearch"
    "   WHERE (approved_at, handbook_id) < (%(at)s, %(id)s)"
    "   ORDER BY approved_at DESC, handbook_id DESC LIMIT %(rows)s) walked"
    "  WHERE words @@ to_tsquery('simple', %(q)s) ORDER BY approved_at DESC, handbook_id DESC LIMIT %(limit)s)"
    " UNION ALL"
    " (SELECT NULL, NULL, NULL, approved_at, handbook_id, 1 FROM handbooks_publicsearch"
    "  WHERE (approved_at, handbook_id) < (%(at)s, %(id)s)"
    "  ORDER BY approved_at DESC, handbook_id DESC OFFSET %(rows)s - 1 LIMIT 1)"
    ") walk ORDER BY part, approved_at DESC, handbook_id DESC"
)
_FROM_THE_START = {"at": "infinity", "id": 2**31 - 1}
_MATCHED_SQL = (
    "SELECT handbook_id, title @@ to_tsquery('simple', %(q)s), found FROM ("
    " SELECT handbook_id, approved_at, title, count(*) OVER () AS found FROM ("
    "  SELECT handbook_id, approved_at, title FROM handbooks_publicsearch WHERE words @@ to_tsquery('simple', %(q)s)"
    "  LIMIT %(most)s"
    " ) capped ORDER BY approved_at DESC, handbook_id DESC LIMIT %(limit)s"
    ") kept ORDER BY approved_at DESC, handbook_id DESC"
)
_TO_THE_END_SQL = (
    "SELECT handbook_id, title @@ to_tsquery('simple', %(q)s) FROM ("
    " SELECT handbook_id, approved_at, title FROM handbooks_publicsearch WHERE words @@ to_tsquery('simple', %(q)s)"
    " ORDER BY approved_at DESC, handbook_id DESC LIMIT %(limit)s"
    ") kept ORDER BY approved_at DESC, handbook_id DESC"
)


def _walk(cursor, params: dict) -> tuple[list[tuple[int, bool]], tuple | None]:
    """A walk's matches (id, title holds every word), newest first, and where it stopped (None: at the last row)."""
    cursor.execute(_WALK_SQL, params)
    rows = cursor.fetchall()
    found = [(pk, in_title) for pk, in_title, _at, _id in rows if pk is not None]
    end = next(((at, pk) for none, _title, at, pk in rows if none is None), None)
    return found, end


def _public_matches(expanded, limit: int, db: str) -> list[tuple[int, bool]]:
    """(id, title holds every word) of the `limit` newest published handbooks matching every expanded word."""
    params = {"q": _tsquery(expanded), "rows": SAMPLE_ROWS, "limit": limit, "most": MATCHED_ROWS + 1}
    with connections[db].cursor() as cursor:
        found, end = _walk(cursor, {**params, **_FROM_THE_START})
        if len(found) >= limit or end is None:
            return found
        if len(found) * WALK_SHARE >= SAMPLE_ROWS:
            need = limit - len(found)
            rows = 2 * need * SAMPLE_ROWS // len(found) + SAMPLE_ROWS
            more, end = _walk(cursor, {**params, "at": end[0], "id": end[1], "rows": rows, "limit": need})
            if len(more) == need or end is None:
                return found + more
    with transaction.atomic(using=db), connections[db].cursor() as cursor:
        cursor.execute(_PLAN_BITMAP)
        cursor.execute(_MATCHED_SQL, params)
        rows = cursor.fetchall()
        if not rows or rows[0][2] <= MATCHED_ROWS:
            return [(pk, in_title) for pk, in_title, _found in rows]
        cursor.execute(_PLAN_WALK)
        cursor.execute(_TO_THE_END_SQL, params)
        return cursor.fetchall()


def ranked_ids(queryset: QuerySet, query: str, limit: int, all_published: bool = False) -> list[int]:
    """The ids of `search`'s results, at most `limit` of them: the `limit` first matches in the queryset's own
    order (newest approval first), then those whose title holds every word put first, each group keeping that
    order; the ranking of ≤ `limit` (id, in title) pairs is done here. Ranking every match of a common word would
    read tens of thousands of rows; `limit` is the most a capped list shows. Apply it after every other filter.

    On PostgreSQL the title's words are the `A`-weighted lexemes of the same words (handbooks/migrations/0009), so
    ranking reads no other column. `all_published` (the queryset is every published handbook, no other filter):
    the narrow search table, `_public_matches`. Otherwise one query on the handbook rows, which walks the ordered
    index `handbook_public_order` (approval order, the words included) or probes the word index, as the planner
    estimates."""
    words = _words(query)
    ordering = queryset.query.order_by or queryset.model._meta.ordering
    if not words:
        return list(queryset.order_by(*ordering).values_list("pk", flat=True)[:limit])
    if connections[queryset.db].vendor != "postgresql":
        matches = queryset.filter(_holds_every_word("public_search", words))
        in_title = Case(
            When(_holds_every_word("public_title", words), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
        rows = matches.order_by(*ordering).annotate(in_title=in_title).values_list("pk", "in_title")[:limit]
    elif (expanded := expand(words, queryset.db)) is None:
        return []
    elif all_published:
        rows = _public_matches(expanded, limit, queryset.db)
    else:
        in_title = ExpressionWrapper(Q(public_words=_words_query(expanded, weight="A")), output_field=BooleanField())
        matches = _matching(queryset, expanded).order_by(*ordering).annotate(in_title=in_title)
        rows = matches.values_list("pk", "in_title")[:limit]
    rows = list(rows)
    return [pk for pk, in_title in rows if in_title] + [pk for pk, in_title in rows if not in_title]


def public_fields(snapshot: dict) -> dict:
    """What the public lists search, filter, browse by and show, for a published snapshot (stored on the handbook
    at approval): its words (`search_text`), its title's words (`title_text`), its row (`public_row`) and
    `public_filter_fields`."""
    return {
        "public_search": search_text(snapshot),
        "public_title": title_text(snapshot),
        "public_row": public_row(snapshot),
        **public_filter_fields(snapshot),
    }


def public_row(snapshot: dict) -> dict:
    """What a row of the public lists shows of a published snapshot (`Handbook.public_row`)."""
    procedure = snapshot.get("procedure") or {}
    handbook = snapshot.get("handbook") or {}
    return {
        "name": procedure.get("name"),
        "reference": handbook.get("reference_name"),
        "agency": (handbook.get("agency") or {}).get("name"),
        "category": procedure.get("category_display"),
    }


def title_text(snapshot: dict) -> str:
    """The words of the procedure's name as the version recorded it (`Handbook.public_title`, for ranking)."""
    return " ".join(_fitting(segment((snapshot.get("procedure") or {}).get("name", ""))))


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
