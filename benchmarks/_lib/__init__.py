"""Helpers of ``benchmarks/run.py`` (not benchmarks themselves: nothing here runs
standalone, and ``.ci/run`` only runs ``benchmarks/*.py``)."""
