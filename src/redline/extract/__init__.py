"""Extraction: one parsed document in, fragments out (every one a span of its text).

Each extractor is a small class registered in `builtin.py` through the same registry
plugins use.  They run in order for one document: entities, dates, attributions,
quantities (which use the attributions and dates), claims (which use everything).
"""
