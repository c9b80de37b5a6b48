"""Why a source could not be read. Every parser raises these, never anything else."""

from __future__ import annotations


class IngestError(Exception):
    """A source that cannot become a story. The message is one line, shown as is."""


class SkippedItem(IngestError):
    """Part of a source that is not a story (a package item, an item with no text).

    Reported with its reason, but not counted as a failure.
    """
