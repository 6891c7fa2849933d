"""The report as one self-contained HTML file: inline CSS, no scripts, no network.

The same HTML feeds the PDF writer (Qt's QTextDocument), so the markup keeps to what
both browsers and Qt's rich-text engine render: tables, spans with background colours,
class selectors.  Every piece of user text goes through ``esc``.
"""

from __future__ import annotations

import html
import itertools
from pathlib import Path

from claimdesk.core.report import EvidenceRow, Report, ReportArticle, ReportClaim
from claimdesk.core.urls import is_safe_url
from claimdesk.core.vocab import STANCE_COLOURS, STATUS_INFO, Stance, Status
from claimdesk.io.export_common import day, stamp, write_atomic

CSS = """
body { font-family: 'Helvetica Neue', Arial, 'DejaVu Sans', sans-serif; color: #1d2430;
       font-size: 10pt; line-height: 1.4; max-width: 52em; margin: 2em auto; padding: 0 1em; }
h1 { font-size: 20pt; margin: 0 0 4pt 0; color: #111827; }
h2 { font-size: 13pt; margin: 18pt 0 4pt 0; color: #111827; }
h3 { font-size: 10pt; margin: 10pt 0 3pt 0; color: #4b5563; text-transform: uppercase; }
.org { font-size: 9pt; color: #6b7280; letter-spacing: 1px; text-transform: uppercase; }
.meta { color: #6b7280; font-size: 9pt; margin: 0 0 10pt 0; }
.rule { border-top: 2px solid #111827; margin: 6pt 0 10pt 0; }
table { border-collapse: collapse; margin: 4pt 0 8pt 0; }
th { text-align: left; background-color: #f1f3f6; color: #374151; font-size: 8.5pt;
     padding: 3pt 6pt; border-bottom: 1px solid #d1d5db; }
td { padding: 3pt 6pt; vertical-align: top; border-bottom: 1px solid #e5e7eb; font-size: 9pt; }
.summary td.n { text-align: right; font-weight: bold; }
.badge { font-weight: bold; color: #111827; padding: 1pt 5pt; border-radius: 3pt; }
.claim { margin: 0 0 14pt 0; page-break-inside: avoid; }
.quote { background-color: #f7f7f4; border-left: 3px solid #9ca3af; padding: 6pt 9pt;
         margin: 4pt 0 6pt 0; color: #4b5563; font-family: Georgia, 'DejaVu Serif', serif; }
.quote b { color: #111827; }
.label { color: #6b7280; font-size: 8.5pt; text-transform: uppercase; }
.statement { font-size: 11pt; font-weight: bold; margin: 2pt 0 4pt 0; }
.rationale { margin: 3pt 0 0 0; font-size: 10pt; }
hr { border: 0; border-top: 1px solid #d1d5db; height: 1px; margin: 14pt 0 0 0; }
.muted { color: #6b7280; }
.changed { color: #92400e; background-color: #fef3c7; padding: 3pt 6pt; margin: 3pt 0; }
.history { font-size: 8pt; color: #4b5563; margin: 1pt 0; }
.verdict { background-color: #f4f5f7; padding: 6pt 8pt; margin: 4pt 0; font-size: 10pt; }
.article-text { font-family: Georgia, 'DejaVu Serif', serif; font-size: 10pt; }
.article-text sup { font-size: 7pt; font-weight: bold; color: #111827; }
.overlap { text-decoration: underline; }
a { color: #1d4ed8; }
@page { size: A4; margin: 18mm 16mm 20mm 16mm; }
@media print { body { margin: 0; max-width: none; } a { color: #1d2430; } }
"""


def esc(text: object) -> str:
    return html.escape("" if text is None else str(text), quote=True)


def link(url: str | None, label: str | None = None) -> str:
    """A link only for web addresses; anything else (javascript:, data:) stays text."""
    if not url:
        return esc(label or "")
    if not is_safe_url(url):
        return esc(label or url)
    return f'<a href="{esc(url)}">{esc(label or url)}</a>'


def chunks(text: str, limit: int | None) -> list[str]:
    """``text`` cut at spaces into pieces of at most ``limit`` characters (None: whole)."""
    if limit is None or len(text) <= limit:
        return [text]
    pieces: list[str] = []
    start = 0
    while len(text) - start > limit:
        at = text.rfind(" ", start + 1, start + limit)
        if at <= start:
            at = start + limit  # one very long word: cut it anyway
        pieces.append(text[start:at])
        start = at + 1 if text[at] == " " else at
    pieces.append(text[start:])
    return pieces


def blocks(cls: str, head: str, text: str, tail: str, limit: int | None) -> str:
    """``<p class=cls>head text tail</p>``; with ``limit``, long text becomes adjacent
    paragraphs with no margin between them, so the box still reads as one.

    Qt draws every line of a paragraph for each page it draws of it: one paragraph of a
    million characters makes the PDF quadratic.  The PDF writer passes a limit; a
    browser needs none, so the HTML export keeps one paragraph.
    """
    pieces = chunks(text, limit)
    last = len(pieces) - 1
    out = []
    for i, piece in enumerate(pieces):
        # Qt leaves a proportional line height's leading below a block's last line
        # unpainted: pieces keep single spacing so that no white stripe shows between them.
        joins = [
            side
            for side, on in (
                ("margin-top:0", i > 0),
                ("margin-bottom:0", i < last),
                ("line-height:100%", last > 0),
            )
            if on
        ]
        style = f' style="{";".join(joins)}"' if joins else ""
        body = (head if i == 0 else "") + esc(piece) + (tail if i == last else "")
        out.append(f'<p class="{cls}"{style}>{body}</p>')
    return "".join(out)


def badge(label: str, colour: str) -> str:
    return (
        f'<span class="badge" style="background-color:{esc(colour)}">'
        f"&nbsp;{esc(label)}&nbsp;</span>"
    )


def _stance_colour(stance: str) -> str:
    return STANCE_COLOURS.get(Stance(stance), "#6b7b8c") if stance in set(Stance) else "#6b7b8c"


def _summary(report: Report) -> str:
    rows = [
        f'<tr><td>{badge(s.label, s.colour)}</td><td class="n">{s.count}</td></tr>'
        for s in report.summary
        if s.count
    ]
    total = sum(s.count for s in report.summary)
    rows.append(f'<tr><td><b>All claims</b></td><td class="n">{total}</td></tr>')
    return (
        '<table class="summary" width="100%" cellpadding="4" cellspacing="0">'
        '<tr><th width="70%">Verdict</th><th>Claims</th></tr>' + "".join(rows) + "</table>"
    )


def _articles(report: Report) -> str:
    rows = []
    for a in report.articles:
        where = " \u00b7 ".join(x for x in (esc(a.outlet), esc(a.author), day(a.published_at)) if x)
        rows.append(
            f'<tr><td><b>{link(a.url, a.title)}</b><br/><span class="muted">{where}</span></td>'
            f"<td>{', '.join(str(n) for n in a.claim_numbers)}</td></tr>"
        )
    return (
        '<table width="100%" cellpadding="4" cellspacing="0">'
        '<tr><th>Article</th><th width="22%">Claims</th></tr>' + "".join(rows) + "</table>"
    )


def plural(n: int, word: str, words: str | None = None) -> str:
    """'1 claim', '2 claims', '0 claims'."""
    return f"{n} {word if n == 1 else (words or word + 's')}"


def archived(e: EvidenceRow) -> str:
    """'archived 2026-12-02 14:03 UTC · sha256 3f9a…' for a source in the archive."""
    if e.archived_at is None or not e.archive_sha256:
        return ""
    return f"archived {stamp(e.archived_at)} \u00b7 sha256 {e.archive_sha256[:12]}\u2026"


def _evidence(rows: tuple[EvidenceRow, ...], is_verdict: bool = False) -> str:
    if not rows:
        if is_verdict:  # cannot happen on a desk that keeps its rules; say so if it does
            return '<p class="muted"><b>No evidence is linked to this verdict.</b></p>'
        return '<p class="muted">No evidence linked.</p>'
    out = [
        '<table width="100%" cellpadding="4" cellspacing="0"><tr><th width="30%">Source</th>'
        '<th width="14%">Stance</th><th>Excerpt</th><th width="10%">Where</th>'
        '<th width="12%">Accessed</th></tr>'
    ]
    for e in rows:
        source = link(e.source_url, e.source_title)
        if e.publisher:
            source += f'<br/><span class="muted">{esc(e.publisher)}</span>'
        if archived(e):
            source += f'<br/><span class="muted">{esc(archived(e))}</span>'
        if e.archive_note:
            source += f'<br/><span class="muted">{esc(e.archive_note)}</span>'
        if e.shared_from is not None:
            source += f'<br/><span class="muted">shared from claim {e.shared_from}</span>'
        # nowrap: a narrow column must never break a word ("Contradic/ts") in Qt's PDF
        stance = (
            f'<span style="color:{_stance_colour(e.stance)};white-space:nowrap">'
            f"<b>{esc(e.stance_label)}</b></span>"
        )
        excerpt = esc(e.excerpt) if e.excerpt else '<span class="muted">\u2014</span>'
        if e.note:
            excerpt += f'<br/><span class="muted">Note: {esc(e.note)}</span>'
        out.append(
            f'<tr><td>{source}</td><td nowrap="nowrap">{stance}</td><td>{excerpt}</td>'
            f"<td>{esc(e.locator)}</td><td>{day(e.accessed_at)}</td></tr>"
        )
    out.append("</table>")
    return "".join(out)


def _label(status: str | None) -> str:
    if status is None:
        return "\u2014"
    try:
        return STATUS_INFO[Status(status)].label
    except ValueError:
        return status


def _history(c: ReportClaim, limit: int | None = None) -> str:
    # Lines, not a table: Qt lays tables out slowly, and a 1,000-claim PDF has 1,000 of them.
    return "".join(
        blocks(
            "history",
            f"{stamp(h.at)} \u00b7 {esc(h.actor)} \u00b7 "
            f"{esc(_label(h.from_status))} \u2192 <b>{esc(_label(h.to_status))}</b>"
            + (" \u2014 " if h.rationale else ""),
            h.rationale or "",
            "",
            limit,
        )
        for h in c.history
    )


def _claim(
    c: ReportClaim, article: ReportArticle, limit: int | None = None, with_history: bool = True
) -> str:
    who = esc(c.claimant) if c.claimant else '<span class="muted">not recorded</span>'
    said = f" on {esc(c.claim_date)}" if c.claim_date else ""
    orphan = (
        '<p class="muted"><b>The quote could not be found in the current article text; '
        "it is shown as it was recorded.</b></p>"
        if c.orphaned
        else ""
    )
    if c.wording_before is not None and not c.orphaned:
        flag = "Needs re-check" if c.needs_recheck else "Wording changed"
        orphan += (
            f'<p class="changed"><b>{flag}:</b> the article now says '
            f"\u201c{esc(c.quote)}\u201d where it said \u201c{esc(c.wording_before)}\u201d"
            + (" when the verdict was given." if c.needs_recheck else ".")
            + "</p>"
        )
    # One paragraph with line breaks: Qt paints a block background per paragraph, so
    # nested paragraphs would show as stripes instead of one box.
    head = f'<span class="label">Verdict</span> {badge(c.status_label, c.status_colour)}<br/>' + (
        "" if c.rationale else '<span class="muted">No rationale yet.</span>'
    )
    tags = f'<br/><span class="muted">Tags: {esc(", ".join(c.tags))}</span>' if c.tags else ""
    verdict = blocks("verdict", head, c.rationale or "", tags, limit)
    return (
        f'<hr/><div class="claim"><a name="claim-{c.number}"></a>'
        f"<h2>{c.number}. {badge(c.status_label, c.status_colour)}&nbsp; {esc(c.statement)}</h2>"
        f'<p class="meta">Claim {c.id} in \u201c{esc(article.title)}\u201d \u00b7 '
        f"claimant: {who}{said}</p>{orphan}"
        f'<div class="quote">{esc(c.context_before)}<b style="background-color:'
        f'{esc(c.status_colour)}">{esc(c.quote)}</b>{esc(c.context_after)}</div>'
        f"{verdict}"
        f"<h3>Evidence</h3>{_evidence(c.evidence, c.is_verdict)}"
        + (f"<h3>History</h3>{_history(c, limit)}" if with_history else "")
        + "</div>"
    )


def highlight(text: str, spans: list[tuple[int, int, int, str]]) -> str:
    """Article text with claims highlighted and numbered; overlapping claims both show.

    ``spans`` are (start, end, number, colour).  The text is cut at every span edge; each
    piece takes the colour of the innermost claim covering it and is underlined when more
    than one claim covers it, so an overlap is visible rather than hidden.
    """
    spans = [s for s in spans if 0 <= s[0] < s[1] <= len(text)]
    cuts = sorted({0, len(text), *(s[0] for s in spans), *(s[1] for s in spans)})
    starts: dict[int, list[int]] = {}
    for start, _end, number, _colour in spans:
        starts.setdefault(start, []).append(number)
    out: list[str] = []
    for a, b in itertools.pairwise(cuts):
        for number in starts.get(a, []):
            out.append(f'<sup><a href="#claim-{number}">[{number}]</a></sup>')
        piece = esc(text[a:b]).replace("\n", "<br/>")
        covering = [s for s in spans if s[0] <= a and b <= s[1]]
        if not covering:
            out.append(piece)
            continue
        inner = min(covering, key=lambda s: (s[1] - s[0], -s[0]))
        cls = ' class="overlap"' if len(covering) > 1 else ""
        out.append(f'<span{cls} style="background-color:{esc(inner[3])}">{piece}</span>')
    return "".join(out)


def _article_text(report: Report, article: ReportArticle) -> str:
    spans = [
        (c.start, c.end, c.number, c.status_colour)
        for c in report.claims
        if c.article_id == article.id and not c.orphaned
    ]
    return (
        f"<h2>Article: {esc(article.title)}</h2>"
        f'<p class="meta">{link(article.url)} SHA-256 {esc(article.text_sha256[:16])}\u2026</p>'
        f'<div class="article-text">{highlight(article.text, spans)}</div>'
    )


def _intro(report: Report) -> str:
    org = f'<div class="org">{esc(report.organisation)}</div>' if report.organisation else ""
    empty = "" if report.claims else '<p class="muted">No claims match this report.</p>'
    return (
        f"{org}<h1>{esc(report.title)}</h1>"
        f'<p class="meta">Generated {stamp(report.generated_at)} \u00b7 covers '
        f"{esc(report.scope)} \u00b7 {plural(len(report.claims), 'claim')} in "
        f'{plural(len(report.articles), "article")}</p><div class="rule"></div>'
        f'<table width="100%" cellspacing="0" cellpadding="0"><tr>'
        f'<td width="36%"><h3>Summary</h3>{_summary(report)}</td><td width="4%"></td>'
        f"<td><h3>Articles</h3>{_articles(report)}</td></tr></table>{empty}"
    )


def render_parts(
    report: Report,
    *,
    with_article_text: bool = False,
    claims_per_part: int = 16,
    block_chars: int | None = None,
) -> list[str]:
    """The report's body cut into pieces that each start a new page in print.

    Qt's layout and drawing time grow faster than the document, so the PDF writer lays
    out these pieces one by one; the HTML file simply joins them.  Sixteen claims a
    piece was the fastest size that adds almost no half-empty pages (1,000 claims:
    3.7 s and 473 pages, against 5.0 s and 461 pages with 40).  ``block_chars`` cuts
    long rationales into paragraphs of at most that many characters (see ``blocks``).
    """
    by_id = {a.id: a for a in report.articles}
    rendered = [
        _claim(c, by_id[c.article_id], block_chars, report.with_history) for c in report.claims
    ]
    parts = [_intro(report) + "".join(rendered[:claims_per_part])]
    parts += [
        "".join(rendered[i : i + claims_per_part])
        for i in range(claims_per_part, len(rendered), claims_per_part)
    ]
    if with_article_text:
        parts += [_article_text(report, a) for a in report.articles]
    return parts


def page(report: Report, body: str) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"/>'
        '<meta name="viewport" content="width=device-width, initial-scale=1"/>'
        f"<title>{esc(report.title)}</title><style>{CSS}</style></head><body>"
        f"{body}</body></html>\n"
    )


def render_html(report: Report, *, with_article_text: bool = False) -> str:
    return page(report, "".join(render_parts(report, with_article_text=with_article_text)))


def export_html(
    report: Report, path: Path, *, force: bool = False, with_article_text: bool = False
) -> Path:
    return write_atomic(path, render_html(report, with_article_text=with_article_text), force=force)
