"""``claimdesk checks``: the library of published fact-checks (import, list, remove,
match, link as evidence, look up online, the API key)."""

from __future__ import annotations

import argparse
import sys

from claimdesk.cli.context import CliContext
from claimdesk.cli.output import print_json, print_table, printable
from claimdesk.errors import ClaimdeskError, ValidationError


def cmd_import(args: argparse.Namespace, ctx: CliContext) -> int:
    from claimdesk.io.claimreview_import import import_from

    failed = 0
    with ctx.require_store().session() as session:
        for source in args.sources:
            try:
                report = import_from(session, source, actor=ctx.actor)
            except ClaimdeskError as exc:
                failed += 1
                ctx.stderr.write(printable(str(exc)) + "\n")
                continue
            ctx.stdout.write(f"batch {report.batch_id}: {report.describe()}\n")
            for problem in report.problems:
                ctx.stdout.write(f"  {printable(str(problem))}\n")
            if report.more_problems:
                ctx.stdout.write(f"  \u2026 and {report.more_problems} more\n")
    return 1 if failed == len(args.sources) else 0


def cmd_list(args: argparse.Namespace, ctx: CliContext) -> int:
    from claimdesk.core import published

    with ctx.require_store().session() as session:
        batches = published.list_batches(session)
    if args.format == "json":
        print_json(ctx.stdout, batches)
        return 0
    rows = [
        (b.id, b.kind, b.checks, b.added, b.updated, b.problems, f"{b.imported_at:%Y-%m-%d %H:%M}",
         b.origin)
        for b in batches
    ]  # fmt: skip
    print_table(
        ctx.stdout, ["BATCH", "KIND", "HELD", "ADDED", "UPDATED", "PROBLEMS", "WHEN", "FROM"], rows
    )
    return 0


def cmd_remove(args: argparse.Namespace, ctx: CliContext) -> int:
    from claimdesk.core import published

    with ctx.require_store().session() as session:
        removed = published.remove_batch(session, args.batch)
    ctx.stdout.write(f"batch {args.batch} removed with {len(removed.checks)} check(s)\n")
    return 0


def _sentence(session: object, claim: str) -> str:
    from claimdesk.core.published_match import claim_statement

    return claim_statement(session, int(claim)) if claim.isdigit() else claim  # type: ignore[arg-type]


def cmd_match(args: argparse.Namespace, ctx: CliContext) -> int:
    from claimdesk.core import published_match
    from claimdesk.nlp.matching import ENGLISH

    with ctx.require_store().session() as session:
        sentence = _sentence(session, args.claim)
        found = published_match.find_published(session, sentence, matcher=ENGLISH, limit=args.limit)
    if args.format == "json":
        print_json(ctx.stdout, found)
        return 0
    rows = [(m.check.id, f"{m.score:.2f}", m.check.summary, m.check.review_url) for m in found]
    print_table(
        ctx.stdout, ["CHECK", "SCORE", "CHECKED BY", "REVIEW"], rows, [None, None, 60, None]
    )
    ctx.stdout.write(published_match.summarize(found) + "\n")
    return 0


def cmd_link(args: argparse.Namespace, ctx: CliContext) -> int:
    from claimdesk.core import sources
    from claimdesk.core.published_match import check_for_evidence, evidence_of

    with ctx.require_store().session() as session:
        check, source_id = check_for_evidence(session, args.check)
        draft, stance, excerpt = evidence_of(check)
        if source_id is None:
            source_id = sources.add_source(session, draft).id
        rec = sources.link_evidence(
            session, args.claim, source_id, stance, actor=ctx.actor, excerpt=excerpt
        )
    ctx.stdout.write(f"evidence {rec.id}: claim {args.claim} {stance} (source {source_id})\n")
    return 0


def cmd_lookup(args: argparse.Namespace, ctx: CliContext) -> int:
    from claimdesk.core import published
    from claimdesk.io.factcheck_api import lookup
    from claimdesk.secrets import get_factcheck_key

    if ctx.settings.checks_online != "on":
        raise ValidationError(
            "Looking up online is off. It sends the claim's words to the Google Fact Check "
            "Tools API; turn it on in Settings (checks_online) to use it."
        )
    key = get_factcheck_key()
    if not key:
        raise ValidationError("No API key is in the keyring: claimdesk checks key set.")
    with ctx.require_store().session() as session:
        sentence = _sentence(session, args.claim)
        drafts = lookup(sentence, key=key, url=ctx.settings.checks_api_url)
        if not drafts:
            ctx.stdout.write("No published fact-check found online.\n")
            return 0
        report = published.import_checks(
            session, drafts, origin=f"online: {sentence[:80]}", kind="online", actor=ctx.actor
        )
    ctx.stdout.write(f"batch {report.batch_id}: {report.describe()}\n")
    return 0


def cmd_key(args: argparse.Namespace, ctx: CliContext) -> int:
    from claimdesk.secrets import forget_factcheck_key, set_factcheck_key

    if args.action == "forget":
        forget_factcheck_key()
        ctx.stdout.write("The API key was removed from the keyring.\n")
        return 0
    if sys.stdin.isatty():
        import getpass

        key = getpass.getpass("Google Fact Check Tools API key: ")
    else:
        key = sys.stdin.readline()
    if not key.strip():
        raise ValidationError("No key was given (type it, or pipe it on standard input).")
    set_factcheck_key(key)
    ctx.stdout.write("The API key is in the keyring.\n")
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("checks", help="the library of published fact-checks (ClaimReview)")
    act = p.add_subparsers(title="actions", metavar="ACTION", required=True)
    q = act.add_parser("import", help="import ClaimReview from JSON-LD, HTML or CSV files or URLs")
    q.add_argument("sources", nargs="+", metavar="PATH|URL")
    q.set_defaults(handler=cmd_import, needs_db=True)
    q = act.add_parser("list", help="the imported batches")
    q.add_argument("--format", choices=("table", "json"), default="table")
    q.set_defaults(handler=cmd_list, needs_db=True)
    q = act.add_parser("remove", help="remove a batch and its checks")
    q.add_argument("batch", type=int)
    q.set_defaults(handler=cmd_remove, needs_db=True)
    q = act.add_parser("match", help="published checks of a claim or a sentence")
    q.add_argument("claim", help="a claim id, or a sentence in quotes")
    q.add_argument("--limit", type=int, default=5)
    q.add_argument("--format", choices=("table", "json"), default="table")
    q.set_defaults(handler=cmd_match, needs_db=True)
    q = act.add_parser("link", help="link a published check to a claim as evidence")
    q.add_argument("check", type=int)
    q.add_argument("claim", type=int)
    q.set_defaults(handler=cmd_link, needs_db=True)
    q = act.add_parser("lookup", help="look a claim up with the Google Fact Check Tools API")
    q.add_argument("claim", help="a claim id, or a sentence in quotes")
    q.set_defaults(handler=cmd_lookup, needs_db=True)
    q = act.add_parser("key", help="the API key in the keyring (read from standard input)")
    q.add_argument("action", choices=("set", "forget"))
    q.set_defaults(handler=cmd_key, needs_db=False)
