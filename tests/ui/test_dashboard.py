"""The portfolio dashboard, driven by keyboard."""

from __future__ import annotations

from sqlmodel import select
from textual.widgets import DataTable

from relwork.models import Account, Organization
from relwork.screens.dashboard import DashboardScreen
from relwork.services.clients import create_client, parse_client
from tests.ui.conftest import make_app, settle


def names(app) -> list[str]:
    table = app.screen.query_one("#portfolio", DataTable)
    return [table.get_row_at(i)[0].plain for i in range(table.row_count)]


def column(app, heading_start: str) -> list[str]:
    table = app.screen.query_one("#portfolio", DataTable)
    keys = [k for k, c in table.columns.items() if str(c.label).startswith(heading_start)]
    return [table.get_cell(row, keys[0]).plain for row in table.rows]


async def test_lists_every_client_sorted_by_name(demo_app):
    async with demo_app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        listed = names(demo_app)
        assert len(listed) == 8
        assert listed == sorted(listed, key=str.casefold)


async def test_overdue_things_are_marked(demo_app):
    async with demo_app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        overdue = column(demo_app, "Late")
        reviews = column(demo_app, "Next review")
        assert any(value.endswith("!") for value in overdue)
        # Fenmarsh, Ravensholt and Copperleaf (whose last review was held 101 days ago)
        assert sum(value.endswith("!") for value in reviews) == 3
        assert all(value == "0" for value in overdue if not value.endswith("!"))


async def test_filter_by_typing_and_clear_with_escape(demo_app):
    async with demo_app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f", *"fenm")
        await pilot.pause()
        assert names(demo_app) == ["Fenmarsh Community Health Trust"]
        await pilot.press("enter")  # keep the filter, back to the table
        assert demo_app.focused.id == "portfolio"
        await pilot.press("escape")
        await pilot.pause()
        assert len(names(demo_app)) == 8


async def test_filter_matches_step_and_type_words(demo_app):
    async with demo_app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f", *"partnership")
        await pilot.pause()
        assert names(demo_app) == ["Linnmouth University"]


async def test_sort_by_next_column_and_reverse(demo_app):
    async with demo_app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        for _ in range(2):  # name -> type -> step
            await pilot.press("s")
        steps = column(demo_app, "Step")
        numbers = [int(s.split()[0]) for s in steps]
        assert numbers == sorted(numbers)
        await pilot.press("S")
        numbers = [int(s.split()[0]) for s in column(demo_app, "Step")]
        assert numbers == sorted(numbers, reverse=True)


async def test_archive_hides_and_show_archived_restores(demo_app, demo_store):
    async with demo_app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        first = names(demo_app)[0]
        await pilot.press("x")
        await settle(pilot)
        assert first not in names(demo_app)
        await pilot.press("a")
        await settle(pilot)
        assert first in names(demo_app)
        statuses = column(demo_app, "Status")
        assert any("(archived)" in s for s in statuses)
        # the archived client is where the cursor was; put the cursor on it and restore
        table = demo_app.screen.query_one("#portfolio", DataTable)
        table.move_cursor(row=names(demo_app).index(first))
        await pilot.press("x")
        await settle(pilot)
    with demo_store.session() as session:
        archived = session.exec(
            select(Account).join(Organization).where(Organization.name == first)
        ).one()
        assert archived.archived_at is None


async def test_empty_portfolio_welcomes_and_says_how_to_add(empty_app):
    async with empty_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        welcome = empty_app.screen.query_one("#welcome")
        assert welcome.display
        assert "Press c to add your first client" in str(welcome.render())


async def test_narrow_terminal_shows_compact_columns(demo_app):
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = demo_app.screen.query_one("#portfolio", DataTable)
        headings = [str(c.label).split(" ")[0] for c in table.columns.values()]
        assert "Status" not in headings and "Late" in headings
        assert sum(c.get_render_width(table) for c in table.columns.values()) <= 80
        # non-active clients say so beside their name when the status column is hidden
        assert any("(prospect)" in n or "(pr" in n for n in names(demo_app))


async def test_dashboard_reloads_after_returning_from_a_client(demo_store):
    app = make_app(demo_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, DashboardScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        assert len(names(app)) == 8


async def test_trust_and_map_review_fill_in_after_the_rows(demo_app):
    async with demo_app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        rows = {r.name: r for r in demo_app.screen.rows}
        bands = dict(zip(names(demo_app), column(demo_app, "Trust"), strict=True))
        maps = dict(zip(names(demo_app), column(demo_app, "Map"), strict=True))
        assert any(r.trust_band for r in rows.values())
        for name, row in rows.items():
            shown = next(v for k, v in bands.items() if k.endswith(name))
            assert shown.rstrip(" !") == (row.trust_band or "–")  # a dash: not assessed
            flagged = next(v for k, v in maps.items() if k.endswith(name))
            assert flagged.startswith("due") is row.map_review_due
        summary = demo_app.screen.query_one("#summary").render()
        due = sum(r.map_review_due for r in rows.values())
        assert f"{due} stakeholder maps to review" in str(summary)


async def test_many_clients_arrive_in_two_batches_in_sort_order(store, monkeypatch):
    # more clients than the 30-line terminal shows: a screenful first, the rest after
    with store.session() as session:
        for n in range(65):
            create_client(session=session, data=parse_client({"name": f"Client {n:03d}"}))
    batches: list[int] = []
    add_rows = DashboardScreen._add_rows

    def counted(screen, rows, layout):
        batches.append(len(rows))
        add_rows(screen, rows, layout)

    monkeypatch.setattr(DashboardScreen, "_add_rows", counted)
    app = make_app(store, demo=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        listed = names(app)
        assert len(listed) == 65
        assert listed == sorted(listed)
    assert batches[:2] == [30, 35]  # no more rows before the first paint than fit on it
