"""The real-scale generator (issue 7) at a tiny size: counts, ratios, manual rules, snapshot shape, determinism."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Count, Max, Min

from bench.scale import compute_tree, digest
from handbooks.models import Document, Fee, Handbook, ServiceChannel, Step
from handbooks.search import public_fields
from handbooks.snapshot import build_snapshot, handbook_queryset
from handbooks.workflow import HandbookVersion, Status
from portal.models import Agency, User
from procedures.models import Procedure

pytestmark = pytest.mark.django_db

AGENCIES, HANDBOOKS = 300, 500


def generate(seed: int = 3, agencies: int = AGENCIES, handbooks: int = HANDBOOKS, **options) -> str:
    out = StringIO()
    call_command("generate_scale", agencies=agencies, handbooks=handbooks, seed=seed, stdout=out, **options)
    return out.getvalue()


class Rollback(Exception):
    pass


def digest_of_a_run(seed: int) -> str:
    """Generate into the current database, fingerprint it, and roll it all back."""
    result = ""
    try:
        with transaction.atomic():
            generate(seed=seed)
            result = digest()
            raise Rollback
    except Rollback:
        pass
    return result


def test_counts_and_ratios_follow_the_issue():
    output = generate()
    assert "คู่มือ [" in output  # the progress bar
    assert Agency.objects.count() == AGENCIES
    assert Agency.objects.filter(level_kind=Agency.Level.MINISTRY).count() == 20
    assert Agency.objects.filter(level_kind=Agency.Level.LOCAL).count() > AGENCIES * 0.75
    assert Handbook.objects.count() == HANDBOOKS
    published = Handbook.objects.filter(status=Status.PUBLISHED).count()
    assert 0.78 * HANDBOOKS <= published <= 0.92 * HANDBOOKS
    assert set(Handbook.objects.values_list("status", flat=True)) == set(Status.values)
    per_handbook = Handbook.objects.annotate(
        steps_n=Count("steps", distinct=True),
        docs_n=Count("documents", distinct=True),
        fees_n=Count("fees", distinct=True),
        channels_n=Count("channels", distinct=True),
    ).aggregate(
        min_steps=Min("steps_n"),
        max_steps=Max("steps_n"),
        min_docs=Min("docs_n"),
        max_docs=Max("docs_n"),
        max_fees=Max("fees_n"),
        min_channels=Min("channels_n"),
        max_channels=Max("channels_n"),
    )
    assert (per_handbook["min_steps"], per_handbook["max_steps"]) == (3, 8)
    assert (per_handbook["min_docs"], per_handbook["max_docs"]) == (2, 6)
    assert per_handbook["max_fees"] == 3
    assert (per_handbook["min_channels"], per_handbook["max_channels"]) == (1, 3)
    laws = Procedure.objects.annotate(n=Count("law_links")).aggregate(lo=Min("n"), hi=Max("n"))
    assert (laws["lo"], laws["hi"]) == (1, 3)


def test_generated_rows_meet_the_manual_rules():
    generate()
    procedures = Procedure.objects.select_related("agency")
    assert all(p.name.endswith(" [N]") for p in procedures)  # P3
    assert all(p.agency.level_kind in Agency.OWNER_LEVELS for p in procedures)  # P1
    assert not Procedure.objects.exclude(areas__code="central").exists()  # P8
    assert not Fee.objects.filter(unit="percent", amount__gt=100).exists()  # H6
    assert (
        not Step.objects.filter(responsible_ministry__isnull=False)
        .exclude(responsible_ministry__level_kind=Agency.Level.MINISTRY)
        .exists()
    )  # H4
    assert not ServiceChannel.objects.filter(kind__in=["postal", "online"], hours_24=False).exists()  # H1.3
    assert Document.objects.filter(name="สำเนาทะเบียนบ้าน").exists()  # H5.1 wording
    assert all(Agency.objects.get(pk=pk).clean() is None for pk in Agency.objects.values_list("pk", flat=True)[:60])


def test_published_handbooks_have_a_live_version_with_the_real_snapshot_shape_and_search_words():
    generate()
    published = Handbook.objects.filter(status=Status.PUBLISHED)
    assert not published.filter(live_version__isnull=True).exists()
    assert not published.filter(public_search="").exists()
    assert HandbookVersion.objects.filter(handbook__status=Status.PUBLISHED).count() == published.count()
    for handbook in handbook_queryset().filter(live_version__isnull=False).order_by("pk")[:120]:
        stored = HandbookVersion.objects.get(pk=handbook.live_version_id).snapshot
        assert stored == build_snapshot(handbook)
        public = public_fields(stored)
        assert handbook.public_search == public["public_search"]
        assert handbook.public_row == public["public_row"]
        assert (handbook.public_category, handbook.public_areas) == (public["public_category"], public["public_areas"])
        assert handbook.public_agency_id == public["public_agency_id"] == handbook.agency_id
        assert handbook.public_areas.startswith("|ส่วนกลาง|")  # P8: every procedure serves ส่วนกลาง
        # The public lists' order (newest approval first) is the live version's approval, as _publish stores it.
        assert handbook.public_approved_at == HandbookVersion.objects.get(pk=handbook.live_version_id).approved_at


def test_tree_columns_equal_what_mptt_rebuild_computes():
    generate()
    before = list(Agency.objects.order_by("pk").values_list("pk", "lft", "rght", "tree_id", "level"))
    Agency._tree_manager.rebuild()
    after = list(Agency.objects.order_by("pk").values_list("pk", "lft", "rght", "tree_id", "level"))
    assert before == after


def test_compute_tree_numbers_children_in_code_order():
    nodes = {1: ("02000000", None), 2: ("01000000", None), 3: ("02002000", 1), 4: ("02001000", 1)}
    assert compute_tree(nodes) == {2: (1, 2, 1, 0), 1: (1, 6, 2, 0), 4: (2, 3, 2, 1), 3: (4, 5, 2, 1)}


def test_same_seed_gives_the_same_data_and_another_seed_does_not():
    first = digest_of_a_run(seed=7)
    assert Handbook.objects.count() == 0  # rolled back
    assert digest_of_a_run(seed=7) == first
    assert digest_of_a_run(seed=8) != first


def test_personas_exist_with_the_bench_password():
    generate()
    level2 = Agency.objects.filter(level_kind__in=[Agency.Level.DEPARTMENT, Agency.Level.REGIONAL])
    for agency in level2:
        assert User.objects.filter(username=f"scale_author_{agency.code}", agency=agency, is_author=True).exists()
        assert User.objects.filter(username=f"scale_approver_{agency.code}", agency=agency, is_approver=True).exists()
    central = User.objects.get(username="scale_central")
    assert central.is_central_approver and central.has_all_scope
    assert User.objects.get(username="scale_admin").is_superuser
    assert central.check_password("Bench-Scale-2569")
    # Handbook authors are in scope of the handbooks they wrote.
    for handbook in Handbook.objects.select_related("author__agency", "agency")[:100]:
        assert handbook.author.in_scope(handbook.agency)


def test_refuses_a_database_with_non_demo_agencies_unless_forced():
    Agency.objects.create(code="99000000", name="กระทรวงจริง", level_kind=Agency.Level.MINISTRY)
    with pytest.raises(CommandError, match="ไม่ใช่ข้อมูลตัวอย่าง"):
        generate()
    assert Handbook.objects.count() == 0
    generate(force=True, handbooks=50)
    assert Handbook.objects.count() == 50


def test_runs_on_top_of_the_demo_agencies_and_keeps_one_tree():
    from portal import demo

    demo.load(StringIO())
    demo_count = Agency.objects.count()
    generate(handbooks=50)
    # Demo codes are reused, not duplicated; the tree stays valid.
    assert Agency.objects.values("code").annotate(n=Count("id")).filter(n__gt=1).count() == 0
    assert Agency.objects.count() < AGENCIES + demo_count
    before = list(Agency.objects.order_by("pk").values_list("pk", "lft", "rght", "tree_id", "level"))
    Agency._tree_manager.rebuild()
    assert before == list(Agency.objects.order_by("pk").values_list("pk", "lft", "rght", "tree_id", "level"))


def test_too_few_agencies_is_refused_with_a_thai_message():
    with pytest.raises(CommandError, match="ไม่น้อยกว่า 60"):
        generate(agencies=10)


def test_the_workflow_history_is_what_the_transitions_would_have_left():
    """Issue 13: two-stage ministries, requests at both stages, a Decision row per stage with the reasons of the
    returns, flags for correction, and laws overdue for review, so the reports have something to count."""
    from django.utils import timezone

    from bench import scale_vocab
    from handbooks.models import ApprovalChain, Decision
    from handbooks.workflow import stages_for
    from laws.models import Law

    generate(handbooks=1500)
    two_stage = set(ApprovalChain.objects.values_list("ministry__code", flat=True))
    assert two_stage == {f"{code}000000" for code in scale_vocab.TWO_STAGE_MINISTRIES}
    central = Handbook.objects.filter(status=Status.PENDING_CENTRAL).select_related("agency")
    assert central.exists()
    for handbook in central:
        assert stages_for(handbook.agency) == 2
        assert handbook.submitted_at <= handbook.endorsed_at <= timezone.now()
        assert handbook.decisions.get().outcome == Decision.Outcome.FORWARDED
    for handbook in Handbook.objects.filter(status=Status.RETURNED).prefetch_related("decisions"):
        last = list(handbook.decisions.all())[-1]
        assert (last.outcome, last.note, last.decided_at) == ("returned", handbook.decision_note, handbook.decided_at)
        assert last.note.strip() in dict(scale_vocab.RETURN_REASONS)
    published = Handbook.objects.filter(status=Status.PUBLISHED).select_related("agency", "live_version")
    for handbook in published[:300]:
        last = list(handbook.decisions.all())[-1]
        assert (last.outcome, last.stage) == ("approved", stages_for(handbook.agency))
        assert last.decided_at == handbook.live_version.approved_at
    assert Decision.objects.filter(outcome="returned", handbook__status=Status.PUBLISHED).exists()  # earlier returns
    flagged = Handbook.objects.filter(flagged_at__isnull=False)
    assert flagged.exists() and not flagged.exclude(status=Status.PUBLISHED).exists()
    # waiting times run up to today, with a long tail
    waits = [(timezone.now() - h.submitted_at).days for h in Handbook.objects.filter(status=Status.PENDING)]
    assert min(waits) <= 7 and max(waits) > 90
    assert Law.objects.overdue().exists() and Law.objects.exclude(pk__in=Law.objects.overdue()).exists()
