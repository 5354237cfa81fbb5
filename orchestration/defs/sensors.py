"""A sensor that starts a run when a source has new items: a feed's new entries, a new file in an
archive or inbox folder. The cursor remembers what each source listed, so a tick with nothing new
requests nothing."""

import hashlib
import os

from dagster import DefaultSensorStatus, RunRequest, SensorEvaluationContext, SensorResult, SkipReason, sensor

from orchestration.defs import source_watch
from orchestration.defs.jobs import frontlines_job
from orchestration.defs.partitions import today_partition
from orchestration.defs.resources import SourcesResource

SENSOR_ON_ENV, SENSOR_INTERVAL_ENV = "FRONTLINES_SENSOR_ON", "FRONTLINES_SENSOR_INTERVAL"


@sensor(
    name="new_source_items",
    job=frontlines_job,
    minimum_interval_seconds=int(os.environ.get(SENSOR_INTERVAL_ENV, "300")),
    default_status=DefaultSensorStatus.RUNNING
    if os.environ.get(SENSOR_ON_ENV) == "1"
    else DefaultSensorStatus.STOPPED,
    description=(
        "Lists feeds, sitemaps, URL lists and archive/inbox folders every few minutes and requests a run of "
        "today's partition when one has new items. "
        f"{SENSOR_INTERVAL_ENV} sets the interval (s), {SENSOR_ON_ENV}=1 starts it with the daemon."
    ),
)
def new_source_items(context: SensorEvaluationContext, sources: SourcesResource):
    configured, errors = sources.resolve()
    for error in errors:
        context.log.warning(error)
    old = source_watch.load_cursor(context.cursor)
    new = source_watch.watch_sources(configured, sources.fetch_settings())
    for sid, state in new.items():
        if state.error:
            context.log.warning(f"source {sid} could not be listed: {state.error}")
            if sid in old:
                new[sid] = old[sid]  # keep what we knew: a flaky feed must not look all-new later
    cursor = source_watch.dump_cursor(new)
    found = source_watch.changes(old, new)
    if not found:
        return SensorResult(
            skip_reason=SkipReason(f"no new items in {len(new)} watched source(s)"), cursor=cursor
        )
    summary = ", ".join(f"{sid}: {n}" for sid, n in sorted(found.items()))
    run_key = hashlib.sha1(cursor.encode("utf-8")).hexdigest()[:16]
    request = RunRequest(
        run_key=run_key,
        partition_key=today_partition(),
        tags={"frontlines/trigger": "new_source_items", "frontlines/new_items": summary[:200]},
    )
    return SensorResult(run_requests=[request], cursor=cursor)
