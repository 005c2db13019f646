"""Tests of analysis.nlp: the engines, span refinement, quantities."""
