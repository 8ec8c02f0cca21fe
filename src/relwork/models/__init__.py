"""SQLModel tables, one module per aggregate. Importing this package registers them all."""

from relwork.models.agreement import Agreement, Measurement, Metric, SurveyResponse
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
from relwork.models.plans import (
    OffboardingPlan,
    OnboardingPlan,
    OnboardingScopeItem,
    PlanAction,
    WizardAnswer,
    WizardRun,
)
from relwork.models.realize import ImprovementItem, ResponsibilityLine, Risk
from relwork.models.review import (
    ClientReview,
    Recommendation,
    ReviewAttendee,
    ReviewItem,
    ReviewSection,
)
from relwork.models.stakeholder import Stakeholder

__all__ = [
    "Account",
    "ActionItem",
    "Agreement",
    "ClientReview",
    "CompassEntry",
    "Contact",
    "ImprovementItem",
    "Interaction",
    "InteractionAttendee",
    "JourneyStepChange",
    "MapSnapshot",
    "MaturityAssessment",
    "Measurement",
    "Metric",
    "OffboardingPlan",
    "OnboardingPlan",
    "OnboardingScopeItem",
    "Organization",
    "Persona",
    "PlanAction",
    "Recommendation",
    "ResponsibilityLine",
    "ReviewAttendee",
    "ReviewItem",
    "ReviewSection",
    "Risk",
    "Stakeholder",
    "StakeholderSnapshot",
    "SurveyResponse",
    "TrustAssessment",
    "TrustRating",
    "WizardAnswer",
    "WizardRun",
]
