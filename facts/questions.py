"""What a typed question asks for: its content words, what each may stand for, its numbers.

Reporters type questions and topics, not record names: "how many died at the mosque",
"soldiers killed", "who says 274". This module drops the question's scaffolding (question words,
filler, punctuation) and maps the words reporters use to the words the articles use, through
one small table. Resolving each word against the store's vocabulary (typos,
transliterations) is the search index's job; ranking is the full-text engine's.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise

# PyStemmer: the Snowball algorithms in C. The pure-Python snowballstemmer gave the same stems
# but imported all its thirty languages at every start (~20 ms).
import Stemmer  # type: ignore[import-not-found]
from rapidfuzz.distance import OSA

# Words that shape a question but name nothing in it. Kept apart from the search index's
# stop words: "who" and "says" are noise in a question, and only here. With the slips of the
# keyboard reporters on deadline make of them ("wat did mujahid say"): no name in the
# articles is spelled so, and one left in a question made it a no-match.
QUESTION_WORDS = frozenset(
    """
    a an and any are as at be been being by can could did do does for from get got had has
    have how i in into is it its know latest let me much many my new news of on or our please
    s say says said saying show tell than that the their them there these they this those to
    vs versus was we were what whats when where which who whom whose why will with would
    happen happened happening going go goes about regarding re latest update updates info
    details anything everything really actually exactly truly indeed ever still just also
    even only very ago you your give gave find look explain describe summary summarise
    summarize list all events timeline think thinks thought believe believes role stance
    now currently anyone anybody someone somebody
    wat wht waht whta wut wot hw hwo wen wher whr whos wats pls plz
    figure figures number numbers count tally total overall combined cumulative altogether
    compare compared comparing comparison report reports reported told tells
    cover covers covered covering coverage story stories
    """.split()  # noqa: SIM905 (a word list reads better as prose)
)

# "The Taliban's version", "Kabul's side", "the Afghan side of the story": someone's account
# is asked for, as "what does Kabul say" asks it; the words name no event. ("Side" is also an
# article's word, "casualties on its side": asked as "kabul's side" it is the asking.)
ACCOUNT_WORDS = frozenset(
    """
    version versions side sides narrative narratives perspective perspectives viewpoint
    account accounts
    """.split()  # noqa: SIM905 (a word list reads better as prose)
)
# "Who disputes 274", "how do the death tolls differ", "conflicting reports on the mosque toll",
# "mujahid vs ispr", "is the 274 figure true": the question asks where the accounts disagree
# (the bot never settles which is true), so the disputes, side by side, answer it. Only the
# asking: the articles say none of these words of their own accounts.
DISPUTE_WORDS = frozenset(
    """
    dispute disputes disputed disputing differ differs differed difference differences
    conflicting contradict contradicts contradictory contradiction contradictions
    disagree disagrees disagreement contested contest contests
    discrepancy discrepancies inconsistent
    vs versus compare compared comparing comparison
    true truth untrue correct accurate accuracy false wrong
    reliable reliability credible credibility trustworthy believable
    """.split()  # noqa: SIM905 (a word list reads better as prose)
)

# "Who lost more", "which side suffered more casualties", "which toll is higher": the
# counts are compared, and the bot compares none itself: each side's figure, side by side,
# answers it (as a dispute does). No article's own words ("the more Pakistan will strike").
COMPARATIVES = frozenset(
    """
    more less fewer higher lower bigger larger greater heavier worse most least fewest highest
    lowest biggest largest heaviest worst
    """.split()  # noqa: SIM905 (a word list reads better as prose)
)
# ... but "tell me more about bannu", "what more do we know" ask for more of something,
# comparing nothing.
_MORE_OF = re.compile(
    r"\b(?:what|any|anything|much|some|no) more\b"
    r"|\bmore (?:about|on|of|info|information|details|detail|news|to)\b"
)
# "More than 100 dead", "over 1000 killed", "fewer than 10": a bound on a count, the number
# no word of it. The articles' "at least 46" and "more than 400" are their own words: the
# retrieval keeps a number the store holds as a word (see facts.retrieval).
# "At least 50 killed", "50 or more dead", "at most 20": a bound that takes the number too.
_THRESHOLD = re.compile(
    r"\b(more than|over|above|greater than|exceeding|upwards of|in excess of|fewer than"
    r"|less than|under|below|at least|no fewer than|no less than|a minimum of|at most"
    r"|no more than|up to)\s+(\d[\d.]*)\b"
)
_THRESHOLD_AFTER = re.compile(r"\b(\d[\d.]*)\s+(or more|or over|and above|plus|or fewer|or less)\b")
_BELOW = frozenset({"fewer than", "less than", "under", "below"})
_AT_MOST = frozenset({"at most", "no more than", "up to", "or fewer", "or less"})
_AT_LEAST = frozenset(
    {"at least", "no fewer than", "no less than", "a minimum of", "or more", "or over"}
    | {"and above", "plus"}
)

# "Trade impact", "economic effect", "consequences for afghan exports": the words ask what
# something did to a subject; no record says "impact", the articles tell it ("suspension of
# trade has significantly reduced Afghan exports"), so the subject's words answer it.
EFFECT_WORDS = frozenset(
    """
    impact impacts effect effects consequence consequences fallout implication implications
    repercussion repercussions
    """.split()  # noqa: SIM905 (a word list reads better as prose)
)

# "Is the TTP the same as the Afghan Taliban", "are X and Y linked": how two named actors
# relate is asked; what the articles say of each, and the claims of one about the other,
# answer it (never a verdict of the bot's own).
RELATION_WORDS = frozenset(
    """
    same linked link links ties tied related relationship relation relations connected
    connection connections allied allies ally affiliated affiliate affiliation part wing
    branch offshoot different distinct separate
    """.split()  # noqa: SIM905 (a word list reads better as prose)
)

# "Has the toll risen", "the latest death toll", "updated casualty figures": a count asked as
# one that changes. The articles give each count once, as of their own dates: the words ask
# for the counts in that order, and name nothing a record holds ("a 21 percent rise" in a
# year's fatalities is not a toll that rose).
TREND_WORDS = frozenset(
    """
    risen rise rises rising rose increase increased increases increasing grown grew grow
    climbed climb climbing jumped updated update revised new latest current now
    """.split()  # noqa: SIM905 (a word list reads better as prose)
)

# "Which article says 31", "who reported 36 dead": words that ask for an article, not what
# it says. Scaffolding of the `source` question only: a claim's own text may say "report".
# The nouns name the articles or who publishes them ("which outlets", "what media").
ARTICLE_NOUNS = tuple(
    """
    article articles source sources story stories piece pieces outlet outlets publication
    publications publisher publishers paper papers newspaper newspapers media report reports
    """.split()  # noqa: SIM905 (a word list reads better as prose)
)
_ARTICLE_NOUN_SET = frozenset(ARTICLE_NOUNS)
ARTICLE_WORDS = _ARTICLE_NOUN_SET | frozenset(
    """
    reported reporting wrote writes written mention mentions mentioned cite cites cited
    carried carries cover covers covered covering coverage published publishes publish
    """.split()  # noqa: SIM905
)

# "I want to know ...", "we need to": asking, not what is asked about. Alone, "want" asks for
# someone's aims ("what does the TTP want").
_ASKING = re.compile(r"\b(want|wants|wanted|need|needs|like) to\b")

# "What does Kabul say": the question asks for someone's account, so a place's name may
# stand for its government ("Kabul" for the Afghan Taliban, "Islamabad" for Pakistan's).
# Not "claimed": "who claimed the mosque attack" asks who claimed responsibility.
SPEECH_CUES = frozenset(
    {"say", "says", "said", "saying", "think", "thinks", "believe", "believes"}
    # "Does Afghanistan deny ...", "did India condemn ...": an account, given or refused.
    | {"deny", "denies", "denied", "reject", "rejects", "rejected"}
    | {"condemn", "condemns", "condemned"}
    | {"criticise", "criticised", "criticize", "criticized", "criticism"}
    # "Did Afghanistan admit ...": an account of one's own losses, given or not.
    | {"admit", "admits", "admitted", "acknowledge", "acknowledges", "acknowledged"}
    # "How did Kabul respond", "what did the BBC report": an account, asked for by its verb.
    | {"respond", "responds", "responded", "response", "react", "reacts", "reacted"}
    | {"reaction", "report", "reports", "reported", "tell", "tells", "told"}
    # "The UN statement", "China's comments": an account, asked for by what it is.
    | {"statement", "statements", "comment", "comments", "remarks"}
    # "How many died according to Pakistan": whose account is named after it.
    | {"according"}
    | ACCOUNT_WORDS
)
# "International reaction", "what did the world say", "which countries called for restraint":
# the reactions of those outside the conflict are asked (see facts.briefing.reactions). A
# word naming the world beyond its parties, with a word asking how it reacted. (Not
# "governments" or "capitals": "what did both governments say" asks the parties.)
WORLD_WORDS = frozenset(
    """
    international internationally global globally world worldwide country countries nation
    nations powers abroad foreign community
    """.split()  # noqa: SIM905 (a word list reads better as prose)
)
REACTING_WORDS = (SPEECH_CUES - {"according"}) | frozenset(
    """
    reactions responses condemnation condemnations criticism criticised criticized call calls
    called calling urge urges urged urging restraint concern concerned stance position
    positions view views back backs backed backing support supports supported supporting
    """.split()  # noqa: SIM905 (a word list reads better as prose)
)
# ... "the foreign minister", "foreign ministry": an office, not the world.
_FOREIGN_OFFICE = re.compile(
    r"\bforeign (?:minister|ministers|ministry|ministries|office|affairs)\b"
)
# "ISPR claims", "what does pakistan claim": "claim" after a name asks for that one's account
# (facts.retrieval reads it so); "who claimed the mosque attack" names no one before it.
CLAIM_WORDS = frozenset({"claim", "claims", "claimed", "claiming"})
# Who are counted: "how many *afghan* soldiers died according to pakistan" asks for the
# Afghan side's dead, not Pakistan's own soldiers; the word before one of these names whose.
VICTIM_WORDS = frozenset(
    """
    soldiers soldier troops personnel fighters fighter militants militant insurgents civilians
    civilian police policemen officers children women men people combatants forces
    """.split()  # noqa: SIM905 (a word list reads better as prose)
)
# "Casualties on the Pakistani side" are Pakistan's losses, not its account ("Kabul's side"
# is): there "side" asks for no one's account.
_ON_A_SIDE = re.compile(r"\bon (?:the|their|its|our|both|each|either) (?:\w+ )?sides?\b")

# "Has Kabul admitted losses", "did the army acknowledge casualties": a side's own count of
# its own losses is asked, not what it says the other side lost.
ADMIT_WORDS = (
    *("admit", "admits", "admitted", "admitting", "admission", "acknowledge"),
    *("acknowledges", "acknowledged", "concede", "concedes", "conceded"),
)
_ADMITTING = frozenset(ADMIT_WORDS)

# What a reporter types -> the words the articles use for it. A word of a group also finds
# every other word of its group; multi-word entries are phrases. Kept by hand because it is
# this product's own vocabulary (the five articles' words), not a general thesaurus.
SYNONYM_GROUPS: tuple[tuple[str, ...], ...] = (
    (
        "killed",
        "kill",
        "kills",
        "killing",
        "dead",
        "died",
        "die",
        "dies",
        "death",
        "deaths",
        "death toll",
        "toll",
        "fatalities",
        "slain",
        "lives",
    ),
    ("wounded", "wounding", "wound", "injured", "injuring", "injuries", "injury", "hurt"),
    ("strike", "strikes", "airstrike", "airstrikes", "air strike", "air strikes", "raid", "raids"),
    (
        *("bombing", "bombings", "bomb", "bombed", "blast", "explosion", "suicide bombing"),
        # "Bombers": the articles' "suicide bomber" of each bombing (its stem is no stem of
        # "bomb", which the strict stem rule keeps apart).
        *("bomber", "bombers", "suicide bomber", "suicide bombers"),
    ),
    # "Retaliatory strikes": the articles' "in retaliation for", "retaliated" (Snowball
    # stems "retaliatory" apart from them).
    ("retaliation", "retaliate", "retaliated", "retaliates", "retaliating", "retaliatory"),
    ("attack", "attacks", "attacked", "assault", "assaults", "offensive"),
    ("drone", "drones", "uav", "uavs"),
    ("madrassa", "madrasa", "madrassas", "madrasas", "religious school", "seminary"),
    ("defence", "defense"),
    ("mosque", "mosques", "masjid"),
    # Posts are captured and seized; people are taken captive: "prisoners" is not the posts.
    ("captured", "capture", "seized"),
    ("captive", "captives", "prisoner", "prisoners"),
    ("missing", "missing in action"),
    ("ceasefire", "ceasefires", "truce", "cease fire"),
    # "A ceasefire deal": the articles' "agreement" ("a formal peace agreement").
    ("agreement", "agreements", "deal", "deals", "accord", "accords", "pact"),
    # The articles' "border clashes" and "military confrontation" are one kind of fighting.
    ("clashes", "clash", "clashed", "confrontation", "confrontations", "skirmishes"),
    (
        *("talks", "negotiations", "mediation", "mediated", "mediator", "mediators"),
        # The articles' ceasefire was "brokered" by Qatar and Turkiye.
        *("mediate", "mediating", "brokered", "broker", "brokers", "brokering"),
    ),
    ("soldiers", "soldier", "troops", "personnel"),
    ("militants", "militant", "fighters", "insurgents", "terrorists"),
    ("civilians", "civilian", "noncombatants"),
    # "Were children killed": the Bajaur attack killed "a child" (the stems are apart).
    ("children", "child", "kids", "minors"),
    ("women", "woman"),
    ("posts", "post", "checkposts", "checkpost", "positions", "outposts"),
    ("spokesman", "spokesperson", "spokeswoman", "spokesmen"),
    ("refugees", "refugee", "returnees"),
    ("deported", "deportation", "deportations", "expelled"),
    ("border", "borders", "frontier"),
    (
        *("backed", "backing", "backs", "support", "supported", "supports", "supporting"),
        # "Is the TTP backed by India": Dr Khan's "Indian sponsorship, abetment and design".
        *("sponsor", "sponsors", "sponsored", "sponsoring", "sponsorship"),
    ),
    ("us", "united states", "washington"),
    ("km", "kilometres", "kilometers", "km²"),
    ("sq", "square"),
    ("summoned", "summons", "demarche"),
    ("dg", "director general", "chief"),
    ("pm", "prime minister", "premier"),
    # India's foreign ministry is its Ministry of External Affairs.
    ("foreign", "external"),
    (
        *("want", "wants", "wanted", "aim", "aims", "goal", "goals", "objective", "objectives"),
        *("intent", "intention", "intentions", "demand", "demands"),
    ),
    ("began", "begin", "begins", "started", "start", "starts"),
    ("condemn", "condemns", "condemned", "condemnation", "denounce", "denounces", "denounced"),
    # "Did Russia criticise Pakistan": the articles' "refrained from criticizing" (either
    # spelling).
    (
        *("criticise", "criticises", "criticised", "criticising", "criticism", "criticize"),
        *("criticizes", "criticized", "criticizing"),
    ),
    ("deny", "denies", "denied", "denial", "reject", "rejects", "rejected"),
    # "Did the army admit losses": the articles' "he acknowledges that 12 soldiers were killed".
    ADMIT_WORDS,
    ("harbour", "harbours", "harbouring", "harboured", "harbor", "harbors", "harboring"),
    ("seek", "seeks", "seeking", "sought", "pursue", "pursues", "pursuing", "pursued"),
    ("collapse", "collapsed", "collapses", "shattered", "shatter", "shatters"),
    # "Is 274 confirmed", "has anyone verified it": the articles' "yet to be verified" and
    # what an officer "confirmed"; an "independent" check is their "impartial" one.
    (
        *("verified", "verify", "verifies", "verification", "verifiable", "unverified"),
        *("confirmed", "confirm", "confirms", "confirmation", "corroborated", "corroborate"),
    ),
    ("independent", "independently", "impartial", "impartially", "neutral"),
    # "Is the ceasefire holding": the articles' ceasefire "largely held".
    ("held", "hold", "holds", "holding"),
)
# What happened to those a figure counts, as questions name it ("how many worshippers were
# *wounded*"): a count of another fate (the killed) does not answer it.
MEASURE_WORDS = frozenset(
    (
        *SYNONYM_GROUPS[0],
        *SYNONYM_GROUPS[1],
        *("destroyed", "captured", "seized", "missing", "casualties", "casualty", "losses"),
    )
)
# "feb 26": the articles spell their months out ("February").
_MONTHS = tuple(
    (short.casefold(), full.casefold())
    for short, full in zip(calendar.month_abbr[1:], calendar.month_name[1:], strict=True)
    if short != full
)
SYNONYM_GROUPS += (*_MONTHS, ("sept", "september"))
# What a cause is asked by ("what triggered the strikes", "who started the war", "who fired
# first"), and how the articles tell a cause: as what was answered, retaliated for, provoked.
CAUSE_CUES = ("triggered", "trigger", "triggers", "sparked", "caused", "prompted", "provoke")
CAUSE_TERMS = (
    *("retaliation", "retaliated", "retaliate", "retaliatory", "response", "provoked"),
    "unprovoked",
)
# One-way: a broad word finds the narrower ones, not the other way round ("casualties" finds
# the killed and the wounded; "killed" does not find every wounded count).
BROADER: dict[str, tuple[str, ...]] = {
    "casualties": ("casualties", "casualty", "killed", "wounded", "injured", "dead", "deaths"),
    "casualty": ("casualties", "casualty", "killed", "wounded", "injured", "dead", "deaths"),
    **dict.fromkeys(
        ("losses", "lose", "loses", "lost", "losing"),
        ("losses", "killed", "casualties", "destroyed"),
    ),
    # "Which side suffered more casualties": what it suffered is its losses.
    **dict.fromkeys(
        ("suffer", "suffers", "suffered", "sustained"),
        ("suffered", "suffering", "losses", "killed", "casualties", "wounded", "injured"),
    ),
    "toll": ("toll", "killed", "dead", "deaths", "death toll"),
    # "What triggered the strikes": the articles tell a cause as what was answered.
    **dict.fromkeys(CAUSE_CUES, CAUSE_TERMS),
    # A border or trade "closed" is told as its suspension, or as a call to reopen it.
    **dict.fromkeys(
        ("closure", "closures", "closed", "close", "closing", "shut", "shutdown", "sealed"),
        ("closure", "closed", "suspension", "suspends", "suspended", "halted", "reopening"),
    ),
    # "The economic impact": the articles' economic records are of trade and exports.
    **dict.fromkeys(
        ("economic", "economy", "economically", "economics"), ("economic", "trade", "exports")
    ),
    # A bombing, a blast or a strike is an attack; not every attack is a bombing.
    "attack": ("attack", "attacks", "bombing", "blast", "explosion", "strike", "strikes"),
    "attacks": ("attack", "attacks", "bombing", "blast", "explosion", "strike", "strikes"),
    # A city bombed from the air was struck: the articles' "bombing raids" are air strikes.
    **dict.fromkeys(
        ("bomb", "bombs", "bombed", "bombing", "bombings"),
        (
            "bombing",
            "bombings",
            "bomb",
            "bombed",
            "blast",
            "explosion",
            "strike",
            "strikes",
            "raids",
            # ... and a place the articles say was struck ("struck 22 locations in Kabul").
            "struck",
        ),
    ),
    # A state "shelters" militants in reporters' words: the articles' sanctuary, safe havens,
    # harbouring or hosting.
    **dict.fromkeys(
        ("shelter", "shelters", "sheltering", "sheltered"),
        (
            *("shelter", "sanctuary", "sanctuaries", "safe havens", "havens"),
            *("harbouring", "harboring", "harbour", "hosting"),
        ),
    ),
    # A place "hit" was struck or targeted; not everything targeted was hit.
    **dict.fromkeys(
        ("hit", "hits", "struck"),
        ("hit", "hits", "struck", "strike", "strikes", "targeted", "targeting", "bombed"),
    ),
    # "Kabul's reaction": what the articles tell as a response, a condemnation, a rejection
    # (the international reactions are also keyworded so); not every response is a reaction.
    **dict.fromkeys(
        ("reaction", "reactions", "react", "reacts", "reacted"),
        (
            *("reaction", "reactions", "response", "condemned", "condemns", "condemn"),
            *("rejected", "rejects", "denounces"),
        ),
    ),
    # An "administration" is a government ("the Taliban administration"), and the desk's
    # "admin" (read as "administration") also shortens "administered": the articles'
    # "Indian-administered Kashmir". One way: "administered" is no government.
    **dict.fromkeys(
        ("administration", "administrations"),
        ("administration", "government", "authorities", "administered"),
    ),
    # "Who called for restraint": the articles tell it as calls to de-escalate, to end the
    # hostilities, to return to talks, to ease tensions.
    **dict.fromkeys(
        ("restraint", "calm", "deescalation", "deescalate"),
        (
            *("restraint", "de escalation", "de escalate", "hostilities", "tensions"),
            *("dialogue", "talks"),
        ),
    ),
    # "What happens next": the articles tell what is to come as what will continue.
    "next": ("next", "continue", "continued", "continues", "likely"),
    # A ceasefire "ended" in the articles' words collapsed or was shattered.
    # ... and one "broken" or "broke down" in reporters' words, too.
    **dict.fromkeys(
        ("end", "ended", "ends", "broke", "broken", "break", "breaks", "breakdown"),
        ("end", "ended", "collapsed", "collapse", "shattered"),
    ),
    # What someone recommends: the measures they propose ("measures that Pakistan can
    # adopt"); not every measure is a recommendation.
    **dict.fromkeys(
        (
            *("recommend", "recommends", "recommended", "recommendation", "recommendations"),
            *("suggest", "suggests", "propose", "proposes", "proposal", "proposals"),
            *("advise", "advises", "advice", "prescription", "prescriptions"),
        ),
        ("measures", "proposes", "proposals", "prescriptions", "recommend", "recommends"),
    ),
    # "Who was behind the mosque bombing" asks who claimed it, is blamed for it, or was
    # the attacker ("the attacker was later identified as an Afghan national").
    "behind": (
        "behind",
        "responsibility",
        "blamed",
        "blames",
        "blame",
        "attacker",
        "attackers",
        "perpetrator",
        "perpetrators",
    ),
}
# Phrases whose words alone mean something else ("shot", "down"): read as one word of the
# question, standing for what the articles say instead ("all were destroyed").
_DOWNED = ("destroyed", "downed", "neutralised", "neutralized", "intercepted")
IDIOMS: dict[str, tuple[str, ...]] = {
    **{f"{verb} down": _DOWNED for verb in ("shot", "shoot", "shoots", "shooting")},
    # "Who speaks for the Taliban": its spokesman, not who spoke with whom.
    **{
        f"{verb} for": ("spokesman", "spokesperson", "spokesmen", "spokeswoman")
        for verb in ("speaks", "speak", "spoke", "speaking")
    },
}
_SPEAKS_FOR = re.compile(r"\b(speaks|speak|spoke|speaking) for\b")
# "Who attacked Bannu" asks what "attack" does: its inflections widen as it does.
for _inflected in ("attacked", "attacking"):
    BROADER[_inflected] = (_inflected, *BROADER["attack"])
# A question about a time ("when did ...", "what date", "which day"): claims that date
# something answer it first. The names a date is written with, from the calendar module.
WHEN_CUES = frozenset({"when", "date", "dates", "day"})
DATE_WORDS = frozenset(
    name.casefold()
    for name in (*calendar.month_name, *calendar.month_abbr, *calendar.day_name)
    if name
)
# A question about an amount: claims that carry a figure answer it first.
FIGURE_CUES = frozenset(
    {"how many", "how much", "number", "numbers", "toll", "figure", "figures", "count"}
    | {"tally", "total"}
    | {"casualties", "losses"}  # counts by another name
)
# Words of a person's office: a question that uses one asks for a person ("the afghan foreign
# minister" is Muttaqi, not the foreign ministry; "DG ISPR" is its director general).
TITLE_WORDS = frozenset(
    """
    minister spokesman spokesperson spokeswoman director dg chief head secretary president
    envoy ambassador commander officer general leader premier pm governor
    """.split()  # noqa: SIM905 (a word list reads better as prose)
) | frozenset(phrase for phrase in IDIOMS if phrase.endswith(" for"))  # "who speaks for"
# Common nouns for a kind of actor: "army" asks for a military, not the Balochistan Liberation
# Army; "government" for a government (several: then the bot asks which).
KIND_WORDS: dict[str, str] = {
    **dict.fromkeys(("army", "armies", "military", "forces", "troops"), "military"),
    **dict.fromkeys(("government", "governments", "administration"), "government"),
    **dict.fromkeys(("ministry", "ministries", "department"), "ministry"),
    **dict.fromkeys(("group", "groups", "outfit", "outfits"), "armed group"),
}
# Whether accounts agree, asked ("do the articles agree"), or whether someone agreed to
# something ("did the Taliban agree to the ceasefire"): the words say how it is asked (see
# asks_about_disagreement), and no article reports anything as agreed in these words.
_AGREE = frozenset({"agree", "agrees", "agreed"})
# Words that only say how the question asks: never what it is about.
_ASKING_ONLY = QUESTION_WORDS | ACCOUNT_WORDS | DISPUTE_WORDS | EFFECT_WORDS | _AGREE
# "us" is a country after "the" or alone, and the asker after these ("tell us about bannu").
_ASKER = frozenset({"tell", "give", "show", "let", "help", "update", "brief"})

_NUMBER = re.compile(r"^\d[\d,.]*$")
_WORDS = re.compile(r"\w+")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")


def plain_numbers(text: str) -> str:
    """'1,034' as the one number it is, as a figure holds it ('1034'): split at the comma it
    would be two numbers, '1' and '034', that every count of one matches."""
    return _THOUSANDS.sub("", text)


def _synonym_table() -> dict[str, tuple[str, ...]]:
    table: dict[str, tuple[str, ...]] = {}
    for group in SYNONYM_GROUPS:
        for word in group:
            if " " not in word:
                table[word] = tuple(dict.fromkeys((*table.get(word, ()), *group)))
    for word, wider in BROADER.items():
        table[word] = tuple(dict.fromkeys((*wider, *table.get(word, ()))))
    return table


SYNONYMS = _synonym_table()


@dataclass(frozen=True)
class Question:
    """A query as the retrieval sees it."""

    text: str  # the cleaned query, as typed
    words: tuple[str, ...]  # its content words, folded, in order, each once
    numbers: tuple[str, ...] = ()  # the content words that are numbers ("274", "36")
    wants_figure: bool = False  # "how many ...", "death toll": figures first
    asks_for_person: bool = False  # a title ("minister", "spokesman"): people first
    asks_what_is_said: bool = False  # "say", "said": someone's account is asked for
    asks_for_dispute: bool = False  # "differ", "disputes": where the accounts disagree
    kinds_named: frozenset[str] = frozenset()  # "army": the kinds of actor it names
    asks_when: bool = False  # "when ...", "what date": claims that date something first
    content: str = field(default="")  # the content words joined: what names are matched on
    # ... and of an account asked for, the words naming who gives it: those before the word
    # that asks ("what did *pakistan* say about civilian casualties"), not those after.
    speakers: tuple[str, ...] = ()
    # ... and of a cause asked of someone's act ("why did *pakistan* strike", "what reason
    # did *kabul* give"), the words naming who acted: their own account of why leads.
    agents: tuple[str, ...] = ()
    asks_for_cause: bool = False  # "why ...", "who started ...": what tells a cause first
    # ... and the act whose cause is asked ("why was the border *closed*", "why did pakistan
    # *suspend* trade"): a cause told of another act (who fired first) does not answer it.
    acts: tuple[str, ...] = ()
    asks_relation: bool = False  # "same as", "linked": how the actors it names relate
    asks_trend: bool = False  # "has the toll risen": counts in the order of their articles
    asks_world: bool = False  # "international reaction": the reactions of third parties
    asks_admission: bool = False  # "has kabul admitted losses": its count of its own first
    # "More than 100 dead": the number's word, and whether counts above (">") or below
    # ("<") it are asked.
    threshold: tuple[str, str] | None = None
    # The words just before a group of victims ("*afghan* soldiers"): whose are counted, if
    # they name a people (facts.retrieval tells).
    victims_of: tuple[str, ...] = ()


def understand(text: str, folded_words: list[str]) -> Question:
    """The question behind a query. `folded_words` are the query's words as the search index
    folds them (lower case, no accents); scaffolding is dropped here."""
    lowered = " ".join(folded_words)
    wants_figure = any(cue in f" {lowered} " for cue in (f" {c} " for c in FIGURE_CUES))
    asking = {m.group(1) for m in _ASKING.finditer(text.casefold())}
    spoken = [
        w
        for n, w in enumerate(folded_words)
        if not (w == "us" and n > 0 and folded_words[n - 1] in _ASKER) and w not in asking
    ]
    spoken = _idioms_joined(spoken)
    # "Speaks for": the search index drops "for", which the idiom needs (see _SPEAKS_FOR).
    spoken_for = {m.group(1) for m in _SPEAKS_FOR.finditer(text.casefold())}
    spoken = [f"{w} for" if w in spoken_for else w for w in spoken]
    bound = _bound(" ".join(text.casefold().split()))  # its words as typed: "or", "at" too
    threshold = (bound[0], bound[1]) if bound else None
    comparing = compares(text)
    disagreement = asks_about_disagreement(folded_words) or comparing or sets_counts_apart(text)
    if disagreement:  # "which sources dispute the toll": who gives the accounts, not a word
        spoken = [w for w in spoken if w not in _ARTICLE_NOUN_SET]  # ... the accounts hold
    cause = asks_for_cause(text)
    named = [w for w in spoken if w not in _THE_CONFLICT and w not in _ASKING_ONLY]
    agents = _agents(folded_words, named) if cause else ()  # not "how did the fighting begin"
    if cause:
        # "Why did pakistan strike": the strike is what was done, its cause what is asked;
        # in "who struck first" the striking is the asking.
        asked = _REASONS if agents else _STARTED | _REASONS
        spoken = [CAUSE_CUES[0] if w in asked else w for w in spoken if w not in _THE_CONFLICT]
        if CAUSE_CUES[0] not in spoken:  # "why did pakistan strike": the strike's cause
            spoken.append(CAUSE_CUES[0])
    trend = wants_figure and not TREND_WORDS.isdisjoint(folded_words)
    scaffolding = _ASKING_ONLY | TREND_WORDS if trend else _ASKING_ONLY
    scaffolding |= COMPARATIVES
    if bound:  # "more than", "over", "or more": the bound's words
        scaffolding |= frozenset(bound[2].split())
    words = [w for w in dict.fromkeys(spoken) if w not in scaffolding]
    if not words:  # "impact" alone asks about nothing else: the word is what is asked
        words = [w for w in dict.fromkeys(spoken) if w in EFFECT_WORDS]
    numbers = tuple(w for w in words if _NUMBER.match(w))
    cues = SPEECH_CUES - {"side", "sides"} if _ON_A_SIDE.search(text.casefold()) else SPEECH_CUES
    world = asks_world(folded_words)
    return Question(
        text=text,
        words=tuple(words),
        numbers=numbers,
        wants_figure=wants_figure or bool(numbers) or comparing,
        asks_for_person=any(w in TITLE_WORDS for w in words),
        asks_what_is_said=any(w in cues for w in folded_words),
        asks_for_dispute=disagreement,
        kinds_named=frozenset(KIND_WORDS[w] for w in words if w in KIND_WORDS),
        asks_when=any(w in WHEN_CUES for w in folded_words),
        content=" ".join(words),
        # "What did the world say": the world is no one whose account is asked.
        speakers=tuple(
            w
            for w in _before_speech(folded_words, words, cues)
            if not world or w not in WORLD_WORDS
        ),
        agents=tuple(w for w in agents if w in words),
        asks_for_cause=cause,
        asks_relation=not RELATION_WORDS.isdisjoint(folded_words),
        asks_trend=trend,
        asks_world=world,
        asks_admission=not _ADMITTING.isdisjoint(folded_words),
        threshold=threshold,
        victims_of=tuple(
            dict.fromkeys(
                before
                for before, word in pairwise(folded_words)
                if word in VICTIM_WORDS
                and before in words
                and before not in VICTIM_WORDS
                and not _NUMBER.match(before)
            )
        ),
        acts=tuple(w for w in words if cause and w in _ACTS and w not in (*agents, CAUSE_CUES[0])),
    )


def compares(text: str) -> bool:
    """Whether counts are compared ("who lost more", "which toll is higher"); "more than 100"
    is a bound and "more about bannu" asks for more, comparing nothing."""
    rest = _THRESHOLD.sub(" ", " ".join(_WORDS.findall(text.casefold())))
    return not _MORE_OF.search(rest) and not COMPARATIVES.isdisjoint(rest.split())


# "Is it 13 or 274", "36 or 31": two counts set against each other ask which account says
# which, as "vs" does: the dispute, side by side.
_EITHER = re.compile(r"\b\d[\d.,]*\s+(?:or|vs|versus)\s+\d[\d.,]*\b")


def sets_counts_apart(text: str) -> bool:
    """Whether two numbers are set against each other ("13 or 274", "36 vs 31")."""
    return _EITHER.search(text.casefold()) is not None


def asks_world(folded_words: Sequence[str]) -> bool:
    """Whether the question asks how the world beyond the conflict's parties reacted: a word
    for it ("international", "countries") and one asking a reaction ("said", "urged")."""
    world = WORLD_WORDS.intersection(folded_words)
    if _FOREIGN_OFFICE.search(" ".join(folded_words)):
        world -= {"foreign"}
    return bool(world) and not REACTING_WORDS.isdisjoint(folded_words)


# A slip of a long question word ("happend", "hapened", "reportd"): one letter added,
# dropped, changed or two swapped, the first letter kept. Only for a word the store does not
# hold (the retrieval asks): "world" is one slip from "would".
_LONG_ASKING = tuple(w for w in QUESTION_WORDS if len(w) >= 5)


@lru_cache(maxsize=1024)
def asking_meant(word: str) -> str | None:
    """The question word of five letters or more a slip stands for ("happend": happened),
    or None. (The short slips QUESTION_WORDS lists are scaffolding as they are.)"""
    if len(word) < 5 or word in QUESTION_WORDS:
        return None
    near = [
        w for w in _LONG_ASKING if w[0] == word[0] and OSA.distance(word, w, score_cutoff=1) <= 1
    ]
    return min(near, key=lambda w: (OSA.distance(word, w), w)) if near else None


def slip_of_asking(word: str) -> bool:
    """Whether a word is one slip from a question word of five letters or more."""
    return len(word) >= 5 and asking_meant(word) is not None


def _bound(lowered: str) -> tuple[str, str, str] | None:
    """The bound a count must pass: its number, its side ('>', '>=', '<' or '<=') and the
    words that say it ("more than 100", "at least 50", "50 or more", "at most 20"); None
    when there is none."""
    if (before := _THRESHOLD.search(lowered)) is not None:
        words, number = before[1], before[2]
    elif (after := _THRESHOLD_AFTER.search(lowered)) is not None:
        number, words = after[1], after[2]
    else:
        return None
    if words in _BELOW:
        return number, "<", words
    if words in _AT_MOST:
        return number, "<=", words
    return number, ">=" if words in _AT_LEAST else ">", words


def asks_about_disagreement(words: Sequence[str]) -> bool:
    """Where the accounts disagree is asked: a dispute word ("who disputes 274"), or whether
    they agree, asked as a question ("do the articles agree on the date"). Not "did the
    Taliban agree to the ceasefire": agreeing *to* something is an event."""
    if any(w in DISPUTE_WORDS for w in words):
        return True
    return (
        bool(words)
        and words[0] in ("do", "does", "did")
        and any(w in _AGREE and list(words[n + 1 : n + 2]) != ["to"] for n, w in enumerate(words))
    )


def _before_speech(
    folded_words: list[str], words: list[str], cues: frozenset[str]
) -> tuple[str, ...]:
    """The content words naming who gives an account: those before the first word that
    asks for one, after the auxiliary that opens the asking if there is one ("how many
    taliban fighters did *pakistan* say it killed": Pakistan, not the Taliban)."""
    cue = next((n for n, w in enumerate(folded_words) if w in cues), None)
    if cue is None:
        return ()
    if folded_words[cue] == "according":  # "... according to *pakistan*": named after it
        after = set(folded_words[cue + 1 :]) - _NAMES_NO_ONE
        return tuple(w for w in words if w in after)
    start = max((n + 1 for n, w in enumerate(folded_words[:cue]) if w in _AUXILIARIES), default=0)
    before = set(folded_words[start:cue]) - _NAMES_NO_ONE
    return tuple(w for w in words if w in before)


# Before the asking word, but naming no one: when ("first reported", "initially said") or
# how many ("what do both sides say"). Left as speakers, they told the reporter that
# "none is by 'first'".
_NAMES_NO_ONE = frozenset(
    """
    first initially originally later earlier officially publicly both each either all other
    others
    """.split()  # noqa: SIM905 (a word list reads better as prose)
)


_AUXILIARIES = frozenset({"do", "does", "did", "has", "have", "had"})

# "Who started the war", "who fired first", "how did the fighting begin", "why did pakistan
# strike": the cause is asked,
# and the articles tell it as what was retaliated for or provoked (CAUSE_TERMS). What names
# the conflict as a whole ("the war", "the fighting") is the story itself, not a subject in it.
_STARTED_WORDS = "started|start|starts|began|begin|begun|provoked"
_FIRST_WORDS = "fired|fire|shot|struck|strike|attacked|attack|hit"  # ... first
_STARTED = frozenset(f"{_STARTED_WORDS}|{_FIRST_WORDS}".split("|")) | frozenset(CAUSE_CUES)
# "What reason did Kabul give", "how did Pakistan justify the strikes": a cause asked as the
# one someone gives for their own act.
_REASONS = frozenset(
    """
    reason reasons justification justifications justify justifies justified rationale
    explanation explanations grounds motive motives
    """.split()  # noqa: SIM905 (a word list reads better as prose)
)
_CAUSE = re.compile(
    rf"^(?:(?:who|what|which \w+) (?:\w+ )?(?:{_STARTED_WORDS}|(?:{_FIRST_WORDS}) first)\b"
    rf"|how did (?:\w+ ){{0,3}}(?:start|begin)\b|why (?:did|does|do|is|are|was|were|has|have)\b"
    rf"|(?:who|what) (?:\w+ )?(?:{'|'.join(CAUSE_CUES)})\b"
    rf"|what (?:{'|'.join(sorted(_REASONS))}) (?:did|does|do|has|have|had)\b"
    rf"|how (?:did|does|do|has|have) (?:\w+ ){{1,3}}(?:justify|justified|explain|explained)\b)"
)
# Where the naming of who acted ends: the act itself ("why did pakistan *strike*"), or the
# giving of a reason ("what reason did kabul *give*").
_ACTS = (
    _STARTED
    | _REASONS
    | frozenset(
        """
        give gave given offer offered cite cited provide provided explain explained
        retaliate retaliated launch launched target targeted bomb bombed close closed shut
        deport deported expel expelled suspend suspended break broke collapse collapsed
        reject rejected deny denied condemn condemned accuse accused blame blamed back
        backed support supported enter entered shell shelled kill killed carry carried
        conduct conducted order ordered choose chose decide decided agree agreed end ended
        declare declared suspends
        """.split()  # noqa: SIM905 (a word list reads better as prose)
    )
)


def _agents(folded_words: list[str], words: list[str]) -> tuple[str, ...]:
    """The content words naming who acted, in a cause asked of an act: those after the
    auxiliary that opens the asking, up to the act ("why did the afghan taliban attack
    pakistani posts": the Afghan Taliban, not the posts)."""
    aux = next((n for n, w in enumerate(folded_words) if w in _AUXILIARIES), None)
    if aux is None:
        return ()
    named: list[str] = []
    for word in folded_words[aux + 1 :]:
        if word in _ACTS:
            break
        named.append(word)
    return tuple(w for w in words if w in named)


def asks_for_cause(text: str) -> bool:
    """Whether the question asks what caused something ("who started the war")."""
    return _CAUSE.match(" ".join(_WORDS.findall(text.casefold()))) is not None


_THE_CONFLICT = frozenset(
    """
    war fighting fight conflict clash clashes escalation hostilities crisis confrontation first
    """.split()  # noqa: SIM905 (a word list reads better as prose)
)


def names_only_the_story(words: Sequence[str]) -> bool:
    """Whether the words name the conflict as a whole and nothing in it ("the war", "the
    escalation"): the story itself, whose timeline is all of it."""
    return bool(words) and all(w in _THE_CONFLICT and w != "first" for w in words)


def _idioms_joined(words: list[str]) -> list[str]:
    """The words with each idiom ("shot down") as one."""
    joined: list[str] = []
    for word in words:
        if joined and f"{joined[-1]} {word}" in IDIOMS:
            joined[-1] = f"{joined[-1]} {word}"
        else:
            joined.append(word)
    return joined


# "The 90s", "the nineties": the articles write a decade out ("the 1990s"). Two digits name
# a decade of the 1900s from the 30s on, and of this century below ("the 10s": the 2010s).
_SHORT_DECADE = re.compile(r"^(\d)0s$")
_DECADE_NAMES = {
    name: f"19{n}0s"
    for n, name in enumerate(
        ("thirties", "forties", "fifties", "sixties", "seventies", "eighties", "nineties"),
        start=3,
    )
}


def decade(word: str) -> str | None:
    """The decade a short or spelled-out name stands for ("90s", "nineties": "1990s")."""
    if (short := _SHORT_DECADE.match(word)) is not None:
        digit = int(short.group(1))
        return f"{19 if digit >= 3 else 20}{digit}0s"
    return _DECADE_NAMES.get(word)


def alternatives(word: str) -> tuple[str, ...]:
    """The word and what the articles may say instead (itself first)."""
    written = decade(word)
    spelled = (written,) if written is not None else ()
    return tuple(dict.fromkeys((word, *SYNONYMS.get(word, ()), *IDIOMS.get(word, ()), *spelled)))


_STEMMER = Stemmer.Stemmer("english")
MIN_STEM = 4  # shorter stems ("die", "war") find too much; the synonym table covers them


@lru_cache(maxsize=8192)  # a word's stem never changes
def stem(word: str) -> str | None:
    """The word's Snowball stem when it is a useful prefix ("attacks" -> "attack", which
    also finds "attacked", "attackers"); None otherwise."""
    if word.isdigit() or " " in word:  # a number, an idiom: only themselves
        return None
    found = str(_STEMMER.stemWord(word))
    return found if len(found) >= MIN_STEM else None


# "What's new", "any updates", "give me a briefing", "catch me up", "top stories", "what
# happened": the question names nothing and asks what is happening. Any word besides these,
# the question words and a few fillers makes it a question about that ("what's new in bannu"
# asks about Bannu); a question word that asks for something in particular ("why is this
# happening", "who is new", "what did the news say") makes it another question.
LATEST_CUES = frozenset(
    """
    latest new news headlines update updates happening happened going briefing brief overview recap
    summary summarise summarize developments situation story stories catch fill up
    """.split()  # noqa: SIM905
)
# ("Yesterday", "today": a date in the story's time, which the timeline reads.)
_LATEST_FILLER = frozenset({"us", "now", "so", "far", "since", "top"})
_NOT_LATEST = frozenset({"why", "where", "who", "whom", "whose", "when", "how", "which"})


def asks_for_latest(text: str) -> bool:
    words = set(re.findall(r"\w+", text.casefold()))
    asked = words - LATEST_CUES - _LATEST_FILLER
    return (
        bool(words & LATEST_CUES)
        and asked <= QUESTION_WORDS
        # "The latest figures", "the latest tally": amounts, which claims answer.
        and not asked & (_NOT_LATEST | SPEECH_CUES | FIGURE_CUES)
    )


def without(text: str, words: frozenset[str]) -> str:
    """The text with the given words left out (as whole words, any case)."""
    return " ".join(w for w in text.split() if w.casefold().strip("?!.,:;'\"") not in words)
