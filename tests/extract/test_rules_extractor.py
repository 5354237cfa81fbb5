"""The rule extractor on short texts written for these tests: roles, places, dates, claims, scopes."""

from __future__ import annotations

import datetime as dt

import pytest

from extract.events import Extractor, default_extractor
from extract.models import ArticleText

PUB = dt.date(2016, 7, 31)  # a Sunday


@pytest.fixture(scope="module")
def extractor():
    return default_extractor()


def run(extractor, text: str, published: dt.date | None = PUB):
    article = ArticleText(article_id="t", url="https://example.test/t", text=text, published=published)
    mentions, links = extractor.extract(article)
    for m in mentions:
        assert text[m.sentence_start : m.sentence_end] == m.sentence
        assert m.sentence_start <= m.span_start < m.span_end <= m.sentence_end
        assert text[m.span_start : m.span_end] == m.trigger_text
    return mentions, links


def scored(mentions):
    return [m for m in mentions if m.modality in {"asserted", "claimed", "denied"}]


def one(mentions, family, event_type=None):
    found = [m for m in mentions if m.family == family and (event_type is None or m.event_type == event_type)]
    assert len(found) >= 1, f"no {family}/{event_type} in {[(m.family, m.event_type) for m in mentions]}"
    return found[0]


def test_default_extractor_follows_the_protocol(extractor):
    assert isinstance(extractor, Extractor)
    assert extractor.name == "rules" and extractor.version


def test_active_voice_actor_target_place_and_claimant(extractor):
    ms, _ = run(
        extractor,
        "Hezbollah fighters attacked rebel positions in the village of Khan Tuman on Friday, "
        "the Syrian Observatory for Human Rights said.",
    )
    m = one(ms, "strike", "ground_assault")
    assert m.actor_id == "hezbollah" and m.actor_side == "pro_government"
    assert m.target_side == "opposition"
    assert m.place_name == "Khan Tuman" and m.latitude is not None
    assert m.event_date == dt.date(2016, 7, 29)
    assert m.claimant == "Syrian Observatory for Human Rights" and m.modality == "claimed"
    assert m.reporting_verb == "said"


def test_passive_voice_takes_the_actor_after_by(extractor):
    ms, _ = run(extractor, "A market in Atareb was hit by Russian air strikes on Thursday.")
    m = one(ms, "strike", "air_strike")
    assert m.actor_id == "russia" and m.place_name == "Atareb" and m.event_date == dt.date(2016, 7, 28)
    assert m.modality == "asserted" and m.claimant is None


def test_nominal_form_takes_the_adjective_actor(extractor):
    ms, _ = run(extractor, "Turkish artillery shelling on Tal Rifaat killed three people on Saturday.")
    m = one(ms, "strike", "shelling")
    assert m.actor_side == "turkey" and m.place_name == "Tal Rifaat"
    assert m.fatalities_low == 3 and m.fatalities_high == 3


def test_car_bomb_with_renamed_group_gets_the_name_of_the_day(extractor):
    ms, _ = run(
        extractor,
        "Fighters of the former Nusra Front set off a car bomb at an army checkpoint in Rashideen on Sunday.",
    )
    m = one(ms, "strike", "car_bomb")
    assert m.actor_id == "nusra" and m.actor_name == "Jabhat Fateh al-Sham" and m.actor_side == "jihadist"
    assert m.place_name == "Rashideen" and m.place_id == "cur:rashidin"


def test_place_with_direction_is_the_place_not_a_new_one(extractor):
    ms, _ = run(extractor, "Rebels attacked government forces southwest of Aleppo on Sunday.")
    m = one(ms, "strike", "ground_assault")
    assert m.place_id == "gn:170063" and m.place_direction == "southwest"


def test_held_descriptor_is_a_status_as_of_publication(extractor):
    ms, _ = run(extractor, "Air strikes hit the rebel-held town of Maarat al-Numan last Thursday.")
    held = one(ms, "control", "held")
    assert held.actor_side == "opposition" and held.place_id == "cur:maarat_al_numan"
    assert held.event_date == PUB
    strike = one(ms, "strike", "air_strike")
    assert strike.event_date == dt.date(2016, 7, 28)


def test_held_before_a_thing_is_not_control(extractor):
    ms, _ = run(extractor, "Coalition jets destroyed an ISIS-held tank near Raqqa on Sunday.")
    assert not [m for m in ms if m.family == "control"]


def test_capture_with_from_names_the_loser(extractor):
    ms, _ = run(
        extractor, "Government forces recaptured the Bani Zaid district from rebel factions overnight."
    )
    m = one(ms, "control", "captured")
    assert m.actor_side == "pro_government" and m.target_side == "opposition"
    assert m.place_id == "cur:bani_zeid" and m.date_start == dt.date(2016, 7, 30)


def test_supply_route_cut_on_a_curated_road(extractor):
    ms, _ = run(extractor, "Loyalist forces cut the Castello Road on July 17.")
    m = one(ms, "control", "supply_route_cut")
    assert m.place_id == "cur:castello_road" and m.event_date == dt.date(2016, 7, 17)


def test_since_gives_an_interval_to_publication(extractor):
    ms, _ = run(
        extractor, "Since July 17, government troops have besieged the rebel-held districts of Aleppo."
    )
    m = one(ms, "control", "besieged")
    assert m.date_start == dt.date(2016, 7, 17) and m.date_end == PUB and m.date_precision == "interval"


def test_month_end_last_year(extractor):
    ms, _ = run(extractor, "Russian jets began bombing Idlib at the end of September last year.")
    m = one(ms, "strike", "air_strike")
    assert dt.date(2015, 9, 21) <= m.event_date <= dt.date(2015, 9, 30)


def test_abbreviated_month_and_list_items_share_the_narrative_date(extractor):
    text = (
        "On Jan. 8, Coalition military forces conducted 4 strikes against ISIL in Syria.\n"
        "- Near Shaddadi, one strike destroyed a fighting position.\n"
        "- Near Palmyra, three strikes destroyed an ISIL tank."
    )
    ms, _ = run(extractor, text, dt.date(2017, 1, 9))
    by_place = {m.place_name: m for m in ms if m.family == "strike"}
    assert by_place["Shaddadi"].event_date == dt.date(2017, 1, 8)
    assert by_place["Palmyra"].actor_side == "us_coalition"
    assert by_place["Shaddadi"].event_type == "air_strike"


def test_relative_dates_are_refused_without_a_publication_date(extractor):
    ms, _ = run(extractor, "Rebels shelled Hamdaniyeh on Sunday.", None)
    m = one(ms, "strike", "shelling")
    assert m.event_date is None and "refused" in (m.date_reason or "")


def test_corridor_use_with_quantity_population_claim_and_dispute(extractor):
    text = (
        "On Saturday, state media reported that dozens of civilians and rebels had left eastern Aleppo "
        "through humanitarian corridors, but residents dismissed the claims as lies."
    )
    ms, _links = run(extractor, text)
    m = one(ms, "corridor", "used")
    assert (m.people_low, m.people_high) == (24, 99) and m.population == "mixed"
    assert m.claimant == "state media" and m.claimant_side == "pro_government"
    assert m.event_date == dt.date(2016, 7, 30)
    assert m.disputed and m.disputed_by and "dismissed" in m.dispute_sentence
    assert m.direction and m.direction.startswith("out of")


def test_a_denial_that_restates_the_event_is_linked_to_the_claim(extractor):
    text = (
        "Activists said Russian jets struck a market in Ariha on Saturday. Moscow denied its aircraft had "
        "bombed the town."
    )
    ms, links = run(extractor, text)
    claimed = [m for m in ms if m.modality == "claimed" and m.family == "strike"]
    denied = [m for m in ms if m.modality == "denied" and m.family == "strike"]
    assert claimed and denied
    assert claimed[0].disputed and denied[0].disputed
    assert any(lk.relation == "disputes" and lk.other_mention_id == claimed[0].mention_id for lk in links)


def test_corridor_announcement_is_claimed_not_planned(extractor):
    ms, _ = run(
        extractor,
        "Russia's defence ministry said new evacuation corridors would open in Mariupol and Kharkiv.",
        dt.date(2022, 3, 8),
    )
    rows = [m for m in ms if m.family == "corridor"]
    assert {m.place_name for m in rows} == {"Mariupol", "Kharkiv"}
    assert all(m.event_type == "announced" and m.modality == "claimed" for m in rows)
    assert len({m.mention_id for m in rows}) == 2


def test_blocking_corridor_with_accused_actor(extractor):
    ms, _ = run(
        extractor,
        "Officials accused Russia of preventing evacuations from Mariupol on Tuesday. "
        "A humanitarian corridor had been announced.",
        dt.date(2022, 3, 8),
    )
    m = one(ms, "corridor", "blocked")
    assert m.actor_id == "russia" and m.place_name == "Mariupol"


@pytest.mark.parametrize(
    ("text", "modality"),
    [
        ("Should the army retake Palmyra, the road east would open.", "hypothetical"),
        ("If rebels capture Hama, the regime would lose its grip.", "hypothetical"),
        ("The army plans to storm Daraya next week.", "planned"),
        ("Rebels vowed to attack Kuweires airbase.", "planned"),
        ("The army did not shell Douma on Sunday, officials said.", "denied"),
    ],
)
def test_modality_scopes(extractor, text, modality):
    ms, _ = run(extractor, text)
    assert ms and all(m.modality == modality for m in ms if m.family in {"strike", "control"}), [
        (m.event_type, m.modality) for m in ms
    ]


@pytest.mark.parametrize(
    "text",
    [
        "The United States calls for an end to the regime's attacks on Aleppo and Daraya.",
        "Teachers went on strike in Damascus on Monday over unpaid salaries.",
        "A late strike from the edge of the box gave Al-Wahda a 2-1 win in Damascus on Sunday.",
        "Foreign ministers met in Geneva to discuss a political transition in Syria.",
        "In 2012, rebels captured the eastern half of Aleppo.",
        "A strike, as defined in these releases, means one or more kinetic events in one place.",
    ],
)
def test_texts_that_yield_no_scored_event(extractor, text):
    ms, _ = run(extractor, text)
    assert not scored(ms), [(m.family, m.event_type, m.modality, m.trigger_text) for m in ms]


def test_mention_ids_are_stable_across_runs(extractor):
    text = "Regime forces bombarded the rebel-held districts of Aleppo on Sunday."
    first = [m.mention_id for m in run(extractor, text)[0]]
    second = [m.mention_id for m in run(default_extractor(), text)[0]]
    assert first == second and len(set(first)) == len(first)
