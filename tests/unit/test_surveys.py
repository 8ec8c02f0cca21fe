"""Satisfaction results: the scales per instrument, storage, and the monthly series."""

from __future__ import annotations

from datetime import date

import pytest

from relwork.enums import SurveyInstrument
from relwork.models import SurveyResponse
from relwork.services import surveys as service
from relwork.services.clients import create_client, parse_client
from relwork.services.contacts import create_contact, parse_contact
from relwork.services.validation import InvalidInput

TODAY = date(2026, 11, 20)


def _client(store, name="Acme Hosting") -> int:
    with store.session() as session:
        return create_client(session=session, data=parse_client({"name": name})).id


def _contact(store, client_id: int, name: str) -> int:
    with store.session() as session:
        return create_contact(
            session=session, client_id=client_id, data=parse_contact({"name": name})
        ).id


def _add(store, client_id: int, **values) -> SurveyResponse:
    with store.session() as session:
        return service.add_survey(
            session=session, account_id=client_id, data=service.parse_survey(values)
        )


def _errors(values) -> dict[str, str]:
    with pytest.raises(InvalidInput) as caught:
        service.parse_survey(values)
    return caught.value.errors


# --- scales ----------------------------------------------------------------------------------


def test_csat_is_one_to_five_and_a_persons_answer_is_whole():
    assert "from 1 (very unhappy) to 5" in _errors({"instrument": "csat", "score": "6"})["score"]
    assert "from 1" in _errors({"instrument": "csat", "score": "0"})["score"]
    person = _errors({"instrument": "csat", "score": "4.5", "contact_id": "3"})
    assert person == {"score": "One person's CSAT answer is a whole number from 1 to 5."}
    aggregate = service.parse_survey({"instrument": "csat", "score": "4.2"})
    assert (aggregate.score, aggregate.scale_max, aggregate.contact_id) == (4.2, 5.0, None)


def test_nps_is_an_answer_for_a_person_and_a_net_score_for_a_period():
    answer = service.parse_survey({"instrument": "nps", "score": "9", "contact_id": "2"})
    assert (answer.score, answer.scale_max) == (9.0, 10.0)
    assert (
        "whole number from 0 to 10"
        in _errors({"instrument": "nps", "score": "11", "contact_id": "2"})["score"]
    )
    net = service.parse_survey({"instrument": "nps", "score": "-35"})
    assert (net.score, net.scale_max) == (-35.0, 100.0)
    assert "-100 to 100" in _errors({"instrument": "nps", "score": "120"})["score"]


def test_custom_needs_its_scale_maximum():
    assert "scale_max" in _errors({"instrument": "custom", "score": "7"})
    assert (
        "above 0" in _errors({"instrument": "custom", "score": "7", "scale_max": "0"})["scale_max"]
    )
    assert _errors({"instrument": "custom", "score": "11", "scale_max": "10"}) == {
        "score": "The score must be from 0 to 10."
    }
    data = service.parse_survey({"instrument": "custom", "score": "7", "scale_max": "10"})
    assert (data.score, data.scale_max) == (7.0, 10.0)


def test_other_mistakes_say_what_to_fix():
    errors = _errors({"instrument": "", "score": "", "taken_on": "2026-12-01"})
    assert errors["instrument"] == "Choose the instrument: CSAT, NPS or custom."
    assert errors["score"] == "Enter the score, e.g. 4."
    assert errors["taken_on"] == "2026-12-01 is in the future; enter when it was answered."
    assert "not a number" in _errors({"instrument": "csat", "score": "good"})["score"]


# --- storing ---------------------------------------------------------------------------------


def test_results_are_listed_newest_first_with_who_answered(store):
    client_id = _client(store)
    ana = _contact(store, client_id, "Ana Ruiz")
    _add(store, client_id, instrument="csat", score="4", contact_id=str(ana), taken_on="2026-10-02")
    _add(store, client_id, instrument="nps", score="30", taken_on="2026-11-01", comment=" Q3 ")
    today = _add(store, client_id, instrument="csat", score="5", contact_id=ana)
    assert today.taken_on == TODAY  # no date means today
    with store.session() as session:
        rows = service.list_surveys(session=session, account_id=client_id)
    assert [
        (r.response.taken_on, r.contact_name, r.score_text, r.response.comment) for r in rows
    ] == [
        (TODAY, "Ana Ruiz", "5 / 5", ""),
        (date(2026, 11, 1), "", "net +30", "Q3"),
        (date(2026, 10, 2), "Ana Ruiz", "4 / 5", ""),
    ]


def test_a_contact_of_another_client_is_refused(store):
    client_id = _client(store)
    stranger = _contact(store, _client(store, "Other Ltd"), "Zed")
    with pytest.raises(InvalidInput) as caught:
        _add(store, client_id, instrument="csat", score="3", contact_id=stranger)
    assert caught.value.errors == {"contact_id": "Choose one of this client's contacts, or nobody."}


def test_a_result_is_edited_and_removed(store):
    client_id = _client(store)
    response = _add(store, client_id, instrument="csat", score="4", taken_on="2026-10-02")
    values = service.survey_form(response)
    assert values["score"] == "4" and values["scale_max"] == ""
    values.update(instrument="custom", score="8", scale_max="10")
    with store.session() as session:
        changed = service.update_survey(
            session=session, survey_id=response.id, data=service.parse_survey(values)
        )
        assert (changed.instrument, changed.score, changed.scale_max) == ("custom", 8.0, 10.0)
        service.delete_survey(session=session, survey_id=response.id)
        assert service.list_surveys(session=session, account_id=client_id) == []
        with pytest.raises(LookupError):
            service.get_survey(session=session, survey_id=response.id)


# --- monthly series --------------------------------------------------------------------------


def _series(store, client_id, instrument, months=6):
    with store.session() as session:
        return service.satisfaction_series(
            session=session, account_id=client_id, instrument=instrument, months=months, today=TODAY
        )


def test_csat_series_averages_each_month_and_skips_empty_months(store):
    client_id = _client(store)
    ana = _contact(store, client_id, "Ana")
    for taken_on, score, who in [
        ("2026-05-31", "1", None),  # before the six-month window
        ("2026-06-03", "5", ana),
        ("2026-06-20", "4", None),
        ("2026-08-11", "3", ana),
        ("2026-11-19", "2", None),
    ]:
        _add(store, client_id, instrument="csat", score=score, contact_id=who, taken_on=taken_on)
    _add(store, _client(store, "Other"), instrument="csat", score="1", taken_on="2026-08-01")
    _add(store, client_id, instrument="nps", score="0", contact_id=ana, taken_on="2026-08-01")
    assert _series(store, client_id, "csat") == [
        (date(2026, 6, 1), 4.5),
        (date(2026, 8, 1), 3.0),
        (date(2026, 11, 1), 2.0),
    ]
    assert _series(store, client_id, SurveyInstrument.CSAT, months=3) == [(date(2026, 11, 1), 2.0)]


def test_nps_answers_become_the_months_net_score_out_of_five(store):
    client_id = _client(store)
    people = [_contact(store, client_id, name) for name in ("A", "B", "C", "D")]
    for person, answer in zip(people, ("10", "9", "6", "8"), strict=True):
        _add(
            store,
            client_id,
            instrument="nps",
            score=answer,
            contact_id=person,
            taken_on="2026-10-05",
        )
    _add(store, client_id, instrument="nps", score="-50", taken_on="2026-09-30")
    # October: 2 promoters, 1 detractor of 4 -> +25 -> (25 + 100) / 200 x 5
    assert _series(store, client_id, "nps") == [
        (date(2026, 9, 1), pytest.approx(1.25)),
        (date(2026, 10, 1), pytest.approx(3.125)),
    ]
    _add(store, client_id, instrument="nps", score="75", taken_on="2026-10-31")
    # an aggregate net score in the same month is averaged with the answers' net score
    assert _series(store, client_id, "nps")[-1] == (date(2026, 10, 1), pytest.approx(3.75))


def test_custom_scores_are_rescaled_to_five(store):
    client_id = _client(store)
    _add(store, client_id, instrument="custom", score="7", scale_max="10", taken_on="2026-10-01")
    _add(store, client_id, instrument="custom", score="40", scale_max="100", taken_on="2026-10-09")
    assert _series(store, client_id, "custom") == [(date(2026, 10, 1), pytest.approx(2.75))]


def test_net_promoter_score():
    assert service.net_promoter_score([10, 9, 9, 7, 0]) == pytest.approx(40.0)
    assert service.net_promoter_score([6, 6]) == -100.0
