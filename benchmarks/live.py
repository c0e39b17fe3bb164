"""The live store and the command line: how soon an edit shows, and a cold `briefing ask`.

- `measure_store`: a real `facts.store.Store` (a temporary file) seeded with a synthetic set,
  a restart (open the existing file, first snapshot), then edits: the time from `store.edit`
  returning to the next `Library(store).briefing().ask(...)` whose answer shows the edit.
- `cold_start`: `briefing ask "!claims bannu"` as a subprocess on the bundled store (the
  fastest of several runs, after a first run that seeds the store), and `python -X importtime`
  of the same command summarised by top-level package.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

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


@dataclass
class StoreResult:
    seed_s: float = 0.0
    reopen_s: float = 0.0  # open an existing file and load its first snapshot
    first_answer_s: float = 0.0  # the first Briefing over it (built) and one answer
    edit_ms: list[float] = field(default_factory=list)  # store.edit() itself (commit, fsync)
    visible_ms: list[float] = field(default_factory=list)  # edit returned -> answer shows it
    shown: list[bool] = field(default_factory=list)  # did that answer show the edit
    cached_ms: list[float] = field(default_factory=list)  # the next question, nothing changed


def measure_store(facts: FactSet, edits: int = 3) -> StoreResult:
    result = StoreResult()
    with tempfile.TemporaryDirectory() as tmp:
        seed, path = Path(tmp) / "seed", Path(tmp) / "facts.db"
        write_dataset(facts, seed)
        start = time.perf_counter()
        Store.open(path, seed_dir=seed).close()
        result.seed_s = time.perf_counter() - start
        start = time.perf_counter()
        with Store.open(path, seed_dir=seed) as store:
            store.snapshot()
            result.reopen_s = time.perf_counter() - start
            library = Library(store)  # one per process, as the bot holds it
            actors = sorted(facts.actors)
            start = time.perf_counter()
            library.briefing().ask("actor", facts.actors[actors[0]].name)
            result.first_answer_s = time.perf_counter() - start
            for n in range(edits):
                actor_id = actors[(n * 7919) % len(actors)]
                name = f"Benchmark Renamed Qazvorth {n}"
                start = time.perf_counter()
                store.edit(actor_id, {"name": name}, by=EDITOR, reason="edit visibility")
                edited = time.perf_counter()
                answer = library.briefing().ask("actor", name)
                shown = time.perf_counter()
                items = answer.items()
                result.edit_ms.append((edited - start) * 1e3)
                result.visible_ms.append((shown - edited) * 1e3)
                result.shown.append(bool(items) and items[0].id == actor_id)
                start = time.perf_counter()
                library.briefing().ask("actor", name)
                result.cached_ms.append((time.perf_counter() - start) * 1e3)
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


def _briefing_command() -> list[str]:
    script = Path(sys.executable).parent / "briefing"
    return [str(script)] if script.exists() else [sys.executable, "-m", "bot.cli"]


def cold_start(runs: int = 5) -> ColdStart:
    result = ColdStart()
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "BRIEFING_STORE": str(Path(tmp) / "briefing.sqlite3")}
        env.pop("DISCORD_TOKEN", None)
        command = [*_briefing_command(), "ask", COLD_LINE]

        def once(argv: list[str]) -> tuple[float, subprocess.CompletedProcess[str]]:
            start = time.perf_counter()
            done = subprocess.run(
                argv, check=False, cwd=tmp, env=env, capture_output=True, text=True
            )
            return time.perf_counter() - start, done

        result.first_s, done = once(command)
        if done.returncode != 0:
            result.error = done.stderr.strip().splitlines()[-1] if done.stderr else "failed"
            return result
        for _ in range(runs):
            seconds, done = once(command)
            result.runs_s.append(seconds)
        result.ok = done.returncode == 0 and "Claims" in done.stdout
        _seconds, traced = once(
            [sys.executable, "-X", "importtime", "-m", "bot.cli", *command[-2:]]
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
