"""Query: saved SPARQL/Cypher twins, backends, and the ``KnowledgeGraph`` API."""

from .api import KnowledgeGraph, Rows
from .catalog import SavedQuery, catalog

__all__ = ["KnowledgeGraph", "Rows", "SavedQuery", "catalog"]
