"""The registry of notification kinds: every workflow event that reaches people is one of these.

A kind says how it is named on the preferences page, how it is emailed unless the person chose
otherwise, whether they may turn the email off, and which email template triplet
(templates/emails/<template>.subject.txt, .txt, .html) carries it. Email templates are named as
data, so the kinds of the capstone and mentoring apps are declared here without this package
importing them; an app with a kind of its own adds it with `kind_register` from its
AppConfig.ready()."""

from dataclasses import dataclass

from pathway.models import EmailDelivery, ReminderKind, Role

# The email used by a kind that names no template of its own: the notification's text and a
# link to the thing it is about.
GENERIC_TEMPLATE = "pathway/notifications/notification"


@dataclass(frozen=True)
class NotificationKind:
    name: str
    label: str
    # Who can receive it: the preferences page offers a kind only to people with one of these.
    roles: frozenset = frozenset(Role.values)
    default: str = EmailDelivery.NOW
    optional: bool = True
    template: str = GENERIC_TEMPLATE

    def delivery_for(self, chosen: dict) -> str:
        """How it is emailed to someone whose saved choices are `chosen`."""
        if not self.optional:
            return EmailDelivery.NOW
        value = chosen.get(self.name, self.default)
        return value if value in EmailDelivery.values else self.default


KINDS: dict[str, NotificationKind] = {}


def kind_register(kind: NotificationKind) -> NotificationKind:
    if len(kind.name) > 30:
        raise ValueError(f"Notification kind {kind.name!r} is longer than Notification.kind.")
    KINDS[kind.name] = kind
    return kind


def kind_get(name: str) -> NotificationKind:
    try:
        return KINDS[name]
    except KeyError:
        raise LookupError(f"No notification kind {name!r} is registered.") from None


def kind_label(notification) -> str:
    """What a notification is, for a list: its registered kind's label, or the reminder's."""
    kind = KINDS.get(notification.kind)
    return kind.label if kind else notification.kind_label


def kinds_for(user) -> list[NotificationKind]:
    """The kinds a person may receive, in registry order."""
    if user.is_superuser:
        return list(KINDS.values())
    return [k for k in KINDS.values() if user.has_role(*k.roles)]


R, C, S, D, K = Role.RESIDENT, Role.COACH, Role.SPONSOR, Role.DIRECTOR, Role.COORDINATOR
PROJECT_PEOPLE = frozenset({R, C, S, D, K})

for _kind in (
    NotificationKind(
        "report_submitted",
        "A progress report is submitted to me",
        frozenset({C}),
        template="mentoring/report_submitted",
    ),
    NotificationKind(
        "report_reviewed",
        "My progress report is reviewed",
        frozenset({R}),
        template="mentoring/report_reviewed",
    ),
    NotificationKind(
        "report_revision",
        "A revision of my progress report is requested",
        frozenset({R}),
        template="mentoring/report_reviewed",
    ),
    NotificationKind(
        "homework_submitted", "Homework is submitted for my review", frozenset({C, D, K})
    ),
    NotificationKind(
        "homework_reviewed",
        "My homework is reviewed",
        frozenset({R}),
        template="pathway/homework_reviewed",
    ),
    NotificationKind(
        "sponsor_requested",
        "Someone asks for a sponsor (or proposes one)",
        frozenset({S, K}),
        template="mentoring/sponsor_requested",
    ),
    NotificationKind(
        "sponsor_answered",
        "My sponsor request is answered",
        frozenset({R}),
        template="mentoring/sponsor_answered",
    ),
    NotificationKind(
        "stage_request",
        "A stage change waits for my approval",
        frozenset({C, S, D}),
        template="capstone/stage_requested",
    ),
    NotificationKind(
        "stage_returned",
        "A stage change I asked for is returned",
        frozenset({R}),
        template="capstone/stage_returned",
    ),
    NotificationKind(
        "stage_moved",
        "A project I lead moves to another stage (approved)",
        frozenset({R}),
        template="capstone/stage_moved",
    ),
    NotificationKind(
        "stage_changed",
        "A project I work on is moved back, held, resumed or withdrawn",
        frozenset({R, C, S}),
    ),
    NotificationKind(
        "comment_posted",
        "A comment on a project I follow",
        PROJECT_PEOPLE,
        template="capstone/comment_posted",
    ),
    NotificationKind("mentioned", "Someone @mentions me in a comment", PROJECT_PEOPLE),
    NotificationKind(
        "reportout_posted",
        "A report-out is posted",
        frozenset({C, S}),
        template="capstone/reportout_posted",
    ),
    NotificationKind("application_submitted", "An application is submitted", frozenset({D})),
    NotificationKind(
        "application_decided",
        "My application is decided",
        frozenset({R}),
        template="pathway/application_decision",
    ),
    NotificationKind(
        "waitlist_seat",
        "I get a seat from a course waitlist",
        frozenset({R}),
        template="pathway/waitlist_seat",
    ),
    NotificationKind("coach_assigned", "A KPO coach is assigned or changed", frozenset({R, C})),
    NotificationKind("mentor_paired", "I am paired as a peer mentor or mentee", frozenset({R})),
    NotificationKind(
        "milestone_changed",
        "A milestone of mine is waived, rescheduled, completed or reopened",
        frozenset({R}),
    ),
    NotificationKind("rotation_signed_off", "A rotation of mine is signed off", frozenset({R})),
    # Reminders about something late: sent by pathway.reminders, listed here so that the
    # preferences page can say they are always emailed. They cannot be turned off.
    NotificationKind(ReminderKind.OVERDUE, "Overdue milestones", optional=False),
    NotificationKind(
        ReminderKind.ESCALATION, "Milestones more than 14 days overdue", optional=False
    ),
    NotificationKind(ReminderKind.REPORT_OVERDUE, "Progress report overdue", optional=False),
    NotificationKind(
        ReminderKind.REPORT_WAITING, "Reports waiting long for review", optional=False
    ),
):
    kind_register(_kind)
