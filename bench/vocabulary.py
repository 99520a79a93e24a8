"""Names, places and phrases for a synthetic neighbourhood, plus the demo's vocabularies."""

import csv
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

DEMO_ELEMENTS = Path(__file__).resolve().parents[1] / "data" / "demo" / "elements.csv"

CENTRE = (51.55, -0.14)

# Twelve fictional wards on a 4 x 3 grid about a kilometre apart: (name, outward code, lat, lng).
WARDS = [
    ("Brickfield North", "NW5 1", 0.009, -0.0216),
    ("Gospel Oak Fields", "NW5 4", 0.009, -0.0072),
    ("Kiln Green", "N19 5", 0.009, 0.0072),
    ("Hopgarden", "N19 4", 0.009, 0.0216),
    ("Brickfield South", "NW5 2", 0.0, -0.0216),
    ("Clayworks", "NW5 3", 0.0, -0.0072),
    ("Mortar Hill", "N7 6", 0.0, 0.0072),
    ("Saggar Fields", "N7 7", 0.0, 0.0216),
    ("Canal Side", "NW1 8", -0.009, -0.0216),
    ("Wharf End", "NW1 9", -0.009, -0.0072),
    ("Barnabas Park", "N7 0", -0.009, 0.0072),
    ("Millpond", "N1 1", -0.009, 0.0216),
]

# How many of each kind, after the demo's mix (projects excepted).
KIND_WEIGHTS = {
    "organisation": 16,
    "group": 16,
    "place": 14,
    "activity": 16,
    "person": 12,
    "asset": 10,
}

STREET_STEMS = [
    *("Kiln", "Hopgarden", "Mortar", "Tannery", "Clayworks", "Hawthorn", "Oakfield", "Barge"),
    *("Towpath", "Brickmakers", "Wharf", "Saggar", "Lime", "Cooper", "Ropewalk", "Millpond"),
    *("Lock", "Foundry", "Chalk", "Malting", "Cinder", "Quarry", "Orchard", "Pottery"),
]
STREET_SUFFIXES = [
    *("Street", "Road", "Lane", "Row", "Place", "Crescent", "Terrace", "Walk", "Yard", "Mews"),
]
POSTCODE_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"

FIRST_NAMES = [
    *("Amina", "Ben", "Chidi", "Deborah", "Efua", "Farhan", "Grace", "Hassan", "Ines", "Jamal"),
    *("Kasia", "Leon", "Mariam", "Nikhil", "Olu", "Priya", "Rosa", "Samir", "Tess", "Uche"),
    *("Vera", "Wei", "Yusuf", "Zara", "Aisling", "Bogdan", "Carmen", "Dylan", "Elif", "Femi"),
]
SURNAMES = [
    *("Adeyemi", "Begum", "Costa", "Dlamini", "Evans", "Fitzgerald", "Gonzalez", "Hussain"),
    *("Ibrahim", "Jones", "Kowalski", "Lewis", "Mensah", "Nowak", "O'Brien", "Patel"),
    *("Quinn", "Rahman", "Silva", "Tekle", "Ugwu", "Vasquez", "Williams", "Yilmaz", "Zhang"),
]

# Per topic: words for names, and sentences that start with a verb ("<Name> cooks ...").
TOPICS = {
    "food": (
        ["Food", "Kitchen", "Larder", "Supper"],
        [
            "cooks and shares food so that nobody in the neighbourhood goes hungry.",
            "collects surplus food from local shops and turns it into hot meals.",
        ],
    ),
    "older people": (
        ["Friendship", "Silver", "Lunch", "Good Neighbours"],
        [
            "brings older residents together so that fewer people spend the week alone.",
            "offers a warm welcome, a hot drink and company to older neighbours.",
        ],
    ),
    "young people": (
        ["Youth", "Teen", "Junior", "Young Leaders"],
        [
            "gives young people somewhere safe to go and adults who listen.",
            "helps teenagers find their voice, their friends and their first job.",
        ],
    ),
    "families": (
        ["Family", "Parents", "Toddler", "Play"],
        [
            "supports parents and carers of young children, from baby groups to play schemes.",
            "welcomes whole families, with activities for children and tea for the grown-ups.",
        ],
    ),
    "mental health": (
        ["Wellbeing", "Mind", "Peer Support", "Calm"],
        [
            "offers peer support to people living with anxiety, depression or isolation.",
            "runs relaxed sessions where people can talk about how they are really doing.",
        ],
    ),
    "health": (
        ["Health", "Healthy Living", "Walking", "Wellness"],
        [
            "helps residents look after their health with check-ups, advice and gentle exercise.",
            "works alongside the local surgeries to reach people who rarely see a doctor.",
        ],
    ),
    "arts": (
        ["Arts", "Creative", "Print", "Music"],
        [
            "makes art with and for the neighbourhood, from murals to open mic nights.",
            "lends materials and space to local artists and to anyone who wants to try.",
        ],
    ),
    "heritage": (
        ["Heritage", "History", "Archive", "Memory"],
        [
            "records the stories of the neighbourhood before they are forgotten.",
            "collects old photographs, maps and memories of the brickfields and the canal.",
        ],
    ),
    "environment": (
        ["Green", "Garden", "Nature", "Climate"],
        [
            "looks after green spaces, plants trees and helps neighbours grow their own food.",
            "organises litter picks, bulb planting and wildlife surveys along the canal.",
        ],
    ),
    "faith": (
        ["Faith", "Fellowship", "Chapel", "Interfaith"],
        [
            "opens its doors to everyone, whatever their faith or none.",
            "brings people of different faiths together to serve the neighbourhood.",
        ],
    ),
    "digital inclusion": (
        ["Digital", "Tech", "Computer", "Online"],
        [
            "helps people get online, from a first email address to booking a GP appointment.",
            "refurbishes donated laptops and lends them to residents who need one.",
        ],
    ),
    "housing": (
        ["Tenants", "Housing", "Estate", "Residents"],
        [
            "takes repairs, damp and overcrowding problems to landlords with one voice.",
            "helps tenants understand their rights and get repairs done.",
        ],
    ),
    "sport": (
        ["Sports", "Football", "Running", "Boxing"],
        [
            "gets people of every age moving, with coaching that costs little or nothing.",
            "runs training sessions and friendly matches on the estate pitches.",
        ],
    ),
    "language": (
        ["Language", "Conversation", "ESOL", "Bilingual"],
        [
            "helps people practise English in a friendly, relaxed setting.",
            "teaches mother-tongue languages to children born in London.",
        ],
    ),
    "refugees & migrants": (
        ["Welcome", "Sanctuary", "New Neighbours", "Migrant"],
        [
            "welcomes refugees and new arrivals and helps them find their way around.",
            "supports migrant families with paperwork, schools and making friends.",
        ],
    ),
    "disability": (
        ["Access", "Disability", "Inclusive", "Deaf"],
        [
            "campaigns for a neighbourhood that disabled people can get around and take part in.",
            "runs inclusive sessions designed with disabled residents.",
        ],
    ),
    "employment": (
        ["Jobs", "Work", "Skills", "Enterprise"],
        [
            "helps residents into work with training, CV help and introductions to employers.",
            "offers paid traineeships and mentoring to people looking for their first job.",
        ],
    ),
    "advice": (
        ["Advice", "Help", "Money", "Rights"],
        [
            "gives free, confidential advice on benefits, debt and housing.",
            "helps people fill in forms, challenge decisions and deal with bills.",
        ],
    ),
    "volunteering": (
        ["Volunteers", "Helping Hands", "Time Bank", "Good Deeds"],
        [
            "matches volunteers with groups that need an extra pair of hands.",
            "is run entirely by volunteers who give a few hours a week.",
        ],
    ),
    "community space": (
        ["Community", "Neighbourhood", "Commons", "Hub"],
        [
            "keeps a space open where local groups can meet cheaply or for free.",
            "lets rooms to local groups and hosts events throughout the week.",
        ],
    ),
}

ORGANISATION_SUFFIXES = [
    *("Trust", "Association", "Project", "Network", "CIC", "Foundation", "Partnership"),
    *("Alliance", "Forum", "Centre"),
]
ORGANISATION_TYPES = [
    *("registered charity", "community interest company", "resident-led charity"),
    *("council service", "social enterprise", "housing association team"),
]
GROUP_SUFFIXES = ["Group", "Club", "Circle", "Collective", "Crew", "Society", "Gang", "Friends"]
PLACE_TYPES = [
    *("Community Centre", "Hall", "Library", "Allotments", "Café", "Health Centre"),
    *("Primary School", "Park", "Church Hall", "Youth Hub", "Sports Ground", "Community Garden"),
]
ACTIVITY_SUFFIXES = [
    *("Club", "Drop-in", "Session", "Café", "Walk", "Workshop", "Class", "Social", "Meet-up"),
]
ASSET_NAMES = [
    *("Community Minibus", "Tool Library", "Shared Kitchen", "PA System", "Gazebos"),
    *("Laptop Loan Scheme", "Sports Kit", "Projector", "Community Fridge", "Cargo Bike"),
    *("Garden Tools", "Pop-up Stage"),
]
PROJECT_SUFFIXES = [
    *("Project", "Campaign", "Plan", "Programme", "Scheme", "Pilot", "Partnership"),
]
PROJECT_OUTCOMES = [
    "More neighbours taking part than in the first year",
    "A regular slot in the community centre's week",
    "New volunteers trained and confident to lead sessions",
    "A shared space kept open on more days of the week",
    "Residents' views taken to the council and acted on",
    "Equipment bought and lent to other local groups",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
ACCESSIBILITY = [
    "Step-free entrance and an accessible toilet on the ground floor.",
    "Hearing loop in the main hall; quiet room available on request.",
    "Two steps at the entrance with a portable ramp; accessible toilet.",
    "Step-free throughout, with a lift to the first floor and baby changing.",
]
OPENING_TIMES = [
    "Monday to Friday 09:00-17:00\nSaturday 10:00-14:00",
    "Tuesday to Saturday 10:00-18:00",
    "Every day 08:00-dusk",
    "Monday to Thursday 09:30-21:00\nFriday 09:30-17:00",
]
CONNECTION_LABELS = ["Main hall", "Upstairs room", "Garden", "Kitchen", "Weekly", "Since 2019"]

# Residents' stories. Titles take {listing}, {ward}, {topic} and {theme}; the middle
# paragraphs take {listing}, {other}, {ward}, {years} and {season}.
STORY_TITLES = [
    "A year at {listing}",
    "What {ward} taught us about {topic}",
    "Behind the scenes at {listing}",
    "How {listing} kept going",
    "The {theme} people of {ward}",
    "Why {ward} keeps turning up for {listing}",
    "Small changes at {listing}, big changes for {ward}",
    "Ten years of {topic} in {ward}",
    "Meet the volunteers behind {listing}",
    "{listing}: what happened next",
]
STORY_MIDDLES = [
    "It started {years} years ago with a handful of neighbours, a borrowed kettle and a "
    "room nobody else wanted. These days the {season} sessions are full and the waiting "
    "list is longer than anyone would like.",
    "Help came from {other}, which lent space, kit and people when it mattered most. "
    "Without that partnership the work in {ward} would have stopped more than once.",
    "Not everything has worked. Funding runs out, volunteers move away and the {season} "
    "months are always the hardest, but {listing} has learned to ask for help early.",
    "The numbers tell part of the story: more people through the door every {season}, "
    "more referrals from {other}, and fewer neighbours who say they have nobody to call.",
    "People in {ward} talk about {listing} the way they talk about a good neighbour: "
    "always there, never in a hurry, and quietly connected to everything else.",
]
STORY_QUOTES = [
    "I came for one thing and stayed for the people",
    "Nobody asks you to explain yourself here",
    "It sounds small. It isn't small",
    "We didn't do anything clever; we just kept turning up",
    "You find out what your street can do when you ask it",
    "Before this I didn't know anyone on my floor",
]
STORY_ROLES = [
    *("volunteers every week", "has lived in {ward} for {years} years", "helped set it up"),
    *("joined last spring", "chairs the committee", "first came along as a parent"),
]
SEASONS = ["spring", "summer", "autumn", "winter"]

# Which relation types read naturally from one kind of listing to another; assets are
# only ever at the receiving end.
RELATIONS = {
    "organisation": {
        "organisation": ["partners with", "refers to", "funds"],
        "group": ["supports", "funds"],
        "place": ["runs", "meets at", "uses"],
        "activity": ["runs", "supports"],
        "asset": ["runs"],
    },
    "group": {
        "organisation": ["member of", "partners with"],
        "group": ["partners with"],
        "place": ["meets at", "uses"],
        "activity": ["runs"],
        "asset": ["uses"],
    },
    "place": {
        "organisation": ["partners with"],
        "asset": ["uses"],
    },
    "activity": {
        "place": ["meets at"],
        "organisation": ["refers to"],
        "asset": ["uses"],
    },
    "person": {
        "organisation": ["volunteers with", "member of"],
        "group": ["member of", "runs", "volunteers with"],
        "activity": ["runs", "volunteers with"],
        "person": ["refers to"],
    },
}


@dataclass
class DemoVocabulary:
    """The demo dataset's topics, offers/needs, interests and schedules, with their counts."""

    topics: Counter
    offers: Counter
    needs: Counter
    interests: list
    schedules: list

    @classmethod
    def load(cls, path=DEMO_ELEMENTS):
        """Read the vocabularies from the demo elements file."""
        with open(path, newline="", encoding="utf-8-sig") as handle:
            rows = list(csv.DictReader(handle))
        return cls(
            topics=_count(rows, "Tags"),
            offers=_count(rows, "Offers"),
            needs=_count(rows, "Needs"),
            interests=sorted(_count(rows, "Interests")),
            schedules=sorted({row["Schedule"].strip() for row in rows if row["Schedule"].strip()}),
        )

    @property
    def resources(self):
        """Offers and needs share one vocabulary."""
        return sorted(set(self.offers) | set(self.needs))


def _count(rows, column):
    return Counter(
        value.strip() for row in rows for value in row[column].split("|") if value.strip()
    )
