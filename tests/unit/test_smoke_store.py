from relwork import clock
from relwork.services.portfolio import portfolio_rows


def test_demo_portfolio_lists_every_demo_client(demo_store):
    rows = portfolio_rows(demo_store, today=clock.today())
    assert len(rows) == 8
    assert any(r.overdue_actions for r in rows)
