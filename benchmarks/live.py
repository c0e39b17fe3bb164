"""The live store and fresh processes: seeding, restarts, edits, doctor, the cold start.

- `write_dataset`: a synthetic set as the YAML files and articles a store is seeded from.
- `seed_store`: `Store.open(path, seed_dir=...)` on a missing file, timed.
- `run_measured`: a subprocess's wall time, CPU time and peak RSS (`benchmarks.child`).
- `briefing_ask` / `doctor`: the `briefing` console script on that store, as a restart and
  the container's health check run it.
- `measure_edits`: edits through `store.edit`, and the time from its return to the next
  `Library.briefing().ask(...)` whose answer shows the edit.
- `cold_start`: `briefing ask` on the bundled store, and `-X importtime` of it.
"""

from __future__ import annotations

import compileall
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from facts.dataset import ARTICLES, dump_record
from facts.factset import FactSet
from facts.library import Library
from facts.models import KINDS
from facts.store import Editor, Store

EDITOR = Editor("benchmark")
COLD_LINE = "!claims bannu"


def write_dataset(facts: FactSet, directory: Path) -> None:
    """The set as the YAML files and articles `Store.open(seed_dir=...)` reads."""
    (directory / ARTICLES).mkdir(parents=True)
    for kind, model in KINDS.items():
        records = [dump_record(r) for r in facts.table(kind).values()]
        text = yaml.dump(records, Dumper=yaml.CSafeDumper, sort_keys=False, allow_unicode=True)
        (directory / model.yaml_file).write_text(text, encoding="utf-8")
    for source in facts.sources.values():
        (directory / ARTICLES / source.file).write_text(facts.articles[source.id], "utf-8")


def seed_store(path: Path, seed_dir: Path) -> float:
    start = time.perf_counter()
    Store.open(path, seed_dir=seed_dir).close()
    return time.perf_counter() - start


@dataclass
class Measured:
    seconds: float
    cpu_s: float  # the child's own CPU time: what it costs when other processes share the cores
    rss_mb: float  # the child's peak resident memory
    returncode: int
    stdout: str
    stderr: str

    def json(self) -> dict[str, Any]:
        """The probe's JSON line; {} when it failed (the report shows the error)."""
        try:
            data = json.loads(self.stdout)
        except ValueError:
            return {}
        return data if isinstance(data, dict) else {}

    def error(self) -> str:
        lines = (self.stderr or self.stdout).strip().splitlines()
        return lines[-1] if lines else f"exit {self.returncode}"


def run_measured(argv: list[str], *, env: dict[str, str], cwd: Path) -> Measured:
    """Run argv to its end through `benchmarks.child` (see there why): its wall time, CPU
    time and peak RSS, and what it printed."""
    with tempfile.TemporaryDirectory() as tmp:
        figures, out, err = Path(tmp) / "child.json", Path(tmp) / "out", Path(tmp) / "err"
        with out.open("wb") as stdout, err.open("wb") as stderr:
            subprocess.run(
                [sys.executable, "-m", "benchmarks.child", str(figures), *argv],
                stdout=stdout,
                stderr=stderr,
                env={**env, "PYTHONPATH": _with_root(env.get("PYTHONPATH"))},
                cwd=cwd,
                check=False,
            )
        data = json.loads(figures.read_text("utf-8")) if figures.exists() else {}
        return Measured(
            seconds=data.get("seconds", float("nan")),
            cpu_s=data.get("cpu_s", float("nan")),
            rss_mb=data.get("rss_mb", float("nan")),
            returncode=data.get("returncode", -1),
            stdout=out.read_text("utf-8", "replace"),
            stderr=err.read_text("utf-8", "replace"),
        )


def _with_root(path: str | None) -> str:
    """PYTHONPATH with this repository's root first: the child and the probes import
    `benchmarks`."""
    root = str(Path(__file__).resolve().parent.parent)
    return os.pathsep.join(p for p in (root, path) if p)


def compile_sources() -> None:
    """The bot's modules compiled to bytecode, as `pip install` leaves a deployed bot. A
    checkout run with PYTHONDONTWRITEBYTECODE (this machine sets it) would otherwise compile
    every changed module again in every restart it times."""
    root = Path(__file__).resolve().parent.parent
    for package in ("bot", "facts", "benchmarks"):
        compileall.compile_dir(root / package, quiet=1)


def briefing_command() -> list[str]:
    """The `briefing` console script of this virtualenv (else `python -m bot`)."""
    script = Path(sys.executable).parent / "briefing"
    return [str(script)] if script.exists() else [sys.executable, "-m", "bot"]


def clean_env(**settings: str) -> dict[str, str]:
    """This environment without a Discord token, plus BRIEFING_* settings."""
    env = {k: v for k, v in os.environ.items() if k != "BRIEFING_DISCORD_TOKEN"}
    env.pop("DISCORD_TOKEN", None)
    env.update({f"BRIEFING_{k.upper()}": v for k, v in settings.items()})
    return env


def briefing_ask(store: Path, line: str, cwd: Path) -> Measured:
    return run_measured(
        [*briefing_command(), "--store", str(store), "ask", line], env=clean_env(), cwd=cwd
    )


def doctor(store: Path, data_dir: Path, cwd: Path) -> Measured:
    env = clean_env(store=str(store), data_dir=str(data_dir))
    return run_measured([*briefing_command(), "doctor", "--offline"], env=env, cwd=cwd)


def probe(*args: str, cwd: Path) -> Measured:
    return run_measured([sys.executable, "-m", "benchmarks.probe", *args], env=clean_env(), cwd=cwd)


# --- edits -------------------------------------------------------------------------------


@dataclass
class Edits:
    edit_ms: list[float] = field(default_factory=list)  # store.edit() itself (commit, fsync)
    visible_ms: list[float] = field(default_factory=list)  # edit returned -> answer shows it
    shown: list[bool] = field(default_factory=list)  # did that answer show the edit


def renamed(n: int) -> str:
    return f"Benchmark Renamed Qazvorth {n}"


def edited_actors(facts: FactSet, count: int) -> list[str]:
    """The actors the edits rename: spread over the set, the same ones for ours and naive."""
    actors = sorted(facts.actors)
    return [actors[(n * 7919) % len(actors)] for n in range(count)]


def measure_edits(store: Store, library: Library, actor_ids: list[str]) -> Edits:
    result = Edits()
    for n, actor_id in enumerate(actor_ids):
        start = time.perf_counter()
        store.edit(actor_id, {"name": renamed(n)}, by=EDITOR, reason="edit visibility")
        edited = time.perf_counter()
        answer = library.briefing().ask("actor", renamed(n))
        shown = time.perf_counter()
        items = answer.items()
        result.edit_ms.append((edited - start) * 1e3)
        result.visible_ms.append((shown - edited) * 1e3)
        result.shown.append(bool(items) and items[0].id == actor_id)
    return result


# --- cold start --------------------------------------------------------------------------


@dataclass
class ColdStart:
    first_s: float = 0.0  # the very first run: seeds the store from the bundled data
    runs_s: list[float] = field(default_factory=list)
    ok: bool = False
    importers: list[tuple[str, float]] = field(default_factory=list)  # (package, cumulative ms)
    total_import_ms: float = 0.0
    error: str = ""


def cold_start(runs: int = 5) -> ColdStart:
    """`briefing ask` on the bundled store in a temporary BRIEFING_STORE: a first run seeds
    it, then the fastest of `runs`; and `python -X importtime` of the same command."""
    result = ColdStart()
    with tempfile.TemporaryDirectory() as tmp:
        env = clean_env(store=str(Path(tmp) / "briefing.sqlite3"))
        command = [*briefing_command(), "ask", COLD_LINE]
        first = run_measured(command, env=env, cwd=Path(tmp))
        result.first_s = first.seconds
        if first.returncode != 0:
            result.error = first.error()
            return result
        for _ in range(runs):
            done = run_measured(command, env=env, cwd=Path(tmp))
            result.runs_s.append(done.seconds)
        result.ok = done.returncode == 0 and "Claims" in done.stdout
        # The console script is a Python file: run under -X importtime, it is the same start.
        traced = run_measured(
            [sys.executable, "-X", "importtime", *briefing_command()[-1:], "ask", COLD_LINE],
            env=env,
            cwd=Path(tmp),
        )
        result.importers, result.total_import_ms = summarise_importtime(traced.stderr)
    return result


def summarise_importtime(stderr: str, top: int = 8) -> tuple[list[tuple[str, float]], float]:
    """The packages (dotless module names, at any nesting level) that took longest to import,
    by cumulative ms (nested ones overlap: discord's time includes aiohttp's), and the total
    of the top-level imports."""
    packages: dict[str, float] = {}
    total = 0.0
    for line in stderr.splitlines():
        parts = line.removeprefix("import time:").split("|")
        if not line.startswith("import time:") or len(parts) != 3:
            continue
        if not parts[1].strip().isdigit():
            continue  # the header
        ms, name = int(parts[1]) / 1e3, parts[2].rstrip()
        if not name.startswith("  "):  # nesting level 0
            total += ms
        name = name.strip()
        if "." not in name and not name.startswith("_"):
            packages[name] = max(packages.get(name, 0.0), ms)
    ranked = sorted(packages.items(), key=lambda kv: -kv[1])
    return ranked[:top], total
