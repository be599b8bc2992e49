"""The saved queries, shipped as the package ``graph_builder.queries`` (see ``setup.py``).

Read through :mod:`graph_builder.resources`; this file only makes the folder a package.
"""
