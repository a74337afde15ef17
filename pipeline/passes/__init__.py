"""Model → model transforms between read and encode (fidelity: names, dates, correspondents).

Each pass is ``(Document, Context) -> Document``; ``PASSES`` is their order: dates first (the
document's date decides who "the President" is), then persons, then correspondents (which
reads the names the persons pass tagged). Passes only split ``Text`` inlines into
``Text``/``PersName``/``OrgName``/``DateRef``: the characters never change.
"""

from __future__ import annotations

from pipeline.model import Document
from pipeline.passes import correspondents, dates, persons
from pipeline.passes.base import Context, Pass, iter_inlines, map_inlines

PASSES: list[tuple[str, Pass]] = [
    ("dates", dates.run),
    ("persons", persons.run),
    ("correspondents", correspondents.run),
]

__all__ = ["PASSES", "Context", "iter_inlines", "map_inlines", "run_passes"]


def run_passes(doc: Document, ctx: Context) -> Document:
    """Run every pass in order."""
    for _, fn in PASSES:
        doc = fn(doc, ctx)
    return doc
