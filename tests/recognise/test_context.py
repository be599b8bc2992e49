from graph_builder.recognise import context as ctx
from graph_builder.recognise.outcomes import find_responses, find_survival


def test_modal_verbs_but_not_the_month_may():
    assert ctx.hypothetical("Treatment breaks might be allowed if toxicity persisted.")
    assert ctx.hypothetical("Doses could be lowered if toxicity persisted.")
    assert not ctx.hypothetical("He took letrozole from March 4, 2018, to May 11, 2019.")
    assert not ctx.hypothetical("Because of fatigue, she could not tolerate the starting dose.")


def test_refusal_recommendation_citation():
    assert ctx.refused("he declined the proposed surgery because of its cost")
    assert ctx.refused("she refused further chemotherapy")
    assert ctx.recommended("Pembrolizumab was recommended")
    assert ctx.cited("Jones et al. reported a median PFS of 7.1 months.")


def test_negated_responses_are_dropped():
    assert [r.value for r in find_responses("CT at 12 weeks still revealed no disease progression.")] == []
    assert [r.value for r in find_responses("There was no disease progression on the 12-week CT.")] == []
    assert [r.value for r in find_responses("A PR was the best response; immunohistochemistry showed PR (+) and ER (+).")] == ["PR"]
    assert [r.value for r in find_responses("The liver lesions reached near CR on MRI.")] == ["nCR"]


def test_survival_qualifiers():
    for text in ("Progression-free survival exceeded 9 mo in both patients, and OS was approximately 18 months.",
                 "Her progression-free survival lasted more than 9 mo, and OS was about 18 months.",
                 "PFS was longer than 9 mo; OS reached about 18 months."):
        s = find_survival(text)
        assert [(x.endpoint, x.value, x.unit, x.qualifier) for x in s] == [("PFS", 9.0, "months", ">"),
                                                                           ("OS", 18.0, "months", "~")]


def test_site_limited_stability_is_not_an_overall_response():
    assert [r.value for r in find_responses("The hepatic disease remained stable while the bone lesions grew.")] == []
    assert [r.value for r in find_responses("The lung disease stayed stable while the liver lesions enlarged.")] == []
    assert [r.value for r in find_responses("The disease remained stable for eight months.")] == ["SD"]


def test_was_reported_with_a_frequency_is_a_result_not_a_citation():
    from graph_builder.recognise.context import cited

    assert not cited("Hand-foot syndrome was reported in 17% of patients.")
    assert not cited("Pruritus was reported in three patients.")
    assert cited("Durable responses were reported by an earlier series.")
    assert cited("This toxicity was reported in a previous trial.")


def test_last_clause_is_what_the_clause_break_split_leaves() -> None:
    import random

    from graph_builder.recognise.context import _CLAUSE_BREAK, _last_clause

    rng = random.Random(13)
    parts = [";", ",", " ", "but", "But", "however", "although", "rebut", "buts", "x", "no ", "not", "_", "é", "é"]
    for _ in range(30000):
        text = "".join(rng.choice(parts) for _ in range(rng.randrange(0, 10)))
        assert _last_clause(text) == _CLAUSE_BREAK.split(text)[-1], repr(text)
