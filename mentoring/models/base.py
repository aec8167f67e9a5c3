"""Who directs a program, as the mentoring models ask it. The visibility rule itself is
pathway.core.visibility.scoped."""

from pathway.models import Role


def is_program_director(user) -> bool:
    return user.is_authenticated and user.program_id is not None and user.has_role(Role.DIRECTOR)
