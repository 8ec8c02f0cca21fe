"""The fields of each edit form (the form machinery is in ``form.py``)."""

from __future__ import annotations

from relwork.enums import (
    AccountStatus,
    Channel,
    ConsumerRole,
    JourneyStep,
    RelationshipType,
)
from relwork.screens.form import FormField

DATE_HINT = "YYYY-MM-DD"


def client_fields() -> list[FormField]:
    return [
        FormField("name", "Name", required=True, placeholder="Organization name"),
        FormField("industry", "Industry", placeholder="e.g. Logistics"),
        FormField("status", "Account status", "select", AccountStatus.choices(), required=True),
        FormField("current_step", "Journey step", "select", JourneyStep.choices(), required=True),
        FormField(
            "current_type",
            "Relationship type",
            "select",
            RelationshipType.choices(),
            required=True,
            hint="basic: efficiency · cooperative: improvement · "
            "partnership: innovation and joint goals",
        ),
        FormField(
            "target_type",
            "Target type",
            "select",
            RelationshipType.choices(),
            placeholder="(same as now)",
        ),
        FormField("service_tier", "Service tier", placeholder="e.g. Gold"),
        FormField("rm_owner", "Relationship manager"),
        FormField("start_date", "Relationship started", placeholder=DATE_HINT),
        FormField(
            "review_cadence_days",
            "Review every (days)",
            placeholder="empty: the usual for the relationship type",
        ),
        FormField("next_review_due", "Next review due", placeholder=DATE_HINT),
        FormField("customer_assets_note", "Their assets the service depends on", "area"),
        FormField("notes", "Notes", "area"),
    ]


def contact_fields() -> list[FormField]:
    return [
        FormField("name", "Name", required=True),
        FormField("title", "Job title"),
        FormField(
            "consumer_roles",
            "Roles (space to tick)",
            "multi",
            ConsumerRole.choices(),
            hint="customer sets requirements · user uses the service · sponsor pays",
        ),
        FormField("email", "Email", placeholder="name@example.com"),
        FormField("phone", "Phone"),
        FormField("preferred_channel", "Preferred channel", "select", Channel.choices()),
        FormField("language", "Language", placeholder="e.g. en"),
        FormField("timezone", "Time zone", placeholder="e.g. Europe/London"),
        FormField(
            "comm_frequency_days",
            "Stay in touch every",
            placeholder="days, e.g. 30",
            hint="counted from the last logged interaction with them; shows on Today",
        ),
        FormField("notes", "Notes", "area"),
    ]


def action_fields() -> list[FormField]:
    return [
        FormField("text", "Action", required=True, placeholder="What needs doing"),
        FormField("owner", "Owner"),
        FormField("due_date", "Due", placeholder=DATE_HINT),
    ]
