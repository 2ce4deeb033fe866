"""The stations tests share the deputies tests' fixtures (catalogues, Chinese, seed rows)."""

from tests.deputies.conftest import _chinese, _seed_data

__all__ = ["_chinese", "_seed_data"]
