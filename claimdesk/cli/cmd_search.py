"""Commands to search the desk, find a claim's matches and manage claim groups."""

from __future__ import annotations

import argparse
from datetime import date

from claimdesk.cli.context import CliContext
from claimdesk.cli.output import print_json, print_table
from claimdesk.errors import ValidationError


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{value}' is not a date like 2026-03-12") from None


def cmd_search(args: argparse.Namespace, ctx: CliContext) -> int:
    from claimdesk.core import search

    flt = search.SearchFilters(
        statuses=tuple(args.status or ()),
        tag=args.tag,
        outlet=args.outlet,
        claimant=args.claimant,
        since=args.since,
        until=args.until,
        kinds=tuple(args.kind or ()),
    )
    with ctx.require_store().session() as session:
        hits = search.search(session, args.query, flt, limit=args.limit)
        if args.save:
            search.save_search(session, args.save, args.query, flt, actor=ctx.actor)
    if args.format == "json":
        print_json(ctx.stdout, hits)
        return 0
    rows = []
    for h in hits:
        where = {
            "claim": f"article {h.article_id} @{h.start}-{h.end}",
            "article": f"article {h.article_id}",
            "evidence": f"claim {h.claim_id}, source {h.source_id}",
            "source": f"source {h.source_id}",
        }[h.kind]
        snippet = h.snippet.replace(search.MARK_START, "[").replace(search.MARK_END, "]")
        rows.append((h.kind, h.id, where, h.status or "", snippet))
    print_table(ctx.stdout, ["KIND", "ID", "OPENS", "STATUS", "SNIPPET"], rows,
                [None, None, None, None, 90])  # fmt: skip
    return 0


def cmd_searches(args: argparse.Namespace, ctx: CliContext) -> int:
    from claimdesk.core import search

    with ctx.require_store().session() as session:
        if args.delete is not None:
            search.delete_saved_search(session, args.delete)
        items = search.list_saved_searches(session)
    if args.format == "json":
        print_json(ctx.stdout, items)
    else:
        rows = [(s.id, s.name, s.query, s.filters.to_json() or "") for s in items]
        print_table(ctx.stdout, ["ID", "NAME", "QUERY", "FILTERS"], rows)
    return 0


def cmd_match(args: argparse.Namespace, ctx: CliContext) -> int:
    from claimdesk.core import groups
    from claimdesk.nlp.matching import ENGLISH

    target: int | str = int(args.claim) if args.claim.isdigit() else args.claim
    with ctx.require_store().session() as session:
        found = groups.find_matches(session, target, matcher=ENGLISH, limit=args.limit)
        confirmed = (
            groups.confirmed_matches(session, target, matcher=ENGLISH)
            if isinstance(target, int)
            else []
        )
    if args.format == "json":
        print_json(ctx.stdout, {"confirmed": confirmed, "suggested": found})
        return 0
    ctx.stdout.write(groups.summarize(confirmed + found) + "\n")
    for title, items in (("Confirmed", confirmed), ("Suggested", found)):
        if items:
            ctx.stdout.write(f"\n{title}:\n")
            print_table(ctx.stdout, ["CLAIM", "SCORE", "SEEN", "WHY"],
                        [(m.claim_id, f"{m.score:.2f}", m.summary, "; ".join(m.reasons))
                         for m in items], [None, None, 70, 60])  # fmt: skip
    return 0


def cmd_group(args: argparse.Namespace, ctx: CliContext) -> int:
    from claimdesk.core import groups

    with ctx.require_store().session() as session:
        if args.action == "confirm":
            g = groups.confirm_match(session, args.claim, args.other, actor=ctx.actor)
            ctx.stdout.write(f"group {g.id}: claims {', '.join(map(str, g.claim_ids))}\n")
        elif args.action == "reject":
            groups.reject_match(session, args.claim, args.other, actor=ctx.actor)
            ctx.stdout.write(f"claims {args.claim} and {args.other}: not the same claim\n")
        elif args.action == "leave":
            left = groups.leave_group(session, args.claim)
            ctx.stdout.write(f"claim {args.claim} left group {left.group_id}\n")
        else:
            if args.status is None:
                raise ValidationError("Give the status, as in: group status 12 verified.")
            done = groups.set_group_status(
                session, args.claim, args.status, actor=ctx.actor, rationale=args.rationale
            )
            for rec in done:
                ctx.stdout.write(f"claim {rec.id}: {rec.status}\n")
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("search", help="search articles, claims, sources and evidence")
    p.add_argument("query", help='words, "a phrase", prefix*, OR, -word')
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.add_argument("--status", action="append", help="claims with this status (repeatable)")
    p.add_argument("--tag")
    p.add_argument("--outlet")
    p.add_argument("--claimant")
    p.add_argument("--since", type=_day, metavar="YYYY-MM-DD")
    p.add_argument("--until", type=_day, metavar="YYYY-MM-DD")
    p.add_argument("--kind", action="append", choices=("claim", "article", "evidence", "source"))
    p.add_argument("--limit", type=int, default=50)
    p.add_argument("--save", metavar="NAME", help="also keep this search under NAME")
    p.set_defaults(handler=cmd_search, needs_db=True)

    p = sub.add_parser("searches", help="saved searches")
    p.add_argument("--delete", type=int, metavar="ID")
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.set_defaults(handler=cmd_searches, needs_db=True)

    p = sub.add_parser("match", help="the same claim elsewhere on the desk")
    p.add_argument("claim", help="a claim id, or a sentence in quotes")
    p.add_argument("--limit", type=int, default=10)
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.set_defaults(handler=cmd_match, needs_db=True)

    p = sub.add_parser("group", help="group claims that are the same claim; share a verdict")
    p.add_argument("action", choices=("confirm", "reject", "leave", "status"))
    p.add_argument("claim", type=int)
    p.add_argument("other", nargs="?", help="the other claim (confirm, reject) or the status")
    p.add_argument("--rationale")
    p.set_defaults(handler=_group_args, needs_db=True)


def _group_args(args: argparse.Namespace, ctx: CliContext) -> int:
    if args.action in ("confirm", "reject"):
        if args.other is None or not str(args.other).isdigit():
            raise ValidationError(f"group {args.action} needs two claim ids.")
        args.other = int(args.other)
    args.status = args.other if args.action == "status" else None
    return cmd_group(args, ctx)
