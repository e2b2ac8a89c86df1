import pytest

from core import views

pytestmark = pytest.mark.django_db

BASELINES = ["/bench/baseline", "/bench/baseline/template"]


@pytest.mark.parametrize("url", BASELINES)
def test_it_is_not_found_unless_enabled(client, settings, url):
    settings.BENCH_BASELINE = False
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("url", BASELINES)
def test_it_renders_the_asked_size_without_a_query(client, settings, django_assert_num_queries, url):
    settings.BENCH_BASELINE = True
    with django_assert_num_queries(0):
        response = client.get(f"{url}?kb=40")
    assert response.status_code == 200
    assert 30_000 < len(response.content) < 50_000
    assert b"Baseline" in response.content


@pytest.mark.parametrize("url", BASELINES)
def test_its_size_is_bounded(client, settings, url):
    settings.BENCH_BASELINE = True
    small = client.get(f"{url}?kb=0").content
    huge = client.get(f"{url}?kb=100000").content
    assert len(small) < 3_000
    assert len(huge) < 4100 * 1024  # a baseline as large as the largest page measured
    assert client.get(f"{url}?kb=x").status_code == 200


def test_the_cheapest_baseline_renders_its_template_once(client, settings, monkeypatch):
    """The yardstick is the bytes of a page, rendered once per worker: what a
    response of that size costs through the same middleware and server, with
    nothing computed."""
    settings.BENCH_BASELINE = True
    monkeypatch.setattr(views, "_bench_bytes", {})
    renders = []
    real = views.render_to_string
    monkeypatch.setattr(views, "render_to_string", lambda *a, **k: renders.append(1) or real(*a, **k))
    first = client.get("/bench/baseline?kb=19").content
    assert client.get("/bench/baseline?kb=19").content == first
    assert len(renders) == 1
