"""Goes through a real Celery worker and a real broker: Redis when one is reachable (the test
command passes TEST_REDIS_URL), otherwise kombu's filesystem transport in a temporary folder."""

import os
import time

import pytest
from celery import Celery
from celery.contrib.testing.worker import start_worker

from congress.models import WorkerHeartbeat

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.worker]


@pytest.fixture
def real_app(tmp_path):
    app = Celery("congress-test")
    app.config_from_object("django.conf:settings", namespace="CELERY")
    redis_url = os.environ.get("TEST_REDIS_URL")
    if redis_url:
        app.conf.update(broker_url=redis_url, broker_transport_options={})
    else:
        queue = tmp_path / "queue"
        queue.mkdir()
        app.conf.update(
            broker_url="filesystem://",
            broker_transport_options={
                "data_folder_in": str(queue),
                "data_folder_out": str(queue),
                "processed_folder": str(tmp_path),
                "control_folder": str(tmp_path / "control"),
            },
        )
    app.conf.task_always_eager = False
    app.loader.import_default_modules()
    app.autodiscover_tasks(force=True)
    return app


def test_heartbeat_task_runs_on_a_real_worker(real_app):
    with start_worker(real_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        real_app.send_task("congress.tasks.worker_heartbeat", kwargs={"worker": "test-worker"})
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and not WorkerHeartbeat.objects.filter(name="test-worker").exists():
            time.sleep(0.2)
    assert WorkerHeartbeat.objects.filter(name="test-worker").exists()
