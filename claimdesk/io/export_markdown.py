"""The report as Markdown, for pasting into editorial tools (CMS, chat, wikis)."""

from __future__ import annotations

import re
from pathlib import Path

from claimdesk.core.report import Report, ReportClaim
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


def _claim(c: ReportClaim, article_title: str) -> list[str]:
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
    lines += ["", f"> {md(c.context_before)}**{md(c.quote)}**{md(c.context_after)}", ""]
    lines.append(f"**Rationale:** {md(c.rationale) if c.rationale else '_none yet_'}")
    lines.append("")
    if c.evidence:
        lines += ["| Source | Stance | Excerpt | Where | Accessed |", "|---|---|---|---|---|"]
        for e in c.evidence:
            lines.append(
                f"| {_link(e.source_url, e.source_title)} | {md(e.stance_label)} | "
                f"{md(e.excerpt)} | {md(e.locator)} | {day(e.accessed_at)} |"
            )
    else:
        lines.append("_No evidence linked._")
    lines.append("")
    if c.history:
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
        f"{len(report.claims)} claim(s) in {len(report.articles)} article(s)",
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
        lines += _claim(c, titles.get(c.article_id, ""))
    return "\n".join(lines).rstrip() + "\n"


def export_markdown(report: Report, path: Path, *, force: bool = False) -> Path:
    return write_atomic(path, render_markdown(report), force=force)
