"""Random texts for the tests that check a rewrite against its reference, and the shape of a gate's test.

Many scans are skipped where a cheap test (a literal every match holds, a character class) says they cannot
match.  Such a gate is exact only if it passes every text the scan matches in; the tests check that on
texts joined at random from pieces that exercise the pattern, and check that enough of them matched for the
test to mean something.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Iterator, Sequence


def random_texts(parts: Sequence[str], count: int, seed: int, most: int = 8) -> Iterator[str]:
    """``count`` texts of 1 to ``most - 1`` pieces drawn from ``parts`` (the same texts for the same seed)."""
    rng = random.Random(seed)
    for _ in range(count):
        yield "".join(rng.choice(parts) for _ in range(rng.randrange(1, most)))


def slot_texts(slots: Sequence[Sequence[str]], count: int, seed: int) -> Iterator[str]:
    """``count`` texts of one piece from each slot in turn (for patterns with a fixed order of parts)."""
    rng = random.Random(seed)
    for _ in range(count):
        yield "".join(rng.choice(slot) for slot in slots)


def assert_gate_passes_every_match(matches: Callable[[str], object], gate: Callable[[str], bool],
                                   texts: Iterable[str], at_least: int) -> None:
    """Every text ``matches`` finds something in passes ``gate``; at least ``at_least`` texts matched."""
    seen = 0
    for text in texts:
        if matches(text):
            seen += 1
            assert gate(text), text
    assert seen >= at_least, f"only {seen} texts matched: the texts do not exercise the pattern"
