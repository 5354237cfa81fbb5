"""Load the reference data (actors, dated names, places, event taxonomy) into the `ref` schema.

Replace-all in one transaction, bulk through Arrow: a re-run leaves exactly one copy, and a failure
leaves the previous tables untouched. dbt builds its dimensions on these tables and columns.
"""

from __future__ import annotations

import duckdb
import pyarrow as pa

from extract.reference import Reference, read_reference

REF_DDL = {
    "actors": """create or replace table ref.actors (
        actor_id varchar primary key, canonical_name varchar not null, side varchar not null,
        kind varchar, parent_id varchar, country varchar, description varchar)""",
    "actor_names": """create or replace table ref.actor_names (
        actor_id varchar not null, name varchar not null, name_type varchar not null,
        valid_from date, valid_to date)""",
    "places": """create or replace table ref.places (
        place_id varchar primary key, name varchar not null, feature_type varchar, precision varchar,
        latitude double, longitude double, admin1 varchar, country_code varchar, parent_place_id varchar,
        source varchar, geonames_id bigint)""",
    "place_names": """create or replace table ref.place_names (
        place_id varchar not null, name varchar not null)""",
    "event_types": """create or replace table ref.event_types (
        event_type varchar primary key, family varchar not null, coarse_class varchar not null,
        description varchar, acled_event_type varchar, acled_sub_event_type varchar,
        plover_event_type varchar, plover_mode varchar, cameo_code varchar)""",
}


def _tables(ref: Reference) -> dict[str, pa.Table]:
    actors = list(ref.actors.values())
    names = list(ref.actor_names)
    places = list(ref.places.values())
    types = list(ref.event_types.values())
    return {
        "actors": pa.table(
            {
                "actor_id": [a.actor_id for a in actors],
                "canonical_name": [a.canonical_name for a in actors],
                "side": [a.side for a in actors],
                "kind": [a.kind for a in actors],
                "parent_id": [a.parent_id for a in actors],
                "country": [a.country for a in actors],
                "description": [a.description for a in actors],
            }
        ),
        "actor_names": pa.table(
            {
                "actor_id": [n.actor_id for n in names],
                "name": [n.name for n in names],
                "name_type": [n.name_type for n in names],
                "valid_from": pa.array([n.valid_from for n in names], pa.date32()),
                "valid_to": pa.array([n.valid_to for n in names], pa.date32()),
            }
        ),
        "places": pa.table(
            {
                "place_id": [p.place_id for p in places],
                "name": [p.name for p in places],
                "feature_type": [p.feature_type for p in places],
                "precision": [p.precision for p in places],
                "latitude": pa.array([p.latitude for p in places], pa.float64()),
                "longitude": pa.array([p.longitude for p in places], pa.float64()),
                "admin1": [p.admin1 for p in places],
                "country_code": [p.country_code for p in places],
                "parent_place_id": [p.parent_place_id for p in places],
                "source": [p.source for p in places],
                "geonames_id": pa.array([p.geonames_id for p in places], pa.int64()),
            }
        ),
        "place_names": pa.table(
            {
                "place_id": [pid for pid, _ in ref.place_names],
                "name": [name for _, name in ref.place_names],
            }
        ),
        "event_types": pa.table(
            {
                "event_type": [t.event_type for t in types],
                "family": [t.family for t in types],
                "coarse_class": [t.coarse_class for t in types],
                "description": [t.description for t in types],
                "acled_event_type": [t.acled_event_type for t in types],
                "acled_sub_event_type": [t.acled_sub_event_type for t in types],
                "plover_event_type": [t.plover_event_type for t in types],
                "plover_mode": [t.plover_mode for t in types],
                "cameo_code": [t.cameo_code for t in types],
            }
        ),
    }


def load_reference_tables(con: duckdb.DuckDBPyConnection, ref: Reference | None = None) -> dict[str, int]:
    """Replace every `ref` table with the current reference data; returns row counts per table.

    Without `ref` the data is read afresh and let go afterwards: the process that loads the tables
    goes on to wait for dbt, and a cached copy would sit in it (docs/scaling.md, session 9)."""
    ref = ref or read_reference()
    tables = _tables(ref)
    counts: dict[str, int] = {}
    con.execute("begin transaction")
    try:
        con.execute("create schema if not exists ref")
        for name, ddl in REF_DDL.items():
            con.execute(ddl)
            view = f"_frontlines_ref_{name}"
            con.register(view, tables[name])
            try:
                con.execute(f"insert into ref.{name} by name select * from {view}")
            finally:
                con.unregister(view)
            counts[name] = tables[name].num_rows
        con.execute("commit")
    except Exception:
        con.execute("rollback")
        raise
    return counts
