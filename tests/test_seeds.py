"""Golden files: every episode each seed gives, as `etl extract` prints it. Any change in what the seeds
give is a visible diff here (review it by eye before committing a regenerated file)."""

from __future__ import annotations

import pytest
from conftest import seed
from helpers import run_specs

from etl.config import Config
from etl.pipeline.sources import SourceSpec


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_seed_golden(prefix, data_regression):
    path = seed(prefix)
    result = run_specs([SourceSpec(path)], Config(base_dir=path.parent))
    assert not result.errors
    data_regression.check({"episodes": [e.document() for e in result.episodes]})
