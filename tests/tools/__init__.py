"""Tests of analysis.tools: evaluation, benchmarks, adding articles."""
