"""The fields of the agreement, metric and survey forms (the machinery is in ``form.py``)."""

from __future__ import annotations

from relwork.enums import (
    AgreementForm,
    AgreementStatus,
    MetricClass,
    SurveyInstrument,
)
from relwork.screens.form import FormField

DATE_HINT = "YYYY-MM-DD"

CLASS_HINT = (
    "utility: what it does for them, fit for purpose · warranty: how dependably, fit "
    "for use (availability, speed, security) · experience: how using it feels"
)
TOLERANCE_HINT = "how far past the target still counts as at risk, not missed (0: none)"
SCORE_HINT = (
    "CSAT: 1-5 · NPS: one person's answer 0-10, or with nobody chosen the period's "
    "net score -100 to 100 · custom: 0 to its scale maximum"
)


def agreement_fields(formality_hint: str) -> list[FormField]:
    return [
        FormField("title", "Title", required=True, placeholder="e.g. Store support SLA 2026"),
        FormField(
            "form",
            "Form",
            "select",
            AgreementForm.choices(),
            required=True,
            hint=formality_hint,
        ),
        FormField("status", "Status", "select", AgreementStatus.choices(), required=True),
        FormField("starts_on", "Starts on", placeholder=DATE_HINT),
        FormField("ends_on", "Ends on", placeholder=DATE_HINT),
        FormField(
            "review_cadence_days",
            "Review every (days)",
            placeholder="e.g. 90",
            hint="how often you go over it with the client",
        ),
        FormField(
            "services",
            "Services it covers",
            "area",
            hint="one per line, or separated by commas",
        ),
        FormField(
            "plain_summary",
            "Plain-language summary",
            "area",
            hint="what it promises, in words the client's users would use",
        ),
    ]


def metric_fields() -> list[FormField]:
    return [
        FormField("name", "Name", required=True, placeholder="e.g. Availability"),
        FormField(
            "metric_class",
            "Class",
            "select",
            MetricClass.choices(),
            required=True,
            hint=CLASS_HINT,
        ),
        FormField("unit", "Unit", placeholder="e.g. %, hours, tickets"),
        FormField(
            "direction",
            "Better when",
            "select",
            [("Higher is better", "higher"), ("Lower is better", "lower")],
            required=True,
        ),
        FormField("target", "Target", required=True, placeholder="e.g. 99.5"),
        FormField("tolerance", "Tolerance", placeholder="e.g. 0.3", hint=TOLERANCE_HINT),
    ]


def survey_fields(contacts: list[tuple[str, str]]) -> list[FormField]:
    return [
        FormField("instrument", "Instrument", "select", SurveyInstrument.choices(), required=True),
        FormField(
            "contact_id",
            "Who answered",
            "select",
            contacts,
            placeholder="(nobody: the period's aggregate)",
        ),
        FormField("taken_on", "Answered on", placeholder=f"{DATE_HINT} (empty: today)"),
        FormField("score", "Score", required=True, placeholder="e.g. 4", hint=SCORE_HINT),
        FormField("scale_max", "Scale maximum", placeholder="custom only, e.g. 10"),
        FormField("comment", "Comment", "area"),
    ]
