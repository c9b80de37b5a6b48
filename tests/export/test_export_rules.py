"""What export promises an editor: hand edits kept, killed stories taken down, one
export at a time, and front matter a reader may see (on SQLite and PostgreSQL)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from deskapp.cli import main
from deskapp.core.story import Credit, Role, Status, Story
from deskapp.export.batch_writer import PARALLEL_FROM
from deskapp.services.errors import InvalidInput
from deskapp.services.export_lock import ExportBusy, ExportLock
from tests.export.export_kit import add_ready, split_file

REPO = Path(__file__).resolve().parents[2]


def test_a_file_changed_by_hand_is_kept_and_reported_until_overwrite(services, out):
    sid = add_ready(services, "Hand edited story")
    [first] = services.export.export(out).exported
    path = out / first.name
    path.write_text(path.read_text(encoding="utf-8") + "\nAn editor's own line.\n")
    report = services.export.export(out, all=True)
    assert report.exported == []
    [kept] = report.kept_by_hand
    assert (kept.story_id, kept.file) == (sid, first.name)
    assert path.read_text(encoding="utf-8").endswith("An editor's own line.\n")
    again = services.export.export(out, all=True, overwrite=True)
    assert [e.story_id for e in again.exported] == [sid]
    assert "An editor's own line." not in path.read_text(encoding="utf-8")
    meta, _ = split_file(path.read_text(encoding="utf-8"))
    assert "updated" in meta  # a re-export says when


def test_cli_exit_1_for_a_hand_edit_and_the_message_names_the_file(
    sqlite_url, tmp_path, capsys, monkeypatch
):
    from deskapp.config import Settings
    from deskapp.services import open_services

    services = open_services(sqlite_url, editor="tester", settings=Settings())
    try:
        add_ready(services, "Edited by hand")
    finally:
        services.close()
    out = tmp_path / "site"
    assert main(["--db", sqlite_url, "export", "--out", str(out)]) == 0
    [name] = [p.name for p in out.glob("2*.md")]
    (out / name).write_text("changed\n")
    capsys.readouterr()
    assert main(["--db", sqlite_url, "export", "--all", "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert f"{name} changed by hand since export: kept; use --overwrite" in err
    assert main(["--db", sqlite_url, "export", "--all", "--overwrite", "--out", str(out)]) == 0


def kill(services, sid: int) -> None:  # type: ignore[no-untyped-def]
    """The wire kills the story: a newer version flagged killed, as ingest stores it."""
    story = services.stories.get(sid)
    services.ingest.store(
        [
            (
                "kill",
                Story(
                    headline=story.headline, body="KILL", uid=story.uid, wire_version=2, killed=True
                ),
            )
        ]
    )
    assert services.stories.get(sid).killed


def test_a_story_killed_after_export_is_listed_to_take_down_then_taken_down(services, out):
    keep = add_ready(services, "A story that stays", uid="urn:keep")
    gone = add_ready(services, "A story the wire kills", uid="urn:kill", wire_version=1)
    report = services.export.export(out)
    files = {e.story_id: e.name for e in report.exported}
    kill(services, gone)
    listed = services.export.export(out)
    assert [(t.story_id, t.path, t.done) for t in listed.take_down] == [
        (gone, str(out.absolute() / files[gone]), False)
    ]
    assert (out / files[gone]).is_file()
    done = services.export.export(out, take_down=True)
    assert [(t.story_id, t.done) for t in done.take_down] == [(gone, True)]
    assert not (out / files[gone]).exists() and (out / files[keep]).is_file()
    index = (out / "index.md").read_text(encoding="utf-8")
    assert "A story that stays" in index and "kills" not in index
    assert services.stories.get(gone).status != Status.PUBLISHED
    assert services.stories.history(gone)[-1].action == "take-down"
    assert services.export.export(out).take_down == []  # handled once


def test_unpublish_removes_the_file_updates_the_index_and_records_it(services, out):
    sid = add_ready(services, "Unpublish me")
    other = add_ready(services, "Stay published")
    report = services.export.export(out, target="hugo")
    name = {e.story_id: e.name for e in report.exported}[sid]
    removed = services.export.unpublish(sid)
    assert removed == [str(out.absolute() / name)]
    assert not (out / name).exists()
    index = (out / "_index.md").read_text(encoding="utf-8")
    assert "Unpublish me" not in index and "Stay published" in index
    story = services.stories.get(sid)
    assert story.status == Status.EDITING and story.exported_at is None
    assert services.stories.history(sid)[-1].action == "unpublish"
    assert services.stories.get(other).status == Status.PUBLISHED
    assert services.export.export(out, all=True).exported[0].story_id == other


def test_unpublish_cli_exit_4_for_a_story_never_exported(sqlite_url, capsys):
    assert main(["--db", sqlite_url, "unpublish", "999"]) == 4
    assert "no story 999" in capsys.readouterr().err


def test_a_second_export_says_who_is_exporting_or_waits(services, out):
    holder = ExportLock(services.export.ctx)
    holder.acquire()
    try:
        add_ready(services, "Waiting story")
        with pytest.raises(
            ExportBusy,
            match=r"an export is running \(started by "
            r".* at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC\)",
        ):
            services.export.export(out)
        released = threading.Timer(0.5, holder.release)
        released.start()
        report = services.export.export(out, wait=True)
        released.join()
        assert len(report.exported) == 1
    finally:
        holder.release()


RACER = textwrap.dedent("""
    import json, sys
    from deskapp.cli import main
    sys.exit(main(["--db", sys.argv[1], "--as", sys.argv[2], "export", "--json",
                   "--out", sys.argv[3]] + sys.argv[4:]))
""")


@pytest.mark.parametrize("same_folder", [True, False])
def test_two_exports_racing_never_lie(db_url, tmp_path, same_folder):
    """Two export processes at once: one writes everything and says so; the other says an
    export is running (exit 1) or, with --wait, finds nothing new. No traceback."""
    from deskapp.config import Settings
    from deskapp.services import open_services

    services = open_services(db_url, editor="tester", settings=Settings())
    try:  # enough stories for the worker processes (batch_writer.PARALLEL_FROM)
        stored = services.ingest.store(
            [
                (
                    f"race:{n}",
                    Story(
                        headline=f"Race story {n}",
                        body="Copy.",
                        agency="Wire",
                        credits=[Credit(Role.WRITER, "Ana Lima")],
                    ),
                )
                for n in range(PARALLEL_FROM + 100)
            ],
            desk="europe",
        )
        ids = [r.id for r in stored]
        services.queue.add_many(ids)
    finally:
        services.close()
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                RACER,
                db_url,
                who,
                str(tmp_path / ("site" if same_folder else f"site-{who}")),
                *extra,
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for who, extra in (("first", []), ("second", ["--wait"] if same_folder else []))
    ]
    outputs = [p.communicate(timeout=300) for p in procs]  # (never wait() on a full pipe)
    results = [(p.returncode, out, err) for p, (out, err) in zip(procs, outputs, strict=True)]
    for _code, _out, err in results:
        assert "Traceback" not in err and "Exception ignored" not in err
    written = []
    for code, out, err in results:
        if code == 0:
            report = json.loads(out)
            written += [e["id"] for e in report["exported"]]
        else:
            assert code == 1 and "an export is running (started by" in err
    assert sorted(written) == sorted(ids)  # every story written once, and reported


def test_an_edited_body_is_refused_with_the_line_of_what_would_not_publish(services):
    sid = add_ready(services, "Edited body")
    with pytest.raises(InvalidInput, match=r"line 3: raw HTML is not allowed"):
        services.stories.edit_text(sid, body="Fine.\n\n<script>alert(1)</script>")
    with pytest.raises(InvalidInput, match=r"line 1: unsafe link 'javascript:alert\(1\)'"):
        services.stories.edit_text(sid, body="[x](javascript:alert(1))")
    with pytest.raises(InvalidInput, match=r"line 2: .* site template"):
        services.stories.edit_text(sid, body="One\n{{ site.secret }}")
    assert services.stories.get(sid).body == "A paragraph of copy."  # nothing applied
    story = services.stories.edit_text(sid, body="**Kremlin** said [no](https://x.org).")
    assert story.body == "**Kremlin** said [no](https://x.org)."


def test_wire_copy_is_stored_escaped_and_exported_as_the_editor_wrote_it(services, out):
    sid = add_ready(services, "Markdown body", body="**Kremlin** <b>said</b>")
    assert services.stories.get(sid).body == r"\*\*Kremlin\*\* \<b>said\</b>"
    services.stories.edit_text(sid, body="**Kremlin** said")
    [e] = services.export.export(out).exported
    _meta, body = split_file((out / e.name).read_text(encoding="utf-8"))
    assert body.strip() == "**Kremlin** said"  # not \*\*Kremlin\*\*


def test_front_matter_summary_section_and_correction(services, out):
    add_ready(
        services,
        "CORRECTED: Port reopens",
        body="The port reopened. Ships moved.",
        slugline="CORRECTION-PORT",
    )
    add_ready(
        services,
        "Port reopens",
        body="No. Abstract wins.",
        abstract="The abstract.",
        section="Business",
    )
    report = services.export.export(out)
    metas = [split_file((out / e.name).read_text(encoding="utf-8"))[0] for e in report.exported]
    assert [m.get("correction") for m in metas] == [True, None]
    assert [m["summary"] for m in metas] == ["The port reopened.", "The abstract."]
    assert [m["section"] for m in metas] == ["Europe", "Business"]
