"""Exporting the queue on SQLite and PostgreSQL: files, publication, failure, never-overwrite."""

from __future__ import annotations

import os
import re
from datetime import UTC, datetime, timedelta

import pytest

from deskapp.core.story import Credit, Photo, Role, Status, Story
from deskapp.export import writer
from deskapp.export.writer import ExportWriteError
from deskapp.services.export import ExportFailed
from tests.export.export_kit import add_ready, rendered_paragraphs, split_file

HOSTILE_HEADLINES = [
    'Minister: "We will not resign" — talks go on',
    "# Breaking: not a heading",
    "---",
    "* Star-led rally & 'quotes' [brackets] {braces}",
    "&anchor *alias !tag %percent @at `tick` | pipe",
    "title: injected\nslug: ../../etc/passwd",
    "Emoji 🚀 summit 🇫🇷 ends",
    "مفاوضات السلام تستأنف في القاهرة",
    "שיחות השלום מתחדשות",
    "yes",
    "null",
    "2026-11-27",
    "  leading and trailing spaces  ",
]
HOSTILE_NAMES = [
    "O'Brien: Jr.",
    "- Dash Lead",
    "&amp Ampersand",
    "!Bang #Hash",
    "أحمد منصور",
    "Zoë [Desk] {Ed}",
    "*Star*",
]


def test_front_matter_reads_back_exactly_for_hostile_headlines_and_names(services, out):
    ids = {}
    for n, headline in enumerate(HOSTILE_HEADLINES):
        ids[
            add_ready(
                services,
                headline,
                body=f"Copy number {n}.",
                writers=(HOSTILE_NAMES[n % len(HOSTILE_NAMES)], "Ana Lima"),
                editors=("Bo Yu: Desk",),
                dateline_place="São Paulo: Centro",
                agency='Wire & Co: "X"',
            )
        ] = headline
    report = services.export.export(out)
    assert len(report.exported) == len(HOSTILE_HEADLINES)
    for exported in report.exported:
        meta, _body = split_file((out / exported.name).read_text(encoding="utf-8"))
        story = services.stories.get(exported.story_id)
        assert meta["title"] == story.headline == ids[story.id]
        assert meta["author"] == meta["authors"] == story.names("writer")
        assert meta["editors"] == ["Bo Yu: Desk"]
        assert meta["credits"] == [{"role": str(c.role), "name": c.name} for c in story.credits]
        assert meta["dateline"] == "São Paulo: Centro"
        assert meta["agency"] == 'Wire & Co: "X"'
        assert meta["id"] == story.id and meta["uid"] == story.uid
        assert meta["desk"] == "europe" and meta["tags"] == ["europe"]
        assert datetime.fromisoformat(meta["date"]).utcoffset() is not None
        assert meta["slug"] and "/" not in meta["slug"] and not meta["slug"].startswith(".")
        assert exported.name == f"{meta['date'][:10]}-{meta['slug']}.md"
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [e.name for e in report.exported] + ["index.md"]
    )


HOSTILE_BODY = """\
---
title: not front matter
---

# Not a heading

<script>alert("x")</script> and <b>bold</b> &amp; AT&T

1. Not a list
2) Nor this
* Nor this
- Nor this
+ Nor this

> Not a quote

```
not code
```

Text with *stars*, _underscores_, `ticks`, [a](http://link), ![img](x.png), ~~strike~~,
a | table | row
=====

Price is $5 or $6 ^up^ @cited \\backslash \\* done
    indented four spaces
Setext underline next
---"""


def test_body_renders_exactly_what_the_copy_says(services, out):
    add_ready(
        services,
        "Body test",
        body=HOSTILE_BODY,
        photo=Photo("Crowds [cheer] *loudly* <b>", "Wire/Jo_Doe"),
    )
    [exported] = services.export.export(out).exported
    _meta, body = split_file((out / exported.name).read_text(encoding="utf-8"))
    paragraphs, markup = rendered_paragraphs(body)
    assert markup == {"em_open"}  # only the photo line's own italics
    # stored as Markdown that renders as the copy, every line as it came (edges and all)
    assert paragraphs[:-1] == HOSTILE_BODY.split("\n\n")
    assert re.search(r"(?<!\\)<", body) is None  # every < escaped: no HTML anywhere
    assert paragraphs[-1] == "Photo: Crowds [cheer] *loudly* <b> (Wire/Jo_Doe)"


def test_export_publishes_in_queue_order_and_a_second_run_exports_nothing(services, out):
    a = add_ready(services, "First in queue")
    b = add_ready(services, "Second in queue")
    flash = add_ready(services, "Flash goes first", priority=1)
    report = services.export.export(out)
    assert [e.story_id for e in report.exported] == [flash, a, b]
    for sid in (a, b, flash):
        story = services.stories.get(sid)
        assert story.status == Status.PUBLISHED and story.exported_at is not None
        assert story.queue_position is None
        last = services.stories.history(sid)[-1]
        assert last.action == "export" and last.changes["status"] == ["queued", "published"]
        assert last.version == story.version
    assert services.queue.list_entries() == []
    again = services.export.export(out)
    assert again.exported == [] and not again.index_written


def test_all_rewrites_published_stories_to_the_same_files(services, out):
    sid = add_ready(services, "Published once")
    [first] = services.export.export(out).exported
    services.stories.edit_text(sid, headline="Published once, headline changed")
    [second] = services.export.export(out, all=True).exported
    assert second.name == first.name
    assert [p.name for p in out.glob("*.md") if p.name != "index.md"] == [first.name]
    meta, _ = split_file((out / first.name).read_text(encoding="utf-8"))
    assert meta["title"] == "Published once, headline changed"
    assert services.stories.history(sid)[-1].action == "export"


def test_not_ready_and_embargoed_stories_stay_queued(services, out):
    ready = add_ready(services, "Ready story")
    forced = add_ready(services, "No writer yet", writers=(), queue=False)
    services.queue.add(forced, force=True)
    held = add_ready(services, "Embargoed results")
    now = services.ctx.now()
    services.queue.set_embargo(held, now + timedelta(hours=2))
    report = services.export.export(out)
    assert [e.story_id for e in report.exported] == [ready]
    reasons = {s.story_id: s.reason for s in report.skipped}
    assert reasons == {forced: "not-ready", held: "embargoed"}
    missing = {s.story_id: s.missing for s in report.skipped}
    assert missing[forced] == ("an author credit (writer or reporter)",)
    assert services.stories.get(held).status == Status.QUEUED
    services.ctx.clock = lambda: now + timedelta(hours=2, seconds=1)
    assert [e.story_id for e in services.export.export(out).exported] == [held]


def test_dry_run_writes_and_changes_nothing(services, out):
    sid = add_ready(services, "Dry run story")
    report = services.export.export(out, dry_run=True)
    assert [e.story_id for e in report.exported] == [sid]
    assert not out.exists()
    assert services.stories.get(sid).status == Status.QUEUED


def test_preview_is_exactly_the_file_export_writes(services, out):
    sid = add_ready(services, "Preview me", body="One.\n\n# Two")
    preview = services.export.preview(sid, out)
    [exported] = services.export.export(out).exported
    assert (out / exported.name).read_text(encoding="utf-8") == preview


def test_every_field_of_a_full_story_reaches_the_file_as_preview_shows_it(services, out):
    # preview renders the whole stored story; export renders what it loads for the file
    sid = add_ready(
        services,
        "Full story",
        body="One.\n\nTwo *three*.",
        writers=("Ana Lima", "Bo Yu"),
        editors=("Cy Ode",),
        priority=2,
        photo=Photo("Crowds gather.", "Wire/Jo Doe"),
        dateline_place="LIMA",
        agency="Agency X",
        source_ref="wire/full.txt",
        published_at=datetime(2026, 3, 4, 5, 6, tzinfo=UTC),
    )
    preview = services.export.preview(sid, out)
    [exported] = services.export.export(out).exported
    assert (out / exported.name).read_text(encoding="utf-8") == preview
    meta, body = split_file(preview)
    story = services.stories.get(sid)
    assert (meta["priority"], meta["dateline"]) == (2, "LIMA")
    assert meta["source"] == {"format": "text", "id": story.uid}  # never a local path
    assert "wire/full.txt" not in preview
    assert meta["summary"] == "One." and meta["section"] == "Europe"
    assert "updated" not in meta and "correction" not in meta
    assert meta["date"].startswith("2026-03-04T05:06") and "Crowds gather" in body


def test_a_file_of_another_story_is_never_overwritten(services, out):
    sid = add_ready(services, "Same headline")
    story = services.stories.get(sid)
    day = story.ingested_at.strftime("%Y-%m-%d")
    out.mkdir()
    theirs = out / f"{day}-same-headline.md"
    theirs.write_text("---\ntitle: Same headline\nid: 99999\nuid: other\n---\n\nTheirs.\n")
    handwritten = out / f"{day}-same-headline-2.md"
    handwritten.write_text("Someone's own notes, no front matter.\n")
    [exported] = services.export.export(out).exported
    assert exported.name == f"{day}-same-headline-3.md"
    assert theirs.read_text().endswith("Theirs.\n")
    assert handwritten.read_text() == "Someone's own notes, no front matter.\n"


def test_an_index_md_not_written_by_deskapp_is_left_alone(services, out):
    add_ready(services, "Some story")
    out.mkdir()
    (out / "index.md").write_text("# My site\n")
    report = services.export.export(out)
    assert report.index_refused and (out / "index.md").read_text() == "# My site\n"


def test_index_lists_stories_by_desk_in_queue_order_with_links(services, out):
    e1 = add_ready(services, "Europe one")
    add_ready(services, "Africa one", desk="africa")
    e2 = add_ready(services, "Europe two")
    services.queue.move(e2, to=1)
    report = services.export.export(out)
    names = {e.story_id: e.name for e in report.exported}
    index = (out / "index.md").read_text(encoding="utf-8")
    assert index.index("## Europe") < index.index("## Africa")
    assert index.index(f"[Europe two]({names[e2]})") < index.index(f"[Europe one]({names[e1]})")
    later = add_ready(services, "Europe three")
    services.export.export(out)
    index = (out / "index.md").read_text(encoding="utf-8")
    assert "Europe three" in index and "Europe one" in index  # earlier runs stay listed
    assert later


def test_failure_half_way_leaves_whole_files_two_published_and_the_rest_queued(
    services, out, monkeypatch
):
    ids = [add_ready(services, f"Story number {n}", body=f"Body {n}. " * 200) for n in range(5)]
    real_write = writer.write_file
    calls = []

    def failing_write(folder, name, data, *, new):
        calls.append(name)
        if len(calls) == 3:
            raise ExportWriteError(f"cannot write {folder / name}: No space left on device")
        return real_write(folder, name, data, new=new)

    monkeypatch.setattr(writer, "write_file", failing_write)
    with pytest.raises(ExportFailed, match="No space left") as info:
        services.export.export(out)
    assert "2 stories exported" in str(info.value)
    statuses = [services.stories.get(sid).status for sid in ids]
    assert statuses == [Status.PUBLISHED] * 2 + [Status.QUEUED] * 3
    files = sorted(p.name for p in out.iterdir())
    assert files == sorted([*calls[:2], "index.md"])  # no temporary files left
    for n, name in enumerate(calls[:2]):
        _meta, body = split_file((out / name).read_text(encoding="utf-8"))
        assert body.strip() == (f"Body {n}. " * 200).strip()
    monkeypatch.setattr(writer, "write_file", real_write)
    rest = services.export.export(out)
    assert [e.story_id for e in rest.exported] == ids[2:]


def test_a_crash_before_marking_leaves_a_file_the_next_run_rewrites(services, out, monkeypatch):
    import deskapp.services.export as export_module

    sid = add_ready(services, "Crash story")

    def crash(*_a, **_k):
        raise RuntimeError("power cut")

    with monkeypatch.context() as power_cut:
        power_cut.setattr(export_module, "mark_published", crash)
        with pytest.raises(RuntimeError):
            services.export.export(out)
    assert services.stories.get(sid).status == Status.QUEUED
    [written] = [p.name for p in out.glob("*.md")]
    [exported] = services.export.export(out).exported
    assert exported.name == written
    assert [p.name for p in out.glob("*.md") if p.name != "index.md"] == [written]


def test_a_story_changed_while_exporting_stays_queued(services, out, monkeypatch):
    import deskapp.services.export as export_module

    sid = add_ready(services, "Changing story")
    real = export_module.mark_published

    def edit_first(session, ctx, stories, now, allowed):
        services.stories.edit_text(sid, body="Edited meanwhile.")
        return real(session, ctx, stories, now, allowed)

    monkeypatch.setattr(export_module, "mark_published", edit_first)
    report = services.export.export(out)
    # the file is written and said so; the story stays queued for the next run
    assert [(e.story_id, e.published) for e in report.exported] == [(sid, False)]
    assert (out / report.exported[0].name).is_file()
    assert services.stories.get(sid).status == Status.QUEUED


def test_written_files_never_leave_the_folder(services, out):
    add_ready(services, "../../../etc/passwd")
    add_ready(services, ".hidden")
    add_ready(services, "CON")
    add_ready(services, "a/b\\c")
    report = services.export.export(out)
    for e in report.exported:
        path = (out / e.name).resolve()
        assert path.parent == out.resolve() and not e.name.startswith(".")
    assert len(list(out.iterdir())) == 5
    assert not any(n.startswith(".") for n in os.listdir(out))


def test_export_dir_defaults_to_the_config(services, tmp_path):
    services.ctx.settings.export_dir = str(tmp_path / "configured")
    add_ready(services, "Configured folder")
    report = services.export.export()
    assert report.out_dir == str(tmp_path / "configured")
    assert (tmp_path / "configured" / "index.md").is_file()


def test_date_is_the_wire_time_with_offset(services, out):
    add_ready(services, "Dated story", published_at=datetime(2026, 11, 20, 14, 5, tzinfo=UTC))
    [e] = services.export.export(out).exported
    meta, _ = split_file((out / e.name).read_text(encoding="utf-8"))
    assert meta["date"] == "2026-11-20T14:05:00+00:00"
    assert e.name.startswith("2026-11-20-dated-story")


def test_the_byline_names_writers_then_reporters_as_readiness_counts_authors(services, out):
    only_reporting = Story(
        headline="Port reopens after storm",
        body="Ships sailed.",
        agency="Wire",
        credits=[Credit(Role.REPORTER, "Kofi Mensah"), Credit(Role.EDITOR, "Bo Yu")],
    )
    both = Story(
        headline="Vote count resumes",
        body="Counting went on.",
        agency="Wire",
        credits=[
            Credit(Role.REPORTER, "Kofi Mensah"),
            Credit(Role.WRITER, "Ana Lima"),
            Credit(Role.REPORTER, "Ana Lima"),
        ],
    )
    stored = services.ingest.store([("t:1", only_reporting), ("t:2", both)], desk="europe")
    for result in stored:
        services.queue.add(result.id)  # a reporter is an author: ready without a writer
    report = services.export.export(out)
    bylines = {
        e.story_id: split_file((out / e.name).read_text(encoding="utf-8"))[0]["authors"]
        for e in report.exported
    }
    assert bylines == {stored[0].id: ["Kofi Mensah"], stored[1].id: ["Ana Lima", "Kofi Mensah"]}
