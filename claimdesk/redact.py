"""The one redaction rule for text that shows a database address or a connection error.

Below every layer (like ``claimdesk.errors``) so that store, core, cli and ui all use it.
It hides, as ``***``:

- the password of any ``scheme://user:password@host`` address, up to the *last* ``@``
  of the address, because people type ``@``, ``:``, ``/`` and ``%`` into passwords
  without encoding them;
- ``password=`` (``sslpassword=``, ``PGPASSWORD=``) values, in a query string or a
  libpq ``key=value`` connection string, quoted or not;
- any password the caller knows, wherever it appears.

Over-redacting a host name that follows an odd ``@`` is the accepted cost.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

MASK = "***"
# scheme://[user]:password@ ... up to the last "@" before the next space.
_USERINFO = re.compile(r"([a-z][a-z0-9+.\-]*://[^\s:/@]*:)\S*@", re.I)
# password=, sslpassword=, PGPASSWORD= ...: a quoted value, or up to a space or "&".
_PARAMETER = re.compile(r"""(\b\w*password\s*=\s*)('(?:[^'\\]|\\.)*'|"[^"]*"|[^\s&]*)""", re.I)
MIN_KNOWN_CHARS = 4  # a shorter known password would hide ordinary words


def redact(message: str, known: Iterable[str | None] = ()) -> str:
    """``message`` with every password in it replaced by ``***``."""
    text = _USERINFO.sub(rf"\1{MASK}@", message)
    text = _PARAMETER.sub(rf"\1{MASK}", text)
    for secret in known:
        if secret and len(secret) >= MIN_KNOWN_CHARS:
            text = text.replace(secret, MASK)
    return text
