"""`frontlines ui` for real: the Dagster webserver and daemon on 127.0.0.1, asked over GraphQL for
the asset graph, the schedule and the sensor, then stopped with SIGINT (as STACK-NOTES says)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from orchestration.instance import ensure_instance
from tests.conftest import REPO_ROOT

pytestmark = pytest.mark.slow

QUERY = """
{
  assetNodes { assetKey { path } groupName description isPartitioned }
  repositoriesOrError {
    ... on RepositoryConnection {
      nodes { name schedules { name cronSchedule } sensors { name } }
    }
  }
}
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_the_ui_serves_the_asset_graph_the_schedule_and_the_sensor(tmp_path, dbt_manifest):
    port = _free_port()
    home = ensure_instance(tmp_path / "dagster_home")
    bin_dir = Path(sys.executable).parent
    env = {**os.environ, "DAGSTER_HOME": str(home), "PATH": f"{bin_dir}:{os.environ['PATH']}"}
    argv = ["env", "--default-signal=INT,QUIT", str(bin_dir / "frontlines"), "ui", "--port", str(port)]
    argv += ["--warehouse", str(tmp_path / "ui.duckdb")]
    log = (tmp_path / "ui.log").open("w")
    server = subprocess.Popen(
        argv, cwd=REPO_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    try:
        answer = None
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline and server.poll() is None:
            try:
                reply = httpx.post(f"http://127.0.0.1:{port}/graphql", json={"query": QUERY}, timeout=10)
                data = reply.json().get("data") or {}
                if data.get("assetNodes"):
                    answer = data
                    break
            except (httpx.HTTPError, ValueError):
                pass
            time.sleep(1)
        assert answer, f"no GraphQL answer on 127.0.0.1:{port}:\n{(tmp_path / 'ui.log').read_text()[-3000:]}"
        nodes = {"/".join(n["assetKey"]["path"]): n for n in answer["assetNodes"]}
        assert nodes["raw/mentions"]["isPartitioned"] and not nodes["raw/pages"]["isPartitioned"]
        assert (
            nodes["marts/fct_strikes"]["groupName"] == "marts" and nodes["marts/fct_strikes"]["description"]
        )
        repo = answer["repositoriesOrError"]["nodes"][0]
        assert {"name": "frontlines_hourly", "cronSchedule": "0 * * * *"} in repo["schedules"]
        assert {"name": "new_source_items"} in repo["sensors"]
        with pytest.raises(httpx.ConnectError):  # bound to loopback only: no other address answers
            other = socket.gethostbyname(socket.gethostname())
            if other.startswith("127."):
                raise httpx.ConnectError("only loopback addresses here")
            httpx.get(f"http://{other}:{port}/server_info", timeout=3)
    finally:
        os.killpg(server.pid, signal.SIGINT)
        try:
            server.wait(60)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(30)
        log.close()
    assert server.returncode is not None
