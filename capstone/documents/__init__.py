"""Documents generated from the project record, with no retyping: the A3 (a printable page and
a PDF) and the structured abstract's first draft."""

from .a3 import A3Content, A3Section, a3_content, adopted_ideas, load_for_documents, measure_rows
from .abstract import abstract_prefill, abstract_text
from .pdf import a3_pdf

__all__ = [
    "A3Content",
    "A3Section",
    "a3_content",
    "a3_pdf",
    "abstract_prefill",
    "abstract_text",
    "adopted_ideas",
    "load_for_documents",
    "measure_rows",
]
