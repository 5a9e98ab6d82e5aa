#!/usr/bin/env python
"""Memory and time of `manage.py export_open_data` on the data set (issue 14): one command, one line of figures.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/handbook_scale .venv/bin/python bench/export_memory.py

Runs the export in a child process (into a temporary folder, removed afterwards) and reports its peak resident
memory (the kernel's ru_maxrss of the child), the resident memory sampled every half second (psutil, from
bench/requirements.txt: flat after the start means the export streams), the time, and the files' sizes; then the
peak of a child that only starts Django (`manage.py check`), the part of the peak that is not the export's.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def child_env() -> dict:
    env = os.environ.copy()
    env.setdefault("DEBUG", "1")
    return env


def run(args: list[str], sample: bool) -> tuple[float, int, list[tuple[float, int]]]:
    """(seconds, peak RSS in kB, [(seconds, RSS kB) sampled]). The peak is RUSAGE_CHILDREN's, the largest of any
    child waited for so far: call this once, for the first child of the process."""
    started = time.monotonic()
    proc = subprocess.Popen([sys.executable, "manage.py", *args], cwd=ROOT, env=child_env())  # noqa: S603
    samples: list[tuple[float, int]] = []
    try:
        import psutil

        handle = psutil.Process(proc.pid) if sample else None
    except ImportError:
        handle = None
    while proc.poll() is None:
        if handle is not None:
            try:
                samples.append((time.monotonic() - started, handle.memory_info().rss // 1024))
            except Exception:  # noqa: BLE001,S110 - the child may end between poll() and the read
                pass
        time.sleep(0.5)
    elapsed = time.monotonic() - started
    if proc.returncode:
        sys.exit(f"manage.py {' '.join(args)} failed ({proc.returncode})")
    return elapsed, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    parser.add_argument("--base-url", default="https://handbook.example.go.th")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="export-bench-"))
    try:
        seconds, peak, samples = run(
            ["export_open_data", str(folder / "out"), "--base-url", args.base_url, "--no-progress"], sample=True
        )
        sizes = {p.name: p.stat().st_size for p in sorted((folder / "out").iterdir())}
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    baseline = subprocess.run(  # noqa: S603
        [
            sys.executable,
            "-c",
            "import resource, subprocess, sys; subprocess.run([sys.executable, 'manage.py', 'check'], check=True, "
            "stdout=subprocess.DEVNULL); print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)",
        ],
        cwd=ROOT,
        env=child_env(),
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    total = sum(sizes.values())
    print(
        f"export_open_data: {seconds:.0f} s, peak RSS {peak / 1024:.0f} MB "
        f"(Django alone: {int(baseline) / 1024:.0f} MB)"
    )
    if samples:
        marks = [samples[int(len(samples) * f)] for f in (0.1, 0.25, 0.5, 0.75)] + [samples[-1]]
        print("RSS while exporting: " + ", ".join(f"{t:.0f} s {rss / 1024:.0f} MB" for t, rss in marks))
    print(
        f"files: {total / 1e6:,.0f} MB — " + ", ".join(f"{name} {size / 1e6:,.1f} MB" for name, size in sizes.items())
    )


if __name__ == "__main__":
    main()
