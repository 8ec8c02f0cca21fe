"""The behaviours of a trust assessment, grouped by party and dimension, one row each.

Group rows ("Provider · Capability") carry that group's mean score; the cursor skips
them, so up and down always land on a behaviour.
"""

from __future__ import annotations

from collections.abc import Mapping

from rich.text import Text
from textual.coordinate import Coordinate

from relwork.enums import TrustDimension, TrustParty
from relwork.services.trust import ItemSet, TrustItem, TrustScores, format_score
from relwork.widgets.fitted import cursor_key
from relwork.widgets.heading_rows import skip_headings
from relwork.widgets.text_table import TextTable

Ratings = Mapping[str, tuple[int | None, str]]

KEY_WIDTH = 8
SCORE_WIDTH = 5
EVIDENCE_WIDTH = 2
EVIDENCE_MARK = "✎"


def group_key(party: TrustParty, dimension: TrustDimension) -> str:
    return f"group:{party.value}:{dimension.value}"


def score_cell(value: int | None, before: int | None, alert: str, changed: str) -> Text:
    """A behaviour's score; a mark when it differs from the last saved assessment."""
    cell = Text("–", style="dim") if value is None else Text(str(value))
    if value is not None and value <= 2:
        cell.stylize(f"bold {alert}")
    if value != before:
        if value is not None and before is not None:
            mark = " ▲" if value > before else " ▼"
        else:
            mark = " *"
        cell.append(mark, style=changed)
    return cell


class TrustTable(TextTable):
    DEFAULT_CSS = """
    TrustTable {
        height: 1fr;
        border: round $panel-lighten-2;
        border-title-color: $text-muted;
    }
    TrustTable:focus {
        border: round $primary;
        border-title-color: $primary;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row")
        self._groups: set[int] = set()
        self._items: dict[str, TrustItem] = {}

    # --- the cursor never rests on a group row --------------------------------------------

    def validate_cursor_coordinate(self, value: Coordinate) -> Coordinate:
        value = super().validate_cursor_coordinate(value)
        return skip_headings(value, self.cursor_coordinate, self.row_count, self._groups)

    @property
    def selected(self) -> TrustItem | None:
        """The behaviour under the cursor."""
        return self._items.get(cursor_key(self) or "")

    # --- contents -------------------------------------------------------------------------

    def fill(
        self,
        item_set: ItemSet,
        ratings: Ratings,
        before: Ratings,
        scores: TrustScores,
        *,
        text_width: int,
        alert: str,
        changed: str,
    ) -> None:
        """Rebuild every row (on a new set or width); the cursor stays on its behaviour."""
        keep = self.selected
        self._groups = set()
        self._items = {i.key: i for i in item_set.items}
        self.clear(columns=True)
        self.add_column("Key", key="key", width=KEY_WIDTH)
        self.add_column("Behaviour", key="text", width=text_width)
        self.add_column("Score", key="score", width=SCORE_WIDTH)
        self.add_column("Ev", key="evidence", width=EVIDENCE_WIDTH)
        groups: set[int] = set()
        for party in TrustParty:
            for dimension in TrustDimension:
                items = item_set.items_for(party, dimension)
                if not items:
                    continue
                groups.add(self.row_count)
                self.add_row(
                    Text(""),
                    Text(f"{party.label} · {dimension.label.lower()}", style="bold"),
                    self._group_score(scores, party, dimension),
                    Text(""),
                    key=group_key(party, dimension),
                )
                for item in items:
                    value, evidence = ratings.get(item.key, (None, ""))
                    old_value, old_evidence = before.get(item.key, (None, ""))
                    self.add_row(
                        Text(item.key, no_wrap=True),
                        Text(item.text, no_wrap=True, overflow="ellipsis"),
                        score_cell(value, old_value, alert, changed),
                        self._evidence_cell(evidence, old_evidence, changed),
                        key=item.key,
                    )
        self._groups = groups
        target = self._row_of(keep.key) if keep is not None else None
        if target is None:
            target = next((r for r in range(self.row_count) if r not in groups), 0)
        self.move_cursor(row=target, scroll=True)

    def update_scores(
        self, ratings: Ratings, before: Ratings, scores: TrustScores, *, alert: str, changed: str
    ) -> None:
        """Refresh the score and evidence cells after a change."""
        for key in self._items:
            value, evidence = ratings.get(key, (None, ""))
            old_value, old_evidence = before.get(key, (None, ""))
            self.update_cell(key, "score", score_cell(value, old_value, alert, changed))
            self.update_cell(key, "evidence", self._evidence_cell(evidence, old_evidence, changed))
        for party in TrustParty:
            for dimension in TrustDimension:
                row = group_key(party, dimension)
                if row in self.rows:
                    self.update_cell(row, "score", self._group_score(scores, party, dimension))

    def _row_of(self, key: str) -> int | None:
        return self.get_row_index(key) if key in self.rows else None

    @staticmethod
    def _group_score(scores: TrustScores, party: TrustParty, dimension: TrustDimension) -> Text:
        return Text(format_score(scores.cell(party, dimension)), style="bold italic")

    @staticmethod
    def _evidence_cell(evidence: str, before: str, changed: str) -> Text:
        cell = Text(EVIDENCE_MARK if evidence.strip() else "")
        if evidence != before:
            cell.append("*", style=changed)
        return cell
