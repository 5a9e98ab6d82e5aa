"""The apps depend one way (issue 11): portal ← laws ← procedures ← handbooks ← approvals ← opendata, bench on top.

The source is read with `ast`, not imported: an import inside a function is a dependency as much as one at the top
of the module, and so are `import_module("app.module")` and a lazy relation such as `ForeignKey("app.Model")`.
Tests and migrations are not read; the migrations' own dependencies are checked separately below.
"""

from __future__ import annotations

import ast
import itertools
from collections import defaultdict
from pathlib import Path
from typing import NamedTuple

import pytest

ROOT = Path(__file__).resolve().parent.parent
LAYERS = ["portal", "laws", "procedures", "handbooks", "approvals", "opendata", "bench"]  # lowest first

# (lower, upper) pairs whose upward arrows are known and being removed: each is a strict xfail below, so it must be
# taken out of here the moment the arrow is gone. Empty since the workflow moved into handbooks.
KNOWN_PENDING: set[tuple[str, str]] = set()

# Migrations written before the layering was enforced and applied on every database since: rewriting their
# dependencies would need a squash. (app, migration, app it depends on above itself).
HISTORIC_MIGRATION_DEPENDENCIES = {
    ("handbooks", "0001_initial", "approvals"),
    ("handbooks", "0003_public_filters", "approvals"),
}

RELATION_FIELDS = {"ForeignKey", "OneToOneField", "ManyToManyField"}


class Arrow(NamedTuple):
    source: str  # the app whose module depends
    target: str  # the app it depends on
    where: str  # file:line
    what: str  # the module or model named


def _is_app_code(relative: Path) -> bool:
    name = relative.name
    return not {"migrations", "tests"} & set(relative.parts) and not name.startswith("test_") and name != "conftest.py"


def _targets(node: ast.AST, package: list[str]) -> list[str]:
    """The dotted names a node makes its module depend on."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if isinstance(node, ast.ImportFrom):
        if node.level == 0:
            return [node.module or ""]
        base = package[: len(package) - node.level + 1]
        return [".".join([*base, node.module or ""])] if base else []
    if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        value = node.args[0].value
        if name == "import_module" and isinstance(value, str):
            return [value]
        if name in RELATION_FIELDS and isinstance(value, str) and "." in value:
            return [value]  # "app_label.Model": app labels are the package names here
    return []


def scan(root: Path, apps: list[str]) -> list[Arrow]:
    """Every dependency of the apps' code on another of `apps` under `root`."""
    arrows = []
    for app in apps:
        for path in sorted((root / app).rglob("*.py")):
            relative = path.relative_to(root)
            if not _is_app_code(relative):
                continue
            package = list(relative.parts[:-1])
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(relative))):
                for name in _targets(node, package):
                    target = name.split(".")[0]
                    if target in apps and target != app:
                        arrows.append(Arrow(app, target, f"{relative}:{node.lineno}", name))
    return arrows


ARROWS = scan(ROOT, LAYERS)


def _listing(arrows) -> str:
    def by_place(arrow: Arrow) -> tuple[str, int]:
        path, line = arrow.where.rsplit(":", 1)
        return path, int(line)

    return "\n".join(f"  {a.where}: {a.source} -> {a.what}" for a in sorted(arrows, key=by_place))


@pytest.mark.parametrize(
    ("lower", "upper"),
    [
        pytest.param(
            lower,
            upper,
            marks=[pytest.mark.xfail(strict=True, reason="being removed on the lead's branch")]
            if (lower, upper) in KNOWN_PENDING
            else [],
        )
        for lower, upper in itertools.combinations(LAYERS, 2)
    ],
)
def test_a_lower_app_never_imports_a_higher_one(lower, upper):
    upward = [a for a in ARROWS if (a.source, a.target) == (lower, upper)]
    assert not upward, f"{lower} is below {upper} in {' ← '.join(LAYERS)} but depends on it:\n{_listing(upward)}"


def test_the_apps_import_each_other_in_no_cycle():
    counted = [a for a in ARROWS if tuple(sorted((a.source, a.target), key=LAYERS.index)) not in KNOWN_PENDING]
    graph = defaultdict(set)
    for arrow in counted:
        graph[arrow.source].add(arrow.target)

    def reaches(start: str, goal: str, seen: set[str]) -> bool:
        return any(nxt == goal or (nxt not in seen and reaches(nxt, goal, seen | {nxt})) for nxt in graph[start])

    cyclic = sorted(app for app in LAYERS if reaches(app, app, {app}))
    # Every cycle holds at least one arrow against the layering: those are the ones to remove.
    closing = [
        a for a in counted if {a.source, a.target} <= set(cyclic) and LAYERS.index(a.target) > LAYERS.index(a.source)
    ]
    assert not cyclic, f"these apps import each other in a cycle: {cyclic}\n{_listing(closing)}"


def test_migrations_depend_only_on_their_own_app_or_apps_below_it():
    from django.db.migrations.loader import MigrationLoader

    loader = MigrationLoader(None, ignore_no_migrations=True)
    wrong = []
    for (app, name), migration in sorted(loader.disk_migrations.items()):
        if app not in LAYERS:
            continue
        for dep_app, dep_name in migration.dependencies:
            upward = dep_app in LAYERS and LAYERS.index(dep_app) > LAYERS.index(app)
            if upward and (app, name, dep_app) not in HISTORIC_MIGRATION_DEPENDENCIES:
                wrong.append(f"  {app}/migrations/{name}.py depends on {dep_app}.{dep_name}")
    assert not wrong, "a migration reaches above its app:\n" + "\n".join(wrong)


def test_the_scan_sees_deferred_relative_and_string_dependencies(tmp_path):
    """Guards the scanner itself: a dependency it cannot see would make the tests above pass vacuously."""
    (tmp_path / "low" / "sub").mkdir(parents=True)
    (tmp_path / "high").mkdir()
    (tmp_path / "low" / "sub" / "views.py").write_text(
        "import os\n"
        "from . import forms\n"
        "from ..models import Thing\n"
        "def view():\n"
        "    from high.models import Other\n"
        "    return import_module('high.rules')\n"
        "class Row:\n"
        "    owner = models.ForeignKey('high.Owner', on_delete=models.CASCADE)\n"
        "    peer = models.ForeignKey('self', on_delete=models.CASCADE)\n",
        encoding="utf-8",
    )
    found = {(a.source, a.target, a.where, a.what) for a in scan(tmp_path, ["low", "high"])}
    assert found == {
        ("low", "high", "low/sub/views.py:5", "high.models"),
        ("low", "high", "low/sub/views.py:6", "high.rules"),
        ("low", "high", "low/sub/views.py:8", "high.Owner"),
    }
