"""A fixed, fictional desk for TUI tests: stories, desks, credits, notes, a fixed clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from deskapp.core.story import Credit, Role, Story

FIXED = datetime(2026, 11, 27, 9, 30, tzinfo=UTC)

MARKUP_HEADLINE = "[bold]Harbour[/bold] vote [/close] ends [link=https://x.test]early[/link]"
ANSI_HEADLINE = "Ferry strike \x1b[31mspreads\x1b[0m to \x1b[2Jnorthern ports"


def fictional_stories() -> list[Story]:
    """Twelve invented wire stories, newest last (each is ingested a minute later)."""

    def story(
        headline: str,
        agency: str,
        suggested: str | None,
        *credits: Credit,
        body: str = "",
        minutes: int = 0,
        place: str = "",
    ) -> Story:
        return Story(
            headline=headline,
            agency=agency,
            suggested_desk=suggested,
            credits=list(credits),
            dateline_place=place,
            body=body or f"{headline}, officials said on Friday.\n\nMore to follow.",
            published_at=FIXED - timedelta(minutes=90 - minutes),
        )

    w, e = Role.WRITER, Role.EDITOR
    return [
        story(
            "Lake district council approves new tram line",
            "Meridian",
            "europe",
            Credit(w, "Ines Varga"),
            minutes=1,
            place="Norrvik",
        ),
        story(
            "Copper exporters brace for tariff review",
            "Wirepoint",
            "americas",
            Credit(w, "Tomas Reyes"),
            Credit(e, "Ada Quill"),
            minutes=5,
        ),
        story(
            "Island nation opens first solar farm",
            "Meridian",
            "asia-pacific",
            Credit(w, "Lena Okafor"),
            minutes=9,
            place="Port Alder",
        ),
        story("Desert rail link delayed by sandstorms", "Globewire", "middle-east", minutes=14),
        story(
            "Football federation names interim coach",
            "Wirepoint",
            None,
            Credit(w, "Sam Hollis"),
            minutes=20,
        ),
        story(
            "River port reopens after floods recede",
            "Meridian",
            "africa",
            Credit(w, "Ines Varga"),
            Credit(e, "Ada Quill"),
            minutes=26,
        ),
        story(
            "Central bank holds rates, signals patience",
            "Globewire",
            "world",
            Credit(w, "Mira Stone"),
            minutes=33,
        ),
        story(
            MARKUP_HEADLINE,
            "Meridian",
            "europe",
            Credit(w, "Lena Okafor"),
            minutes=41,
            body="Voting closed [bold]early[/bold] in the harbour town.\n\nCounting goes on.",
        ),
        story(ANSI_HEADLINE, "Wirepoint", "europe", minutes=48),
        story(
            "Mountain pass closed as snow arrives early",
            "Meridian",
            "europe",
            Credit(w, "Tomas Reyes"),
            minutes=55,
        ),
        story(
            "Tech fair draws record crowds despite rain",
            "Globewire",
            "asia-pacific",
            Credit(w, "Mira Stone"),
            Credit(e, "Bo Lind"),
            minutes=63,
        ),
        story(
            "Fishing quotas talks resume in the north",
            "Meridian",
            "europe",
            Credit(w, "Sam Hollis"),
            minutes=70,
        ),
    ]


def build_desk(services) -> list[int]:  # type: ignore[no-untyped-def]
    """Store the fictional stories (one a minute), tag two, note two. Returns ids, oldest first."""
    ids = []
    for minute, story in enumerate(fictional_stories()):
        services.ctx.clock = lambda m=minute: FIXED - timedelta(minutes=60 - m)
        [result] = services.ingest.store([(f"fixture:{minute}", story)])
        ids.append(result.id)
    services.ctx.clock = lambda: FIXED
    services.stories.set_desk(ids[1], "americas")
    services.stories.set_desk(ids[5], "africa")
    services.notes.add(ids[1], "Confirm tariff date with ministry", due=FIXED - timedelta(hours=2))
    services.notes.add(ids[6], "Add analyst reaction", due=FIXED + timedelta(days=1))
    services.ctx.clock = lambda: FIXED
    return ids
