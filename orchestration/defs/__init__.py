"""Dagster definitions, one concern a module; `orchestration.definitions` gathers them."""
