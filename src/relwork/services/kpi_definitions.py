"""The KPIs people see (DOMAIN §4): the :class:`Kpi` value, its formatting, and
:func:`compute_kpis`, which builds every KPI of a period from :class:`KpiRecords`.

Each KPI is compared with the period of the same length just before it and comes with
a monthly series for a small chart. What the store does not record is listed as *not
recorded* (:data:`NOT_RECORDED`) instead of being estimated.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from relwork.services.kpi_rules import (
    KpiPeriod,
    KpiRecords,
    Window,
    actions_on_time,
    count_in,
    improvements_realized,
    mean_satisfaction,
    months,
    net_promoter,
    recommendations_accepted,
    reviews_on_cadence,
    satisfaction_index,
    service_compliance,
    stakeholder_coverage,
    tenure_years,
    trust_level,
    windows,
)
from relwork.services.scorecard import SERVICE_CLASSES

HIGHER, LOWER, NEITHER = "higher", "lower", ""
Series = tuple[float | None, ...]


# --- the KPI -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Kpi:
    key: str
    group: str
    name: str
    value: float | None
    previous: float | None = None
    unit: str = ""  # "%", "/5", "/100", "years", "" (a count)
    better: str = HIGHER  # which way is good: higher, lower, or neither
    detail: str = ""  # the numbers behind the value, in words
    series: tuple[float | None, ...] = ()  # one value per month of the period
    months: tuple[date, ...] = ()  # first day of each month in ``series``
    recorded: bool = True  # False: relwork does not keep what this KPI needs
    about: str = ""  # how it is computed

    @property
    def change(self) -> float | None:
        if self.value is None or self.previous is None:
            return None
        return self.value - self.previous

    @property
    def arrow(self) -> str:
        """↑ ↓ → for the change since the previous period; '' when unknown."""
        change = self.change
        if change is None:
            return ""
        if abs(change) < 1e-9:
            return "→"
        return "↑" if change > 0 else "↓"

    @property
    def improving(self) -> bool | None:
        """True when the change goes the good way, False the bad way, None otherwise."""
        change = self.change
        if change is None or abs(change) < 1e-9 or not self.better:
            return None
        return (change > 0) == (self.better == HIGHER)


def format_kpi_value(kpi: Kpi, value: float | None) -> str:
    """'92%', '4.1/5', '3', '2.5 years'; 'not recorded' or '–' when there is none."""
    if not kpi.recorded:
        return "not recorded"
    if value is None:
        return "–"
    if kpi.unit == "%":
        return f"{value:.0f}%"
    if kpi.unit == "years":
        return f"{value:.1f} y"
    if kpi.unit in ("/5",):
        return f"{value:.1f}{kpi.unit}"
    if kpi.unit == "/100":
        return f"{value:.0f}/100"
    if kpi.unit == "nps":
        return f"{value:+.0f}"
    return f"{value:.0f}" if value == int(value) else f"{value:.1f}"


# --- every KPI ---------------------------------------------------------------------------


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


NOT_RECORDED: tuple[tuple[str, str, str, str], ...] = (
    (
        "engagement",
        "Stakeholder engagement",
        "Engagement rate",
        "Meeting attendance and replies to messages are not logged.",
    ),
    (
        "response_time",
        "Communication",
        "Communication response time",
        "When a message arrived and when it was answered are not logged.",
    ),
    (
        "resolution",
        "Relationship health",
        "Conflict resolution time",
        "Complaints are logged, but not the day each was resolved.",
    ),
    (
        "value_realization",
        "Service alignment",
        "Value realization rate",
        "Value indicators with targets are not kept yet.",
    ),
    (
        "maturity",
        "Continual improvement",
        "RM practice maturity",
        "The practice's own maturity level is not assessed in relwork.",
    ),
)


def compute_kpis(records: KpiRecords, *, chosen: KpiPeriod, today: date) -> list[Kpi]:
    """Every KPI for the period ending today, with the previous period's value."""
    now, before = windows(chosen, today)
    parts = months(now)
    starts = tuple(part.start.replace(day=1) for part in parts)

    def monthly(measure: Callable[[Window], float | None]) -> Series:
        return tuple(measure(part) for part in parts)

    result: list[Kpi] = []

    sla, met, measured = service_compliance(records.measurements, now, SERVICE_CLASSES)
    result.append(
        Kpi(
            "sla",
            "Service alignment",
            "SLA compliance",
            sla,
            service_compliance(records.measurements, before, SERVICE_CLASSES)[0],
            unit="%",
            detail=f"{met} of {_plural(measured, 'utility and warranty value')} met"
            if measured
            else "no utility or warranty value measured",
            about="Monthly values of utility and warranty metrics that met their target.",
            series=monthly(
                lambda w: service_compliance(records.measurements, w, SERVICE_CLASSES)[0]
            ),
            months=starts,
        )
    )
    experience, met, measured = service_compliance(records.measurements, now, ("experience",))
    result.append(
        Kpi(
            "experience",
            "Service alignment",
            "Experience targets met",
            experience,
            service_compliance(records.measurements, before, ("experience",))[0],
            unit="%",
            detail=f"{met} of {_plural(measured, 'experience value')} met"
            if measured
            else "no experience value measured",
            about="Experience metrics, kept apart from the service level.",
            series=monthly(
                lambda w: service_compliance(records.measurements, w, ("experience",))[0]
            ),
            months=starts,
        )
    )
    index, people = satisfaction_index(records.surveys, now)
    result.append(
        Kpi(
            "satisfaction",
            "Stakeholder engagement",
            "Stakeholder satisfaction",
            index,
            satisfaction_index(records.surveys, before)[0],
            unit="/100",
            detail=f"latest answer of {_plural(people, 'respondent')}"
            if people
            else "no CSAT or custom survey answers",
            about="Each respondent's latest CSAT or custom score, out of 100; the chart "
            "shows the mean of all answers per month.",
            series=monthly(lambda w: mean_satisfaction(records.surveys, w)),
            months=starts,
        )
    )
    nps, answers = net_promoter(records.surveys, now)
    result.append(
        Kpi(
            "nps",
            "Stakeholder engagement",
            "Net promoter score",
            nps,
            net_promoter(records.surveys, before)[0],
            unit="nps",
            detail=_plural(answers, "NPS answer") if answers else "no NPS answers",
            about="Promoters (9-10) minus detractors (0-6), as a share of NPS answers.",
            series=monthly(lambda w: net_promoter(records.surveys, w)[0]),
            months=starts,
        )
    )
    coverage, touched, key = stakeholder_coverage(
        records.key_stakeholders, records.contacts_met, now
    )
    result.append(
        Kpi(
            "coverage",
            "Stakeholder engagement",
            "Key stakeholders in touch",
            coverage,
            stakeholder_coverage(records.key_stakeholders, records.contacts_met, before)[0],
            unit="%",
            detail=f"{touched} of {_plural(key, 'key stakeholder')} met or spoken to"
            if key
            else "no key stakeholders on the map",
            about="People on today's map with influence and interest of 4 or more, "
            "with a logged interaction in the period.",
        )
    )
    complaint_days = [day for _account, day in records.complaints]
    result.append(
        Kpi(
            "complaints",
            "Communication",
            "Complaints",
            float(count_in(complaint_days, now)),
            float(count_in(complaint_days, before)),
            better=LOWER,
            detail="interactions logged as complaints",
            about="Interactions of kind complaint, counted per month.",
            series=monthly(lambda w: float(count_in(complaint_days, w))),
            months=starts,
        )
    )
    trust, clients = trust_level(records.trust, now)
    result.append(
        Kpi(
            "trust",
            "Relationship health",
            "Trust index",
            trust,
            trust_level(records.trust, before)[0],
            unit="/5",
            detail=f"newest assessment of {_plural(clients, 'client')}"
            if clients
            else "no assessment in the period",
            about="Overall index of the three Cs (1-5), newest per client in the period.",
            series=monthly(lambda w: trust_level(records.trust, w)[0]),
            months=starts,
        )
    )
    reviews, held, due = reviews_on_cadence(records.accounts, records.reviews_held, now)
    result.append(
        Kpi(
            "reviews",
            "Relationship health",
            "Reviews held on cadence",
            reviews,
            reviews_on_cadence(records.accounts, records.reviews_held, before)[0],
            unit="%",
            detail=f"{held} of {_plural(due, 'review')} due were held"
            if due
            else "no review due within the period",
            about="One review due per full review cadence of each active client.",
        )
    )
    on_time, done, due = actions_on_time(records.actions, now, today)
    result.append(
        Kpi(
            "actions",
            "Relationship health",
            "Actions closed on time",
            on_time,
            actions_on_time(records.actions, before, today)[0],
            unit="%",
            detail=f"{done} of {_plural(due, 'action')} due were done by the due day"
            if due
            else "no action was due",
            about="Actions due in the period that were marked done on or before the due day.",
            series=monthly(lambda w: actions_on_time(records.actions, w, today)[0]),
            months=starts,
        )
    )
    tenure, running = tenure_years(records.accounts, now.end)
    result.append(
        Kpi(
            "longevity",
            "Relationship health",
            "Relationship longevity",
            tenure,
            tenure_years(records.accounts, before.end)[0],
            unit="years",
            better=NEITHER,
            detail=f"median of {_plural(running, 'relationship')}"
            if running > 1
            else "since the relationship started"
            if running
            else "no start date recorded",
            about="Years from the start of the relationship (to its end, if it ended).",
        )
    )
    realized, by_origin = improvements_realized(records.improvements, now)
    origins = ", ".join(f"{o} {n}" for o, n in sorted(by_origin.items()))
    result.append(
        Kpi(
            "improvements",
            "Continual improvement",
            "Improvements realized",
            float(realized),
            float(improvements_realized(records.improvements, before)[0]),
            detail=f"by origin: {origins}" if origins else "none realized in the period",
            about="Register items closed as realized, by where they came from.",
            series=monthly(lambda w: float(improvements_realized(records.improvements, w)[0])),
            months=starts,
        )
    )
    accepted, yes, decided, still_open = recommendations_accepted(records.recommendations, now)
    result.append(
        Kpi(
            "recommendations",
            "Continual improvement",
            "Recommendations accepted",
            accepted,
            recommendations_accepted(records.recommendations, before)[0],
            unit="%",
            detail=(
                f"{yes} of {decided} decided" + (f", {still_open} still open" if still_open else "")
                if yes or decided or still_open
                else "no recommendations in the period"
            ),
            about="Review recommendations made in the period that were accepted or done, "
            "out of those accepted, done or declined.",
        )
    )
    if records.watermelons is not None:
        result.append(
            Kpi(
                "watermelons",
                "Relationship health",
                "Watermelon flags",
                float(records.watermelons),
                better=LOWER,
                detail="clients whose green service level hides trouble, today",
                about="Clients flagged by the watermelon rule today (no history is kept).",
            )
        )
    for missing_key, group, name, why in NOT_RECORDED:
        result.append(
            Kpi(missing_key, group, name, None, recorded=False, better=NEITHER, detail=why)
        )
    return result
