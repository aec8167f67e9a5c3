"""Reading the audit history (django-simple-history) the way a person reads it: who changed
which record, when, with the old and the new values side by side.

`history_entries` takes historical querysets the caller has already limited to what the viewer
may see (a project's parts, a person's records). It costs one query per historical table plus
one per kind of record a changed foreign key points at, however long the history is."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.utils import formats, timezone

ACTIONS = {"+": "Created", "~": "Changed", "-": "Deleted"}
# The first of these a record has names it in the history ("Idea: Discharge checklist").
LABEL_FIELDS = (
    "full_name",
    "title",
    "idea",
    "name",
    "step",
    "description",
    "what",
    "venue",
    "journal",
    "conference",
    "where",
    "email",
)
# How much of a long text each side shows; the record itself keeps all of it.
TEXT_LIMIT = 400
# The newest changes shown on one page.
HISTORY_LIMIT = 200


@dataclass
class Change:
    label: str
    old: str
    new: str


@dataclass
class Entry:
    when: datetime
    who: object
    action: str
    record: str
    changes: list[Change] = field(default_factory=list)


def _shown(value) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        return formats.date_format(timezone.localtime(value), "j M Y, H:i")
    if isinstance(value, date):
        return formats.date_format(value, "j M Y")
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    text = str(value)
    return text if len(text) <= TEXT_LIMIT else text[: TEXT_LIMIT - 1] + "…"


class _Names:
    """The names of the records foreign keys point at, fetched once per kind of record."""

    def __init__(self):
        self.wanted = defaultdict(set)
        self.names = {}

    def want(self, model, pk):
        if pk is not None:
            self.wanted[model].add(pk)

    def fetch(self):
        for model, pks in self.wanted.items():
            queryset = model._default_manager.filter(pk__in=pks)
            if any(f.name == "user" for f in model._meta.concrete_fields):
                queryset = queryset.select_related("user")
            for obj in queryset:
                name = getattr(obj, "display_name", None) or str(obj)
                self.names[(model, obj.pk)] = name

    def of(self, model, pk):
        if pk is None:
            return None
        return self.names.get((model, pk), f"a deleted {model._meta.verbose_name}")


def _fields(row, hide):
    """The record's fields the history keeps (not the ones registered as excluded)."""
    kept = {f.name for f in row._meta.concrete_fields}
    for model_field in row.instance_type._meta.concrete_fields:
        if model_field.name in kept and model_field.name not in hide and model_field.name != "id":
            yield model_field


def _raw(row, model_field):
    return getattr(row, model_field.attname, None)


def _display(row, model_field, value, names):
    if value is None:
        return "—"
    if model_field.is_relation:
        return _shown(names.of(model_field.related_model, value))
    if model_field.choices:
        return _shown(dict(model_field.flatchoices).get(value, value))
    return _shown(value)


def _label(row, names):
    model = row.instance_type
    noun = str(model._meta.verbose_name).capitalize()
    for name in LABEL_FIELDS:
        value = getattr(row, name, None)
        if value:
            return f"{noun}: {_shown(value)}"
    if getattr(row, "template_id", None):
        return (
            f"{noun}: {names.of(model._meta.get_field('template').related_model, row.template_id)}"
        )
    if getattr(row, "day", None):
        return f"{noun}: {row.day}-day"
    if hasattr(row, "period"):
        return f"{noun}: {_shown(row.period) if row.period else f'#{row.sequence}'}"
    return noun


def _action(row, previous):
    # A bulk write records a record's first version as a change: it is the first on record.
    if previous is None and row.history_type == "~":
        return "Recorded"
    return ACTIONS[row.history_type]


def history_entries(histories, *, hide=(), limit=HISTORY_LIMIT):
    """Every version of the given historical querysets as entries, newest first: a created
    record with the values it was given, a changed one with each field's old and new value, a
    deleted one. Saves that changed nothing are left out. Returns (entries, how many in all)."""
    hide = set(hide)
    by_record = defaultdict(list)
    names = _Names()
    for queryset in histories:
        for row in queryset.select_related("history_user").order_by("history_date", "history_id"):
            by_record[(row.instance_type, row.id)].append(row)
            for model_field in _fields(row, hide):
                if model_field.is_relation:
                    names.want(model_field.related_model, _raw(row, model_field))
            if getattr(row, "template_id", None):
                names.want(
                    row.instance_type._meta.get_field("template").related_model, row.template_id
                )
    names.fetch()

    entries = []
    for rows in by_record.values():
        previous = None
        for row in rows:
            changes = []
            if row.history_type == "-":
                pass
            elif previous is None:
                for model_field in _fields(row, hide):
                    value = _raw(row, model_field)
                    if value not in (None, "", [], False):
                        changes.append(
                            Change(
                                str(model_field.verbose_name).capitalize(),
                                "—",
                                _display(row, model_field, value, names),
                            )
                        )
            else:
                by_name = {f.name: f for f in _fields(row, hide)}
                # diff_against reads fields the way a form does, so only the editable ones;
                # those a service sets (a completion date, a flag) are compared here.
                editable = [name for name, f in by_name.items() if f.editable]
                delta = row.diff_against(previous, included_fields=editable)
                pairs = [(by_name[c.field], c.old, c.new) for c in delta.changes]
                for model_field in by_name.values():
                    old, new = _raw(previous, model_field), _raw(row, model_field)
                    if not model_field.editable and old != new:
                        pairs.append((model_field, old, new))
                for model_field, old, new in pairs:
                    changes.append(
                        Change(
                            str(model_field.verbose_name).capitalize(),
                            _display(row, model_field, old, names),
                            _display(row, model_field, new, names),
                        )
                    )
                if not changes:
                    previous = row
                    continue
            entries.append(
                Entry(
                    when=row.history_date,
                    who=row.history_user,
                    action=_action(row, previous),
                    record=_label(row, names),
                    changes=changes,
                )
            )
            previous = row
    entries.sort(key=lambda entry: entry.when, reverse=True)
    return entries[:limit], len(entries)
