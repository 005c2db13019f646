"""StoryLens analysis: seeds -> tables. See analysis/schema.py for every table it writes."""

__version__ = "0.1.0"
