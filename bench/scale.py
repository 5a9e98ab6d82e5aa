"""A deterministic real-scale data set: ~8,000 agencies and ~100,000 handbooks (issue 7), written in bulk.

Every row gets its primary key here (max existing id + 1 onwards), so the plan is the same for the same seed and
the same starting database, the circular handbook ↔ published-version references can be written in one pass
(Django's foreign keys are DEFERRABLE INITIALLY DEFERRED), and the published snapshot can name the ids it
describes. On PostgreSQL rows go through COPY; elsewhere (SQLite in tests) through executemany.

The snapshot of a published handbook has exactly the shape of `handbooks.snapshot.build_snapshot` (tests compare
the two): its rows and handbook part are built by the snapshot's own functions (`row_entry`, `handbook_part`,
`agency_dict`) from unsaved model objects, and `public_search` holds the same words as
`handbooks.search.search_text` would give, with each distinct part segmented once.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, models
from django.utils import timezone, translation

from handbooks.models import (
    ApprovalChain,
    ComplaintChannel,
    Decision,
    Document,
    Fee,
    FormSample,
    Handbook,
    HandbookVersion,
    ServiceChannel,
    Status,
    Step,
)
from handbooks.search import public_filter_fields, public_row, remember_all_words
from handbooks.snapshot import SCHEMA, agency_dict, handbook_part, row_entry
from laws.models import Law, local_date, next_review_after, normalise_title
from portal.models import Agency, User
from portal.templatetags.thai import circled, format_thai_date
from procedures.models import Procedure, ProcedureLaw, ServiceArea, TimeUnit

from . import scale_vocab as V

L = Agency.Level
BENCH_PASSWORD = "Bench-Scale-2569"  # noqa: S105  # nosec B105 - generated bench personas only, listed in bench/README
BASE_TIME = dt.datetime(2023, 10, 1, 1, 30, tzinfo=dt.UTC)
SPAN_MINUTES = 760 * 24 * 60  # about two years of history
CHUNK = 5000


def demo_codes() -> set[str]:
    from portal.demo import AGENCIES

    return {row[0] for row in AGENCIES}


def non_demo_agency_count() -> int:
    """Agencies that the demo loader did not create: a real (or already generated) database has thousands."""
    return Agency.objects.exclude(code__in=demo_codes()).count()


# --------------------------------------------------------------------------------------------------- writing rows


def _next_id(model: type[models.Model]) -> int:
    return (model.objects.aggregate(m=models.Max("pk"))["m"] or 0) + 1


class Writer:
    """Insert tuples into a model's table: COPY on PostgreSQL, executemany elsewhere. Unlisted columns get their
    field default, so a field added later by another app with a default does not break the generator."""

    def __init__(self) -> None:
        self.pg = connection.vendor == "postgresql"
        self._plans: dict[tuple, tuple] = {}

    def _plan(self, model: type[models.Model], fields: Sequence[str]):
        key = (model, tuple(fields))
        if key not in self._plans:
            opts = model._meta
            given = [opts.get_field(name) for name in fields]
            given_names = {f.name for f in given}
            missing = [
                f for f in opts.concrete_fields if f.name not in given_names and not isinstance(f, models.AutoField)
            ]
            extra = []
            for f in missing:
                if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                    extra.append(BASE_TIME)
                else:
                    extra.append(f.get_default())
            all_fields = given + missing
            adapters = [None if self.pg else self._adapter(f) for f in all_fields]
            self._plans[key] = (opts.db_table, [f.column for f in all_fields], tuple(extra), adapters)
        return self._plans[key]

    @staticmethod
    def _adapter(field: models.Field) -> Callable | None:
        ops = connection.ops
        if isinstance(field, models.DateTimeField):
            return ops.adapt_datetimefield_value
        if isinstance(field, models.TimeField):
            return ops.adapt_timefield_value
        if isinstance(field, models.DecimalField):
            return lambda v: ops.adapt_decimalfield_value(v, field.max_digits, field.decimal_places)
        return None

    def write(self, model: type[models.Model], fields: Sequence[str], rows: Iterable[tuple]) -> int:
        table, columns, extra, adapters = self._plan(model, fields)
        qn = connection.ops.quote_name
        column_sql = ", ".join(qn(c) for c in columns)
        count = 0
        with connection.cursor() as cursor:
            if self.pg:
                with cursor.cursor.copy(f"COPY {qn(table)} ({column_sql}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row + extra)
                        count += 1
                return count
            adapted = []
            for row in rows:
                full = row + extra
                adapted.append(tuple(a(v) if a and v is not None else v for a, v in zip(adapters, full, strict=True)))
            placeholders = ", ".join(["%s"] * len(columns))
            # Table and column names come from the model's _meta and are quoted; every value is a parameter.
            sql = f"INSERT INTO {qn(table)} ({column_sql}) VALUES ({placeholders})"  # noqa: S608  # nosec B608
            cursor.executemany(sql, adapted)
            return len(adapted)


# --------------------------------------------------------------------------------------------------- the tree


def compute_tree(nodes: dict[int, tuple[str, int | None]]) -> dict[int, tuple[int, int, int, int]]:
    """pk → (lft, rght, tree_id, level) exactly as django-mptt's rebuild() numbers them (roots and children in
    `code` order, one tree per root)."""
    children: dict[int | None, list[tuple[str, int]]] = defaultdict(list)
    for pk, (code, parent) in nodes.items():
        children[parent].append((code, pk))
    for kids in children.values():
        kids.sort()
    out: dict[int, tuple[int, int, int, int]] = {}
    for tree_id, (_code, root) in enumerate(children[None], start=1):
        counter = 1
        lft: dict[int, int] = {}
        # Iterative depth-first walk: (pk, level, entering?)
        stack: list[tuple[int, int, bool]] = [(root, 0, True)]
        while stack:
            pk, level, entering = stack.pop()
            if entering:
                lft[pk] = counter
                counter += 1
                stack.append((pk, level, False))
                for _c, child in reversed(children.get(pk, [])):
                    stack.append((child, level + 1, True))
            else:
                out[pk] = (lft[pk], counter, tree_id, level)
                counter += 1
    return out


# --------------------------------------------------------------------------------------------------- generator


class Progress:
    def __init__(self, stdout, total: int, label: str) -> None:
        self.stdout, self.total, self.label, self.start = stdout, max(total, 1), label, time.monotonic()

    def update(self, done: int) -> None:
        if self.stdout is None:
            return
        width = 30
        filled = int(width * done / self.total)
        elapsed = time.monotonic() - self.start
        self.stdout.write(
            f"\r{self.label} [{'#' * filled}{'.' * (width - filled)}] {done:,}/{self.total:,} {elapsed:5.1f} s",
            ending="" if done < self.total else "\n",
        )
        if hasattr(self.stdout, "flush"):
            self.stdout.flush()


class Generator:
    def __init__(self, agencies: int, handbooks: int, seed: int, stdout=None, now: dt.datetime | None = None) -> None:
        if agencies < 60:
            raise ValueError("agencies must be at least 60")
        self.n_agencies, self.n_handbooks, self.seed = agencies, handbooks, seed
        # The workflow's times (submissions, decisions, waits) run up to this moment, so that the reports' "days
        # waiting" and "last 12 months" mean something on the day of the run. Creation times (which reference names
        # show) stay on the fixed BASE_TIME history: the same seed still gives the same digest on any day.
        self.now = now or timezone.now()
        self.rng = random.Random(seed)
        self.stdout = stdout
        self.writer = Writer()
        self._segments: dict[str, list[str]] = {}
        self.counts: dict[str, int] = defaultdict(int)

    def say(self, text: str) -> None:
        if self.stdout is not None:
            self.stdout.write(text)

    # ----- helpers

    def when(self, start: dt.datetime | None = None, max_minutes: int = SPAN_MINUTES) -> dt.datetime:
        base = start or BASE_TIME
        return base + dt.timedelta(minutes=self.rng.randrange(1, max_minutes))

    def segment(self, text: str) -> list[str]:
        words = self._segments.get(text)
        if words is None:
            words = self._segments[text] = _segment(text)
        return words

    def search_words(self, parts: list[str]) -> str:
        seen: set[str] = set()
        out: list[str] = []
        for part in parts:
            for word in self.segment(part):
                if word not in seen:
                    seen.add(word)
                    out.append(word)
        return " ".join(out)

    # ----- run

    def run(self) -> dict[str, int]:
        started = time.monotonic()
        with translation.override("th"):
            self.make_agencies()
            self.make_users()
            self.make_laws()
            self.make_procedures()
            self.make_approval_chains()
            self.make_handbooks()
        self.reset_sequences()
        # The handbooks are written with COPY, without publication: record their stored words for the search.
        self.counts["search_words"] = remember_all_words()
        # The live versions are written with COPY, without signals: index the laws they cite for the API as the
        # approval does (the opendata app's command, called by name: bench and opendata sit side by side on top).
        self.counts["indexed_versions"] = int(call_command("index_open_data"))
        self.say(f"เสร็จใน {time.monotonic() - started:.1f} วินาที: {dict(self.counts)}\n")
        return dict(self.counts)

    # ----- agencies

    def make_agencies(self) -> None:
        rng = self.rng
        existing = {a.code: a for a in Agency.objects.all()}
        # ~180 departments and provinces at 8,000 agencies (104 departments, 76 provinces), fewer for small sets.
        level2 = min(180, max(20, self.n_agencies // 10))
        n_depts = min(len(V.DEPARTMENTS), max(10, round(level2 * 104 / 180)))
        n_provinces = min(len(V.PROVINCES), level2 - n_depts)
        n_local = self.n_agencies - len(V.MINISTRIES) - n_depts - n_provinces
        # Departments: take them ministry by ministry in turn so a small data set still covers many ministries.
        by_ministry: dict[str, list] = defaultdict(list)
        for row in V.DEPARTMENTS:
            by_ministry[row[0]].append(row)
        depts = []
        while len(depts) < n_depts:
            for code2, _name in V.MINISTRIES:
                if by_ministry[code2] and len(depts) < n_depts:
                    depts.append(by_ministry[code2].pop(0))
        plan: list[tuple[str, str, str, str | None]] = []  # code, name, level, parent code
        for code2, name in V.MINISTRIES:
            plan.append((f"{code2}000000", name, L.MINISTRY, None))
        for code2, number, name in depts:
            plan.append((f"{code2}{number:03d}000", name, L.DEPARTMENT, f"{code2}000000"))
        provinces = V.PROVINCES[:n_provinces]
        for i, province in enumerate(provinces):
            plan.append((f"15{100 + i:03d}000", f"สำนักงานจังหวัด{province}", L.REGIONAL, "15000000"))
        prefixes = [p for p, _w in V.LOCAL_PREFIXES]
        weights = [w for _p, w in V.LOCAL_PREFIXES]
        per_province = [0] * n_provinces
        for i in range(n_local):
            p = i % n_provinces
            per_province[p] += 1
            k = per_province[p]
            if k == 1:
                name = f"องค์การบริหารส่วนจังหวัด{provinces[p]}"
            else:
                place = rng.choice(V.PLACE_HEADS) + rng.choice(V.PLACE_TAILS)
                if rng.random() < 0.15:
                    place += rng.choice(V.PLACE_QUALIFIERS)
                name = rng.choices(prefixes, weights)[0] + place
            plan.append((f"15{100 + p:03d}{k:03d}", name, L.LOCAL, f"15{100 + p:03d}000"))

        next_id = _next_id(Agency)
        ids: dict[str, int] = {code: a.pk for code, a in existing.items()}
        new_rows = []
        for code, name, level, parent_code in plan:
            if code in ids:
                continue
            ids[code] = next_id
            new_rows.append((next_id, name, code, level, parent_code))
            next_id += 1
        nodes = {a.pk: (a.code, a.parent_id) for a in existing.values()}
        for pk, _name, code, _level, parent_code in new_rows:
            nodes[pk] = (code, ids[parent_code] if parent_code else None)
        tree = compute_tree(nodes)
        rows = [
            (pk, name, code, level, ids[parent_code] if parent_code else None, *tree[pk])
            for pk, name, code, level, parent_code in new_rows
        ]
        self.writer.write(
            Agency, ["id", "name", "code", "level_kind", "parent", "lft", "rght", "tree_id", "level"], rows
        )
        changed = []
        for agency in existing.values():
            cols = tree[agency.pk]
            if (agency.lft, agency.rght, agency.tree_id, agency.level) != cols:
                agency.lft, agency.rght, agency.tree_id, agency.level = cols
                changed.append(agency)
        if changed:
            Agency.objects.bulk_update(changed, ["lft", "rght", "tree_id", "level"])
        self.counts["agencies"] = len(rows)

        # What the rest of the generator needs, by id.
        self.agency_name = {ids[code]: name for code, name, _l, _p in plan}
        for a in existing.values():
            self.agency_name.setdefault(a.pk, a.name)
        self.agency_code = {pk: code for code, pk in ids.items()}
        self.parent_of = {pk: parent for pk, (_code, parent) in nodes.items()}
        self.agency_level = {ids[code]: level for code, _n, level, _p in plan}
        for a in existing.values():
            self.agency_level.setdefault(a.pk, a.level_kind)
        self._agency_dicts: dict[int, dict] = {}
        self.ministries = [ids[f"{c}000000"] for c, _n in V.MINISTRIES]
        self.departments = [ids[f"{c}{n:03d}000"] for c, n, _name in depts]
        self.provinces = [ids[f"15{100 + i:03d}000"] for i in range(n_provinces)]
        self.locals = [ids[code] for code, _n, level, _p in plan if level == L.LOCAL]
        self.ministry_of = {}
        self.level2_of = {}
        for code, _n, level, parent_code in plan:
            pk = ids[code]
            self.ministry_of[pk] = ids[code[:2] + "000000"]
            self.level2_of[pk] = (
                pk if level in (L.DEPARTMENT, L.REGIONAL) else (ids[parent_code] if parent_code else pk)
            )
        self.say(f"หน่วยงาน: กระทรวง {len(self.ministries)} กรม {len(depts)} จังหวัด {n_provinces} ท้องถิ่น {n_local}\n")

    # ----- users

    def make_users(self) -> None:
        rng = self.rng
        password = make_password(BENCH_PASSWORD, salt="benchscale2569")
        existing = dict(User.objects.values_list("username", "pk"))
        next_id = _next_id(User)
        rows = []
        self.author_of: dict[int, int] = {}
        self.approver_of: dict[int, int] = {}
        self.user_name: dict[int, str] = {}
        self.user_agency: dict[int, int] = {}
        opdc = next((pk for pk in self.departments if self.agency_code[pk] == "01015000"), self.departments[0])

        def add(username, agency, **flags):
            nonlocal next_id
            first, last = rng.choice(V.FIRST_NAMES), rng.choice(V.LAST_NAMES)
            pk = existing.get(username)
            if pk is None:
                pk = next_id
                next_id += 1
                rows.append(
                    (
                        pk,
                        password,
                        username,
                        first,
                        last,
                        f"{username}@scale.info.go.th",
                        flags.get("staff", False),
                        flags.get("staff", False),
                        True,
                        BASE_TIME,
                        agency,
                        flags.get("author", False),
                        flags.get("approver", False),
                        flags.get("central", False),
                    )
                )
                self.user_name[pk] = f"{first} {last}"
            else:
                user = User.objects.get(pk=pk)
                self.user_name[pk] = user.display_name
                agency = user.agency_id
            self.user_agency[pk] = agency
            return pk

        for pk in self.departments + self.provinces:
            code = self.agency_code[pk]
            self.author_of[pk] = add(f"scale_author_{code}", pk, author=True)
            self.approver_of[pk] = add(f"scale_approver_{code}", pk, approver=True)
        for pk in self.ministries:
            add(f"scale_approver_{self.agency_code[pk]}", pk, approver=True)
        self.central = add("scale_central", opdc, approver=True, central=True)
        add("scale_admin", opdc, staff=True)
        fields = [
            "id",
            "password",
            "username",
            "first_name",
            "last_name",
            "email",
            "is_staff",
            "is_superuser",
            "is_active",
            "date_joined",
            "agency",
            "is_author",
            "is_approver",
            "is_central_approver",
        ]
        self.counts["users"] = self.writer.write(User, fields, rows)

    # ----- laws

    def make_laws(self) -> None:
        rng = self.rng
        n = max(30, self.n_handbooks // 50)
        keys = set(Law.objects.values_list("title_key", flat=True))
        kinds = [(k, prefix) for k, prefix, _w in V.LAW_KINDS]
        weights = [w for _k, _p, w in V.LAW_KINDS]
        next_id = _next_id(Law)
        rows = []
        self.laws: list[dict] = []
        attempts = 0
        while len(rows) < n and attempts < n * 20:
            attempts += 1
            kind, prefix = rng.choices(kinds, weights)[0]
            subject = rng.choice(V.LAW_SUBJECTS)
            year = rng.randrange(2490, 2568)
            title = f"{prefix}{subject}"
            if rng.random() < 0.4:
                title += f" (ฉบับที่ {rng.randrange(2, 12)})"
            title += f" พ.ศ. {year}"
            key = normalise_title(title)
            if key in keys:
                continue
            keys.add(key)
            url = f"https://law.example.go.th/{year}/{len(rows) + 1}" if rng.random() < 0.5 else ""
            created = self.when()
            rows.append((next_id, title, key, kind, year, url, created, created, *_review_dates(next_id, created)))
            self.laws.append(
                {
                    "id": next_id,
                    "title": title,
                    "kind_display": str(Law.Kind(kind).label),
                    "year_be": year,
                    "url": url,
                }
            )
            next_id += 1
        fields = ["id", "title", "title_key", "kind", "year_be", "url", "created_at", "updated_at"]
        self.counts["laws"] = self.writer.write(Law, [*fields, "reviewed_on", "next_review_on"], rows)

    # ----- procedures

    def make_procedures(self) -> None:
        rng = self.rng
        n = max(len(self.departments), self.n_handbooks // 4)
        areas = {a.code: a for a in ServiceArea.objects.all()}
        existing_names = set(Procedure.objects.values_list("agency_id", "name"))
        combos = [(a, c, o) for a, c in V.ACTIONS for o in V.OBJECTS]
        pools: dict[int, list] = {}
        used: dict[int, int] = defaultdict(int)
        next_id, next_link, next_area = _next_id(Procedure), _next_id(ProcedureLaw), _next_id(Procedure.areas.through)
        rows, links, area_rows = [], [], []
        self.procedures: list[dict] = []
        self.procedures_of: dict[int, list[int]] = defaultdict(list)
        for i in range(n):
            owner = (
                self.departments[i % len(self.departments)]
                if i < len(self.departments)
                else rng.choice(self.departments)
            )
            pool = pools.get(owner)
            if pool is None:
                pool = pools[owner] = combos[:]
                rng.shuffle(pool)
            k = used[owner]
            used[owner] += 1
            action, category, obj = pool[k % len(pool)]
            round_ = k // len(pool)
            name = f"{action}{obj}{f' ประเภทที่ {round_ + 1}' if round_ else ''} [N]"
            while (owner, name) in existing_names:
                round_ += 1
                name = f"{action}{obj} ประเภทที่ {round_ + 1} [N]"
            existing_names.add((owner, name))
            scope = Procedure.Scope.CENTRAL if rng.random() < 0.55 else Procedure.Scope.REGIONAL_LOCAL
            linkage = rng.choices(list(Procedure.Linkage.values), [70, 20, 10])[0]
            impact = Procedure.Impact.GENERAL if rng.random() < 0.9 else Procedure.Impact.SIGNIFICANT
            laws = rng.sample(self.laws, rng.randint(1, 3))
            legal_value = rng.choice([0, 0, 7, 15, 30, 45, 60, 90])
            legal_unit = rng.choice([TimeUnit.DAY, TimeUnit.WORKING_DAY])
            legal_law = laws[0]["title"] if legal_value else ""
            stat_avg = rng.randrange(0, 400)
            author = self.author_of[owner]
            created = self.when()
            pk = next_id
            next_id += 1
            rows.append(
                (
                    pk,
                    name,
                    owner,
                    scope,
                    linkage,
                    category,
                    impact,
                    legal_law,
                    legal_value,
                    legal_unit,
                    stat_avg,
                    stat_avg * 2,
                    stat_avg // 3,
                    author,
                    created,
                    author,
                    created,
                    1,
                )
            )
            codes = ["central"] + (["regional", "local"] if scope == Procedure.Scope.REGIONAL_LOCAL else [])
            chosen = sorted((areas[c] for c in codes if c in areas), key=lambda a: (a.position, a.pk))
            for area in chosen:
                area_rows.append((next_area, pk, area.pk))
                next_area += 1
            for position, law in enumerate(laws):
                links.append((next_link, pk, law["id"], position))
                next_link += 1
            procedure = Procedure(
                pk=pk,
                name=name,
                scope=scope,
                linkage=linkage,
                category=category,
                impact=impact,
                legal_time_unit=legal_unit,
            )
            self.procedures.append(
                {
                    "pk": pk,
                    "owner": owner,
                    "name": name,
                    "snapshot": {
                        "id": pk,
                        "number": pk,
                        "name": name,
                        "agency": self.agency_dict(owner),
                        "scope": scope,
                        "linkage": linkage,
                        "type_display": procedure.type_display,
                        "category": category,
                        "category_display": procedure.get_category_display(),
                        "impact": impact,
                        "impact_display": procedure.get_impact_display(),
                        "areas": [a.name for a in chosen],
                        "area_codes": [a.code for a in chosen],
                        "laws": laws,
                        "legal_time_law": legal_law,
                        "legal_time_value": legal_value,
                        "legal_time_unit": legal_unit,
                        "legal_time_unit_display": procedure.get_legal_time_unit_display(),
                        "stat_avg": stat_avg,
                        "stat_max": stat_avg * 2,
                        "stat_min": stat_avg // 3,
                    },
                }
            )
            self.procedures_of[owner].append(len(self.procedures) - 1)
        fields = [
            "id",
            "name",
            "agency",
            "scope",
            "linkage",
            "category",
            "impact",
            "legal_time_law",
            "legal_time_value",
            "legal_time_unit",
            "stat_avg",
            "stat_max",
            "stat_min",
            "created_by",
            "created_at",
            "updated_by",
            "updated_at",
            "lock_version",
        ]
        self.counts["procedures"] = self.writer.write(Procedure, fields, rows)
        self.writer.write(Procedure.areas.through, ["id", "procedure", "servicearea"], area_rows)
        self.counts["procedure_laws"] = self.writer.write(ProcedureLaw, ["id", "procedure", "law", "position"], links)
        # Popular procedures (building permits…) serve many local governments: a skewed draw over a shuffled list.
        self.local_pool = list(range(len(self.procedures)))
        rng.shuffle(self.local_pool)

    def agency_dict(self, pk: int) -> dict:
        """The agency as a version records it (handbooks.snapshot.agency_dict), its chain walked up the parents."""
        entry = self._agency_dicts.get(pk)
        if entry is None:
            chain, node = [], pk
            while node is not None:
                chain.append((self.agency_name[node], self.agency_level[node]))
                node = self.parent_of.get(node)
            entry = agency_dict(pk, self.agency_name[pk], self.agency_code[pk], chain[::-1])
            self._agency_dicts[pk] = entry
        return entry

    # ----- approval chains

    def make_approval_chains(self) -> None:
        """Two-stage publication (the agency's approver, then ก.พ.ร.) for the ministries of
        V.TWO_STAGE_MINISTRIES; the others keep the default one stage."""
        self.two_stage = {pk for pk in self.ministries if self.agency_code[pk][:2] in V.TWO_STAGE_MINISTRIES}
        for pk in sorted(self.two_stage):
            ApprovalChain.objects.update_or_create(ministry_id=pk, defaults={"stages": ApprovalChain.Stages.TWO})
        self.counts["approval_chains"] = len(self.two_stage)

    # ----- handbooks

    def _channel_templates(self) -> list[tuple]:
        """(kind, place?, website, hours_24, day_from, day_to, except_holidays, open, close, lunch, note)."""
        t = dt.time
        return [
            ("in_person", True, "", False, 1, 5, True, t(8, 30), t(16, 30), True, ""),
            ("in_person", True, "", False, 1, 5, True, t(8, 30), t(16, 30), False, ""),
            ("in_person", True, "", False, 1, 6, False, t(9, 0), t(15, 0), True, "ให้บริการวันเสาร์เฉพาะงานรับคำขอ"),
            ("online", False, "https://eservice.example.go.th", True, None, None, True, None, None, False,
             "ดำเนินการในวันและเวลาทำการถัดไป"),
            ("postal", False, "", True, None, None, True, None, None, False, "เมื่อได้รับเอกสารนั้น ๆ"),
            ("one_stop", True, "", False, 1, 5, True, t(8, 30), t(16, 30), True, ""),
        ]  # fmt: skip

    def return_reason(self) -> str:
        reasons = [r for r, _w in V.RETURN_REASONS]
        reason = self.rng.choices(reasons, [w for _r, w in V.RETURN_REASONS])[0]
        # Now and then typed with stray spaces: the report groups it with the same reason typed cleanly.
        return f" {reason}  " if self.rng.random() < 0.05 else reason

    def workflow(self, status: str, created: dt.datetime, two_stage: bool, approver: int) -> dict:
        """The request's history up to `self.now`: its state (a pending request of a two-stage ministry is at stage 2
        six times in ten), the submission, stage 1's endorsement, the decision with its reason, the flag for
        correction (one published handbook in a hundred), and the Decision rows, as the workflow would have left
        them: (stage, outcome, decided by, when, note, submitted_at of the request).

        Pending requests wait a few days to a few months (exponential, a long tail past 90 days); returns fall
        mostly in the last months; a published handbook was approved at some moment between its creation and now,
        one in ten after an earlier return."""
        rng, now, central = self.rng, self.now, self.central
        day = dt.timedelta(days=1)

        def minutes(low: int, high: int) -> dt.timedelta:
            return dt.timedelta(minutes=rng.randrange(low, high))

        def days_ago(mean: float, cap: float) -> dt.datetime:
            return now - min(rng.expovariate(1 / mean), cap) * day

        floor = created + dt.timedelta(minutes=10)
        flow = {
            "status": status,
            "submitted_at": None,
            "decided_by": None,
            "decided_at": None,
            "note": "",
            "endorsed_by": None,
            "endorsed_at": None,
            "flagged_by": None,
            "flagged_at": None,
            "flag_reason": "",
            "decisions": [],
            "last": None,
        }
        decisions = flow["decisions"]
        if status == Status.PENDING:
            if two_stage and rng.random() < 0.6:
                endorsed = max(days_ago(10, 200), floor + day)
                submitted = max(endorsed - minutes(60, 30 * 1440), floor)
                flow.update(status=Status.PENDING_CENTRAL, endorsed_by=approver, endorsed_at=endorsed)
                decisions.append((1, Decision.Outcome.FORWARDED, approver, endorsed, "", submitted))
                flow["last"] = endorsed
            else:
                submitted = max(days_ago(20, 400), floor)
                flow["last"] = submitted
            flow["submitted_at"] = submitted
        elif status == Status.RETURNED:
            decided = max(days_ago(90, 700), floor + day)
            submitted = max(decided - minutes(60, 20 * 1440), floor)
            reason = self.return_reason()
            if two_stage and rng.random() < 0.4:
                endorsed = submitted + (decided - submitted) * rng.random()
                decisions.append((1, Decision.Outcome.FORWARDED, approver, endorsed, "", submitted))
                decisions.append((2, Decision.Outcome.RETURNED, central, decided, reason, submitted))
                decided_by = central
            else:
                decisions.append((1, Decision.Outcome.RETURNED, approver, decided, reason, submitted))
                decided_by = approver
            flow.update(submitted_at=submitted, decided_by=decided_by, decided_at=decided, note=reason, last=decided)
        elif status == Status.PUBLISHED:
            decided = max(created + (now - created) * rng.random(), floor + dt.timedelta(hours=1))
            submitted = max(decided - minutes(60, 14 * 1440), floor)
            if rng.random() < 0.1:
                returned_at = submitted - minutes(60, 30 * 1440)
                if returned_at > floor:
                    earlier = max(returned_at - minutes(60, 5 * 1440), floor)
                    decisions.append(
                        (1, Decision.Outcome.RETURNED, approver, returned_at, self.return_reason(), earlier)
                    )
            if two_stage:
                endorsed = submitted + (decided - submitted) * rng.random()
                decisions.append((1, Decision.Outcome.FORWARDED, approver, endorsed, "", submitted))
                decisions.append((2, Decision.Outcome.APPROVED, central, decided, "", submitted))
                flow.update(endorsed_by=approver, endorsed_at=endorsed, decided_by=central)
            else:
                decisions.append((1, Decision.Outcome.APPROVED, approver, decided, "", submitted))
                flow["decided_by"] = approver
            flow.update(submitted_at=submitted, decided_at=decided, last=decided)
            if rng.random() < 0.01:
                flagged = decided + (now - decided) * rng.random()
                flow.update(flagged_by=central, flagged_at=flagged, flag_reason=rng.choice(V.FLAG_REASONS))
        return flow

    def make_handbooks(self) -> None:
        rng = self.rng
        n = self.n_handbooks
        channel_templates = self._channel_templates()
        # Unsaved agencies for the steps' responsible ministry: row_entry reads its name without a query.
        ministry_object = {pk: Agency(pk=pk, name=self.agency_name[pk]) for pk in self.ministries}
        document_entries: dict[tuple, dict] = {}
        ids = {
            m: _next_id(m)
            for m in (Handbook, HandbookVersion, ServiceChannel, Step, Document, Fee, ComplaintChannel, Decision)
        }
        ids[FormSample] = _next_id(FormSample)
        progress = Progress(self.stdout, n, "คู่มือ")
        dept_with_procs = [d for d in self.departments if self.procedures_of.get(d)]
        ministry_name = {pk: self.agency_name[pk] for pk in self.ministries}

        buf: dict[type, list] = defaultdict(list)
        done = 0
        for _i in range(n):
            pk = ids[Handbook]
            ids[Handbook] += 1
            r = rng.random()
            if r < 0.25 or not self.locals:
                agency = rng.choice(dept_with_procs)
                proc = self.procedures[rng.choice(self.procedures_of[agency])]
            else:
                agency = rng.choice(self.provinces) if r < 0.30 else rng.choice(self.locals)
                proc = self.procedures[self.local_pool[int(len(self.local_pool) * rng.random() ** 2)]]
            level2 = self.level2_of[agency]
            author = self.author_of[level2]
            approver = self.approver_of[level2]
            author_agency = self.user_agency[author]
            created = self.when()
            local = timezone.localtime(created, dt.timezone(dt.timedelta(hours=7)))
            ref_parts = [
                proc["name"],
                circled(proc["pk"]),
                self.user_name[author],
                self.agency_name[author_agency] if author_agency else "",
                format_thai_date(local, "short"),
                f"{local:%H:%M}",
            ]
            reference_name = " ".join(p for p in ref_parts if p)
            s = rng.random()
            status = (
                Status.PUBLISHED
                if s < 0.85
                else Status.DRAFT
                if s < 0.92
                else Status.PENDING
                if s < 0.97
                else Status.RETURNED
            )
            has_live = status == Status.PUBLISHED or rng.random() < 0.3
            flow = self.workflow(status, created, self.ministry_of.get(agency) in self.two_stage, approver)
            status, submitted_at, decided_at = flow["status"], flow["submitted_at"], flow["decided_at"]
            for stage, outcome, decided_by, when, reason, request in flow["decisions"]:
                buf[Decision].append((ids[Decision], pk, stage, outcome, decided_by, when, reason, request))
                ids[Decision] += 1
            updated = flow["last"] or created + dt.timedelta(minutes=rng.randrange(1, 5000))
            criteria = " ".join(rng.sample(V.CRITERIA, rng.randint(1, 3)))
            total_value = rng.choice([15, 30, 60, 1, 3, 7, 15, 30, 45])
            total_unit = rng.choice([TimeUnit.MINUTE, TimeUnit.DAY, TimeUnit.WORKING_DAY])
            reduced = rng.random() < 0.3
            note = "" if rng.random() < 0.7 else "ระยะเวลาดังกล่าวไม่รวมระยะเวลาที่ผู้ยื่นคำขอแก้ไขเอกสาร"
            ministry = self.ministry_of.get(proc["owner"]) or self.ministry_of.get(agency)
            agency_name = self.agency_name[agency]

            # 11 channels
            channels = []
            for position, tpl in enumerate(rng.sample(channel_templates, rng.randint(1, 3))):
                kind, at_office, website, h24, d1, d2, exc, o, c, lunch, cnote = tpl
                place = agency_name if at_office else ""
                address = f"ที่ทำการ{agency_name}" if at_office else ""
                phone = f"0 {rng.randrange(2000, 9999)} {rng.randrange(1000, 9999)}" if at_office else ""
                cid = ids[ServiceChannel]
                ids[ServiceChannel] += 1
                buf[ServiceChannel].append(
                    (cid, pk, position, kind, place, address, phone, website, h24, d1, d2, exc, o, c, lunch, cnote)
                )
                if has_live:
                    row = ServiceChannel(
                        kind=kind,
                        place=place,
                        address=address,
                        phone=phone,
                        website=website,
                        hours_24=h24,
                        day_from=d1,
                        day_to=d2,
                        except_holidays=exc,
                        open_time=o,
                        close_time=c,
                        lunch_break=lunch,
                        note=cnote,
                    )
                    channels.append(row_entry(row))
            # 13 steps: check first, sign last
            n_steps = rng.randint(3, 8)
            kinds = ["check"] + [rng.choice(["consider", "consider", "other"]) for _ in range(n_steps - 2)] + ["sign"]
            steps = []
            for position, kind in enumerate(kinds):
                detail = rng.choice(V.STEP_DETAILS[kind])
                value = rng.choice([10, 15, 30, 1, 2, 3, 5, 7])
                unit = rng.choice([TimeUnit.MINUTE, TimeUnit.DAY, TimeUnit.WORKING_DAY])
                sid = ids[Step]
                ids[Step] += 1
                buf[Step].append((sid, pk, position, kind, detail, value, unit, ministry, agency_name, ""))
                if has_live:
                    row = Step(
                        kind=kind,
                        detail=detail,
                        duration_value=value,
                        duration_unit=unit,
                        responsible_ministry=ministry_object.get(ministry),
                        receiving_point=agency_name,
                    )
                    steps.append(row_entry(row))
            # 15 documents (a few dozen distinct rows: each recorded once)
            documents = []
            for position, doc in enumerate(rng.sample(V.DOCUMENTS, rng.randint(2, 6))):
                group, name, issued_by, originals, copies, unit, poa, dnote = doc
                did = ids[Document]
                ids[Document] += 1
                buf[Document].append((did, pk, position, group, name, issued_by, originals, copies, unit, poa, dnote))
                if has_live:
                    if doc not in document_entries:
                        row = Document(
                            group=group,
                            name=name,
                            issued_by=issued_by,
                            originals=originals,
                            copies=copies,
                            unit=unit,
                            from_power_of_attorney=poa,
                            note=dnote,
                        )
                        document_entries[doc] = row_entry(row)
                    documents.append(document_entries[doc])
            # 16 fees (a percentage never above 100: fee_percent_at_most_100)
            fees = []
            for position, fee in enumerate(rng.sample(V.FEES, rng.randint(0, 3))):
                description, unit, amounts, is_range, fnote = fee
                amount = Decimal(str(rng.choice(amounts))).quantize(Decimal("0.01"))
                fid = ids[Fee]
                ids[Fee] += 1
                buf[Fee].append((fid, pk, position, description, amount, unit, is_range, fnote))
                if has_live:
                    row = Fee(description=description, amount=amount, unit=unit, is_range=is_range, note=fnote)
                    fees.append(row_entry(row))
            # 17 complaints
            complaints = []
            for position, (channel, website, cnote) in enumerate(rng.sample(V.COMPLAINTS, rng.randint(1, 2))):
                cid = ids[ComplaintChannel]
                ids[ComplaintChannel] += 1
                buf[ComplaintChannel].append((cid, pk, position, channel, website, cnote))
                if has_live:
                    complaints.append(row_entry(ComplaintChannel(channel=channel, website=website, note=cnote)))
            # 18 forms
            forms = []
            if rng.random() < 0.4:
                fname = f"แบบคำขอ{proc['name'].removesuffix(' [N]').removeprefix('การ')}"
                url = f"https://forms.example.go.th/{proc['pk']}.pdf"
                fid = ids[FormSample]
                ids[FormSample] += 1
                buf[FormSample].append((fid, pk, 0, fname, url, "", ""))
                if has_live:
                    forms.append(row_entry(FormSample(pk=fid, name=fname, url=url)))

            version_id = None
            public_search = public_title = public_category = public_areas = ""
            public_agency = public_approved_at = None
            row_shown = "{}"
            if has_live:
                version_id = ids[HandbookVersion]
                ids[HandbookVersion] += 1
                handbook = Handbook(
                    pk=pk,
                    reference_name=reference_name,
                    criteria=criteria,
                    total_time_value=total_value,
                    total_time_unit=total_unit,
                    reduced=reduced,
                    note=note,
                )
                snapshot = {
                    "schema": SCHEMA,
                    "procedure": proc["snapshot"],
                    "handbook": handbook_part(handbook, self.agency_dict(agency), self.user_name[author]),
                    "channels": channels,
                    "steps": steps,
                    "documents": documents,
                    "fees": fees,
                    "complaints": complaints,
                    "forms": forms,
                }
                if status == Status.PUBLISHED:
                    approved_at, approved_by = decided_at, flow["decided_by"]
                    endorsed = (flow["endorsed_by"], flow["endorsed_at"])
                else:  # a revision in progress: its live version was approved soon after the handbook was created
                    approved_at, approved_by, endorsed = created + dt.timedelta(minutes=30), approver, (None, None)
                public_approved_at = approved_at
                buf[HandbookVersion].append(
                    (
                        version_id,
                        pk,
                        1,
                        json.dumps(snapshot, ensure_ascii=False),
                        author,
                        approved_by,
                        approved_at,
                        *endorsed,
                    )
                )
                extra = []
                for m in (self.ministry_of.get(agency), self.ministry_of.get(proc["owner"])):
                    if m is not None and ministry_name[m] not in extra:
                        extra.append(ministry_name[m])
                public_search = self.search_words(
                    [
                        proc["name"],
                        *ref_parts,
                        agency_name,
                        self.agency_name[proc["owner"]],
                        proc["snapshot"]["category_display"],
                        *extra,
                    ]
                )
                public_title = self.search_words([proc["name"]])
                public = public_filter_fields(snapshot)
                row_shown = json.dumps(public_row(snapshot), ensure_ascii=False)
                public_category, public_areas, public_agency = (
                    public["public_category"],
                    public["public_areas"],
                    public["public_agency_id"],
                )
            buf[Handbook].append(
                (
                    pk,
                    status,
                    author if submitted_at else None,
                    submitted_at,
                    flow["decided_by"],
                    decided_at,
                    flow["note"],
                    version_id,
                    public_search,
                    public_title,
                    public_category,
                    public_areas,
                    public_agency,
                    public_approved_at,
                    row_shown,
                    proc["pk"],
                    agency,
                    author,
                    reference_name,
                    criteria,
                    total_value,
                    total_unit,
                    reduced,
                    note,
                    created,
                    author,
                    updated,
                    1,
                    flow["endorsed_by"],
                    flow["endorsed_at"],
                    flow["flagged_by"],
                    flow["flagged_at"],
                    flow["flag_reason"],
                )
            )
            done += 1
            if len(buf[Handbook]) >= CHUNK or done == n:
                self.flush(buf)
                progress.update(done)
        if n == 0:
            progress.update(0)

    HANDBOOK_FIELDS = [
        "id",
        "status",
        "submitted_by",
        "submitted_at",
        "decided_by",
        "decided_at",
        "decision_note",
        "live_version",
        "public_search",
        "public_title",
        "public_category",
        "public_areas",
        "public_agency",
        "public_approved_at",
        "public_row",
        "procedure",
        "agency",
        "author",
        "reference_name",
        "criteria",
        "total_time_value",
        "total_time_unit",
        "reduced",
        "note",
        "created_at",
        "updated_by",
        "updated_at",
        "lock_version",
        "endorsed_by",
        "endorsed_at",
        "flagged_by",
        "flagged_at",
        "flag_reason",
    ]
    CHILD_FIELDS = {
        HandbookVersion: [
            "id",
            "handbook",
            "number",
            "snapshot",
            "submitted_by",
            "approved_by",
            "approved_at",
            "endorsed_by",
            "endorsed_at",
        ],
        Decision: ["id", "handbook", "stage", "outcome", "decided_by", "decided_at", "note", "submitted_at"],
        ServiceChannel: [
            "id",
            "handbook",
            "position",
            "kind",
            "place",
            "address",
            "phone",
            "website",
            "hours_24",
            "day_from",
            "day_to",
            "except_holidays",
            "open_time",
            "close_time",
            "lunch_break",
            "note",
        ],
        Step: [
            "id",
            "handbook",
            "position",
            "kind",
            "detail",
            "duration_value",
            "duration_unit",
            "responsible_ministry",
            "receiving_point",
            "note",
        ],
        Document: [
            "id",
            "handbook",
            "position",
            "group",
            "name",
            "issued_by",
            "originals",
            "copies",
            "unit",
            "from_power_of_attorney",
            "note",
        ],
        Fee: ["id", "handbook", "position", "description", "amount", "unit", "is_range", "note"],
        ComplaintChannel: ["id", "handbook", "position", "channel", "website", "note"],
        FormSample: ["id", "handbook", "position", "name", "url", "file", "note"],
    }

    def flush(self, buf: dict[type, list]) -> None:
        self.counts["handbooks"] += self.writer.write(Handbook, self.HANDBOOK_FIELDS, buf.pop(Handbook, []))
        for model, fields in self.CHILD_FIELDS.items():
            self.counts[model._meta.model_name] += self.writer.write(model, fields, buf.pop(model, []))

    def reset_sequences(self) -> None:
        models_ = [
            Agency,
            User,
            Law,
            Procedure,
            Procedure.areas.through,
            ProcedureLaw,
            Handbook,
            HandbookVersion,
            *self.CHILD_FIELDS,
        ]
        statements = connection.ops.sequence_reset_sql(no_style(), models_)
        if statements:
            with connection.cursor() as cursor:
                for sql in statements:
                    cursor.execute(sql)


def _review_dates(law_id: int, created: dt.datetime) -> tuple[dt.date, dt.date]:
    """A law's last review (section 6): up to 3.5 years before it entered the registry, spread by its id (no draw
    from the generator's random sequence, so the rest of the data stays as it was). Measured from today, about one
    law in five is overdue and a few are due within 90 days, as the review page and the reports expect."""
    reviewed_on = local_date(created) - dt.timedelta(days=(law_id * 7919) % 1280)
    return reviewed_on, next_review_after(reviewed_on)


def _segment(text: str) -> list[str]:
    """The public search's own word splitter (handbooks.search.segment), so stored words match the query's."""
    from handbooks.search import segment

    return segment(text)


# --------------------------------------------------------------------------------------------------- digest


def digest() -> str:
    """A fingerprint of the generated content (ids included): same seed + same starting database → same digest."""
    h = hashlib.sha256()
    tables = [
        (Agency, ["id", "code", "name", "level_kind", "parent_id", "lft", "rght", "tree_id", "level"]),
        (User, ["id", "username", "first_name", "last_name", "agency_id", "is_author", "is_approver"]),
        (Law, ["id", "title", "kind", "year_be", "url"]),
        (Procedure, ["id", "name", "agency_id", "scope", "linkage", "category", "legal_time_value", "stat_avg"]),
        (ProcedureLaw, ["procedure_id", "law_id", "position"]),
        (
            Handbook,
            ["id", "procedure_id", "agency_id", "author_id", "status", "reference_name", "public_search", "criteria"],
        ),
        (Step, ["handbook_id", "position", "kind", "detail", "duration_value", "duration_unit"]),
        (Document, ["handbook_id", "position", "name", "originals", "copies"]),
        (Fee, ["handbook_id", "position", "description", "amount", "unit"]),
        (ServiceChannel, ["handbook_id", "position", "kind", "place", "phone"]),
        (ComplaintChannel, ["handbook_id", "position", "channel"]),
        (FormSample, ["handbook_id", "position", "name", "url"]),
        (HandbookVersion, ["handbook_id", "number", "snapshot"]),
    ]
    for model, fields in tables:
        h.update(model._meta.db_table.encode())
        for row in model.objects.order_by(*fields[:3]).values_list(*fields):
            h.update(json.dumps(row, default=str, ensure_ascii=False, sort_keys=True).encode())
    return h.hexdigest()
