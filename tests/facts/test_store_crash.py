"""Crash safety: a writer killed with SIGKILL in the middle of a stream of edits leaves a store
that opens, validates, and holds every edit it had confirmed."""

from __future__ import annotations

import os
import re
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

from facts.store import Editor, Store
from facts.validate import check
from tests.baseline import CLAIM, make_seed

REPO = Path(__file__).resolve().parents[2]
CONFIRMED = 40  # kill the writer after this many confirmations

# Edits one claim's statement ("... at least 36 worshippers (edit <step>).", keeping its
# figure's number) and adds new claims, in a loop, printing
# "revision record step" after each commit.
WRITER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from facts.store import Editor, Store, build_record

    store = Store.open(Path(sys.argv[1]), seed_dir=Path(sys.argv[2]))
    by = Editor("writer", 42)
    i = 0
    while True:
        i += 1
        if i % 3:
            statement = f"The bombing killed at least 36 worshippers (edit {i})."
            revision = store.edit(CLAIM_ID, {"statement": statement}, by=by, reason=str(i))
        else:
            claim = build_record("claim", {
                "id": f"crash-{i}",
                "about_event": "islamabad-mosque-bombing",
                "statement": f"Record {i}.",
                "attribution": "reported by the article",
                "quote": {"source": "aljazeera-2026-02-24", "text": "wounding 170 others"},
            })
            revision = store.add(claim, by=by, reason=str(i))
        print(revision.number, revision.record_id, i, flush=True)
    """
).replace("CLAIM_ID", repr(CLAIM))


def test_sigkill_mid_stream_loses_no_confirmed_edit(tmp_path: Path) -> None:
    seed = make_seed(tmp_path / "seed")
    path = tmp_path / "live.sqlite3"
    with Store.open(path, seed_dir=seed) as store:
        seeded = store.head()

    env = {**os.environ, "PYTHONPATH": str(REPO)}
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path), str(seed)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=REPO,
        env=env,
    )
    assert writer.stdout is not None
    confirmed: list[tuple[int, str, int]] = []
    try:
        for line in writer.stdout:
            number, record_id, step = line.split()
            confirmed.append((int(number), record_id, int(step)))
            if len(confirmed) == CONFIRMED:
                writer.send_signal(signal.SIGKILL)
                break
    finally:
        writer.kill()
        writer.wait()
    assert len(confirmed) == CONFIRMED, writer.stderr.read() if writer.stderr else ""
    assert writer.returncode == -signal.SIGKILL

    db = sqlite3.connect(path)
    assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    db.close()
    with Store.open(path, seed_dir=seed) as store:
        assert check(store.snapshot()) == []
        assert store.head() >= confirmed[-1][0] > seeded
        for number, record_id, step in confirmed:
            revision = store.revision(number)
            assert (revision.record_id, revision.reason) == (record_id, str(step))
            assert store.get(record_id) is not None
        # The claim holds the last confirmed edit, or a later one committed before the kill.
        last_edit = max(step for _n, record_id, step in confirmed if record_id == CLAIM)
        statement = store.get(CLAIM).statement  # type: ignore[union-attr]
        edited = re.fullmatch(
            r"The bombing killed at least 36 worshippers \(edit (\d+)\)\.", statement
        )
        assert edited, statement
        assert int(edited[1]) >= last_edit
        # And the store takes edits again.
        after = "After the crash: at least 36 worshippers killed."
        store.edit(CLAIM, {"statement": after}, by=Editor("x"), reason="")
        assert store.get(CLAIM).statement == after  # type: ignore[union-attr]
