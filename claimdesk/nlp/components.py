"""claimdesk's registered spaCy components.

- ``claimdesk_sentence_textcat_v1``: the trained check-worthiness classifier.  It trains
  like spaCy's multi-label textcat (one Doc per sentence) but, inside an article, scores
  every sentence and keeps the scores in ``doc.spans["claimdesk_sentences"]``.
- ``claimdesk_line_breaks_v1``: marks sentence starts after blank lines and after lines
  with no closing punctuation (headlines, bylines, datelines), before the sentencizer.
- ``claimdesk_claim_spotter_v1``: finds the checkable phrases inside those sentences and
  writes them to ``doc.spans["claimdesk_claims"]`` (details in the group's attrs).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

import numpy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.pipeline.textcat_multilabel import MultiLabel_TextCategorizer
from spacy.tokens import Doc, Span, SpanGroup
from spacy.vocab import Vocab
from thinc.api import Model

from claimdesk.nlp import combine
from claimdesk.nlp import featurize as _featurize  # noqa: F401  (registers the architecture)
from claimdesk.nlp.claimant import ClaimantResolver
from claimdesk.nlp.combine import Combination
from claimdesk.nlp.lines import NEWLINES, breaks_sentence, is_heading
from claimdesk.nlp.spans import spot_sentence

LABEL = "CHECKWORTHY"
# (a straight quote opens when a word follows it at once: '... said. "It is ...')
_QUOTE_OPENS = re.compile(r"[.!?][\"”’)]?[ \t]+(?:[“«]|\"(?=\w))")
SENTENCES_KEY = "claimdesk_sentences"
CLAIMS_KEY = "claimdesk_claims"

DEFAULT_MODEL: dict[str, Any] = {
    "@architectures": "claimdesk.CheckworthyBOW.v1",
    "nO": 1,
    "length": 2**18,
    "ngram": 2,
    "signals": True,
    "signal_weight": 1.0,
}


def _sentences(doc: Doc) -> list[Span]:
    if doc.has_annotation("SENT_START"):
        return list(doc.sents)
    return [doc[:]]


@Language.component("claimdesk_line_breaks_v1", assigns=["token.is_sent_start"], retokenizes=False)
def line_breaks(doc: Doc) -> Doc:
    """Start a sentence after a newline that ends one (see ``lines.breaks_sentence``).
    Runs before the sentencizer or parser, which both keep starts set in advance."""
    text = doc.text
    if len(doc) == 0:
        return doc
    idx = doc.to_array("IDX")  # char offset of every token, for a binary search
    starts: list[int] = []
    not_starts: list[int] = []
    # An opening quote after a full stop starts the next sentence; the sentencizer would
    # leave it at the end of the one before ("... suppliers. “" / "Nobody should ...").
    for m in _QUOTE_OPENS.finditer(text):
        i = int(numpy.searchsorted(idx, m.end() - 1))
        if 0 < i < len(doc) - 1 and idx[i] == m.end() - 1:
            starts.append(i)
            not_starts.append(i + 1)
    if "\n" in text:
        for m in NEWLINES.finditer(text):
            if m.end() >= len(text) or not breaks_sentence(text, m.start(), m.end()):
                continue
            i = int(numpy.searchsorted(idx, m.end()))
            if i < len(doc) and idx[i] == m.end() and i > 0:
                starts.append(i)
    if starts:
        # One array write: setting Token.is_sent_start checks the whole Doc each time,
        # which took seconds on a long article of many paragraphs.
        values = doc.to_array([SENT_START]).view(numpy.int64).copy()  # -1: not a start
        values[not_starts] = -1
        values[starts] = 1
        doc.from_array([SENT_START], values.view(numpy.uint64))  # type: ignore[arg-type]
    return doc
    idx = doc.to_array("IDX")  # char offset of every token, for a binary search
    # An opening quote after a full stop starts the next sentence; the sentencizer would
    # leave it at the end of the one before ("... suppliers. “" / "Nobody should ...").
    for m in _QUOTE_OPENS.finditer(text):
        i = int(numpy.searchsorted(idx, m.end() - 1))
        if 0 < i < len(doc) - 1 and idx[i] == m.end() - 1:
            doc[i].is_sent_start = True
            doc[i + 1].is_sent_start = False
    if "\n" not in text:
        return doc
    for m in NEWLINES.finditer(text):
        if m.end() >= len(text) or not breaks_sentence(text, m.start(), m.end()):
            continue
        i = int(numpy.searchsorted(idx, m.end()))
        if i < len(doc) and idx[i] == m.end() and i > 0:
            doc[i].is_sent_start = True
    return doc


class SentenceTextCategorizer(MultiLabel_TextCategorizer):
    """Multi-label textcat whose predictions are per sentence."""

    def predict(self, docs: Iterable[Doc]) -> list[Any]:
        groups = [_sentences(doc) for doc in docs]
        flat = [span for group in groups for span in group]
        if not flat:
            return [[] for _ in groups]
        scores = self.model.predict(flat)
        out: list[Any] = []
        i = 0
        for group in groups:
            out.append(scores[i : i + len(group), 0].tolist())
            i += len(group)
        return out

    def set_annotations(self, docs: Iterable[Doc], scores: Any) -> None:
        for doc, sent_scores in zip(docs, scores, strict=True):
            sents = _sentences(doc)
            doc.spans[SENTENCES_KEY] = SpanGroup(
                doc, name=SENTENCES_KEY, spans=sents, attrs={"scores": list(sent_scores)}
            )
            doc.cats[LABEL] = max(sent_scores) if sent_scores else 0.0


@Language.factory(
    "claimdesk_sentence_textcat_v1",
    assigns=["doc.cats", "doc.spans"],
    requires=["token.is_sent_start"],
    default_config={
        "threshold": 0.5,
        "model": DEFAULT_MODEL,
        "scorer": {"@scorers": "spacy.textcat_multilabel_scorer.v2"},
    },
    default_score_weights={"cats_macro_f": 1.0},
)
def make_sentence_textcat(
    nlp: Language,
    name: str,
    model: Model[list[Doc], Any],
    threshold: float,
    scorer: Callable[..., Any] | None,
) -> SentenceTextCategorizer:
    return SentenceTextCategorizer(nlp.vocab, model, name, threshold=threshold, scorer=scorer)


def _sentence_ents(sent: Span, use_ents: bool) -> list[tuple[int, int, str]] | None:
    if not use_ents:
        return None
    return [
        (e.start_char - sent.start_char, e.end_char - sent.start_char, e.label_) for e in sent.ents
    ]


def claimants_by_sentence(doc: Doc) -> list[tuple[int, int, str | None]]:
    """(start, end, claimant) of every sentence, read in order by the same resolver the
    spotter uses (for measuring claimants apart from the classifier)."""
    text = doc.text
    resolver = ClaimantResolver(text)
    use_ents = doc.has_annotation("ENT_IOB")
    out: list[tuple[int, int, str | None]] = []
    for sent in _sentences(doc):
        if "\n" in text and is_heading(text, sent.start_char, sent.end_char):
            continue
        found = resolver.attribute(
            text[sent.start_char : sent.end_char], sent.start_char, _sentence_ents(sent, use_ents)
        )
        out.append((sent.start_char, sent.end_char, found.claimant if found else None))
    return out


class ClaimSpotter:
    """Turns scored sentences into claim spans with kinds, claimant and facets."""

    def __init__(self, vocab: Vocab, name: str, candidate_threshold: float) -> None:
        self.vocab = vocab
        self.name = name
        self.candidate_threshold = candidate_threshold
        # Set to score with another combination than the classifier's own (fitting one).
        self.combination: Combination | None = None

    def __call__(self, doc: Doc) -> Doc:
        group = doc.spans.get(SENTENCES_KEY)
        if group is None:
            sents, scores = _sentences(doc), [0.0] * len(_sentences(doc))
            fitted = None
        else:
            sents, scores = list(group), list(group.attrs.get("scores", []))
            fitted = group.attrs.get("suggester")
        combination = self.combination or combine.from_meta(fitted)
        use_ents = doc.has_annotation("ENT_IOB")
        claims: list[dict[str, Any]] = []
        spans: list[Span] = []
        text = doc.text
        context: dict[str, Any] = {"resolver": ClaimantResolver(text)}
        for sent, score in zip(sents, scores, strict=False):
            if "\n" in text and is_heading(text, sent.start_char, sent.end_char):
                continue  # headlines, bylines and datelines are not claims
            ents = _sentence_ents(sent, use_ents)
            # Slicing one copy of the text: Span.text rebuilds it token by token.
            sent_text = text[sent.start_char : sent.end_char]
            for cand in spot_sentence(
                sent_text,
                score,
                ents=ents,
                context=context,
                min_clf=self.candidate_threshold,
                offset=sent.start_char,
                combination=combination,
            ):
                cand["start"] += sent.start_char
                cand["end"] += sent.start_char
                cand["sentence_start"] = sent.start_char
                cand["sentence_end"] = sent.end_char
                span = doc.char_span(
                    cand["start"],
                    cand["end"],
                    label=cand["kinds"][0] if cand["kinds"] else "claim",
                    alignment_mode="expand",
                )
                if span is not None:
                    spans.append(span)
                claims.append(cand)
        doc.spans[CLAIMS_KEY] = SpanGroup(
            doc, name=CLAIMS_KEY, spans=spans, attrs={"claims": claims}
        )
        return doc

    # The spotter has no weights; these let nlp.to_disk()/from_disk() skip it cleanly.
    def to_disk(self, path: Any, *, exclude: Any = ()) -> None:
        return None

    def from_disk(self, path: Any, *, exclude: Any = ()) -> ClaimSpotter:
        return self


@Language.factory(
    "claimdesk_claim_spotter_v1",
    assigns=["doc.spans"],
    requires=["doc.spans"],
    default_config={"candidate_threshold": 0.15},
)
def make_claim_spotter(nlp: Language, name: str, candidate_threshold: float) -> ClaimSpotter:
    return ClaimSpotter(nlp.vocab, name, candidate_threshold)
