"""Personas, their stakeholder links and the compass; the Markdown export."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from sqlmodel import select

from relwork.db import Store
from relwork.enums import CompassQuadrant, CompassSubject, StakeholderCategory
from relwork.exporters.persona_markdown import (
    export_file_name,
    export_persona,
    persona_markdown,
)
from relwork.locations import data_dir
from relwork.models import CompassEntry, Persona, Stakeholder
from relwork.services import personas as ps
from relwork.services.clients import create_client, parse_client
from relwork.services.contacts import create_contact, parse_contact
from relwork.services.validation import InvalidInput

P = CompassSubject.PERSONA
S = CompassSubject.STAKEHOLDER

FULL = {
    "name": "  Aisha, the ward manager ",
    "tagline": "Just let my nurses log in\nwhen the shift starts.",
    "day_in_life": "- 07:00 handover\n- Ward round\n",
    "background": "Senior nurse, 18 years on acute wards.",
    "goals": "Every nurse logged in within a minute.",
    "frustrations": "Tickets closed without a visit.",
    "preferred_channels": ["face_to_face", "chat", "chat"],
    "influences": "Her matron; the union rep.",
    "tech_comfort": "3",
    "notes": "From three walk-rounds.",
}


def _client(store: Store, name: str = "Fenmarsh") -> int:
    with store.session() as session:
        return create_client(session=session, data=parse_client({"name": name})).id


def _persona(store: Store, client_id: int | None, **values: object) -> Persona:
    with store.session() as session:
        return ps.create_persona(
            session=session, client_id=client_id, data=ps.parse_persona(values)
        )


def _group(store: Store, client_id: int, name: str) -> int:
    with store.session() as session:
        row = Stakeholder(account_id=client_id, group_name=name, category=StakeholderCategory.USER)
        session.add(row)
        session.commit()
        assert row.id is not None
        return row.id


def _person(store: Store, client_id: int, name: str) -> int:
    with store.session() as session:
        contact = create_contact(
            session=session, client_id=client_id, data=parse_contact({"name": name})
        )
        row = Stakeholder(
            account_id=client_id, contact_id=contact.id, category=StakeholderCategory.MANAGER
        )
        session.add(row)
        session.commit()
        assert row.id is not None
        return row.id


def _add(store: Store, persona_id: int, quadrant: str, text: str, valence=None, subject=P):
    with store.session() as session:
        return ps.add_entry(
            session=session,
            subject_type=subject,
            subject_id=persona_id,
            quadrant=quadrant,
            text=text,
            valence=valence,
        )


def _compass(store: Store, subject_id: int, subject=P) -> dict[CompassQuadrant, list[str]]:
    with store.session() as session:
        wheel = ps.compass(session=session, subject_type=subject, subject_id=subject_id)
    return {q: [e.text for e in entries] for q, entries in wheel.items()}


def _errors(values: dict[str, object]) -> dict[str, str]:
    with pytest.raises(InvalidInput) as caught:
        ps.parse_persona(values)
    return caught.value.errors


# --- personas -----------------------------------------------------------------------------


def test_create_persona_saves_every_field(store: Store) -> None:
    client_id = _client(store)
    persona = _persona(store, client_id, **FULL)
    with store.session() as session:
        stored = session.get(Persona, persona.id)
    assert stored is not None
    assert stored.account_id == client_id
    assert stored.name == "Aisha, the ward manager"
    assert stored.tagline == "Just let my nurses log in when the shift starts."  # one line
    assert stored.day_in_life == "- 07:00 handover\n- Ward round"
    assert stored.preferred_channels == ["face_to_face", "chat"]  # each once, as codes
    assert stored.tech_comfort == 3
    assert stored.is_machine is False
    assert stored.notes == "From three walk-rounds."


def test_persona_needs_a_name_and_sensible_values() -> None:
    assert "name" in _errors({"name": "   "})
    assert "1 (avoids it) to 5" in _errors({"name": "A", "tech_comfort": "6"})["tech_comfort"]
    assert "tech_comfort" in _errors({"name": "A", "tech_comfort": "high"})
    assert "tech_comfort" in _errors({"name": "A", "tech_comfort": 0})
    assert (
        "'fax' is not a channel"
        in _errors({"name": "A", "preferred_channels": ["fax"]})["preferred_channels"]
    )
    assert "is_machine" in _errors({"name": "A", "is_machine": "robot"})
    assert "name" in _errors({"name": "x" * 201})
    assert "tagline" in _errors({"name": "A", "tagline": "y" * 301})


def test_form_values_are_read_as_choices() -> None:
    data = ps.parse_persona(
        {"name": "Batch job", "is_machine": "machine", "shared": "shared", "tech_comfort": ""}
    )
    assert data.is_machine is True and data.shared is True and data.tech_comfort is None
    data = ps.parse_persona({"name": "Nurse", "is_machine": "person", "shared": "client"})
    assert data.is_machine is False and data.shared is False
    assert ps.parse_persona(
        {"name": "C", "preferred_channels": ["Face to face"]}
    ).preferred_channels


def test_persona_form_round_trips(store: Store) -> None:
    persona = _persona(store, _client(store), **FULL, is_machine="machine")
    values = ps.persona_form(persona)
    assert values["shared"] == "client" and values["is_machine"] == "machine"
    again = ps.parse_persona(values)
    assert again == ps.parse_persona({**FULL, "is_machine": True})


def test_personas_for_lists_own_then_shared_and_never_other_clients(store: Store) -> None:
    fen, tide = _client(store, "Fenmarsh"), _client(store, "Tidewell")
    _persona(store, fen, name="zed nurse")
    _persona(store, fen, name="Aisha")
    _persona(store, None, name="Batch job")
    _persona(store, tide, name="Depot supervisor", shared="shared")  # shared from a client
    _persona(store, tide, name="Driver")
    with store.session() as session:
        names = [p.name for p in ps.personas_for(session=session, client_id=fen)]
        own = [
            p.name for p in ps.personas_for(session=session, client_id=fen, include_shared=False)
        ]
        shared = [p.name for p in ps.personas_for(session=session, client_id=None)]
        with pytest.raises(LookupError):
            ps.personas_for(session=session, client_id=999)
    assert names == ["Aisha", "zed nurse", "Batch job", "Depot supervisor"]
    assert own == ["Aisha", "zed nurse"]
    assert shared == ["Batch job", "Depot supervisor"]


def test_update_changes_fields_and_scope(store: Store) -> None:
    client_id = _client(store)
    persona = _persona(store, client_id, name="Aisha")
    assert persona.id is not None
    with store.session() as session:
        updated = ps.update_persona(
            session=session,
            persona_id=persona.id,
            data=ps.parse_persona({"name": "Aisha R.", "shared": "shared", "goals": "Fast logins"}),
        )
    assert updated.account_id is None and updated.name == "Aisha R."
    with store.session() as session:
        narrowed = ps.update_persona(
            session=session,
            persona_id=persona.id,
            data=ps.parse_persona({"name": "Aisha R."}),
            client_id=client_id,
        )
    assert narrowed.account_id == client_id and narrowed.goals == ""


def test_a_shared_persona_linked_elsewhere_cannot_be_narrowed(store: Store) -> None:
    fen, tide = _client(store, "Fenmarsh"), _client(store, "Tidewell")
    persona = _persona(store, None, name="Night-shift user")
    assert persona.id is not None
    depot = _group(store, tide, "Depot night shift")
    with store.session() as session:
        ps.link_stakeholder(session=session, stakeholder_id=depot, persona_id=persona.id)
        with pytest.raises(InvalidInput) as caught:
            ps.update_persona(
                session=session,
                persona_id=persona.id,
                data=ps.parse_persona({"name": "Night-shift user"}),
                client_id=fen,
            )
        assert "other clients" in caught.value.errors["shared"]
        assert ps.get_persona(session=session, persona_id=persona.id).account_id is None


def test_delete_removes_the_compass_and_unlinks_stakeholders(store: Store) -> None:
    client_id = _client(store)
    persona = _persona(store, client_id, name="Aisha")
    keep = _persona(store, client_id, name="Other")
    assert persona.id is not None and keep.id is not None
    ward = _group(store, client_id, "Ward staff")
    with store.session() as session:
        ps.link_stakeholder(session=session, stakeholder_id=ward, persona_id=persona.id)
    _add(store, persona.id, "needs", "Fast logins")
    _add(store, keep.id, "needs", "Stays")
    _add(store, ward, "wants", "Stakeholder entry stays", subject=S)
    with store.session() as session:
        ps.delete_persona(session=session, persona_id=persona.id)
        assert session.get(Persona, persona.id) is None
        stakeholder = session.get(Stakeholder, ward)
        assert stakeholder is not None and stakeholder.persona_id is None
        texts = sorted(e.text for e in session.exec(select(CompassEntry)).all())
    assert texts == ["Stakeholder entry stays", "Stays"]


def test_emotional_fields_are_hidden_for_a_machine_only(store: Store) -> None:
    human = _persona(store, None, name="Nurse")
    machine = _persona(store, None, name="Sync job", is_machine=True)
    for field in ps.EMOTIONAL_FIELDS:
        assert ps.shows_field(human, field)
        assert not ps.shows_field(machine, field)
    assert ps.shows_field(machine, "goals") and ps.shows_field(machine, "day_in_life")
    assert {"tagline", "frustrations"} <= set(ps.EMOTIONAL_FIELDS)


# --- stakeholders -------------------------------------------------------------------------


def test_link_and_list_stakeholders(store: Store) -> None:
    fen, tide = _client(store, "Fenmarsh"), _client(store, "Tidewell")
    persona = _persona(store, fen, name="Aisha")
    shared = _persona(store, None, name="Shared")
    assert persona.id is not None and shared.id is not None
    ward = _group(store, fen, "Ward nursing staff")
    aisha = _person(store, fen, "Aisha Rahman")
    depot = _group(store, tide, "Depot staff")
    with store.session() as session:
        ps.link_stakeholder(session=session, stakeholder_id=ward, persona_id=persona.id)
        ps.link_stakeholder(session=session, stakeholder_id=aisha, persona_id=persona.id)
        links = ps.linked_stakeholders(session=session, persona_id=persona.id)
        assert [link.name for link in links] == ["Aisha Rahman", "Ward nursing staff"]
        assert {link.client_name for link in links} == {"Fenmarsh"}

        with pytest.raises(InvalidInput):  # Fenmarsh's persona cannot stand for Tidewell's
            ps.link_stakeholder(session=session, stakeholder_id=depot, persona_id=persona.id)
        ps.link_stakeholder(session=session, stakeholder_id=depot, persona_id=shared.id)
        ps.link_stakeholder(session=session, stakeholder_id=aisha, persona_id=None)
        assert [s.name for s in ps.linked_stakeholders(session=session, persona_id=persona.id)] == [
            "Ward nursing staff"
        ]
        only_fen = ps.linked_stakeholders(session=session, persona_id=shared.id, client_id=fen)
        assert only_fen == []
        with pytest.raises(LookupError):
            ps.link_stakeholder(session=session, stakeholder_id=999, persona_id=None)


def test_set_persona_stakeholders_moves_and_unlinks(store: Store) -> None:
    fen, tide = _client(store, "Fenmarsh"), _client(store, "Tidewell")
    first = _persona(store, None, name="First")
    second = _persona(store, None, name="Second")
    assert first.id is not None and second.id is not None
    ward = _group(store, fen, "Ward")
    porters = _group(store, fen, "Porters")
    depot = _group(store, tide, "Depot")
    with store.session() as session:
        ps.link_stakeholder(session=session, stakeholder_id=porters, persona_id=first.id)
        ps.link_stakeholder(session=session, stakeholder_id=ward, persona_id=second.id)
        ps.link_stakeholder(session=session, stakeholder_id=depot, persona_id=first.id)
        ps.set_persona_stakeholders(
            session=session, persona_id=first.id, client_id=fen, stakeholder_ids=[ward]
        )
        links = {
            s.name: s.persona_id for s in ps.client_stakeholders(session=session, client_id=fen)
        }
        assert links == {"Porters": None, "Ward": first.id}
        # the other client's link is left alone
        depot_row = session.get(Stakeholder, depot)
        assert depot_row is not None and depot_row.persona_id == first.id
        with pytest.raises(InvalidInput):
            ps.set_persona_stakeholders(
                session=session, persona_id=first.id, client_id=fen, stakeholder_ids=[depot]
            )


# --- compass ------------------------------------------------------------------------------


def test_compass_has_four_quadrants_in_order_of_entry(store: Store) -> None:
    persona = _persona(store, None, name="Nurse")
    assert persona.id is not None
    _add(store, persona.id, "needs", " Fast logins ")
    _add(store, persona.id, CompassQuadrant.STEREOTYPES, "IT never visits at night")
    _add(store, persona.id, "needs", "Working scanners")
    _add(store, persona.id, "emotions", "Tired of chasing faults", valence="-1")
    assert _compass(store, persona.id) == {
        CompassQuadrant.NEEDS: ["Fast logins", "Working scanners"],
        CompassQuadrant.WANTS: [],
        CompassQuadrant.STEREOTYPES: ["IT never visits at night"],
        CompassQuadrant.EMOTIONS: ["Tired of chasing faults"],
    }
    with store.session() as session:
        wheel = ps.compass(session=session, subject_type=P, subject_id=persona.id)
    assert wheel[CompassQuadrant.EMOTIONS][0].valence == -1


def test_a_stakeholder_group_has_a_compass_of_its_own(store: Store) -> None:
    client_id = _client(store)
    persona = _persona(store, client_id, name="Nurse")
    ward = _group(store, client_id, "Ward")
    assert persona.id is not None
    _add(store, ward, "wants", "A named engineer", subject=S)
    _add(store, ward, "emotions", "Wary", valence=-2, subject=S)
    assert _compass(store, ward, S)[CompassQuadrant.WANTS] == ["A named engineer"]
    assert _compass(store, persona.id)[CompassQuadrant.WANTS] == []
    with store.session() as session:
        assert ps.subject_name(session=session, subject_type=S, subject_id=ward) == "Ward"
        assert ps.subject_name(session=session, subject_type=P, subject_id=persona.id) == "Nurse"


def test_a_machine_persona_has_no_emotions(store: Store) -> None:
    machine = _persona(store, None, name="Sync job", is_machine="machine")
    assert machine.id is not None
    with pytest.raises(InvalidInput) as caught:
        _add(store, machine.id, "emotions", "Frustrated")
    assert caught.value.errors["quadrant"] == ps.MACHINE_NO_EMOTIONS
    _add(store, machine.id, "needs", "A stable API")
    wheel = _compass(store, machine.id)
    assert list(wheel) == [
        CompassQuadrant.NEEDS,
        CompassQuadrant.WANTS,
        CompassQuadrant.STEREOTYPES,
    ]
    with store.session() as session:
        quadrants = ps.visible_quadrants(session=session, subject_type=P, subject_id=machine.id)
    assert CompassQuadrant.EMOTIONS not in quadrants


def test_emotions_recorded_before_a_persona_became_a_machine_are_kept_but_hidden(
    store: Store,
) -> None:
    persona = _persona(store, None, name="Integration")
    assert persona.id is not None
    _add(store, persona.id, "emotions", "Impatient", valence=-1)
    with store.session() as session:
        ps.update_persona(
            session=session,
            persona_id=persona.id,
            data=ps.parse_persona({"name": "Integration", "is_machine": True, "shared": True}),
        )
    assert CompassQuadrant.EMOTIONS not in _compass(store, persona.id)
    with store.session() as session:
        assert len(session.exec(select(CompassEntry)).all()) == 1


@pytest.mark.parametrize(
    ("quadrant", "text", "valence", "field", "message"),
    [
        ("needs", "   ", None, "text", "Write what goes under needs"),
        ("needs", "x" * 501, None, "text", "under 500"),
        ("needs", "Fast logins", 1, "valence", "Only emotions take a rating"),
        ("emotions", "Calm", "3", "valence", "-2 (very negative) to +2"),
        ("emotions", "Calm", "calm", "valence", "-2 (very negative) to +2"),
        ("feelings", "Calm", None, "quadrant", "not a compass quadrant"),
    ],
)
def test_bad_compass_entries_are_refused(
    store: Store, quadrant: str, text: str, valence: object, field: str, message: str
) -> None:
    persona = _persona(store, None, name="Nurse")
    assert persona.id is not None
    with pytest.raises(InvalidInput) as caught:
        _add(store, persona.id, quadrant, text, valence)
    assert message in caught.value.errors[field]
    assert all(not texts for texts in _compass(store, persona.id).values())


def test_entries_for_missing_subjects_are_refused(store: Store) -> None:
    with pytest.raises(LookupError):
        _add(store, 404, "needs", "Anything")
    with pytest.raises(LookupError):
        _add(store, 404, "needs", "Anything", subject=S)
    with pytest.raises(InvalidInput):
        _add(store, 1, "needs", "Anything", subject="segment")


def test_remove_entry_and_delete_compass(store: Store) -> None:
    client_id = _client(store)
    ward = _group(store, client_id, "Ward")
    first = _add(store, ward, "needs", "One", subject=S)
    _add(store, ward, "wants", "Two", subject=S)
    _add(store, ward, "stereotypes", "Three", subject=S)
    assert first.id is not None
    with store.session() as session:
        ps.remove_entry(session=session, entry_id=first.id)
        with pytest.raises(LookupError):
            ps.remove_entry(session=session, entry_id=first.id)
        assert ps.delete_compass(session=session, subject_type=S, subject_id=ward) == 2
    assert all(not texts for texts in _compass(store, ward, S).values())


def test_valence_and_comfort_wording() -> None:
    assert ps.parse_valence("+2") == 2
    assert ps.parse_valence("−1") == -1  # a typographic minus
    assert ps.parse_valence(" ") is None
    assert ps.valence_text(-2) == "-2 very negative"
    assert ps.valence_text(0) == "0 neutral"
    assert ps.valence_text(1) == "+1 positive"
    assert ps.valence_text(None) == ""
    assert ps.comfort_text(5).startswith("5 of 5: ")
    assert ps.comfort_text(None) == ""


# --- export -------------------------------------------------------------------------------


def _wheel(**quadrants: list[tuple[str, int | None]]) -> dict[CompassQuadrant, list[CompassEntry]]:
    wheel: dict[CompassQuadrant, list[CompassEntry]] = {q: [] for q in CompassQuadrant}
    for name, items in quadrants.items():
        quadrant = CompassQuadrant(name)
        wheel[quadrant] = [
            CompassEntry(subject_type=P, subject_id=1, quadrant=quadrant, text=t, valence=v)
            for t, v in items
        ]
    return wheel


def _aisha(**changes: object) -> Persona:
    values = ps.parse_persona(FULL).model_dump(exclude={"shared"})
    values.update({"id": 7, "account_id": 3, **changes})
    return Persona(**values)


def _headings(markdown: str) -> list[tuple[str, str]]:
    tokens = MarkdownIt("commonmark").parse(markdown)
    return [
        (token.tag, "".join(child.content for child in tokens[i + 1].children or []))
        for i, token in enumerate(tokens)
        if token.type == "heading_open"
    ]


def test_markdown_has_the_card_the_links_and_the_compass() -> None:
    wheel = _wheel(
        needs=[("Fast logins", None)],
        emotions=[("Tired of chasing faults", -1)],
    )
    text = persona_markdown(
        _aisha(), wheel, ["Ward nursing staff", "Aisha Rahman"], client_name="Fenmarsh"
    )
    assert text.startswith("# Aisha, the ward manager\n\n> Just let my nurses log in")
    assert "Persona for Fenmarsh." in text
    assert "## A day in the life\n\n- 07:00 handover\n- Ward round\n" in text
    assert "## Preferred channels\n\nFace to face, Chat\n" in text
    assert "## Technology comfort\n\n3 of 5: at ease with familiar tools\n" in text
    assert "## Represents\n\n- Ward nursing staff\n- Aisha Rahman\n" in text
    assert "- Fast logins\n" in text
    assert "- Tired of chasing faults _(-1 negative)_\n" in text
    assert text.count("_Nothing recorded yet._") == 2  # wants and stereotypes
    assert _headings(text) == [
        ("h1", "Aisha, the ward manager"),
        ("h2", "A day in the life"),
        ("h2", "Background"),
        ("h2", "Goals"),
        ("h2", "Frustrations"),
        ("h2", "Preferred channels"),
        ("h2", "What influences them"),
        ("h2", "Technology comfort"),
        ("h2", "Represents"),
        ("h2", "Compass"),
        ("h3", "Needs"),
        ("h3", "Wants"),
        ("h3", "Stereotypes"),
        ("h3", "Emotions"),
        ("h2", "Notes"),
    ]
    assert text.endswith("From three walk-rounds.\n")


def test_markdown_of_a_machine_leaves_out_the_emotional_parts() -> None:
    machine = _aisha(is_machine=True, account_id=None)
    text = persona_markdown(machine, _wheel(emotions=[("Angry", -2)]), [])
    assert "Persona shared across the portfolio. **Machine user**" in text
    for gone in (
        "> Just let",
        "## Frustrations",
        "## What influences them",
        "## Technology comfort",
        "### Emotions",
        "Angry",
        "## Represents",
    ):
        assert gone not in text
    assert "## Goals" in text and "### Needs" in text


def test_markdown_keeps_user_text_but_not_its_power_over_the_structure() -> None:
    persona = _aisha(
        name="#1 fan #",
        tagline="# not a heading",
        goals="# Shout\n```\nnot code\n<!-- hidden?\nLine\n---\nLine\n===\n*kept* [as](typed) `x`",
        notes="   ## indented heading\n***",
    )
    text = persona_markdown(persona, _wheel(needs=[("## needy", None)]), ["<b>Ward</b>"])
    assert "\\# Shout" in text and "\\```" in text and "\\<!-- hidden?" in text
    assert "\n\\---\n" in text and "\n\\===\n" in text
    assert "*kept* [as](typed) `x`" in text  # inline formatting stays as typed
    assert "- \\## needy" in text and "- \\<b>Ward</b>" in text
    assert "   \\## indented heading" in text and "\\***" in text
    headings = _headings(text)
    assert headings[0] == ("h1", "#1 fan #")
    assert [h for h in headings if h[0] == "h2"] == [
        ("h2", title)
        for title in (
            "A day in the life",
            "Background",
            "Goals",
            "Frustrations",
            "Preferred channels",
            "What influences them",
            "Technology comfort",
            "Represents",
            "Compass",
            "Notes",
        )
    ]
    assert "not a heading" in MarkdownIt("commonmark").render(text)  # still shown, as text


def test_markdown_is_pure() -> None:
    persona, wheel = _aisha(), _wheel(needs=[("A", None)])
    assert persona_markdown(persona, wheel, ["X"]) == persona_markdown(persona, wheel, ["X"])


@pytest.mark.parametrize(
    ("name", "file_name"),
    [
        ("Aisha, the ward manager", "aisha-the-ward-manager.md"),
        ("../../etc/passwd", "etc-passwd.md"),
        ("  ", "persona.md"),
        ("!!!", "persona.md"),
        ("Łukasz: IT lead", "łukasz-it-lead.md"),
        ("a" * 120, "a" * 80 + ".md"),
    ],
)
def test_export_file_names_are_safe(name: str, file_name: str) -> None:
    assert export_file_name(name) == file_name


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize("umask", [0o000, 0o022, 0o077])
def test_export_writes_a_private_file_in_a_private_folder(umask: int) -> None:
    old = os.umask(umask)
    try:
        path = export_persona(None, _aisha(), _wheel(), ["Ward"], client_name="Fenmarsh")
    finally:
        os.umask(old)
    assert path == data_dir() / "exports" / "aisha-the-ward-manager.md"
    assert _mode(path) == 0o600
    assert _mode(path.parent) == 0o700
    assert _mode(data_dir()) == 0o700
    assert path.read_text(encoding="utf-8").startswith("# Aisha, the ward manager\n")
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temporary left


def test_export_replaces_an_earlier_file_and_tightens_it(tmp_path: Path) -> None:
    target = tmp_path / "aisha.md"
    target.write_text("old", encoding="utf-8")
    os.chmod(target, 0o644)
    assert export_persona(target, _aisha(), _wheel(), []) == target
    assert _mode(target) == 0o600
    assert target.read_text(encoding="utf-8").startswith("# Aisha")


def test_export_into_a_folder_or_a_new_one(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o755)
    os.chmod(shared, 0o755)
    inside = export_persona(shared, _aisha(), _wheel(), [])
    assert inside == shared / "aisha-the-ward-manager.md"
    assert _mode(inside) == 0o600
    assert _mode(shared) == 0o755  # a folder the user chose is left as it is

    fresh = export_persona(tmp_path / "new" / "p.md", _aisha(), _wheel(), [])
    assert _mode(fresh) == 0o600 and _mode(fresh.parent) == 0o700
