"""The report as Markdown, for pasting into editorial tools (CMS, chat, wikis)."""

from __future__ import annotations

import re
from pathlib import Path

from claimdesk.core.report import EvidenceRow, Report, ReportClaim
from claimdesk.core.urls import is_safe_url
from claimdesk.io.export_common import day, stamp, write_atomic

# Characters Markdown gives meaning to; escaping them keeps user text literal.
_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+!|~])")


def md(text: object) -> str:
    """User text as literal Markdown on one line (newlines would end a list item)."""
    return _SPECIAL.sub(r"\\\1", " ".join(str(text or "").split()))


def _link(url: str | None, label: str) -> str:
    # The allow-list leaves no space, line break, "<" or ">" that could end the address.
    if url and is_safe_url(url):
        return f"[{md(label)}](<{url}>)"
    return md(label)


def _edge_spaced(text: str) -> str:
    """``md`` that keeps one space at either end when the text had white space there, so
    the bolded quote between two context pieces stays a separate word."""
    if not text:
        return ""
    lead = " " if text[0].isspace() else ""
    trail = " " if text[-1].isspace() else ""
    return lead + md(text) + trail if text.strip() else " "


def _plural(n: int, word: str) -> str:
    return f"{n} {word if n == 1 else word + 's'}"


def _archived(e: EvidenceRow) -> str:
    if e.archived_at is None or not e.archive_sha256:
        return ""
    return f"archived {stamp(e.archived_at)} \u00b7 sha256 {e.archive_sha256[:12]}\u2026"


def _source_cell(e: EvidenceRow) -> str:
    cell = _link(e.source_url, e.source_title)
    extra = [x for x in (_archived(e), e.archive_note) if x]
    if e.shared_from is not None:
        extra.append(f"shared from claim {e.shared_from}")
    return cell + "".join(f" \u00b7 {md(x)}" for x in extra)


def _claim(c: ReportClaim, article_title: str, with_history: bool = True) -> list[str]:
    lines = [f"### {c.number}. {md(c.statement)}", ""]
    lines.append(
        f"**Verdict: {md(c.status_label)}** \u00b7 claim {c.id} in \u201c{md(article_title)}\u201d"
    )
    lines.append("")
    lines.append(
        f"- Claimant: {md(c.claimant) if c.claimant else '_not recorded_'}"
        + (f" ({md(c.claim_date)})" if c.claim_date else "")
    )
    if c.tags:
        lines.append(f"- Tags: {md(', '.join(c.tags))}")
    if c.orphaned:
        lines.append("- _The quote is no longer found in the article text._")
    elif c.wording_before is not None:
        flag = "Needs re-check" if c.needs_recheck else "Wording changed"
        lines.append(
            f"- **{flag}:** the article now says \u201c{md(c.quote)}\u201d where it said "
            f"\u201c{md(c.wording_before)}\u201d"
        )
    before, after = _edge_spaced(c.context_before), _edge_spaced(c.context_after)
    lines += ["", f"> {before.lstrip()}**{md(c.quote)}**{after.rstrip()}", ""]
    lines.append(f"**Rationale:** {md(c.rationale) if c.rationale else '_none yet_'}")
    lines.append("")
    if c.evidence:
        lines += ["| Source | Stance | Excerpt | Where | Accessed |", "|---|---|---|---|---|"]
        for e in c.evidence:
            lines.append(
                f"| {_source_cell(e)} | {md(e.stance_label)} | "
                f"{md(e.excerpt)} | {md(e.locator)} | {day(e.accessed_at)} |"
            )
    elif c.is_verdict:
        lines.append("_No evidence is linked to this verdict._")
    else:
        lines.append("_No evidence linked._")
    lines.append("")
    if c.history and with_history:
        lines.append("<details><summary>History</summary>")
        lines.append("")
        for h in c.history:
            lines.append(
                f"- {stamp(h.at)} \u2014 {md(h.actor)}: {md(h.from_status or 'new')} "
                f"\u2192 {md(h.to_status)}" + (f" \u2014 {md(h.rationale)}" if h.rationale else "")
            )
        lines += ["", "</details>", ""]
    return lines


def render_markdown(report: Report) -> str:
    titles = {a.id: a.title for a in report.articles}
    lines = []
    if report.organisation:
        lines.append(f"_{md(report.organisation)}_")
        lines.append("")
    lines += [
        f"# {md(report.title)}",
        "",
        f"Generated {stamp(report.generated_at)} \u00b7 covers {md(report.scope)} \u00b7 "
        f"{_plural(len(report.claims), 'claim')} in {_plural(len(report.articles), 'article')}",
        "",
        "## Summary",
        "",
        "| Verdict | Claims |",
        "|---|---:|",
    ]
    lines += [f"| {md(s.label)} | {s.count} |" for s in report.summary if s.count]
    lines += [f"| **All claims** | {len(report.claims)} |", "", "## Articles", ""]
    for a in report.articles:
        meta = " \u00b7 ".join(x for x in (md(a.outlet or ""), day(a.published_at)) if x)
        lines.append(
            f"- {_link(a.url, a.title)}"
            + (f" \u2014 {meta}" if meta else "")
            + f" (claims {', '.join(map(str, a.claim_numbers))})"
        )
    lines += ["", "## Claims", ""]
    for c in report.claims:
        lines += _claim(c, titles.get(c.article_id, ""), report.with_history)
    return "\n".join(lines).rstrip() + "\n"


def export_markdown(report: Report, path: Path, *, force: bool = False) -> Path:
    return write_atomic(path, render_markdown(report), force=force)
