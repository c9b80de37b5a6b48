"""On the command line: a correction held for the editor's choice is named when the story
is queued and at every export, until the choice is made."""

from __future__ import annotations

from deskapp.config import Settings
from deskapp.services import open_services
from tests.export.test_wire_alert_cli import item, published, run, take_in


def test_queue_and_export_name_the_correction_waiting(db_url, tmp_path, capsys):
    site = tmp_path / "site"
    sid = published(db_url, tmp_path, "held", site, capsys)
    services = open_services(db_url, editor="ana", settings=Settings())
    try:  # the editor fixes a word after export
        services.stories.edit_text(sid, headline="Museum reopens its north wing to crowds")
    finally:
        services.close()
    record = take_in(db_url, item(tmp_path, "held", 2, fix=True), capsys)
    waiting = f"wire CORRECTION waiting: deskapp versions {sid} --take / --keep"
    assert waiting in record["alert"]
    capsys.readouterr()
    assert run(db_url, "queue", str(sid)) == 0
    assert f"story {sid}: {waiting}" in capsys.readouterr().err
    assert run(db_url, "export", "--out", str(site)) == 0
    err = capsys.readouterr().err
    assert f"not corrected yet: {site}" in err and waiting in err
    assert run(db_url, "versions", str(sid), "--take") == 0
    assert run(db_url, "queue", str(sid)) == 0
    capsys.readouterr()
    assert run(db_url, "export", "--out", str(site)) == 0
    err = capsys.readouterr().err
    assert "not corrected yet" not in err and "corrected since export" not in err
