"""The persona list and card, and the compass: snapshots and keyboard-only flows.

Read every changed SVG before accepting it:
`pytest tests/ui/test_persona_screen.py --snapshot-update -n 0`.
"""

from __future__ import annotations

import stat

import pytest
from sqlmodel import select
from textual.widgets import OptionList, Static

from relwork.enums import CompassQuadrant, CompassSubject, StakeholderCategory
from relwork.locations import data_dir
from relwork.models import CompassEntry, Persona, Stakeholder
from relwork.screens.confirm import ConfirmScreen
from relwork.screens.personas import CompassScreen, PersonaFormScreen, PersonaScreen
from relwork.services import personas as ps
from relwork.services.clients import create_client, parse_client
from relwork.services.contacts import create_contact, parse_contact
from relwork.widgets.persona_card import PersonaCard
from tests.ui.conftest import make_app, settle, static_text

SIZES = [(80, 24), (120, 40)]
P = CompassSubject.PERSONA


def _client_id(store) -> int:
    """Fenmarsh with two people and two groups as stakeholders; no personas yet.

    The tests build their own data so that changes to the demo portfolio do not move
    them."""
    with store.session() as session:
        client_id = create_client(
            session=session, data=parse_client({"name": "Fenmarsh Community Health Trust"})
        ).id
        for name in ("Aisha Rahman", "Colm Brennan"):
            contact = create_contact(
                session=session, client_id=client_id, data=parse_contact({"name": name})
            )
            session.add(
                Stakeholder(
                    account_id=client_id,
                    contact_id=contact.id,
                    category=StakeholderCategory.MANAGER,
                )
            )
        for group in ("Ward nursing staff", "Regional health inspectorate"):
            session.add(
                Stakeholder(
                    account_id=client_id, group_name=group, category=StakeholderCategory.USER
                )
            )
        session.commit()
    return client_id


def _seed(store) -> tuple[int, int]:
    """Fenmarsh with a full persona (linked to the ward staff) and a shared machine user."""
    client_id = _client_id(store)
    with store.session() as session:
        persona = ps.create_persona(
            session=session,
            client_id=client_id,
            data=ps.parse_persona(
                {
                    "name": "Aisha, the ward manager",
                    "tagline": "When a workstation fails at handover, my nurses lose "
                    "ten minutes they do not have.",
                    "day_in_life": "- 07:00 handover with the night shift\n"
                    "- Ward round; logs in on four shared workstations\n"
                    "- Chases access for agency staff after lunch",
                    "background": "Senior nurse, 18 years on acute wards; "
                    "leads 40 staff over three shifts.",
                    "goals": "Every nurse logged in within a minute of the shift starting.\n"
                    "No paper workarounds when the auditors come.",
                    "frustrations": "Tickets closed without anyone visiting the ward.\n"
                    "Password resets that need a phone call.",
                    "preferred_channels": ["face_to_face", "chat"],
                    "influences": "Her matron, the union rep, the ward's group chat.",
                    "tech_comfort": "3",
                    "notes": "Drawn from three ward walk-rounds in [October].",
                }
            ),
        )
        assert persona.id is not None
        ward = session.exec(
            select(Stakeholder).where(
                Stakeholder.account_id == client_id,
                Stakeholder.group_name == "Ward nursing staff",
            )
        ).one()
        assert ward.id is not None
        ps.link_stakeholder(session=session, stakeholder_id=ward.id, persona_id=persona.id)
        for quadrant, text, valence in [
            ("needs", "Log in fast at the start of a shift", None),
            ("needs", "Working scanners on every ward", None),
            ("wants", "A named engineer for the ward", None),
            ("stereotypes", "IT never comes to the wards at night", None),
            ("emotions", "Tired of chasing the same faults", -1),
            ("emotions", "Hopeful about the floor-walker", 1),
        ]:
            ps.add_entry(
                session=session,
                subject_type=P,
                subject_id=persona.id,
                quadrant=quadrant,
                text=text,
                valence=valence,
            )
        ps.create_persona(
            session=session,
            client_id=None,
            data=ps.parse_persona(
                {
                    "name": "Nightly bed-state sync",
                    "is_machine": "machine",
                    "shared": "shared",
                    "tagline": "never shown",
                    "goals": "Push every ward's bed states to the regional dashboard by 02:00.",
                    "preferred_channels": ["machine_interface"],
                }
            ),
        )
    return client_id, persona.id


async def _open(pilot, client_id: int) -> None:
    await settle(pilot)
    pilot.app.push_screen(PersonaScreen(client_id))
    await settle(pilot)


def _card_text(app) -> str:
    card = app.screen.query_one(PersonaCard)
    return "\n".join(
        static_text(widget)
        for widget in card.query(Static)
        if widget.display and widget.parent.display
    )


def _entries(store, persona_id: int) -> list[tuple[str, str, int | None]]:
    with store.session() as session:
        rows = session.exec(
            select(CompassEntry)
            .where(CompassEntry.subject_id == persona_id, CompassEntry.subject_type == P)
            .order_by(CompassEntry.id)  # type: ignore[arg-type]
        ).all()
    return [(str(e.quadrant), e.text, e.valence) for e in rows]


# --- snapshots ----------------------------------------------------------------------------


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_persona_card(snap_compare, store, size):
    client_id, _ = _seed(store)

    async def run_before(pilot) -> None:
        await _open(pilot, client_id)

    assert snap_compare(make_app(store, demo=False), terminal_size=size, run_before=run_before)


def test_machine_persona_card(snap_compare, store):
    client_id, _ = _seed(store)

    async def run_before(pilot) -> None:
        await _open(pilot, client_id)
        await pilot.press("down")
        await settle(pilot)

    assert snap_compare(make_app(store, demo=False), terminal_size=(80, 24), run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_compass(snap_compare, store, size):
    client_id, _ = _seed(store)

    async def run_before(pilot) -> None:
        await _open(pilot, client_id)
        await pilot.press("c")
        await settle(pilot)

    assert snap_compare(make_app(store, demo=False), terminal_size=size, run_before=run_before)


# --- keyboard flows -----------------------------------------------------------------------


async def test_create_a_persona_and_its_compass_by_keyboard(store):
    client_id = _client_id(store)
    app = make_app(store, demo=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await _open(pilot, client_id)
        assert "No personas yet" in _card_text(app)

        await pilot.press("a")
        assert isinstance(app.screen, PersonaFormScreen)
        await pilot.press(*"Owen, the night porter", "tab", "tab", "tab")
        await pilot.press(*"Just tell me which bed is free.")
        await pilot.press("tab", *"Nights on the wards, 19:00 to 07:00")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, PersonaScreen)
        with store.session() as session:
            persona = session.exec(select(Persona)).one()
        assert persona.account_id == client_id
        assert persona.tagline == "Just tell me which bed is free."
        assert persona.day_in_life == "Nights on the wards, 19:00 to 07:00"
        assert persona.id is not None
        assert "Owen, the night porter" in _card_text(app)

        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, CompassScreen)
        assert app.focused is not None and app.focused.id == "quadrant-needs"

        await pilot.press("a", *"Know which beds are free", "enter")
        await pilot.press("2", "a", *"A radio that works in the lifts", "enter")
        await pilot.press("3", "a", *"IT only works days", "enter")
        await pilot.press("4", "a", *"Worn out by 05:00", "tab", "-", "2", "enter")
        await settle(pilot)
        assert _entries(store, persona.id) == [
            ("needs", "Know which beds are free", None),
            ("wants", "A radio that works in the lifts", None),
            ("stereotypes", "IT only works days", None),
            ("emotions", "Worn out by 05:00", -2),
        ]
        # d removes the highlighted entry of the focused quadrant
        await pilot.press("3", "d")
        await settle(pilot)
        assert [e[1] for e in _entries(store, persona.id)] == [
            "Know which beds are free",
            "A radio that works in the lifts",
            "Worn out by 05:00",
        ]

        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, PersonaScreen)
        card = _card_text(app)
        assert "Know which beds are free" in card and "Worn out by 05:00" in card


async def test_a_bad_rating_is_explained_and_nothing_saved(store):
    client_id, persona_id = _seed(store)
    before = _entries(store, persona_id)
    app = make_app(store, demo=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(pilot, client_id)
        await pilot.press("c", "4", "a", *"Calm", "tab", "9", "enter")
        await settle(pilot)
        error = app.screen.query_one("#compass-error", Static)
        assert error.display and "-2 (very negative) to +2" in static_text(error)
        assert app.focused is not None and app.focused.id == "compass-valence"
        await pilot.press("escape")  # closes the entry line, not the screen
        assert isinstance(app.screen, CompassScreen)
        assert not app.screen.query_one("#compass-add").display
    assert _entries(store, persona_id) == before


async def test_a_machine_persona_hides_feelings_everywhere(store):
    client_id, _ = _seed(store)
    app = make_app(store, demo=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await _open(pilot, client_id)
        await pilot.press("down")
        await settle(pilot)
        card = _card_text(app)
        assert "MACHINE USER" in card and "never shown" not in card
        assert "Emotions" not in card and "Frustrations" not in card

        await pilot.press("c")
        await settle(pilot)
        assert app.screen.query_one("#quadrant-emotions", OptionList).disabled
        await pilot.press("4")
        assert app.focused is not None and app.focused.id == "quadrant-needs"
        assert any(ps.MACHINE_NO_EMOTIONS in str(n.message) for n in app._notifications)

        await pilot.press("escape", "e")  # the form hides the emotional fields too
        await settle(pilot)
        form = app.screen
        assert isinstance(form, PersonaFormScreen)
        for name in ps.EMOTIONAL_FIELDS:
            assert not form.query_one(f"#field-{name}").parent.display
        assert form.query_one("#field-goals").parent.display


async def test_switching_to_machine_in_the_form_hides_the_fields(store):
    client_id = _client_id(store)
    app = make_app(store, demo=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await _open(pilot, client_id)
        await pilot.press("a", *"Pharmacy robot", "tab", "tab")
        assert app.focused is not None and app.focused.id == "field-is_machine"
        await pilot.press("enter", "down", "enter")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, PersonaFormScreen)
        assert not form.query_one("#field-frustrations").parent.display
        await pilot.press("ctrl+s")
        await settle(pilot)
    with store.session() as session:
        robot = session.exec(select(Persona)).one()
    assert robot.is_machine and robot.account_id == client_id


async def test_link_export_full_card_and_delete(store):
    client_id, persona_id = _seed(store)
    app = make_app(store, demo=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(pilot, client_id)
        assert "Ward nursing staff" in _card_text(app)

        # link: the list is the client's stakeholders; space ticks Aisha Rahman (first)
        await pilot.press("l")
        await settle(pilot)
        await pilot.press("space", "ctrl+s")
        await settle(pilot)
        with store.session() as session:
            names = [
                link.name for link in ps.linked_stakeholders(session=session, persona_id=persona_id)
            ]
        assert names == ["Aisha Rahman", "Ward nursing staff"]

        await pilot.press("x")
        await settle(pilot)
        exported = data_dir() / "exports" / "aisha-the-ward-manager.md"
        assert exported.exists()
        assert stat.S_IMODE(exported.stat().st_mode) == 0o600
        text = exported.read_text(encoding="utf-8")
        assert "Persona for Fenmarsh Community Health Trust." in text
        assert "- Aisha Rahman\n- Ward nursing staff\n" in text
        assert any(str(exported) in str(n.message) for n in app._notifications)

        await pilot.press("enter")
        assert not app.screen.query_one("#persona-list").display
        assert app.focused is app.screen.query_one(PersonaCard)
        await pilot.press("escape")
        assert app.screen.query_one("#persona-list").display
        assert isinstance(app.screen, PersonaScreen)

        await pilot.press("d")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(pilot)
        listing = app.screen.query_one("#persona-list", OptionList)
        assert str(persona_id) not in [option.id for option in listing.options]
    with store.session() as session:
        assert session.get(Persona, persona_id) is None
        assert not session.exec(
            select(CompassEntry).where(CompassEntry.subject_id == persona_id)
        ).all()
        ward = session.exec(
            select(Stakeholder).where(Stakeholder.group_name == "Ward nursing staff")
        ).one()
        assert ward.persona_id is None


async def test_without_personas_only_adding_is_offered(store):
    client_id = _client_id(store)
    app = make_app(store, demo=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(pilot, client_id)
        shown = {b.action for _k, b, enabled, _t in app.screen.active_bindings.values() if enabled}
        assert "add" in shown
        assert not {"edit", "delete", "compass", "export", "link"} & shown
        await pilot.press("e", "c", "x", "d")
        assert isinstance(app.screen, PersonaScreen)


async def test_user_text_is_shown_as_typed(store):
    client_id = _client_id(store)
    with store.session() as session:
        persona = ps.create_persona(
            session=session,
            client_id=client_id,
            data=ps.parse_persona({"name": "[bold]Ward[/] lead", "goals": "[red]urgent[/red]"}),
        )
        assert persona.id is not None
        ps.add_entry(
            session=session,
            subject_type=P,
            subject_id=persona.id,
            quadrant=CompassQuadrant.NEEDS,
            text="[link=x]click[/link]",
        )
    app = make_app(store, demo=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await _open(pilot, client_id)
        card = _card_text(app)
        assert "[bold]Ward[/] lead" in card and "[red]urgent[/red]" in card
        assert "[link=x]click[/link]" in card


async def test_a_stakeholder_group_has_the_same_compass(store):
    client_id = _client_id(store)
    with store.session() as session:
        ward = session.exec(
            select(Stakeholder).where(Stakeholder.group_name == "Ward nursing staff")
        ).one()
    assert ward.id is not None
    app = make_app(store, demo=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(PersonaScreen(client_id))
        app.push_screen(CompassScreen(CompassSubject.STAKEHOLDER, ward.id, "Ward nursing staff"))
        await settle(pilot)
        await pilot.press("4", "a", *"Wary of another rollout", "tab", "-", "1", "enter")
        await settle(pilot)
        emotions = app.screen.query_one("#quadrant-emotions", OptionList)
        assert emotions.option_count == 1
        assert "Wary of another rollout" in str(emotions.get_option_at_index(0).prompt)
    with store.session() as session:
        wheel = ps.compass(
            session=session, subject_type=CompassSubject.STAKEHOLDER, subject_id=ward.id
        )
    assert [(e.text, e.valence) for e in wheel[CompassQuadrant.EMOTIONS]] == [
        ("Wary of another rollout", -1)
    ]


async def test_a_compass_for_something_gone_says_so_and_closes(store):
    client_id = _client_id(store)
    app = make_app(store, demo=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(pilot, client_id)
        app.push_screen(CompassScreen(CompassSubject.PERSONA, 404, "Gone"))
        await settle(pilot)
        assert isinstance(app.screen, PersonaScreen)
        assert any("no persona with id 404" in str(n.message) for n in app._notifications)
