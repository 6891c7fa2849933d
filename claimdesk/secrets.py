"""The only module that talks to the operating system's keyring.

Passwords of team-server profiles and, later, API keys live in the OS keyring (Secret
Service on Linux, Keychain on macOS, Credential Manager on Windows) under the service
``claimdesk``.  When no keyring can be reached — no D-Bus session, a locked collection the
user will not unlock, no backend at all — every call raises ``SecretsUnavailable``: the
window then asks for the password for this session only.  Nothing is ever written to a
file instead.
"""

from __future__ import annotations

from typing import Any

from claimdesk.errors import ClaimdeskError

SERVICE = "claimdesk"
PROFILE_PREFIX = "profile:"


class SecretsUnavailable(ClaimdeskError):
    """No usable keyring: the secret can only be typed for this session."""


def _keyring() -> Any:
    try:
        import keyring
    except ImportError as exc:  # a broken install, not a user error, but say it clearly
        raise SecretsUnavailable(
            "The keyring module is not installed, so passwords cannot be remembered. "
            + WITHOUT_KEYRING
        ) from exc
    return keyring


def _unavailable(exc: BaseException) -> SecretsUnavailable:
    # The backend's own text names its failure (no bus, locked collection, dismissed
    # prompt) and never contains the secret; keep it for the curious.
    first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return SecretsUnavailable(
        f"The system keyring is not available or is locked ({shorten(first, 160)}), so "
        "the password cannot be remembered. " + WITHOUT_KEYRING
    )


WITHOUT_KEYRING = (
    "Without a keyring, set PGPASSWORD or add the server to ~/.pgpass; the window can "
    "also ask for the password and keep it for that session only."
)


def shorten(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters at a word's end, never inside one."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if text[limit - 1] != " " and space > 0:  # never inside a word
        cut = cut[:space]
    return cut.rstrip(" ,;:") + "\u2026"


def _call(fn_name: str, *args: str) -> Any:
    keyring = _keyring()
    from keyring.errors import KeyringError, NoKeyringError, PasswordDeleteError

    try:
        return getattr(keyring, fn_name)(*args)
    except PasswordDeleteError:
        return None  # forgetting what was never stored is not an error
    except (NoKeyringError, KeyringError) as exc:
        raise _unavailable(exc) from None
    except Exception as exc:
        # SecretStorage/jeepney raise their own errors (no bus address, dismissed prompt,
        # locked item) that keyring does not always wrap.
        raise _unavailable(exc) from None


def get_secret(name: str) -> str | None:
    """The secret stored under ``name``, or None when there is none."""
    value = _call("get_password", SERVICE, name)
    return None if value is None else str(value)


def set_secret(name: str, value: str) -> None:
    if not value:
        raise ClaimdeskError("An empty secret cannot be stored; type the password.")
    _call("set_password", SERVICE, name, value)


def delete_secret(name: str) -> None:
    _call("delete_password", SERVICE, name)


def profile_key(profile: str) -> str:
    return PROFILE_PREFIX + profile


def get_profile_password(profile: str) -> str | None:
    return get_secret(profile_key(profile))


def set_profile_password(profile: str, password: str) -> None:
    set_secret(profile_key(profile), password)


def forget_profile_password(profile: str) -> None:
    delete_secret(profile_key(profile))


def keyring_status() -> str | None:
    """None when a keyring answers, else the reason it does not (for Settings)."""
    try:
        get_secret("claimdesk-probe")
    except SecretsUnavailable as exc:
        return str(exc)
    return None


# The Google Fact Check Tools API key for the optional online lookup of published checks.
FACTCHECK_KEY = "api:google-factcheck-tools"


def get_factcheck_key() -> str | None:
    return get_secret(FACTCHECK_KEY)


def set_factcheck_key(key: str) -> None:
    set_secret(FACTCHECK_KEY, key.strip())


def forget_factcheck_key() -> None:
    delete_secret(FACTCHECK_KEY)
