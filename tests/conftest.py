from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures"
SHARED = ROOT.parent / "shared"


def shared(*parts: str) -> Path:
    """A path in ../shared; the test is skipped (not passed) when the folder is absent."""
    path = SHARED.joinpath(*parts)
    if not SHARED.is_dir():
        pytest.skip("../shared is not present beside the checkout")
    return path


def seed(prefix: str) -> Path:
    folder = shared("seeds")
    (match,) = sorted(folder.glob(f"{prefix}_*.txt"))
    return match
