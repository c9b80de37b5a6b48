"""What a bulk act did to each story, and one line that says so.

A bulk act does one thing to every story it is given ("queue all", "desk
europe for all"): each story is either done, unchanged (already so) or refused
(with the reason). `version` is the story's version after a done story's
change: pass it to `StoryService.undo_change` to take that story's part back.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from deskapp.core.counts import counted

DONE = "done"
UNCHANGED = "unchanged"
REFUSED = "refused"


@dataclass(frozen=True, slots=True)
class BulkItem:
    story_id: int
    outcome: str  # "done" | "unchanged" | "refused"
    message: str = ""  # why unchanged or refused; what was done ("desk africa")
    version: int | None = None  # the version a done change produced (None otherwise)
    reason: str = ""  # a refusal's reason without the story, for counting ("killed by the wire")


@dataclass(slots=True)
class BulkResult:
    """Per story, in the order given. `act` says what was asked, for `summary`."""

    act: str  # "queue" | "unqueue" | "desk"
    items: list[BulkItem] = field(default_factory=list)
    desk: str | None = None  # for act "desk": the desk asked for (None: none; "" each's own)

    def add(
        self,
        story_id: int,
        outcome: str,
        message: str = "",
        version: int | None = None,
        reason: str = "",
    ) -> None:
        self.items.append(BulkItem(story_id, outcome, message, version, reason))

    def _with(self, outcome: str) -> list[BulkItem]:
        return [i for i in self.items if i.outcome == outcome]

    @property
    def done(self) -> list[BulkItem]:
        return self._with(DONE)

    @property
    def unchanged(self) -> list[BulkItem]:
        return self._with(UNCHANGED)

    @property
    def refused(self) -> list[BulkItem]:
        return self._with(REFUSED)

    @property
    def done_ids(self) -> list[int]:
        return [i.story_id for i in self.done]

    def versions(self) -> dict[int, int]:
        """Story id → the version its change produced, for each story done (for undo)."""
        return {i.story_id: i.version for i in self.done if i.version is not None}

    def summary(self) -> str:
        """One line: 'Desk europe: 3 stories', 'Queued 3 of 4 (1 already queued)'."""
        total, done = len(self.items), len(self.done)
        extra = []
        if self.act == "desk" and self.desk == "":  # each story's own suggestion: which
            desks: dict[str, int] = {}
            for item in self.done:
                desks[item.message] = desks.get(item.message, 0) + 1
            extra += [f"{d.removeprefix('desk ')} {n}" for d, n in desks.items()]
        if self.unchanged:
            extra.append(f"{len(self.unchanged)} {self._unchanged_words()}")
        if self.refused:
            extra.append(refused_words(self.refused))
        tail = f" ({', '.join(extra)})" if extra else ""
        if self.act == "desk":
            return self._desk_summary(done, total) + tail
        verb = {"queue": "Queued", "unqueue": "Unqueued"}.get(self.act, self.act.capitalize())
        if done == total:
            return f"{verb} {_stories(done)}{tail}"
        return f"{verb} {done} of {total}{tail}"

    def _unchanged_words(self) -> str:
        if self.act == "queue":
            return "already queued"
        if self.act == "unqueue":
            return "not queued"
        return "already there"

    def _desk_summary(self, done: int, total: int) -> str:
        count = _stories(done) if done == total else f"{done} of {total} stories"
        if self.desk == "":
            return f"Desk by each story's suggestion: {count}"
        return f"Desk {self.desk or 'none'}: {count}"


def refused_words(refused: list[BulkItem]) -> str:
    """'1 refused: story 8 is spiked' or, for several, every reason counted:
    '3 refused: 2 need an author credit (writer or reporter), 1 killed by the wire'."""
    if len(refused) == 1:
        only = refused[0]
        return f"1 refused: {only.message}" if only.message else "1 refused"
    counts: dict[str, int] = {}
    for item in refused:
        why = item.reason or item.message or "refused"
        counts[why] = counts.get(why, 0) + 1
    return f"{len(refused)} refused: " + ", ".join(
        f"{n} {_agree(why, n)}" for why, n in counts.items()
    )


def _agree(reason: str, n: int) -> str:
    """Reasons are written for several stories ('need a desk'); one story 'needs' it."""
    if n != 1:
        return reason
    for plural, single in (("need ", "needs "), ("have ", "has "), ("are ", "is ")):
        if reason.startswith(plural):
            return single + reason.removeprefix(plural)
    return reason


def _stories(n: int) -> str:
    return counted(n, "story")
