"""The cohort gates asked as the halves of an alternation answer as the whole alternation did."""

import random
import re

from graph_builder import numwords
from graph_builder.relate import cohort, cohort_labels

_ANY_COUNT_REF = re.compile(rf"\d|\b(?:{numwords.WORD_NUMBER}|none)\b", re.I)
_OWN_REF = re.compile(
    r"\bwe\s+(?:report|present|describe)\s+(?:the\s+)?results\s+(?:in|for|of|from)\s+(?:this|these|the)\s+"
    r"(?:subset|subgroup|cohort|group|population)\s+of\s+(?P<d>\d+)\b(?!\s+(?:[\w-]+\s+)?(?:with|who|whose|harbou?ring)\b)|"
    r"\b(?:of|among)\s+(?:the\s+)?(?P<e>\d+)\s+(?:patients\s+)?(?:with\s+)?(?:assessable|evaluable)\b", re.I)

_WORDS = ["we", "We", "report", "present", "describe", "the", "results", "RESULTS", "in", "for", "of", "from", "this",
          "these", "subset", "group", "cohort", "population", "among", "Among", "patients", "with", "who", "assessable",
          "Evaluable", "12", "7", "٣", "３", "²", "one", "None", "none", "ONE", "someone", "twenty-one", "Twenty one",
          "ninety", "thirteen", "three hundred", "tone", "often", "ſeven", "İ", "a", "an", "is", "response", ",", ".",
          "(", ")", "-", "–", "x9", "1.5", "were", "enrolled", "harbouring", "KRAS"]


def _texts(n: int, seed: int) -> list[str]:
    rnd = random.Random(seed)
    out = ["", "we report results in this subset of 40 patients.", "we report the results for the cohort of 12 with KRAS",
           "Of the 31 patients with assessable disease", "among 9 evaluable", "No digits here at all", "twenty-one",
           "tone and often", "three hundred", "none", "٣ patients", "x²", "ſeven", "Among the 5 patients evaluable"]
    for _ in range(n):
        out.append(rnd.choice([" ", "  ", "\n"]).join(rnd.choice(_WORDS) for _ in range(rnd.randint(1, 14))))
    return out


def test_holds_count_is_the_alternation():
    for t in _texts(4000, 1):
        assert cohort._holds_count(t) == (_ANY_COUNT_REF.search(t) is not None), t


def test_own_population_is_the_alternation():
    assert cohort_labels._OWN_POPULATION == _OWN_REF.pattern
    for t in _texts(4000, 2):
        assert cohort_labels._own_population(t) == (_OWN_REF.search(t) is not None), t
