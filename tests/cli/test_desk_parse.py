"""`deskapp` with only global options opens the desk without building every command's
parser; what it reads is what the whole parser reads, and anything else goes there."""

from __future__ import annotations

from deskapp.cli import build_parser, desk_parser, opens_desk


def test_global_options_alone_read_as_the_whole_parser_reads_them():
    for words in (
        [],
        ["--db", "desk.db"],
        ["--db=desk.db", "--as", "ana"],
        ["--as=ana", "--debug", "--db", "postgresql://desk@host/news"],
    ):
        assert opens_desk(words), words
        assert vars(desk_parser().parse_args(words)) == vars(build_parser().parse_args(words))


def test_commands_help_and_mistakes_go_to_the_whole_parser():
    for words in (
        ["list"],
        ["--as", "ana", "list"],
        ["12"],
        ["--help"],
        ["-h"],
        ["--version"],
        ["--db"],  # a missing value: the whole parser says so
        ["--db", "--debug"],
        ["--deb"],  # an abbreviation argparse would take: the whole parser decides
    ):
        assert not opens_desk(words), words
