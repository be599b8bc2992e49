"""Emit: statements on disk, and rows of the canonical views."""

from .rows import statement_view_rows, view_rows
from .store import StatementStore

__all__ = ["StatementStore", "statement_view_rows", "view_rows"]
