"""The figures of the reports, over the signed-in approver's scope (`user.scope_q`): a ministry's approver sees the
ministry's subtree, ก.พ.ร.'s central approvers and administrators see every agency.

A handbook's ministry is the root of its agency's tree (`Agency.tree_id`): every figure is grouped by
`agency__tree_id` in the database and named from the roots (some roots are not ministries, e.g. independent
agencies: they are labelled by their own name). Each function runs a fixed number of queries, whatever the size of
the data: counts are GROUP BY queries, the median and 90th percentile of waiting times come from a window query that
returns at most five rows per ministry and stage.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import (
    Case,
    CharField,
    Count,
    DateTimeField,
    Exists,
    F,
    IntegerField,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
    Window,
)
from django.db.models.functions import Coalesce, Lower, Replace, RowNumber, Trim

from handbooks.models import Decision, Handbook, Status
from handbooks.workflow import PENDING_STATES, STAGE_OF
from laws.models import Law
from portal.models import Agency
from procedures.models import Procedure, ProcedureLaw

# The states of the counts, in the order of the table's columns and the chart's segments.
STATES = [Status.DRAFT, Status.PENDING, Status.PENDING_CENTRAL, Status.RETURNED, Status.PUBLISHED]

# Days waiting (whole days elapsed) in the ageing histogram: (first day, last day or None).
BUCKETS: list[tuple[int, int | None]] = [(0, 7), (8, 14), (15, 30), (31, 60), (61, 90), (91, None)]

DAY = datetime.timedelta(days=1)


@dataclass(frozen=True)
class Ministry:
    """The root of an agency tree: a ministry, or an agency outside the ministries (level "other")."""

    pk: int
    tree_id: int
    code: str
    name: str
    level_kind: str

    @property
    def is_ministry(self) -> bool:
        return self.level_kind == Agency.Level.MINISTRY


def ministries_in_scope(user) -> list[Ministry]:
    """The roots of the trees the official's scope reaches, by code (one query). A ministry's approver (or a
    department's) has one: their own tree's root."""
    roots = Agency.objects.filter(parent__isnull=True)
    if not user.has_all_scope:
        if user.agency_id is None:
            return []
        roots = roots.filter(tree_id=user.agency.tree_id)
    rows = roots.order_by("code").values_list("pk", "tree_id", "code", "name", "level_kind")
    return [Ministry(*row) for row in rows]


@dataclass
class Scope:
    """What a report looks at: the official's scope, narrowed to one ministry when the filter names one."""

    user: object
    ministries: list[Ministry]
    ministry: Ministry | None = None
    _by_tree: dict[int, Ministry] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._by_tree = {m.tree_id: m for m in self.ministries}

    @property
    def shown(self) -> list[Ministry]:
        """The ministries the report's rows are about."""
        return [self.ministry] if self.ministry else self.ministries

    def name_of(self, tree_id: int | None) -> str:
        ministry = self._by_tree.get(tree_id)
        return ministry.name if ministry else ""

    def q(self, prefix: str = "agency") -> Q:
        """Rows whose agency (through `prefix`) is in the official's scope and in the chosen ministry."""
        condition = self.user.scope_q(prefix)
        if self.ministry is not None:
            condition &= Q(**{f"{prefix}__tree_id": self.ministry.tree_id})
        return condition

    def handbooks(self) -> QuerySet:
        """The handbooks the approver may review (`Handbook.objects.reviewable_by`), in the chosen ministry."""
        handbooks = Handbook.objects.reviewable_by(self.user)
        if self.ministry is not None:
            handbooks = handbooks.filter(agency__tree_id=self.ministry.tree_id)
        return handbooks

    def procedures(self) -> QuerySet:
        """Procedures owned in scope (`Procedure.objects.visible_to`), in the chosen ministry."""
        procedures = Procedure.objects.visible_to(self.user)
        if self.ministry is not None:
            procedures = procedures.filter(agency__tree_id=self.ministry.tree_id)
        return procedures


# ----- 1. counts by ministry × state


def state_counts(scope: Scope) -> dict[int, dict[str, int]]:
    """tree_id → {state: handbooks, …, "flagged": flagged for correction}, in one GROUP BY query."""
    rows = (
        scope.handbooks()
        .order_by()
        .values_list("agency__tree_id", "status")
        .annotate(n=Count("pk"), flagged=Count("pk", filter=Q(flagged_at__isnull=False)))
    )
    counts: dict[int, dict[str, int]] = defaultdict(lambda: dict.fromkeys([*STATES, "flagged"], 0))
    for tree_id, status, n, flagged in rows:
        counts[tree_id][status] = n
        counts[tree_id]["flagged"] += flagged
    return counts


def procedures_without_published(scope: Scope) -> dict[int, int]:
    """tree_id → procedures owned in scope for which no handbook is published yet (none has a live version, in any
    agency of the country), in one GROUP BY query."""
    published = Handbook.objects.filter(procedure=OuterRef("pk"), live_version__isnull=False)
    rows = (
        scope.procedures().filter(~Exists(published)).order_by().values_list("agency__tree_id").annotate(n=Count("pk"))
    )
    return dict(rows)


# ----- 2. pending requests by age


def waiting_since() -> Case:
    """When a pending request started to wait at its stage: stage 1 from the submission (`submitted_at`), stage 2
    from stage 1's endorsement (`endorsed_at`; the submission if that is missing)."""
    return Case(
        When(status=Status.PENDING_CENTRAL, then=Coalesce("endorsed_at", "submitted_at")),
        default=F("submitted_at"),
        output_field=DateTimeField(),
    )


def pending(scope: Scope, stage: int | None = None) -> QuerySet:
    """Pending requests in scope (either stage, or one), with `since` (see `waiting_since`)."""
    states = [s for s in PENDING_STATES if stage is None or STAGE_OF[s] == stage]
    return scope.handbooks().filter(status__in=states).annotate(since=waiting_since())


def days_waiting(since: datetime.datetime | None, now: datetime.datetime) -> int | None:
    """Whole days elapsed since `since` (what the list and the histogram's buckets count)."""
    if since is None:
        return None
    return max(0, (now - since) // DAY)


def bucket_q(first: int, last: int | None, now: datetime.datetime) -> Q:
    """Requests that have waited `first`…`last` whole days (`last` None: at least `first`)."""
    condition = Q(since__lte=now - first * DAY) if first else Q(since__isnull=False)
    if last is not None:
        condition &= Q(since__gt=now - (last + 1) * DAY)
    return condition


def ageing(scope: Scope, now: datetime.datetime) -> dict[int, list[int]]:
    """stage → requests per bucket of BUCKETS, in one GROUP BY query."""
    buckets = {f"b{i}": Count("pk", filter=bucket_q(first, last, now)) for i, (first, last) in enumerate(BUCKETS)}
    rows = pending(scope).order_by().values("status").annotate(**buckets)
    out = {1: [0] * len(BUCKETS), 2: [0] * len(BUCKETS)}
    for row in rows:
        out[STAGE_OF[row["status"]]] = [row[f"b{i}"] for i in range(len(BUCKETS))]
    return out


@dataclass
class Waiting:
    """Requests waiting at one stage in one ministry: how many, and their days waiting (fractional days)."""

    count: int = 0
    median: float | None = None
    p90: float | None = None
    longest: int | None = None  # whole days, as the list shows


PERCENTILES = (5, 9)  # tenths: the median and the 90th percentile


def _rank_q() -> Q:
    """The rows a percentile needs out of a partition of n rows ranked 1…n by days waiting: for p in tenths,
    h = (n − 1)·p/10 + 1 lies between rank ⌊h⌋ and ⌈h⌉ (linear interpolation, as PostgreSQL's percentile_cont); the
    last rank is the longest wait. Integer arithmetic, so SQLite and PostgreSQL pick the same ranks."""
    n = F("n")
    condition = Q(rank=n)
    for tenths in PERCENTILES:
        condition |= Q(rank=(n - 1) * tenths / 10 + 1) | Q(rank=((n - 1) * tenths + 9) / 10 + 1)
    return condition


def waiting_times(scope: Scope, now: datetime.datetime, per_ministry: bool = True) -> dict[tuple, Waiting]:
    """(tree_id, stage) → Waiting (tree_id None with `per_ministry=False`: the whole scope), from one window query:
    each pending request ranked by its wait within its group, of which only the ranks the percentiles need come
    back (at most five per group)."""
    partition = [F("agency__tree_id"), F("status")] if per_ministry else [F("status")]
    ranked = (
        pending(scope)
        .filter(since__isnull=False)
        .annotate(
            tree=F("agency__tree_id") if per_ministry else Value(None, output_field=IntegerField()),
            rank=Window(RowNumber(), partition_by=partition, order_by=[F("since").desc(), F("pk").desc()]),
            n=Window(Count("pk"), partition_by=partition),
        )
        .filter(_rank_q())
        .order_by()
        .values_list("tree", "status", "rank", "n", "since")
    )
    found: dict[tuple, dict] = defaultdict(dict)
    sizes: dict[tuple, int] = {}
    for tree, status, rank, n, since in ranked:
        key = (tree, STAGE_OF[status])
        found[key][rank] = (now - since) / DAY
        sizes[key] = n
    out = {}
    for key, n in sizes.items():
        waits = found[key]
        values = []
        for tenths in PERCENTILES:
            low, high = (n - 1) * tenths // 10 + 1, ((n - 1) * tenths + 9) // 10 + 1
            fraction = ((n - 1) * tenths % 10) / 10
            values.append(waits[low] + fraction * (waits[high] - waits[low]))
        out[key] = Waiting(count=n, median=values[0], p90=values[1], longest=max(0, int(waits[n])))
    return out


def oldest_first(scope: Scope, stage: int | None = None) -> QuerySet:
    """The pending requests, longest waiting first (bare: what a page counts and walks to find its rows)."""
    return pending(scope, stage).order_by(F("since").asc(nulls_last=True), "pk")


def pending_rows(handbooks: QuerySet) -> QuerySet:
    """The columns the list of pending requests shows, for `handbooks` (a page's window of `oldest_first`, or all
    of it for a file), in the same order."""
    return (
        Handbook.objects.filter(pk__in=handbooks)
        .annotate(since=waiting_since())
        .select_related("procedure", "agency")
        .only(
            "pk",
            "status",
            "submitted_at",
            "endorsed_at",
            "reference_name",
            "procedure__name",
            "agency__name",
            "agency__tree_id",
        )
        .order_by(F("since").asc(nulls_last=True), "pk")
    )


# ----- 3. returns and handbooks not revised for years


def _tidy(expression):
    """The reason as typed, with line breaks, tabs and zero-width spaces as spaces, runs of spaces as one, and the
    ends trimmed (the same reason typed twice groups once)."""
    for old, new in (("\r", ""), ("\n", " "), ("\t", " "), ("\u200b", "")):
        expression = Replace(expression, Value(old), Value(new))
    for _ in range(4):  # runs of up to 16 spaces become one
        expression = Replace(expression, Value("  "), Value(" "))
    return Trim(expression, output_field=CharField())


def reason_key(expression="note"):
    """The normalised reason that returns are grouped by: tidied (`_tidy`) and lower-cased."""
    return Lower(_tidy(F(expression) if isinstance(expression, str) else expression))


def decisions(scope: Scope, start: datetime.datetime, end: datetime.datetime) -> QuerySet:
    """Decisions (any stage, any outcome) on handbooks in scope, taken in [start, end)."""
    return Decision.objects.filter(scope.q("handbook__agency"), decided_at__gte=start, decided_at__lt=end)


def returns_by_ministry(scope: Scope, start: datetime.datetime, end: datetime.datetime) -> dict[int, dict]:
    """tree_id → {stage1, stage2: returns at each stage; handbooks: distinct handbooks returned}, in one GROUP BY
    query over the returns of the period (the index on outcome and decision time finds them)."""
    rows = (
        decisions(scope, start, end)
        .filter(outcome=Decision.Outcome.RETURNED)
        .order_by()
        .values("handbook__agency__tree_id")
        .annotate(
            stage1=Count("pk", filter=Q(stage=1)),
            stage2=Count("pk", filter=Q(stage=2)),
            handbooks=Count("handbook", distinct=True),
        )
    )
    return {row.pop("handbook__agency__tree_id"): row for row in rows}


def top_reasons(scope: Scope, start: datetime.datetime, end: datetime.datetime, limit: int = 10) -> list[dict]:
    """The most common reasons for returns: [{"text": the reason as first typed, "n": returns}], most first."""
    rows = (
        decisions(scope, start, end)
        .filter(outcome=Decision.Outcome.RETURNED)
        .annotate(key=reason_key("note"))
        .order_by()
        .values("key")
        .annotate(n=Count("pk"), text=Min(Trim("note")))
        .order_by("-n", "key")[:limit]
    )
    return [{"text": row["text"], "n": row["n"]} for row in rows]


def not_revised_by_ministry(scope: Scope, cutoff: datetime.datetime) -> dict[int, dict]:
    """tree_id → {published: handbooks with a live version, stale: those whose live version was approved before
    `cutoff`}: two GROUP BY queries (the second starts from the few old versions, by their approval time)."""
    published = (
        scope.handbooks()
        .filter(live_version__isnull=False)
        .order_by()
        .values_list("agency__tree_id")
        .annotate(n=Count("pk"))
    )
    stale = (
        scope.handbooks()
        .filter(live_version__approved_at__lt=cutoff)
        .order_by()
        .values_list("agency__tree_id")
        .annotate(n=Count("pk"))
    )
    out: dict[int, dict] = defaultdict(lambda: {"published": 0, "stale": 0})
    for tree_id, n in published:
        out[tree_id]["published"] = n
    for tree_id, n in stale:
        out[tree_id]["stale"] = n
    return out


def not_revised(scope: Scope, cutoff: datetime.datetime) -> QuerySet:
    """Handbooks whose live version was approved before `cutoff`, the oldest first."""
    return (
        scope.handbooks()
        .filter(live_version__approved_at__lt=cutoff)
        .select_related("procedure", "agency", "live_version")
        .only(
            "pk",
            "status",
            "reference_name",
            "procedure__name",
            "agency__name",
            "agency__tree_id",
            "live_version__number",
            "live_version__approved_at",
        )
        .order_by("live_version__approved_at", "pk")
    )


# ----- 4. laws overdue for review (section 6 of the Act)


def law_links(scope: Scope) -> QuerySet:
    """Links between procedures owned in scope and the laws they cite."""
    return ProcedureLaw.objects.filter(scope.q("procedure__agency"))


def overdue_laws_by_ministry(scope: Scope, today: datetime.date) -> dict[int, dict]:
    """tree_id → {overdue: distinct overdue laws cited by the ministry's procedures, procedures: procedures citing
    one, due: distinct laws due within 90 days}, in one GROUP BY query (`Law.objects.overdue` / `due_soon`)."""
    overdue = Q(law__in=Law.objects.overdue(today).values("pk"))
    due = Q(law__in=Law.objects.due_soon(today).values("pk"))
    rows = (
        law_links(scope)
        .filter(law__in=Law.objects.review_needed(today).values("pk"))
        .order_by()
        .values("procedure__agency__tree_id")
        .annotate(
            overdue=Count("law", filter=overdue, distinct=True),
            procedures=Count("procedure", filter=overdue, distinct=True),
            due=Count("law", filter=due, distinct=True),
        )
    )
    return {row.pop("procedure__agency__tree_id"): row for row in rows}


def overdue_law_totals(scope: Scope, today: datetime.date) -> dict:
    """Distinct laws over the whole scope (a law cited in two ministries counts once): one query."""
    overdue = Q(law__in=Law.objects.overdue(today).values("pk"))
    due = Q(law__in=Law.objects.due_soon(today).values("pk"))
    return law_links(scope).aggregate(
        overdue=Count("law", filter=overdue, distinct=True),
        procedures=Count("procedure", filter=overdue, distinct=True),
        due=Count("law", filter=due, distinct=True),
    )


def overdue_laws(scope: Scope, today: datetime.date) -> QuerySet:
    """Overdue laws cited by procedures in scope, most overdue first: values rows with the procedures and ministries
    citing each."""
    return (
        law_links(scope)
        .filter(law__in=Law.objects.overdue(today).values("pk"))
        .order_by()
        .values("law_id", "law__title", "law__next_review_on")
        .annotate(
            procedures=Count("procedure", distinct=True),
            ministries=Count("procedure__agency__tree_id", distinct=True),
        )
        .order_by("law__next_review_on", "law__title", "law_id")
    )


def ministries_citing(scope: Scope, today: datetime.date, law_ids: list[int] | None = None) -> dict[int, list[int]]:
    """law id → tree ids of the ministries whose procedures (in scope) cite it: the laws of one page (`law_ids`),
    or every overdue law."""
    links = law_links(scope)
    if law_ids is None:
        links = links.filter(law__in=Law.objects.overdue(today).values("pk"))
    else:
        links = links.filter(law_id__in=law_ids)
    pairs = links.order_by().values_list("law_id", "procedure__agency__tree_id").distinct()
    out: dict[int, list[int]] = defaultdict(list)
    for law_id, tree_id in pairs:
        out[law_id].append(tree_id)
    return out
