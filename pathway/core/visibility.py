"""The one visibility rule every `visible_to(user)` QuerySet method applies, written once.

Each model says only who owns a row (`own`) and the lookup to the program the row belongs to;
this decides the rest the same way everywhere."""

from django.db.models import Q


def scoped(queryset, user, *, program: str, own: Q):
    """Apply the house rule: superusers see all; program staff see their program; anyone else
    sees only the rows `own` selects, and only inside their own program.

    `program` is the lookup from the model to the resident's program, e.g.
    "resident__user__program"."""
    if not user.is_authenticated:
        return queryset.none()
    if user.is_superuser:
        return queryset
    if user.program_id is None:
        return queryset.none()
    if user.is_program_staff:
        return queryset.filter(**{program: user.program_id})
    return queryset.filter(own, **{program: user.program_id})
