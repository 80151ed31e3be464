"""Quotation marks, paragraph by paragraph: pure text, no model."""

from newslens.quotes.marks import find_quoted
from newslens.text import paragraphs


def inner(text):
    return [text[q.inner_start:q.inner_end] for q in find_quoted(text)]


def test_curly_and_straight_double_marks():
    text = '“We will win,” Gao said. Sun said: "They will lose."'
    assert inner(text) == ["We will win,", "They will lose."]


def test_marks_include_their_glyphs_in_the_outer_span():
    text = 'He said "yes" twice.'
    (q,) = find_quoted(text)
    assert text[q.start:q.end] == '"yes"' and q.closed


def test_single_marks_quote_but_apostrophes_do_not():
    text = "It’s ‘all in the timing,’ Okafor’s aide said of fans’ worries."
    assert inner(text) == ["all in the timing,"]


def test_nested_single_quotes_stay_inside_the_double_quote():
    text = '“He called it ‘a disaster’ twice,” she said.'
    assert inner(text) == ["He called it ‘a disaster’ twice,"]


def test_wrong_glyph_is_read_from_context():
    # a closing glyph typed at the start of a paragraph still opens the quote
    text = "”Mr. Halvorsen embodies a movement.” ― Maren Ekdahl"
    assert inner(text) == ["Mr. Halvorsen embodies a movement."]


def test_doubled_single_marks_are_one_double_mark():
    text = "''This isn't a real budget,'' said Teodor Brask."
    (q,) = find_quoted(text)
    # the quote's marks are the two-character `''` on both sides, not a single pair inside them
    assert text[q.start:q.inner_start] == "''" and text[q.inner_end:q.end] == "''"
    assert text[q.inner_start:q.inner_end] == "This isn't a real budget,"


def test_quote_running_over_paragraphs_continues_when_next_paragraph_opens_with_a_mark():
    text = '"First paragraph of the quote.\n\n"Second paragraph, closed," he said.\n\nAfter.'
    (q,) = find_quoted(text)
    assert q.paragraphs == 2 and q.closed
    assert text[q.inner_start:q.inner_end].endswith("Second paragraph, closed,")


def test_an_odd_mark_never_costs_the_rest_of_the_article():
    text = 'An odd "mark here and nothing else.\n\nLater, "a real quote," she said.'
    quotes = find_quoted(text)
    assert [text[q.inner_start:q.inner_end] for q in quotes] == ["mark here and nothing else.", "a real quote,"]
    assert not quotes[0].closed and quotes[1].closed


def test_a_stray_closing_mark_is_ignored():
    text = 'Nothing quoted here.” Then "this," he said.'
    assert inner(text) == ["this,"]


def test_paragraphs_are_non_blank_lines_with_offsets():
    text = "  One.\n\nTwo two.\n"
    assert [text[s:e] for s, e in paragraphs(text)] == ["One.", "Two two."]


def test_a_change_of_mark_style_starts_a_new_quote_instead_of_continuing():
    text = '"Nils was asleep.\n\n“There you go,” she said.'
    assert inner(text) == ["Nils was asleep.", "There you go,"]


def test_paragraphs_joined_into_one_line_keep_their_opening_marks_and_the_quote_goes_on():
    # a long quote whose paragraphs were joined: each part opens with a mark, only the last one closes
    text = ('Okafor said: "Prices rose. "We acted fast. "It worked." Brask said: "No. "It failed." '
            'Okafor will publish her "plan" on Monday.')
    assert inner(text) == ["Prices rose. \"We acted fast. \"It worked.", "No. \"It failed.", "plan"]
    assert find_quoted(text)[0].paragraphs == 3
