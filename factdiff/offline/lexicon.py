"""Word lists for the offline rules: general English news vocabulary only.

Nothing here may name a person, place or phrase from any particular story: the
rules run on corpora nobody has seen while writing them.
"""

from __future__ import annotations

from types import MappingProxyType

from factdiff.models import QuantityQualifier


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


ONES: MappingProxyType[str, int] = MappingProxyType(
    {
        "one": 1,
        "two": 2,
        "three": 3,
        "four": 4,
        "five": 5,
        "six": 6,
        "seven": 7,
        "eight": 8,
        "nine": 9,
        "ten": 10,
        "eleven": 11,
        "twelve": 12,
        "thirteen": 13,
        "fourteen": 14,
        "fifteen": 15,
        "sixteen": 16,
        "seventeen": 17,
        "eighteen": 18,
        "nineteen": 19,
    }
)
TENS: MappingProxyType[str, int] = MappingProxyType(
    {
        "twenty": 20,
        "thirty": 30,
        "forty": 40,
        "fifty": 50,
        "sixty": 60,
        "seventy": 70,
        "eighty": 80,
        "ninety": 90,
    }
)
SCALES: MappingProxyType[str, int] = MappingProxyType(
    {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000, "trillion": 10**12}
)
VAGUE_PLURALS: MappingProxyType[str, int] = MappingProxyType(
    {
        "dozens": 12,
        "scores": 20,
        "tens": 10,
        "hundreds": 100,
        "thousands": 1_000,
        "millions": 1_000_000,
        "billions": 1_000_000_000,
    }
)
NUMBER_QUALIFIERS: MappingProxyType[str, QuantityQualifier] = MappingProxyType(
    {
        "at least": "at_least",
        "no fewer than": "at_least",
        "no less than": "at_least",
        "a minimum of": "at_least",
        "at most": "at_most",
        "up to": "at_most",
        "as many as": "at_most",
        "no more than": "at_most",
        "a maximum of": "at_most",
        "more than": "more_than",
        "over": "more_than",
        "upwards of": "more_than",
        "in excess of": "more_than",
        "exceeding": "more_than",
        "fewer than": "less_than",
        "less than": "less_than",
        "under": "less_than",
        "nearly": "about",
        "almost": "about",
        "about": "about",
        "around": "about",
        "approximately": "about",
        "roughly": "about",
        "some": "about",
        "an estimated": "about",
        "estimated": "about",
        "close to": "about",
        "just under": "about",
        "just over": "about",
        "an approximate": "about",
    }
)

NOUN_PHRASE_STOPWORDS: frozenset[str] = _words(
    """
    a an the this that these those its their his her our your my of in on at to for from by with as into onto
    over under across along among between through during since until before after against about around
    near within without per via and or but nor so yet than then if because while when where who whom whose
    which what is are was were be been being am has have had do does did will would shall should can could
    may might must more most less least each every all both either neither other another such no not also
    only just still even ago earlier later overnight today yesterday tomorrow there here it they them he she
    we you i times
    """
)
"""Words that end the noun phrase after a number ('two men *were* captured')."""

IRREGULAR_SINGULARS: MappingProxyType[str, str] = MappingProxyType(
    {
        "people": "person",
        "men": "man",
        "women": "woman",
        "children": "child",
        "feet": "foot",
        "teeth": "tooth",
        "mice": "mouse",
        "geese": "goose",
        "police": "police",
        "news": "news",
        "series": "series",
        "species": "species",
        "aircraft": "aircraft",
        "personnel": "personnel",
        "troops": "troop",
        "lives": "life",
        "wives": "wife",
        "knives": "knife",
        "halves": "half",
        "crises": "crisis",
        "analyses": "analysis",
    }
)


def singular(word: str) -> str:
    """A simple English singular, lower case: enough to compare 'soldiers' with 'soldier'."""
    word = word.lower()
    if word in IRREGULAR_SINGULARS:
        return IRREGULAR_SINGULARS[word]
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes", "zes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3:
        return word[:-1]
    return word


MONTHS: MappingProxyType[str, int] = MappingProxyType(
    {
        "January": 1,
        "February": 2,
        "March": 3,
        "April": 4,
        "May": 5,
        "June": 6,
        "July": 7,
        "August": 8,
        "September": 9,
        "October": 10,
        "November": 11,
        "December": 12,
        "Jan": 1,
        "Feb": 2,
        "Mar": 3,
        "Apr": 4,
        "Jun": 6,
        "Jul": 7,
        "Aug": 8,
        "Sep": 9,
        "Sept": 9,
        "Oct": 10,
        "Nov": 11,
        "Dec": 12,
    }
)
WEEKDAYS: tuple[str, ...] = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

SPEECH_VERBS: frozenset[str] = _words(
    """
    say tell state add remark emphasise emphasize comment label call describe claim allege deny insist note
    warn argue explain announce reveal write post urge respond reply stress assert suggest accuse confirm
    reiterate tweet declare acknowledge maintain specify disclose express characterise characterize
    refer reaffirm condemn dismiss reject counter concede admit report contend clarify question underscore highlight
    """
)
"""Verbs that attribute a statement to whoever is their subject."""

INVERTED_SPEECH_VERBS: frozenset[str] = frozenset(
    {"say", "add", "state", "write", "note", "explain", "continue"}
)
"""Verbs that may come before their speaker: '..., said the minister.'"""

COMMON_VERBS: frozenset[str] = _words(
    """
    be have do make take give get go come see know find show become leave put bring begin keep hold run
    provide receive meet include continue set send launch kill wound injure capture detain arrest release
    attack strike hit shoot fire target destroy damage fight kill invade occupy seize withdraw deploy
    recruit train pay sign agree approve ban block sanction impose lift raise cut increase decrease rise
    fall drop reach cross enter return flee die suffer survive win lose vote elect appoint resign open close
    summon investigate verify monitor support oppose help aid supply sell buy trade export import
    offer propose endorse violate break plan prepare serve work involve participate engage remain seem
    appear mark signal prompt strain comply advise ask demand question share suspend shoot down stretch
    """
)
"""Frequent news verbs, so the offline rules can find a sentence's main verb."""

IRREGULAR_VERB_FORMS: MappingProxyType[str, str] = MappingProxyType(
    {
        "said": "say",
        "says": "say",
        "told": "tell",
        "wrote": "write",
        "written": "write",
        "is": "be",
        "are": "be",
        "was": "be",
        "were": "be",
        "been": "be",
        "has": "have",
        "had": "have",
        "did": "do",
        "done": "do",
        "made": "make",
        "took": "take",
        "taken": "take",
        "gave": "give",
        "given": "give",
        "got": "get",
        "went": "go",
        "gone": "go",
        "came": "come",
        "saw": "see",
        "seen": "see",
        "knew": "know",
        "known": "know",
        "found": "find",
        "shown": "show",
        "became": "become",
        "left": "leave",
        "brought": "bring",
        "began": "begin",
        "begun": "begin",
        "kept": "keep",
        "held": "hold",
        "ran": "run",
        "met": "meet",
        "set": "set",
        "sent": "send",
        "hit": "hit",
        "shot": "shoot",
        "fought": "fight",
        "sold": "sell",
        "bought": "buy",
        "cut": "cut",
        "rose": "rise",
        "risen": "rise",
        "fell": "fall",
        "fallen": "fall",
        "fled": "flee",
        "won": "win",
        "lost": "lose",
        "broke": "break",
        "broken": "break",
        "paid": "pay",
        "put": "put",
        "struck": "strike",
        "seized": "seize",
    }
)

AUXILIARIES: frozenset[str] = _words(
    "is are was were be been being has have had do does did will would shall should can could may might must"
)
ADVERBS_BEFORE_VERB: frozenset[str] = _words(
    """
    also further later earlier firmly repeatedly previously reportedly allegedly again then already once
    publicly privately strongly flatly quickly swiftly immediately separately recently never not often
    """
)

TITLE_WORDS: frozenset[str] = _words(
    """
    president vice prime minister secretary chancellor king queen prince princess governor mayor senator
    sen rep representative congressman congresswoman mp lawmaker spokesman spokeswoman spokesperson
    ambassador envoy general gen colonel col lieutenant lt major maj captain capt sergeant sgt admiral
    commander chief director chairman chairwoman chair ceo judge justice pope bishop rabbi imam sheikh
    dr mr mrs ms prof professor premier leader deputy head official officer minister president-elect
    commissioner chancellor-elect emir sultan ayatollah attorney inspector superintendent detective
    """
)
"""Words that, before a capitalised name, mark the name as a person."""

PERSON_ROLES: frozenset[str] = TITLE_WORDS | _words(
    """
    official officials analyst expert source sources witness witnesses resident residents critic critics
    lawmaker diplomat diplomats spokesman spokeswoman spokesperson observer observers activist activists
    researcher
    """
)
"""Nouns for people: 'the lawmaker said' refers back to the last person quoted."""

INSTITUTIONS: frozenset[str] = _words(
    "ministry government office agency military army police statement report authorities department"
)
"""Nouns for bodies: 'the defence ministry said' names its own speaker."""

ROLE_NOUNS: frozenset[str] = PERSON_ROLES | INSTITUTIONS
"""Nouns that can head an unnamed speaker ('the ministry said', 'a senior official said')."""

DETERMINERS: frozenset[str] = _words(
    "the a an this that these those its their his her our your my some any no every each"
)

ORGANISATION_WORDS: frozenset[str] = _words(
    """
    Ministry Department Council Kremlin Parliament Congress Senate House Assembly Army Navy Forces Force
    Agency Commission Committee Union Organisation Organization Party Government Court Office Police
    Service Services Bank Company Corporation Corp Inc Ltd Group University Institute Foundation Fund
    Association Federation Alliance Guard Command Cabinet Bureau Authority Administration Embassy
    Pentagon Network News Times Post Press Agency Reuters Coalition Movement Front Board Secretariat
    """
)
"""Capitalised words that make the phrase they are in an organisation."""

PLACE_SUFFIXES: frozenset[str] = _words(
    """
    region oblast province state county district city town village republic territory peninsula island
    islands border sea river valley prefecture governorate municipality
    bridge viaduct tunnel street road avenue square station airport
    """
)
"""Nouns after a capitalised word that make it a place name ('the Donetsk-style X region')."""

COUNTRY_ALIASES: frozenset[str] = frozenset(
    {"US", "U.S.", "USA", "U.S.A.", "UK", "U.K.", "Britain", "America"}
)

SENTENCE_STARTERS: frozenset[str] = _words(
    """
    The A An This That These Those It Its He She They We I You His Her Their Our In On At For From By With
    As After Before During Since Until While When Where Why How What Who Which But And Or So Yet However
    Meanwhile Additionally Also Although Though Despite Similarly Still Both Either Neither Some Many
    Most All No Not Last Next Earlier Later Today Yesterday Tomorrow There Here If Once Such Other
    Another According Several Few Each Every Further Moreover Instead Then Now Following Amid
    """
)
"""Capitalised only because they open a sentence: never the start of a name."""

ABBREVIATIONS: frozenset[str] = _words(
    """
    mr mrs ms dr prof gen col lt maj capt sgt adm cmdr gov sen rep st jr sr vs etc inc ltd co corp no
    jan feb mar apr jun jul aug sep sept oct nov dec fig approx dept est rev hon
    """
)
"""Words whose trailing full stop does not end a sentence."""

DENIAL_PATTERNS: tuple[str, ...] = (
    r"\bden(?:y|ies|ied|ying|ial)\b",
    r"\breject(?:s|ed|ing)?\b",
    r"\bdismiss(?:es|ed|ing)?\b",
    r"\brefut(?:e|es|ed|ing)\b",
    r"\brebuff(?:s|ed|ing)?\b",
    r"\bnot true\b",
    r"\buntrue\b",
    r"\bgroundless\b",
    r"\bunfounded\b",
    r"\bbaseless\b",
    r"\bfalse\b",
    r"\bfabricat(?:ed|ion)\b",
    r"\b(?:has|have|had|did|does|do|is|are|was|were|will|would)(?: not|n['’]t)\b",
    r"\bnever\b",
)
NON_COMMITTAL_PATTERNS: tuple[str, ...] = (
    r"\bneither confirmed nor denied\b",
    r"\bneither confirm(?:s|ed)? nor den(?:y|ies|ied)\b",
    r"\bdeclined to (?:comment|confirm)\b",
    r"\bdid not (?:immediately )?respond\b",
    r"\bno immediate (?:response|comment)",
    r"\b(?:was|were|is|are) not (?:immediately )?available (?:for|to) comment\b",
    r"\bcould not be reached (?:for comment)?",
)
"""Neither an assertion nor a denial: recorded as 'unverified'."""

UNVERIFIED_PATTERNS: tuple[str, ...] = (
    r"\bunverified\b",
    r"\bcould not (?:be )?(?:independently )?(?:verify|verified|confirm|confirmed)\b",
    r"\bnot (?:been )?independently (?:verified|confirmed)\b",
    r"\black(?:s|ed|ing)? (?:\w+ )?evidence\b",
    r"\bwithout (?:\w+ )?evidence\b",
    r"\bno (?:\w+ )?evidence\b",
    r"\bunconfirmed\b",
)
ALLEGED_PATTERNS: tuple[str, ...] = (
    r"\ballege(?:s|d)?\b",
    r"\ballegedly\b",
    r"\baccus(?:e|es|ed|ing)\b",
    r"\bclaim(?:s|ed)? that\b",
    r"\bclaimed\b",
    r"\bpurported\b",
)
REPORTED_PATTERNS: tuple[str, ...] = (
    r"\breportedly\b",
    r"\bpurportedly\b",
    r"\baccording to\b",
    r"\bis (?:said|believed|thought) to\b",
    r"\bare (?:said|believed|thought) to\b",
    r"\breports? (?:say|said|suggest|suggested|indicate|indicated)\b",
)

WORLD_REGIONS: frozenset[str] = _words(
    """
    Europe Asia Africa Americas Antarctica Oceania Arctic Balkans Caucasus Scandinavia Siberia Sahel
    Caribbean Mediterranean Pacific Atlantic Baltic Gulf
    """
) | frozenset({"Middle East", "Latin America", "South America", "North America", "Central Asia", "East Asia"})

PRONOUN_SPEAKERS: frozenset[str] = frozenset({"he", "she", "they"})
DEMONYM_ENDINGS: tuple[str, ...] = ("ian", "ean", "an", "ese", "ish", "i", "ic", "ch")

OPPOSITE_STATES: tuple[tuple[str, str, str], ...] = (
    (
        "still going on / over",
        r"\b(?:continu(?:e|es|ed|ing)|ongoing|under ?way|resum(?:e|es|ed))\b",
        r"\b(?:ended|called off|halted|abandoned|concluded|collapsed|broke down|broken down|stopped|suspended)\b",
    ),
    (
        "held / free",
        r"\b(?:custody|jailed|imprisoned|behind bars|remanded|detained|locked up)\b",
        r"\b(?:remains? free|walked free|released|freed|at large|on bail)\b",
    ),
    (
        "planned / dropped",
        r"\b(?:planned|scheduled|(?:has|have|had) (?:already )?called(?! off))\b",
        r"\b(?:shelved|scrapped|cancell?ed|dropped|called off|postponed)\b",
    ),
    ("alive / dead", r"\b(?:alive|survived)\b", r"\b(?:dead|died|killed)\b"),
)
"""Pairs of states one thing cannot be in at once, as (label, one state, the other) patterns on folded text."""
PERSON_STATES = frozenset({"held / free", "alive / dead"})
"""The labels of `OPPOSITE_STATES` that describe a person, not a process."""

PLACE_NOUNS: frozenset[str] = _words(
    """
    pier piers gate gates platform platforms route routes street road avenue highway motorway junction exit
    terminal terminals berth berths dock docks quay wharf hangar hall halls block blocks building unit
    floor level lane track runway ward room bay sector zone camp checkpoint kilometre km mile marker
    """
)
"""Nouns a number names a place with ("Pier 7", "Gate 12"): a clash of such numbers is about where."""
