"""Tests of analysis.build: reading corpora, running the stages, writing the tables."""
