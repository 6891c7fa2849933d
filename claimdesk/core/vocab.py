"""The desk's controlled vocabularies: claim statuses, evidence stances, source kinds,
claim kinds.  Each term has a stable machine value (stored in the database and exports),
a label for people and, for statuses, a colour and whether it is a verdict."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TypeVar


class Status(StrEnum):
    UNVERIFIED = "unverified"
    IN_PROGRESS = "in_progress"
    VERIFIED = "verified"
    DISPUTED = "disputed"
    FALSE = "false"
    MISLEADING = "misleading"
    UNVERIFIABLE = "unverifiable"


@dataclass(frozen=True)
class StatusInfo:
    status: Status
    label: str
    colour: str  # highlight colour, readable under dark text in light and dark themes
    is_verdict: bool
    needs_evidence: bool  # a verdict that must cite at least one evidence link
    key: str  # one-key shortcut in the window
    description: str


STATUS_INFO: dict[Status, StatusInfo] = {
    s.status: s
    for s in (
        StatusInfo(
            Status.UNVERIFIED,
            "Unverified",
            "#c9ced6",
            False,
            False,
            "1",
            "Tracked but not yet looked at.",
        ),
        StatusInfo(
            Status.IN_PROGRESS,
            "In progress",
            "#8ec5ff",
            False,
            False,
            "2",
            "Someone is checking it.",
        ),
        StatusInfo(
            Status.VERIFIED,
            "Verified",
            "#7fd99a",
            True,
            True,
            "3",
            "The evidence supports the claim.",
        ),
        StatusInfo(
            Status.DISPUTED,
            "Disputed",
            "#ffc46b",
            True,
            True,
            "4",
            "Credible evidence points both ways.",
        ),
        StatusInfo(
            Status.FALSE, "False", "#ff8a8a", True, True, "5", "The evidence contradicts the claim."
        ),
        StatusInfo(
            Status.MISLEADING,
            "Misleading",
            "#e3a6ff",
            True,
            True,
            "6",
            "Accurate in part but gives a wrong impression.",
        ),
        StatusInfo(
            Status.UNVERIFIABLE,
            "Unverifiable",
            "#b9b09a",
            True,
            False,
            "7",
            "No evidence can settle it either way.",
        ),
    )
}

VERDICTS: tuple[Status, ...] = tuple(s for s, i in STATUS_INFO.items() if i.is_verdict)


def parse_status(value: str) -> Status:
    """Accept a machine value, a label or a dashed/spaced variant ("in progress")."""
    wanted = value.strip().lower().replace("-", "_").replace(" ", "_")
    for status, info in STATUS_INFO.items():
        if wanted in (status.value, info.label.lower().replace(" ", "_")):
            return status
    names = ", ".join(s.value for s in Status)
    raise ValueError(f"Unknown status '{value}'. Use one of: {names}.")


E = TypeVar("E", bound=StrEnum)


class Stance(StrEnum):
    SUPPORTS = "supports"
    CONTRADICTS = "contradicts"
    CONTEXT = "context"


STANCE_LABELS: dict[Stance, str] = {
    Stance.SUPPORTS: "Supports",
    Stance.CONTRADICTS: "Contradicts",
    Stance.CONTEXT: "Context",
}
STANCE_COLOURS: dict[Stance, str] = {
    Stance.SUPPORTS: "#2e9e5b",
    Stance.CONTRADICTS: "#d64545",
    Stance.CONTEXT: "#6b7b8c",
}


class SourceKind(StrEnum):
    PRIMARY_DATA = "primary_data"
    OFFICIAL_STATEMENT = "official_statement"
    NEWS = "news"
    ACADEMIC = "academic"
    EXPERT = "expert"
    FACT_CHECK = "fact_check"  # a published fact-check (a ClaimReview) of the same claim
    OTHER = "other"


SOURCE_KIND_LABELS: dict[SourceKind, str] = {
    SourceKind.PRIMARY_DATA: "Primary data",
    SourceKind.OFFICIAL_STATEMENT: "Official statement",
    SourceKind.NEWS: "News",
    SourceKind.ACADEMIC: "Academic",
    SourceKind.EXPERT: "Expert",
    SourceKind.FACT_CHECK: "Fact-check",
    SourceKind.OTHER: "Other",
}


class ClaimKind(StrEnum):
    QUANTITY = "quantity"
    COMPARISON = "comparison"
    TREND = "trend"
    CAUSAL = "causal"
    RULE = "rule"
    PREDICTION = "prediction"
    ATTRIBUTION = "attribution"
    PERSONAL = "personal"


CLAIM_KIND_LABELS: dict[ClaimKind, str] = {
    ClaimKind.QUANTITY: "Quantity",
    ClaimKind.COMPARISON: "Comparison / ranking",
    ClaimKind.TREND: "Change / trend",
    ClaimKind.CAUSAL: "Causal",
    ClaimKind.RULE: "Rule / law",
    ClaimKind.PREDICTION: "Prediction",
    ClaimKind.ATTRIBUTION: "Attribution / quote",
    ClaimKind.PERSONAL: "Personal experience",
}


def parse_enum(kind: type[E], value: str, what: str) -> E:
    wanted = value.strip().lower().replace("-", "_").replace(" ", "_")
    try:
        return kind(wanted)
    except ValueError:
        names = ", ".join(m.value for m in kind)
        raise ValueError(f"Unknown {what} '{value}'. Use one of: {names}.") from None
