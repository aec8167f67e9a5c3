from tests.access import Case, expect

STAFF_LIST = expect(403, director=200, coordinator=200, other_director=200, superuser=200)
COORDINATOR_FORM = expect(403, coordinator=200, superuser=200)


def resident_pk(world):
    return [world.resident.pk]


CASES = {
    "home": Case(expect(200)),
    "login": Case(
        expect(
            200,
            anonymous=200,
            **{
                p: 302
                for p in (
                    "resident",
                    "coach",
                    "sponsor",
                    "director",
                    "coordinator",
                    "other_director",
                    "superuser",
                )
            },
        )
    ),
    "logout": Case(expect(302), method="post"),
    "password_change": Case(expect(200)),
    "password_change_done": Case(expect(200)),
    "password_reset": Case(expect(200, anonymous=200)),
    "password_reset_done": Case(expect(200, anonymous=200)),
    "password_reset_confirm": Case(
        expect(200, anonymous=200), args=lambda world: ["MQ", "bad-token"]
    ),
    "password_reset_complete": Case(expect(200, anonymous=200)),
    "pathway:resident_list": Case(STAFF_LIST),
    "pathway:staff_list": Case(STAFF_LIST),
    "pathway:person_add": Case(COORDINATOR_FORM),
    "pathway:roster_import": Case(COORDINATOR_FORM),
    "pathway:person_detail": Case(
        expect(403, director=200, coordinator=200, other_director=404, superuser=200),
        args=resident_pk,
    ),
    "pathway:person_edit": Case(expect(403, coordinator=200, superuser=200), args=resident_pk),
    "pathway:person_set_active": Case(
        expect(403, coordinator=302, superuser=302),
        args=resident_pk,
        method="post",
        data=lambda world: {"active": "1"},
    ),
}
