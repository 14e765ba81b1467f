"""Words that introduce an attribution, and words that colour its stance.

The lexicon is written by hand from general English usage (verbs of saying, writing,
thinking, showing and intending), not fitted to any evaluation corpus.  Lemmas are
lower-case spaCy lemmas.  Each set answers one question the rules ask:

- `SPEECH_VERBS`: can this verb carry a clause someone said/wrote/believes?
- `INTENT_VERBS`: can it carry an infinitive that states someone's intention
  ("vowed to", "wants to")?
- `RELAY_VERBS`: does it pass on a source's statement ("citing", "quoting")?
- `DENIAL_VERBS` / `HEDGE_VERBS` / `HEDGE_WORDS`: stance.
- `THINKING_VERBS`: thinking only, so "said she thinks ..." stays one statement.
- `OBJECT_VERBS`: positions taken on a noun phrase ("attacked the deal", "cited
  the audit"); `PREPOSITION_VERBS` the same through a preposition ("called for an
  inquiry"); `ACCUSE_VERBS` through "of"/"for" after the person ("accused him of
  lying"); `NAMING_VERBS` with a name given ('called the plan "a disaster"').
- `SPEECH_NOUNS`: nouns whose "that"-clause is the content ("the claim that").
"""

from __future__ import annotations

_SAYING = """
say tell add state declare announce explain note remark comment reply respond answer
ask insist maintain contend argue claim assert allege charge confirm acknowledge admit
concede deny reject dispute refute dismiss disclose reveal report write tweet post
warn caution predict promise pledge vow threaten suggest propose recommend urge
stress emphasise emphasize reiterate repeat recall mention point observe testify
complain protest lament boast brag joke quip counter retort shout yell cry whisper
scream mutter muse speculate estimate calculate conclude determine find show indicate
demonstrate establish document list detail describe characterize call label
brand dub term accuse blame criticize criticise praise concur agree disagree
assure reassure inform notify advise instruct order demand request
concede guess hint imply signal recount relate narrate summarize summarise
clarify elaborate continue begin conclude caution read
chant remind query
"""

_THINKING = """
think believe feel fear hope expect worry know understand realize realise recognize
recognise suspect doubt assume presume suppose consider reckon wonder imagine
anticipate forecast learn discover notice see hear sense trust fathom
hop
"""

_INTENDING = """
want plan intend aim seek promise pledge vow threaten refuse decline agree
offer hope expect wish propose prefer demand urge vote decide
tell ask order instruct encourage advise warn press push implore
like love claim
hop
"""

# ("hop": the lemmatiser reads "hopes" and "hoped" as forms of "hop".)
SPEECH_VERBS: frozenset[str] = frozenset((_SAYING + _THINKING).split())
#: Verbs of saying only (no thinking).
SAYING_VERBS: frozenset[str] = frozenset(_SAYING.split())
#: Verbs of thinking only: "said she thinks ..." is one statement, not two.
THINKING_VERBS: frozenset[str] = frozenset(_THINKING.split()) - frozenset(_SAYING.split())
INTENT_VERBS: frozenset[str] = frozenset(_INTENDING.split())
#: Verbs whose object is the source a statement is relayed from ("citing officials").
RELAY_VERBS: frozenset[str] = frozenset("cite quote".split())
#: Verbs that only count as cues when their object is the content ("tell reporters").
NEEDS_COMPLEMENT: frozenset[str] = frozenset(
    "see hear learn find show know understand read continue begin call decide figure consider".split()
)

DENIAL_VERBS: frozenset[str] = frozenset(
    "deny reject dispute refute dismiss contradict rebut disavow repudiate".split()
)
HEDGE_VERBS: frozenset[str] = frozenset(
    "suggest believe think suspect speculate guess estimate expect hint imply assume "
    "presume suppose reckon fear worry hope hop wonder doubt".split()
)
#: Words inside the content that make it hedged ("may", "appears to", "likely").
HEDGE_WORDS: frozenset[str] = frozenset(
    "may might could possibly perhaps probably likely unlikely apparently reportedly "
    "allegedly seemingly appear seem".split()
)
NEGATION_WORDS: frozenset[str] = frozenset("not n't never no none nobody nothing neither nor".split())

SPEECH_NOUNS: frozenset[str] = frozenset(
    """statement claim claims assertion allegation allegations report reports suggestion
    warning warnings assurance assurances promise pledge view belief fear fears hope
    argument denial insistence comment comments remark remarks testimony announcement
    conclusion finding findings estimate estimates accusation accusations charge
    prediction admission acknowledgment acknowledgement message notion idea plan decision
    criticism question questions determination demand demands proposal vow threat
    call theory disdain praise support opposition objection concern concerns
    insistence refusal rejection endorsement complaint complaints speculation narrative""".split()
)


#: Verbs whose noun-phrase object is the content: what someone criticised, backed,
#: cited or proposed is a position attributed to them ("Trump attacked the deal").
#: ("hat", "retweete" and "extoll" are the lemmatiser's readings of "hates", "retweeted"
#: and "extolled".)
OBJECT_VERBS: frozenset[str] = frozenset(
    """criticize criticise praise attack condemn denounce defend support endorse oppose
    back reject dismiss cite reference mention discuss question propose advocate demand
    urge encourage describe decry blast slam applaud welcome hail echo recommend request
    announce acknowledge deny dispute favor favour champion tout promote highlight
    emphasize emphasise stress characterize fault rebuke lambast mock ridicule deride
    disparage doubt predict reveal disclose confirm admire despise detest respect
    note express voice repeat tweet retweet endorse embrace
    concede question challenge contest protest lament
    believe prefer seek promise pledge vow claim offer say report write find show detail document chronicle
    congratulate commend downplay bemoan disavow reaffirm trash insult
    compliment laud extol salute chastise scold berate castigate censure excoriate lampoon
    scorn belittle denigrate vilify demonize demonise smear malign pan bash assail impugn
    skewer lament examine outline articulate invoke underscore underline identify liken
    compare equate portray depict paint frame ignore love hate dislike adore loathe resent
    sing chant judge exaggerate overstate understate misrepresent distort taunt regret
    relish regard retract want hammer rip trumpet herald hype rubbish eschew
    disparage lionize lionise glorify romanticize applaud scoff reprise recast
    recount appoint name sponsor cosponsor co-sponsor recall remember share
    envision envisage unleash affirm broach counter critique debunk espouse flout heckle idolize
    mischaracterize mourn parrot pillory plug proclaim rebuff recant repudiate snub spurn validate
    vindicate boycott condone forgive grill heed mimic mull ponder prioritize quiz ratify
    reconsider renounce repeal revisit revoke scrap shun overturn overrule
    declare rebut recite illustrate boo debate broadcast
    suggest estimate propound discredit profess refute chide reprimand underplay publicize
    telegraph justify cherish disregard argue cheer extoll
    hat retweete""".split()
)
#: Verbs whose content follows a preposition, which then belongs to the cue
#: ("called for", "warned of", "pointed to").
PREPOSITION_VERBS: dict[str, frozenset[str]] = {
    verb: frozenset(preps.split())
    for verb, preps in {
        "call": "for on upon", "advocate": "for", "warn": "of about against",
        "point": "to", "push": "for", "argue": "for against", "complain": "about",
        "worry": "about", "joke": "about", "boast": "about of", "brag": "about", "rail": "against",
        "testify": "about", "comment": "on", "insist": "on", "vote": "for against",
        "campaign": "for against", "lobby": "for against", "plead": "for", "appeal": "for",
        "hint": "at", "apologize": "for", "apologise": "for", "respond": "to",
        "refer": "to", "object": "to", "care": "about", "ask": "about for", "agree": "with on", "allude": "to", "wonder": "about", "caution": "against",
        "focus": "on", "weigh": "on about with", "reflect": "on", "elaborate": "on", "dwell": "on", "touch": "on",
        "remark": "on about", "muse": "about on", "rant": "about against", "rave": "about", "tweet": "about",
        "report": "on", "disagree": "with on", "side": "with", "break": "with", "lash": "at",
        "speak": "of about against on", "talk": "about of", "write": "about of",
        "go": "after", "double": "on", "bristle": "at", "balk": "at",
        "rejoice": "in", "plot": "against", "harp": "on",
        "zero": "on", "rally": "behind around against over", "decide": "against on",
        "settle": "on", "opt": "for", "press": "for on about", "beg": "for", "pray": "for", "hope": "for",
        "wish": "for", "clamor": "for", "crusade": "for against", "protest": "against",
        "inveigh": "against", "cheer": "for", "bet": "on against", "pounce": "on", "lean": "toward towards",
        "rule": "against on for", "sympathize": "with", "quarrel": "with over", "clash": "with over",
        "spar": "with over",
        "feud": "with", "fume": "about over at", "gripe": "about", "grumble": "about", "whine": "about",
        "obsess": "over about", "fret": "about over", "puzzle": "over", "marvel": "at", "scoff": "at",
        "sneer": "at", "laugh": "at", "chafe": "at under", "dissent": "from", "inquire": "about into",
        "delve": "into", "believe": "in", "dream": "of about", "vouch": "for", "think": "about of",
        "concentrate": "on", "frown": "on upon", "wrestle": "with", "grapple": "with",
        "fight": "about", "approve": "of", "root": "for", "acquiesce": "to",
        "opine": "on about against", "fulminate": "against", "swipe": "at", "swing": "at", "fixate": "on",
        "yearn": "for", "renege": "on", "compromise": "on", "diverge": "on",
    }.items()
}
#: Verbs whose object is the person addressed and whose content follows "of"/"for".
ACCUSE_VERBS: frozenset[str] = frozenset(
    "accuse blame charge credit thank fault".split())
#: Of those, the ones that charge someone with something: the cue is the verb alone,
#: and the content runs from the one charged to the charge ('accused' | 'the mill of
#: polluting the bay'), as PolNeAR annotates them.
CHARGING_VERBS: frozenset[str] = frozenset("accuse blame charge fault".split())
#: Verbs of seeing whose object is the content when "as" says how it is seen ("sees
#: the program as a loophole"); without "as" ("saw the video") they are not attributions.
AS_VERBS: frozenset[str] = frozenset("see view regard treat cast perceive envision envisage".split())
#: Verbs of naming whose object and its predicate are the content ('called the plan
#: "a disaster"'); without a predicate ("called him") they are not attributions.
NAMING_VERBS: frozenset[str] = frozenset("call label brand dub term deem consider declare".split())

#: Adjectives of attitude whose copula takes a position on what follows them ("has been
#: critical of the deal", "were coy about", "is convinced that", "is eager to").
ATTITUDE_ADJECTIVES: frozenset[str] = frozenset(
    """critical supportive skeptical sceptical wary suspicious dismissive contemptuous scornful
    fond proud ashamed afraid fearful worried concerned anxious nervous confident optimistic
    pessimistic hopeful doubtful sure convinced unsure uncertain adamant insistent
    angry furious upset frustrated incensed outraged disappointed unhappy happy glad pleased
    delighted thrilled excited enthusiastic eager keen willing unwilling reluctant hesitant
    determined opposed receptive hostile sympathetic grateful thankful coy vague silent vocal
    outspoken candid frank blunt passionate bullish bearish comfortable uncomfortable satisfied
    dissatisfied impressed unimpressed alarmed troubled disturbed bothered puzzled baffled
    surprised shocked stunned appalled horrified disgusted offended sorry resentful jealous
    envious ambivalent enamored enamoured obsessed intent bent committed loyal cautious
    aware unaware upfront shy measured upbeat right wrong honest appreciative interested horrified
    tired split divided mum quiet reticent forthcoming open focused fixated unclear unsettled
    angered enraged infuriated irked annoyed dismayed heartened reassured emboldened lukewarm
    mistrustful distrustful unapologetic devoted favorable favourable""".split())

#: Light verbs and the nouns that make a position of them ("has no illusions about",
#: "made a strong condemnation of", "took aim at", "raised questions about"): the verb
#: through the noun's preposition is the cue, what follows it the content.
LIGHT_VERBS: frozenset[str] = frozenset(
    "have make take raise cast pay throw lend give level launch mount harbor harbour hold share "
    "air register lodge voice express issue deliver".split())
STANCE_NOUNS: frozenset[str] = frozenset(
    """illusion illusions question questions doubt doubts concern concerns reservation reservations
    misgiving misgivings qualm qualms interest confidence faith trust suspicion suspicions
    objection objections complaint complaints criticism condemnation case secret issue aim
    offense offence exception stand position view swipe swipes shot shots jab jabs tribute
    homage attack attacks argument pitch plea demand demands warning warnings
    praise opinion opinions thought thoughts rebuke denunciation defense defence
    endorsement challenge critique statement statements comment comments reference references
    remark remarks mention allegation allegations accusation accusations observation assertion
    assertions claim claims promise promises pledge vow threat threats prediction predictions
    credit ownership support backing apology apologies message messages debate discussion speech speeches
    determination""".split())

#: People named by the side they take: after a copula they give their subject's
#: position ("is a staunch opponent of", "has been a vocal critic of").
PARTISAN_NOUNS: frozenset[str] = frozenset(
    """supporter supporters opponent opponents proponent proponents defender defenders critic
    critics advocate advocates champion champions backer backers admirer admirers foe foes
    detractor detractors skeptic skeptics sceptic sceptics campaigner campaigners surrogate
    surrogates ally allies enemy enemies fan fans believer believers booster boosters""".split())

#: Phrasal verbs whose object is the content only with their particle ("laid out her
#: plan", "played down the risk", "shrugged off the criticism"); the particle belongs
#: to the cue.
PHRASAL_VERBS: dict[str, frozenset[str]] = {
    verb: frozenset(particles.split())
    for verb, particles in {
        "lay": "out", "spell": "out", "sketch": "out", "sum": "up", "talk": "up down", "play": "down up",
        "shrug": "off", "brush": "off aside", "point": "out", "laugh": "off", "single": "out", "call": "out", "rule": "out",
        "trot": "out", "set": "out forth", "write": "off", "water": "down", "tone": "down", "back": "up",
        "stand": "by", "walk": "back", "hammer": "home", "drive": "home", "float": "out", "toss": "out",
        # ("lie out": the lemmatiser's reading of "lay out".)
        "lie": "out",
    }.items()
}

#: Nouns whose prepositional object, with a possessor to hold it, is a position
#: ("Trump's adulation of Putin", "her commitment to the treaty", "his faith in voters").
POSITION_NOUNS: dict[str, frozenset[str]] = {
    noun: frozenset(preps.split())
    for noun, preps in {
        "adulation": "of for", "admiration": "for of", "abandonment": "of", "preference": "for",
        "dislike": "of for", "obsession": "with", "ire": "at for", "contempt": "for",
        "hostility": "to toward towards", "embrace": "of", "assessment": "of", "interpretation": "of",
        "estimate": "of", "characterization": "of", "description": "of", "defense": "of", "defence": "of",
        "condemnation": "of", "rejection": "of", "skepticism": "of about toward towards",
        "scepticism": "of about", "affection": "for", "sympathy": "for with", "dismissal": "of",
        "denunciation": "of", "approval": "of", "disapproval": "of", "fondness": "for", "stance": "on",
        "position": "on", "comment": "on about", "comments": "on about", "remark": "on about",
        "remarks": "on about", "announcement": "of", "campaign": "against", "critique": "of",
        "attack": "on against", "attacks": "on against",
    }.items()
}

#: Verbs whose object feels what their subject causes ("the plan worries fishermen",
#: "the ruling angered the mayor"): the object holds the attitude, the subject is what it is about.
FEELING_VERBS: frozenset[str] = frozenset(
    """worry concern trouble bother alarm anger frustrate upset please delight disturb dismay
    infuriate outrage irk annoy disappoint surprise shock impress enrage appall appal
    offend unsettle unnerve scare frighten terrify reassure encourage hearten""".split())
