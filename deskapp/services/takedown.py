"""Taking exported stories down: `deskapp unpublish ID` and `export --take-down`.

Every file an export writes is recorded in `export_file` (folder, name, the
SHA-256 of what was written). Taking a story down removes each of its files,
forgets them, rebuilds the index of each folder they were in, and records the
change in the story's history: the story is no longer published (its
`exported_at` is cleared; it goes back to the desk, or the inbox) so the next
`export --all` does not write it again. A story the wire killed after it was
exported is taken down the same way by `export --take-down`. A story the wire
corrected after its files were written is listed (`corrected_files`) so that it is
exported again.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import delete, select
from sqlmodel import Session, col

from deskapp.core.story import Status
from deskapp.core.wire_alert import parse_alert
from deskapp.core.wire_versions import waiting_line
from deskapp.services.changes import StoryEdit, apply_change
from deskapp.services.context import ServiceContext
from deskapp.services.errors import NotFound
from deskapp.store.tables import EventRow, ExportFileRow, StoryRow, StoryVersionRow

WIRE_UPDATE = "wire-update"


def exported_files(ctx: ServiceContext, folder: Path) -> dict[str, tuple[int, str]]:
    """File name -> (story id, SHA-256 of what export wrote) for the files recorded in
    `folder`."""
    with ctx.db.read() as session:
        rows = session.execute(
            select(
                col(ExportFileRow.name), col(ExportFileRow.story_id), col(ExportFileRow.sha256)
            ).where(col(ExportFileRow.folder) == str(folder))
        )
        return {name: (sid, digest) for name, sid, digest in rows}


class TakeDown:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def killed_files(self) -> list[ExportFileRow]:
        """Files still published for stories the wire has killed or withheld since."""
        with self.ctx.db.read() as session:
            return list(
                session.execute(
                    select(ExportFileRow)
                    .join(StoryRow, col(StoryRow.id) == col(ExportFileRow.story_id))
                    .where(col(StoryRow.killed).is_(True) | col(StoryRow.withdrawn).is_(True))
                    .order_by(col(ExportFileRow.story_id), col(ExportFileRow.id))
                ).scalars()
            )

    def corrected_files(self) -> list[ExportFileRow]:
        """Files the site shows uncorrected: written before a wire update that corrected
        their story (one that raised a correction alert, held for the editor or not),
        and not written since; or any file of a story whose correction still waits for
        the editor's choice (`wire_pending`): exported again before that choice, it still
        is not corrected. (A killed or withheld story is to be taken down instead.)"""
        with self.ctx.db.read() as session:
            files = list(
                session.execute(
                    select(ExportFileRow)
                    .join(StoryRow, col(StoryRow.id) == col(ExportFileRow.story_id))
                    .where(col(StoryRow.killed).is_(False), col(StoryRow.withdrawn).is_(False))
                    .order_by(col(ExportFileRow.story_id), col(ExportFileRow.id))
                ).scalars()
            )
            if not files:
                return []
            updates = session.execute(
                select(col(ExportFileRow.id), col(EventRow.changes))
                .join(EventRow, col(EventRow.story_id) == col(ExportFileRow.story_id))
                .where(
                    col(EventRow.action) == WIRE_UPDATE,
                    col(EventRow.at) > col(ExportFileRow.written_at),
                )
            ).all()
            fixed = {fid for fid, changes in updates if _corrected(changes)}
            waiting = set(self.corrections_waiting(session))
        return [f for f in files if f.id in fixed or f.story_id in waiting]

    def corrections_waiting(self, session: Session) -> dict[int, str]:
        """Stories whose held wire version is a correction: what to do about each."""
        rows = session.execute(
            select(col(StoryRow.id))
            .join(
                StoryVersionRow,
                (col(StoryVersionRow.story_id) == col(StoryRow.id))
                & (col(StoryVersionRow.n) == col(StoryRow.wire_pending)),
            )
            .where(col(StoryVersionRow.corrected).is_(True))
        ).scalars()
        return {sid: waiting_line(sid, "CORRECTION") for sid in rows}

    def files_of(self, story_id: int) -> list[ExportFileRow]:
        with self.ctx.db.read() as session:
            if session.get(StoryRow, story_id) is None:
                raise NotFound(f"no story {story_id}")
            return list(
                session.execute(
                    select(ExportFileRow)
                    .where(col(ExportFileRow.story_id) == story_id)
                    .order_by(col(ExportFileRow.id))
                ).scalars()
            )

    def unpublish(self, story_id: int) -> list[str]:
        """Remove every exported file of the story and rebuild those folders' indexes;
        returns the paths removed. NotFound when the story has no exported file."""
        rows = self.files_of(story_id)
        if not rows:
            raise NotFound(f"story {story_id} has no exported file to take down")
        for row in rows:
            self.remove(row, action="unpublish")
        self.rebuild_indexes({(Path(r.folder), r.target) for r in rows})
        return [str(Path(r.folder) / r.name) for r in rows]

    def remove(self, row: ExportFileRow, *, action: str) -> None:
        """Remove one exported file (gone already is fine) and record it."""
        path = Path(row.folder) / row.name
        try:
            if path.is_symlink() or path.is_file():
                path.unlink()
        except FileNotFoundError:
            pass
        except OSError as exc:
            from deskapp.export.writer import ExportWriteError

            raise ExportWriteError(f"cannot remove {path}: {exc.strerror or exc}") from None

        def apply(edit: StoryEdit) -> None:
            edit.set("exported_at", None)
            if edit.row.status == Status.PUBLISHED:
                edit.set("status", str(Status.EDITING if edit.row.desk else Status.INBOX))

        with self.ctx.db.write() as session:
            session.execute(delete(ExportFileRow).where(col(ExportFileRow.id) == row.id))
            apply_change(session, self.ctx, row.story_id, action, apply)

    def rebuild_indexes(self, folders: set[tuple[Path, str]]) -> None:
        """Write each folder's index again from the story files it now holds."""
        from deskapp.export.targets import get_target
        from deskapp.export.writer import ExportFolder
        from deskapp.services.export import rebuild_index

        desks = {d.code: d.name for d in self.ctx.settings.desks}
        for files, target_name in folders:
            target = get_target(target_name)
            root = files.parent if target.posts_dir else files
            if root.is_dir():
                rebuild_index(ExportFolder.open(root, target, create=False), desks)


def _corrected(changes: object) -> bool:
    """The wire update raised a correction alert (`deskapp.services.wire_alerts`)."""
    pair = changes.get("alert") if isinstance(changes, dict) else None
    if not isinstance(pair, list) or len(pair) != 2:
        return False
    alert = parse_alert(0, "", str(pair[1] or ""))
    return alert is not None and alert.what == "corrected"
