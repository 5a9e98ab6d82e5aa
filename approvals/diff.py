"""Field-by-field differences between two handbook snapshots (see handbooks.snapshot).

What is compared, its labels and how rows are recognised come from the one definition of the sections
(`handbooks.sections`). The values of sections 1–19 are compared one by one; the repeating sections (channels,
steps, documents, fees, complaints, forms) row by row: rows are aligned on their identity fields (e.g. a
document's group and name) with difflib, so an inserted row shows as เพิ่ม rather than as every later row changed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from difflib import SequenceMatcher

from handbooks.sections import HEADER, SECTIONS

ADDED, REMOVED, CHANGED = "added", "removed", "changed"
KIND_LABELS = {ADDED: "เพิ่ม", REMOVED: "ลบ", CHANGED: "แก้ไข"}


@dataclass
class FieldChange:
    label: str
    old: object
    new: object


@dataclass
class ScalarChange:
    section: str
    label: str
    old: object
    new: object


@dataclass
class RowChange:
    kind: str  # ADDED / REMOVED / CHANGED
    summary: str  # the row's main text (e.g. the document's name), to recognise it
    fields: list[FieldChange] = field(default_factory=list)  # for CHANGED: only the fields that differ; else all

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]


@dataclass
class SectionDiff:
    key: str
    section: str
    label: str
    rows: list[RowChange]

    def count(self, kind: str) -> int:
        return sum(1 for row in self.rows if row.kind == kind)


@dataclass
class HandbookDiff:
    scalars: list[ScalarChange]
    sections: list[SectionDiff]

    @property
    def is_empty(self) -> bool:
        return not self.scalars and not any(s.rows for s in self.sections)

    def count(self, kind: str) -> int:
        return sum(s.count(kind) for s in self.sections) + (len(self.scalars) if kind == CHANGED else 0)

    @property
    def counts(self) -> dict[str, int]:
        return {kind: self.count(kind) for kind in (ADDED, REMOVED, CHANGED)}


def _display(value) -> object:
    if isinstance(value, bool):
        return "ใช่" if value else "ไม่ใช่"
    return "" if value is None else value


def _row_fields(row: dict, fields, only_changed_from: dict | None = None) -> list[FieldChange]:
    changes = []
    for name, label in fields:
        new = _display(row.get(name))
        if only_changed_from is None:
            if new != "":
                changes.append(FieldChange(label, "", new))
            continue
        old = _display(only_changed_from.get(name))
        if old != new:
            changes.append(FieldChange(label, old, new))
    return changes


def _summary(row: dict, fields) -> str:
    for name, _label in fields:
        value = row.get(name)
        if value not in (None, "") and not isinstance(value, bool):
            return str(value)
    return ""


SIMILAR = 0.75


def _similar(a: tuple, b: tuple) -> bool:
    text_a, text_b = " ".join(str(x or "") for x in a), " ".join(str(x or "") for x in b)
    return SequenceMatcher(a=text_a, b=text_b, autojunk=False).ratio() >= SIMILAR


def diff_rows(old_rows: list[dict], new_rows: list[dict], key_fields, fields) -> list[RowChange]:
    """Rows added, removed or changed between two lists of row dicts (order of the new list)."""

    def key(row):
        return tuple(row.get(k) for k in key_fields)

    changes: list[RowChange] = []
    matcher = SequenceMatcher(a=[key(r) for r in old_rows], b=[key(r) for r in new_rows], autojunk=False)

    def removed(row):
        changes.append(
            RowChange(
                REMOVED, _summary(row, fields), [FieldChange(f.label, f.new, "") for f in _row_fields(row, fields)]
            )
        )

    def added(row):
        changes.append(RowChange(ADDED, _summary(row, fields), _row_fields(row, fields)))

    def compare(old, new):
        fields_changed = _row_fields(new, fields, only_changed_from=old)
        if fields_changed:
            changes.append(RowChange(CHANGED, _summary(new, fields), fields_changed))

    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for old, new in zip(old_rows[i1:i2], new_rows[j1:j2], strict=True):
                compare(old, new)
        elif tag == "delete":
            for old in old_rows[i1:i2]:
                removed(old)
        elif tag == "insert":
            for new in new_rows[j1:j2]:
                added(new)
        else:  # replace: a row whose key is only slightly different (a typo fixed) is changed, else removed + added
            unmatched, pairs = list(old_rows[i1:i2]), []
            for new in new_rows[j1:j2]:
                match = next((o for o in unmatched if _similar(key(o), key(new))), None)
                if match is not None:
                    unmatched.remove(match)
                pairs.append((match, new))
            for old in unmatched:
                removed(old)
            for old, new in pairs:
                if old is None:
                    added(new)
                else:
                    compare(old, new)
    return changes


def diff_snapshots(old: dict | None, new: dict) -> HandbookDiff:
    """What changes if `new` replaces `old` (the live version). `old=None`: first publication, all rows added."""
    old = old or {"procedure": {}, "handbook": {}}
    first = not (old.get("procedure") or old.get("handbook"))
    scalars = []
    values = [("", value) for value in HEADER]
    values += [(str(s.number), value) for s in SECTIONS for value in (*s.values, *s.extra)]
    for section, value in sorted(values, key=lambda item: int(item[0] or 0)):
        before = "" if first else _display(value.read(old))
        after = _display(value.read(new))
        if before != after:
            scalars.append(ScalarChange(section, value.label, before, after))
    sections = []
    for s in SECTIONS:
        if s.rows is None:
            continue
        rows = diff_rows(old.get(s.rows.key) or [], new.get(s.rows.key) or [], s.rows.identity, s.rows.shown)
        sections.append(SectionDiff(s.rows.key, str(s.number), s.heading, rows))
    return HandbookDiff(scalars, sections)
