"""The idea list's status filter offers the screening funnel's stages, and on
the demo's national plan each stage lists as many ideas as the statistics
page counts (issue 8, item 6: "accepted" listed 0 where the statistics said
143, the others having moved on to sent or integrated)."""

import re

import pytest

from ideas.funnel import FILTERS

pytestmark = pytest.mark.django_db

PLAN = "nap2-2021-2023"


def test_each_stage_of_the_filter_lists_as_many_ideas_as_the_statistics_count(client, loaded):
    funnel = client.get(f"/open-data/plans/{PLAN}/statistics.json").json()["funnel"]
    assert funnel["accepted"] == 143  # the published report's figure
    html = client.get(f"/fr/plans/{PLAN}/ideas/").content.decode()
    for key, _label in FILTERS:
        listed = client.get(f"/fr/plans/{PLAN}/ideas/", {"status": key}).context["page"].paginator.count
        assert listed == funnel[key], key
        # The filter's choice says the same figure.
        option = re.search(rf'<option value="{key}">([^<]*)</option>', html).group(1)
        assert option.endswith(f"({funnel[key]})"), option
        # And so does the page's count, from the rows.
        shown = client.get(f"/fr/plans/{PLAN}/ideas/", {"status": key, "sort": "supported"})
        assert shown.context["page"].paginator.object_list.count() == funnel[key], key
