from graph_builder.read import SourceDocument
from graph_builder.recognise import recognise
from graph_builder.relate.diagnosis import diagnosis, disease_phrase
from graph_builder.segment import segment


def _phrase(text, head, name=None):
    i = text.index(head)
    return disease_phrase(text, i, i + len(head), name or head)


def test_modifiers_before_the_disease_are_kept():
    assert _phrase("He had stage IIIB EGFR L858R mutant lung adenocarcinoma.", "lung adenocarcinoma") == \
        "stage IIIB EGFR L858R mutant lung adenocarcinoma"
    assert _phrase("Imaging showed locally advanced ER-positive breast cancer.", "breast cancer") == \
        "locally advanced ER-positive breast cancer"


def test_other_words_before_the_disease_stop_the_phrase():
    assert _phrase("A 61-year-old man with melanoma.", "melanoma") == "melanoma"
    assert _phrase("She had right breast cancer.", "breast cancer") == "breast cancer"


def test_an_abbreviation_is_written_out():
    assert _phrase("A man with metastatic HCC.", "HCC", "hepatocellular carcinoma") == "metastatic hepatocellular carcinoma"


def _diag(text):
    seg = segment(SourceDocument.from_text(text, "d", clean=False))
    return diagnosis([a for a in recognise(seg).sentences if a.sent.patient == 1])[0]


def test_the_patients_disease_not_a_relatives_nor_a_populations():
    for told in ("A 48-year-old woman was found to have stage IIIC rectal cancer.",
                 "Biopsy confirmed stage IIIC rectal cancer in a 48-year-old woman."):
        text = ("Women with ovarian cancer frequently relapse. Her mother died of breast cancer. " + told +
                " She received capecitabine.")
        assert _diag(text) == "stage IIIC rectal cancer"


def test_a_cue_before_a_mention_is_told_by_the_whole_sentence_s_search() -> None:
    """_found_before answers what searching the text before the mention answers, on written and random texts."""
    import random

    from graph_builder.relate.diagnosis import _CUE, _PERSON_WITH, _found_before

    rng = random.Random(4)
    parts = ["diagnosed", "diagnos", "confirmed", "confirmedly", "pathology", "biopsy", "Histologically", "consistent with",
             "patient", "woman", "with", "without", "of", "had", "for", "x", "cancer", " ", " ", ".", ";", "-", "é", "_"]
    for _ in range(6000):
        text = "".join(rng.choice(parts) for _ in range(rng.randrange(1, 9)))
        for rx in (_CUE, _PERSON_WITH):
            whole = rx.search(text)
            for start in range(len(text) + 1):
                assert _found_before(rx, text, whole, start) is (rx.search(text[:start]) is not None), (text, start)


def test_modifiers_are_looked_for_only_after_white_space() -> None:
    """_modifiers_start gives what the search at every step gave, on random texts."""
    import random

    from graph_builder.relate.diagnosis import _MODIFIER, _modifiers_start

    def searched(text: str, start: int) -> int:  # the reference: searched before every step
        lo = start
        while True:
            m = _MODIFIER.search(text, max(0, lo - 40), lo)
            if m is None or m.end() != lo:
                return lo
            lo = m.start()

    rng = random.Random(5)
    parts = ["stage IV ", "metastatic ", "locally ", "advanced", "HER2-positive ", "EGFR L858R mutant ", "well-differentiated ",
             "x", " ", "\n", "(", "gastric ", "the ", "Stage ", "\u2003"]
    for _ in range(5000):
        text = "".join(rng.choice(parts) for _ in range(rng.randrange(0, 8))) + "cancer"
        for start in range(len(text) + 1):
            assert _modifiers_start(text, start) == searched(text, start), (text, start)
