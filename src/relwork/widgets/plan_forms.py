"""The fields of the plans screen's forms: an action, the status move, the closing
review (the form machinery is :mod:`relwork.screens.form`)."""

from __future__ import annotations

from relwork.enums import FourDimension
from relwork.screens.form import FormField
from relwork.services.plan_rules import CHECK_LABELS
from relwork.services.plan_templates import PlanTemplates
from relwork.services.plan_views import PlanView

CHECK_CHOICES = [(label, value) for value, label in CHECK_LABELS.items()]


def action_fields() -> list[FormField]:
    return [
        FormField("description", "Action", required=True, placeholder="What needs doing"),
        FormField(
            "dimension", "Dimension", "select", FourDimension.choices(), placeholder="(none)"
        ),
        FormField(
            "performer",
            "Done by",
            "select",
            [
                ("Provider (us)", "provider"),
                ("Consumer (the client)", "consumer"),
                ("Consumer's supplier", "consumer_supplier"),
            ],
            required=True,
        ),
        FormField("owner", "Owner", placeholder="who sees it through"),
        FormField("due", "Due", placeholder="YYYY-MM-DD"),
    ]


def review_fields(templates: PlanTemplates) -> list[FormField]:
    """One answer per checklist item (no answer is preselected), with a note where the
    item asks for one."""
    fields = []
    for check in templates.review:
        fields.append(
            FormField(
                check.key,
                f"{check.label} *",  # required, with no answer preselected
                "select",
                CHECK_CHOICES,
                placeholder="(answer)",
                hint=f"{check.prompt}. {check.help}".strip(),
            )
        )
        if check.note:
            fields.append(FormField(f"{check.key}_note", check.note, "area"))
    return fields


def status_field(plan: PlanView) -> FormField:
    """The statuses ``plan`` may move to, the usual next one first."""
    return FormField(
        "status",
        "Move to",
        "select",
        [(s.label, s.value) for s in plan.next_statuses()],
        required=True,
        hint=f"now {plan.status.label.lower()}; plans go draft → agreed → running → closed",
    )
