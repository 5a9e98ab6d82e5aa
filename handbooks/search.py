"""Public search of published handbooks in Thai.

Thai is written without spaces between words, so a plain `LIKE` on the title works but a word index (PostgreSQL
full-text search, trigram) sees one long token. At approval the live version's procedure name, reference name and
agencies (with their ministries), as the snapshot recorded them, are segmented with pythainlp and stored
space-separated in `Handbook.public_search`; the query is segmented the same way and every word must occur
(icontains AND). The filter stays a plain filter on `public_search` so that an index can be added under it later.
"""

from __future__ import annotations

import re
from functools import lru_cache

from django.db.models import QuerySet

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


def search(queryset: QuerySet, query: str) -> QuerySet:
    """Handbooks whose stored words contain every word of `query` (at most MAX_QUERY_WORDS words)."""
    for word in segment(query)[:MAX_QUERY_WORDS]:
        queryset = queryset.filter(public_search__icontains=word)
    return queryset


def public_fields(snapshot: dict) -> dict:
    """What the public lists search, filter and browse by, for a published snapshot (stored on the handbook at
    approval): its words (`search_text`) and `public_filter_fields`."""
    return {"public_search": search_text(snapshot), **public_filter_fields(snapshot)}


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
