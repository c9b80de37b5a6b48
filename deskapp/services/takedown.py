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
from sqlmodel import col

from deskapp.core.story import Status
from deskapp.services.changes import StoryEdit, apply_change
from deskapp.services.context import ServiceContext
from deskapp.services.errors import NotFound
from deskapp.store.tables import EventRow, ExportFileRow, StoryRow


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
        """Files written before the wire sent a correction of their story, not written
        since: the site shows the uncorrected copy until the story is exported again.
        (A killed or withheld story is to be taken down instead: not listed here.)"""
        corrected_since = (
            select(col(EventRow.id))
            .where(
                col(EventRow.story_id) == col(ExportFileRow.story_id),
                col(EventRow.action) == "wire-update",
                col(EventRow.at) > col(ExportFileRow.written_at),
            )
            .exists()
        )
        with self.ctx.db.read() as session:
            return list(
                session.execute(
                    select(ExportFileRow)
                    .join(StoryRow, col(StoryRow.id) == col(ExportFileRow.story_id))
                    .where(
                        col(StoryRow.corrected).is_(True),
                        col(StoryRow.killed).is_(False),
                        col(StoryRow.withdrawn).is_(False),
                        corrected_since,
                    )
                    .order_by(col(ExportFileRow.story_id), col(ExportFileRow.id))
                ).scalars()
            )

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
