"""Tests of analysis.stages: the registry and each stage family."""
