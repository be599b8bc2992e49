"""The explorer in a real headless browser (Debian's Chromium, `make browser`), asserting on what the pages show."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from graph_builder.web.style import grass
from graph_builder.web.harness import chromium, chromium_missing, serving

pytestmark = pytest.mark.skipif(chromium_missing() is not None, reason=chromium_missing() or "")

WAIT = 30


@pytest.fixture(scope="module")
def site(web_data: Path) -> Iterator[str]:
    with serving(web_data) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    driver = chromium()
    try:
        yield driver
    finally:
        driver.quit()


def wait_for(browser: Any, css: str, timeout: float = WAIT) -> Any:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(browser, timeout).until(ec.presence_of_element_located((By.CSS_SELECTOR, css)))


def wait_until(browser: Any, script: str, timeout: float = WAIT) -> Any:
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(browser, timeout).until(lambda d: d.execute_script(script))


def no_errors(browser: Any) -> None:
    assert not browser.find_elements("css selector", ".error"), browser.find_element("css selector", ".error").text


def test_search_a_drug_open_its_graph_click_a_regimen_and_read_the_evidence(site: str, browser: Any) -> None:
    browser.get(site + "/")
    box = wait_for(browser, "#q")
    box.send_keys("Lenvima")
    browser.find_element("css selector", "#search-form button").click()
    card = wait_for(browser, ".card[data-id='drug/lenvatinib']")
    assert "lenvatinib" in card.text and "Lenvima" in card.text  # the brand resolved to the INN
    card.find_element("link text", "Graph").click()

    wait_until(browser, "return document.body.dataset.ready === '1'")
    no_errors(browser)
    labels = browser.execute_script("return window.kgCy.nodes().map(n => n.data('label'))")
    assert "Drug" in labels and "Regimen" in labels
    colour = browser.execute_script("return window.kgCy.getElementById('drug/lenvatinib').style('background-color')")
    hexa = grass()["Drug"][0]  # node.Drug's colour in `kg export grass`
    assert colour.replace(" ", "") == f"rgb({int(hexa[1:3], 16)},{int(hexa[3:5], 16)},{int(hexa[5:7], 16)})"

    # click a regimen node (a real tap in cytoscape) → it expands and its evidence card opens beside the graph
    regimen = browser.execute_script(
        "const n = window.kgCy.nodes('[label = \"Regimen\"]').filter(n => n.data('caption') === 'lenvatinib')[0];"
        "n.emit('tap'); return n.id();")
    wait_until(browser, f"return document.body.dataset.selected === {regimen!r}")
    assert wait_for(browser, "#selected-caption").text == "lenvatinib"
    mark = wait_for(browser, "#side-evidence .evidence-card mark.sentence")
    assert mark.text.startswith("Lenvatinib was started on November 1, 2019")
    assert "timeline" in browser.find_element("css selector", "#side-evidence .extractor").text
    grown = browser.execute_script("return window.kgCy.nodes().length")
    assert grown > len(labels)  # the regimen's neighbours (patient, responses, survival) were added

    # filter by fact type: hiding regimens hides their nodes
    browser.find_element("css selector", "input[data-label='Regimen']").click()
    shown = browser.execute_script("return window.kgCy.nodes('[label = \"Regimen\"]').filter(n => n.visible()).length")
    assert shown == 0

    # the evidence page: the sentence highlighted inside its paragraph
    browser.get(site + "/evidence?id=" + regimen)
    mark = wait_for(browser, ".evidence-card mark.sentence")
    paragraph = browser.find_element("css selector", ".evidence-card .paragraph").text
    assert mark.text in paragraph and len(paragraph) > len(mark.text)
    assert "section: case" in browser.find_element("css selector", ".evidence-card .section").text
    assert "confidence: 0.8" in browser.find_element("css selector", ".evidence-card .confidence").text


def test_document_page_highlights_every_fact(site: str, browser: Any) -> None:
    browser.get(site + "/document?doc=ex05_case_jats")
    wait_for(browser, "#doc-text mark.fact")
    no_errors(browser)
    marks = browser.find_elements("css selector", "#doc-text mark.fact")
    assert len(marks) >= 8
    text = browser.find_element("css selector", "#doc-text").text
    assert "<" not in text and "axitinib" in text  # clean text, not the XML
    marks[0].click()
    assert wait_for(browser, "#facts p a").text


def test_patient_timeline_draws_a_bar_per_line_and_markers(site: str, browser: Any) -> None:
    browser.get(site + "/timeline?doc=ex02_series_apatinib")
    wait_for(browser, "#swimmer[data-drawn='1'] svg")
    no_errors(browser)
    drawn = browser.execute_script("return window.kgPlots.swimmer")
    assert drawn["patients"] == ["patient 1", "patient 2"]
    bars = browser.find_elements("css selector", "#swimmer svg .mark-rect.role-mark path")
    assert len(bars) == len(drawn["bars"]) >= 5
    points = browser.find_elements("css selector", "#swimmer svg .mark-symbol.role-mark path")
    assert len(points) == len(drawn["markers"]) > 0
    labels = [t.text for t in browser.find_elements("css selector", "#swimmer svg .mark-text.role-mark text")]
    assert "apatinib" in labels
    rows = browser.find_elements("css selector", "#timeline-table tbody tr")
    assert len(rows) == len(drawn["bars"])


def test_forest_plot_and_heat_map(site: str, browser: Any) -> None:
    browser.get(site + "/outcomes")
    wait_for(browser, "#forest[data-drawn='1'] svg")
    wait_for(browser, "#heatmap[data-drawn='1'] svg")
    no_errors(browser)
    hrs = browser.execute_script("return window.kgPlots.forest")
    assert [(h["drug"], h["value"], h["ci_low"], h["ci_high"]) for h in hrs] == [("anlotinib", 0.51, 0.28, 0.92)]
    rules = browser.find_elements("css selector", "#forest svg .mark-rule.role-mark line")
    squares = browser.find_elements("css selector", "#forest svg .mark-symbol.role-mark path")
    assert len(rules) == 2 and len(squares) == 1  # the CI and the line of no effect; one point estimate
    rows = browser.find_elements("css selector", "#outcomes tbody tr")
    assert any("HR" in r.text and "0.28" in r.text for r in rows)
    total = len({r.find_element("css selector", "a").get_attribute("href") for r in rows})
    assert browser.find_element("id", "outcomes-pager").text == f"outcomes 1–{total} of {total}"  # one page here
    cells = browser.execute_script("return window.kgPlots.heatmap")
    rects = browser.find_elements("css selector", "#heatmap svg .mark-rect.role-mark path")
    assert len(rects) == len(cells) > 5


def test_saved_query_form_runs_and_shows_rows(site: str, browser: Any) -> None:
    browser.get(site + "/queries?name=responders_by_target")
    form = wait_for(browser, "#query-form")
    assert "?p_gene" in browser.find_element("css selector", "#sparql-text").text
    assert "$gene" in browser.find_element("css selector", "#cypher-text").text
    gene = form.find_element("name", "gene")
    gene.clear()
    gene.send_keys("KDR")
    form.find_element("name", "response").clear()
    form.find_element("name", "response").send_keys("PR")
    browser.find_element("id", "run").click()
    wait_for(browser, "#results tbody tr")
    no_errors(browser)
    rows = [r.text for r in browser.find_elements("css selector", "#results tbody tr")]
    assert any("ex01_case_lenvatinib" in r and "lenvatinib" in r and "PR" in r for r in rows)
    assert any("apatinib" in r for r in rows)
    csv = browser.find_element("link text", "CSV").get_attribute("href")
    assert "format=csv" in csv and "gene=KDR" in csv


def test_script_in_the_url_is_shown_as_text(site: str, browser: Any) -> None:
    evil = "<img src=x onerror=\"document.body.dataset.pwned=1\">"
    from urllib.parse import quote

    browser.get(site + "/?q=" + quote(evil))
    wait_for(browser, "#out p")
    assert browser.execute_script("return document.body.dataset.pwned") is None
    assert not browser.find_elements("css selector", "#out img")
    assert browser.find_element("id", "q").get_attribute("value") == evil


def test_sparql_page_runs_a_query_loads_a_saved_one_and_refuses_an_update(site: str, browser: Any) -> None:
    from selenium.webdriver.support.ui import Select

    browser.get(site + "/sparql-editor")
    editor = wait_for(browser, "#sparql-text")
    assert "PREFIX gb:" in editor.get_attribute("value")  # the graph's prefix is written in
    browser.find_element("id", "run").click()
    wait_for(browser, "#sparql-results tbody tr")
    no_errors(browser)
    rows = [r.text for r in browser.find_elements("css selector", "#sparql-results tbody tr")]
    assert any("lenvatinib" in r and "KDR" in r for r in rows) and not any("^^" in r for r in rows)
    # a saved query loads with its parameters written in as their defaults and runs as it stands
    Select(browser.find_element("id", "saved-query")).select_by_value("doses")
    text = browser.find_element("id", "sparql-text").get_attribute("value")
    assert "?p_doc" not in text and "gb:Dose" in text
    browser.find_element("id", "run").click()
    wait_until(browser, "return document.querySelector('#sparql-count') && "
                        "!document.querySelector('#sparql-count').textContent.startsWith('0 ')")
    cells = [c.text for c in browser.find_elements("css selector", "#sparql-results td")]
    assert "mg" in cells and not any("XMLSchema" in c for c in cells)  # values, not typed literals
    links = browser.find_elements("css selector", "#sparql-results a[href^='/graph?id=']")
    assert links  # the graph's nodes open in the graph view
    # CONSTRUCT answers as Turtle; an update is refused with the endpoint's reason
    editor = browser.find_element("id", "sparql-text")
    editor.clear()
    editor.send_keys("PREFIX gb: <https://w3id.org/graph-builder/> CONSTRUCT { ?d gb:name ?n } WHERE { ?d a gb:Drug ; gb:name ?n }")
    browser.find_element("id", "run").click()
    assert "lenvatinib" in wait_for(browser, "#sparql-turtle").text
    editor.clear()
    editor.send_keys("PREFIX gb: <https://w3id.org/graph-builder/> DELETE WHERE { ?s gb:name ?n }")
    browser.find_element("id", "run").click()
    assert "read-only" in wait_for(browser, ".error").text


def test_a_drugs_patients_on_the_timeline_page(site: str, browser: Any) -> None:
    browser.get(site + "/timeline")
    box = wait_for(browser, "#drug")
    box.send_keys("Apatinib")
    browser.find_element("css selector", "#drug-form button").click()
    wait_for(browser, "#timeline-table tbody tr")
    no_errors(browser)
    assert "Patients who received apatinib" in browser.find_element("id", "title").text
    rows = [r.text for r in browser.find_elements("css selector", "#timeline-table tbody tr")]
    assert rows and all(" · patient " in r for r in rows) and any("apatinib" in r for r in rows)
    wait_until(browser, "return document.querySelectorAll('#swimmer svg, #swimmer canvas').length > 0")


def test_response_counts_by_drug_and_by_target(site: str, browser: Any, client) -> None:
    for by in ("drug", "target"):
        browser.get(site + f"/outcomes?by={by}")
        wait_for(browser, "#responses[data-drawn='1'] svg")
        no_errors(browser)
        drawn = browser.execute_script("return window.kgPlots.responses")
        expected = client.get("/api/response-counts", params={"by": by}).json()["counts"]
        assert drawn == expected and expected
        bars = browser.find_elements("css selector", "#responses svg .mark-rect.role-mark path")
        assert len(bars) == len(expected)  # one stacked segment per name × response
    assert any(c["name"] == "KDR" for c in expected)
