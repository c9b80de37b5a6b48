"""Every desk action, defined once: its id, default key, footer label, help line, palette entry.

A screen's `BINDINGS`, the `?` help, and the command palette are all built from
`ACTIONS`, so they can never disagree. Keys are remapped by id from the config
file (``[keys]`` in config.toml, e.g. ``spike = "ctrl+d"``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from textual.binding import Binding, BindingType

# Where an action applies. A screen collects the scopes it supports.
LIST = "list"  # the story lists (inbox, desks, queue, follow-ups, spiked)
STORY = "story"  # one story, on the list (the story under the cursor) or the story screen
NAV = "nav"  # moving in a list
EDIT = "edit"  # the headline/body editor
QUEUE = "queue"  # the queue view (3)
BOARD = "board"  # the follow-ups board (4)
DESKS = "desks"  # the desks view (2)
READ = "read"  # the story screen (enter on a story)
HISTORY = "history"  # the history panel of a story (h)
SUGGEST = "suggest"  # the suggested follow-ups of a story (a)
GLOBAL = "global"


@dataclass(frozen=True, slots=True)
class DeskAction:
    """One thing an editor can do, and everything needed to offer it."""

    id: str
    key: str
    action: str  # the Textual action run where it is bound, e.g. "search", "story('spike')"
    label: str  # short, for the footer
    help: str  # one line, for `?` help and the palette
    scopes: tuple[str, ...]
    footer: bool = True
    palette: bool = True
    key_display: str | None = None
    needs: str | None = None  # the permission it needs on a desk with roles (core.permissions)

    def binding(self, keymap: Mapping[str, str] | None = None) -> Binding:
        key = (keymap or {}).get(self.id, self.key)
        display = None if keymap and self.id in keymap else self.key_display
        return Binding(
            key, self.action, self.label, show=self.footer, key_display=display, id=self.id
        )

    def palette_title(self) -> str:
        """The palette's title; its help line is shown under it, once."""
        return self.label


ACTIONS: tuple[DeskAction, ...] = (
    # everywhere: in the footer, each view's own keys (bound on its pane) come first,
    # then `? Help` (always in view at 80 columns), then the story keys
    DeskAction(
        "help",
        "question_mark",
        "help",
        "Help",
        "every key on this screen",
        (GLOBAL,),
        key_display="?",
    ),
    # views
    DeskAction(
        "view_inbox", "1", "view('inbox')", "Inbox", "new wire, newest first", (LIST,), footer=False
    ),
    DeskAction(
        "view_desks",
        "2",
        "view('desks')",
        "Desks",
        "stories by desk, with counts",
        (LIST,),
        footer=False,
    ),
    DeskAction(
        "view_queue",
        "3",
        "view('queue')",
        "Queue",
        "the publication queue in order",
        (LIST,),
        footer=False,
    ),
    DeskAction(
        "view_followups",
        "4",
        "view('followups')",
        "Follow-ups",
        "open notes with due dates",
        (LIST,),
        footer=False,
    ),
    DeskAction(
        "view_spiked",
        "5",
        "view('spiked')",
        "Spiked",
        "spiked stories, recoverable",
        (LIST,),
        footer=False,
    ),
    # moving
    DeskAction(
        "cursor_down",
        "j,down",
        "cursor_down",
        "Down",
        "next story",
        (NAV,),
        footer=False,
        palette=False,
    ),
    DeskAction(
        "cursor_up",
        "k,up",
        "cursor_up",
        "Up",
        "previous story",
        (NAV,),
        footer=False,
        palette=False,
    ),
    DeskAction("cursor_top", "g,home", "cursor_top", "Top", "first story", (NAV,), footer=False),
    DeskAction(
        "cursor_bottom", "G,end", "cursor_bottom", "Bottom", "last story", (NAV,), footer=False
    ),
    DeskAction(
        "page_down",
        "pagedown",
        "page_down",
        "Page down",
        "one screen down",
        (NAV,),
        footer=False,
        palette=False,
    ),
    DeskAction(
        "page_up",
        "pageup",
        "page_up",
        "Page up",
        "one screen up",
        (NAV,),
        footer=False,
        palette=False,
    ),
    DeskAction(
        "select",
        "space",
        "toggle_select",
        "Select",
        "select several stories (t, p, o, s then apply to all)",
        (NAV,),
        footer=False,
    ),
    DeskAction("open", "enter", "open_story", "Open", "read the story", (LIST,), footer=False),
    # the desks view
    DeskAction(
        "desk_previous",
        "left_square_bracket",
        "desk(-1)",
        "Desk ↑",
        "show the previous desk",
        (DESKS,),
        key_display="[",
    ),
    DeskAction(
        "desk_next",
        "right_square_bracket",
        "desk(1)",
        "Desk ↓",
        "show the next desk",
        (DESKS,),
        key_display="]",
    ),
    # the story screen of a story in a cluster: its other stories
    DeskAction(
        "cluster_next",
        "right_square_bracket",
        "cluster(1)",
        "Next in cluster",
        "the cluster's next story (another agency, a later update)",
        (READ,),
        footer=False,
        key_display="]",
    ),
    DeskAction(
        "cluster_previous",
        "left_square_bracket",
        "cluster(-1)",
        "Previous in cluster",
        "the cluster's previous story",
        (READ,),
        footer=False,
        key_display="[",
    ),
    # the queue view
    DeskAction(
        "queue_down",
        "J",
        "queue_move('down')",
        "Move",
        "move the story one place down the queue (K: up)",
        (QUEUE,),
        key_display="J/K",
        needs="queue",
    ),
    DeskAction(
        "queue_up",
        "K",
        "queue_move('up')",
        "Move up",
        "move the story one place up the queue",
        (QUEUE,),
        footer=False,
        needs="queue",
    ),
    DeskAction(
        "priority",
        "P",
        "set_priority",
        "Priority",
        "set the wire priority (1 flash … 6 ordinary, 9 lowest)",
        (QUEUE,),
        needs="priority",
    ),
    DeskAction(
        "embargo",
        "E",
        "set_embargo",
        "Embargo",
        "hold the story until a time (fri 15:00, 13/2, +2h); empty lifts it",
        (QUEUE,),
        needs="embargo",
    ),
    DeskAction(
        "preview",
        "v",
        "preview",
        "Preview",
        "what export will publish for the story: front matter, page, the raw file",
        (QUEUE, READ),
    ),
    DeskAction(
        "versions",
        "V",
        "story('versions')",
        "Versions",
        "the wire's versions: compare two word by word; take, keep or merge a waiting update",
        (STORY,),
        footer=False,
    ),
    # the follow-ups board
    DeskAction(
        "resolve_note",
        "x",
        "resolve_note",
        "Resolve",
        "resolve the follow-up (it stays on the story)",
        (BOARD,),
        needs="note",
    ),
    DeskAction(
        "edit_note",
        "e",
        "edit_note",
        "Edit note",
        "edit the follow-up's text and due date",
        (BOARD,),
        needs="note",
    ),
    # the story
    DeskAction(
        "edit",
        "e",
        "story('edit_story')",
        "Edit",
        "edit headline and body",
        (STORY,),
        footer=False,
        needs="edit",
    ),
    DeskAction(
        "tag_desk",
        "t",
        "story('tag_desk')",
        "Desk",
        "tag the desk (the suggestion preselected; a selection: each its own)",
        (STORY,),
        needs="desk",
    ),
    DeskAction(
        "credits",
        "c",
        "story('edit_credits')",
        "Credits",
        "edit credits by role",
        (STORY,),
        footer=False,
        needs="credits",
    ),
    DeskAction(
        "note",
        "n",
        "story('add_note')",
        "Note",
        "add a follow-up note, with a due date",
        (STORY,),
        footer=False,
        needs="note",
    ),
    DeskAction(
        "queue",
        "p",
        "story('queue')",
        "Queue",
        "queue for publication (a selection: all of it; queued ones stay; "
        "refused as not ready: p again within 10 s queues anyway, flagged)",
        (STORY,),
        needs="queue",
    ),
    DeskAction(
        "unqueue",
        "o",
        "story('unqueue')",
        "Unqueue",
        "take the story (or the selection) out of the queue",
        (STORY,),
        footer=False,
        needs="queue",
    ),
    DeskAction(
        "spike",
        "s",
        "story('spike')",
        "Spike",
        "spike (or unspike) — soft, recoverable",
        (STORY,),
        needs="spike",
    ),
    DeskAction(
        "undo",
        "u",
        "story('undo')",
        "Undo",
        "undo your last act (the notice names the story); again for older ones",
        (STORY,),
        needs="undo",
    ),
    DeskAction(
        "redo",
        "U",
        "story('redo')",
        "Redo",
        "redo the act you last undid",
        (STORY,),
        footer=False,
        needs="undo",
    ),
    # clusters: stories on one event across agencies (docs/clusters.md)
    DeskAction(
        "cover",
        "C",
        "story('cover')",
        "Cover",
        "spike the other stories of the story's cluster as covered by it",
        (STORY,),
        footer=False,
        needs="spike",
    ),
    DeskAction(
        "split",
        "X",
        "story('split')",
        "Split",
        "take the story out of its cluster",
        (STORY,),
        footer=False,
        needs="desk",
    ),
    DeskAction(
        "join",
        "plus",
        "story('join')",
        "Join",
        "put the clusters of the two selected stories together",
        (STORY,),
        footer=False,
        key_display="+",
        needs="desk",
    ),
    DeskAction(
        "suggestions",
        "a",
        "story('suggestions')",
        "Suggested",
        "follow-ups the copy suggests: accept one with a key, or ignore",
        (STORY,),
        footer=False,
    ),
    DeskAction(
        "history",
        "h",
        "story('history')",
        "History",
        "every change: who, when, before → after; revert one",
        (STORY,),
        footer=False,
    ),
    # the history panel and the suggestions
    DeskAction(
        "revert",
        "r",
        "revert",
        "Revert",
        "put back what the selected change replaced (asks first)",
        (HISTORY,),
        needs="revert",
    ),
    DeskAction(
        "accept_suggestion",
        "a",
        "accept",
        "Accept",
        "add the highlighted suggestion as a follow-up note",
        (SUGGEST,),
        needs="note",
    ),
    # the lists
    DeskAction(
        "search",
        "slash",
        "search",
        "Search",
        "full-text search as you type",
        (LIST,),
        key_display="/",
    ),
    DeskAction(
        "filter", "f", "filter", "Filter", "filter by desk, status, agency", (LIST,), footer=False
    ),
    DeskAction(
        "ingest",
        "i",
        "ingest",
        "Ingest",
        "take in a file, folder or URL",
        (LIST,),
        footer=False,
        needs="ingest",
    ),
    DeskAction("refresh", "r", "refresh", "Refresh", "reload the list", (LIST,), footer=False),
    # editor
    DeskAction(
        "save", "ctrl+s", "save", "Save", "save the headline and body", (EDIT,), needs="edit"
    ),
    DeskAction(
        "leave_editor",
        "escape",
        "leave",
        "Leave",
        "leave the editor (unsaved text is kept as a draft)",
        (EDIT,),
    ),
    DeskAction("back", "q", "back", "Back", "back; quit from a top view", (GLOBAL,)),
)

BY_ID: dict[str, DeskAction] = {a.id: a for a in ACTIONS}


def actions_for(scopes: Iterable[str]) -> list[DeskAction]:
    wanted = set(scopes)
    return [a for a in ACTIONS if wanted.intersection(a.scopes)]


def bindings_for(*scopes: str) -> list[BindingType]:
    """Default bindings; the app's keymap (from the config) remaps them by id."""
    return [a.binding() for a in actions_for(scopes)]


def shown_key(action: DeskAction, keymap: Mapping[str, str]) -> str:
    """The key as an editor types it, after any remapping."""
    key = keymap.get(action.id)
    if key is None:
        return action.key_display or action.key.replace(",", " ")
    return key.replace(",", " ")


# Scopes whose keys are live at the same moment: the desk screen with its list, a
# story's screen, and each pane or screen that binds its own. A pane's keys come
# before the screen's on purpose (`e` edits a note on the board, a story elsewhere).
LIVE_TOGETHER = (
    frozenset({LIST, STORY, GLOBAL, NAV}),
    frozenset({STORY, READ, GLOBAL}),
    *(frozenset({scope}) for scope in (EDIT, HISTORY, SUGGEST, QUEUE, BOARD, DESKS)),
)


def keymap_clashes(keymap: Mapping[str, str]) -> tuple[dict[str, str], list[str]]:
    """The keymap without the entries that would give an action a key another action
    live beside it has (which of the two a press would run is not for an editor to
    guess), and one line for each entry left out."""
    usable = {k: v for k, v in keymap.items() if k in BY_ID}
    said: list[str] = []
    while True:
        clash = _first_clash(usable)
        if clash is None:
            return usable, said
        moved, key, other = clash
        said.append(
            f'[keys] {moved} = "{usable.pop(moved)}" left out: {key} is already '
            f"{BY_ID[other].label} ({other}); {moved} stays on {shown_key(BY_ID[moved], usable)}"
        )


def _first_clash(keymap: Mapping[str, str]) -> tuple[str, str, str] | None:
    """(a remapped action, the key, the action that has it too), or None."""
    for together in LIVE_TOGETHER:
        owner: dict[str, str] = {}
        for action in ACTIONS:
            if not together.intersection(action.scopes):
                continue
            for key in keymap.get(action.id, action.key).split(","):
                key = key.strip()
                other = owner.setdefault(key, action.id)
                if other != action.id:
                    moved = action.id if action.id in keymap else other
                    return moved, key, action.id if moved == other else other
    return None


def unknown_ids(keymap: Mapping[str, str]) -> list[str]:
    """Keymap entries that name no action (reported once at startup)."""
    return sorted(k for k in keymap if k not in BY_ID)
