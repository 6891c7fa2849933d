"""Commands ``export`` (reports and data in seven formats) and ``import-json``."""

from __future__ import annotations

import argparse
import importlib
from datetime import date
from pathlib import Path
from typing import Any

from claimdesk.cli.context import CliContext
from claimdesk.cli.output import refuse_lines
from claimdesk.core import backup
from claimdesk.core.backup_gate import BackupRefused
from claimdesk.core.report import Report, Scope, build_report
from claimdesk.core.urls import url_problem
from claimdesk.core.vocab import parse_status
from claimdesk.errors import ImportFailed, ValidationError
from claimdesk.io.export import FORMATS, ExportOptions, write_report
from claimdesk.io.export_common import check_target, write_atomic

MAX_PROBLEMS_SHOWN = 20


def _claim_ids(value: str) -> tuple[int, ...]:
    try:
        return tuple(int(v) for v in value.replace(" ", "").split(",") if v)
    except ValueError:
        raise argparse.ArgumentTypeError(
            "--claims takes ids separated by commas, e.g. 1,2,5"
        ) from None


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{value}' is not a date (YYYY-MM-DD)") from None


def _review_url(value: str) -> str:
    problem = url_problem(value.strip())
    if problem:
        raise argparse.ArgumentTypeError(f"the review address is not usable: {problem}")
    return value.strip()


def scope_from(args: argparse.Namespace) -> Scope:
    try:
        statuses = tuple(parse_status(s).value for s in args.status or [])
    except ValueError as exc:
        raise ValidationError(str(exc)) from None
    return Scope(
        article_id=args.article,
        claim_ids=tuple(args.claims or ()),
        statuses=statuses,
        tag=args.tag,
        outlet=args.outlet,
        claimant=args.claimant,
        date_from=args.date_from,
        date_to=args.date_to,
    )


def _write_report(
    fmt: str, report: Report, out: Path, args: argparse.Namespace, ctx: CliContext
) -> None:
    options = ExportOptions(
        force=args.force,
        with_article_text=args.with_article_text,
        evidence_rows=args.evidence_rows,
        review_url=args.review_url,
    )
    if fmt == "pdf":
        # Qt is loaded only now, and by name: the command line stays free of Qt otherwise.
        pdf = importlib.import_module("claimdesk.ui.export_pdf")
        pdf.export_pdf(report, out, force=args.force, with_article_text=args.with_article_text)
        return
    warnings = write_report(fmt, report, out, options)
    for problem in warnings[:MAX_PROBLEMS_SHOWN]:
        ctx.stderr.write(f"claimdesk: warning: {problem}\n")
    if len(warnings) > MAX_PROBLEMS_SHOWN:
        ctx.stderr.write(f"claimdesk: warning: and {len(warnings) - MAX_PROBLEMS_SHOWN} more\n")


def cmd_export(args: argparse.Namespace, ctx: CliContext) -> int:
    out = Path(args.out).expanduser()
    check_target(out, force=args.force)  # fail before the work, not after it
    with ctx.require_store().session() as session:
        if args.format == "json":
            if any(
                (
                    args.article,
                    args.claims,
                    args.status,
                    args.tag,
                    args.outlet,
                    args.claimant,
                    args.date_from,
                    args.date_to,
                )
            ):
                raise ValidationError(
                    "The JSON export always holds the whole desk; "
                    "drop the filters or choose another format."
                )
            data = backup.dump_desk(session, snapshots=not args.no_snapshots)
            write_atomic(out, backup.dumps(data), force=args.force)
            ctx.stdout.write(f"{out}\n")
            return 0
        report = build_report(
            session,
            scope_from(args),
            organisation=ctx.settings.organisation,
            title=args.title,
            with_history=not args.no_history,
        )
    _write_report(args.format, report, out, args, ctx)
    ctx.stdout.write(f"{out}\n")
    return 0


def cmd_import_json(args: argparse.Namespace, ctx: CliContext) -> int:
    path = Path(args.file).expanduser()
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ImportFailed(f"Cannot read {path}: {exc.strerror}.") from None
    try:
        data = backup.parse(raw)
    except BackupRefused as exc:
        return refuse_lines(ctx, exc.problems, "The backup was refused; nothing was imported.")
    with ctx.require_store().session() as session:
        summary = backup.import_desk(session, data)
    ctx.stdout.write(summary.describe() + "\n")
    return 0


def register(sub: Any) -> None:
    p = sub.add_parser(
        "export",
        help="write a report (html, pdf, md), data (csv, json) or markup",
        description="Write a report about one article, chosen claims, a filter or the whole "
        "desk. An existing file is replaced only with --force.",
    )
    p.add_argument("--format", choices=FORMATS, required=True)
    p.add_argument("--out", required=True, metavar="PATH")
    p.add_argument("--article", type=int, help="only the claims of this article")
    p.add_argument("--claims", type=_claim_ids, metavar="ID,ID", help="only these claims")
    p.add_argument("--status", action="append", help="only this status; repeat for several")
    p.add_argument("--tag", help="only claims with this tag")
    p.add_argument("--outlet", help="only articles whose outlet contains this text")
    p.add_argument("--claimant", help="only claims whose claimant contains this text")
    p.add_argument(
        "--from",
        dest="date_from",
        type=_day,
        metavar="YYYY-MM-DD",
        help="only articles published on or after this day",
    )
    p.add_argument(
        "--to",
        dest="date_to",
        type=_day,
        metavar="YYYY-MM-DD",
        help="only articles published on or before this day",
    )
    p.add_argument("--title", help="the report's title")
    p.add_argument(
        "--evidence-rows",
        action="store_true",
        help="csv: one row per evidence link instead of one per claim",
    )
    p.add_argument(
        "--with-article-text",
        action="store_true",
        help="html/pdf: append the article text with the claims highlighted",
    )
    p.add_argument(
        "--review-url",
        metavar="URL",
        type=_review_url,
        help="claimreview: address of the published fact check (required there)",
    )
    p.add_argument(
        "--no-history",
        action="store_true",
        help="leave out each claim's history (for reports to publish)",
    )
    p.add_argument(
        "--no-snapshots",
        action="store_true",
        help="json: keep only the hashes of archived snapshots, not their bytes",
    )
    p.add_argument("--force", action="store_true", help="replace an existing file")
    p.set_defaults(handler=cmd_export, needs_db=True)

    p = sub.add_parser("import-json", help="restore or merge a claimdesk JSON export")
    p.add_argument("file", metavar="FILE")
    p.set_defaults(handler=cmd_import_json, needs_db=True)
