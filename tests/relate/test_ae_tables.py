"""Adverse-event tables: tab-separated and flattened rows."""

from graph_builder.read import SourceDocument
from graph_builder.recognise import recognise
from graph_builder.relate import relate
from graph_builder.relate.ae_tables import table_cells
from graph_builder.segment import segment


def test_cells_of_flattened_rows_and_headers():
    assert table_cells("Nausea\t4 (10)\t1 (2.5)") == ["Nausea", "4 (10)", "1 (2.5)"]
    assert table_cells("Dry skin 12 (30.0) 0 (0)") == ["Dry skin", "12 (30.0)", "0 (0)"]
    assert table_cells("Toxicity All grades n (%) Grade 3/4 n (%)") == ["Toxicity", "All grades n (%)", "Grade 3/4 n (%)"]
    assert table_cells("Median age 61") == ["Median age 61"]


def test_flattened_table_gives_graded_rows():
    text = ("Lenvatinib in thyroid cancer: a retrospective study\n\nAbstract\nMethods\n"
            "Forty patients received lenvatinib 24 mg daily.\nResults\nThe median PFS was 9.1 months.\n\n"
            "Table 3. Adverse events\nEvent Any grade, n (%) Grade ≥3, n (%)\nDiarrhoea 20 (50.0) 4 (10.0)\n"
            "Weight loss 8 (20.0) 0 (0)\n")
    seg = segment(SourceDocument.from_text(text, "t"))
    rows = {(f.event, f.grade, f.n, f.percent) for f in relate(recognise(seg)) if f.view == "adverse_events"}
    assert ("diarrhea", None, 20, 50.0) in rows and ("diarrhea", "≥3", 4, 10.0) in rows
    assert ("weight loss", None, 8, 20.0) in rows and not any(r[0] == "weight loss" and r[1] for r in rows)
