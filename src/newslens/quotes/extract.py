"""Who said what: attribution frames from the parse, joined with the quoted passages of each paragraph.

1. ``marks.find_quoted`` finds the quoted passages (per paragraph, across paragraphs when a quote runs on).
2. ``frames`` finds the attributions: cue verbs with their subjects, `according to` phrases, transcript
   labels (`HALVORSEN: ...`), each with the content the parse gives it.
3. Content that is one quoted passage is a direct quote; content with a quoted fragment in reported words is
   mixed; content without marks is indirect. A quoted passage no frame claimed goes to the attribution next
   to it (`"...," Gao said.`, `Gao said: "..."`), joins the quote before it when only an attribution stands
   between them (`"...," he said, "..."`), is attributed by the paragraph before when it stands alone (`...,
   said Sun.` then `"..."`), or by a dash line after it (`"..." -- Jane Doe`). Unattributed passages (scare
   quotes, titles) are left out.
4. Speakers are resolved in text order (``speakers.Resolver``), so pronouns find who spoke last.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

import numpy
from spacy.attrs import IDX, LOWER, POS
from spacy.strings import hash_string
from spacy.symbols import VERB

from newslens.entities.index import EntityIndex
from newslens.pronouns import pronouns
from newslens.quotes.acts import act_of
from newslens.quotes.frames import (
    Frame,
    adjective_frame,
    clause_frame,
    names_someone,
    noun_frame,
    source_frame,
    subject_of,
    verb_frame,
)
from newslens.quotes.lexicon import cue_classes, cue_nouns, kicker_labels, source_phrase_heads, stance_adjectives
from newslens.quotes.marks import Quoted, find_quoted
from newslens.quotes.speakers import Resolver, Speaker
from newslens.records import Quote
from newslens.text import paragraphs

_GAP = re.compile(r"[\s,.;:!?\-–—―(\[]*")
_DASH_LINE = re.compile(r"\s*[―—–-]+\s*")
_LABEL_MAX_TOKENS = 5
_HEADLINE_MAX_TOKENS = 12  # a headline's words before the colon that opens its quote
_OPENING_MARKS = "\"“‘'«"
_CLOSING_MARKS = "\"”’'»"


_CUT = "\"'“”„‟«»‘’‚‛"  # quotation marks at a paragraph break inside a quote

@dataclass
class Pending:
    frame: Frame
    start: int
    end: int
    kind: str
    cue: str | None
    quotes: tuple[Quoted, ...] = ()
    speaker: Speaker | None = None
    origin: str = "rule"  # what proposed it: the rules, or a candidate generator for the trained model


class _Pendings:
    """The pendings of an article as quotes are attached, in the order they were made, indexed by where they
    start and end: the attachment asks for those near each quoted passage, and scanning them all for each of
    thousands of passages made a long article (a transcript) cost the square of its length."""

    def __init__(self, pendings: list[Pending]):
        self.items: list[Pending] = []
        self._by_end: list[tuple[int, int]] = []  # (-end, order): the latest end first, ties in order made
        self._by_start: list[tuple[int, int]] = []
        self._order: dict[int, int] = {}
        for p in pendings:
            self.append(p)

    def append(self, p: Pending) -> None:
        order = len(self.items)
        self.items.append(p)
        self._order[id(p)] = order
        bisect.insort(self._by_end, (-p.end, order))
        bisect.insort(self._by_start, (p.start, order))

    def set_end(self, p: Pending, end: int) -> None:
        order = self._order[id(p)]
        del self._by_end[bisect.bisect_left(self._by_end, (-p.end, order))]
        p.end = end
        bisect.insort(self._by_end, (-end, order))

    def ending_within(self, low: int, high: int) -> list[Pending]:
        """Pendings with low < end <= high, the latest end first (ties in the order they were made)."""
        i = bisect.bisect_left(self._by_end, (-high, -1))
        j = bisect.bisect_left(self._by_end, (-low, -1))
        return [self.items[order] for _, order in self._by_end[i:j]]

    def starting_within(self, low: int, high: int) -> list[Pending]:
        """Pendings with low <= start < high, in the order they were made."""
        i = bisect.bisect_left(self._by_start, (low, -1))
        j = bisect.bisect_left(self._by_start, (high, -1))
        return [self.items[order] for order in sorted(order for _, order in self._by_start[i:j])]

    def __iter__(self):
        return iter(self.items)


def _only_gap(text: str, start: int, end: int) -> bool:
    return start <= end and _GAP.fullmatch(text, start, end) is not None


def _direct_text_end(text: str, start: int, end: int) -> int:
    """A direct quote's content ends before a comma that leads back into the sentence."""
    while end > start and text[end - 1] in " \t\n,\u00a0":
        end -= 1
    return end


class _Coverage:
    """Whether a position lies inside any of a set of spans, by bisection over their sorted starts."""

    def __init__(self, spans: list[tuple[int, int]]):
        spans.sort()
        self.starts = [s for s, _ in spans]
        self.reach: list[int] = []  # the furthest end of the spans up to each one
        for _, end in spans:
            self.reach.append(max(end, self.reach[-1]) if self.reach else end)

    def covers(self, pos: int) -> bool:
        i = bisect.bisect_right(self.starts, pos) - 1
        return i >= 0 and self.reach[i] > pos


class _Article:
    """The state of extraction for one article."""

    def __init__(self, doc, index: EntityIndex, text: str | None = None) -> None:
        self.doc = doc
        self.text = doc.text if text is None else text
        self.index = index
        self.paras = paragraphs(self.text)
        self.para_starts = [p[0] for p in self.paras]
        self.quoted = find_quoted(self.text)
        self.quoted_starts = [q.start for q in self.quoted]
        self.consumed: set[int] = set()  # indexes into self.quoted
        self.token_starts = doc.to_array([IDX]).tolist() if len(doc) else []  # no Token object per word
        self._mask: list[bool] | None = None

    def para_of(self, pos: int) -> int:
        return max(0, bisect.bisect_right(self.para_starts, pos) - 1)

    def quoted_overlapping(self, start: int, end: int) -> list[int]:
        i = max(0, bisect.bisect_left(self.quoted_starts, start) - 1)
        out = []
        while i < len(self.quoted) and self.quoted[i].start < end:
            q = self.quoted[i]
            if q.end > start:
                out.append(i)
            i += 1
        return out

    def inside_quote_mask(self) -> list[bool]:
        """Per token: does it lie inside the marks of a quoted passage?"""
        if self._mask is not None:
            return self._mask
        mask = self._mask = [False] * len(self.doc)
        qi = 0
        for i, idx in enumerate(self.token_starts):  # offsets, not Token objects: this runs over every token
            while qi < len(self.quoted) and self.quoted[qi].inner_end <= idx:
                qi += 1
            if qi < len(self.quoted) and self.quoted[qi].inner_start <= idx < self.quoted[qi].inner_end:
                mask[i] = True
        return mask

    # -- frames ------------------------------------------------------------------------------------------
    def frames(self) -> list[Frame]:
        mask = self.inside_quote_mask()
        cues = cue_classes()
        phrase_heads = source_phrase_heads()
        nouns = cue_nouns()
        adjectives = stance_adjectives()
        doc = self.doc
        # only tokens that can start a frame become Token objects (building one for every token costs more than
        # the rules): a word of the lexicons, or a verb (`clause_frame`)
        rows = doc.to_array([LOWER, POS])
        candidates = numpy.flatnonzero(numpy.isin(rows[:, 0], _frame_words()) | (rows[:, 1] == VERB)).tolist()
        sents = [(s.start, s) for s in doc.sents]
        sent_starts = [start for start, _ in sents]
        out = []
        for i in candidates:
            if mask[i]:
                continue
            token = doc[i]
            sent = sents[bisect.bisect_right(sent_starts, i) - 1][1]
            low = token.lower_
            frame = None
            if low in cues and token.tag_.startswith("VB"):
                frame = verb_frame(token, sent, mask.__getitem__)
            elif low in phrase_heads:
                frame = source_frame(token, sent)
            elif token.pos_ == "VERB":
                frame = clause_frame(token, sent, mask.__getitem__)
            elif token.pos_ == "NOUN" and low in nouns:
                frame = noun_frame(token, sent, mask.__getitem__)
            elif token.pos_ == "ADJ" and low in adjectives:
                frame = adjective_frame(token, sent, mask.__getitem__)
            if frame is not None:
                out.append(frame)
        out.extend(self.label_frames(mask))
        out.sort(key=lambda f: f.cue_start)
        return out

    def label_frames(self, mask: list[bool]) -> list[Frame]:
        """Transcript and headline labels: a paragraph that opens with a short name and a colon."""
        doc, out = self.doc, []
        for p_start, p_end in self.paras:
            span = doc.char_span(p_start, p_end, alignment_mode="expand")
            if span is None or len(span) < 4:
                continue
            frame = self._label(span, mask)
            if frame is None and p_start == self.paras[0][0]:
                frame = self._headline_quote(span)
            if frame is not None:
                out.append(frame)
        return out

    def _label(self, span, mask: list[bool]) -> Frame | None:
        """`HALVORSEN: ...`, `Poll: ...`: a paragraph that opens with a short name and a colon."""
        doc, p_start, p_end = self.doc, span.start_char, span.end_char
        first = span.start + 1 if span[0].text in _OPENING_MARKS else span.start
        colon = next((t for t in doc[first:first + _LABEL_MAX_TOKENS + 1] if t.text == ":"), None)
        if colon is None or colon.i == first or colon.i >= span.end - 3:
            return None
        label = doc[first:colon.i]
        if (first == span.start and any(mask[t.i] for t in label)) or not all(
                t.is_title or t.is_upper or t.text in ".-'’" for t in label):
            return None
        if any(t.pos_ in ("VERB", "AUX") for t in label):
            return None
        if len(label) > 3 and not all(t.ent_type_ for t in label if t.is_alpha):
            return None  # a headline of its own (`Harbor Plan Stalls Ferry Talks:`), not a name
        if label.text.lower() in kicker_labels():
            return None  # `Correction:`, `The Latest:`
        if any(t.pos_ in ("ADP", "CCONJ") or t.is_stop for t in label[1:]) and not any(
                t.ent_type_ in ("PERSON", "ORG", "NORP", "GPE") for t in label):
            return None  # `Trouble Over Tolls:`, a headline's phrase rather than a name
        start, end = label.start_char, label.end_char
        head = label.root
        c_start, c_end = doc[colon.i + 1].idx, p_end
        if first > span.start and self.text[c_end - 1] in _CLOSING_MARKS and self.text[c_start] not in _OPENING_MARKS:
            c_end -= 1  # `"HALVORSEN: ..."`: a turn quoted whole closes its mark at the end
        return Frame(":", colon.idx, colon.idx + 1, "label", head, start, colon.idx + 1, p_start, p_end,
                     (c_start, c_end), speaker_span=(start, end), colon=True)

    def _headline_quote(self, span) -> Frame | None:
        """`Senator Hammers Bank Chief: 'You Should Resign.'`, `A lesson from Ada Okafor: 'Be the voice.'`: a
        headline that quotes someone after a colon quotes the one person it names before the colon."""
        colon = next((t for t in span[:_HEADLINE_MAX_TOKENS] if t.text == ":"), None)
        if colon is None or len(self.paras) < 2:
            return None
        # the quotation ends the headline (`Okafor scolded him: "...," she said` is a sentence of a story)
        last = next((q for q in reversed(self.quoted) if colon.idx < q.start < span.end_char), None)
        if last is None or not _only_gap(self.text, last.end, span.end_char):
            return None
        people = [e for e in self.doc[span.start:colon.i].ents if e.label_ == "PERSON"]
        if len(people) != 1 or any(t.tag_ == "VBD" for t in self.doc[span.start:colon.i]):
            return None  # one person named, in a headline's present tense
        person = people[0]
        c_start, c_end = self.doc[colon.i + 1].idx, span.end_char
        return Frame(":", colon.idx, colon.idx + 1, "speech", person.root, person.start_char, colon.idx + 1,
                     span.start_char, span.end_char, (c_start, c_end), colon=True)

    # -- content against quotation marks ----------------------------------------------------------------
    def classify(self, frame: Frame) -> Pending | None:
        start, end = frame.content  # type: ignore[misc]
        text = self.text
        hits = [i for i in self.quoted_overlapping(start, end) if i not in self.consumed]
        if frame.klass == "label":
            # a transcript turn is verbatim speech, a headline label (`Poll: ...`) a summary
            self.consumed.update(hits)
            if len(hits) == 1 and _only_gap(text, start, self.quoted[hits[0]].start) and _only_gap(
                    text, self.quoted[hits[0]].end, end):
                return self._direct(frame, self.quoted[hits[0]], frame.cue)  # `Goldsmith: 'I was not told'`
            upper = text[frame.attr_start:frame.cue_start].isupper()
            kind = "direct" if upper else "mixed" if hits else "indirect"
            return Pending(frame, start, end, kind, frame.cue, tuple(self.quoted[i] for i in hits))
        if frame.content[0] > frame.cue_start:
            # `said she has the temperament for the post: "Patience ..."`: a colon hands the clause on to a quote
            k = bisect.bisect_left(self.quoted_starts, end)
            if k < len(self.quoted) and k not in self.consumed and self.quoted[k].start < frame.sent_end + 2 and (
                    text[end:self.quoted[k].start].strip() == ":"):
                hits.append(k)
                end = self.quoted[k].end
        if not hits:
            return Pending(frame, start, end, "indirect", frame.cue)
        first, last = self.quoted[hits[0]], self.quoted[hits[-1]]
        if len(hits) == 1 and _only_gap(text, start, max(start, first.start)) and _only_gap(
                text, min(end, first.end), end):
            if frame.attr_start < first.end and frame.cue_start >= first.start and frame.cue_end <= first.end:
                return None  # the cue is inside the quote
            self.consumed.add(hits[0])
            inner_end = _direct_text_end(text, first.inner_start, first.inner_end)
            return Pending(frame, first.inner_start, inner_end, "direct", frame.cue, (first,))
        # reported words with a quoted fragment: the content reaches over the whole fragment
        if first.start < frame.attr_start < first.end or first.start < frame.cue_start < last.end:
            # the attribution sits between quotes: keep the content on its own side
            hits = [i for i in hits if (self.quoted[i].end <= frame.attr_start) == (end <= frame.attr_start)]
            if not hits:
                return Pending(frame, start, end, "indirect", frame.cue)
            first, last = self.quoted[hits[0]], self.quoted[hits[-1]]
        self.consumed.update(hits)
        new_start = min(start, first.start)
        new_end = max(end, last.end)
        if new_start <= frame.cue_start < new_end:
            new_start, new_end = start, end
        return Pending(frame, new_start, new_end, "mixed", frame.cue, tuple(self.quoted[i] for i in hits))

    # -- quotes no frame claimed -------------------------------------------------------------------------
    def attach(self, frames: list[Frame], pendings: list[Pending]) -> list[Pending]:  # noqa: C901
        text = self.text
        by_para: dict[int, list[Frame]] = {}
        for f in frames:
            by_para.setdefault(self.para_of(f.cue_start), []).append(f)
        pending_of_quote: dict[int, Pending] = {}
        for p in pendings:
            for q in p.quotes:
                pending_of_quote[q.start] = p
        last_in_para: dict[int, Pending] = {}
        for p in sorted(pendings, key=lambda p: p.end):
            last_in_para[self.para_of(p.end - 1)] = p
        out = _Pendings(pendings)
        free_frames = [f for f in frames if f.content is None and f.klass in ("speech", "report", "quote")]
        free_by_para: dict[int, list[Frame]] = {}
        for f in free_frames:
            free_by_para.setdefault(self.para_of(f.cue_start), []).append(f)
        used_frames: set[int] = set()
        for qi, q in enumerate(self.quoted):
            if qi in self.consumed:
                continue
            para = self.para_of(q.start)
            p_start, p_end = self.paras[para]
            frame = self._adjacent_frame(q, free_by_para.get(para, []))
            if frame is None:
                # `..., Brannigan said: "..."`: an attribution with its own clause that also opens a quote
                frame = next((f for f in by_para.get(para, []) if f.colon and f.klass != "label" and f.cue_end
                              <= q.start and _only_gap(text, max(f.cue_end, f.object_end or 0), q.start)), None)
                if frame is not None:
                    out.append(self._direct(frame, q, frame.cue))
                    self.consumed.add(qi)
                    continue
            if frame is not None and id(frame) not in used_frames:
                used_frames.add(id(frame))
                pend = self._direct(frame, q, frame.cue)
            elif frame is not None:
                # a second quote at the same attribution: the two are one quote split around it
                pend = next((p for p in out if p.frame is frame and p.kind == "direct"), None)
                if pend is not None and q.start >= pend.end:
                    self._join(pend, q, out)
                    self.consumed.add(qi)
                    continue
                pend = None
            else:
                if self._split_continuation(q, out):
                    self.consumed.add(qi)
                    continue
                pend = self._as_predicate(q)
                if pend is None:
                    pend = self._dash_line(q, p_end)
                if pend is None:
                    pend = self._from_sentence_before(q, by_para.get(para, []))
                if pend is None and para > 0 and _only_gap(text, p_start, q.start) and not by_para.get(para):
                    pend = self._from_previous_paragraph(q, para, by_para, out)
            if pend is not None:
                self.consumed.add(qi)
                out.append(pend)
                pending_of_quote[q.start] = pend
                used_frames.add(id(pend.frame))
        # `The coach added:` closing a paragraph, and the next paragraph quoted as a block without marks
        for f in free_frames:
            if id(f) in used_frames or not f.colon:
                continue
            para = self.para_of(f.cue_start)
            if para + 1 >= len(self.paras) or by_para.get(para + 1):
                continue
            colon_at = text.find(":", f.cue_end, self.paras[para][1])
            if colon_at < 0 or not _only_gap(text, colon_at, self.paras[para][1]):
                continue
            b_start, b_end = self.paras[para + 1]
            if self.quoted_overlapping(b_start, b_end) or len(text[b_start:b_end].split()) < 4:
                continue
            used_frames.add(id(f))
            out.append(Pending(f, b_start, b_end, "direct", f.cue))
        # verbs of saying that took no quote report their object (`mentioned the budget figures`), unless
        # they are themselves part of reported content (`The US announced its decision ..., Reuters reported`)
        covered = _Coverage([(p.start, p.end) for p in out])
        for f in free_frames:
            if id(f) in used_frames or f.fallback is None:
                continue
            if covered.covers(f.cue_start):
                continue
            f.content = f.fallback
            pend = self.classify(f)
            if pend is not None:
                out.append(pend)
        return out.items

    def _direct(self, frame: Frame, q: Quoted, cue: str | None, speaker: Speaker | None = None) -> Pending:
        text = self.text
        if frame.cue_end <= q.start < frame.sent_end:
            gap = text[frame.cue_end:q.start].strip()
            if gap and gap[-1] not in ",:;—–-" and any(ch.isalpha() for ch in gap) and not frame.colon:
                # `called them "amateurs"`: the quoted words are part of what is reported
                start = frame.cue_end + len(text[frame.cue_end:q.start]) - len(text[frame.cue_end:q.start].lstrip())
                end = max(q.end, frame.object_end or 0)
                return Pending(frame, start, end, "mixed", cue, (q,), speaker)
        end = _direct_text_end(text, q.inner_start, q.inner_end)
        return Pending(frame, q.inner_start, end, "direct", cue, (q,), speaker)

    def _adjacent_frame(self, q: Quoted, frames: list[Frame]) -> Frame | None:
        text = self.text
        best, best_dist = None, None
        for f in frames:
            if f.attr_start >= q.end and _only_gap(text, q.end, f.attr_start) and self._opens_sentence(q, f) and (
                    not self._ends_sentence(q, f)):
                dist = f.attr_start - q.end  # `"...," Gao said`
            elif f.cue_end <= q.start and (self._same_sentence(f, q) or (
                    f.colon and _only_gap(text, f.cue_end, q.start))):
                dist = q.start - f.cue_end  # `Gao said: "..."`
            else:
                continue
            if best_dist is None or dist < best_dist:
                best, best_dist = f, dist
        return best

    def _join(self, p: Pending, q: Quoted, out: _Pendings) -> None:
        """The second part of a quote split around its attribution (`"...," he said, "..."`): one record running
        from the first part to the last, attribution included, so long as the attribution is shorter than the
        quoted words (a record should be mostly quotation); past that, each part is a record of its own."""
        end = _direct_text_end(self.text, q.inner_start, q.inner_end)
        quoted = (p.end - p.start) + (end - q.inner_start)
        between = q.inner_start - p.end
        if between <= quoted:
            out.set_end(p, end)
            p.quotes = (*p.quotes, q)
        else:
            out.append(Pending(p.frame, q.inner_start, end, "direct", p.cue, (q,), p.speaker))

    def _opens_sentence(self, q: Quoted, f: Frame) -> bool:
        """`"...," Gao said`: the quote opens the attribution's sentence (a title quoted in the middle of a
        sentence, `On "The Morning Ledger," Okafor said ...`, is not what was said)."""
        return q.start <= f.sent_start or _only_gap(self.text, f.sent_start, q.start)

    def _ends_sentence(self, q: Quoted, f: Frame) -> bool:
        """`... the nickname "Lyin' Ted." Okafor called him ...`: a quotation closed with a full stop, followed by
        a capitalized attribution that opens a sentence of its own, is not what that attribution reports."""
        inner = self.text[q.inner_start:q.inner_end].rstrip()
        return inner.endswith(".") and not inner.endswith("..") and self.text[f.attr_start:f.attr_start + 1].isupper()

    def _same_sentence(self, f: Frame, q: Quoted) -> bool:
        """The quote opens in the frame's sentence, with no other quote between the cue and it."""
        return f.sent_start <= q.start < max(f.sent_end, f.cue_end + 3) and not any(
            self.quoted[k].start >= f.cue_end and self.quoted[k].end <= q.start
            for k in self.quoted_overlapping(f.cue_end, q.start))

    def _split_continuation(self, q: Quoted, out: _Pendings) -> bool:
        """`"...," he said, "..."`: a quote right after an attribution that already took the quote before."""
        text = self.text
        # only pendings that end in the quote's paragraph can be its first part: one that ends before the
        # paragraph starts there too, and so do the earlier ones the participle case below may take instead
        before = out.ending_within(self.paras[self.para_of(q.start)][0], q.start)
        if before:
            p = before[0]
            if p.kind not in ("direct", "mixed"):
                # `"...," Tessaro said, stressing that ... "..."`: a participle of the same speaker, with its
                # own content, between the parts
                p = next((o for o in before[1:] if o.kind == "direct" and o.frame.cue_start
                          < p.frame.cue_start and _tok_i(o.frame) == _tok_i(p.frame) is not None), p)
            f = p.frame
            # a mixed quote ending in its quoted words goes on as well (`The plan did "too little," he said. "..."`)
            ends_quoted = p.kind == "mixed" and p.quotes and p.end >= p.quotes[-1].inner_end and not any(
                True for _ in self._frames_within(p.start, p.end))  # and holds no attribution of its own
            if (p.kind != "direct" and not ends_quoted) or not p.quotes or (
                    self.para_of(p.start) != self.para_of(q.start)):
                return False
            if f.attr_start >= p.end and f.cue_end <= q.start:
                tail = max(f.attr_end, f.sent_end if f.sent_end <= q.start else f.attr_end)
                # a title or nickname quoted inside the attribution (`said on "Eastvale Tonight."`) is no break
                between = [k for k in self.quoted_overlapping(p.quotes[-1].end, q.start)
                           if len(text[self.quoted[k].inner_start:self.quoted[k].inner_end].split()) > 4]
                # nothing but the attribution (and its sentence) between the two parts
                if not between and (_only_gap(text, tail, q.start) or f.sent_end <= q.start) and not any(
                        g.cue_end <= q.start and _tok_i(g) != _tok_i(f)
                        for g in self._frames_within(f.cue_end + 1, q.start)):
                    self._join(p, q, out)
                    return True
        return False

    def _as_predicate(self, q: Quoted) -> Pending | None:
        """`pounding the mayor as a "career politician"`, `hailed her as "a fighter"`: a quotation that is what
        someone called someone or something (`as` after a verb with a subject that names someone) is what they
        said of it; the content runs from the verb's object over the `as` phrase."""
        doc = self.doc
        k = bisect.bisect_left(self.token_starts, q.start)
        if k >= len(doc) or doc[k].idx != q.start:
            return None
        i = k - 1
        while i >= 0 and doc[i].lower_ in ("a", "an", "the"):
            i -= 1
        if i < 1 or doc[i].lower_ != "as" or doc[i].dep_ not in ("prep", "mark"):
            return None
        prep, verb = doc[i], doc[i].head
        for _ in range(3):  # `as` may hang from a clause the parse made of the quoted words
            if (verb.pos_ == "VERB" and verb.i < prep.i) or verb.head.i == verb.i:
                break
            verb = verb.head
        if verb.pos_ != "VERB" or verb.i > prep.i or verb.sent.start != prep.sent.start:
            return None
        subject = subject_of(verb)
        if subject is None or not names_someone(subject) or self.inside_quote_mask()[subject.i]:
            return None
        # `went after the mayor as a "..."`: the object, or the prepositional object, the verb characterizes
        objects = [c for c in verb.rights if c.dep_ in ("dobj", "prep", "dative") and c.i < prep.i]
        if objects and objects[0].dep_ == "prep":
            objects = [c for c in objects[0].children if c.dep_ == "pobj"] or objects
        first = objects[0].left_edge.i if objects else prep.i
        # up to the last quotation in the `as` phrase (`as a "career politician" and a "bully."`)
        last = prep.right_edge
        inside = [h for h in self.quoted_overlapping(q.start, last.idx + len(last)) if h not in self.consumed]
        end = max(self.quoted[h].end for h in inside) if inside else q.end
        frame = next(iter(self._frames_within(verb.idx, verb.idx + 1)), None)
        if frame is None:
            s_left = min(subject.left_edge.i, verb.i) if subject.i < verb.i else verb.i
            sent = verb.sent
            frame = Frame(verb.lower_, verb.idx, verb.idx + len(verb), "stance", subject, doc[s_left].idx,
                          verb.idx + len(verb), sent.start_char, sent.end_char)
        hits = self.quoted_overlapping(q.start, end)
        self.consumed.update(hits)
        return Pending(frame, doc[first].idx, end, "mixed", frame.cue, tuple(self.quoted[h] for h in hits))

    def _dash_line(self, q: Quoted, p_end: int) -> Pending | None:
        """`"..." -- Jane Doe`: a quote signed with a dash and a name."""
        m = _DASH_LINE.match(self.text, q.end, p_end)
        if m is None or m.end() >= p_end or not any(ch in "―—–-" for ch in m.group()):
            return None
        s, e = m.end(), p_end
        while e > s and self.text[e - 1] in " .,;":
            e -= 1
        words = self.text[s:e]
        if not words or len(words.split()) > 6 or not words[0].isupper():
            return None
        frame = Frame("", q.end, q.end, "label", None, s, e, q.start, p_end, None, speaker_span=(s, e))
        return self._direct(frame, q, None)

    def _from_sentence_before(self, q: Quoted, frames: list[Frame]) -> Pending | None:
        """`..., said Sun. "..."`: a quote opening the sentence after one that ends with its attribution."""
        text = self.text
        before = [f for f in frames if f.sent_end <= q.start and f.klass in ("speech", "report", "quote")]
        if not before:
            return None
        f = before[-1]
        if not (_only_gap(text, f.sent_end, q.start) and _only_gap(text, f.attr_end, f.sent_end)):
            return None
        return self._direct(f, q, f.cue if f.colon else None)

    def _from_previous_paragraph(self, q, para, by_para, out) -> Pending | None:
        """A quote standing alone, attributed at the end of the paragraph before (`..., said Sun.` / `He said:`)."""
        prev_frames = [f for f in by_para.get(para - 1, []) if f.klass in ("speech", "report", "quote", "label")]
        if not prev_frames:
            return None
        f = prev_frames[-1]
        prev_start, prev_end = self.paras[para - 1]
        if f.sent_end < prev_end - 1 and not (f.colon and _only_gap(self.text, f.cue_end, prev_end)):
            # `"...," he said. "..."` and then a paragraph that only goes on quoting: the same speaker
            last = max(out.starting_within(prev_start, prev_end), key=lambda p: p.end, default=None)
            if last is None or last.kind != "direct" or last.frame is not f or not _only_gap(
                    self.text, last.end, prev_end):
                return None
        if f.klass == "label":
            return None
        cue = f.cue if f.colon else None
        return self._direct(f, q, cue)

    def _frames_within(self, start: int, end: int) -> list[Frame]:
        """The frames whose cue starts in [start, end), in text order."""
        return self._frames[bisect.bisect_left(self._frame_starts, start):bisect.bisect_left(self._frame_starts, end)]

    # -- assembly -----------------------------------------------------------------------------------------
    def run(self, article_id: str) -> list[Quote]:
        quotes = [q for _, q in self.records(self.pendings(), article_id)]
        quotes.sort(key=lambda q: (q.start, q.end))
        return _dedupe(quotes)

    def pendings(self) -> list[Pending]:
        """What the rules attribute: frames met with the quotation marks, and the quotes no frame claimed."""
        frames = _drop_nested_frames(self.frames())
        self._frames = frames  # in text order of their cues
        self._frame_starts = [f.cue_start for f in frames]
        pendings = []
        for f in frames:
            if f.content is not None and f.klass in ("speech", "report") and f.content[0] > f.cue_start:
                # `"...," she said two weeks later, ...`: the quote before the attribution is its content
                k = bisect.bisect_right(self.quoted_starts, f.attr_start) - 1
                if k >= 0 and self.quoted[k].closed and self.quoted[k].end > f.sent_start and _only_gap(
                        self.text, self.quoted[k].end, f.attr_start) and self._opens_sentence(self.quoted[k], f):
                    f.content = None
            if f.content is not None:
                p = self.classify(f)
                if p is not None:
                    pendings.append(p)
                elif f.klass in ("speech", "report"):
                    f.content = None
        pendings = _drop_nested(pendings)
        return self.attach(frames, pendings)

    def records(self, pendings: list[Pending], article_id: str,
                remember: Callable[[Pending], bool] = lambda _p: True) -> list[tuple[Pending, Quote]]:
        """Each pending quote with its Quote record, speakers resolved in text order. Only the speakers of
        pendings ``remember`` accepts are remembered for the pronouns after them (a candidate the model may
        still drop must not change whom a later `he` is)."""
        resolver = Resolver(self.doc, self.index, self.text,
                            quoted=lambda pos: bool(self.quoted_overlapping(pos, pos + 1)))
        speakers: dict[int, Speaker] = {}
        out = []
        for p in sorted(pendings, key=lambda p: (p.frame.attr_start, p.start)):
            f = p.frame
            speaker = speakers.get(id(f))
            if speaker is None:
                speaker = self._speaker(f, resolver, p.start, p.end)
                speakers[id(f)] = speaker
                if remember(p):
                    resolver.remember(f.attr_start, speaker)
            if p.end <= p.start:
                continue
            addressee = self._addressee(f)
            cue_start, cue_end = (f.cue_start, f.cue_end) if p.cue else (None, None)
            act = act_of(f, p.origin, p.kind)
            for start, end in self.per_paragraph(p.start, p.end):
                out.append((p, Quote(
                    article=article_id, speaker=speaker.name, speaker_type=speaker.type, speaker_text=speaker.text,
                    speaker_start=speaker.start, speaker_end=speaker.end, cue=p.cue or None, kind=p.kind,
                    text=self.text[start:end], start=start, end=end, cue_start=cue_start, cue_end=cue_end,
                    role=speaker.role, affiliation=speaker.affiliation, addressee=addressee, act=act,
                )))
        return out

    def per_paragraph(self, start: int, end: int) -> list[tuple[int, int]]:
        """A quote's span cut at paragraph breaks: a quote that runs over several paragraphs is a row per
        paragraph (a reader cites a paragraph; a count of quotes should not depend on how a speech was broken
        up), each without the marks and spaces at the cut."""
        first, last = self.para_of(start), self.para_of(max(start, end - 1))
        if first == last:
            return [(start, end)]
        pieces = []
        for k in range(first, last + 1):
            s, e = max(start, self.paras[k][0]), min(end, self.paras[k][1])
            if k > first:
                while s < e and (self.text[s] in _CUT or self.text[s].isspace()):
                    s += 1
            if k < last:
                while e > s and (self.text[e - 1] in _CUT or self.text[e - 1].isspace()):
                    e -= 1
            if any(ch.isalnum() for ch in self.text[s:e]):
                pieces.append((s, e))
        return pieces or [(start, end)]

    def _speaker(self, f: Frame, resolver: Resolver, start: int, end: int) -> Speaker:
        if f.speaker_span is not None:
            s, e = f.speaker_span
            mention = self.index.mention_at(s, e)
            if mention is not None and mention.start >= s and mention.end <= e and mention.type in (
                    "person", "institution", "country"):
                return resolver.from_mention(mention, s, e)
            words = self.text[s:e]
            return Speaker(words, "unknown", words, s, e)
        return resolver.resolve_token(f.speaker_token, content=(start, end))

    def _addressee(self, f: Frame) -> str | None:
        token = f.addressee_token
        if token is None:
            return None
        mention = self.index.mention_at(token.idx, token.idx + len(token))
        if mention is not None:
            return mention.entity
        words = [t for t in token.subtree if t.dep_ not in ("det",) and t.i <= token.i]
        return self.text[words[0].idx:token.idx + len(token)] if words else token.text


_FIRST_SECOND = pronouns(case="subject") - pronouns(person="3")


@cache
def _frame_words():
    """The hashes spaCy gives the lexicons' words (the same in every vocabulary), as an array."""
    words = {*cue_classes(), *source_phrase_heads(), *cue_nouns(), *stance_adjectives()}
    return numpy.array(sorted(hash_string(w) for w in words), dtype=numpy.uint64)


def _drop_nested(pendings: list[Pending]) -> list[Pending]:
    """A belief verb, or a cue with `I`/`we`/`you` as subject, inside reported content is part of what was
    said (`Okafor said I think ...`, a transcript turn), not a new attribution."""
    spans = sorted((p.start, p.end) for p in pendings)
    starts = [s for s, _ in spans]
    # what someone said (a source phrase only names where it was reported), aligned with ``starts``
    sourced = {(q.start, q.end) for q in pendings if q.frame.klass == "source"}
    reported = [(s, s) if (s, e) in sourced else (s, e) for s, e in spans]
    out = []
    cues = sorted(p.frame.cue_start for p in pendings if p.frame.klass != "label")
    for p in pendings:
        f = p.frame
        if f.klass == "label":
            # `The Latest: Okafor urges ...`: a headline kicker is no speaker when its line has an attribution
            k = bisect.bisect_left(cues, p.start)
            if k < len(cues) and cues[k] < p.end:
                continue
        token = f.speaker_token
        weak = f.klass in ("belief", "stance") or (token is not None and token.lower_ in _FIRST_SECOND)  # type: ignore
        if weak:
            k = bisect.bisect_right(starts, f.cue_start)
            if any(s <= f.cue_start < e and (s, e) != (p.start, p.end) for s, e in spans[max(0, k - 20):k]):
                continue
        if p.kind == "indirect" and token is not None:
            # `Merrill says Machado promised to ...`: an attribution reported inside someone else's reported words,
            # speaker and all, is part of what they said (not inside a source phrase: `According to the Courier,
            # Okafor said ...` is Okafor speaking)
            k = bisect.bisect_right(starts, p.start)
            if any(s <= token.idx < e and s <= p.start and p.end <= e and (s, e) != (p.start, p.end)  # type: ignore
                   for s, e in reported[max(0, k - 20):k]):
                continue
        out.append(p)
    return out


def _drop_nested_frames(frames: list[Frame]) -> list[Frame]:
    """The same rule as ``_drop_nested``, on frames before their content meets the quotation marks, so that a
    nested belief does not take a quote from the frame around it (`share their views on "..."`, TASS reported)."""
    spans = sorted(f.content for f in frames if f.content is not None and f.klass not in ("belief", "stance"))
    starts = [s for s, _ in spans]
    out = []
    for f in frames:
        if f.klass in ("belief", "stance"):
            k = bisect.bisect_right(starts, f.cue_start)
            if any(s <= f.cue_start < e for s, e in spans[max(0, k - 20):k]):
                continue
        out.append(f)
    return out


def _tok_i(frame: Frame) -> int | None:
    return frame.speaker_token.i if frame.speaker_token is not None else None  # type: ignore[attr-defined]


def _dedupe(quotes: list[Quote]) -> list[Quote]:
    """One quote per content: a nested frame over the same words keeps the first found."""
    seen = set()
    out = []
    for q in quotes:
        key = (q.start, q.end)
        if key in seen:
            continue
        seen.add(key)
        out.append(q)
    return out


# Which system decides: "model" (the trained model of ``quotes.model`` over the rules' quotes and candidates
# outside the lexicons, when the installation ships one) or "rules" (the rules alone, no confidence).
SYSTEM = "model"


def extract_quotes(doc, index: EntityIndex, article_id: str, text: str | None = None,
                   system: str | None = None) -> list[Quote]:
    """Attributed quotes of one parsed article, in text order (``text``: ``doc.text``, when the caller has it).

    ``system`` ("model" or "rules") overrides SYSTEM. Attribution needs the dependency parse: a Doc from a
    pipeline without a parser has no quotes."""
    if len(doc) == 0 or not doc.has_annotation("DEP"):
        return []
    if (system or SYSTEM) == "model":
        from newslens.quotes.model import model_quotes, shipped_model  # (it builds on this module)

        model = shipped_model()
        if model is not None:
            return model_quotes(doc, index, article_id, model, text)
    return _Article(doc, index, text).run(article_id)


__all__ = ["extract_quotes"]
