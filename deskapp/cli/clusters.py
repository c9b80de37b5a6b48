"""`cluster show|split|join|cover`: stories on one event, grouped across agencies.

`cluster ID` is short for `cluster show ID` (see `SHORTHANDS` in deskapp/cli/__init__.py).
"""

from __future__ import annotations

import argparse
import shutil

from deskapp.cli.runtime import Cli, add_expect_version, story_id

DESCRIPTION = """\
Stories about the same event, grouped as they come in (several agencies, their
updates): see docs/clusters.md. `deskapp list` shows one row a cluster, marked
with its agencies and size (`[R·AP·AFP 5]`); `list --no-group` shows every story.

  show ID         the stories of story ID's cluster, oldest first.
  split ID        take story ID out of its cluster.
  join ID OTHER   put the clusters of two stories together.
  cover ID        spike the cluster's other stories as covered by story ID.

Each change is in every story's history it touched (`deskapp history ID`), and
`deskapp undo N` on each story it touched takes it back (for a cover: each covered
story, not story ID)."""

EPILOG = """\
examples:
  deskapp cluster 12
  deskapp cluster show 12 --json
  deskapp cluster split 14
  deskapp cluster join 12 30
  deskapp cluster cover 12"""


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser(
        "cluster",
        parents=[common],
        help="stories on one event across agencies: show, split, join, cover",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    actions = p.add_subparsers(dest="cluster_action", metavar="ACTION", required=True)
    show = actions.add_parser(
        "show",
        parents=[common],
        help="the stories of a story's cluster",
        description="The stories of story ID's cluster, oldest first (`deskapp cluster ID`).",
        epilog="examples:\n  deskapp cluster show 12\n  deskapp cluster show 12 --json",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    show.add_argument("id", type=story_id)
    show.add_argument("--json", action="store_true", help="print the cluster as JSON")
    show.set_defaults(run=run_show)
    split = actions.add_parser(
        "split",
        parents=[common],
        help="take a story out of its cluster",
        description="Take story ID out of its cluster; the others stay together (one "
        "left alone is alone again). Recorded in each story's history; undone by undo.",
        epilog="examples:\n  deskapp cluster split 14\n  deskapp undo 14",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    split.add_argument("id", type=story_id)
    add_expect_version(split)
    split.add_argument("--json", action="store_true", help="print what changed as JSON")
    split.set_defaults(run=run_split)
    join = actions.add_parser(
        "join",
        parents=[common],
        help="put two stories' clusters together",
        description="Put the clusters of stories ID and OTHER together (a story alone "
        "is a cluster of one). Recorded in the history of each story that moved.",
        epilog="examples:\n  deskapp cluster join 12 30",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    join.add_argument("id", type=story_id)
    join.add_argument("other", type=story_id)
    join.add_argument("--json", action="store_true", help="print what changed as JSON")
    join.set_defaults(run=run_join)
    cover = actions.add_parser(
        "cover",
        parents=[common],
        help="spike the cluster's other stories as covered by this one",
        description="Spike the other stories of story ID's cluster (those not spiked "
        "yet; published ones stay published: `unpublish` takes a story off the site); each "
        "one's history says `spiked as covered by #ID`. The output names them: `deskapp "
        "undo N` on a covered story brings it back (story ID itself did not change).",
        epilog="examples:\n  deskapp cluster cover 12\n  deskapp undo 13",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    cover.add_argument("id", type=story_id)
    add_expect_version(cover)
    cover.add_argument("--json", action="store_true", help="print what changed as JSON")
    cover.set_defaults(run=run_cover)


def run_show(cli: Cli) -> int:
    from deskapp.cli.render import summary_json, summary_line

    cluster = cli.services.clusters.members(cli.args.id)
    if cli.args.json:
        return cli.json(
            {
                "cluster": cluster.label,
                "agencies": cluster.agencies,
                "stories": [summary_json(s) for s in cluster.members],
            }
        )
    if cluster.label is None:
        cli.print(f"story {cli.args.id} is in no cluster")
    else:
        names = ", ".join(cluster.agencies) or "no agency"
        cli.print(f"cluster #{cluster.label}: {len(cluster.members)} stories ({names})")
    width = shutil.get_terminal_size((100, 24)).columns
    for s in cluster.members:
        cli.print(summary_line(s, width, cli.services.ctx.now()))
    return 0


def _report(cli: Cli, words: str, changed: list[tuple[int, int]]) -> int:
    if cli.args.json:
        return cli.json({"changed": [{"id": sid, "version": v} for sid, v in changed]})
    stories = ", ".join(f"{sid} (version {v})" for sid, v in changed)
    cli.print(f"{words}: {stories}")
    return 0


def run_split(cli: Cli) -> int:
    done = cli.services.clusters.split(cli.args.id, expect_version=cli.args.expect_version)
    return _report(cli, f"story {cli.args.id} taken out of its cluster", done.changed)


def run_join(cli: Cli) -> int:
    done = cli.services.clusters.join(cli.args.id, cli.args.other)
    return _report(cli, f"stories {cli.args.id} and {cli.args.other} in one cluster", done.changed)


def run_cover(cli: Cli) -> int:
    done = cli.services.clusters.cover(cli.args.id, expect_version=cli.args.expect_version)
    return _report(cli, f"spiked as covered by story {cli.args.id}", done.changed)
