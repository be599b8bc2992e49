"""Drug mentions: the INN-shaped fallback scan."""
import pytest


def test_long_words_match_their_definition() -> None:
    """The long-word scan finds exactly the runs' words of six or more characters (where an INN can be)."""
    import random
    import re

    from graph_builder.recognise.drugs import _long_words, long_words

    # the definition: a run of [A-Za-z0-9-], its leading digits and hyphens dropped, six characters or more
    run_word = re.compile(r"(?<![A-Za-z0-9-])[0-9-]*([A-Za-z][A-Za-z0-9-]{5,})(?![A-Za-z0-9-])")
    rng = random.Random(1)
    alphabet = "abnimtxAB-12 ,.NIBmab\u00e9_?\u2013"
    texts = ["".join(rng.choice(alphabet) for _ in range(300)) for _ in range(2000)]
    texts += ["5-fluorouracil and 3-zorbatinib, anti-PD-1 foo-zumab (xx-ximab)"]
    for t in texts:
        assert list(_long_words(t)) == [(m.start(1), m.end(1), m.group(1)) for m in run_word.finditer(t)]
        assert long_words(t) == run_word.findall(t)  # the same words, found at once for the lookup


def test_hyphenated_drug_pairs_and_their_acronym():
    from graph_builder.recognise.abbreviations import document_abbreviations
    from graph_builder.recognise.drugs import find_drugs as _find

    assert [d.name for d in _find("pemetrexed-carboplatin-bevacizumab, not PD-L1")] == ["pemetrexed", "carboplatin", "bevacizumab"]
    assert document_abbreviations("We compared docetaxel-cisplatin (DC) with other regimens.") == {"DC": ["cisplatin", "docetaxel"]}


def test_corticosteroid_listed_with_cancer_drugs_joins_the_regimen():
    from graph_builder.recognise.drugs import find_drugs as _find

    roles = {d.name: d.role for d in _find("She was given bortezomib, lenalidomide and dexamethasone.")}
    assert roles["dexamethasone"] == "antineoplastic"
    roles = {d.name: d.role for d in _find("He took temozolomide and dexamethasone to reduce brain oedema.")}
    assert roles["dexamethasone"] == "supportive"
    roles = {d.name: d.role for d in _find("docetaxel with dexamethasone premedication")}
    assert roles["dexamethasone"] == "supportive"
    roles = {d.name: d.role for d in _find("mannitol and prednisolone were given")}
    assert roles["prednisolone"] == "supportive"


def test_one_letter_abbreviation_only_in_combinations():
    from graph_builder.recognise.abbreviations import document_abbreviations
    from graph_builder.recognise.drugs import find_drugs as _find

    text = "We added cetuximab (C) to FOLFIRI. FOLFIRI + C was active; C-containing arms had rash. Panel (C) and C cells."
    ab = document_abbreviations(text)
    assert ab == {"C": ["cetuximab"]}
    assert [text[d.start:d.end] for d in _find(text, ab)] == ["cetuximab", "C", "C"]


def _fallback_ungated(text: str, covered: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
    """The drug-NER fallback with no gate: every long word the index holds whose start is not covered (the reference)."""
    from graph_builder.recognise.drugs import _inn, _long_words

    index = _inn() or {}
    return [(s, e, w.lower()) for s, e, w in _long_words(text)
            if w.lower() in index and not any(a <= s < b for a, b in covered)]


def test_the_stem_gate_hides_no_word_the_index_holds():
    """The gate before the drug-NER lookup (a long word ending in a stem, its start not covered by a mention
    found before) never hides a word the fallback would add: same words as the ungated lookup."""
    import random

    from graph_builder.recognise.drugs import _INN_SUFFIXES, _fallback, _inn, _may_name_unknown_inn

    index = _inn()
    if index is None:
        pytest.skip("drug-NER dictionary not installed")
    rng = random.Random(23)
    names = sorted(index)[:200] + ["receptor", "statistically", "exceptional", "status", "xmab", "Abcdemab"]
    glue = [" ", "-", "_", "İ", "é", "5", "", ",", "(", "Mab", "stat", "ſ", "cept", "\u212a", "9-", "-x"]
    found = 0
    for _ in range(4000):
        text = "".join(rng.choice(glue) + rng.choice(names).capitalize() * rng.randint(0, 1) + rng.choice(glue)
                       for _ in range(rng.randint(1, 5)))
        want = _fallback_ungated(text, [])
        covered = [(s, e) for s, e, _ in want if rng.random() < 0.5]  # some found before, as the lexicon would
        low = text.lower()
        for name in names:  # and mentions anywhere a name is written: after "anti-", "9-", inside a longer run
            at = low.find(name.lower())
            if at >= 0 and rng.random() < 0.3:
                covered.append((at, at + len(name)))
        want = _fallback_ungated(text, covered)
        found += bool(want)
        assert [(d.start, d.end, d.name) for d in _fallback(text, covered)] == want, text
    assert found > 250
    assert all(_may_name_unknown_inn(f"a {s}{s}{s}", []) for s in _INN_SUFFIXES)
    assert not _may_name_unknown_inn("the receptors", []) and not _may_name_unknown_inn("a cetuximab", [(2, 11)])
