"""Commands for team desks: move a desk to a server, keep profiles and their passwords."""

from __future__ import annotations

import argparse
import sys

from claimdesk.cli.context import CliContext
from claimdesk.cli.output import print_json, print_table
from claimdesk.errors import ClaimdeskError


def cmd_migrate_to(args: argparse.Namespace, ctx: CliContext) -> int:
    from claimdesk.core.migrate_to import migrate_to
    from claimdesk.store.engine import Store

    source = ctx.require_store()
    target = Store.open(args.url, display_name=ctx.actor)
    try:
        report = migrate_to(source, target, merge=args.merge)
    finally:
        target.close()
    if args.format == "json":
        print_json(ctx.stdout, report)
    else:
        for line in report.lines():
            ctx.stdout.write(line + "\n")
    return 0 if report.ok else 1


def _read_password(args: argparse.Namespace, ctx: CliContext) -> str:
    if args.stdin or not sys.stdin.isatty():
        # One line from standard input, for scripts: never from the command line, where
        # other users could read it in the process list.
        return sys.stdin.readline().rstrip("\r\n")
    import getpass

    return getpass.getpass(f"Password for profile {args.profile}: ")


def cmd_password(args: argparse.Namespace, ctx: CliContext) -> int:
    from claimdesk import secrets
    from claimdesk.profiles import get_profile

    get_profile(args.profile)  # a typo must not store a password nobody will find
    if args.action == "forget":
        secrets.forget_profile_password(args.profile)
        ctx.stdout.write(f"Forgot the password of profile {args.profile}.\n")
        return 0
    password = _read_password(args, ctx)
    if not password:
        raise ClaimdeskError("No password was given; nothing was stored.")
    if not args.no_check:
        from claimdesk.store.postgres import PROFILE_TARGET, resolve, try_password

        try:
            try_password(resolve(PROFILE_TARGET + args.profile, password=password))
        except ClaimdeskError as exc:
            raise ClaimdeskError(
                f"{exc} Nothing was stored; to store it without trying it, add --no-check."
            ) from None
    secrets.set_profile_password(args.profile, password)
    ctx.stdout.write(f"Stored the password of profile {args.profile} in the system keyring.\n")
    return 0


def cmd_profile(args: argparse.Namespace, ctx: CliContext) -> int:
    from claimdesk import profiles

    if args.action == "add":
        profiles.save_profile(
            profiles.Profile(
                name=args.name,
                host=args.host,
                port=args.port,
                database=args.database,
                user=args.user_name,
                sslmode=args.sslmode,
                display_name=args.display_name or "",
            )
        )
        ctx.stdout.write(f"Saved profile {args.name}; open it with --db profile:{args.name}\n")
    elif args.action == "remove":
        profiles.delete_profile(args.name)
    else:
        rows = [
            (p.name, p.address, p.sslmode, p.shown_name) for p in profiles.load_profiles().values()
        ]
        print_table(ctx.stdout, ["NAME", "SERVER", "TLS", "SHOWN AS"], rows)
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "migrate-to",
        help="copy this desk to a team server (PostgreSQL) and verify the copy",
        description="Copy every article, snapshot, claim, source, evidence link, history "
        "row, version and group of the desk to a team desk, then compare row counts and "
        "checksums table by table. An empty team desk is required unless --merge.",
    )
    p.add_argument("url", metavar="URL", help="postgresql://user@host/db or profile:NAME")
    p.add_argument("--merge", action="store_true", help="add to a team desk that has data")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(handler=cmd_migrate_to, needs_db=True)

    p = sub.add_parser("password", help="remember or forget a profile's password")
    p.add_argument("action", choices=("set", "forget"))
    p.add_argument("profile", metavar="PROFILE")
    p.add_argument("--stdin", action="store_true", help="read the password from stdin")
    p.add_argument(
        "--no-check",
        action="store_true",
        help="store the password without first logging in to the server with it",
    )
    p.set_defaults(handler=cmd_password, needs_db=False)

    p = sub.add_parser("profile", help="list, add or remove team-server profiles")
    p.add_argument("action", choices=("list", "add", "remove"))
    p.add_argument("name", nargs="?", default="")
    p.add_argument("--host", default="localhost")
    p.add_argument("--port", type=int, default=5432)
    p.add_argument("--database", default="claimdesk")
    p.add_argument("--user-name", default="", help="the user on the server")
    p.add_argument("--sslmode", default="prefer")
    p.add_argument("--display-name", default="", help="the name shown in history")
    p.set_defaults(handler=cmd_profile, needs_db=False)
