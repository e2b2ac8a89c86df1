# The demo, loaded once per test process: the documents of its 2021–2023 plan.
from tests.demo.conftest import loaded  # noqa: F401
