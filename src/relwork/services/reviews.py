"""Client reviews: scheduling on the client's cadence, the status rules, what the meeting
decides (actions, recommendations), the review pack the exports are made from, and the
small register of risks and responsibility lines the agenda draws on.

This module gathers their public names; each lives in its own module:

- ``review_cadence``: a client is reviewed every ``Account.review_cadence_days``, or the
  usual number of days for its relationship type (pure rules and local days).
- ``review_form``: the review form's data and the invited experts.
- ``review_schedule``: scheduling sets the client's ``next_review_due`` to the review's
  day; listing reviews; ``ReviewError`` and ``HELD``.
- ``review_status``: planned → prepared (the user says the agenda is ready) → held (only
  with a recommendation, or a reason why there is none) → reported (a report of a held
  review was exported). Holding moves ``next_review_due`` a cadence past that day.
- ``review_meeting``: actions and recommendations decided in the meeting.
- ``review_pack``: what every export shows, and ``export_review``.
- ``risks``: the register of risks and responsibility lines.
- ``review_demo``: the demo loader (a ``relwork.services.demo`` extension).
"""

from __future__ import annotations

from relwork.services.review_cadence import (
    cadence_days,
    due_text,
    local_day,
    local_time,
    next_due_after,
)
from relwork.services.review_demo import (
    load_demo,
)
from relwork.services.review_form import (
    NAME_MAX,
    ROLE_MAX,
    Expert,
    ReviewData,
    experts_text,
    parse_experts,
    parse_review,
    review_form,
    suggested_start,
)
from relwork.services.review_meeting import (
    add_recommendation,
    add_review_actions,
    recommendations,
    review_actions,
    set_recommendation_status,
)
from relwork.services.review_pack import (
    EXPORT_FORMATS,
    ExportResult,
    PackAction,
    PackItem,
    PackPerson,
    PackRecommendation,
    PackSection,
    ReviewPack,
    export_review,
    review_pack,
)
from relwork.services.review_schedule import (
    HELD,
    ReviewError,
    ReviewRow,
    attendees,
    delete_review,
    get_review,
    latest_review,
    list_reviews,
    schedule_review,
    update_review,
)
from relwork.services.review_status import (
    held_problem,
    mark_held,
    mark_prepared,
    mark_reported,
    open_mode,
    recommendation_count,
    review_started,
)
from relwork.services.risks import (
    ResponsibilityData,
    RiskData,
    delete_responsibility,
    delete_risk,
    list_responsibilities,
    list_risks,
    parse_responsibility,
    parse_risk,
    responsibility_form,
    risk_form,
    save_responsibility,
    save_risk,
)

__all__ = [
    "EXPORT_FORMATS",
    "HELD",
    "NAME_MAX",
    "ROLE_MAX",
    "Expert",
    "ExportResult",
    "PackAction",
    "PackItem",
    "PackPerson",
    "PackRecommendation",
    "PackSection",
    "ResponsibilityData",
    "ReviewData",
    "ReviewError",
    "ReviewPack",
    "ReviewRow",
    "RiskData",
    "add_recommendation",
    "add_review_actions",
    "attendees",
    "cadence_days",
    "delete_responsibility",
    "delete_review",
    "delete_risk",
    "due_text",
    "experts_text",
    "export_review",
    "get_review",
    "held_problem",
    "latest_review",
    "list_responsibilities",
    "list_reviews",
    "list_risks",
    "load_demo",
    "local_day",
    "local_time",
    "mark_held",
    "mark_prepared",
    "mark_reported",
    "next_due_after",
    "open_mode",
    "parse_experts",
    "parse_responsibility",
    "parse_review",
    "parse_risk",
    "recommendation_count",
    "recommendations",
    "responsibility_form",
    "review_actions",
    "review_form",
    "review_pack",
    "review_started",
    "risk_form",
    "save_responsibility",
    "save_risk",
    "schedule_review",
    "set_recommendation_status",
    "suggested_start",
    "update_review",
]
