"""Deskapp: a keyboard-driven terminal newsroom desk."""

__version__ = "0.1.0"
