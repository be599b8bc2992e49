"""Emit: statements on disk, and rows of the canonical views."""

from .rows import view_rows
from .store import StatementStore

__all__ = ["StatementStore", "view_rows"]
