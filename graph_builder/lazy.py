"""A cached attribute without ``functools.cached_property``'s lock.

Sentences and clauses are asked for the same mentions and cues by many
relation rules, and most are never asked for most of them: computing on
first access, then storing a plain attribute, does each scan at most
once.  ``cached_property`` takes a lock on every first access (Python
3.11), a measurable cost at hundreds of thousands of sentences.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


class lazy:  # noqa: N801 - used as a decorator, like property
    def __init__(self, fn: Callable[[Any], Any]) -> None:
        self.fn, self.name = fn, fn.__name__
        self.__doc__ = fn.__doc__

    def __get__(self, obj: Any, owner: type | None = None) -> Any:
        if obj is None:
            return self
        value = obj.__dict__[self.name] = self.fn(obj)
        return value
