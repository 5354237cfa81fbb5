"""Trigger lexicons per event type and the cue words the rules read around them.

One compiled alternation per family; each alternative is a named group `<family>__<type>` so a
match tells its type. Alternatives are ordered specific-first (a "car bomb attack" is a car bomb,
not an attack). Everything is case-insensitive and matched on word boundaries.
"""

from __future__ import annotations

import re

from extract.events.alternation import TriggerAlternation, TriggerFamilies
from extract.events.marked_search import after_mark

_W = r"(?:[\w'\u2019-]+\s+)"  # one word and its space

STRIKE_TRIGGERS = [
    (
        "suicide_bombing",
        r"suicide[- ](?:car[- ]bomb(?:ing)?s?|truck[- ]bombs?|bomb(?:er|ing)?s?|attack(?:er)?s?|"
        r"blasts?|vests?|belts?)|blew (?:himself|herself|themselves) up|"
        r"detonated (?:his|her|their) (?:explosive )?(?:vest|belt)s?",
    ),
    (
        "car_bomb",
        r"car[- ]bomb(?:ing)?s?(?: (?:attack|blast|explosion)s?)?|truck[- ]bombs?|"
        r"vehicle[- ]borne (?:improvised explosive devices?|IEDs?)|VBIED (?:attack|blast)s?|"
        r"booby[- ]trapped (?:car|vehicle|truck)s?|(?:bomb|explosives?)[- ]laden (?:car|vehicle|truck)s?|"
        r"(?:car|vehicle|truck)s? (?:packed|rigged|laden) with explosives",
    ),
    (
        "drone_strike",
        r"drone[- ](?:strike|attack)s?|(?:UAV|unmanned aerial vehicle) (?:strike|attack)s?|"
        r"drones? (?:struck|hit|attacked|targeted|bombed)|kamikaze drones?|Shahed drones?|"
        r"loitering munitions?|(?:hit|struck|targeted) by (?:an? )?(?:[\w.'\u2019-]+ ){0,2}drones?",
    ),
    (
        "missile_strike",
        r"missile (?:strike|attack)s?|(?:ballistic|cruise|Tomahawk|Kalibr|Iskander|Scud|"
        r"surface-to-surface|anti-tank) missiles?|missiles? (?:struck|hit|slammed into)|"
        r"(?:fired|launched) " + _W + r"{0,3}missiles?",
    ),
    (
        "air_strike",
        r"air[- ]?strikes?|air raids?|air attacks?|aerial (?:bombardment|attack|bombing|strike)s?|"
        r"barrel[- ]bombs?|bombing raids?|(?:war)?planes? (?:struck|hit|bombed|pounded|targeted|attacked)|"
        r"(?:jets?|aircraft|helicopters?|bombers?) (?:struck|hit|bombed|pounded|targeted|attacked)|"
        # "warplanes dropped chemical munitions", "its bombers had destroyed", "bombers first struck"
        r"(?:(?:war)?planes?|jets?|aircraft|helicopters?|bombers?) (?:had |have |has )?"
        r"(?:first |also |then |again |reportedly )?(?:struck|hit|bombed|pounded|targeted|attacked|dropped|"
        r"destroyed)|"
        r"air (?:campaign|bombardment)s?|sorties",
    ),
    (
        "shelling",
        r"shell(?:ing|ed|s)?|artillery (?:fire|shells?|strikes?|barrages?|attacks?|bombardment)|"
        r"mortar (?:fire|shells?|rounds?|attacks?|bombs?)|mortars? (?:hit|struck|fell|landed)|"
        r"rocket (?:fire|attacks?|strikes?)|rockets? (?:hit|struck|fell|landed|slammed)|"
        r"(?:fired|launched) " + _W + r"{0,3}rockets?|bombard(?:ed|ment|ments|ing)|pounded|"
        r"tank fire|Grad rockets?|heavy weapons fire|"
        # "an Israeli tank fired at a position", "howitzers opened fire on": the gun names the type
        r"(?:tanks?|artillery|howitzers?|gunboats?|warships?) (?:(?:had|have|has) )?(?:fired|opened fire)"
        r"(?: (?:shells|rounds))? (?:at|on|into|towards)|"
        r"(?:cannon|artillery|tank|mortar)\"?\s+rounds?|rounds? (?:fired|hit|struck|fell|landed)",
    ),
    (
        "ied",
        r"roadside bombs?|improvised explosive devices?|IEDs?|landmines?|land mines?|"
        r"(?:explosive|bomb) devices?|motorcycle bombs?|sticky bombs?|bomb attacks?|bombings?|"
        r"bombs? (?:exploded|went off|blasts?)|blasts?|explosions?|exploded|bombed",
    ),
    (
        "ground_assault",
        r"counter-?(?:attack|offensive)s?|counter-?attacked|offensives?|"
        r"(?:launched|began|started|mounted|opened) (?:an? |the |a new |their |its )?"
        + _W
        + r"{0,2}(?:assault|attack|operation|push|battle)|"
        r"attack(?:ed|ing|s)?|assault(?:ed|s|ing)?|storm(?:ed|ing|s)?|raid(?:ed|s|ing)?|overran|overrun|"
        r"advance[ds]?|advancing|push(?:ed|ing)? (?:into|toward|towards|deeper)|incursions?|"
        r"ground (?:operation|offensive|assault)s?|military operations?|"
        r"operation to (?:isolate|capture|retake|recapture|liberate|take|seize|encircle|clear)|"
        r"ambush(?:ed|es)?|opened fire|fired on|gunmen (?:killed|attacked|opened)",
    ),
    (
        "armed_clash",
        r"clash(?:es|ed|ing)?|fighting|fought|firefights?|gun ?battles?|skirmish(?:es|ed)?|"
        r"battles?(?! damage)|battled|battling|exchanged fire|exchanges? of fire|street fighting|"
        r"shot down|shoots? down|shooting down|"
        # "rebels repelled an attempt by government forces to advance": the fight that stopped it
        r"(?:repell?(?:ed|s|ing)?|repuls(?:ed|es|ing)|fought off|beat back|beaten back) "
        r"(?:an? |the |their |its |several |two |three |repeated |multiple )?(?:[\w-]+ )?"
        r"(?:attacks?|assaults?|attempts?|offensives?|advances?|incursions?|raids?)",
    ),
    # a bare "strike(s)" / "struck": military only in a military context, air unless said otherwise
    ("strike_generic", r"strikes?|struck"),
]

CONTROL_TRIGGERS = [
    (
        "supply_route_cut",
        r"(?:cut|cuts|cutting|severed|severs?|severing|closed|closes|closing|close|blocked|block|"
        r"blocking|sealed|seal|interdicted|choked|took fire control of)\s+(?:off\s+)?"
        + _W
        + r"{0,4}(?:road|roads|highway|route|routes|supply line|supply lines|supply route|"
        r"supply routes|artery|lifeline|crossing)\b|road ?block|fire control|"
        # "the M5 highway ... was cut near Khan Sheikhoun" (rules.py requires the road before it)
        r"(?:was|were|has been|have been|had been) (?:cut|severed|interdicted)\b(?!\s+off\b)",
    ),
    (
        "held",
        r"[\w.'\u2019]+(?:-[\w.'\u2019]+)?-(?:held|controlled|dominated|run|occupied)|"
        r"held by|controlled by|under (?:the )?(?:\w+ )?control of|under (?:[\w.'\u2019-]+ ){1,2}control|"
        r"in the hands of|strongholds?|controls?|controlling|remain(?:s|ed)? in (?:the )?hands(?: of)?|"
        # "rebels still hold the X area", "held the Y district": a verb of holding with a place noun or
        # 'still' (not "hold talks", "held a meeting")
        r"(?:still|continue to|continued to|continues to) hold(?:s|ing)?\b|"
        r"(?:hold|holds|held)(?= the (?-i:(?:[A-Z]|al-|el-|ad-|ar-|as-)[\w'\u2019-]* ){1,3}(?:area|district|"
        r"neighbou?rhood|quarter|town|village|city|suburb)s?\b)|"
        r"(?:are|is|were|was|remain|remains|remained) (?:still )?(?:entrenched|dug in)|"
        # "the government enclave in Deir ez-Zor", "a rebel pocket": a status as of the report
        r"(?:government|regime|rebel|opposition|Kurdish|jihadist|ISIS|IS|Islamic State)[- ]"
        r"(?:enclaves?|pockets?)",
    ),
    (
        "captured",
        r"(?:re)?captur(?:ed|es|ing|e)|(?:re)?took (?:full )?control|took over|(?:re)?gained control|"
        r"retook|retake|retaken|retaking|(?:re)?seiz(?:ed|es|ing|e)|liberat(?:ed|es|ing|e|ion)|"
        r"fell to|fall of|(?:had|has|have) fallen\b(?! (?:silent|ill|asleep|apart|behind|short|sharply))|"
        r"overran|(?:re)?taken (?:over|control)|wrested|(?:drove|drive|drives|driving|pushed|forced|kicked|"
        r"chased|ousted) " + _W + r"{0,3}out of|"
        # "cleared the X district of militants", "cleared Y": a place emptied of the enemy
        r"cleared(?= (?:the )?(?:[\w'-]+ ){0,3}?(?:district|town|village|city|neighbou?rhood|area|suburb|"
        r"quarter)s?\b| (?:the )?(?:al-|el-|ar-|ad-|as-)?(?-i:[A-Z]))|"
        r"expelled " + _W + r"{0,3}from|regain(?:ed|s)?|swept into|took\b|taken\b|entered|"
        r"tak(?:e|es|ing) over",
    ),
    (
        "withdrawn",
        r"withdr(?:ew|awn|awal|aw|aws|awing)|retreat(?:ed|s|ing)?|pulled (?:out|back)|pull-?out|"
        r"abandon(?:ed|s)?|lost control|los(?:e|t|ing) ground|ceded|evacuated (?:their|its) positions|"
        # "rebels lost the village of X to the army", "lost Y": a named place lost (not "lost ground")
        r"los(?:t|es|ing)(?= (?:the )?(?:(?:town|village|city|district|neighbou?rhood|suburb|area|base|"
        r"airport|hill|strategic town|key town)s? of )?"
        r"(?!(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|January|February|March|April|June|July|August|"
        r"September|October|November|December)(?-i:[A-Z]))|"
        # "regrouped from the area", "redeployed away from X": the euphemisms of a retreat
        r"(?:regroup|redeploy|relocat)(?:ed|ing|s)? (?:\w+ )?(?:from|away from|out of)|"
        # "handing the neighbourhood to the army", "handed over their positions to"
        r"hand(?:ed|ing|s)? (?:over )?(?:the |their |its )?(?:[\w-]+ ){0,2}(?:neighbou?rhoods?|districts?|"
        r"towns?|city|villages?|areas?|bases?|positions|checkpoints|enclave)(?: over)?"
        r"(?: (?:in|at|near|around)(?: [\w'-]+){1,3}?)? to",
    ),
    (
        "besieged",
        r"besieg(?:ed|es|ing|e)|besiegement|under siege|sieges?|lay siege|laid siege|"
        r"encircl(?:ed|ement|ing|e)|surround(?:ed|s)?|cordon(?:ed)? off|blockaded?|"
        # "the surrounding countryside": an adjective of place, no siege
        r"surrounding(?! (?:countryside|area|areas|villages?|towns?|region|hills|neighbou?rhoods?|districts?|"
        r"farmland|fields|streets|desert|province|suburbs))|"
        r"cut off",
    ),
    ("contested", r"contested|divided between|changed hands|(?:battle|fight|fighting|struggle) for control"),
]

CORRIDOR_NOUN = re.compile(
    r"\b(?:(?:humanitarian|evacuation|safe|exit|escape) )?corridors?\b|\bhumanitarian (?:pauses?|window|"
    r"operation|passage|truce|ceasefire|cease-fire)\b|\bsafe passage\b|\bsafe routes?\b|"
    r"\bevacuation routes?\b|"
    r"\bcrossing points?\b|\bcrossings?\b|\bevacuations?\b|\bevacuation convoys?\b|\bgreen buses\b|"
    r"\bexit routes?\b|\bpassages?\b|\b(?:were|was|been|being) evacuated\b|"
    # "moving along an agreed route", "a convoy of 42 buses": an evacuation told without 'corridor'
    r"\b(?:agreed|designated|humanitarian) routes?\b|\bconvoys? of (?:\d+|[a-z]+) (?:buses|coaches)\b",
    re.I,
)
CORRIDOR_MOVE = re.compile(
    r"\b(?:left|leave|leaving|fled|flee|fleeing|evacuated|evacuate|evacuating|crossed|crossing|exited|escaped|"
    r"came out|got out|passed through|made it out|used|reached|streamed|poured|trickled|arrived|"
    # "were bused out of X", "were transferred from X": evacuations told in the passive
    r"bus(?:s)?ed out|bussed|bused|ferried out|transferred out|moved out)\b",
    re.I,
)
# CORRIDOR_NOUN and CORRIDOR_MOVE searched by the character before their matches (marked_search.py):
# every alternative starts with a word boundary before a letter
CORRIDOR_NOUN_AFTER_MARK = after_mark(CORRIDOR_NOUN.pattern, CORRIDOR_NOUN.flags)
CORRIDOR_MOVE_AFTER_MARK = after_mark(CORRIDOR_MOVE.pattern, CORRIDOR_MOVE.flags)
CORRIDOR_BLOCK = re.compile(
    r"\bprevent(?:ed|ing|s)?\b[^.;]{0,90}?\b(?:from (?:leaving|fleeing|doing so|evacuating|using|getting out|"
    r"reaching)|evacuations?|to leave)\b|\bblock(?:ed|ing|s)?\b[^.;]{0,40}?\b(?:evacuations?|corridors?|"
    r"convoys?|buses|exits?|passage)\b|\bstopp(?:ed|ing)\b[^.;]{0,40}?\bfrom leaving\b|"
    r"\bnot (?:allowed|permitted) to leave\b|\bobstruct(?:ed|ing|s)?\b[^.;]{0,30}?\bevacuations?\b|"
    r"\bfired (?:on|at) (?:civilians|evacuees|buses|the convoy)\b|"
    # "buses were blocked by Russian troops", "the convoy was turned back": the block told in the passive
    r"\b(?:buses|convoys?|evacuations?|evacuees|civilians|residents|the corridor)\s+(?:were|was|had been|"
    r"have been|has been|are|is)\s+(?:\w+ly\s+)?(?:blocked|stopped|turned back|prevented from)\b|"
    # "a convoy of buses that was due to collect residents was stopped": a relative clause in between
    r"\b(?:buses|convoys?)\s+(?:that|which)\b[^.;]{0,80}?\b(?:were|was|had been)\s+(?:blocked|stopped|"
    r"turned back)\b|"
    # "denied blocking anyone", "accused of stopping residents": people kept from leaving (corridor talk)
    r"\b(?:block|stopp)(?:ed|ing)\s+(?:anyone|anybody|civilians|people|residents|families|evacuees|"
    r"the (?:buses|convoys?|evacuees))\b",
    re.I,
)
CORRIDOR_CLOSE = re.compile(
    r"\b(?:closed|shut|suspended|suspension|halted|halt|collapsed|fell apart|broke down|failed|called off|"
    r"ended|closure)\b",
    re.I,
)
CORRIDOR_OPEN = re.compile(
    r"\b(?:opened|reopened|open|opens|went into effect|took effect|in effect|began operating|began|started|"
    r"are operating|were operating|functioning|in place|working)\b",
    re.I,
)
CORRIDOR_ANNOUNCE = re.compile(
    r"\b(?:announc(?:ed|es|ing|ement)|declar(?:ed|es)|agreed|agreement|will|would|to be (?:set up|opened|"
    r"established)|set up|establish(?:ed)?|offer(?:ed|s)?|propos(?:ed|al)|unveil(?:ed)?|plans? to open|"
    r"said|says)\b",
    re.I,
)


# each family's alternation of named groups (alternation.py: also searched with a sentence's subset)
STRIKE = TriggerAlternation(STRIKE_TRIGGERS, "strike")
CONTROL = TriggerAlternation(CONTROL_TRIGGERS, "control")
STRIKE_AND_CONTROL = TriggerFamilies([STRIKE, CONTROL])  # both gated by one automaton pass
STRIKE_RX = STRIKE.rx
CONTROL_RX = CONTROL.rx

# a cheap prefilter over the whole text: sentences without any of these words need no more work
PREFILTER = re.compile(
    r"strike|raid|bomb|shell|artiller|mortar|rocket|missile|drone|blast|explo|attack|assault|offensive|storm|"
    r"advanc|clash|fight|fought|battl|skirmish|ambush|fire|held|control|hands|captur|took|taken|retake|retook|"
    r"seiz|liberat|fell|overran|withdr|retreat|pull|abandon|ground|besieg|siege|encircl|surround|cordon|"
    r"blockad|cut|sever|clos|block|contested|divided|corridor|evacu|passage|crossing|pause|prevent|stronghold|"
    r"-held|-controlled|operation|incursion|push|entered|regain|wrested|expelled|swept|IED|VBIED|sorties|"
    r"pounded|gunmen|invad|ceded|lost|lose|suicide|blew|regime|forces|seal|leav|left|fled|flee|exit|escap|"
    r"crossed|passed|struck|hit|jets|warplane|planes|aircraft|killed|shot down|shoots down|shooting down|"
    r"taking over|handing|handed|drive|driving|entrenched|dug in|enclave|pocket|regroup|redeploy|relocat|"
    r"overrun|bused|bussed|destroyed|blew up|demolished|repel|repuls|fought off|beat back|beaten back|"
    r"thwart|foil|cleared|ousted|chased|stopp|turned back|route",
    re.I,
)

# "the army destroyed a tunnel used by militants": an attack on a military object whose means the
# text does not give (read only when the sentence has no other strike trigger)
DESTROYED_MILITARY_OBJECT = re.compile(
    r"\b(?P<verb>destroyed|blew up|demolished)\s+"
    r"(?:an?\s+|the\s+|their\s+|its\s+|\d+\s+|two\s+|three\s+|several\s+)?"
    r"(?:[\w-]+\s+){0,2}?(?:tunnels?|headquarters|(?:weapons|ammunition|arms) depots?|depots?|"
    r"command (?:centres?|centers?|posts?)|fortifications?|bunkers?|checkpoints?|military positions?|"
    r"rocket launchers?|launch(?:ing)? pads?)\b",
    re.I,
)
AIR_CUES = re.compile(
    r"\b(?:war)?planes?\b|\bjets?\b|\baircraft\b|\bhelicopters?\b|\bair ?force\b|\baerial\b|"
    r"\bsorties\b|\bbombers?\b|\bdrones?\b|\bair ?strikes?\b|\bair raids?\b",
    re.I,
)
STRIKE_NOUN_MODIFIER = re.compile(
    r"^\s*(?:assessments?|releases?|reports?|results|summar(?:y|ies)|updates?|data|package|group|aircraft|fighters?"
    r"|capability|capabilities|force|mission)\b",
    re.I,
)
NON_MILITARY_STRIKE = re.compile(
    r"\b(?:hunger|general|labou?r|workers'?|teachers'?|doctors'?|nurses'?|miners'?|transport|rail|lucky|"
    r"first|late|free|penalty|goal|pre-emptive legal)\s+$",
    re.I,
)
SPORTS_CONTEXT = re.compile(
    r"\b(?:goal|goals|striker|match|league|cup|scored|score|football|soccer|penalty|"
    r"win over|defeat(?:ed)?|champions|tournament|kick|midfielder|fans|stadium|coach)\b",
    re.I,
)
LABOUR_CONTEXT = re.compile(
    r"\b(?:union|unions|workers|wages?|pay|pension|walkout|picket|employees|labou?r|"
    r"salar(?:y|ies)|went on strike|on strike|staged a strike|called a strike)\b",
    re.I,
)
MILITARY_CONTEXT = re.compile(
    r"\b(?:troops|forces|military|army|militants?|rebels?|insurgents?|jihadists?|ISIS|ISIL|IS|Daesh|regime|"
    r"warplanes?|jets|aircraft|killed|wounded|casualties|fighters|coalition|artillery|shelling|bomb|bombs|"
    r"targets?|positions|weapons|munitions|ceasefire|cease-fire|war|offensive|drones?|missiles?)\b",
)

# the cue phrases of modality scopes
HYPOTHETICAL = re.compile(
    r"\b(?:if|unless|whether|should (?!be\b)(?=[A-Z\w])|in case|in the event|were (?:\w+ )?to|could|"
    r"might|may|"
    r"would|it remains to be seen|hypothetical(?:ly)?|imagine|risk of|threat of|fear(?:s|ed)? (?:of|that)|"
    r"feared|possible|possibility|potential)\b"
)
PLANNED = re.compile(
    r"\b(?:will|shall|plans? to|planned|planning to|intends? to|intended to|intention|aims? to|aim of|"
    r"aimed at|is to|are to|was to|were to|set to|going to|vow(?:ed|s)? to|"
    # "prepare an offensive": what is prepared has not happened
    r"prepar(?:e|es|ed|ing) (?:to|for|an?|the|their|its)|"
    r"threaten(?:ed|s|ing)? to|threat to|try to|tried to|trying to|attempts? to|attempting to|in order to|"
    r"seek(?:s|ing)? to|sought to|ready to|expected to|due to|about to|upcoming|next week|next month|"
    r"tomorrow|promis(?:ed|es|ing) to|pledg(?:ed|es) to|would|meant to|designed to|so as to|to let|to allow|"
    r"to help|consider(?:s|ing)|weigh(?:s|ing)|mull(?:s|ing)|contemplat(?:es|ing)|debat(?:es|ing)|"
    # "foiled a plot to attack": what was plotted did not happen
    r"plots? to|plotted to|plotting to|conspir(?:ed|acy|ing) to|foiled|thwarted)\b",
    re.I,
)
NEGATION = re.compile(
    r"\b(?:not|n't|never|no longer|no|nobody|none|without|neither|nor|failed to|denied|"
    r"deny|denies|denying|refuted|rejected claims)\b",
    re.I,
)
CALL = re.compile(
    r"\b(?:call(?:s|ed|ing)? (?:on|for|upon)|urg(?:e|es|ed|ing)|demand(?:s|ed|ing)?|"
    r"appeal(?:s|ed)? (?:to|for)|press(?:ed|es)? (?:\w+ ){1,3}to|an end to|to end|to stop|to halt|to cease|"
    r"cease|stop|halt|condemn(?:s|ed|ing)? (?:all|any)|must stop|must end|responsibility to)\b",
    re.I,
)
DEFINITION = re.compile(
    r"\b(?:as defined|is defined|are defined|(?:is|are) (?:not )?classified as|refers to|"
    r"for example|\bmeans one\b|means one or more|is one strike|so is)\b",
    re.I,
)
REPORTING_VERBS = (
    r"said|says|say|told|tells|reported|reports|report|claimed|claims|claim|announced|announces|stated|states|"
    r"added|adds|confirmed|confirms|insisted|alleged|alleges|warned|noted|indicated|tweeted|wrote|accused|accuses|"
    r"quoted|showed|shows|described|estimated|counted|recorded|documented|denied|denies|acknowledged|admitted|"
    r"reporting|saying|citing"
)
DISPUTE = re.compile(
    r"\b(?:dismiss(?:ed|es|ing)|reject(?:ed|s|ing)|disput(?:ed|es|ing)|refut(?:ed|es|ing)|contradict(?:ed|s|ing)|"
    r"den(?:ied|ies|y|ying)|challeng(?:ed|es)|question(?:ed|s|ing))\b"
    r"(?: (?:the|these|those|such|this|that|its|their|his|her))? "
    # up to two words between, possessives included ("the ministry's figure", "Moscow's account")
    r"(?:[\w'\u2019-]+ ){0,2}(?:claims?|reports?|allegations?|statements?|account|figures?|numbers?|"
    r"tally|toll|version|assertions?)\b|"
    r"\b(?:called|described|branded) (?:it|them|this|the (?:claims?|reports?)) (?:as )?(?:\"|\u201c)?"
    r"(?:lies|false|propaganda|fabricat\w*|a lie|untrue|an? (?:fabrication|lie|hoax|fake|fiction|invention))|"
    r"\b(?:no one|nobody|not a single (?:person|civilian|one)|no civilians|none) (?:had |has |have )?"
    r"(?:left|crossed|used|come out|gone|fled)\b|\bwas not true\b|\bwere not true\b|\bfake news\b",
    re.I,
)
TITLE_WORDS = re.compile(
    r"^(?:President|Prime|Minister|Ministers|Foreign|Defen[cs]e|Interior|Secretary|Secretary-General|General|"
    r"Gen\.|Lt\.|Col\.|Maj\.|Governor|Gov\.|Spokesman|Spokeswoman|spokesman|spokeswoman|Ambassador|Envoy|"
    r"Special|Deputy|Chief|chief|Commander|commander|Director|Head|head|Mayor|Senator|Sen\.|Representative|"
    r"High|Commissioner|Leader|leader|Officer|official|Lieutenant|Colonel|Major|Brigadier|Admiral|Sheikh|"
    r"Emir|King|Queen|Prince|Mr\.?|Mrs\.?|Ms\.?|Dr\.?|Observatory|U\.N\.|UN|British|French|Russian|Syrian|"
    r"Turkish|Iraqi|Ukrainian|Iranian|Israeli|American|U\.S\.|US|Russia's|Syria's|Turkey's|State|Army|Staff)$"
)

# --- frames in which a trigger word tells no event (idioms, tests, drills, statistics, memory) -----
# read right after the trigger word
NOT_EVENT_AFTER = re.compile(
    r"^\s+(?:"
    # "strike a deal", "struck a balance"
    r"(?:a|an)\s+(?:\w+\s+)?(?:deal|bargain|agreement|accord|compromise|balance|chord|pose|note|tone|truce)\b"
    # "shelling out twice as much": paying
    r"|out\b(?!\s+of\b)"
    # "a car bomb drill", "an air raid exercise"
    r"|(?:drills?|exercises?|simulations?|rehearsals?)\b"
    # "air strikes were the leading cause of civilian deaths": a statistic
    r"|(?:were|was|are|is|remain(?:s|ed)?)\s+(?:the\s+)?(?:\w+\s+)?(?:leading|main|biggest|primary|largest|"
    r"major|chief|top|single)\s+(?:\w+\s+)?(?:cause|killer)"
    r")",
    re.I,
)
# read right before the trigger word
NOT_EVENT_BEFORE = re.compile(
    r"(?:"
    # "test-fired a ballistic missile", "a missile test"
    r"\btest[- ]?(?:fired|fires|firing|launched|launches|launching|fire|launch)\s+(?:\w+\s+){0,3}"
    # "a mock car bomb", "a simulated attack"
    r"|\b(?:mock|simulated|fake|dummy|practice|staged)\s+(?:\w+\s+)?"
    # "a diplomatic offensive", "a charm offensive", "a media campaign"
    r"|\b(?:diplomatic|charm|media|public relations|PR|propaganda|marketing|advertising|verbal|"
    r"rhetorical|legal|political)\s+"
    # "the fifth anniversary of the chemical attack": remembering, not reporting
    r"|\b(?:anniversary|anniversaries|commemorat\w+|memorial|remembrance)\s+(?:of|for)\s+(?:the\s+)?"
    r"(?:[\w-]+\s+){0,3}"
    # "a photographer captured": a picture
    r"|\b(?:photographers?|cameras?|cameraman|cameramen|lens|photos?|images?)\s+(?:\w+\s+)?"
    r")$",
    re.I,
)
# "took several guards hostage", "seized a large quantity of counterfeit medicine": no territory
NOT_TERRITORY_AFTER = re.compile(
    r"^\s+(?:(?:\w+\s+){0,3}(?:hostages?|captives?|prisoners?)\b"
    r"|(?:[\w,.]+\s+){0,2}"
    r"(?:quantit(?:y|ies)|amounts?|hauls?|shipments?|consignments?|tons?|tonnes?|kilograms?|kilos?|drugs|"
    r"narcotics|cash|money|documents|passports|goods|counterfeit|contraband|cigarettes|medicine|"
    r"the opportunity|the moment|the initiative|power)\b)",
    re.I,
)
# "attacked the government's proposal": words, not arms
ATTACK_ON_WORDS = re.compile(
    r"^\s+(?:the|a|an|his|her|its|their|this|that|these|those)?\s*(?:[\w-]+['\u2019]s?\s+)?(?:\w+\s+)?"
    r"(?:proposals?|plans?|decisions?|reports?|remarks|comments|polic(?:y|ies)|statements?|ideas?|"
    r"speech|draft|bill|law|budget|stance|critics|media|press|record|credibility|claims?|"
    r"accusations?|narrative|resolution|tweet|article)\b",
    re.I,
)
# civil police work: "police raided a warehouse"
POLICE_BEFORE = re.compile(
    r"\b(?:police(?:men)?|customs|inspectors|detectives|prosecutors|tax officials|health officials)\s+"
    r"(?:\w+\s+)?$",
    re.I,
)
# a corridor for trade, not for people: "a land corridor for goods"
TRADE_CORRIDOR = re.compile(
    r"\b(?:trade|goods|commercial|cargo|freight|exports?|imports?|traders|merchants|commerce)\b", re.I
)
PEOPLE_CORRIDOR = re.compile(
    r"\b(?:humanitarian|civilians?|evacu\w*|residents|families|people|refugees|displaced|aid|wounded|sick|"
    r"fighters|safe passage|besieged|siege)\b",
    re.I,
)
