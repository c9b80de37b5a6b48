"""Suggested follow-ups: a test per rule, what each catches and what it refuses.

Every story here is fictional. The first is shaped like the scraped reference
story: a dated visit, a month-only trip, an unclear date, and background.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from deskapp.core.followup_rules import RULES, sentences, story_day, suggest
from deskapp.core.story import Story

SAMPLES = Path(__file__).resolve().parents[2] / "samples"

REFERENCE_SHAPED = Story(
    headline="Chilean fisheries delegation to visit Lima, Peruvian lawmaker says",
    agency="Reuters",
    published_at=datetime(2025, 3, 31, 8, 0, tzinfo=UTC),
    body=(
        "A Chilean fisheries delegation will visit the lower house of Peru's congress on "
        "Apr 9, state news agency Andina quoted a deputy from the opposition Green Party as "
        "saying on Monday.\n\n"
        "Green lawmaker Rosa Quispe also said that a Peruvian congressional delegation planned "
        "to travel to Bolivia in May.\n\n"
        "Peru has stepped up ties with its neighbours since the start of the anchovy dispute - "
        "ties that are a source of concern to trawler owners.\n\n"
        "Peruvian President Tomas Arce last year accepted an invitation to visit La Paz, though "
        "the date of the trip is still unclear. His office said last month that a visit would "
        "take place in the foreseeable future.\n\n"
        "Fishing unions have accused the fleet of ignoring quotas. Both governments have denied "
        "the accusations, but vowed last year to deepen cooperation."
    ),
)


def story(body: str, published: date | None = date(2025, 3, 31), **kw) -> Story:
    at = (
        datetime(published.year, published.month, published.day, 9, 0, tzinfo=UTC)
        if published
        else None
    )
    return Story(headline=kw.pop("headline", "Fictional story"), body=body, published_at=at, **kw)


def texts(found) -> list[tuple[str, str, date | None]]:
    return [(s.rule, s.text, s.due) for s in found]


# -- the done-when story -------------------------------------------------------------------


def test_reference_shaped_story_yields_the_visit_and_the_unclear_date_and_nothing_else():
    found = suggest(REFERENCE_SHAPED)
    assert texts(found) == [
        (
            "dated-event",
            "Chilean fisheries delegation visit to the lower house of Peru's congress",
            date(2025, 4, 9),
        ),
        (
            "date-unclear",
            "Date of the trip unclear: Peruvian President Tomas Arce last year "
            "accepted an invitation to visit La Paz",
            None,
        ),
    ]
    assert not any(s.tentative for s in found)


def test_the_month_only_trip_is_a_tentative_suggestion_shown_on_request():
    found = suggest(REFERENCE_SHAPED, tentative=True)
    assert (
        "month-plan",
        "Peruvian congressional delegation trip to Bolivia",
        date(2025, 5, 1),
    ) in texts(found)
    [plan] = [s for s in found if s.rule == "month-plan"]
    assert plan.tentative and "in May" in plan.evidence
    assert len(found) == 3


@pytest.mark.parametrize(
    ("name", "visit", "visit_day", "unclear"),
    [
        (
            "followup-seoul-future-date.txt",
            "Delegation visit to Hanoi",
            date(2024, 2, 20),
            "Date of the return trip unclear: a Vietnamese delegation planned to travel to Seoul "
            "in April",
        ),
        (
            "reuters-helsinki-reference-shape.txt",
            "Finnish trade mission to tour the capital's port authority",
            date(2024, 3, 19),
            "Timetable for a second round of talks unclear",
        ),
    ],
)
def test_samples_yield_their_dated_event_and_their_open_question(name, visit, visit_day, unclear):
    path = SAMPLES / name
    if not path.is_file():
        pytest.skip(f"sample {name} not in this checkout")
    from deskapp.ingest.detect import parse_source

    [parsed] = parse_source(path.read_bytes(), str(path))
    assert texts(suggest(parsed)) == [
        ("dated-event", visit, visit_day),
        ("date-unclear", unclear, None),
    ]


def test_samples_with_no_future_event_suggest_nothing():
    from deskapp.ingest.detect import parse_source

    quiet = [
        "reuters-london-dated.txt",
        "ap-bologna-byline.txt",
        "afp-santiago-signoff.txt",
        "reuters-sydney-compiled.txt",
        "reuters-kyiv-region.txt",
    ]
    present = [n for n in quiet if (SAMPLES / n).is_file()]
    if not present:
        pytest.skip("samples not in this checkout")
    for name in present:
        for parsed in parse_source((SAMPLES / name).read_bytes(), name):
            assert suggest(parsed, tentative=True) == [], name


# -- rule: dated-event ----------------------------------------------------------------------


def test_dated_event_takes_the_story_year_not_today():
    old = story(
        "The trade minister will visit the Port of Valparaiso on Feb 13.",
        published=date(2019, 2, 1),
    )
    assert texts(suggest(old)) == [
        ("dated-event", "Trade minister visit to the Port of Valparaiso", date(2019, 2, 13))
    ]


@pytest.mark.parametrize(
    ("sentence", "text", "due"),
    [
        (
            "The committee is due to vote on April 3 on the harbour levy.",
            "Committee vote",
            date(2025, 4, 3),
        ),
        (
            "The two ministers are scheduled to meet their Andean counterparts on 14 April.",
            "Two ministers meeting with their Andean counterparts",
            date(2025, 4, 14),
        ),
        (
            "The court is expected to rule on Tuesday, April 8, 2025.",
            "Court to rule",
            date(2025, 4, 8),
        ),
        (
            "A fisheries delegation will travel to Quito on Apr. 22 for talks.",
            "Fisheries delegation trip to Quito",
            date(2025, 4, 22),
        ),
    ],
)
def test_dated_event_forms(sentence, text, due):
    assert texts(suggest(story(sentence))) == [("dated-event", text, due)]


def test_dated_event_rolls_into_next_year_from_a_december_story():
    late = story("The orchestra will perform in Valdivia on Jan 5.", published=date(2025, 12, 20))
    assert [s.due for s in suggest(late)] == [date(2026, 1, 5)]


@pytest.mark.parametrize(
    "sentence",
    [
        "The delegation will not visit the port on Apr 9.",  # negated
        "The delegation would visit the port on Apr 9 if invited.",  # conditional
        "The delegation visited the port on Apr 9.",  # past
        "The delegation will visit the port, the ministry said on Apr 9.",  # date is the saying
        "The minister will visit the port on Mar 20.",  # 11 days before the story: past
        "The minister will visit the port on Apr 9, 2024.",  # a past year
        "The minister said the port would reopen soon.",
    ],
)
def test_dated_event_refuses(sentence):
    assert suggest(story(sentence), tentative=True) == []


def test_dated_event_leaves_a_pronoun_out_and_keeps_the_event():
    assert texts(suggest(story("He will visit the port on Apr 9."))) == [
        ("dated-event", "Visit to the port", date(2025, 4, 9))
    ]


def test_a_story_without_any_date_gets_no_dated_suggestion():
    undated = story("The minister will visit the port on Apr 9.", published=None)
    assert story_day(undated) is None
    assert suggest(undated) == []


def test_lowercase_march_is_a_verb_not_a_month():
    assert (
        suggest(
            story("Veterans will march to the square in silence.", published=date(2025, 1, 5)),
            tentative=True,
        )
        == []
    )


# -- rule: month-plan ------------------------------------------------------------------------


def test_month_plan_is_due_at_the_start_of_the_month():
    found = suggest(story("The choir plans to tour Patagonia in early June."), tentative=True)
    assert texts(found) == [("month-plan", "Choir to tour Patagonia", date(2025, 6, 1))]
    assert found[0].tentative


def test_month_plan_in_an_earlier_month_is_next_year():
    found = suggest(story("The league intends to expand to Cusco in February."), tentative=True)
    assert [s.due for s in found] == [date(2026, 2, 1)]


@pytest.mark.parametrize(
    "sentence",
    [
        "The choir toured Patagonia in June.",  # past
        "The choir plans to tour Patagonia in March.",  # the story's own month: no start to give
        "The choir will not tour Patagonia in June.",
        "The choir plans to tour Patagonia, officials said in June.",
    ],
)
def test_month_plan_refuses(sentence):
    assert suggest(story(sentence), tentative=True) == []


# -- rule: date-unclear ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "text"),
    [
        ("The date of the referendum is still unclear.", "Date of the referendum unclear"),
        ("The timing of the new tariff remains unknown.", "Timing of the new tariff unclear"),
        ("A date for the hearing has not yet been set.", "Date for the hearing unclear"),
        ("It is still unclear when the bridge will reopen.", "Unclear when the bridge will reopen"),
    ],
)
def test_date_unclear_names_what_is_unclear(sentence, text):
    assert texts(suggest(story(sentence))) == [("date-unclear", text, None)]


def test_date_unclear_refuses_a_clear_date():
    assert (
        suggest(story("The date of the referendum is clear to everyone: it was held in 2019."))
        == []
    )


# -- rule: did-not-say-when -------------------------------------------------------------------


def test_did_not_say_when_with_what():
    found = suggest(story("The port authority did not say when the cranes would be repaired."))
    assert texts(found) == [
        ("did-not-say-when", "When the cranes would be repaired (port authority did not say)", None)
    ]


def test_did_not_say_when_at_the_end_names_the_plan():
    found = suggest(story("The airline said it would cut flights to Arica but did not say when."))
    assert texts(found) == [
        ("did-not-say-when", "Timing unclear: The airline said it would cut flights to Arica", None)
    ]


def test_did_not_say_why_is_not_caught():
    assert suggest(story("The airline did not say why the flights were cut.")) == []


# -- rule: no-comment ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "text"),
    [
        (
            "The fisheries ministry declined to comment.",
            "Fisheries ministry declined to comment: ask again",
        ),
        (
            "A spokeswoman for the fleet declined to comment on the quotas.",
            "Spokeswoman for the fleet declined to comment on the quotas: ask again",
        ),
        (
            "The harbour board did not immediately respond to a request for comment.",
            "Harbour board did not respond: ask again",
        ),
    ],
)
def test_no_comment(sentence, text):
    assert texts(suggest(story(sentence))) == [("no-comment", text, None)]


def test_no_comment_needs_someone_named():
    assert suggest(story("He declined to comment.")) == []


# -- the module --------------------------------------------------------------------------


def test_every_rule_has_a_name_and_a_description():
    assert [r.name for r in RULES] == [
        "dated-event",
        "month-plan",
        "date-unclear",
        "did-not-say-when",
        "no-comment",
    ]
    assert all(r.catches for r in RULES)


def test_sentences_do_not_split_after_abbreviations():
    assert sentences("The U.S. envoy will visit on Feb. 13. Talks follow.\n\nA new paragraph.") == [
        "The U.S. envoy will visit on Feb. 13.",
        "Talks follow.",
        "A new paragraph.",
    ]


def test_markup_in_copy_stays_text():
    found = suggest(story("The [bold] committee will visit the port on Apr 9."))
    assert [s.text for s in found] == ["[bold] committee visit to the port"]


def test_each_text_is_suggested_once():
    twice = story("The date of the vote is unclear.\n\nThe date of the vote is unclear.")
    assert len(suggest(twice)) == 1
