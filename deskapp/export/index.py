"""`index.md`: every exported story in the folder, by desk, in queue order, with links.

Stories exported by this run come first within their desk, in queue order;
stories exported by earlier runs (found by their front matter) follow, newest
first. Titles are escaped like body copy; links are the exporter's own safe
file names, so they need no escaping.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from deskapp.export.markdown import FENCE, dump_front_matter, escape_line
from deskapp.export.writer import INDEX_MARKER

TITLE = "Wire stories"
NO_DESK = "No desk"


@dataclass(frozen=True, slots=True)
class IndexEntry:
    name: str  # the file name, also the link
    title: str
    desk: str | None
    date: str = ""


def build_index(current: Sequence[IndexEntry], earlier: Sequence[IndexEntry],
                desk_names: Mapping[str, str]) -> str:
    """The whole index.md. `current` in queue order; `earlier` in any order."""
    seen = {e.name for e in current}
    older = sorted((e for e in earlier if e.name not in seen),
                   key=lambda e: (e.date, e.name), reverse=True)
    by_desk: dict[str | None, list[IndexEntry]] = {}
    for entry in [*current, *older]:
        by_desk.setdefault(entry.desk, []).append(entry)
    order = [code for code in desk_names if code in by_desk]
    order += sorted(code for code in by_desk if code is not None and code not in desk_names)
    if None in by_desk:
        order.append(None)
    lines = [FENCE, dump_front_matter({"title": TITLE, INDEX_MARKER: True}).rstrip("\n"),
             FENCE, ""]
    for code in order:
        name = NO_DESK if code is None else desk_names.get(code, code)
        lines += [f"## {escape_line(name)}", ""]
        lines += [f"- [{escape_line(e.title) or e.name}]({e.name})" for e in by_desk[code]]
        lines.append("")
    if not order:
        lines += ["No stories exported yet.", ""]
    return "\n".join(lines)
