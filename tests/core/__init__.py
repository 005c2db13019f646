"""Tests of analysis.core: the schema, the document model, the story pack."""
