"""The story keys are bound as one Textual action, story('<name>'): each names an act."""

from textual.actions import parse

from deskapp.tui.commands import ACTIONS
from deskapp.tui.role_keys import ACTION_NEEDS
from deskapp.tui.screens.story_actions import STORY_KEYS


def _story_key_names() -> list[str]:
    names = []
    for action in ACTIONS:
        _namespace, name, parameters = parse(action.action)
        if name == "story":
            [key] = parameters
            names.append(str(key))
    return names


def test_every_bound_story_key_names_an_act_and_every_act_is_bound():
    bound = _story_key_names()
    assert sorted(bound) == sorted(STORY_KEYS)


def test_each_story_key_keeps_its_own_permission():
    # one Textual action for eleven keys: the role check must still tell them apart
    needs = {params[0]: key for (name, params), key in ACTION_NEEDS.items() if name == "story"}
    assert needs["spike"] == "spike" and needs["tag_desk"] == "desk"
    assert needs["add_note"] == "note" and needs["edit_story"] == "edit"
    assert "history" not in needs  # every role may read the history
