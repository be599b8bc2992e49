from graph_builder.recognise import context as ctx
from graph_builder.recognise.outcomes import find_responses, find_survival


def test_modal_verbs_but_not_the_month_may():
    assert ctx.hypothetical("Dose reductions could be made at the clinician's discretion.")
    assert not ctx.hypothetical("She received exemestane from December 15, 2015, to May 20, 2016.")
    assert not ctx.hypothetical("The patient could not tolerate the dose.")


def test_refusal_recommendation_citation():
    assert ctx.refused("the patient refused this recommendation due to financial reasons")
    assert ctx.recommended("Bevacizumab was recommended")
    assert ctx.cited("Smith et al. reported a median OS of 13.6 months.")


def test_negated_responses_are_dropped():
    assert [r.value for r in find_responses("MRI at 20 weeks still showed no disease progression.")] == []
    assert [r.value for r in find_responses("The best response was PR; ER (+), PR (+) on IHC.")] == ["PR"]
    assert [r.value for r in find_responses("MRI showed lesions to be near CR.")] == ["nCR"]


def test_survival_qualifiers():
    s = find_survival("Both patients had a progression-free survival of more than 12 mo, and OS was about 20 months.")
    assert [(x.endpoint, x.value, x.unit, x.qualifier) for x in s] == [("PFS", 12.0, "months", ">"), ("OS", 20.0, "months", "~")]


def test_site_limited_stability_is_not_an_overall_response():
    assert [r.value for r in find_responses("The hepatic disease remained stable while the bone lesions grew.")] == []
    assert [r.value for r in find_responses("The disease remained stable for eight months.")] == ["SD"]
