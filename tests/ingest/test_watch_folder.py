"""Watch folders: settled files are ingested, then moved aside; nothing is lost."""

from __future__ import annotations

from deskapp.core.listing import StoryFilter
from deskapp.services.watch import FolderWatch


def _drop(tmp_path):  # type: ignore[no-untyped-def]
    folder = tmp_path / "drop"  # apart from tmp_path, where the SQLite file lives
    folder.mkdir()
    return folder


def test_good_files_go_to_processed_and_bad_ones_to_error_with_a_reason(
    services, tmp_path, wire_file
):
    tmp_path = _drop(tmp_path)
    (tmp_path / "ferry.xml").write_bytes(wire_file("nitf-harbour.xml"))
    (tmp_path / "comet.txt").write_bytes(wire_file("iptc7901-comet.txt"))
    (tmp_path / "broken.xml").write_bytes(b"<nitf>\n<body>\n</nitf>")
    (tmp_path / "still-coming.part").write_bytes(b"half a story")
    outcomes = FolderWatch(services.ingest, tmp_path, settle_seconds=0).round()
    assert {o.path.name: o.ok for o in outcomes} == {
        "broken.xml": False,
        "comet.txt": True,
        "ferry.xml": True,
    }
    assert sorted(p.name for p in (tmp_path / "_processed").iterdir()) == ["comet.txt", "ferry.xml"]
    reason = (tmp_path / "_error" / "broken.xml.reason").read_text()
    assert "malformed XML at line 3" in reason
    assert (tmp_path / "_error" / "broken.xml").exists()
    assert (tmp_path / "still-coming.part").exists()  # partial downloads are left alone
    assert services.stories.count(StoryFilter()) == 2


def test_a_file_that_is_still_growing_waits_for_the_next_round(
    services, tmp_path, monkeypatch, wire_file
):
    tmp_path = _drop(tmp_path)
    target = tmp_path / "ferry.xml"
    target.write_bytes(wire_file("nitf-harbour.xml")[:200])
    watch = FolderWatch(services.ingest, tmp_path, settle_seconds=0.01)

    def grow(seconds: float) -> None:
        with target.open("ab") as fh:
            fh.write(b" ")

    monkeypatch.setattr("deskapp.services.watch.time.sleep", grow)
    assert watch.round() == []
    assert target.exists() and services.stories.count(StoryFilter()) == 0


def test_a_store_failure_leaves_the_file_in_place(services, tmp_path, monkeypatch, wire_file):
    tmp_path = _drop(tmp_path)
    (tmp_path / "ferry.xml").write_bytes(wire_file("nitf-harbour.xml"))

    def down(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("database is locked")

    monkeypatch.setattr(services.ingest, "store", down)
    [outcome] = FolderWatch(services.ingest, tmp_path, settle_seconds=0).round()
    assert outcome.moved_to is None and "will retry" in outcome.reason
    assert (tmp_path / "ferry.xml").exists()
    assert not (tmp_path / "_processed").exists()


def test_same_name_twice_does_not_overwrite(services, tmp_path, wire_file):
    tmp_path = _drop(tmp_path)
    watch = FolderWatch(services.ingest, tmp_path, settle_seconds=0)
    (tmp_path / "story.xml").write_bytes(wire_file("nitf-harbour.xml"))
    watch.round()
    (tmp_path / "story.xml").write_bytes(wire_file("ninjs-bridge.json"))
    watch.round()
    assert sorted(p.name for p in (tmp_path / "_processed").iterdir()) == [
        "story-1.xml",
        "story.xml",
    ]
