"""The README's permission matrix is the code's own table, regenerated: they cannot drift."""

from __future__ import annotations

import pytest

from deskapp.core.permissions import (
    ACTIONS,
    MATRIX_BEGIN,
    MATRIX_END,
    DeskRole,
    allowed,
    matrix_markdown,
    refusal,
)
from tests.conftest import REPO


def test_the_readme_matrix_is_generated_from_the_permission_table():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    start = readme.index(MATRIX_BEGIN)
    end = readme.index(MATRIX_END) + len(MATRIX_END)
    assert readme[start:end] == matrix_markdown(), (
        "README's permission matrix is stale: paste deskapp.core.permissions.matrix_markdown()"
    )


def test_every_role_has_everything_the_role_below_has():
    for lower, higher in zip(DeskRole, list(DeskRole)[1:], strict=False):
        for act in ACTIONS:
            assert allowed(higher, act.key) or not allowed(lower, act.key)


@pytest.mark.parametrize(
    "role, key, expected",
    [
        (DeskRole.REPORTER, "note", True),
        (DeskRole.REPORTER, "queue", False),
        (DeskRole.EDITOR, "queue", True),
        (DeskRole.EDITOR, "export", False),
        (DeskRole.CHIEF, "revert", True),
        (DeskRole.CHIEF, "people", False),
        (DeskRole.ADMIN, "act_as", True),
        (None, "export", True),
    ],
)
def test_who_may_do_what(role, key, expected):
    assert allowed(role, key) is expected


def test_the_refusal_names_the_action_the_role_needed_and_who_you_are():
    assert refusal("queue", "ana", DeskRole.REPORTER) == (
        "not allowed: queueing needs the editor role (you are ana, reporter)"
    )


def test_role_names_parse_as_people_type_them():
    assert DeskRole.parse("Editor") is DeskRole.EDITOR
    assert DeskRole.parse("desk_chief") is DeskRole.CHIEF
    with pytest.raises(ValueError, match="roles are: reporter, editor, chief, admin"):
        DeskRole.parse("boss")
