import pytest

pytestmark = pytest.mark.django_db


def test_it_is_not_found_unless_enabled(client, settings):
    settings.BENCH_BASELINE = False
    assert client.get("/bench/baseline").status_code == 404


def test_it_renders_the_asked_size_without_a_query(client, settings, django_assert_num_queries):
    settings.BENCH_BASELINE = True
    with django_assert_num_queries(0):
        response = client.get("/bench/baseline?kb=40")
    assert response.status_code == 200
    assert 30_000 < len(response.content) < 50_000


def test_its_size_is_bounded(client, settings):
    settings.BENCH_BASELINE = True
    small = client.get("/bench/baseline?kb=0").content
    huge = client.get("/bench/baseline?kb=100000").content
    assert len(small) < 3_000
    assert len(huge) < 250 * 1024
    assert client.get("/bench/baseline?kb=x").status_code == 200
