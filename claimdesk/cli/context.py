"""What every command-line handler receives.

Handlers have the signature ``handler(args: argparse.Namespace, ctx: CliContext) -> int``
and are attached with ``parser.set_defaults(handler=..., needs_db=True|False)``.  A handler
reports problems by raising ``ClaimdeskError`` (printed as one line on stderr, exit 1) or by
returning a non-zero exit code; it prints results on ``ctx.stdout``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from claimdesk.config import Settings
    from claimdesk.store.engine import Store


@dataclass
class CliContext:
    stdout: TextIO
    stderr: TextIO
    settings: Settings
    store: Store | None = None  # open only for commands registered with needs_db=True

    @property
    def actor(self) -> str:
        return self.settings.user_name

    def require_store(self) -> Store:
        if self.store is None:  # a programming error, not a user error
            raise RuntimeError("this command was registered with needs_db=False")
        return self.store
