"""``claimdesk archive`` and ``claimdesk verify-archive``: the evidence archive."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from claimdesk.cli.context import CliContext
from claimdesk.cli.output import print_json, print_table, printable

VERIFY_EPILOG = """\
Re-hashes the bytes of every source snapshot and the text of every article version
(and each article's current text) and compares them with the SHA-256 stored when they
were archived.  Nothing is written.

exit status: 0 every hash matches, 1 a mismatch was found (one line each, naming the
source or article).
"""


def cmd_verify_archive(args: argparse.Namespace, ctx: CliContext) -> int:
    from claimdesk.core import archive

    with ctx.require_store().session() as session:
        result = archive.verify_archive(session)
    for bad in result.mismatches:
        ctx.stderr.write(f"claimdesk: mismatch: {printable(bad.describe())}\n")
    summary = (
        f"{result.snapshots} snapshot(s) and {result.versions} article version(s) checked, "
        f"{result.bytes_checked / 1024 / 1024:.1f} MB"
    )
    if result.without_content:
        summary += f"; {result.without_content} snapshot(s) have their hash only (no bytes)"
    if result.mismatches:
        ctx.stderr.write(f"claimdesk: {summary}: {len(result.mismatches)} mismatch(es).\n")
        return 1
    ctx.stdout.write(f"{summary}: no mismatch.\n")
    return 0


def cmd_capture(args: argparse.Namespace, ctx: CliContext) -> int:
    from claimdesk.core import archive, sources
    from claimdesk.errors import ValidationError
    from claimdesk.io.capture import capture_file, capture_url

    max_bytes = int(args.max_mb * 1024 * 1024) if args.max_mb else ctx.settings.archive_max_bytes()
    with ctx.require_store().session() as session:
        source = sources.get_source(session, args.source)
    if args.file:
        got = capture_file(Path(args.file), max_bytes=max_bytes)
    else:
        if not source.url:
            raise ValidationError(
                f"Source {source.id} has no web address; attach a file with --file."
            )
        got = capture_url(source.url, max_bytes=max_bytes)
    with ctx.require_store().session() as session:
        info = archive.add_snapshot(session, source.id, got, actor=ctx.actor, max_bytes=max_bytes)
    ctx.stdout.write(f"{info.id}\t{info.label}\n")
    if info.note:
        ctx.stderr.write(f"claimdesk: note: {info.note}\n")
    return 0


def cmd_list(args: argparse.Namespace, ctx: CliContext) -> int:
    from claimdesk.core import archive

    with ctx.require_store().session() as session:
        items = archive.snapshots(session, args.source)
    if args.format == "json":
        print_json(ctx.stdout, items)
        return 0
    print_table(
        ctx.stdout,
        ["ID", "ARCHIVED", "SHA256", "SIZE", "TYPE", "FROM", "NOTE"],
        [
            (
                s.id,
                f"{s.captured_at:%Y-%m-%d %H:%M} UTC",
                s.sha256,
                s.size,
                s.media_type or "",
                s.final_url or s.file_name or "",
                s.note,
            )
            for s in items
        ],
        [None, None, None, None, None, 50, 40],
    )
    return 0


def cmd_show(args: argparse.Namespace, ctx: CliContext) -> int:
    from claimdesk.core import archive
    from claimdesk.errors import ValidationError

    with ctx.require_store().session() as session:
        copy = archive.snapshot_copy(session, args.snapshot)
    if args.text:
        ctx.stdout.write(printable(copy.text) + "\n")
        return 0
    if copy.content is None:
        raise ValidationError(
            f"Snapshot {args.snapshot} was restored from a backup with its hash only."
        )
    if args.out == "-":
        sys.stdout.buffer.write(copy.content)
    else:
        from claimdesk.io.atomic import write_atomic

        write_atomic(Path(args.out), copy.content, force=args.force)
    return 0


def register(sub: Any) -> None:
    p = sub.add_parser(
        "verify-archive",
        help="re-hash every source snapshot and article version; report mismatches",
        epilog=VERIFY_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.set_defaults(handler=cmd_verify_archive, needs_db=True)

    archive = sub.add_parser("archive", help="the evidence archive: capture, list, show")
    asub = archive.add_subparsers(title="archive commands", metavar="ACTION", required=True)
    p = asub.add_parser("capture", help="capture a source's web page (or attach a file)")
    p.add_argument("source", type=int)
    p.add_argument("--file", help="attach this PDF, image, HTML page or Word document instead")
    p.add_argument("--max-mb", type=float, help="size cap in MB (default: Settings, else 25 MB)")
    p.set_defaults(handler=cmd_capture, needs_db=True)
    p = asub.add_parser("list", help="a source's snapshots, newest first")
    p.add_argument("source", type=int)
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.set_defaults(handler=cmd_list, needs_db=True)
    p = asub.add_parser("show", help="write a snapshot's bytes (or its text) out")
    p.add_argument("snapshot", type=int)
    p.add_argument("--out", default="-", help="file to write (default: standard output)")
    p.add_argument("--text", action="store_true", help="print the readable text instead")
    p.add_argument("--force", action="store_true", help="replace an existing file")
    p.set_defaults(handler=cmd_show, needs_db=True)
