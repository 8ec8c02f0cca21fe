"""Satisfaction survey results per client: one person's answer, or a period's aggregate.

A result with a contact is that person's answer; one without a contact is an
aggregate for the period (for instance the average of an anonymous survey).

Instruments and their scales (``scale_max`` is stored so a result keeps its meaning
even if its contact is later removed):

- **CSAT** — 1 to 5 (``scale_max`` 5). A person answers with a whole number; an
  aggregate may be an average such as 4.2.
- **NPS** — a person's answer to "how likely are you to recommend us" is 0 to 10
  (``scale_max`` 10). An aggregate is the period's Net Promoter Score, -100 to 100
  (``scale_max`` 100): the share of promoters (9-10) minus the share of detractors
  (0-6), in percent.
- **Custom** — any scale from 0 to its own maximum, given with each result.

:func:`satisfaction_series` gives monthly values on one common scale, **out of 5**, so a
fall means the same for every instrument: CSAT as answered; custom scores as
score / scale maximum x 5; a month's NPS (its answers turned into a net score, averaged
with any aggregate net scores) mapped from -100..100 onto 0..5.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from pydantic import field_validator, model_validator
from sqlmodel import Session, SQLModel, col, select

from relwork import clock
from relwork.enums import SurveyInstrument
from relwork.models import Account, Contact, Organization, SurveyResponse
from relwork.services.form_values import format_number, parse_number
from relwork.services.measurements import grid_periods, month_start
from relwork.services.validation import InvalidInput, optional_date, validate
from relwork.text import clean

CSAT_MAX = 5.0
NPS_ANSWER_MAX = 10.0
NPS_SCORE_MAX = 100.0
CUSTOM_MAX_LIMIT = 1000.0
PROMOTER_FROM = 9  # NPS answers 9-10 are promoters
DETRACTOR_UP_TO = 6  # 0-6 are detractors


class SurveyData(SQLModel):
    """What the survey form holds, checked; ``scale_max`` is set from the instrument."""

    instrument: SurveyInstrument = SurveyInstrument.CSAT
    contact_id: int | None = None
    taken_on: date | None = None
    score: float
    scale_max: float | None = None
    comment: str = ""

    @field_validator("instrument", mode="before")
    @classmethod
    def _instrument(cls, value: Any) -> Any:
        if not value:
            raise ValueError("Choose the instrument: CSAT, NPS or custom.")
        return value

    @field_validator("contact_id", mode="before")
    @classmethod
    def _contact(cls, value: Any) -> Any:
        return None if value in (None, "", 0) else value

    @field_validator("taken_on", mode="before")
    @classmethod
    def _taken_on(cls, value: Any) -> date | None:
        day = optional_date(value)
        if day is not None and day > clock.today():
            raise ValueError(f"{day.isoformat()} is in the future; enter when it was answered.")
        return day

    @field_validator("score", mode="before")
    @classmethod
    def _score(cls, value: Any) -> float:
        number = parse_number(value, what="score")
        if number is None:
            raise ValueError("Enter the score, e.g. 4.")
        return number

    @field_validator("scale_max", mode="before")
    @classmethod
    def _scale_max(cls, value: Any) -> float | None:
        return parse_number(value, what="scale maximum")

    @field_validator("comment", mode="before")
    @classmethod
    def _comment(cls, value: Any) -> str:
        return clean(str(value or "")).strip()

    @model_validator(mode="after")
    def _fits_scale(self) -> SurveyData:
        problem = _scale_problem(self)
        if problem:
            raise InvalidInput(dict([problem]))
        return self


def _scale_problem(data: SurveyData) -> tuple[str, str] | None:
    """(field, message) when the score does not fit the instrument; sets ``scale_max``."""
    person = data.contact_id is not None
    score = data.score
    if data.instrument == SurveyInstrument.CSAT:
        data.scale_max = CSAT_MAX
        if not 1 <= score <= CSAT_MAX:
            return "score", "A CSAT score is from 1 (very unhappy) to 5 (very happy)."
        if person and score != int(score):
            return "score", "One person's CSAT answer is a whole number from 1 to 5."
        return None
    if data.instrument == SurveyInstrument.NPS:
        if person:
            data.scale_max = NPS_ANSWER_MAX
            if not 0 <= score <= NPS_ANSWER_MAX or score != int(score):
                return "score", "One person's NPS answer is a whole number from 0 to 10."
        else:
            data.scale_max = NPS_SCORE_MAX
            if not -NPS_SCORE_MAX <= score <= NPS_SCORE_MAX:
                return "score", (
                    "Without a person this is the period's net score, from -100 to 100; "
                    "choose the person to record one answer (0-10)."
                )
        return None
    if data.scale_max is None or not 0 < data.scale_max <= CUSTOM_MAX_LIMIT:
        return "scale_max", "A custom score needs its scale's maximum, above 0, e.g. 10."
    if not 0 <= score <= data.scale_max:
        return "score", f"The score must be from 0 to {format_number(data.scale_max)}."
    return None


def parse_survey(values: dict[str, Any]) -> SurveyData:
    """Check the survey form; raises :class:`InvalidInput` naming each field to fix."""
    return validate(SurveyData, values)


def survey_form(response: SurveyResponse) -> dict[str, Any]:
    return {
        "instrument": response.instrument,
        "contact_id": response.contact_id,
        "taken_on": response.taken_on,
        "score": format_number(response.score),
        "scale_max": format_number(response.scale_max)
        if response.instrument == SurveyInstrument.CUSTOM
        else "",
        "comment": response.comment,
    }


def _check_contact(session: Session, account_id: int, contact_id: int | None) -> None:
    if contact_id is None:
        return
    account = session.get(Account, account_id)
    contact = session.get(Contact, contact_id)
    if account is None or contact is None or contact.organization_id != account.organization_id:
        raise InvalidInput({"contact_id": "Choose one of this client's contacts, or nobody."})


def _columns(data: SurveyData) -> dict[str, Any]:
    assert data.scale_max is not None  # set by the validator
    return {
        "instrument": str(data.instrument),
        "contact_id": data.contact_id,
        "taken_on": data.taken_on or clock.today(),
        "score": data.score,
        "scale_max": data.scale_max,
        "comment": data.comment,
    }


def add_survey(*, session: Session, account_id: int, data: SurveyData) -> SurveyResponse:
    """Record a result; no date means today."""
    if session.get(Account, account_id) is None:
        raise LookupError(f"There is no client with id {account_id}.")
    _check_contact(session, account_id, data.contact_id)
    response = SurveyResponse(account_id=account_id, **_columns(data))
    session.add(response)
    session.commit()
    session.refresh(response)
    return response


def get_survey(*, session: Session, survey_id: int) -> SurveyResponse:
    response = session.get(SurveyResponse, survey_id)
    if response is None:
        raise LookupError(f"There is no survey result with id {survey_id}.")
    return response


def update_survey(*, session: Session, survey_id: int, data: SurveyData) -> SurveyResponse:
    response = get_survey(session=session, survey_id=survey_id)
    _check_contact(session, response.account_id, data.contact_id)
    response.sqlmodel_update(_columns(data))
    session.add(response)
    session.commit()
    session.refresh(response)
    return response


def delete_survey(*, session: Session, survey_id: int) -> None:
    session.delete(get_survey(session=session, survey_id=survey_id))
    session.commit()


@dataclass(frozen=True)
class SurveyRow:
    response: SurveyResponse
    contact_name: str  # "" for a period's aggregate

    @property
    def score_text(self) -> str:
        return score_text(self.response)


def score_text(response: SurveyResponse) -> str:
    """A score with its scale: '4 / 5', '9 / 10', 'net +35' (an NPS aggregate)."""
    if response.instrument == SurveyInstrument.NPS and response.scale_max == NPS_SCORE_MAX:
        sign = "+" if response.score > 0 else ""
        return f"net {sign}{format_number(response.score)}"
    return f"{format_number(response.score)} / {format_number(response.scale_max)}"


def list_surveys(*, session: Session, account_id: int) -> list[SurveyRow]:
    """A client's results, newest first, with the name of who answered."""
    rows = session.exec(
        select(SurveyResponse, Contact)
        .join(Contact, col(Contact.id) == SurveyResponse.contact_id, isouter=True)
        .where(SurveyResponse.account_id == account_id)
        .order_by(col(SurveyResponse.taken_on).desc(), col(SurveyResponse.id).desc())
    ).all()
    return [SurveyRow(response, contact.name if contact else "") for response, contact in rows]


def survey_contacts(*, session: Session, account_id: int) -> list[tuple[str, str]]:
    """(name, id) of the client's contacts, for the form's person choice."""
    rows = session.exec(
        select(Contact)
        .join(Organization, col(Organization.id) == Contact.organization_id)
        .join(Account, col(Account.organization_id) == Organization.id)
        .where(Account.id == account_id)
        .order_by(col(Contact.name))
    ).all()
    return [(contact.name, str(contact.id)) for contact in rows]


# --- monthly series ---------------------------------------------------------------------------


def out_of_five(value: float, *, low: float, high: float) -> float:
    """``value`` on a low..high scale mapped linearly onto 0..5."""
    return 5 * (value - low) / (high - low)


def net_promoter_score(answers: list[float]) -> float:
    """Promoters (9-10) minus detractors (0-6), as a percentage of all answers."""
    promoters = sum(1 for a in answers if a >= PROMOTER_FROM)
    detractors = sum(1 for a in answers if a <= DETRACTOR_UP_TO)
    return 100 * (promoters - detractors) / len(answers)


def month_value(instrument: SurveyInstrument, responses: list[SurveyResponse]) -> float:
    """One month's results of one instrument, out of 5 (see the module docstring)."""
    if instrument == SurveyInstrument.NPS:
        answers = [r.score for r in responses if r.scale_max != NPS_SCORE_MAX]
        scores = [r.score for r in responses if r.scale_max == NPS_SCORE_MAX]
        if answers:
            scores.append(net_promoter_score(answers))
        nps = sum(scores) / len(scores)
        return out_of_five(nps, low=-NPS_SCORE_MAX, high=NPS_SCORE_MAX)
    if instrument == SurveyInstrument.CSAT:
        values = [r.score for r in responses]
    else:
        values = [out_of_five(r.score, low=0, high=r.scale_max) for r in responses]
    return sum(values) / len(values)


def satisfaction_series(
    *,
    session: Session,
    account_id: int,
    instrument: SurveyInstrument | str,
    months: int,
    today: date,
) -> list[tuple[date, float]]:
    """Monthly values of one instrument over the ``months`` months ending with ``today``'s,
    oldest first, out of 5; months without results are left out.

    Each month averages its results (a person's answer and an aggregate count alike,
    except that NPS answers are first turned into that month's net score)."""
    kind = SurveyInstrument(instrument)
    periods = grid_periods(last=today, count=months)
    if not periods:
        return []
    responses = session.exec(
        select(SurveyResponse).where(
            SurveyResponse.account_id == account_id,
            SurveyResponse.instrument == kind.value,
            col(SurveyResponse.taken_on) >= periods[0],
            col(SurveyResponse.taken_on) <= today,
        )
    ).all()
    by_month: dict[date, list[SurveyResponse]] = {}
    for response in responses:
        by_month.setdefault(month_start(response.taken_on), []).append(response)
    return [(p, month_value(kind, by_month[p])) for p in periods if p in by_month]


def monthly_satisfaction(
    *, session: Session, account_id: int, months: int, today: date
) -> dict[SurveyInstrument, list[tuple[date, float]]]:
    """:func:`satisfaction_series` for every instrument that has results in the window."""
    result = {}
    for instrument in SurveyInstrument:
        series = satisfaction_series(
            session=session,
            account_id=account_id,
            instrument=instrument,
            months=months,
            today=today,
        )
        if series:
            result[instrument] = series
    return result
