"""Prefixes for identifiers, generated from bioregistry, loaded with curies.

``ontology/prefixes.json`` is written by :func:`generate` from bioregistry
(never edited by hand) so that the project needs neither bioregistry nor
the network at run time; a test regenerates it and compares.
"""

from __future__ import annotations

import json
from functools import cache
from typing import TYPE_CHECKING

from .. import resources

if TYPE_CHECKING:  # curies is imported where a CURIE is expanded, not by every build that only names prefixes
    import curies

PREFIX_FILE = resources.ontology("prefixes.json")  # in a checkout (editable install): ontology/prefixes.json
# our prefix -> bioregistry prefix
REGISTRY = {"DRUGBANK": "drugbank", "CHEBI": "chebi", "HGNC": "hgnc", "NCIT": "ncit", "MONDO": "mondo",
            "MEDDRA": "meddra", "biolink": "biolink", "prov": "prov"}
OWN = {"gb": "https://w3id.org/graph-builder/", "gbi": "https://w3id.org/graph-builder/id/"}


def generate() -> dict[str, str]:
    """The prefix map from bioregistry: its RDF/OBO URI prefix where it has one, else identifiers.org."""
    import bioregistry

    out = dict(OWN)
    for ours, reg in REGISTRY.items():
        r = bioregistry.get_resource(reg)
        # an OBO PURL where the registry has one; otherwise the stable identifiers.org resolver
        rdf = r.get_obofoundry_uri_prefix()
        if rdf is None and reg in ("prov", "biolink"):  # vocabularies: their RDF namespace, not their docs site
            rdf = r.get_rdf_uri_prefix() or r.get_uri_prefix()
        out[ours] = rdf or f"https://identifiers.org/{bioregistry.normalize_prefix(reg)}:"
    return dict(sorted(out.items()))


@cache
def prefix_names() -> dict[str, str]:
    """Our prefix names by their lower case (``drugbank`` → ``DRUGBANK``).

    The vocabulary files key identifiers in lower case; looking the key up
    here keeps the CURIE prefixes the graph writes the same as the ones
    the prefix map expands, instead of a second hand-kept table.
    """
    names = json.loads(PREFIX_FILE.read_text())
    out = {p.lower(): p for p in names}
    if len(out) != len(names):
        raise ValueError(f"{PREFIX_FILE.name}: two prefixes differ only in case")
    return out


@cache
def converter() -> curies.Converter:
    import curies

    return curies.load_prefix_map(json.loads(PREFIX_FILE.read_text()))


if __name__ == "__main__":
    PREFIX_FILE.write_text(json.dumps(generate(), indent=1) + "\n")
