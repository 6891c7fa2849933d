"""Commands over articles, claims and their history."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from claimdesk.cli.cmd_article import add_article_arguments, article_action
from claimdesk.cli.context import CliContext
from claimdesk.cli.output import print_json, print_table, printable, when
from claimdesk.core import articles, claims, verify
from claimdesk.core.records import ArticleDraft
from claimdesk.core.vocab import STATUS_INFO, Status, parse_status
from claimdesk.errors import ClaimdeskError, ImportFailed, ValidationError

if TYPE_CHECKING:
    from claimdesk.core.refresh import RefreshResult

IMPORT_EPILOG = """\
inputs: files (.txt, .text, .md, .markdown, .html, .htm, .xhtml, .pdf, .docx), folders
(every supported file inside, each counted as one input) and http/https addresses.
An input whose text, or address, is already in the desk is not added again (unless
--allow-duplicate): it is reported as "already in the desk as article N".
--refresh ARTICLE imports an article again from its file or address; a new text becomes
the next version and its claims are re-anchored into it.

A folder's subfolder that cannot be read, or a broken link with a supported name, is
listed with its reason and counts as an input that was not imported.

exit status: 0 every input was imported (or refreshed), 1 none was, 2 some were not.
"""


def _drafts(source: str) -> Iterator[tuple[str, ArticleDraft | ImportFailed]]:
    """Each draft an input yields: one for a file or address, one per file of a folder."""
    from claimdesk.io.importers import is_web_address, iter_folder, load

    if not is_web_address(source) and Path(source).expanduser().is_dir():
        try:
            found = False
            for path, item in iter_folder(source):
                found = True
                yield str(path), item
            if not found:
                yield source, ImportFailed(f"{source} holds no file claimdesk can import.")
        except ImportFailed as exc:
            yield source, exc
        return
    try:
        yield source, load(source)
    except ImportFailed as exc:
        yield source, exc


def _add(ctx: CliContext, name: str, draft: ArticleDraft, allow_duplicate: bool) -> bool:
    with ctx.require_store().session() as session:
        duplicate = articles.find_duplicate(session, draft.text, draft.url)
        if duplicate and not allow_duplicate:
            ctx.stderr.write(
                f"claimdesk: {name}: already in the desk as article {duplicate.id} "
                f"(\u201c{duplicate.title[:60]}\u201d); use --allow-duplicate to add a copy\n"
            )
            return False
        info = articles.add_article(session, draft)
    ctx.stdout.write(f"{info.id}\n")
    return True


def _exit_code(done: int, failed: int) -> int:
    return 0 if failed == 0 else 1 if done == 0 else 2


def cmd_import(args: argparse.Namespace, ctx: CliContext) -> int:
    if args.refresh:
        if args.inputs:
            raise ValidationError("Give either inputs to import or --refresh ARTICLE, not both.")
        return _refresh_all(args, ctx)
    if not args.inputs:
        raise ValidationError("Name a file, folder or web address to import.")
    done = failed = 0
    for source in args.inputs:
        for name, item in _drafts(source):
            try:
                if isinstance(item, ImportFailed):
                    raise item
                added = _add(ctx, name, item, args.allow_duplicate)
            except ClaimdeskError as exc:
                ctx.stderr.write(f"claimdesk: {exc}\n")
                added = False
            done, failed = (done + 1, failed) if added else (done, failed + 1)
    return _exit_code(done, failed)


def _refresh_all(args: argparse.Namespace, ctx: CliContext) -> int:
    from claimdesk.core import refresh
    from claimdesk.io.importers import load

    done = failed = 0
    for article_id in args.refresh:
        try:
            with ctx.require_store().session() as session:
                source = refresh.refresh_source(session, article_id)
            draft = load(source)  # outside the session: a download can take a while
            with ctx.require_store().session() as session:
                result = refresh.refresh_article(session, article_id, draft, actor=ctx.actor)
        except ClaimdeskError as exc:
            ctx.stderr.write(f"claimdesk: article {article_id}: {exc}\n")
            failed += 1
            continue
        _print_refresh(ctx, result, source, args.diff)
        done += 1
    return _exit_code(done, failed)


def _print_refresh(ctx: CliContext, result: RefreshResult, source: str, diff: bool) -> None:
    out = ctx.stdout
    if not result.changed:
        out.write(
            f"article {result.article_id}: unchanged at {source} "
            f"(version {result.version}, checked)\n"
        )
        return
    kinds = [c.kind for c in result.claims]
    out.write(
        f"article {result.article_id}: changed at {source}; version {result.previous_version}"
        f" -> {result.version}; claims: {kinds.count('kept')} kept, {kinds.count('moved')} "
        f"moved, {kinds.count('changed')} quote changed, {kinds.count('orphaned')} orphaned\n"
    )
    for c in result.claims:
        if c.kind == "moved":
            out.write(
                f"  claim {c.claim_id} moved: {c.old_start}-{c.old_end} -> "
                f"{c.new_start}-{c.new_end}\n"
            )
        elif c.kind == "changed":
            out.write(
                f"  claim {c.claim_id} quote changed: \u201c{c.old_quote}\u201d -> "
                f"\u201c{c.new_quote}\u201d\n"
            )
        elif c.kind == "orphaned":
            out.write(
                f"  claim {c.claim_id} orphaned: \u201c{c.old_quote}\u201d "
                "is no longer in the text\n"
            )
    for claim_id in result.reattached:
        out.write(f"  claim {claim_id} is anchored again (it was an orphan)\n")
    if diff:
        out.writelines(line + "\n" for line in result.diff)


def _counts(counts: dict[str, int]) -> str:
    return " ".join(
        f"{STATUS_INFO[Status(s)].label.lower()}:{n}" for s, n in sorted(counts.items())
    )


def cmd_articles(args: argparse.Namespace, ctx: CliContext) -> int:
    with ctx.require_store().session() as session:
        items = articles.list_articles(session, text_filter=args.filter or "", limit=args.limit)
    if args.format == "json":
        print_json(ctx.stdout, items)
        return 0
    print_table(
        ctx.stdout,
        ["ID", "TITLE", "OUTLET", "ADDED", "CLAIMS"],
        [(a.id, a.title, a.outlet, when(a.created_at), _counts(a.claim_counts)) for a in items],
        [None, 60, 24, None, None],
    )
    return 0


def cmd_article(args: argparse.Namespace, ctx: CliContext) -> int:
    """``article ID`` shows it; ``article edit ID`` and ``article delete ID`` change it."""
    code = article_action(args, ctx)
    if code is not None:
        return code
    with ctx.require_store().session() as session:
        doc = articles.get_article(session, args.id)
    if args.format == "json":
        print_json(
            ctx.stdout,
            {
                **_jsonable_info(doc.info),
                "text": doc.text,
                "raw_media_type": doc.raw_media_type,
                "raw_size": doc.raw_size,
            },
        )
        return 0
    info = doc.info
    for label, value in (
        ("Title", info.title),
        ("Outlet", info.outlet),
        ("Author", info.author),
        ("URL", info.url),
        ("Published", when(info.published_at)),
        ("Retrieved", when(info.retrieved_at)),
        ("SHA-256", info.text_sha256),
    ):
        if value:
            ctx.stdout.write(f"{label}: {printable(str(value))}\n")
    ctx.stdout.write("\n" + printable(doc.text, keep_layout=True) + "\n")
    return 0


def _jsonable_info(info: Any) -> dict[str, Any]:
    from claimdesk.cli.output import to_jsonable

    data: dict[str, Any] = to_jsonable(info)
    return data


def _status(value: str) -> Status:
    try:
        return parse_status(value)
    except ValueError as exc:
        raise ValidationError(str(exc)) from None


def _evidence_text(own: int, shared: int) -> str:
    """'2', or '0 + 3 shared' when the group's evidence backs the claim's verdict."""
    return f"{own} + {shared} shared" if shared else str(own)


def _flags(c: Any) -> str:
    if c.orphaned:
        return " [orphaned]"
    if c.needs_recheck:
        return f" [needs re-check: the quote was “{c.wording_before}”]"
    if c.wording_changed:
        return f" [wording changed: was “{c.wording_before}”]"
    return ""


def cmd_claims(args: argparse.Namespace, ctx: CliContext) -> int:
    statuses = [_status(s).value for s in args.status or []]
    with ctx.require_store().session() as session:
        if args.article is not None:
            articles.get_article(session, args.article)  # a clear error for a wrong id
        items = claims.list_claims(
            session, article_id=args.article, statuses=statuses, tag=args.tag, limit=args.limit
        )
    if args.format == "json":
        print_json(ctx.stdout, items)
        return 0
    print_table(
        ctx.stdout,
        ["ID", "ARTICLE", "STATUS", "EVIDENCE", "STATEMENT"],
        [
            (
                c.id,
                c.article_id,
                STATUS_INFO[Status(c.status)].label,
                _evidence_text(c.evidence_count, c.shared_evidence),
                c.statement + _flags(c),
            )
            for c in items
        ],
        [None, None, None, None, 80],
    )
    return 0


def cmd_claim_add(args: argparse.Namespace, ctx: CliContext) -> int:
    with ctx.require_store().session() as session:
        rec = claims.create_claim_by_quote(
            session,
            args.article,
            args.quote,
            actor=ctx.actor,
            statement=args.statement,
            claimant=args.claimant,
            tags=args.tag or (),
        )
    ctx.stdout.write(f"{rec.id}\n")
    return 0


def cmd_claim_status(args: argparse.Namespace, ctx: CliContext) -> int:
    with ctx.require_store().session() as session:
        rec = verify.set_status(
            session, args.claim, _status(args.status), actor=ctx.actor, rationale=args.rationale
        )
    ctx.stdout.write(f"claim {rec.id}: {STATUS_INFO[Status(rec.status)].label}\n")
    return 0


def cmd_claim_delete(args: argparse.Namespace, ctx: CliContext) -> int:
    with ctx.require_store().session() as session:
        claims.delete_claim(session, args.claim)
    ctx.stdout.write(f"claim {args.claim} deleted\n")
    return 0


def cmd_history(args: argparse.Namespace, ctx: CliContext) -> int:
    with ctx.require_store().session() as session:
        items = verify.history(session, args.claim)
    if args.format == "json":
        print_json(ctx.stdout, items)
        return 0
    print_table(
        ctx.stdout,
        ["WHEN", "FROM", "TO", "WHO", "RATIONALE"],
        [(when(h.at), h.from_status or "-", h.to_status, h.actor, h.rationale) for h in items],
        [None, None, None, 20, 60],
    )
    return 0


def register(sub: Any) -> None:
    p = sub.add_parser(
        "import",
        help="add articles from files, folders or web addresses, or refresh one",
        epilog=IMPORT_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("inputs", nargs="*", metavar="PATH|URL")
    p.add_argument(
        "--allow-duplicate",
        action="store_true",
        help="add the article even when the desk already has the same text or address",
    )
    p.add_argument(
        "--refresh",
        type=int,
        action="append",
        metavar="ARTICLE",
        help="import this article again from where it came from (repeatable)",
    )
    p.add_argument("--diff", action="store_true", help="with --refresh, print the text changes")
    p.set_defaults(handler=cmd_import, needs_db=True)

    p = sub.add_parser("articles", help="list the articles, newest first")
    p.add_argument("--filter", help="only titles, outlets or authors containing this text")
    p.add_argument("--limit", type=int)
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.set_defaults(handler=cmd_articles, needs_db=True)

    p = sub.add_parser(
        "article",
        help="show one article with its full text; article edit ID, article delete ID",
    )
    add_article_arguments(p)
    p.set_defaults(handler=cmd_article, needs_db=True)

    p = sub.add_parser("claims", help="list claims, in text order")
    p.add_argument("--article", type=int)
    p.add_argument("--status", action="append", help="repeat for several statuses")
    p.add_argument("--tag")
    p.add_argument("--limit", type=int)
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.set_defaults(handler=cmd_claims, needs_db=True)

    claim = sub.add_parser("claim", help="add a claim, change its status, delete it")
    claim_sub = claim.add_subparsers(title="claim commands", metavar="ACTION", required=True)
    p = claim_sub.add_parser("add", help="make a quote of an article a claim")
    p.add_argument("article", type=int)
    p.add_argument("--quote", required=True, help="the exact words, found once in the article")
    p.add_argument("--statement", help="the claim in your words (default: the quote)")
    p.add_argument("--claimant")
    p.add_argument("--tag", action="append")
    p.set_defaults(handler=cmd_claim_add, needs_db=True)
    p = claim_sub.add_parser("status", help="move a claim through the workflow")
    p.add_argument("claim", type=int)
    p.add_argument("status", help=", ".join(s.value for s in Status))
    p.add_argument("--rationale")
    p.set_defaults(handler=cmd_claim_status, needs_db=True)
    p = claim_sub.add_parser("delete", help="delete a claim with its evidence links")
    p.add_argument("claim", type=int)
    p.set_defaults(handler=cmd_claim_delete, needs_db=True)

    p = sub.add_parser("history", help="the status history of a claim")
    p.add_argument("claim", type=int)
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.set_defaults(handler=cmd_history, needs_db=True)
