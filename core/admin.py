from django.contrib import messages
from django.contrib.admin.widgets import RelatedFieldWidgetWrapper
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import models, transaction
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.text import capfirst
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from modeltranslation.admin import TranslationAdmin

from . import history
from .forms import ConcurrentEditForm
from .languages import default_language, language_codes

VERSION_FIELD = "loaded_version"


class EditorAdmin(TranslationAdmin):
    """The base of every admin for content that editors change.

    - Translated fields get one tab per language. Our own small script
      follows the WAI-ARIA tabs pattern (real buttons, arrow keys, errors
      marked on their tab) and needs no jQuery UI. Without JavaScript the
      languages are simply listed one below the other.
    - Every form refuses to save over a version someone else saved after it
      was opened (ConcurrentEditForm), whatever form the admin declares.
    - The key by which the site finds an item: an editor gives it when adding
      the item; after that only a superuser may change it.
    - The history lists every version with what changed, per field and per
      language, and any version can be put back ("Terugzetten").
    - A web address typed without a scheme is taken to be a secure one.
    """

    form = ConcurrentEditForm
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    # Form fields that steer the save but are no content of their own.
    control_fields = (VERSION_FIELD,)
    object_history_template = "admin/core/history.html"

    class Media:
        js = ("admin-extra/translation-tabs.js", "admin-extra/unsaved.js")
        css = {"all": ("admin-extra/translation-tabs.css", "admin-extra/editor.css")}

    def get_form(self, request, obj=None, **kwargs):
        if not issubclass(self.form, ConcurrentEditForm):
            self.form = type(self.form.__name__, (ConcurrentEditForm, self.form), {})
        return super().get_form(request, obj, **kwargs)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        # The cross beside a chosen region or parent page would delete that
        # region or page, not clear the choice: editors are offered no such
        # button (the item's own page still has "Verwijderen").
        widget = getattr(formfield, "widget", None)
        if isinstance(widget, RelatedFieldWidgetWrapper):
            widget.can_delete_related = False
        return formfield

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if not any(VERSION_FIELD in options["fields"] for _name, options in fieldsets):
            name, options = fieldsets[0]
            fieldsets[0] = (
                name,
                {**options, "fields": (*options["fields"], VERSION_FIELD)},
            )
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        has_key = any(field.name == "key" for field in self.model._meta.fields)
        # On adding, the key is asked like any field: left out, every new item
        # would get the same empty key, and the second one fail to save.
        if has_key and obj is not None and not request.user.is_superuser:
            fields.append("key")
        return fields

    def render_change_form(self, request, context, *args, **kwargs):
        # Read by the tabs script: the languages in order, and which one to open.
        context["translation_languages"] = {
            "default": default_language(),
            "languages": [
                {"code": code, "name": capfirst(get_language_info(code)["name_local"])}
                for code in language_codes()
            ],
        }
        return super().render_change_form(request, context, *args, **kwargs)

    def construct_change_message(self, request, form, formsets, add=False):
        # The version marker and the publishing controls are no change of the
        # content; the history would otherwise list them with every save.
        for name in self.control_fields:
            if name in form.changed_data:
                form.changed_data.remove(name)
        return super().construct_change_message(request, form, formsets, add)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        merged = getattr(form, "merge", None)
        if merged is not None and merged.kept:
            self.message_user(
                request,
                _(
                    "Saved on top of what others saved in the meantime. Kept "
                    "from them: %(fields)s."
                )
                % {
                    "fields": ", ".join(
                        f"{change.label} ({change.who})" for change in merged.kept
                    )
                },
                messages.INFO,
            )

    # History and revert

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/history/<int:version_id>/revert/",
                self.admin_site.admin_view(require_POST(self.revert_view)),
                name="{}_{}_revert".format(*info),
            ),
            *super().get_urls(),
        ]

    def history_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, object_id)
        if obj is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        paginator = Paginator(obj.history.all(), self.versions_per_page)
        number = request.GET.get("p")
        version = request.GET.get("versie", "")
        if version.isdigit():
            # The page of the history that shows this version (newest first).
            newer = obj.history.filter(history_id__gt=int(version)).count()
            number = newer // self.versions_per_page + 1
        page = paginator.get_page(number)
        context = {
            **self.admin_site.each_context(request),
            "title": _("History: %(name)s") % {"name": obj},
            "subtitle": None,
            "object": obj,
            "opts": self.opts,
            "module_name": str(capfirst(self.opts.verbose_name_plural)),
            "versions": history.versions_with_changes(
                obj,
                page.start_index() - 1 if paginator.count else 0,
                paginator.per_page,
            ),
            "page_obj": page,
            "can_revert": self.has_change_permission(request, obj),
            "revert_note": self.revert_note,
            **(extra_context or {}),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.object_history_template, context)

    revert_note = None
    versions_per_page = 25

    def revert_view(self, request, object_id, version_id):
        with transaction.atomic():
            # Locked while it is put back, like a save from the form. The
            # plain manager: the admin's joins cannot be locked on PostgreSQL.
            get_object_or_404(self.get_queryset(request), pk=object_id)
            obj = self.model._default_manager.select_for_update().get(pk=object_id)
            if not self.has_change_permission(request, obj):
                raise PermissionDenied
            record = get_object_or_404(obj.history, history_id=version_id)
            # What the user may not change in the form (a key only a
            # superuser may change) a revert does not change either.
            readonly = set(self.get_readonly_fields(request, obj))
            kept = history.differing(obj, record, readonly)
            m2m = history.restore(obj, record, keep=readonly)
            try:
                obj.full_clean(exclude=self.revert_unchecked_fields)
            except ValidationError as error:
                transaction.set_rollback(True)
                self.message_user(
                    request,
                    _("This version cannot be put back: %(errors)s")
                    % {"errors": " ".join(error.messages)},
                    messages.ERROR,
                )
                return HttpResponseRedirect(
                    reverse(
                        f"admin:{self.opts.app_label}_{self.opts.model_name}_history",
                        args=[obj.pk],
                    )
                )
            obj._change_reason = history.reason(
                history.REVERTED, to=record.history_date.isoformat()
            )
            obj.save()
            for name, ids in m2m.items():
                getattr(obj, name).set(ids)
            self.revert_related(obj, record)
            self.log_change(request, obj, history.describe(obj._change_reason, "~"))
        self.message_user(
            request,
            self.revert_message(obj, record),
            messages.SUCCESS,
        )
        if kept:
            self.message_user(
                request,
                _("Not put back, since you may not change it: %(fields)s.")
                % {"fields": ", ".join(str(label) for label in kept)},
                messages.WARNING,
            )
        return HttpResponseRedirect(
            reverse(
                f"admin:{self.opts.app_label}_{self.opts.model_name}_change",
                args=[obj.pk],
            )
        )

    # Fields a reverted version is not checked against (e.g. unique ones
    # whose check would only find the object itself).
    revert_unchecked_fields = ()

    def revert_related(self, obj, record):
        """Put back what belongs to the object and is stored apart from it."""

    def revert_message(self, obj, record):
        return _("The version of %(moment)s is back.") % {
            "moment": history._moment(record.history_date.isoformat())
        }


CONFIRM_OFFLINE = "confirm_offline"


def confirm_offline(form, linking, below=()):
    """Taking offline what other pages link to (or what has pages below it)
    waits until the editor has seen them and confirmed."""
    if not (linking or below) or form.data.get(CONFIRM_OFFLINE):
        return
    form.offline_warning = {"linking": linking, "below": below}
    raise ValidationError(
        _(
            "Other pages depend on this one. Look at the list below, tick the "
            "box to confirm, and press the button again."
        ),
        code="confirm_offline",
    )
