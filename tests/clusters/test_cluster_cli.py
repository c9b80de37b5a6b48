"""`deskapp cluster` and `deskapp list` with clusters, as a script uses them."""

from __future__ import annotations

import json
from pathlib import Path

from deskapp.cli import main

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "clusters"
QUAKE = sorted(str(p) for p in CORPUS.glob("quake-valdoria-*.txt"))
MARKET = str(CORPUS / "market-estmark-reuters-day1.json")


def run(capsys, db: str, *args: str) -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    capsys.readouterr()
    code = main(["--db", db, "--as", "tester", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_list_shows_one_row_a_cluster_and_cluster_shows_its_stories(sqlite_url, capsys):
    assert run(capsys, sqlite_url, "ingest", *QUAKE, MARKET)[0] == 0
    code, out, _ = run(capsys, sqlite_url, "list", "--json")
    rows = json.loads(out)
    assert code == 0 and len(rows) == 2
    quake_row = next(r for r in rows if r["cluster"])
    assert quake_row["cluster"]["stories"] == len(QUAKE)
    assert quake_row["cluster"]["agencies"] == "AFP·AP·R·dpa"
    assert next(r for r in rows if not r["cluster"])["headline"].startswith("Estmark stocks")
    code, out, _ = run(capsys, sqlite_url, "list")
    assert "[AFP·AP·R·dpa 6]" in out and len(out.splitlines()) == 2
    code, out, _ = run(capsys, sqlite_url, "list", "--no-group", "--json")
    assert len(json.loads(out)) == len(QUAKE) + 1

    code, out, _ = run(capsys, sqlite_url, "cluster", str(quake_row["id"]), "--json")
    shown = json.loads(out)
    assert code == 0 and len(shown["stories"]) == len(QUAKE)
    assert shown["agencies"] == ["AFP", "AP", "dpa", "Reuters"]
    code, out, _ = run(capsys, sqlite_url, "cluster", str(quake_row["id"]))
    assert out.splitlines()[0] == f"cluster #{shown['cluster']}: 6 stories (AFP, AP, dpa, Reuters)"


def test_split_join_cover_and_their_one_line_errors(sqlite_url, capsys):
    assert run(capsys, sqlite_url, "ingest", *QUAKE, MARKET)[0] == 0
    rows = json.loads(run(capsys, sqlite_url, "list", "--no-group", "--json")[1])
    market = next(r["id"] for r in rows if r["headline"].startswith("Estmark"))
    quake = sorted(r["id"] for r in rows if r["id"] != market)

    code, out, _ = run(capsys, sqlite_url, "cluster", "split", str(quake[-1]), "--json")
    assert code == 0 and json.loads(out)["changed"][0]["id"] == quake[-1]
    code, _, err = run(capsys, sqlite_url, "cluster", "split", str(market))
    assert code == 1 and len(err.strip().splitlines()) == 1 and "not in a cluster" in err
    code, out, _ = run(capsys, sqlite_url, "cluster", "join", str(quake[0]), str(market))
    assert code == 0 and f"stories {quake[0]} and {market} in one cluster" in out
    code, _, err = run(capsys, sqlite_url, "cluster", "join", str(quake[0]), str(market))
    assert code == 1 and "already in one cluster" in err
    code, out, _ = run(capsys, sqlite_url, "cluster", "cover", str(market))
    assert code == 0 and out.startswith(f"spiked as covered by story {market}")
    code, out, _ = run(capsys, sqlite_url, "history", str(quake[0]))
    assert "spiked as covered by" in out and f"#{market}" in out
    code, _, err = run(capsys, sqlite_url, "cluster", "999")
    assert code == 4 and len(err.strip().splitlines()) == 1


def test_cover_from_a_version_the_story_has_left_exits_3_and_spikes_nothing(sqlite_url, capsys):
    assert run(capsys, sqlite_url, "ingest", *QUAKE)[0] == 0
    rows = json.loads(run(capsys, sqlite_url, "list", "--no-group", "--json")[1])
    chosen = rows[0]["id"]
    assert run(capsys, sqlite_url, "desk", str(chosen), "europe")[0] == 0  # now version 2
    code, _, err = run(capsys, sqlite_url, "cluster", "cover", str(chosen), "--expect-version", "1")
    assert code == 3 and len(err.strip().splitlines()) == 1 and "changed since" in err
    after = json.loads(run(capsys, sqlite_url, "list", "--no-group", "--json")[1])
    assert all(r["status"] != "spiked" for r in after)
