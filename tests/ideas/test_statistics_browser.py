"""The statistics page in Debian's headless Chromium (issue 18, point 34):
"Figures computed on …" reads as one sentence, without wide gaps between its
words, the date and its full stop, in Arabic on a phone and in French on a
desktop."""

import shutil

import pytest

from tests.factories import ThemeFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not shutil.which("chromium"), reason="needs Debian's chromium"),
]

# The horizontal distance on screen between the date (<time>) and the text
# just before and just after it in its sentence, and whether each sits on the
# date's line.
GAPS = """time => {
  const box = time.getBoundingClientRect();
  const around = [];
  for (const [node, fromEnd] of [[time.previousSibling, true], [time.nextSibling, false]]) {
    const text = node.data.trim();
    const at = node.data.indexOf(text) + (fromEnd ? text.length - 1 : 0);
    const range = document.createRange();
    range.setStart(node, at);
    range.setEnd(node, at + 1);
    const r = range.getBoundingClientRect();
    around.push({
      gap: Math.max(r.left - box.right, box.left - r.right),
      sameLine: Math.abs(r.top - box.top) < box.height / 2,
    });
  }
  return around;
}"""


@pytest.mark.parametrize("language,width", [("ar", 390), ("fr", 1280)])
def test_figures_computed_on_reads_as_one_sentence(live_server, page, language, width):
    plan = ThemeFactory().plan
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}/{language}/plans/{plan.slug}/statistics/")
    time = page.locator("main p time").first
    for side in time.evaluate(GAPS):
        if side["sameLine"]:
            # A space is about 4 px at this size; the layout for lists put 14 px.
            assert side["gap"] < 8, side
    assert time.evaluate(GAPS)[1]["sameLine"]  # the full stop never leaves the date
