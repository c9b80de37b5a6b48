"""Clusters across agencies: a cluster's stories, and the editor's changes to clusters.

Stories on one event are grouped at ingest (deskapp/services/cluster_ingest.py). Here:

- `members`: the stories of a story's cluster, oldest first;
- `split`: take a story out of its cluster;
- `join`: put two stories' clusters together;
- `cover`: spike the other stories of a cluster as covered by the chosen one.

Each is one transaction, and each story it changes gets a history event
(`cluster-split`, `cluster-join`, `cover`) recording its `cluster_id` (or status)
before and after, so the editor's undo takes it back story by story. A cluster's
label is the id of its first story; when that story leaves, the others are given
the id of the first one left, so a label never names a story outside the cluster.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlmodel import Session, col

from deskapp.core.listing import StoryChange, StorySummary
from deskapp.core.story import Status
from deskapp.services.changes import (
    StoryEdit,
    apply_change,
    changes_since,
    lock_story_row,
    notify,
)
from deskapp.services.context import ServiceContext
from deskapp.services.errors import Conflict, InvalidInput, NotFound
from deskapp.store import clusters, listing
from deskapp.store.tables import StoryRow


@dataclass
class ClusterChange:
    """What one cluster act changed: (story id, version it produced) per story."""

    act: str  # "split" | "join" | "cover"
    story_id: int  # the story the editor chose
    changed: list[tuple[int, int]] = field(default_factory=list)

    def versions(self) -> dict[int, int]:
        return dict(self.changed)


@dataclass(frozen=True)
class Cluster:
    """A story's cluster: its label (None: the story is alone) and its stories."""

    label: int | None
    members: list[StorySummary]

    @property
    def agencies(self) -> list[str]:
        return list(dict.fromkeys(m.agency for m in self.members if m.agency))


CLUSTER = frozenset({"cluster"})  # what a story's change touched: its cluster


class ClusterService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    # -- reading -----------------------------------------------------------------
    def members(self, story_id: int) -> Cluster:
        """The cluster of `story_id`: its stories oldest first (the story alone if none)."""
        with self.ctx.db.read() as session:
            row = session.get(StoryRow, story_id)
            if row is None:
                raise NotFound(f"no story {story_id}")
            label = row.cluster_id
            ids = clusters.member_ids(session.connection(), label) if label else [story_id]
            found = listing.summaries(session, ids, self.ctx.now())
            return Cluster(label, [found[i] for i in ids if i in found])

    def member_ids(self, labels: list[int]) -> list[int]:
        """The stories of these clusters (a desk places them again when one changed)."""
        if not labels:
            return []
        with self.ctx.db.read() as session:
            return clusters.members_of(session.connection(), labels)

    # -- changing ----------------------------------------------------------------
    def split(self, story_id: int, *, expect_version: int | None = None) -> ClusterChange:
        """Take the story out of its cluster. The cluster keeps its other stories (one
        left alone is alone again); refused for a story that is in none."""
        out = ClusterChange("split", story_id)
        with self.ctx.db.write() as session:
            row = lock_story_row(session, story_id)
            label = row.cluster_id
            if label is None:
                raise InvalidInput(f"story {story_id} is not in a cluster")
            others = [i for i in clusters.member_ids(session.connection(), label) if i != story_id]
            self._set(session, out, story_id, None, "cluster-split", expect_version)
            if len(others) == 1:
                self._set(session, out, others[0], None, "cluster-split")
            elif label == story_id and others:
                new_label = min(others)
                for sid in others:
                    self._set(session, out, sid, new_label, "cluster-split")
            # the rest of the cluster keeps its label, but its row on a live desk changes
            # (the story split out may have stood for it): placed again there
            changed = {sid for sid, _ in out.changed}
            notify(session, [StoryChange(sid, CLUSTER) for sid in others if sid not in changed])
        return out

    def join(self, first: int, second: int) -> ClusterChange:
        """Put the clusters of two stories together (a story alone counts as a cluster
        of one). The joined cluster keeps the label of the older one."""
        if first == second:
            raise InvalidInput("a story cannot be joined with itself")
        out = ClusterChange("join", first)
        with self.ctx.db.write() as session:
            rows = {sid: lock_story_row(session, sid) for sid in sorted((first, second))}
            groups = []
            for sid in (first, second):
                label = rows[sid].cluster_id
                ids = clusters.member_ids(session.connection(), label) if label else [sid]
                groups.append((label or sid, ids))
            if groups[0][0] == groups[1][0]:
                raise InvalidInput(f"stories {first} and {second} are already in one cluster")
            label = min(groups[0][0], groups[1][0])
            for sid in sorted({*groups[0][1], *groups[1][1]}):
                self._set(session, out, sid, label, "cluster-join")
        return out

    def cover(self, story_id: int, *, expect_version: int | None = None) -> ClusterChange:
        """Spike the cluster's other stories (those not spiked yet) as covered by this
        one; each one's history says so ("covered by #N"). Queued ones leave the queue."""
        out = ClusterChange("cover", story_id)
        with self.ctx.db.write() as session:
            row = lock_story_row(session, story_id)
            if expect_version is not None and row.version != expect_version:
                raise Conflict(
                    story_id,
                    expect_version,
                    row.version,
                    changes_since(session, story_id, expect_version),
                )
            if row.cluster_id is None:
                raise InvalidInput(f"story {story_id} is not in a cluster")
            others = [
                i
                for i in clusters.member_ids(session.connection(), row.cluster_id)
                if i != story_id
            ]
            statuses = dict(
                session.execute(
                    select(col(StoryRow.id), col(StoryRow.status)).where(
                        col(StoryRow.id).in_(others)
                    )
                ).all()
            )
            for sid in others:
                # spiked already, or published (on the site: taking it down is
                # `unpublish`, not a spike): left as they are
                if statuses.get(sid) in (Status.SPIKED, Status.PUBLISHED):
                    continue

                def apply(edit: StoryEdit) -> None:
                    edit.set("status", str(Status.SPIKED))
                    edit.set("queue_position", None)
                    edit.changes["covered_by"] = [None, story_id]

                if apply_change(session, self.ctx, sid, "cover", apply):
                    out.changed.append((sid, _version(session, sid)))
            if not out.changed:
                raise InvalidInput(
                    f"the other stories of story {story_id}'s cluster are spiked or published"
                )
        return out

    def _set(
        self,
        session: Session,
        out: ClusterChange,
        story_id: int,
        label: int | None,
        action: str,
        expect_version: int | None = None,
    ) -> None:
        def apply(edit: StoryEdit) -> None:
            edit.set("cluster_id", label)

        if apply_change(session, self.ctx, story_id, action, apply, expect_version=expect_version):
            out.changed.append((story_id, _version(session, story_id)))


def _version(session: Session, story_id: int) -> int:
    row = session.get(StoryRow, story_id)
    return row.version if row is not None else 0
