"""_drop_ungraded_duplicates reads each fact once and looks a group up only where it is asked: the same facts
dropped as the version that read every field and group up front (kept here as the reference)."""

import random

from graph_builder.models import AdverseEvent
from graph_builder.relate.emitter import Emitter
from graph_builder.relate.rules import adverse_events as R


def _reference(em, study=False):
    aes = [(k, f, R._ae_group(f.event)) for k, f in em.of_family(AdverseEvent)]
    graded = {(str(f.drug), g) for _, f, g in aes if f.grade and not (study and (f.n is not None or f.percent is not None))}
    per_patient = {(str(f.drug), f.event, f.grade) for _, f, g in aes if f.patient is not None}
    kept = {}
    for k, f, g in aes:
        if study and (f.n is not None or f.percent is not None):
            continue
        if (not f.grade and (str(f.drug), g) in graded) or \
                (f.patient is None and (str(f.drug), f.event, f.grade) in per_patient):
            del em.facts[k]
            continue
        if f.n is not None or f.percent is not None:
            continue
        same = (f.patient, str(f.drug), f.grade, g)
        if same not in kept:
            kept[same] = f.event
        elif f.event != kept[same]:
            loser = kept[same] if kept[same] in f.event else f.event
            kept[same] = f.event if loser != f.event else kept[same]
            for k2, f2, g2 in aes:
                if k2 in em.facts and g2 == g and f2.event == loser and (f2.patient, str(f2.drug), f2.grade) == same[:3]:
                    del em.facts[k2]


EVENTS = ["neuropathy", "peripheral neuropathy", "peripheral sensory neuropathy", "renal toxicity", "nephrotoxicity",
          "hypertension", "rash", "acneiform rash", "fatigue", "no such event here"]


def _emitter(facts):
    em = Emitter.__new__(Emitter)
    em.facts = {("adverse_events", i): f for i, f in enumerate(facts)}
    em.facts[("doses", 0)] = object()  # another family's fact is left alone
    return em


def test_drop_is_the_reference_on_random_fact_sets():
    rnd = random.Random(5)
    dropped = 0
    for _ in range(4000):
        facts = [AdverseEvent(doc="d", patient=rnd.choice([None, None, 1, 2]), drug=rnd.choice(["x", "y", ["x", "y"], None]),
                              event=rnd.choice(EVENTS), grade=rnd.choice([None, None, "3", "1-2"]),
                              n=rnd.choice([None, None, 4]), percent=rnd.choice([None, None, 12.5]))
                 for _ in range(rnd.randint(0, 6))]
        for study in (False, True):
            new, old = _emitter(facts), _emitter(facts)
            R._drop_ungraded_duplicates(new, study)
            _reference(old, study)
            assert list(new.facts) == list(old.facts), (facts, study)
            dropped += len(facts) + 1 - len(new.facts)
    assert dropped > 300


def test_a_counted_study_event_of_the_losing_wording_is_dropped_as_before():
    """The study's counted "neuropathy" goes with its uncounted wording, beaten by "peripheral neuropathy"."""
    facts = [AdverseEvent(doc="d", drug="x", event="neuropathy"),
             AdverseEvent(doc="d", drug="x", event="neuropathy", percent=20.0),
             AdverseEvent(doc="d", drug="x", event="peripheral neuropathy")]
    new, old = _emitter(facts), _emitter(facts)
    R._drop_ungraded_duplicates(new, True)
    _reference(old, True)
    assert list(new.facts) == list(old.facts) == [("adverse_events", 2), ("doses", 0)]
