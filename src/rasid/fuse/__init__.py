"""Fusion: one event per real-world event.

- ``within_article``: the mentions of one article that tell the same event become one
  (``merge_events``, the last step of ``rasid.pipeline.process``).
- ``across_articles``: the events of many articles that are one real-world event become
  one, with all their claims, and its ACLED and UCDP figures (used by ``rasid.store``).
- ``compare``: what both compare events on.
"""
