"""The dbt flags of the jobs' invocations, apart from the project object (orchestration/dbt_project.py):
a caller outside Dagster, the benchmarks' own dbt step, reads them without importing dagster_dbt,
which took 2 s and about 100 MB of the process that runs the stages."""

# Unit tests check the SQL, not the data: CI runs them (tests/dbt); a production build would repeat
# them every run on fixed inputs (about 10 s).
NO_UNIT_TESTS = ["--exclude-resource-type", "unit_test"]
# No manifest.json, semantic manifest or run_results.json: the asset reads dbt's events from its log
# stream and deletes the invocation's target folder afterwards, and writing the manifest twice (after
# the parse and after the run) was about 1 s of a build's 9 s at 10,000 pages (docs/scaling.md,
# session 14). The parse dbt keeps for the next run (partial_parse.msgpack) is written regardless.
NO_ARTIFACTS = ["--no-write-json"]

# Two cadences for the data tests (dbt_project/selectors.yml, docs/scaling.md). The scheduled build
# (`frontlines_job`, hourly) runs every model and only the tests tagged `critical`: each data test
# costs dbt a node (about 40 ms of fixed work, plus its query), and 199 of them were half of a run's
# dbt time. The audit (`frontlines_audit_job`, daily, or `frontlines audit`) runs every data test on
# the marts as they are. benchmarks/pipeline_run.py times the scheduled build with the same flags.
CRITICAL_TAG = "critical"
SCHEDULED_SELECTOR, AUDIT_SELECTOR = "scheduled", "audit"
SCHEDULED_FLAGS = ["--selector", SCHEDULED_SELECTOR, *NO_UNIT_TESTS, *NO_ARTIFACTS]
AUDIT_FLAGS = ["--selector", AUDIT_SELECTOR, *NO_UNIT_TESTS, *NO_ARTIFACTS]
# a whole build with every data test (the UI's "materialize all"): a relationship test between two
# models runs once both are built (a subset run skips it rather than fail on a missing table)
BUILD_FLAGS = ["--indirect-selection", "buildable", *NO_UNIT_TESTS, *NO_ARTIFACTS]
