"""The analyst's corrections (``corrections.toml``, ``analysis.core.corrections``) applied to the tables.

Two stages, both over whole tables so that no engine or per-article stage runs again for them:
- ``entities.correct_entities``, right after entity linking: merges, splits, renames, new types,
  dropped entities and spans marked as names or not, applied in the file's order to the linked
  ``mentions`` and ``entities`` (after the story pack's ``[names]``); every later stage reads the
  corrected tables;
- ``verdicts.judge_discrepancies``, after the discrepancies are found: a dismissed one leaves the
  ``contradictions`` table, a confirmed one stays; and the ``corrections`` table: one row per
  correction, with what became of it in this build (applied, not needed, no longer applies, invalid)
  and the machine's original.

A correction that no longer applies is recorded, never raised: the build goes on.
"""

from analysis.stages.corrections.entities import correct_entities
from analysis.stages.corrections.verdicts import judge_discrepancies

__all__ = ["correct_entities", "judge_discrepancies"]
