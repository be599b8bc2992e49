"""The drug-NER dictionary, cut down to the INN-shaped names the fallback asks about.

Why not call ``drug_named_entity_recognition.find_drugs`` directly: importing
it unpickles ~107,000 name variants and builds a trigram index for fuzzy
matching — 2–3 s and ~100 MB in *every* process (each pool worker, each
``kg build`` that adds a handful of papers) — while the fallback only ever
asks one question: "is this single INN-shaped word (``…mab``, ``…tinib``)
a known drug, and what is its DrugBank id?".  That answer is a plain dict of
~2,300 entries.  It is built once from the package's own tables (the same
lookup ``find_drugs`` does for one token: lower-cased variant → first
canonical drug → its data merged with the variant's), then kept as a small
JSON file in the user cache directory, keyed by the package version and the
stem list, so later processes load it in milliseconds.  A cache that cannot
be written (read-only home, CI sandbox) only costs the rebuild.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Final

from ..limits import unbudgeted
from ..user_cache import cache_dir, write_atomically

__all__ = ["build_index", "cache_dir", "inn_index"]

_PACKAGE: Final = "drug-named-entity-recognition"
_FORMAT: Final = 1  # bump when the cached file's layout or the selection rule changes


def build_index(variant_to_canonical: dict[str, list[str]], canonical_to_data: dict[str, dict],
                variant_to_data: dict[str, dict], suffixes: Iterable[str]) -> dict[str, str]:
    """Variant → DrugBank id ("" when it has none), for one-word variants of six or more characters ending in a stem.

    Mirrors ``find_drugs([word])``: a variant with at least one canonical drug
    is a hit, and the hit's data is the first canonical drug's, updated with
    the variant's own.
    """
    stems = tuple(suffixes)
    out: dict[str, str] = {}
    for variant, canonicals in variant_to_canonical.items():
        if not canonicals or " " in variant or len(variant) < 6 or not variant.endswith(stems):
            continue
        data = dict(canonical_to_data.get(canonicals[0], {})) | variant_to_data.get(variant, {})
        out[variant] = str(data.get("drugbank_id") or "")
    return out


def _cache_file(version: str, suffixes: tuple[str, ...]) -> Path:
    key = hashlib.sha256(json.dumps([_FORMAT, version, sorted(suffixes)]).encode()).hexdigest()[:16]
    return cache_dir() / f"drug-ner-inn-{version}-{key}.json"


@cache
def inn_index(suffixes: tuple[str, ...]) -> dict[str, str] | None:
    """The cut-down dictionary for ``suffixes``, from the cache or built now; None without the package."""
    try:
        version = metadata.version(_PACKAGE)
    except metadata.PackageNotFoundError:
        return None
    path = _cache_file(version, suffixes)
    try:
        loaded = json.loads(path.read_text(encoding="utf-8"))
        # every name ends in a stem: the fallback looks words up without testing the stems itself
        if isinstance(loaded, dict) and all(isinstance(v, str) and k.endswith(suffixes) for k, v in loaded.items()):
            return loaded
    except (OSError, ValueError):
        pass  # absent or damaged: rebuild
    try:
        with unbudgeted():  # seconds, once per machine and package version: no document is charged for it
            from drug_named_entity_recognition import drugs_finder as finder  # type: ignore[import-untyped]
    except Exception:  # noqa: BLE001 - the dictionary is optional at run time
        return None
    index = build_index(finder.drug_variant_to_canonical, finder.drug_canonical_to_data,
                        finder.drug_variant_to_variant_data, suffixes)
    write_atomically(path, json.dumps(index, sort_keys=True).encode("utf-8"))  # (unwritable: the next process rebuilds)
    return index
