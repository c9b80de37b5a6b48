"""The index (`index.md`, Hugo's `_index.md`): every exported story, by desk, linked.

Stories exported by this run come first within their desk, in queue order;
stories exported by earlier runs (found by their front matter) follow, newest
first. Titles are escaped like wire copy; each link is where the target serves
the page (`slug/` on a site, `name.html` for Pandoc, the file itself for
`plain`), made of the exporter's own safe names, so it needs no escaping.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from deskapp.core.markdown_body import one_line_markdown
from deskapp.export.markdown import FENCE, dump_front_matter
from deskapp.export.targets import Target

TITLE = "Wire stories"
NO_DESK = "No desk"


@dataclass(frozen=True, slots=True)
class IndexEntry:
    name: str  # the file name, also the link
    title: str
    desk: str | None
    date: str = ""


def build_index(
    current: Sequence[IndexEntry],
    earlier: Sequence[IndexEntry],
    desk_names: Mapping[str, str],
    target: Target,
    section: str,
) -> str:
    """The whole index. `current` in queue order; `earlier` in any order."""
    seen = {e.name for e in current}
    older = sorted(
        (e for e in earlier if e.name not in seen), key=lambda e: (e.date, e.name), reverse=True
    )
    by_desk: dict[str | None, list[IndexEntry]] = {}
    for entry in [*current, *older]:
        by_desk.setdefault(entry.desk, []).append(entry)
    order: list[str | None] = [code for code in desk_names if code in by_desk]
    order += sorted(code for code in by_desk if code is not None and code not in desk_names)
    if None in by_desk:
        order.append(None)
    head = [FENCE, dump_front_matter(target.index_fields(section, TITLE)).rstrip("\n"), FENCE, ""]
    lines: list[str] = []
    for code in order:
        name = NO_DESK if code is None else desk_names.get(code, code)
        lines += [f"## {one_line_markdown(name)}", ""]
        lines += [
            f"- [{one_line_markdown(e.title) or e.name}]"
            f"({target.link(e.name, e.name[len('YYYY-MM-DD-') : -len('.md')])})"
            for e in by_desk[code]
        ]
        lines.append("")
    if not order:
        lines += ["No stories exported yet.", ""]
    return "\n".join(head) + "\n" + target.body("\n".join(lines))
