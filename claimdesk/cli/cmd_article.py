"""``claimdesk article edit ID --outlet ...`` and ``article delete ID --yes``."""

from __future__ import annotations

import argparse
from typing import Any

from claimdesk.cli.context import CliContext
from claimdesk.cli.output import printable
from claimdesk.core import article_edits
from claimdesk.errors import ValidationError

ACTIONS = ("edit", "delete")
MAX_ID = 2**63 - 1
EDIT_OPTIONS = (
    ("title", "--title", "the article's title"),
    ("outlet", "--outlet", "the outlet that published it"),
    ("author", "--author", "who wrote it"),
    ("published_at", "--published", "the publication date, YYYY-MM-DD (empty: unknown)"),
    ("url", "--url", "its web address (empty: none)"),
    ("place", "--place", "the dateline's place"),
)


class _BadId(ValidationError):
    """An argument that cannot be an id: a usage error (exit 2), like argparse's."""


def _id(text: str | None) -> int:
    try:
        value = int(text or "")
    except ValueError:
        raise _BadId(
            f"\u201c{text or ''}\u201d is not an article id; "
            "use claimdesk article ID, article edit ID or article delete ID."
        ) from None
    if not 0 < value <= MAX_ID:
        raise _BadId(f"{value} is not an article id.")
    return value


def article_action(args: argparse.Namespace, ctx: CliContext) -> int | None:
    """Run ``edit`` or ``delete``; for ``article ID`` set ``args.id`` and return None (the
    caller shows the article)."""
    try:
        return _dispatch(args, ctx)
    except _BadId as exc:
        ctx.stderr.write(f"claimdesk: {exc}\n")
        return 2


def _dispatch(args: argparse.Namespace, ctx: CliContext) -> int | None:
    if args.target not in ACTIONS:
        args.id = _id(args.target)
        if args.target_id is not None:
            raise ValidationError(f"Unexpected argument {args.target_id}.")
        return None
    article_id = _id(args.target_id)
    if args.target == "edit":
        return _edit(args, ctx, article_id)
    return _delete(args, ctx, article_id)


def _edit(args: argparse.Namespace, ctx: CliContext, article_id: int) -> int:
    changes: dict[str, Any] = {
        name: getattr(args, name)
        for name, _flag, _help in EDIT_OPTIONS
        if getattr(args, name) is not None
    }
    if not changes:
        raise ValidationError(
            "Say what to change: " + ", ".join(flag for _n, flag, _h in EDIT_OPTIONS) + "."
        )
    with ctx.require_store().session() as session:
        before = article_edits.article_history(session, article_id)
        info = article_edits.edit_article(session, article_id, changes, actor=ctx.actor)
        after = article_edits.article_history(session, article_id)
    if len(after) == len(before):
        ctx.stdout.write(f"article {article_id}: unchanged (it already had those values)\n")
    else:
        ctx.stdout.write(f"article {article_id}: {printable(after[-1].describe())}\n")
    ctx.stdout.write(f"  now: {printable(info.title)} ({printable(info.outlet or 'no outlet')})\n")
    return 0


def _delete(args: argparse.Namespace, ctx: CliContext, article_id: int) -> int:
    with ctx.require_store().session() as session:
        counts = article_edits.delete_counts(session, article_id)
        if not args.yes:
            ctx.stderr.write(
                f"claimdesk: article {article_id} has {counts.sentence()}; deleting it "
                "deletes them too. Run again with --yes to delete it. Nothing was deleted.\n"
            )
            return 1
        gone = article_edits.delete_article(session, article_id)
    ctx.stdout.write(
        f"deleted article {article_id} \u201c{printable(gone.title)}\u201d with "
        f"{counts.sentence()}\n"
    )
    return 0


def add_article_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("target", metavar="ID|edit|delete")
    p.add_argument("target_id", nargs="?", metavar="ID", help="with edit or delete")
    p.add_argument("--format", choices=("text", "json"), default="text")
    group = p.add_argument_group("article edit ID")
    for name, flag, help_text in EDIT_OPTIONS:
        group.add_argument(flag, dest=name, metavar="TEXT", help=help_text)
    p.add_argument("--yes", action="store_true", help="with delete: delete without asking")
