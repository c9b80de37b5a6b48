"""`[keys]` may move an action to any free key, never onto one another action has there."""

from __future__ import annotations

from deskapp.tui.commands import ACTIONS, LIVE_TOGETHER, keymap_clashes


def test_the_default_keys_clash_nowhere():
    assert keymap_clashes({}) == ({}, [])


def test_a_free_key_is_kept_and_a_taken_one_is_left_out_with_its_reason():
    usable, said = keymap_clashes({"spike": "ctrl+d", "note": "j", "bogus": "z"})
    assert usable == {"spike": "ctrl+d"}
    assert said == ['[keys] note = "j" left out: j is already Down (cursor_down); note stays on n']


def test_two_actions_may_swap_keys():
    assert keymap_clashes({"spike": "n", "note": "s"}) == ({"spike": "n", "note": "s"}, [])


def test_a_key_of_another_screen_is_free_here():
    # `a` accepts a suggestion on the suggestions screen; on the desk it is free to move to
    usable, said = keymap_clashes({"suggestions": "A", "spike": "ctrl+a"})
    assert said == [] and usable == {"suggestions": "A", "spike": "ctrl+a"}


def test_every_move_onto_a_key_live_beside_it_is_refused():
    refused = 0
    for action in ACTIONS:
        for other in ACTIONS:
            together = any(
                g.intersection(action.scopes) and g.intersection(other.scopes)
                for g in LIVE_TOGETHER
            )
            if other.id == action.id or not together:
                continue
            key = other.key.split(",")[0]
            usable, said = keymap_clashes({action.id: key})
            assert usable == {} and said[0].startswith(f'[keys] {action.id} = "{key}" left out')
            refused += 1
    assert refused > 500  # the desk's and the story screen's keys, each onto each
