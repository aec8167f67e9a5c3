"""Sizes every app's free text shares. A model's TextField and the form that fills it take
their max_length from here, so a pasted megabyte is a form error, not a slow page or an A3
that takes minutes to lay out."""

# About four printed pages: room for any answer the pathway asks for.
LONG_TEXT = 10_000
