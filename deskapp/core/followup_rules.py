"""Follow-ups suggested from the copy: one named rule per pattern. Precision over recall.

A wrong suggestion costs the editor more than a missed one, so every rule asks
for an unmistakable shape and refuses anything near it:

- `dated-event`: a future event on a named day. "A North Korean delegation will
  visit the lower house on Feb 13" -> "North Korean delegation visit to the lower
  house", due Feb 13 of the story's year (the first Feb 13 on or after the
  story's date; a day just before the story's date is a past event and refused).
- `month-plan`: a plan for a month. "... planned to travel to North Korea in
  March" -> "... trip to North Korea", due on the 1st of that month. A month is a
  plan, not an appointment, so this rule's suggestions are *tentative*: shown
  only when asked for (`suggest(..., tentative=True)`, `deskapp suggest --tentative`).
- `date-unclear`: "the date of the trip is still unclear", "the timetable for the
  talks is unclear", "it is unclear when ..." -> an undated "Date of the trip
  unclear: <the clause it hangs on>" (the clause only when "the trip" needs it).
- `did-not-say-when`: "... did not say when the bridge would reopen" -> undated.
- `no-comment`: "The ministry declined to comment", "did not respond to a
  request for comment" -> undated "Ministry declined to comment: ask again".

Every rule refuses: negated events ("will not visit"), conditionals ("would"),
pronoun-only subjects for no-comment, dates already past at the story's date,
and stories with no date at all (the year would be a guess).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from deskapp.core.story import Story, split_paragraphs
from deskapp.core.when import MONTHS


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A follow-up the copy suggests. `due` is a calendar day (the desk adds its zone)."""

    text: str
    due: date | None
    rule: str
    evidence: str  # the sentence it came from
    tentative: bool = False


@dataclass(frozen=True, slots=True)
class Rule:
    name: str
    catches: str
    find: Callable[[str, date | None], list[Suggestion]]


# --- sentences --------------------------------------------------------------------

_ABBREV = re.compile(
    r"(?:\b(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec|Mr|Mrs|Ms|Dr|St|Gen|Lt|Col|Sen"
    r"|Rep|Gov|Prof|No|Jr|Sr|Inc|Corp|Co|vs)|\b[A-Z]|\b(?:[A-Z]\.){2,})\.$"
)
_END = re.compile(r"(?<=[.!?])[\"'\u201d\u2019]?\s+(?=[\"'\u201c\u2018]?[A-Z0-9])")


def sentences(body: str) -> list[str]:
    """The body's sentences, not split after "Feb." or "U.S." or an initial."""
    out: list[str] = []
    for paragraph in split_paragraphs(body):
        paragraph = " ".join(paragraph.split())
        start = 0
        for match in _END.finditer(paragraph):
            piece = paragraph[start : match.start()].rstrip("\"'\u201d\u2019")
            if _ABBREV.search(piece):
                continue
            out.append(paragraph[start : match.start()].strip())
            start = match.end()
        if paragraph[start:].strip():
            out.append(paragraph[start:].strip())
    return out


def story_day(story: Story) -> date | None:
    """The day the story speaks from: its publication, its dateline, else its arrival."""
    if story.published_at is not None:
        return story.published_at.date()
    if story.dateline_date is not None:
        return story.dateline_date
    if story.ingested_at is not None:
        return story.ingested_at.date()
    return None


# --- shared pieces -----------------------------------------------------------------

# Month names must be capitalised in copy: "in march" (the verb) and "may" are not dates.
_MONTH = "(?-i:" + "|".join(sorted((m.capitalize() for m in MONTHS), key=len, reverse=True)) + ")"
_FUTURE = (
    r"(?:will|(?:is|are) (?:due|scheduled|expected|set|slated|poised) to"
    r"|plans? to|planned to|intends? to|intended to)"
)
_NEGATION = re.compile(r"^(?:not|never|no longer)\b|n't\b", re.IGNORECASE)
_BOUNDARY = re.compile(
    r"(?:^|[,;:\u2014]|\s-\s|\b(?:that|said|says|told|but|though|although|while)\b)\s*",
    re.IGNORECASE,
)
_ARTICLE = re.compile(r"^(?:a|an|the)\s+", re.IGNORECASE)
_PRONOUNS = {"he", "she", "it", "they", "we", "i", "you", "this", "that", "who", "which"}
_QUALIFIER = re.compile(r"\s+(?:from|of|for|with|led by|representing)\s+", re.IGNORECASE)
_REPORTED = re.compile(r"^.*\b(?:said|says|told \w+)\s+(?:that\s+)?", re.IGNORECASE)
_CLAUSE_STOP = re.compile(r"[,;:()\u2014]|\s-\s|\b(?:said|says|told|according)\b", re.IGNORECASE)

_VERB_NOUNS = {
    "visit": "visit to",
    "travel": "trip",
    "meet": "meeting with",
    "arrive": "arrival",
    "vote": "vote",
    "testify": "testimony",
}
MAX_SUBJECT_WORDS = 7
MAX_OBJECT_CHARS = 70


def _subject(before: str) -> str | None:
    """The noun phrase right before a verb: "A North Korean delegation" -> "North Korean
    delegation". None when it is a pronoun, empty or too long to be sure of."""
    starts = [m.end() for m in _BOUNDARY.finditer(before)]
    phrase = before[max(starts) if starts else 0 :].strip()
    phrase = _ARTICLE.sub("", phrase)
    phrase = re.sub(r"\s+(?:also|still|now|later|soon|then)$", "", phrase, flags=re.I)
    words = phrase.split()
    if len(words) > MAX_SUBJECT_WORDS:  # "delegation from a long committee name" -> "delegation"
        head = _QUALIFIER.split(phrase, maxsplit=1)[0].split()
        words = head if len(head) <= 4 else []
        phrase = " ".join(words)
    if not words or words[-1].lower() in _PRONOUNS:
        return None
    return phrase


def _object(rest: str) -> str | None:
    rest = " ".join(rest.split()).strip()
    if not rest or _CLAUSE_STOP.search(rest) or len(rest) > MAX_OBJECT_CHARS:
        return None
    return rest


def _event_text(subject: str | None, verb: str, obj: str) -> str:
    noun = _VERB_NOUNS.get(verb.lower())
    if noun is None:
        action = f"to {verb} {obj}".strip()
    elif noun in ("visit to", "meeting with"):
        action = f"{noun} {obj}"
    else:
        action = f"{noun} {obj}".strip()
    text = f"{subject} {action}" if subject else action
    return text[0].upper() + text[1:]


def _resolve_day(month: int, day: int, year: int | None, base: date | None) -> date | None:
    """The named day as the story means it: its own year, rolled forward past a year-end."""
    if base is None:
        return None
    try:
        if year is not None:
            found = date(year, month, day)
            return found if found >= base else None
        found = date(base.year, month, day)
        if found >= base:
            return found
        if (base - found).days > 180:  # "Jan 5" in a December story: next year
            return date(base.year + 1, month, day)
    except ValueError:
        return None
    return None  # just before the story's date: a past event, not a follow-up


# --- rule: a future event on a named day --------------------------------------------------

_DAY = (
    rf"(?:(?P<mon>{_MONTH})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?"
    rf"|(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<mon2>{_MONTH})\b\.?)"
    r"(?:,?\s+(?P<y>20\d\d))?"
)
_DATED_EVENT = re.compile(
    rf"\b{_FUTURE}\s+(?P<verb>[a-z]+)\b(?P<rest>[^.;]*?)\s+on\s+(?:\w+day,?\s+)?{_DAY}\b",
    re.IGNORECASE,
)


def dated_event(sentence: str, base: date | None) -> list[Suggestion]:
    out = []
    for m in _DATED_EVENT.finditer(sentence):
        if _NEGATION.search(m.group("verb")) or m.group("verb").lower() in ("not", "never"):
            continue
        obj = _object(m.group("rest"))
        if obj is None and m.group("rest").strip():
            continue
        month = MONTHS[(m.group("mon") or m.group("mon2")).lower()]
        day = _resolve_day(
            month,
            int(m.group("d") or m.group("d2")),
            int(m.group("y")) if m.group("y") else None,
            base,
        )
        if day is None:
            continue
        subject = _subject(sentence[: m.start()])
        out.append(
            Suggestion(
                _event_text(subject, m.group("verb"), obj or ""), day, "dated-event", sentence
            )
        )
    return out


# --- rule: a plan for a month (tentative) ------------------------------------------------

_MONTH_PLAN = re.compile(
    rf"\b{_FUTURE}\s+(?P<verb>[a-z]+)\b(?P<rest>[^.;]*?)\s+in\s+(?:early\s+|mid-?\s*|late\s+)?"
    rf"(?P<mon>{_MONTH})\b(?:\s+(?P<y>20\d\d))?(?!\s+\d)",
    re.IGNORECASE,
)


def month_plan(sentence: str, base: date | None) -> list[Suggestion]:
    out = []
    for m in _MONTH_PLAN.finditer(sentence):
        if m.group("verb").lower() in ("not", "never"):
            continue
        obj = _object(m.group("rest"))
        if obj is None and m.group("rest").strip():
            continue
        if base is None:
            continue
        month = MONTHS[m.group("mon").lower()]
        if m.group("y"):
            start = date(int(m.group("y")), month, 1)
        elif month == base.month:
            continue  # "in February" said in February: the start has passed, no due to give
        else:
            start = date(base.year + (month < base.month), month, 1)
        if start < base:
            continue
        subject = _subject(sentence[: m.start()])
        out.append(
            Suggestion(
                _event_text(subject, m.group("verb"), obj or ""),
                start,
                "month-plan",
                sentence,
                tentative=True,
            )
        )
    return out


# --- rule: a date said to be unclear ---------------------------------------------------

_UNCLEAR = (
    r"(?:still\s+|as\s+yet\s+|yet\s+)?(?:unclear|unknown|not\s+known|undecided"
    r"|not\s+(?:yet\s+)?(?:been\s+)?(?:set|fixed|announced|decided)"
    r"|to\s+be\s+(?:decided|determined|announced|set|confirmed))"
)
_DATE_UNCLEAR = re.compile(
    rf"\b(?:the\s+)?(?P<kind>dates?|timing|time|timetable|schedule)\s+(?P<of>of|for)\s+"
    rf"(?P<what>[^,;]{{2,50}}?)\s+"
    rf"(?:is|was|are|were|remains?|remained|has|have)\s+(?:still\s+)?{_UNCLEAR}",
    re.IGNORECASE,
)
_UNCLEAR_WHEN = re.compile(
    r"\bit\s+(?:is|was|remains?|remained)\s+(?:still\s+)?(?:unclear|not\s+clear|unknown)"
    r"\s+when\s+(?P<what>[^,;]{3,80})",
    re.IGNORECASE,
)
_LEAD_CLAUSE = re.compile(r"^(?P<lead>.+),?\s+(?:though|although|but|while|and)\s+", re.IGNORECASE)


def date_unclear(sentence: str, base: date | None) -> list[Suggestion]:
    out = []
    m = _DATE_UNCLEAR.search(sentence)
    if m is not None:
        what = m.group("what").strip()
        text = f"{m.group('kind').capitalize()} {m.group('of').lower()} {what} unclear"
        lead = _LEAD_CLAUSE.match(sentence[: m.start()])
        if lead is not None and what.lower().startswith("the "):
            clause = _REPORTED.sub("", lead.group("lead")).strip().rstrip(",;: ")
            text += f": {_short(clause, 80)}"
        out.append(Suggestion(text, None, "date-unclear", sentence))
    m = _UNCLEAR_WHEN.search(sentence)
    if m is not None:
        out.append(
            Suggestion(
                f"Unclear when {_short(m.group('what').rstrip('.'))}",
                None,
                "date-unclear",
                sentence,
            )
        )
    return out


# --- rule: "did not say when" ----------------------------------------------------------

_NOT_SAY_WHEN = re.compile(
    r"\b(?:did\s+not|didn't|does\s+not|doesn't|would\s+not|wouldn't|declined\s+to)\s+say\s+when"
    r"(?P<what>\s+[^,;.]{3,80})?",
    re.IGNORECASE,
)


def did_not_say_when(sentence: str, base: date | None) -> list[Suggestion]:
    m = _NOT_SAY_WHEN.search(sentence)
    if m is None:
        return []
    before = sentence[: m.start()].rstrip()
    if m.group("what"):
        text = f"When {m.group('what').strip()}"
    else:  # "... said it would cut jobs but did not say when."
        lead = re.sub(r",?\s+(?:but|and|though)$", "", before, flags=re.IGNORECASE)
        if not lead:
            return []
        text = f"Timing unclear: {_short(lead)}"
    subject = _subject(re.sub(r",?\s+(?:but|and)$", "", before, flags=re.IGNORECASE))
    if subject and m.group("what"):
        text += f" ({subject} did not say)"
    return [Suggestion(_short(text, 120), None, "did-not-say-when", sentence)]


# --- rule: no comment -----------------------------------------------------------------

_NO_COMMENT = re.compile(
    r"\b(?P<verb>declined\s+to\s+comment|(?:did\s+not|didn't)\s+(?:immediately\s+)?"
    r"(?:respond|reply)\s+to\s+(?:a\s+|an\s+|several\s+)?(?:requests?|emails?|calls?)"
    r"\s+(?:for|seeking)\s+comment|could\s+not\s+(?:immediately\s+)?be\s+reached\s+for\s+comment)"
    r"(?P<on>\s+on\s+[^,;.]{3,60})?",
    re.IGNORECASE,
)


def no_comment(sentence: str, base: date | None) -> list[Suggestion]:
    m = _NO_COMMENT.search(sentence)
    if m is None:
        return []
    subject = _subject(sentence[: m.start()])
    if subject is None:
        return []
    said = (
        "declined to comment"
        if m.group("verb").lower().startswith("declined")
        else "did not respond"
    )
    on = m.group("on") or ""
    text = f"{subject[0].upper()}{subject[1:]} {said}{on}: ask again"
    return [Suggestion(text, None, "no-comment", sentence)]


def _short(text: str, width: int = 90) -> str:
    text = " ".join(text.split())
    if len(text) <= width:
        return text
    cut = text[: width - 1]
    return (cut.rsplit(" ", 1)[0] if " " in cut else cut).rstrip(",;: ") + "…"


RULES: tuple[Rule, ...] = (
    Rule("dated-event", "a future event on a named day", dated_event),
    Rule("month-plan", "a plan for a named month (tentative)", month_plan),
    Rule("date-unclear", "a date or timing said to be unclear", date_unclear),
    Rule("did-not-say-when", "someone did not say when", did_not_say_when),
    Rule("no-comment", "someone declined to comment or did not respond", no_comment),
)


def suggest(story: Story, *, tentative: bool = False) -> list[Suggestion]:
    """Follow-ups the story's copy suggests, in reading order, each text once."""
    base = story_day(story)
    found: list[Suggestion] = []
    seen: set[str] = set()
    for sentence in sentences(story.body):
        for rule in RULES:
            for suggestion in rule.find(sentence, base):
                key = suggestion.text.casefold()
                if key in seen or (suggestion.tentative and not tentative):
                    continue
                seen.add(key)
                found.append(suggestion)
    return found
