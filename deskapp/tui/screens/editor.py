"""`e`: edit the headline and body. Autosaved drafts, version-checked saves, soft locks.

- Typing starts a timer; `AUTOSAVE_AFTER` seconds after the last keystroke the
  text is saved as a draft (not a change: no history, no version), so a crash
  or a closed terminal loses nothing. Reopening the story offers the draft.
- ctrl+z / ctrl+y undo and redo in the headline and in the body; focus arriving
  in the headline (shift+tab) does not select it, so one key cannot replace it.
- `ctrl+s` saves with the version the edit started from. If someone changed the
  story meanwhile, nothing is applied: the conflict dialog shows what changed
  and offers reload, re-apply on top, or keeping both bodies.
- While the editor is open the editor holds the story's soft lock, renewed by a
  heartbeat and released on leaving.
"""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Header, Input, Label, TextArea

from deskapp.core.safe_text import one_line
from deskapp.core.story import Story
from deskapp.services.drafts import Draft, DraftService
from deskapp.services.errors import Conflict, ServiceError
from deskapp.services.locks import HEARTBEAT_EVERY, Locked, LockInfo
from deskapp.tui.app_handle import desk_app
from deskapp.tui.commands import EDIT, bindings_for
from deskapp.tui.failures import guarded
from deskapp.tui.role_keys import role_check
from deskapp.tui.screens.confirm import ConfirmDialog
from deskapp.tui.screens.conflict import KEEP_BOTH, REAPPLY, RELOAD, ConflictDialog
from deskapp.tui.screens.undo import Act
from deskapp.tui.widgets.undo_input import UndoableInput

AUTOSAVE_AFTER = 2.0  # seconds after the last keystroke
MINE_MARKER = "— my version of the body, kept after a conflict: merge and delete —"


class EditorScreen(Screen[None]):
    HELP_SCOPES = (EDIT,)
    BINDINGS = bindings_for(EDIT)

    def __init__(self, story_id: int) -> None:
        super().__init__()
        self.story_id = story_id
        self.base_version: int | None = None
        self.story: Story | None = None
        self.dirty = False
        self._filling = False
        self._timer: Timer | None = None
        self._heartbeat: Timer | None = None
        self.holds_lock = False

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return role_check(self, action, parameters)  # ctrl+s: hidden unless the role may edit

    @property
    def drafts(self) -> DraftService:
        return DraftService(desk_app(self).services.ctx)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Label("", id="editor-lock")
        yield Label(
            Text.assemble("Headline", ("  ctrl+z undo · ctrl+y redo, here and in the body", "dim")),
            classes="field-label",
        )
        yield UndoableInput(id="edit-headline", disabled=True)
        yield Label("Body (Markdown: paragraphs separated by a blank line)", classes="field-label")
        yield TextArea(id="edit-body", soft_wrap=True, disabled=True)
        yield Label("", id="editor-state")
        yield Footer()

    def on_mount(self) -> None:
        self.app.sub_title = f"Editing story {self.story_id}"
        self.load()

    # -- opening --------------------------------------------------------------------------
    @work(thread=True, group="editor-load")
    @guarded("the editor")
    def load(self) -> None:
        services = desk_app(self).services
        try:
            story = services.stories.get(self.story_id)
            draft = self.drafts.load(self.story_id)
        except ServiceError as exc:
            self.app.call_from_thread(self._failed, str(exc))
            return
        holder = self._take_lock(take_over=False)
        self.app.call_from_thread(self._opened, story, draft, holder)

    def _take_lock(self, *, take_over: bool) -> LockInfo | str | None:
        """Take the soft lock. None when taken; else the other holder when someone else
        has it, or why it could not be taken."""
        try:
            desk_app(self).services.locks.acquire(self.story_id, take_over=take_over)
            self.holds_lock = True
        except Locked as exc:
            return exc.holder
        except ServiceError as exc:
            return str(exc)
        return None

    def _failed(self, message: str) -> None:
        self.notify(message, severity="error", markup=False)
        self.dismiss()

    def _opened(self, story: Story, draft: Draft | None, holder: LockInfo | str | None) -> None:
        self.story = story
        self._fill(story.headline, story.body, story.version)
        for widget in (self.query_one("#edit-headline"), self.query_one("#edit-body")):
            widget.disabled = False
        self.query_one("#edit-body", TextArea).focus()
        if self.holds_lock:
            self._heartbeat = self.set_interval(HEARTBEAT_EVERY, self._beat)
        if holder is not None:
            self._offer_takeover(holder)
        elif draft is not None and (draft.headline, draft.body) != (story.headline, story.body):
            self._offer_draft(draft)

    def _offer_takeover(self, holder: LockInfo | str) -> None:
        who = holder.editor if isinstance(holder, LockInfo) else holder
        self.query_one("#editor-lock", Label).update(
            Text(f"✎ {one_line(who, 40)} is editing this story", style="bold magenta")
        )

        def chosen(take: bool | None) -> None:
            if take:
                self._take_over()
            else:
                self.dismiss()

        self.app.push_screen(
            ConfirmDialog(
                "Someone is editing this story",
                Text(
                    f"{one_line(who, 40)} has this story open for editing. Taking over is "
                    "recorded in its history, and their next save will be checked against yours."
                ),
                yes="Take over",
                no="Leave it to them",
            ),
            chosen,
        )

    @work(thread=True, group="editor-lock")
    @guarded("the editor")
    def _take_over(self) -> None:
        problem = self._take_lock(take_over=True)
        self.app.call_from_thread(self._took_over, problem)

    def _took_over(self, problem: LockInfo | str | None) -> None:
        label = self.query_one("#editor-lock", Label)
        if problem is None:
            label.update(Text("You took over editing.", style="dim"))
            if self.holds_lock and self._heartbeat is None:
                self._heartbeat = self.set_interval(HEARTBEAT_EVERY, self._beat)
        else:
            self.notify(str(problem), severity="warning", markup=False)

    def _offer_draft(self, draft: Draft) -> None:
        when = draft.saved_at.strftime("%Y-%m-%d %H:%M") if draft.saved_at else "earlier"

        def chosen(restore: bool | None) -> None:
            if restore:
                self._fill(draft.headline, draft.body, draft.base_version)
                self.dirty = True
                self._state(f"Draft from {when} restored — ctrl+s to save it")
            else:
                self._discard_draft()
                self._state("Draft discarded")

        self.app.push_screen(
            ConfirmDialog(
                "You have an unsaved draft",
                Text(
                    f"A draft of this story from {when} (started from version "
                    f"{draft.base_version}) was never saved."
                ),
                yes="Restore draft",
                no="Discard draft",
            ),
            chosen,
        )

    def _fill(self, headline: str, body: str, version: int) -> None:
        self._filling = True
        self.query_one("#edit-headline", Input).value = headline
        self.query_one("#edit-body", TextArea).load_text(body)
        self.base_version = version
        self.call_after_refresh(self._filled)

    def _filled(self) -> None:
        self._filling = False
        self.query_one("#edit-headline", UndoableInput).reset_history()

    def values(self) -> tuple[str, str]:
        return (
            self.query_one("#edit-headline", Input).value,
            self.query_one("#edit-body", TextArea).text,
        )

    def _state(self, message: str) -> None:
        self.query_one("#editor-state", Label).update(Text(message, style="dim"))

    # -- drafts --------------------------------------------------------------------------
    @on(Input.Changed, "#edit-headline")
    @on(TextArea.Changed, "#edit-body")
    def _typed(self) -> None:
        if self._filling or self.base_version is None:
            return
        self.dirty = True
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(AUTOSAVE_AFTER, self.autosave)

    def autosave(self) -> None:
        if self.dirty and self.base_version is not None:
            headline, body = self.values()
            self._save_draft(headline, body, self.base_version)

    @work(thread=True, group="editor-draft")
    @guarded("the editor")
    def _save_draft(self, headline: str, body: str, base_version: int) -> None:
        try:
            draft = self.drafts.save(
                self.story_id, headline=headline, body=body, base_version=base_version
            )
        except ServiceError as exc:
            self.app.call_from_thread(
                self.notify, f"Draft not saved: {exc}", severity="warning", markup=False
            )
            return
        when = draft.saved_at.strftime("%H:%M:%S") if draft.saved_at else ""
        self.app.call_from_thread(self._state, f"Draft saved {when}")

    @work(thread=True, group="editor-draft")
    @guarded("the editor")
    def _discard_draft(self) -> None:
        self.drafts.discard(self.story_id)

    # -- saving ---------------------------------------------------------------------------
    def action_save(self) -> None:
        if self.base_version is None:
            return
        headline, body = self.values()
        self._save(headline, body, self.base_version, desk_app(self).in_order.ticket())

    @work(thread=True, exclusive=True, group="editor-save")
    @guarded("saving the story")
    def _save(self, headline: str, body: str, version: int, ticket: int) -> None:
        """Save in the key's turn, behind the acts pressed before it; the save goes on the
        undo stack like any act, so `u` on the desk takes it back."""
        app = desk_app(self)
        services = app.services
        try:
            app.in_order.wait(ticket)
            try:
                story = services.stories.edit_text(
                    self.story_id, headline=headline, body=body, expect_version=version
                )
            except Conflict as exc:
                app.call_from_thread(self._conflict, exc, headline, body)
                return
            except ServiceError as exc:
                app.call_from_thread(self.notify, str(exc), severity="warning", markup=False)
                return
            if story.id is not None and story.version != version:
                app.undo.did(Act("edited", ((story.id, story.version),), story.headline))
        finally:
            app.in_order.done(ticket)
        self.drafts.discard(self.story_id)
        app.call_from_thread(self._saved, story)

    def _saved(self, story: Story) -> None:
        self.dirty = False
        if self._timer is not None:
            self._timer.stop()
        self.notify(
            f"Saved story {story.id} (version {story.version}) · u on the desk undoes it",
            markup=False,
        )
        self._leave()

    def _conflict(self, conflict: Conflict, headline: str, body: str) -> None:
        their_fields = {name for change in conflict.since for name in change.changes}
        mine_changed_body = self.story is not None and body != self.story.body

        def chosen(choice: str | None) -> None:
            if choice == REAPPLY:
                self.base_version = conflict.actual
                self._save(headline, body, conflict.actual, desk_app(self).in_order.ticket())
            elif choice in (RELOAD, KEEP_BOTH):
                self._reload(choice, headline, body)

        self.app.push_screen(
            ConflictDialog(conflict, body_changed="body" in their_fields and mine_changed_body),
            chosen,
        )

    @work(thread=True, group="editor-load")
    @guarded("the editor")
    def _reload(self, choice: str, headline: str, body: str) -> None:
        try:
            story = desk_app(self).services.stories.get(self.story_id)
        except ServiceError as exc:
            self.app.call_from_thread(self._failed, str(exc))
            return
        self.app.call_from_thread(self._reloaded, story, choice, headline, body)

    def _reloaded(self, story: Story, choice: str, headline: str, body: str) -> None:
        self.story = story
        if choice == RELOAD:
            self._fill(story.headline, story.body, story.version)
            self.dirty = False
            self._discard_draft()
            self._state(f"Reloaded version {story.version}; your edit was dropped")
        else:
            both = f"{story.body}\n\n{MINE_MARKER}\n\n{body}"
            self._fill(headline, both, story.version)
            self.dirty = True
            self._state("Both bodies are in the editor: merge them, then ctrl+s")

    # -- leaving --------------------------------------------------------------------------
    async def _beat(self) -> None:
        self._heartbeat_worker()

    @work(thread=True, group="editor-lock")
    @guarded("the editor")
    def _heartbeat_worker(self) -> None:
        try:
            desk_app(self).services.locks.heartbeat(self.story_id)
        except ServiceError as exc:
            self.holds_lock = False
            self.app.call_from_thread(
                self.notify, f"Lost the edit lock: {exc}", severity="warning", markup=False
            )

    def action_leave(self) -> None:
        if self.dirty and self.base_version is not None:
            headline, body = self.values()
            drafts, story_id, version = self.drafts, self.story_id, self.base_version
            # on the app, not this screen: the screen's workers end when it closes
            self.app.run_worker(
                lambda: drafts.save(story_id, headline=headline, body=body, base_version=version),
                thread=True,
                group="draft-on-leave",
            )
            self.notify("Not saved — kept as a draft; e offers it again.", markup=False)
        self._leave()

    def _leave(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        if self._heartbeat is not None:
            self._heartbeat.stop()
        if self.holds_lock:
            services = desk_app(self).services
            story_id = self.story_id
            self.holds_lock = False
            self.app.run_worker(
                lambda: services.locks.release(story_id), thread=True, group="locks-release"
            )
        self.dismiss()
