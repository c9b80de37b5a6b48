"""The words of a wire alert, and reading one back from its follow-up's text."""

from __future__ import annotations

import pytest

from deskapp.core.wire_alert import WireAlert, alert_text, alert_words, parse_alert

CASES = [(w, p) for w in ("killed", "withheld", "corrected") for p in ("queued", "exported")]


@pytest.mark.parametrize(("what", "where"), CASES)
def test_every_alert_reads_back_as_what_and_where(what, where):
    text = alert_text(what, where, 4)
    assert "(version 4)" in text
    assert parse_alert(7, "Headline", text) == WireAlert(7, "Headline", what, where, text)


def test_only_a_kill_or_hold_of_exported_copy_is_severe_and_other_text_is_no_alert():
    severe = {(w, p) for w, p in CASES if WireAlert(1, "", w, p, "").severe}
    assert severe == {("killed", "exported"), ("withheld", "exported")}
    assert parse_alert(1, "", "call the ministry back") is None


def test_the_notice_keeps_wire_text_on_one_line_and_the_summary_counts():
    alert = WireAlert(12, "Ferry\x1b[31m [bold]strike[/bold]\nends", "killed", "queued", "X")
    assert alert.notice() == "Story 12 “Ferry␛[31m [bold]strike[/bold] ends”: X"
    assert alert_words(1, "corrected", "queued") == "1 correction of a queued story"
    assert alert_words(2, "killed", "exported") == "2 kills of exported stories"
