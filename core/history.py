"""Every version of what editors change, shown as a readable diff.

Versions are kept by django-simple-history: each save writes a row to the
model's history table holding every column, one per language for translated
fields. `keep_history` registers a model; it must run after modeltranslation
has added those columns, i.e. from an app's ready() (modeltranslation comes
first in INSTALLED_APPS).
"""

import difflib
import json

from django.db import models
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _
from modeltranslation.translator import NotRegistered, translator

# Kept in every version but not worth showing: the version marker itself.
NOT_SHOWN = {"updated_at", "created_at"}


def keep_history(model, **options):
    from simple_history import register

    options.setdefault("excluded_fields", [])
    register(model, **options)


# What an editor did, stored as the version's change reason.
SAVED = "save"
DRAFT = "draft"
PUBLISHED = "publish"
SCHEDULED = "schedule"
UNPUBLISHED = "unpublish"
REVERTED = "revert"
UPLOADED = "upload"
SEED_CORRECTED = "seed"


def reason(action, **details):
    """A change reason: the action, and for some the moments or version."""
    return json.dumps({"action": action, **details}, separators=(",", ":"))


def _moment(value):
    return spoken_moment(timezone.datetime.fromisoformat(value))


def spoken_moment(value, now=None):
    """A moment as an editor says it, in Brussels time: "5 december om
    15:06" (the year only when it is not this year's)."""
    moment = timezone.localtime(value)
    now = timezone.localtime(now or timezone.now())
    date = formats.date_format(moment, "j F" if moment.year == now.year else "j F Y")
    return _("%(date)s at %(time)s") % {
        "date": date,
        "time": formats.time_format(moment, "H:i"),
    }


def describe(change_reason, history_type):
    """The action of a version in the editor's language."""
    try:
        data = json.loads(change_reason or "")
    except ValueError:
        data = {}
    action = data.get("action") if isinstance(data, dict) else None
    if action == DRAFT:
        return _("Saved as draft")
    if action == PUBLISHED:
        text = _("Published")
        if data.get("until"):
            text += " " + _("until %(moment)s") % {"moment": _moment(data["until"])}
        return text
    if action == SCHEDULED:
        text = _("Scheduled to go online on %(moment)s") % {
            "moment": _moment(data["from"])
        }
        if data.get("until"):
            text += " " + _("until %(moment)s") % {"moment": _moment(data["until"])}
        return text
    if action == UNPUBLISHED:
        if data.get("at"):
            return _("Scheduled to go offline on %(moment)s") % {
                "moment": _moment(data["at"])
            }
        return _("Taken offline")
    if action == UPLOADED:
        return _("New file: %(file)s") % {"file": data.get("file", "")}
    if action == REVERTED:
        return _("Reverted to the version of %(moment)s") % {
            "moment": _moment(data["to"])
        }
    if action == SEED_CORRECTED:
        text = _("Seed text corrected where no editor had changed it")
        if data.get("checked"):
            text += " " + _("(facts checked on %(date)s)") % {
                "date": formats.date_format(
                    timezone.datetime.fromisoformat(data["checked"]), "DATE_FORMAT"
                )
            }
        return text
    if history_type == "+":
        return _("Created")
    if history_type == "-":
        return _("Deleted")
    return _("Saved")


def _translation_fields(model):
    """{"title_nl": ("title", "nl"), ...} and the set of original fields."""
    try:
        options = translator.get_options_for_model(model)
    except NotRegistered:
        return {}, set()
    columns = {}
    for original, fields in options.all_fields.items():
        for field in fields:
            columns[field.name] = (original, field.language)
    return columns, set(options.all_fields)


def field_label(model, name):
    """ "Inhoud (Nederlands)" for body_nl; the verbose name for others."""
    columns, _originals = _translation_fields(model)
    if name in columns:
        original, language = columns[name]
        base = model._meta.get_field(original).verbose_name
        language_name = get_language_info(language)["name_translated"]
        return f"{capfirst(base)} ({language_name})"
    return capfirst(model._meta.get_field(name).verbose_name)


def shown_fields(model):
    """The fields a diff shows: per-language columns, not the originals."""
    _columns, originals = _translation_fields(model)
    names = []
    for field in model._meta.concrete_fields:
        if field.primary_key or field.name in NOT_SHOWN or field.name in originals:
            continue
        names.append(field.name)
    return names


def _display(model, name, value):
    field = model._meta.get_field(name)
    if value in (None, ""):
        return _("(empty)")
    if isinstance(field, models.ForeignKey):
        related = field.related_model._default_manager.filter(pk=value).first()
        return (
            str(related)
            if related is not None
            else _("(deleted: %(id)s)") % {"id": value}
        )
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.BooleanField):
        return _("yes") if value else _("no")
    if isinstance(field, models.DateTimeField):
        return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")
    return str(value)


def _text_changes(old, new):
    """Changed lines of a longer text: [("-", line), ("+", line), ...]."""
    lines = []
    matcher = difflib.SequenceMatcher(a=old.splitlines(), b=new.splitlines())
    for tag, a1, a2, b1, b2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        lines.extend(("-", line) for line in old.splitlines()[a1:a2] if line.strip())
        lines.extend(("+", line) for line in new.splitlines()[b1:b2] if line.strip())
    return lines


def changes(model, newer, older):
    """What changed from one version (or nothing) to the next, per field."""
    result = []
    m2m = [field.name for field in getattr(newer, "_history_m2m_fields", [])]
    for name in [*shown_fields(model), *m2m]:
        if name in m2m:
            old = _m2m_names(older, name) if older is not None else []
            new = _m2m_names(newer, name)
        else:
            attname = model._meta.get_field(name).attname
            if not hasattr(newer, attname):
                continue  # not kept in the versions (e.g. a file's bytes)
            old = getattr(older, attname) if older is not None else None
            new = getattr(newer, attname)
        if _same(old, new):
            continue
        entry = {"label": field_label(model, name)}
        if name in m2m:
            entry["old"] = ", ".join(old) or _("(empty)")
            entry["new"] = ", ".join(new) or _("(empty)")
        elif isinstance(old, str) and isinstance(new, str) and "\n" in old + new:
            entry["lines"] = _text_changes(old, new)
        else:
            entry["old"] = _display(model, name, old)
            entry["new"] = _display(model, name, new)
        result.append(entry)
    return result


def _same(old, new):
    """Equal as an editor sees it: empty is empty, and a line break is one
    whether the browser sent it as CR LF or not."""
    if isinstance(old, str) or isinstance(new, str):
        old, new = (
            (value or "").replace("\r\n", "\n").replace("\r", "\n")
            for value in (old, new)
        )
    return (old or None) == (new or None)


def _m2m_names(version, name):
    target = version.instance_type._meta.get_field(name).m2m_reverse_field_name()
    rows = getattr(version, name).select_related(target)
    return sorted(str(getattr(row, target)) for row in rows)


def versions_with_changes(obj, start=0, limit=None):
    """The versions of an object, newest first, each with its changes:
    `limit` of them from the `start`th (all when no limit)."""
    model = type(obj)
    stop = start + limit + 1 if limit else None
    records = list(
        obj.history.select_related("history_user").order_by(
            "-history_date", "-history_id"
        )[start:stop]
    )
    rows = []
    for index, record in enumerate(records):
        older = records[index + 1] if index + 1 < len(records) else None
        rows.append(
            {
                "record": record,
                "action": describe(record.history_change_reason, record.history_type),
                "changes": changes(model, record, older),
                "is_current": start + index == 0,
            }
        )
    return rows[:limit] if limit else rows


def restore(obj, record, keep=()):
    """Put a version's values back into an object (not saved yet) and return
    the many-to-many values to set after saving: {name: [ids]}. The fields
    named in `keep` (those the reverting user may not change) stay as they
    are."""
    model = type(obj)
    # modeltranslation's original columns are set through the per-language
    # ones; writing them would write the active language's column.
    _columns, originals = _translation_fields(model)
    for field in model._meta.concrete_fields:
        if field.primary_key or field.name in NOT_SHOWN or field.name in originals:
            continue
        if field.name in keep or not hasattr(record, field.attname):
            continue  # kept as it is, or not kept in the versions (a file's bytes)
        setattr(obj, field.attname, getattr(record, field.attname))
    m2m = {}
    for field in getattr(record, "_history_m2m_fields", []):
        if field.name in keep:
            continue
        rows = getattr(record, field.name).all()
        target = field.m2m_reverse_field_name()
        m2m[field.name] = [getattr(row, f"{target}_id") for row in rows]
    return m2m


def differing(obj, record, names):
    """The labels of the fields among `names` whose value in the version
    differs from the object's."""
    model = type(obj)
    return [
        field_label(model, field.name)
        for field in model._meta.concrete_fields
        if field.name in names
        and field.name not in NOT_SHOWN
        and getattr(record, field.attname) != getattr(obj, field.attname)
    ]
