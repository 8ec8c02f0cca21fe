"""A client review's agenda, drafted from the data since the previous review, then edited.

This module gathers the agenda's public names; each lives in its own module:

- ``agenda_templates``: the section templates, shipped as ``data/review/agenda.toml``
  (``<config folder>/review/agenda.toml`` replaces it for one user; a broken file is
  reported and the shipped one is used instead).
- ``agenda_facts``: the plain, frozen :class:`AgendaInputs` and the draft's shapes.
- ``agenda_draft``: :func:`build_agenda` turns the inputs into :class:`DraftSection`
  lists without touching the database, so the rules are tested on fixed data. Every
  drafted item keeps its ``source`` ("metric:3", "action:12").
- ``agenda_gather``: :func:`gather_inputs` reads what the agenda draws on;
  :func:`draft_agenda` gathers and builds.
- ``agenda_edit``: :func:`save_draft` writes the draft as ``ReviewSection``/``ReviewItem``
  rows; the functions after it move, include, exclude, add, edit and remove them.
"""

from __future__ import annotations

from relwork.services.agenda_draft import (
    DETAIL_MAX,
    HEADLINE,
    METRIC_COLUMNS,
    STATUS_LABELS,
    build_agenda,
    metric_cells,
    metric_detail,
    number,
)
from relwork.services.agenda_edit import (
    AgendaError,
    AgendaItem,
    AgendaSection,
    add_item,
    add_section,
    edit_item,
    has_agenda,
    load_agenda,
    move_item,
    move_section,
    remove_item,
    remove_section,
    rename_section,
    save_decision,
    save_draft,
    save_notes,
    toggle_included,
    toggle_secondary,
)
from relwork.services.agenda_facts import (
    ActionFact,
    AgendaInputs,
    AgreementFact,
    DraftItem,
    DraftSection,
    IncidentFact,
    MaturityFact,
    PlanLike,
    RecommendationFact,
    ResponsibilityFact,
    RiskFact,
    ScorecardLike,
    StepChange,
    TrustFact,
)
from relwork.services.agenda_gather import (
    draft_agenda,
    gather_inputs,
    period_start,
    utc,
)
from relwork.services.agenda_templates import (
    CUSTOM,
    FEEDS,
    PRIMARY,
    SECONDARY,
    TITLE_MAX,
    SectionTemplate,
    load_templates,
    parse_templates,
)

__all__ = [
    "CUSTOM",
    "DETAIL_MAX",
    "FEEDS",
    "HEADLINE",
    "METRIC_COLUMNS",
    "PRIMARY",
    "SECONDARY",
    "STATUS_LABELS",
    "TITLE_MAX",
    "ActionFact",
    "AgendaError",
    "AgendaInputs",
    "AgendaItem",
    "AgendaSection",
    "AgreementFact",
    "DraftItem",
    "DraftSection",
    "IncidentFact",
    "MaturityFact",
    "PlanLike",
    "RecommendationFact",
    "ResponsibilityFact",
    "RiskFact",
    "ScorecardLike",
    "SectionTemplate",
    "StepChange",
    "TrustFact",
    "add_item",
    "add_section",
    "build_agenda",
    "draft_agenda",
    "edit_item",
    "gather_inputs",
    "has_agenda",
    "load_agenda",
    "load_templates",
    "metric_cells",
    "metric_detail",
    "move_item",
    "move_section",
    "number",
    "parse_templates",
    "period_start",
    "remove_item",
    "remove_section",
    "rename_section",
    "save_decision",
    "save_draft",
    "save_notes",
    "toggle_included",
    "toggle_secondary",
    "utc",
]
