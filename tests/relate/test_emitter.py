"""The emitter merges a fact stated twice into one row with both pieces of evidence; doses by their own rule."""

from __future__ import annotations

from graph_builder.models import Dose, Evidence
from graph_builder.relate.emitter import Emitter


def _ev(i: int) -> Evidence:
    return Evidence(doc="d", start=10 * i, end=10 * i + 5, text="x" * 5, section="case", extractor="doses")


def _dose(amount: float, frequency: str | None = None, patient: int = 1, drug: str = "apatinib") -> Dose:
    return Dose(doc="d", patient=patient, drug=drug, amount=amount, unit="mg", frequency=frequency)


def test_a_dose_restated_with_its_schedule_is_one_row_with_both_sentences() -> None:
    em = Emitter(seg=None)  # type: ignore[arg-type]
    em.add_dose(_dose(500), _ev(1))
    em.add_dose(_dose(500, "once daily"), _ev(2))
    (row,) = [f for _, f in em.of_view("doses")]
    assert row.frequency == "once daily" and [e.start for e in row.evidence] == [10, 20]


def test_two_schedules_of_one_amount_stay_two_doses() -> None:
    em = Emitter(seg=None)  # type: ignore[arg-type]
    em.add_dose(_dose(10, "twice daily"), _ev(1))
    em.add_dose(_dose(10, "once daily"), _ev(2))
    em.add_dose(_dose(10, "daily"), _ev(3))  # a schedule one of them has: cited, not a third row
    em.add_dose(_dose(10, "every 3 weeks"), _ev(4))  # a schedule neither has: a row of its own
    rows = [f for _, f in em.of_view("doses")]
    assert [f.frequency for f in rows] == ["twice daily", "once daily", "every 3 weeks"]
    assert 30 in [e.start for e in rows[1].evidence] and [e.start for e in rows[2].evidence] == [40]


def test_many_doses_of_many_drugs_each_keep_their_own_row() -> None:
    em = Emitter(seg=None)  # type: ignore[arg-type]
    for i in range(3000):
        em.add_dose(_dose(float(i % 1000), drug=f"drug{i % 3}"), _ev(i))
    rows = [f for _, f in em.of_view("doses")]
    assert len(rows) == 3000 and all(len(f.evidence) == 1 for f in rows)
    em.drop_view("doses")
    em.add_dose(_dose(1.0, drug="drug1"), _ev(1))  # after a dropped family, no stale peer is found
    assert [len(f.evidence) for _, f in em.of_view("doses")] == [1]
