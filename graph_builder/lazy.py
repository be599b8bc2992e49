"""A cached attribute without ``functools.cached_property``'s lock.

Sentences and clauses are asked for the same mentions and cues by many
relation rules, and most are never asked for most of them: computing on
first access, then storing a plain attribute, does each scan at most
once.  ``cached_property`` takes a lock on every first access (Python
3.11), a measurable cost at hundreds of thousands of sentences.

The attribute's name comes from ``__set_name__`` (the name it is bound to
in the class), not from the function: a method compiled by mypyc (the
``native`` build) has no ``__name__``.  A class using ``lazy`` needs an
instance ``__dict__``, so under mypyc it is declared
``@mypyc_attr(native_class=False)``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar, overload

T = TypeVar("T")


class lazy(Generic[T]):  # noqa: N801 - used as a decorator, like property
    """Typed like the function it wraps, so that mypy (and mypyc) know what the attribute holds."""

    def __init__(self, fn: Callable[[Any], T]) -> None:
        self.fn, self.name = fn, getattr(fn, "__name__", "")
        self.__doc__ = getattr(fn, "__doc__", None)

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, obj: None, owner: type | None = None) -> lazy[T]: ...

    @overload
    def __get__(self, obj: object, owner: type | None = None) -> T: ...

    def __get__(self, obj: object, owner: type | None = None) -> lazy[T] | T:
        if obj is None:
            return self
        value = obj.__dict__[self.name] = self.fn(obj)
        return value
