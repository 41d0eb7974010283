"""Segments: 1-3 sentences inside one turn, offsets exact, survey answers whole unless long."""
from __future__ import annotations

from hypothesis import given, settings, strategies as st

from cjresearch.model import ParsedSource, Turn
from cjresearch.segment import MAX_SENTENCES, segment_source

ANSWER = ("Lo descubrí por un anuncio en Instagram. Al principio no me fiaba nada. "
          "Comparé precios con el súper de siempre. Pedí una vez para probar. "
          "El repartidor llegó puntual y muy amable. Desde entonces repito cada semana.")


def interview(text):
    return ParsedSource(name="x.txt", kind="interview", format="txt", text=text,
                        turns=[Turn(start=0, end=len(text), speaker="Marta")])


def test_groups_of_up_to_three_sentences_with_exact_offsets():
    src = interview(ANSWER)
    segs = segment_source(src, lambda t: True)
    assert len(segs) >= 2
    for s in segs:
        quote = src.text[s.start:s.end]
        assert quote == quote.strip() and quote
        assert quote.count(". ") + 1 <= MAX_SENTENCES
    assert " ".join(src.text[s.start:s.end] for s in segs) == ANSWER
    assert {s.language for s in segs} == {"es"}


def test_survey_answer_is_one_segment_unless_long():
    short = "La app se cuelga al pagar. Un desastre."
    text = short + "\n\n" + " ".join([ANSWER] * 3)
    src = ParsedSource(name="s.csv", kind="survey", format="csv", text=text,
                       turns=[Turn(0, len(short), speaker="R1", respondent="R1"),
                              Turn(len(short) + 2, len(text), speaker="R2", respondent="R2")])
    segs = segment_source(src, lambda t: True)
    assert src.text[segs[0].start:segs[0].end] == short
    assert len(segs) > 2  # the long answer was split
    assert all(s.turn_index == 1 for s in segs[1:])


def test_language_is_detected_per_survey_answer():
    a, b = "Llegó tarde y sin bolsas.", "The driver was lovely and early."
    text = a + "\n\n" + b
    src = ParsedSource(name="s.csv", kind="survey", format="csv", text=text,
                       turns=[Turn(0, len(a)), Turn(len(a) + 2, len(text))])
    assert [s.language for s in segment_source(src, lambda t: True)] == ["es", "en"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(min_size=1, max_size=120), min_size=1, max_size=6))
def test_offsets_cover_turns_in_order_for_any_unicode(parts):
    text, turns, pos = "", [], 0
    for part in parts:
        if text:
            text += "\n"
            pos += 1
        turns.append(Turn(start=pos, end=pos + len(part), speaker="P"))
        text += part
        pos += len(part)
    src = interview(text)
    src.turns = turns
    segs = segment_source(src, lambda t: True, language="en")
    last = 0
    for s in segs:
        turn = turns[s.turn_index]
        assert turn.start <= s.start < s.end <= turn.end
        assert s.start >= last
        last = s.end
        assert src.text[s.start:s.end].strip() == src.text[s.start:s.end]
    # every non-space character of every turn is in some segment
    covered = set()
    for s in segs:
        covered.update(range(s.start, s.end))
    for t in turns:
        for i in range(t.start, t.end):
            if not text[i].isspace():
                assert i in covered
