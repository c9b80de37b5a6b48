"""Story acts that open a dialog on the story first: credits (c), suggested follow-ups (a),
history (h) and the editor (e). The change the dialog asks for runs through `StoryActs`.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from deskapp.core.followup_rules import Suggestion
from deskapp.core.story import Credit, Story
from deskapp.services.errors import ServiceError
from deskapp.tui.failures import guard
from deskapp.tui.screens.credits import CreditsEditor

if TYPE_CHECKING:
    from deskapp.tui.screens.story_actions import StoryActs


def edit_credits(acts: StoryActs) -> None:
    ids = acts.targets()
    if ids:
        _load_then(acts, ids[0], partial(_show_credits, acts))


def _load_then(acts: StoryActs, story_id: int, then: Callable[[Story], None]) -> None:
    app = acts.app

    def on_thread() -> None:
        try:
            story = app.services.stories.get(story_id)
        except ServiceError as exc:
            app.call_from_thread(acts.notify, str(exc), warning=True)
            return
        app.call_from_thread(then, story)

    acts.screen.run_worker(
        guard(app, "reading the story", on_thread), thread=True, group="story-load"
    )


def _show_credits(acts: StoryActs, story: Story) -> None:
    from deskapp.services.names import NameService

    names = NameService(acts.app.services.ctx)
    sid = story.id or 0

    def chosen(credits: list[Credit] | None) -> None:
        if credits is not None and credits != story.credits:
            acts.apply_to(
                "credits",
                [sid],
                lambda s, i, v: s.stories.set_credits(i, credits, expect_version=v),
                versions={sid: story.version},
            )

    acts.app.push_screen(CreditsEditor(story, names.known_names), chosen)


def suggestions(acts: StoryActs) -> None:
    ids = acts.targets()
    if ids:
        _load_then(acts, ids[0], partial(_load_suggestions, acts))


def _load_suggestions(acts: StoryActs, story: Story) -> None:
    app = acts.app

    def on_thread() -> None:
        try:
            found = app.services.notes.suggestions(story.id or 0)
        except ServiceError as exc:
            app.call_from_thread(acts.notify, str(exc), warning=True)
            return
        app.call_from_thread(_show_suggestions, acts, story, found)

    acts.screen.run_worker(
        guard(app, "reading the story", on_thread), thread=True, group="story-load"
    )


def _show_suggestions(acts: StoryActs, story: Story, found: list[Suggestion]) -> None:
    if not found:
        acts.notify("The copy suggests no follow-ups that are not noted already.")
        return
    from deskapp.tui.screens.suggestions import SuggestionsDialog

    sid = story.id or 0

    def chosen(suggestion: Suggestion | None) -> None:
        if suggestion is not None:
            acts.apply_to(
                "follow-up added",
                [sid],
                lambda s, i, v: s.notes.accept_suggestion(i, suggestion, expect_version=v),
                versions={sid: story.version},
            )

    acts.app.push_screen(SuggestionsDialog(story.headline, found, acts.app.zone), chosen)


def history(acts: StoryActs) -> None:
    ids = acts.targets()
    if not ids:
        return
    from deskapp.tui.screens.history import HistoryScreen

    def closed(reverted: bool | None) -> None:
        if reverted:
            acts.host.stories_changed(ids[:1], [])

    acts.app.push_screen(HistoryScreen(ids[0], acts.headline(ids[0])), closed)


def edit_story(acts: StoryActs) -> None:
    ids = acts.targets()
    if ids:
        from deskapp.tui.screens.editor import EditorScreen

        acts.app.push_screen(EditorScreen(ids[0]))


def versions(acts: StoryActs) -> None:
    ids = acts.targets()
    if not ids:
        return
    from deskapp.tui.screens.versions import VersionsScreen

    def closed(changed: bool | None) -> None:
        if changed:
            acts.host.stories_changed(ids[:1], [], done=True)

    acts.app.push_screen(VersionsScreen(ids[0], acts.headline(ids[0])), closed)
