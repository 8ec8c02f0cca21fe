"""How the agreements screen draws its rows and the selected agreement's summary."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text

from relwork.enums import AgreementForm, AgreementStatus, MetricClass
from relwork.models import Agreement, Measurement, Metric
from relwork.services.agreements import AgreementRow
from relwork.services.metrics import target_text
from relwork.services.scorecard import STATUS_LABELS, format_value, metric_status
from relwork.widgets.fitted import Column
from relwork.widgets.literal import cell, literal

if TYPE_CHECKING:
    from relwork.app import RelworkApp

# Short names for the list; the form shows the full labels.
FORM_SHORT = {
    AgreementForm.SLA: "SLA",
    AgreementForm.CONTRACT: "Contract",
    AgreementForm.TERMS_OF_SERVICE: "Terms",
    AgreementForm.OUTCOME_BASED: "Outcome",
    AgreementForm.OPERATIONAL_LEVEL: "OLA",
    AgreementForm.UNDERPINNING_CONTRACT: "UC",
    AgreementForm.MEMORANDUM: "MoU",
    AgreementForm.IMPLIED: "Implied",
}

AGREEMENT_COLUMNS = [
    Column("Agreement", 0),
    Column("Form", 8),
    Column("Status", 11),
    Column("Starts", 10, min_table_width=100),
    Column("Ends", 10, min_table_width=100),
    Column("Metrics", 7),
    Column("Next review", 11),
]
METRIC_COLUMNS = [
    Column("Metric", 0),
    Column("Class", 10, min_table_width=90),
    Column("Target", 11),
    Column("Latest", 9),
    Column("Month", 7),
    Column("Status", 8),
]
DETAIL_LINES = 4


def status_colours(app: RelworkApp) -> dict[str, str]:
    """Met, at risk and missed in the theme's success, warning and error colours."""
    variables = app.theme_variables
    return {
        "met": variables.get("success", "green"),
        "at_risk": f"bold {variables.get('warning', 'yellow')}",
        "missed": f"bold {variables.get('error', 'red')}",
        "no_data": "dim",
    }


def agreement_cells(row: AgreementRow) -> list[Text]:
    agreement = row.agreement
    return [
        cell(agreement.title),
        cell(FORM_SHORT.get(AgreementForm(agreement.form), agreement.form)),
        cell(AgreementStatus(agreement.status).label),
        cell(agreement.starts_on),
        cell(agreement.ends_on),
        Text(str(row.metric_count), justify="right"),
        cell(row.next_review),
    ]


def metric_cells(metric: Metric, latest: Measurement | None, colours: dict[str, str]) -> list[Text]:
    """A metric with its newest value, coloured by its status against the target."""
    value = latest.value if latest else None
    status = metric_status(
        value, target=metric.target, tolerance=metric.tolerance, direction=metric.direction
    )
    return [
        cell(metric.name),
        cell(MetricClass(metric.metric_class).label),
        cell(target_text(metric)),
        Text(format_value(value, metric.unit), justify="right", no_wrap=True, overflow="ellipsis"),
        cell(f"{latest.period_start:%Y-%m}" if latest else None),
        Text(STATUS_LABELS[status], style=colours.get(status, "")),
    ]


def agreement_detail(agreement: Agreement, width: int) -> Text:
    """Four lines at most: form and dates, the services, and the summary (cut to fit)."""
    first = Text.assemble((AgreementForm(agreement.form).label, "bold"))
    if agreement.starts_on or agreement.ends_on:
        start = agreement.starts_on.isoformat() if agreement.starts_on else "…"
        end = agreement.ends_on.isoformat() if agreement.ends_on else "open-ended"
        first.append(f" · {start} to {end}")
    if agreement.review_cadence_days:
        first.append(f" · reviewed every {agreement.review_cadence_days} days")
    lines = [first]
    if agreement.services:
        lines.append(Text.assemble(("Covers ", "bold"), literal(", ".join(agreement.services))))
    for line in lines:
        line.truncate(width, overflow="ellipsis")
    summary = " ".join(agreement.plain_summary.split())
    room = width * (DETAIL_LINES - len(lines)) - 8  # words wrap, so leave some slack
    if len(summary) > room:
        summary = summary[: max(0, room - 1)].rstrip() + "…"
    lines.append(
        literal(summary, style="italic")
        if summary
        else Text("No summary yet (e adds one).", style="dim")
    )
    return Text("\n").join(lines)
