"""Several OS processes editing one story at once: exactly one wins per version."""

from __future__ import annotations

import multiprocessing
import subprocess
import sys

from desk_processes import REPO, race_text_edit

RACERS = 4
ROUNDS = 3


def test_racing_processes_one_winner_per_version_nothing_half_applied(services, new_story):
    sid = new_story()
    url = services.db.url
    mp = multiprocessing.get_context("spawn")
    for version in range(1, ROUNDS + 1):
        barrier = mp.Barrier(RACERS)
        results = mp.Queue()
        editors = [f"ed{n}" for n in range(RACERS)]
        procs = [
            mp.Process(target=race_text_edit, args=(url, e, sid, version, barrier, results))
            for e in editors
        ]
        for p in procs:
            p.start()
        outcome = [results.get(timeout=120) for _ in procs]
        for p in procs:
            p.join(timeout=60)
        assert all(o[1] in ("won", "conflict") for o in outcome), outcome
        winners = [o for o in outcome if o[1] == "won"]
        assert len(winners) == 1, outcome
        assert all(o[2] == version + 1 for o in outcome)  # losers saw the winner's version
        winner = winners[0][0]
        story = services.stories.get(sid)
        assert story.version == version + 1
        # headline and body come from the same (winning) transaction
        assert story.headline == f"Headline by {winner} at v{version}"
        assert story.body.startswith(f"Body by {winner} at v{version}.")
        assert story.body.endswith(f"Second paragraph by {winner}.")
    history = services.stories.history(sid)
    assert [e.version for e in history] == list(range(1, ROUNDS + 2))  # no gap, no double
    assert all(set(e.changes) >= {"headline", "body"} for e in history[1:])


def test_racing_cli_commands_exit_3_except_one(services, new_story):
    sid = new_story()
    url = services.db.url
    desks = ["europe", "africa", "americas", "asia-pacific"]
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "deskapp",
                "--db",
                url,
                "--as",
                f"ed{n}",
                "desk",
                str(sid),
                desk,
                "--expect-version",
                "1",
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=REPO,
        )
        for n, desk in enumerate(desks)
    ]
    outcome = [(p.wait(60), *p.communicate()) for p in procs]
    codes = sorted(code for code, _out, _err in outcome)
    assert codes == [0, 3, 3, 3], outcome
    [(_, out, _)] = [o for o in outcome if o[0] == 0]
    story = services.stories.get(sid)
    assert story.version == 2 and out.strip() == f"story {sid}: desk {story.desk} (version 2)"
    for code, _out, err in outcome:
        if code == 3:
            assert err.strip() == (
                f"deskapp: story {sid} changed since version 1: now version 2,"
                f" changed by {story_editor(services, sid)} (desk, status);"
                " nothing applied"
            )
    assert [e.action for e in services.stories.history(sid)] == ["ingest", "desk"]


def story_editor(services, sid: int) -> str:  # type: ignore[no-untyped-def]
    return services.stories.history(sid)[-1].editor
