"""Roles, places and corridor types the 0.2 rules added, on short texts written for these tests."""

from __future__ import annotations

import datetime as dt

import pytest

from extract.events import default_extractor
from extract.models import ArticleText

PUB = dt.date(2017, 3, 13)  # a Monday


@pytest.fixture(scope="module")
def extractor():
    return default_extractor()


def rows(extractor, text: str):
    article = ArticleText(article_id="r", url="https://example.test/r", text=text, published=PUB)
    mentions, _ = extractor.extract(article)
    return mentions


def only(mentions, family, event_type):
    found = [m for m in mentions if m.family == family and m.event_type == event_type]
    assert found, f"no {family}/{event_type} in {[(m.family, m.event_type) for m in mentions]}"
    return found[0]


def test_the_side_that_pulls_out_is_the_target_of_a_withdrawal(extractor):
    text = "Islamic State fighters pulled out of Manbij on Sunday."
    m = only(rows(extractor, text), "control", "withdrawn")
    assert (m.target_side, m.actor_side) == ("isis", None)


def test_a_capture_names_the_loser_later_in_the_sentence(extractor):
    text = "Rebels captured the town of Khan Tuman on Sunday after government troops fled."
    m = only(rows(extractor, text), "control", "captured")
    assert (m.actor_side, m.target_side) == ("opposition", "pro_government")


def test_an_ally_named_after_a_capture_is_no_loser(extractor):
    text = "Government troops captured the town of Khan Tuman on Sunday backed by Russian forces."
    m = only(rows(extractor, text), "control", "captured")
    assert m.actor_side == "pro_government" and m.target_side is None


def test_an_actor_noun_inside_the_trigger_is_the_attacker(extractor):
    m = only(rows(extractor, "Government jets bombed the town of Saraqeb on Sunday."), "strike", "air_strike")
    assert m.actor_side == "pro_government"


def test_government_held_resolves_to_the_government_side(extractor):
    text = "Rebels shelled the government-held town of Mhardeh on Sunday."
    m = only(rows(extractor, text), "control", "held")
    assert m.actor_side == "pro_government"


def test_its_aircraft_is_the_claimants_own_force(extractor):
    text = "The coalition said its aircraft had struck a bridge near Raqqa on Sunday."
    m = only(rows(extractor, text), "strike", "air_strike")
    assert m.actor_side == "us_coalition" and m.modality == "claimed"


def test_an_unknown_place_before_a_place_noun(extractor):
    text = "Rebels attacked army posts in the Bashkuy area north of Aleppo on Sunday."
    m = only(rows(extractor, text), "strike", "ground_assault")
    assert m.place_name == "Bashkuy" and m.place_id is None


def test_used_and_opened_in_one_clause_and_the_origin_place(extractor):
    text = (
        "More than 50 civilians left Harasta through a corridor opened by the army on Sunday, "
        "state media said."
    )
    mentions = rows(extractor, text)
    used, opened = only(mentions, "corridor", "used"), only(mentions, "corridor", "opened")
    assert (used.people_low, used.people_high) == (51, None)
    assert opened.actor_side == "pro_government" and used.place_name == "Harasta"


def test_a_reason_after_citing_is_no_claimant(extractor):
    text = "The army closed the Bustan al-Qasr crossing in Aleppo on Sunday, citing security concerns."
    m = only(rows(extractor, text), "corridor", "closed")
    assert m.claimant is None and m.modality == "asserted"
    assert not [x for x in rows(extractor, text) if x.event_type == "supply_route_cut"]


def test_those_who_left_a_besieged_enclave_are_the_besieged(extractor):
    text = "Dozens of rebels left besieged Madaya on Sunday, activists said."
    m = only(rows(extractor, text), "control", "besieged")
    assert (m.actor_side, m.target_side) == ("pro_government", "opposition")
