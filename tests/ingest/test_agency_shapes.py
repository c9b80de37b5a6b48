"""Shapes of agency copy that are easy to read wrong, each in the format that carries it."""

from __future__ import annotations

import json

from deskapp.core.story import Role
from deskapp.ingest.detect import parse_source


def _one(data: bytes | str, ref: str = "x.txt"):  # type: ignore[no-untyped-def]
    [story] = parse_source(data.encode() if isinstance(data, str) else data, ref)
    return story


def test_a_section_named_news_is_a_section_not_an_outlet_byline() -> None:
    story = _one("Fictional headline\n\nWorld News\n\nSTT\n\nLONDON (Reuters) - It rained.\n")
    assert story.section == "World News" and story.credits == []
    assert story.dateline_place == "London"


def test_a_kill_flag_line_above_the_headline_kills_the_story() -> None:
    story = _one("KILL\nFictional bridge reopens\n\nBATON ROUGE, La. (AP) - Do not use.\n")
    assert story.headline == "Fictional bridge reopens" and story.killed
    assert not story.corrected and not story.withdrawn


def test_refile_keeps_its_reason_and_corrected_flags_a_correction() -> None:
    refile = _one(
        "REFILE (ADDS DROPPED WORD)-Fictional port reopens\n\nOSLO (Reuters) - The port reopened.\n"
    )
    assert refile.headline == "Fictional port reopens" and not refile.corrected
    assert refile.wire_notes == ["Refile: Adds dropped word"]
    corrected = _one("CORRECTED-Fictional port reopens\n\nOSLO (Reuters) - The port reopened.\n")
    assert corrected.headline == "Fictional port reopens" and corrected.corrected


def test_a_corrects_advisory_flags_a_correction() -> None:
    story = _one(
        "Fictional port reopens\n\n(Corrects date in paragraph 1)\n\n"
        "OSLO (Reuters) - The port reopened.\n"
    )
    assert story.corrected and story.wire_notes == ["Corrects date in paragraph 1"]


def test_ninjs_withheld_is_withdrawn_not_killed() -> None:
    obj = {
        "uri": "u:1",
        "type": "text",
        "headline": "H",
        "pubstatus": "withheld",
        "body_text": "OSLO (NTB): Text.",
    }
    story = _one(json.dumps(obj), "a.json")
    assert story.withdrawn and not story.killed and story.dateline_place == "Oslo"


def test_g2_corrected_headline_and_eds_kill_paragraph() -> None:
    xml = """<newsItem guid="g:1" version="1"><itemMeta><itemClass qcode="ninat:text"/>
    <pubStatus qcode="stat:usable"/></itemMeta><contentMeta>
    <headline>CORRECTED-Fictional mill closes</headline></contentMeta><contentSet>
    <inlineData>Eds: Kill this story. It was sent in error.

    LODZ, Poland (Reuters) - A fictional mill closed.</inlineData></contentSet></newsItem>"""
    story = _one(xml, "a.xml")
    assert story.headline == "Fictional mill closes" and story.corrected and story.killed
    assert story.dateline_place == "Lodz, Poland" and story.suggested_desk == "europe"
    assert story.body == "A fictional mill closed."


def test_nitf_byttl_and_hl2_stay_out_of_credits_and_body() -> None:
    xml = """<nitf><body><body.head><hedline><hl1>H</hl1><hl2>Sub</hl2></hedline>
    <byline>By ANA RUIZ and JEAN D'ARCY<byttl>AP Writers</byttl></byline></body.head>
    <body.content><p>Sub</p><p>PEORIA, Ill. (AP) - Text.</p></body.content></body></nitf>"""
    story = _one(xml, "a.xml")
    assert story.names(Role.WRITER) == ["Ana Ruiz", "Jean d'Arcy"]
    assert story.subheadline == "Sub" and story.body == "Text."
    assert story.dateline_place == "Peoria, Ill." and story.suggested_desk == "americas"


def test_g2_with_nitf_body_reads_flags_from_the_items_own_headline_and_notes() -> None:
    xml = """<newsItem guid="g:2" version="3"><itemMeta><itemClass qcode="ninat:text"/>
    <pubStatus qcode="stat:usable"/><edNote>KILL - story withdrawn for legal reasons</edNote>
    </itemMeta><contentMeta><headline>CORRECTED-Fictional dam opens</headline></contentMeta>
    <contentSet><inlineXML><nitf><body><body.content>
    <p>AMMAN (Reuters) - A fictional dam opened.</p></body.content></body></nitf>
    </inlineXML></contentSet></newsItem>"""
    story = _one(xml, "a.xml")
    assert story.headline == "Fictional dam opens" and story.corrected and story.killed
    assert story.dateline_place == "Amman" and story.suggested_desk == "middle-east"


def test_a_slash_dateline_keeps_both_places_and_the_first_decides_the_desk() -> None:
    story = _one("Fictional talks resume\n\nCAIRO/JERUSALEM (Reuters) - Talks resumed.\n")
    assert story.dateline_place == "Cairo/Jerusalem" and story.suggested_desk == "middle-east"
    assert story.body == "Talks resumed."


def test_dpa_signoffs_may_hold_digits() -> None:
    story = _one("Fiktive Meldung\n\nBerlin (dpa) - Ein Text.\n\ndpa xx yy n1 ab\n")
    assert story.signoff == "dpa xx yy n1 ab" and story.body == "Ein Text."


def test_ninjs_by_as_text_and_bylines_objects() -> None:
    obj = {
        "uri": "u:3",
        "type": "text",
        "headline": "H",
        "by": "Ana Ruiz and Jean d'Arcy, AFP",
        "people": [{"name": "Mentioned Person"}, {"name": "Tom Hale", "rel": "editor"}],
        "body_text": "PARIS (AFP) - Text.",
    }
    story = _one(json.dumps(obj), "a.json")
    assert story.names(Role.WRITER) == ["Ana Ruiz", "Jean d'Arcy"]
    assert story.names(Role.EDITOR) == ["Tom Hale"]
    obj = {
        "uri": "u:4",
        "type": "text",
        "headline": "H",
        "body_text": "Text.",
        "bylines": [{"byline": "By Kate Moss, AAP", "role": "author"}],
    }
    assert _one(json.dumps(obj), "b.json").names(Role.WRITER) == ["Kate Moss"]


def test_iptc7901_block_with_every_role_on_one_line() -> None:
    data = (
        "\x01dpa0231 2 pl 187 dpa 0456\r\n\x02Fictional headline here =\r\n\r\n"
        "   Berlin (dpa) - Text here.\r\n\r\n* * * not for publication * * *\r\n"
        "- Reporting by: Ana Ruiz, Jean d'Arcy; Editing by: Tom Hale\r\n\r\ndpa ab\r\n\x03"
    )
    story = _one(data.encode())
    assert story.names(Role.REPORTER) == ["Ana Ruiz", "Jean d'Arcy"]
    assert story.names(Role.EDITOR) == ["Tom Hale"] and story.body == "Text here."


def test_a_scraped_date_line_with_a_gmt_offset_keeps_its_time_of_day() -> None:
    story = _one(
        "Fictional headline\n\nNovember 27, 2026 5:12 PM GMT+1\n\nOSLO (Reuters) - Text.\n"
    )
    assert story.published_at is not None
    assert story.published_at.isoformat() == "2026-11-27T16:12:00+00:00"


def test_a_name_over_aap_gives_the_agency_and_a_closing_aap_is_the_sign_off() -> None:
    story = _one(
        "Fictional drought declared\n\nHamish Rennick\n(AAP)\n\n"
        "Farmers will get emergency loans.\n\nThe declaration covers three districts.\n\nAAP\n"
    )
    assert story.agency == "AAP" and story.signoff == "AAP"
    assert [(c.role, c.name) for c in story.credits] == [(Role.WRITER, "Hamish Rennick")]
    assert story.body.endswith("three districts.")


def test_a_byline_title_that_names_the_agency_gives_the_agency() -> None:
    for byline, agency in (
        ("By Harriet Oller, PA Arts Correspondent", "PA"),
        ("By Tom Reed, Press Association Political Correspondent", "PA"),
        ("By ANA RUIZ, AP Business Writer", "AP"),
    ):
        story = _one(f"Fictional mill reopens\n\n{byline}\n\nA mill reopened on Friday.\n")
        assert story.agency == agency, byline
        assert [c.role for c in story.credits] == [Role.WRITER], byline
    story = _one("Fictional mill reopens\n\nBy Harriet Oller, Arts Editor\n\nA mill reopened.\n")
    assert story.agency == "" and story.credits[0].name == "Harriet Oller"


def test_a_credit_line_in_a_ninjs_byline_gives_each_role() -> None:
    ninjs = {
        "uri": "urn:fictional:1",
        "headline": "Fictional port reopens",
        "body_text": "The port reopened on Friday.",
        "byline": "Reporting by Tobias Kranich; Editing by Ana Ruiz",
    }
    story = _one(json.dumps(ninjs), "x.json")
    assert [(c.role, c.name) for c in story.credits] == [
        (Role.REPORTER, "Tobias Kranich"),
        (Role.EDITOR, "Ana Ruiz"),
    ]
    ninjs["byline"] = "By Ana Ruiz and Jean d'Arcy"
    story = _one(json.dumps(ninjs), "x.json")
    assert [(c.role, c.name) for c in story.credits] == [
        (Role.WRITER, "Ana Ruiz"),
        (Role.WRITER, "Jean d'Arcy"),
    ]


def test_a_dateline_date_with_no_year_takes_the_year_the_story_arrives(services, tmp_path):
    from datetime import date

    from deskapp.core.dateline import resolve_dateline_date

    path = tmp_path / "port.txt"
    path.write_text("Fictional port reopens\n\nOSLO, Nov 24 (Reuters) - The port reopened.\n")
    [result] = services.ingest.ingest([str(path)])
    story = services.stories.get(result.id)
    today = services.ctx.now().date()
    assert story.dateline_date == resolve_dateline_date("Nov 24", today)
    assert story.dateline_date is not None and (story.dateline_date - today).days in range(
        -183, 184
    )
    assert date(story.dateline_date.year, 11, 24) == story.dateline_date
