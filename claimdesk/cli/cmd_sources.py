"""Commands over sources and evidence links."""

from __future__ import annotations

import argparse
from datetime import datetime
from typing import Any

from claimdesk.cli.context import CliContext
from claimdesk.cli.output import print_json, print_table
from claimdesk.core import sources
from claimdesk.core.vocab import SourceKind, Stance
from claimdesk.errors import ValidationError


def _date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        raise ValidationError(f"\u201c{value}\u201d is not a date; use YYYY-MM-DD.") from None


def cmd_source_add(args: argparse.Namespace, ctx: CliContext) -> int:
    draft = sources.SourceDraft(
        url=args.url,
        title=args.title or "",
        publisher=args.publisher,
        author=args.author,
        published_at=_date(args.published),
        kind=args.kind,
        notes=args.notes or "",
    )
    with ctx.require_store().session() as session:
        rec = sources.add_source(session, draft)
    ctx.stdout.write(f"{rec.id}\n")
    return 0


def cmd_sources(args: argparse.Namespace, ctx: CliContext) -> int:
    with ctx.require_store().session() as session:
        items = sources.list_sources(session)
    if args.format == "json":
        print_json(ctx.stdout, [{"source": s, "claims": c} for s, c in items])
        return 0
    print_table(
        ctx.stdout,
        ["ID", "KIND", "TITLE", "URL", "CLAIMS"],
        [(s.id, s.kind, s.title, s.url, ",".join(map(str, c))) for s, c in items],
        [None, None, 50, 50, None],
    )
    return 0


def cmd_evidence_add(args: argparse.Namespace, ctx: CliContext) -> int:
    with ctx.require_store().session() as session:
        rec = sources.link_evidence(
            session,
            args.claim,
            args.source,
            args.stance,
            actor=ctx.actor,
            excerpt=args.excerpt or "",
            locator=args.locator or "",
            note=args.note or "",
        )
    ctx.stdout.write(f"{rec.id}\n")
    return 0


def cmd_evidence_remove(args: argparse.Namespace, ctx: CliContext) -> int:
    with ctx.require_store().session() as session:
        sources.unlink_evidence(session, args.evidence)
    ctx.stdout.write(f"evidence link {args.evidence} removed\n")
    return 0


def register(sub: Any) -> None:
    source = sub.add_parser("source", help="add a source")
    source_sub = source.add_subparsers(title="source commands", metavar="ACTION", required=True)
    p = source_sub.add_parser("add", help="add a source that evidence can cite")
    p.add_argument("url", help="its web address")
    p.add_argument("--title")
    p.add_argument("--publisher")
    p.add_argument("--author")
    p.add_argument("--published", metavar="YYYY-MM-DD")
    p.add_argument(
        "--kind", default=SourceKind.OTHER.value, help=", ".join(k.value for k in SourceKind)
    )
    p.add_argument("--notes")
    p.set_defaults(handler=cmd_source_add, needs_db=True)

    p = sub.add_parser("sources", help="list sources with the claims they back")
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.set_defaults(handler=cmd_sources, needs_db=True)

    evidence = sub.add_parser("evidence", help="link a source to a claim as evidence")
    ev_sub = evidence.add_subparsers(title="evidence commands", metavar="ACTION", required=True)
    p = ev_sub.add_parser("add", help="link a source to a claim")
    p.add_argument("claim", type=int)
    p.add_argument("source", type=int)
    p.add_argument("--stance", required=True, choices=[s.value for s in Stance])
    p.add_argument("--excerpt", help="the quoted passage of the source")
    p.add_argument("--locator", help="page, paragraph or timestamp")
    p.add_argument("--note")
    p.set_defaults(handler=cmd_evidence_add, needs_db=True)
    p = ev_sub.add_parser("remove", help="unlink an evidence link")
    p.add_argument("evidence", type=int)
    p.set_defaults(handler=cmd_evidence_remove, needs_db=True)
