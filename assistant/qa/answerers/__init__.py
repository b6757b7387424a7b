"""The answerers, registered in one list. Each proposes scored candidates with their evidence; none
decides (see assistant/qa/verify.py). A new kind of question is a new answerer here, with its own
unit tests, never a branch for one phrasing.

    class MyAnswerer:
        name = "my_answerer"
        def propose(self, frame, scope, retrieved, resources, ask=None) -> list[Candidate]: ...

`ask` lets an answerer that combines figures (aggregates, comparisons) resolve each part through
the same propose → verify path.
"""

from __future__ import annotations

from assistant.qa.answerers.aggregate import Aggregate
from assistant.qa.answerers.cell_lookup import CellLookup
from assistant.qa.answerers.compare import Compare
from assistant.qa.answerers.lists import Lists
from assistant.qa.answerers.overview import Overview
from assistant.qa.answerers.prose_number import ProseNumber
from assistant.qa.answerers.typed_span import TypedSpan

TABLE_ANSWERERS = ("cell_lookup", "aggregate")


def default_answerers() -> list:
    return [CellLookup(), ProseNumber(), Aggregate(), Compare(), TypedSpan(), Lists(), Overview()]


def without_tables() -> list:
    """The answerers minus those that read the cell store: the bench's ablation."""
    return [a for a in default_answerers() if a.name not in TABLE_ANSWERERS]
