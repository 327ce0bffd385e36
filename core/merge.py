"""Two editors, one item: a save that meets a newer save is merged per field.

The form remembers the version it was opened at (its `updated_at`); the
history (django-simple-history) holds that version. At the save, with the
row locked, every field of the form is compared three ways:

- the version the editor opened (the base),
- the version stored now (the colleague's),
- what the editor sends (theirs and mine below are from the editor's view).

A field only the colleague changed keeps the colleague's value; a field only
the editor changed takes the editor's value; a field both changed to
different values is a conflict, shown side by side with who saved it and
when, and the editor chooses per field. Without the opened version in the
history every field that differs is such a choice: nothing is replaced
unseen.
"""

from dataclasses import dataclass, field

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.forms import MultiWidget, SelectMultiple
from django.utils import timezone
from django.utils.translation import gettext as _

from . import history

THEIRS = "theirs"
MINE = "mine"
CHOICE_PREFIX = "merge_"
SEEN_FIELD = "merge_seen"


@dataclass
class Change:
    """A field a colleague changed since the editor opened the form."""

    name: str
    label: str
    who: str
    when: str
    theirs: str
    mine: str = ""
    long: bool = False


@dataclass
class Merge:
    stored_version: str
    who: str
    when: str
    kept: list = field(default_factory=list)  # the colleague's, applied
    conflicts: list = field(default_factory=list)  # both changed: a choice


def editor_name(user):
    if user is None:
        return _("someone else")
    return user.get_full_name() or user.get_username()


def moment(value):
    return history.spoken_moment(value)


def _normal(value):
    """A value as compared: text without carriage returns (a browser sends
    them, stored seed text has none), related objects as their keys."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, models.QuerySet):
        return tuple(sorted(value.values_list("pk", flat=True)))
    if isinstance(value, list | tuple | set):
        return tuple(sorted(getattr(v, "pk", v) for v in value))
    if value is None or isinstance(value, str):
        return (value or "").replace("\r\n", "\n").replace("\r", "\n")
    return value


def _m2m_of_record(record, name):
    model_field = record.instance_type._meta.get_field(name)
    target = model_field.m2m_reverse_field_name()
    return [getattr(row, f"{target}_id") for row in getattr(record, name).all()]


def _value(source, name, model):
    """A field's value in an object or a history record."""
    model_field = model._meta.get_field(name)
    if model_field.many_to_many:
        if hasattr(source, "instance_type"):
            return _m2m_of_record(source, name)
        return list(getattr(source, name).values_list("pk", flat=True))
    return getattr(source, model_field.attname)


def _shown(model, name, value):
    model_field = model._meta.get_field(name)
    if isinstance(value, models.Model | models.QuerySet):
        value = _normal(value)
    if model_field.many_to_many:
        names = [
            str(item)
            for item in model_field.related_model._default_manager.filter(
                pk__in=list(value)
            )
        ]
        return ", ".join(sorted(names)) or _("(empty)")
    return history._display(model, name, value)


def merge_fields(form):
    """The model fields the form edits: [(name, model field)]."""
    model = form._meta.model
    names = []
    for name in form.fields:
        try:
            model_field = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue  # a form field of its own, e.g. the publishing moments
        if getattr(model_field, "concrete", False) or model_field.many_to_many:
            names.append((name, model_field))
    return names


def _authors(obj, base, names):
    """Who last changed each field after the base version, and when:
    {name: record}. Read from simple_history's diff between versions."""
    if base is None:
        return {}
    records = list(
        obj.history.filter(history_id__gt=base.history_id)
        .select_related("history_user")
        .order_by("history_id")
    )
    authors, previous = {}, base
    for record in records:
        delta = record.diff_against(previous, included_fields=names)
        for change in delta.changes:
            if _normal(change.old) != _normal(change.new):
                authors[change.field] = record
        previous = record
    return authors


def plan(form, stored, loaded):
    """Merge the editor's cleaned data with the stored object `stored` (read
    under a lock) when it is newer than the `loaded` version. Changes
    form.cleaned_data in place and returns a Merge, or None when nothing was
    saved in between."""
    model = form._meta.model
    stored_version = stored.updated_at.isoformat()
    if stored_version == loaded:
        return None
    base = None
    if loaded and hasattr(model, "history"):
        try:
            moment_loaded = timezone.datetime.fromisoformat(loaded)
        except ValueError:
            moment_loaded = None
        if moment_loaded is not None:
            base = (
                stored.history.filter(updated_at=moment_loaded)
                .order_by("-history_id")
                .first()
            )
    fields = merge_fields(form)
    names = [name for name, _model_field in fields]
    authors = _authors(stored, base, names)
    latest = (
        stored.history.select_related("history_user").order_by("-history_id").first()
        if hasattr(model, "history")
        else None
    )
    merge = Merge(
        stored_version=stored_version,
        who=editor_name(latest.history_user if latest else None),
        when=moment(stored.updated_at),
    )
    # The editor's choices count only for the version they were made on.
    choices = {}
    if form.data.get(form.add_prefix(SEEN_FIELD)) == stored_version:
        for name in names:
            choice = form.data.get(form.add_prefix(CHOICE_PREFIX + name))
            if choice in (THEIRS, MINE):
                choices[name] = choice
    for name, model_field in fields:
        if name not in form.cleaned_data:
            continue  # the field has an error of its own
        theirs = _value(stored, name, model)
        mine = form.cleaned_data[name]
        if _normal(mine) == _normal(theirs):
            continue
        base_value = _value(base, name, model) if base is not None else None
        they_changed = base is None or _normal(base_value) != _normal(theirs)
        if not they_changed:
            continue  # only the editor changed it: theirs is the base
        record = authors.get(name, latest)
        change = Change(
            name=name,
            label=history.field_label(model, name),
            who=editor_name(record.history_user if record else None),
            when=moment(record.history_date if record else stored.updated_at),
            theirs=_shown(model, name, theirs),
        )
        i_changed = base is None or _normal(base_value) != _normal(mine)
        if i_changed and choices.get(name) != THEIRS:
            if choices.get(name) == MINE:
                continue
            change.mine = _shown(model, name, mine)
            change.long = isinstance(theirs, str) and (
                "\n" in _normal(theirs) + _normal(mine)
                or len(theirs) + len(_normal(mine)) > 160
            )
            merge.conflicts.append(change)
            continue
        form.cleaned_data[name] = _as_cleaned(model_field, theirs)
        merge.kept.append(change)
        _show_in_form(form, name, theirs)
    return merge


def _as_cleaned(model_field, value):
    if model_field.many_to_many:
        return model_field.related_model._default_manager.filter(pk__in=list(value))
    if isinstance(model_field, models.ForeignKey):
        if value is None:
            return None
        return model_field.related_model._default_manager.filter(pk=value).first()
    return value


def _show_in_form(form, name, value):
    """Put the colleague's value into the form's data, so that a form shown
    again shows it (and a next save keeps it)."""
    if not hasattr(form.data, "_mutable"):
        return
    if not form.data._mutable:
        form.data = form.data.copy()
    form_field = form.fields[name]
    key = form.add_prefix(name)
    widget = form_field.widget
    prepared = form_field.prepare_value(value)
    if isinstance(widget, MultiWidget):
        parts = widget.decompress(prepared)
        for suffix, part in zip(widget.widgets_names, parts, strict=False):
            form.data[key + suffix] = "" if part is None else str(part)
    elif isinstance(widget, SelectMultiple):
        form.data.setlist(key, [str(v) for v in prepared or []])
    elif isinstance(value, bool):
        if value:
            form.data[key] = "on"
        else:
            form.data.pop(key, None)
    else:
        form.data[key] = "" if prepared is None else str(prepared)
