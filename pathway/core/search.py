"""The one search box of every list: bounded in length and in words, because each word adds a
clause to the query (thousands of words took seconds and ended in a database error)."""

from django import forms

MAX_SEARCH_LENGTH = 100
MAX_SEARCH_WORDS = 5


class SearchField(forms.CharField):
    """A search box. Its cleaned value has at most MAX_SEARCH_WORDS words; more is an error
    shown beside the box (the list then falls back to its defaults)."""

    def __init__(self, *, label="Search", **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", MAX_SEARCH_LENGTH)
        super().__init__(label=label, **kwargs)

    def clean(self, value):
        value = super().clean(value)
        if len(value.split()) > MAX_SEARCH_WORDS:
            raise forms.ValidationError(
                f"Search with at most {MAX_SEARCH_WORDS} words.", code="too_many_words"
            )
        return value
