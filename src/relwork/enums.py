"""Enumerations shared by models, services and screens.

Values are stored as plain strings (portable across SQLite and PostgreSQL);
each enum knows the human label shown on screen.
"""

from __future__ import annotations

from enum import StrEnum


class LabelledEnum(StrEnum):
    """A string enum whose members carry a display label."""

    @property
    def label(self) -> str:
        return _LABELS.get(self.value, self.value.replace("_", " ").capitalize())

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        """(label, value) pairs in declaration order, as Select widgets want them."""
        return [(member.label, member.value) for member in cls]


# Labels that are not simply the capitalised value.
_LABELS = {
    "co_create": "Co-create",
    "in_app_message": "In-app message",
    "face_to_face": "Face to face",
    "service_catalogue": "Service catalogue",
    "social_media": "Social media",
    "word_of_mouth": "Word of mouth",
    "machine_interface": "Machine interface",
    "internal_unit": "Internal unit",
    "senior_executive": "Senior executive",
    "internal_customer": "Internal customer",
    "internal_supplier": "Internal supplier",
    "control_function": "Control function (legal, HR, security)",
    "governance_risk_compliance": "Governance, risk and compliance",
    "external_customer": "External customer",
    "special_interest_group": "Special-interest group",
    "general_public": "General public",
    "industry_body": "Industry body",
    "third_party": "Third party",
    "provider_self": "Provider (self-assessment)",
    "customer_view_of_provider": "Customer's view of the provider",
    "provider_view_of_customer": "Provider's view of the customer",
    "knowledge_based": "Knowledge-based (built over time)",
    "calculus_based": "Calculus-based (weighing gains and risks)",
    "in_progress": "In progress",
    "organizations_people": "Organizations & people",
    "value_streams_processes": "Value streams & processes",
    "information_technology": "Information & technology",
    "partners_suppliers": "Partners & suppliers",
    "consumer_supplier": "Consumer's supplier",
    "provider_switch": "Switching provider",
    "sla": "Service level agreement",
    "terms_of_service": "Terms of service",
    "outcome_based": "Outcome-based agreement",
    "operational_level": "Operational level agreement",
    "underpinning_contract": "Underpinning contract",
    "implied": "Implied agreement",
    "csat": "CSAT",
    "nps": "NPS",
    "us": "Us (provider)",
    "in_person": "In person",
}


class JourneyStep(LabelledEnum):
    EXPLORE = "explore"
    ENGAGE = "engage"
    OFFER = "offer"
    AGREE = "agree"
    ONBOARD = "onboard"
    CO_CREATE = "co_create"
    REALIZE = "realize"

    @property
    def number(self) -> int:
        return list(JourneyStep).index(self) + 1


class RelationshipType(LabelledEnum):
    BASIC = "basic"
    COOPERATIVE = "cooperative"
    PARTNERSHIP = "partnership"


class AccountStatus(LabelledEnum):
    PROSPECT = "prospect"
    ACTIVE = "active"
    OFFBOARDING = "offboarding"
    FORMER = "former"


class OrganizationKind(LabelledEnum):
    CLIENT = "client"
    SUPPLIER = "supplier"
    PARTNER = "partner"
    INTERNAL_UNIT = "internal_unit"
    REGULATOR = "regulator"
    OTHER = "other"


class ConsumerRole(LabelledEnum):
    CUSTOMER = "customer"
    USER = "user"
    SPONSOR = "sponsor"


class Channel(LabelledEnum):
    PHONE = "phone"
    EMAIL = "email"
    MEETING = "meeting"
    FACE_TO_FACE = "face_to_face"
    CHAT = "chat"
    PORTAL = "portal"
    SERVICE_CATALOGUE = "service_catalogue"
    IN_APP_MESSAGE = "in_app_message"
    SOCIAL_MEDIA = "social_media"
    FORUM = "forum"
    WORD_OF_MOUTH = "word_of_mouth"
    DOCUMENT = "document"
    MACHINE_INTERFACE = "machine_interface"


class InteractionKind(LabelledEnum):
    CALL = "call"
    MEETING = "meeting"
    EMAIL = "email"
    MESSAGE = "message"
    WORKSHOP = "workshop"
    REVIEW = "review"
    VISIT = "visit"
    COMPLAINT = "complaint"
    FEEDBACK = "feedback"
    OTHER = "other"


class StakeholderCategory(LabelledEnum):
    # internal to the client organisation
    OWNER = "owner"
    BOARD = "board"
    SENIOR_EXECUTIVE = "senior_executive"
    MANAGER = "manager"
    EMPLOYEE = "employee"
    USER = "user"
    UNION = "union"
    INTERNAL_CUSTOMER = "internal_customer"
    INTERNAL_SUPPLIER = "internal_supplier"
    CONTROL_FUNCTION = "control_function"
    GOVERNANCE_RISK_COMPLIANCE = "governance_risk_compliance"
    # external
    EXTERNAL_CUSTOMER = "external_customer"
    SUPPLIER = "supplier"
    PARTNER = "partner"
    SPECIAL_INTEREST_GROUP = "special_interest_group"
    REGULATOR = "regulator"
    COMMUNITY = "community"
    GENERAL_PUBLIC = "general_public"
    MEDIA = "media"
    COMPETITOR = "competitor"
    INDUSTRY_BODY = "industry_body"


class StakeholderSide(LabelledEnum):
    CONSUMER = "consumer"
    PROVIDER = "provider"
    THIRD_PARTY = "third_party"


class Attitude(LabelledEnum):
    CHAMPION = "champion"
    SUPPORTER = "supporter"
    NEUTRAL = "neutral"
    SCEPTIC = "sceptic"
    BLOCKER = "blocker"


class CompassQuadrant(LabelledEnum):
    """The four views of the journey compass for a stakeholder group or persona."""

    NEEDS = "needs"
    WANTS = "wants"
    STEREOTYPES = "stereotypes"
    EMOTIONS = "emotions"


class CompassSubject(LabelledEnum):
    PERSONA = "persona"
    STAKEHOLDER = "stakeholder"


class TrustDimension(LabelledEnum):
    CAPABILITY = "capability"
    COMMITMENT = "commitment"
    CONSISTENCY = "consistency"


class TrustParty(LabelledEnum):
    """Whose behaviour a trust item describes."""

    PROVIDER = "provider"
    CUSTOMER = "customer"


class RaterPerspective(LabelledEnum):
    PROVIDER_SELF = "provider_self"
    CUSTOMER_VIEW_OF_PROVIDER = "customer_view_of_provider"
    PROVIDER_VIEW_OF_CUSTOMER = "provider_view_of_customer"


class TrustOrigin(LabelledEnum):
    KNOWLEDGE_BASED = "knowledge_based"
    CALCULUS_BASED = "calculus_based"


class MaturitySide(LabelledEnum):
    DEMAND = "demand"
    SUPPLY = "supply"


# --- wizards and plans (Engage readiness, Onboard) ---------------------------------


class WizardRunStatus(LabelledEnum):
    IN_PROGRESS = "in_progress"
    FINISHED = "finished"


class FourDimension(LabelledEnum):
    """The four dimensions of service management, used for scope, actions and maturity."""

    ORGANIZATIONS_PEOPLE = "organizations_people"
    VALUE_STREAMS_PROCESSES = "value_streams_processes"
    INFORMATION_TECHNOLOGY = "information_technology"
    PARTNERS_SUPPLIERS = "partners_suppliers"


class Performer(LabelledEnum):
    PROVIDER = "provider"
    CONSUMER = "consumer"
    CONSUMER_SUPPLIER = "consumer_supplier"


class PlanStatus(LabelledEnum):
    DRAFT = "draft"
    AGREED = "agreed"
    RUNNING = "running"
    CLOSED = "closed"


class OffboardingKind(LabelledEnum):
    CUSTOMER = "customer"
    USER = "user"
    PROVIDER_SWITCH = "provider_switch"


# --- agreements, value and reviews (Agree, Realize) --------------------------------


class AgreementForm(LabelledEnum):
    SLA = "sla"
    CONTRACT = "contract"
    TERMS_OF_SERVICE = "terms_of_service"
    OUTCOME_BASED = "outcome_based"
    OPERATIONAL_LEVEL = "operational_level"
    UNDERPINNING_CONTRACT = "underpinning_contract"
    MEMORANDUM = "memorandum"
    IMPLIED = "implied"


class AgreementStatus(LabelledEnum):
    DRAFT = "draft"
    NEGOTIATING = "negotiating"
    AGREED = "agreed"
    ACTIVE = "active"
    EXPIRED = "expired"
    TERMINATED = "terminated"


class MetricClass(LabelledEnum):
    UTILITY = "utility"
    WARRANTY = "warranty"
    EXPERIENCE = "experience"


class MetricDirection(LabelledEnum):
    HIGHER = "higher"
    LOWER = "lower"


class SurveyInstrument(LabelledEnum):
    CSAT = "csat"
    NPS = "nps"
    CUSTOM = "custom"


class ImprovementOrigin(LabelledEnum):
    REVIEW = "review"
    COMPLAINT = "complaint"
    FEEDBACK = "feedback"
    ASSESSMENT = "assessment"
    OTHER = "other"


class ImprovementStatus(LabelledEnum):
    PROPOSED = "proposed"
    APPROVED = "approved"
    IN_PROGRESS = "in_progress"
    REALIZED = "realized"
    DROPPED = "dropped"


class RiskStatus(LabelledEnum):
    OPEN = "open"
    MITIGATING = "mitigating"
    CLOSED = "closed"


class ResponsibleParty(LabelledEnum):
    US = "us"
    CLIENT = "client"
    THIRD_PARTY = "third_party"


class ReviewStatus(LabelledEnum):
    PLANNED = "planned"
    PREPARED = "prepared"
    HELD = "held"
    REPORTED = "reported"


class ReviewFormat(LabelledEnum):
    IN_PERSON = "in_person"
    VIDEO = "video"
    PHONE = "phone"
    WRITTEN = "written"


class AttendeeSide(LabelledEnum):
    CLIENT = "client"
    PROVIDER = "provider"


class RecommendationStatus(LabelledEnum):
    OPEN = "open"
    ACCEPTED = "accepted"
    DONE = "done"
    DECLINED = "declined"
