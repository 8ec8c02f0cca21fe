"""SQLModel tables, one module per aggregate. Importing this package registers them all."""

from relwork.models.client import Account, Organization
from relwork.models.contact import Contact
from relwork.models.engage import (
    CompassEntry,
    MapSnapshot,
    MaturityAssessment,
    Persona,
    StakeholderSnapshot,
    TrustAssessment,
    TrustRating,
)
from relwork.models.interaction import ActionItem, Interaction, InteractionAttendee
from relwork.models.journey import JourneyStepChange
from relwork.models.stakeholder import Stakeholder

__all__ = [
    "Account",
    "ActionItem",
    "CompassEntry",
    "Contact",
    "Interaction",
    "InteractionAttendee",
    "JourneyStepChange",
    "MapSnapshot",
    "MaturityAssessment",
    "Organization",
    "Persona",
    "Stakeholder",
    "StakeholderSnapshot",
    "TrustAssessment",
    "TrustRating",
]
