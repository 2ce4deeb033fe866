import pytest
from django.db import OperationalError

pytestmark = pytest.mark.django_db


def test_healthz_is_200_when_database_and_broker_answer(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["database"]["ok"] is True
    assert body["broker"]["ok"] is True


def test_healthz_is_503_when_the_broker_is_down(client, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["broker"]["ok"] is False
    assert response.json()["database"]["ok"] is True


def test_healthz_is_503_when_the_database_is_down(client, monkeypatch):
    from django.db.backends.utils import CursorWrapper

    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(CursorWrapper, "execute", refuse)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"]["ok"] is False


def test_healthz_checks_the_filesystem_broker_folder(client, settings, tmp_path):
    settings.CELERY_BROKER_URL = "filesystem://"
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {"data_folder_in": str(tmp_path / "queue")}
    assert client.get("/healthz").status_code == 200
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {"data_folder_in": str(blocker / "queue")}
    assert client.get("/healthz").status_code == 503


def test_liveness_answers_without_touching_the_database_or_the_broker(
    client, settings, django_assert_num_queries
):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # a broker that is down does not matter
    with django_assert_num_queries(0):
        response = client.get("/healthz/live")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readiness_is_probed_once_per_cache_period(client, settings, django_assert_num_queries):
    from congress.health import readiness_forget

    settings.HEALTHZ_CACHE_SECONDS = 60
    readiness_forget()
    try:
        assert client.get("/healthz/ready").status_code == 200
        with django_assert_num_queries(0):
            for _ in range(5):
                assert client.get("/healthz").status_code == 200
    finally:
        readiness_forget()


def test_concurrent_probes_of_the_filesystem_broker_never_fail_each_other(settings, tmp_path):
    """Before, every probe wrote and deleted the same file, and two workers deleted each other's."""
    import threading

    from congress.health import broker_status

    settings.CELERY_BROKER_URL = "filesystem://"
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {"data_folder_in": str(tmp_path / "queue")}
    failures: list[str] = []
    start = threading.Barrier(8)

    def probe() -> None:
        start.wait()
        for _ in range(100):
            ok, detail = broker_status()
            if not ok:
                failures.append(detail)

    threads = [threading.Thread(target=probe) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert list((tmp_path / "queue").iterdir()) == []  # every probe cleaned up after itself


def test_the_database_check_runs_under_its_own_statement_timeout(settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from congress.health import database_status

    settings.HEALTHZ_TIMEOUT_SECONDS = 0.5
    with CaptureQueriesContext(connection) as queries:
        assert database_status() == (True, "ok")
    assert any("statement_timeout" in q["sql"] and "500ms" in q["sql"] for q in queries.captured_queries)


@pytest.mark.parametrize(
    "path", ["/healthz", "/healthz/", "/healthz/ready", "/healthz/ready/", "/healthz/live", "/healthz/live/"]
)
def test_a_probe_gets_200_with_or_without_the_trailing_slash(client, path):
    assert client.get(path).status_code == 200
