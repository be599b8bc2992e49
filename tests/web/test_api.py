"""The explorer's JSON API over the examples: answers, and bad input turned away with a clear 4xx."""

from __future__ import annotations

import csv
import io

from graph_builder.query import KnowledgeGraph, catalog
from graph_builder.web.style import grass
from graph_builder.graph.schema import schema


def test_search_resolves_brands_codes_aliases_diseases_and_documents(client) -> None:
    def ids(q: str) -> list[str]:
        r = client.get("/api/search", params={"q": q})
        assert r.status_code == 200
        return [h["node"]["id"] for h in r.json()["hits"]]

    assert ids("Lenvima")[0] == "drug/lenvatinib"  # brand → INN through the vocabulary
    assert ids("lenvatinib")[0] == "drug/lenvatinib"
    assert "target/KDR" in ids("VEGFR2")  # alias → HGNC symbol
    assert any(i.startswith("disease/") for i in ids("hepatocellular"))
    hits = client.get("/api/search", params={"q": "ex05_case_jats"}).json()["hits"]
    assert hits[0]["kind"] == "document" and hits[0]["doc"] == "ex05_case_jats"
    assert ids("no-such-thing-at-all") == []


def test_neighbourhood_is_capped_and_counts_the_rest(client) -> None:
    full = client.get("/api/neighbourhood", params={"id": "drug/lenvatinib"}).json()
    assert full["center"]["label"] == "Drug" and full["total"] == len(full["nodes"]) > 3
    assert full["more"] == 0 and sum(t["total"] for t in full["by_type"]) == full["total"]
    assert all(n["label"] != "Evidence" for n in full["nodes"])
    page = client.get("/api/neighbourhood", params={"id": "drug/lenvatinib", "limit": 2}).json()
    assert len(page["nodes"]) == 2 and page["more"] == full["total"] - 2
    nxt = client.get("/api/neighbourhood", params={"id": "drug/lenvatinib", "limit": 2, "offset": 2}).json()
    assert {n["id"] for n in nxt["nodes"]}.isdisjoint({n["id"] for n in page["nodes"]})
    only = client.get("/api/neighbourhood", params={"id": "drug/lenvatinib", "types": "Regimen"}).json()
    assert only["nodes"] and {n["label"] for n in only["nodes"]} == {"Regimen"}
    assert client.get("/api/neighbourhood", params={"id": "drug/lenvatinib", "limit": 100000}).status_code == 422


def test_node_colours_follow_the_neo4j_browser_style_sheet(client) -> None:
    sheet = grass()
    assert set(sheet) == set(schema().labels)
    n = client.get("/api/nodes", params={"id": "drug/lenvatinib"}).json()
    assert n["color"] == sheet["Drug"][0] and n["caption"] == "lenvatinib"


def test_evidence_has_the_sentence_in_its_paragraph(client, web_data) -> None:
    with KnowledgeGraph.open(web_data) as kg:
        regimen = kg.sparql("PREFIX gb: <https://w3id.org/graph-builder/> SELECT ?r WHERE { ?r a gb:Regimen ; "
                            "gb:docId \"ex05_case_jats\" } LIMIT 1")[0]["r"]
    r = client.get("/api/evidence", params={"id": regimen})
    assert r.status_code == 200
    body = r.json()
    assert body["fact"]["label"] == "Regimen" and body["evidence"]
    ev = body["evidence"][0]
    source = open(client.get("/api/documents").json()[-1]["source"], encoding="utf-8").read()
    assert source[ev["start"]:ev["end"]] == ev["text"]  # verbatim slice of the XML file
    ctx = ev["context"]
    # the clean text decodes entities (&#x2013; → –): the sentence is the evidence as the reader saw it
    assert ctx["sentence"][:40] == ev["text"][:40] and (ctx["before"] or ctx["after"])
    assert "<" not in ctx["before"] + ctx["after"]  # the clean text, not the markup
    assert ev["section"] and ev["extractor"] and ev["confidence"] is not None
    assert ev["title"].startswith("Prolonged disease stabilisation")


def test_document_text_with_every_fact_span(client) -> None:
    d = client.get("/api/documents/ex01_case_lenvatinib").json()
    assert d["document"]["id"] == "ex01_case_lenvatinib" and d["unplaced"] == 0
    assert len(d["spans"]) >= 5
    labels = {f["label"] for s in d["spans"] for f in s["facts"]}
    assert {"Regimen", "ResponseAssessment", "AdverseEvent"} <= labels
    starts = [s["start"] for s in d["spans"]]
    assert starts == sorted(starts) and all(a["end"] <= b["start"] for a, b in zip(d["spans"], d["spans"][1:]))
    assert "lenvatinib" in d["text"][d["spans"][0]["start"]:].lower()


def test_saved_queries_match_kg_query_and_download_as_csv(client, web_data) -> None:
    listed = client.get("/api/queries").json()
    assert {q["name"] for q in listed} == set(catalog())
    q = next(x for x in listed if x["name"] == "responders_by_target")
    assert [p["name"] for p in q["parameters"]] == ["gene", "response"] and "SELECT" in q["sparql"] and q["cypher"]
    got = client.get("/api/queries/responders_by_target/run", params={"gene": "KDR", "response": "PR"}).json()
    with KnowledgeGraph.open(web_data) as kg:
        assert got["rows"] == kg.query("responders_by_target", gene="KDR", response="PR").dicts()
    assert got["rows"]
    r = client.get("/api/queries/treatments/run", params={"format": "csv", "doc": "ex02_series_apatinib"})
    assert r.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert rows and {row["doc"] for row in rows} == {"ex02_series_apatinib"} and rows[0]["evidence"]
    every = client.get("/api/queries/treatments/run", params={"drug": "apatinib"}).json()["rows"]
    pages = [client.get("/api/queries/treatments/run", params={"drug": "apatinib", "page": n, "page_size": 1}).json()
             for n in range(1, 20)]
    assert all(len(p["documents"]) <= 1 and p["page"] == n for n, p in enumerate(pages, 1)) and pages[-1]["rows"] == []
    assert sorted(map(repr, (r for p in pages for r in p["rows"]))) == sorted(map(repr, every)) and every
    assert client.get("/api/queries/treatments/run", params={"page": 1, "page_size": 0}).status_code == 422


def test_plot_data(client) -> None:
    t = client.get("/api/timeline/ex02_series_apatinib").json()
    assert t["patients"] == ["patient 1", "patient 2"]
    assert [b["order"] for b in t["bars"] if b["patient"] == "patient 1"] == [1, 2, 3]
    assert any(m["kind"] == "response" for m in t["markers"]) and any(m["kind"] == "adverse_event" for m in t["markers"])
    o = client.get("/api/outcomes").json()
    hr = o["hazard_ratios"]
    assert hr and all(h["ci_low"] <= h["value"] <= h["ci_high"] for h in hr) and hr[0]["drug"] == "anlotinib"
    assert client.get("/api/outcomes", params={"drug": "lenvatinib"}).json()["hazard_ratios"] == []
    cells = client.get("/api/adverse-events").json()["cells"]
    assert {"drug": "lenvatinib", "event": "hypertension", "grade": "2"}.items() <= next(
        c for c in cells if c["drug"] == "lenvatinib" and c["event"] == "hypertension").items()


def test_unknown_ids_are_404(client) -> None:
    for url, params in [("/api/nodes", {"id": "drug/no-such-drug"}), ("/api/neighbourhood", {"id": "x y <z>"}),
                        ("/api/evidence", {"id": "regimen/nope"}), ("/api/documents/nope", {}),
                        ("/api/timeline/nope", {}), ("/api/queries/nope", {}), ("/api/queries/nope/run", {}),
                        ("/no-such-page", {}), ("/vendor/../package.json", {}), ("/static/..%2Fapi.py", {})]:
        r = client.get(url, params=params)
        assert r.status_code == 404, (url, r.status_code)


def test_huge_or_mistyped_parameters_are_refused(client) -> None:
    big = "a" * 5000
    assert client.get("/api/search", params={"q": big}).status_code == 413
    assert client.get("/api/nodes", params={"id": big}).status_code == 413
    assert client.get("/api/queries/drugs_targeting/run", params={"gene": big}).status_code == 413
    assert client.get("/api/queries/drugs_targeting/run", params={"nope": "1"}).status_code == 422
    assert client.get("/api/search", params={"q": ""}).status_code == 422
    assert client.get("/api/neighbourhood", params={"id": "drug/lenvatinib", "offset": -1}).status_code == 422


def test_script_in_a_parameter_is_never_echoed_as_html(client) -> None:
    evil = "<script>alert(1)</script>"
    for url, params in [("/api/search", {"q": evil}), ("/api/nodes", {"id": evil}),
                        ("/api/queries/drugs_targeting/run", {"gene": evil}), (f"/api/documents/{evil}", {}),
                        ("/sparql", {"query": evil})]:
        r = client.get(url, params=params)
        assert not r.headers["content-type"].startswith("text/html"), url
        assert "<script>" not in r.text or r.headers["content-type"].startswith("application/json"), url
    page = client.get("/", params={"q": evil})
    assert evil not in page.text  # pages are static: parameters are read by scripts and set as text
    assert "script-src 'self'" in page.headers["content-security-policy"]


def test_sparql_endpoint_runs_queries_and_refuses_service_and_updates(client) -> None:
    r = client.get("/sparql", params={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"})
    assert r.status_code == 200 and int(r.json()["results"]["bindings"][0]["n"]["value"]) > 100
    r = client.post("/sparql", content="ASK { ?s ?p ?o }", headers={"content-type": "application/sparql-query"})
    assert r.status_code == 200 and r.json()["boolean"] is True
    for q in ["SELECT * WHERE { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }",
              "SELECT * WHERE { ?s ?p ?o OPTIONAL { SERVICE SILENT <http://example.org/sparql> { ?s ?q ?x } } }",
              "select * where { filter exists { service <http://example.org/> { ?a ?b ?c } } }"]:
        r = client.get("/sparql", params={"query": q})
        assert r.status_code == 400 and "SERVICE" in r.json()["detail"]
    r = client.post("/sparql", data={"update": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"})
    assert r.status_code == 400
    r = client.get("/sparql", params={"query": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"})
    assert r.status_code == 400 and "read-only" in r.json()["detail"]
    assert client.get("/sparql", params={"query": "SELEKT nothing"}).status_code == 400
    assert client.post("/sparql", content="x" * 200_000,
                       headers={"content-type": "application/sparql-query"}).status_code == 413
    assert client.get("/query", params={"query": "SELECT * WHERE { SERVICE <http://a.example/> { ?s ?p ?o } }"}).status_code == 400
    for q in catalog().values():  # every saved query passes the guard
        assert client.get("/sparql", params={"query": q.sparql}).status_code == 200, q.name


def test_host_header_is_checked(client) -> None:
    assert client.get("/api/documents", headers={"host": "evil.example"}).status_code == 400
    assert client.get("/sparql", params={"query": "ASK {}"}, headers={"host": "rebind.example:8000"}).status_code == 400
    for host in ("localhost:8000", "127.0.0.1", "[::1]:8000"):
        assert client.get("/api/documents", headers={"host": host}).status_code == 200, host


def test_openapi_describes_the_api(client) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for p in ("/api/search", "/api/neighbourhood", "/api/evidence", "/api/documents/{doc}", "/api/queries",
              "/api/queries/{name}/run", "/api/timeline/{doc}", "/api/outcomes", "/api/adverse-events", "/sparql"):
        assert p in paths, p


def test_a_drugs_timeline_holds_every_patient_who_received_it_with_their_whole_course(client) -> None:
    t = client.get("/api/drug-timeline", params={"drug": "apatinib"}).json()
    assert t["drug"] == "apatinib" and t["doc"] == "" and t["more"] == 0
    expected = {(r["doc"], r["patient"]) for r in client.get("/api/queries/treatments/run", params={"drug": "apatinib"}).json()["rows"]
                if r["patient"] is not None}
    assert {(p.split(" · ")[0], int(p.rsplit(" ", 1)[1])) for p in t["patients"]} == expected and len(expected) >= 2
    for p in t["patients"]:  # each row shows the patient's whole course: the apatinib line among the others
        mine = [b for b in t["bars"] if b["patient"] == p]
        assert any("apatinib" in b["drugs"] for b in mine) and len(mine) >= 1
        doc, n = p.split(" · ")
        own = client.get(f"/api/timeline/{doc}").json()
        assert [b["label"] for b in own["bars"] if b["patient"] == n] == [b["label"] for b in mine]
    one = client.get("/api/drug-timeline", params={"drug": "apatinib", "limit": 1}).json()
    assert len(one["patients"]) == 1 and one["more"] == len(expected) - 1
    assert client.get("/api/drug-timeline", params={"drug": "no-such-drug"}).status_code == 404
    assert client.get("/api/drug-timeline", params={"drug": "apatinib", "limit": 0}).status_code == 422


def test_response_counts_count_each_patient_once_per_drug_and_per_target(client) -> None:
    """Checked against the responses view's rows: the counts come from the tallies and a grouped query."""
    rows = [r for r in client.get("/api/queries/responses/run").json()["rows"] if r["patient"] is not None]
    by_drug = {(c["name"], c["response"]): c["patients"] for c in client.get("/api/response-counts").json()["counts"]}
    expected = {}
    for r in rows:
        for d in r["drugs"] or []:
            expected.setdefault((d, r["response"]), set()).add((r["doc"], r["patient"]))
    assert by_drug == {k: len(v) for k, v in expected.items()} and by_drug
    targets = {}
    for r in client.get("/api/queries/drug_targets/run").json()["rows"]:
        targets.setdefault(r["drug"], set()).add(r["target"])
    by_target = {(c["name"], c["response"]): c["patients"] for c in
                 client.get("/api/response-counts", params={"by": "target"}).json()["counts"]}
    expected = {}
    for r in rows:
        for t in {t for d in r["drugs"] or [] for t in targets.get(d, ())}:
            expected.setdefault((t, r["response"]), set()).add((r["doc"], r["patient"]))
    assert by_target == {k: len(v) for k, v in expected.items()} and by_target
    assert client.get("/api/response-counts", params={"by": "patient"}).status_code == 422


def test_the_heat_map_counts_the_reports_and_documents_attributed_to_each_drug(client) -> None:
    """Checked against the adverse_events view's rows (the heat map reads the tallies)."""
    reports, docs = {}, {}
    for r in client.get("/api/queries/adverse_events/run").json()["rows"]:
        drugs = r["drug"] if isinstance(r["drug"], list) else [r["drug"]] if r["drug"] else []
        for d in drugs:
            key = (d, r["event"], r["grade"] or "unspecified")
            reports[key] = reports.get(key, 0) + 1
            docs.setdefault(key, set()).add(r["doc"])
    cells = client.get("/api/adverse-events").json()["cells"]
    assert {(c["drug"], c["event"], c["grade"]): (c["reports"], c["documents"]) for c in cells} == \
        {k: (n, len(docs[k])) for k, n in reports.items()} and cells


def test_outcomes_come_a_page_at_a_time_with_their_total(client) -> None:
    every = client.get("/api/outcomes").json()
    assert every["total"] == len({o["id"] for o in every["outcomes"]}) > 2
    pages, offset = [], 0
    while offset < every["total"]:
        page = client.get("/api/outcomes", params={"limit": 2, "offset": offset}).json()
        assert page["total"] == every["total"] and page["hazard_ratios"] == every["hazard_ratios"]
        assert len({o["id"] for o in page["outcomes"]}) == 2 or offset + 2 >= every["total"]
        pages += page["outcomes"]
        offset += 2
    assert pages == every["outcomes"]
    assert client.get("/api/outcomes", params={"limit": 0}).status_code == 422
    assert client.get("/api/outcomes", params={"offset": -1}).status_code == 422


def test_outcomes_of_one_drug_are_its_rows_of_the_whole_table(client) -> None:
    every = client.get("/api/outcomes").json()
    drugs = sorted({o["drug"] for o in every["outcomes"] if o["drug"]})
    assert drugs
    for drug in drugs:
        mine = client.get("/api/outcomes", params={"drug": drug.upper()}).json()
        key = lambda o: (o["doc"], o["measure"], o["id"])  # noqa: E731
        assert sorted(mine["outcomes"], key=key) == sorted((o for o in every["outcomes"] if o["drug"] == drug), key=key)
        assert mine["hazard_ratios"] == [o for o in mine["outcomes"] if o in every["hazard_ratios"]]


def test_adverse_events_of_one_drug_are_its_cells_of_the_whole_heat_map(client) -> None:
    cells = client.get("/api/adverse-events").json()["cells"]
    drugs = sorted({c["drug"] for c in cells if c["drug"] != "unattributed" and c["drug"] == c["drug"].lower()})
    assert drugs, "the examples attribute adverse events to drugs"
    for drug in drugs:
        mine = client.get("/api/adverse-events", params={"drug": drug.upper()}).json()["cells"]
        assert mine and mine == [c for c in cells if c["drug"] == drug], drug
