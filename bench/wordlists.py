"""Word and phrase lists for the benchmark portfolio (see generate.py).

Everything here is invented. The aim is text that looks and tokenizes like what a
relationship manager at an IT service provider writes: names from several languages
(some with letters outside ASCII), company names, services, systems, and sentences
about calls, reviews, renewals, incidents and plans.
"""

from __future__ import annotations

# fmt: off

FIRST_NAMES = [
    "Dana", "Marcus", "Priya", "Tomás", "Zoë", "Björn", "Aoife", "Kenji", "Fatima", "Lukas",
    "Ines", "Oluwaseun", "Mette", "Rafael", "Hannah", "Søren", "Chloé", "Dmitri", "Amara",
    "Jürgen", "Łukasz", "Siobhán", "Mateo", "Elif", "Noah", "Yara", "Grzegorz", "Anaïs",
    "Kwame", "Lena", "Olivier", "Ngozi", "Henrik", "Sofía", "Rahul", "Agnieszka", "Emeka",
    "Camille", "Pedro", "Astrid", "Omar", "Leilani", "François", "Ida", "Mariam", "Jonas",
    "Thandiwe", "Nils", "Beatriz", "Anders", "Keiko", "Ruairí", "Malin", "Joaquín", "Sanne",
    "Tariq", "Eleni", "Wojciech", "Greta", "Ayşe", "Patrick", "Linh", "Håkon", "Nadia",
    "Gareth", "Ebru", "Matthias", "Chiara", "Kofi", "Renée", "Stefan", "Ji-woo", "Ulla",
    "Declan", "Marta", "Arjun", "Frida", "Raúl", "Helga", "Samir", "Océane", "Pieter",
    "Ana", "Viktor", "Mei", "Colm", "Birgit", "Tobias", "Ama", "Dorota", "Sven", "Lucía",
]

LAST_NAMES = [
    "Whitfield", "Okafor", "Müller", "Nguyễn", "Sørensen", "O'Brien", "Kowalczyk", "García",
    "Dvořák", "Öztürk", "Lindqvist", "Tanaka", "Ferreira", "Brennan", "Schäfer", "Haddad",
    "Van der Berg", "Novák", "Costa", "Mahlangu", "Petersen", "Rossi", "Åberg", "Kaya",
    "Fitzgerald", "Wiśniewska", "Jansen", "Moreau", "Adeyemi", "Horvath", "Lefèvre",
    "Nakamura", "Bergström", "Quintero", "Ó Súilleabháin", "Kristiansen", "Dubois", "Patel",
    "Zieliński", "Andersson", "Mensah", "Gallagher", "Eriksen", "Romero", "Vogel", "Kim",
    "Þórsdóttir", "Murphy", "Hoffmann", "Silva", "Nowak", "Bianchi", "Osei", "Larsen",
    "Fernández", "Becker", "Yılmaz", "Holm", "Kelly", "Martín", "Wagner", "Sato", "Jensen",
    "Mbeki", "Lambert", "Krüger", "Popescu", "Ahmed", "Svensson", "Byrne", "Castillo",
    "Łapiński", "Richter", "Ncube", "Olsen", "Marchetti", "Chen", "Devlin", "Ruiz", "Baptiste",
]

TITLES = [
    "Chief Information Officer", "Head of IT Operations", "Service Owner", "IT Manager",
    "Procurement Lead", "Finance Business Partner", "Head of Digital", "CTO",
    "Service Delivery Lead", "Security Officer", "Data Protection Officer", "Team Lead Support",
    "Enterprise Architect", "Vendor Manager", "Head of Workplace Services", "Project Manager",
    "Product Owner", "Operations Director", "Application Manager", "Change Manager",
    "Head of Infrastructure", "Contract Manager", "Super User Finance", "Super User HR",
    "Business Analyst", "Head of Customer Service", "Managing Director", "CFO",
]

RM_NAMES = [
    "Sam Okafor", "Ingrid Holmström", "Theo Marchand", "Priyanka Rao", "Conor Walsh",
    "Beate Krämer",
]

COMPANY_HEADS = [
    "Northwind", "Bäckström", "Helios", "Kestrel", "Ørsted", "Lumière", "Fenmarsh", "Aldgate",
    "Brightwater", "Corvid", "Dunmore", "Eisberg", "Fjordlys", "Greyfriars", "Halcyon",
    "Ironbridge", "Juniper", "Kingsmead", "Larchwood", "Meridian", "Nordkapp", "Oakhurst",
    "Pinnacle", "Quayside", "Riverbend", "Saltmarsh", "Thornbury", "Umbra", "Vesterhavn",
    "Westbrook", "Yellowfield", "Zephyr", "Åkerlund", "Côte d'Or", "Straßburger", "Mørkeskog",
    "Solvang", "Tidewater", "Harrowgate", "Ashgrove", "Blackthorn", "Cairnholm", "Drumlin",
    "Emberly", "Foxley", "Glenrock", "Hollis", "Ivel", "Kilbride", "Lindenhof", "Moorcroft",
    "Nettlebed", "Orchard", "Penrose", "Redwater", "Stonegate", "Trevelyan", "Upland",
    "Valtari", "Whinmoor", "Élan", "Sønderby", "Österlind", "Müggelsee", "Peñalta",
]

COMPANY_TRADES = [
    "Logistics", "Health", "Insurance", "Analytics", "Foods", "Energy", "Retail", "Banking",
    "Pharma", "Shipping", "Telecom", "Housing", "Water", "Mobility", "Media", "Textiles",
    "Engineering", "Hospitality", "Aviation", "Chemicals", "Publishing", "Education",
    "Agritech", "Construction", "Laboratories", "Clinics", "Freight", "Software",
]

COMPANY_FORMS = ["", "", "AG", "GmbH", "Ltd", "SA", "BV", "plc", "Group", "AB", "A/S", "Oy",
                 "& Co", "Holdings", "S.p.A.", "SE"]

INDUSTRIES = [
    "Logistics", "Healthcare", "Insurance", "Retail", "Banking", "Public sector", "Energy",
    "Manufacturing", "Pharmaceuticals", "Telecommunications", "Education", "Media",
    "Transport", "Hospitality", "Utilities", "Real estate", "Non-profit", "Agriculture",
]

SERVICE_TIERS = ["Bronze", "Silver", "Gold", "Platinum", "Managed Workplace",
                 "Managed Cloud", "Application Support", "Service Desk 24/7", ""]

SERVICES = [
    "service desk", "managed workplace", "cloud hosting", "backup service",
    "identity management", "network operations", "SAP support", "Microsoft 365 tenant",
    "ticketing platform", "data warehouse", "payroll interface", "field service",
    "mobile device management", "security operations", "print service", "VPN",
    "CRM integration", "monitoring", "patch management", "disaster recovery",
]

SYSTEMS = [
    "ServiceNow", "the ERP", "SharePoint", "the HR portal", "Azure", "the data lake",
    "Intune", "Jira", "the warehouse system", "the billing engine", "Teams", "the VPN gateway",
    "the reporting cube", "Salesforce", "the document archive", "the self-service portal",
]

TOPICS = [
    "contract renewal", "SLA breach", "quarterly service review", "price increase",
    "migration plan", "incident backlog", "onboarding of the new site", "budget for next year",
    "upgrade roadmap", "escalation process", "security audit", "license true-up",
    "change freeze", "user satisfaction survey", "capacity planning", "cost reduction",
    "go-live date", "exit plan", "data retention policy", "training for super users",
    "on-call arrangements", "release calendar", "penalty clause", "reporting pack",
]

TEAMS = ["their finance team", "the works council", "procurement", "the board",
         "their security team", "the service owners", "our delivery team",
         "the project office", "their legal department", "the super users",
         "our architects", "the steering committee"]

WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]

# Opening lines: the first line of a note is what the timeline shows as its title.
SUBJECTS = [
    "Call with {first} about the {topic}",
    "{topic_cap}: follow-up with {first}",
    "Meeting at their office, {topic}",
    "Quarterly review with {person}",
    "Check-in with {first}",
    "Workshop on {service}",
    "{first} raised the {topic}",
    "Escalation: {service}",
    "Notes from the steering committee",
    "Lunch with {first} and {first2}",
    "Email thread on the {topic}",
    "Feedback from {team}",
    "Short call, {topic}",
    "Site visit in {city}",
    "Complaint about the {service}",
]

CITIES = ["Hamburg", "Göteborg", "Dublin", "Lyon", "Kraków", "Aarhus", "Bilbao", "Leeds",
          "Zürich", "Utrecht", "Tromsø", "Porto", "Malmö", "Düsseldorf", "Gdańsk", "Cork"]

SENTENCES = [
    "{first} confirmed that the {topic} is now on the agenda for {team}.",
    "We walked through the {service} figures for {month}; ticket volume is down {pct}% on last quarter.",
    "{first} is unhappy with response times on {system} and wants a written explanation by {weekday}.",
    "They are considering moving the {service} to a second supplier, mainly for cost reasons.",
    "I promised to send the revised SLA draft to {first} before the end of the week.",
    "The {topic} is blocked until {team} signs off; {first2} thinks that will take two more weeks.",
    "Good atmosphere overall, and {first} thanked the team for the quick fix on {system}.",
    "{first2} joined for the second half and asked about the roadmap for {system}.",
    "We agreed to hold a joint workshop on the {service} in {month}.",
    "Their budget for next year is not final yet; {first} expects a cut of about {pct}%.",
    "Three open incidents were discussed, two of them older than {days} days.",
    "{first} wants monthly reporting instead of quarterly, at least until the {topic} is settled.",
    "There is a new {title} starting in {month}, and {first} offered to introduce us.",
    "The users in {city} still complain about slow logins to {system}.",
    "We need a clear owner on their side for the {service}; at the moment nobody feels responsible.",
    "{first} mentioned, off the record, that a competitor approached them last month.",
    "Invoice disputes for {month} are resolved; credit note of {amount} EUR goes out this week.",
    "I explained the change freeze around the year end and {first} accepted it without discussion.",
    "They would like a named contact in our delivery team rather than the generic mailbox.",
    "Next step: a short proposal with two options and prices, due by {weekday}.",
    "{first} asked whether we can take over the {service} from their internal team next year.",
    "The pilot with {pct} users went well; the rollout to all of {city} is planned for {month}.",
    "Security questionnaire received, {days} questions, deadline in two weeks.",
    "{first2} is leaving the company in {month}; we should build a relationship with the successor.",
    "We reviewed the risk log together: two items closed, one new one about the {topic}.",
    "Satisfaction score for {month} was {score} out of 10, slightly better than before.",
    "{first} is a strong supporter of the {service}, but {first2} remains sceptical.",
    "The migration weekend for {system} went without major problems; a handful of tickets followed.",
    "I will ask our architects for an estimate before we commit to a date.",
    "They expect the contract renewal to go to the board in {month}, so the timing is tight.",
    "Long discussion about data residency; {team} wants everything hosted in the EU.",
    "{first} raised the penalty clause again; I said we would look at the calculation.",
    "Their new strategy puts more weight on self-service, which fits the portal we offer.",
    "Not much news this time, mostly a friendly check-in and a look at the open actions.",
    "The escalation from last week is closed; root cause was an expired certificate on {system}.",
    "We talked about training for super users in {city}, probably two half-day sessions.",
    "{first} asked for a price for {pct} extra licences and a faster storage tier.",
    "According to {first}, {team} would like the exit plan reviewed before anything is signed.",
    "Capacity in the service desk is fine, but the backlog on changes keeps growing.",
    "I suggested a joint review of the reporting pack so it shows what they actually need.",
]

# A handful of rare words, each planted in a small, fixed share of the notes, so the
# benchmark has a "rare word" to search for that is guaranteed to exist.
RARE_SENTENCES = [
    "Side remark: {first} keeps a quokka photo on the meeting-room screen, which broke the ice.",
    "The old Zanzibar archive server came up again; nobody knows who still uses it.",
]

ACTION_TEMPLATES = [
    "Send {first} the revised SLA draft",
    "Book the quarterly review for {month}",
    "Ask our architects for an estimate on the {service}",
    "Follow up on the open incident with {system}",
    "Prepare two pricing options for the {topic}",
    "Introduce {first} to our service delivery lead",
    "Share the monthly report for {month} with {team}",
    "Check the credit note of {amount} EUR with finance",
    "Answer the security questionnaire ({days} questions)",
    "Arrange training for super users in {city}",
    "Confirm the go-live date for {system} with {first2}",
    "Review the exit plan with their legal department",
    "Draft the agenda for the steering committee",
    "Call {first} about the {topic}",
    "Send meeting notes to {first} and {first2}",
    "Update the risk log after the {topic} discussion",
    "Find out who owns the {service} on their side",
    "Get a quote for {pct} extra licences",
]

ACTION_TAILS = [
    " before the review",
    " and confirm in writing",
    ", copy the delivery lead",
    " by end of month",
    " and update the tracker",
    ", including the figures for {month} and the open questions from {first2}",
    " so that {team} can decide before the budget round in {month}",
    "; {first2} needs it for the steering committee, so keep it short and factual",
    " and check with {first2} whether the {topic} changes anything",
]

STRATEGIES = [
    "Keep informed with a short monthly summary.",
    "Involve early in every decision about the {service}.",
    "Meet in person once a quarter; prefers phone over email.",
    "Address cost concerns with facts, not promises.",
    "Win over through a successful pilot in {city}.",
    "Monitor only; no direct stake in our services.",
]

GROUP_STAKEHOLDERS = ["Works council", "Finance department", "End users in {city}",
                      "IT security team", "Procurement office", "Board of directors",
                      "Super-user network", "Data protection office"]
