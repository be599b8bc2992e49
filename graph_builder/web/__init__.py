"""The web explorer behind ``kg serve``: a read-only JSON API, offline pages and a guarded SPARQL endpoint.

Pages are static HTML + scripts that fetch the JSON API and render with
``textContent`` (never ``innerHTML`` on data), so every value the graph or a
request carries is shown as text.  Scripts and styles of third parties come
from the project's npm packages (``package.json``), never from a CDN.
``graph_builder.web.app.create_app`` builds the app; ``kg serve`` runs it.
"""
