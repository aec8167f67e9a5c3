"""Documents generated from the project record, with no retyping. One story of the project
(story.py) feeds them all: the A3 (a printable page and a PDF), the structured abstract (page,
text, DOCX), the report-out deck (PPTX) and the poster (PDF)."""

from .a3 import A3Content, A3Section, a3_content, as_story, load_for_documents
from .abstract import (
    DEFAULT_WORD_LIMIT,
    abstract_docx,
    abstract_prefill,
    abstract_text,
    word_count,
)
from .pdf import a3_pdf
from .story import Story, project_story

__all__ = [
    "DEFAULT_WORD_LIMIT",
    "A3Content",
    "A3Section",
    "Story",
    "a3_content",
    "a3_pdf",
    "abstract_docx",
    "abstract_prefill",
    "abstract_text",
    "as_story",
    "load_for_documents",
    "project_story",
    "word_count",
]
