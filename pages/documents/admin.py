from django import forms
from django.conf import settings
from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core import history
from core.admin import EditorAdmin
from core.languages import field_names

from .files import Refused, check_upload, file_size, safe_filename
from .models import Document, Rendition


class DocumentForm(forms.ModelForm):
    """The file is checked by its content when it is chosen; its facts are
    set on the document before the model's own checks (an image needs a
    text alternative)."""

    upload = forms.FileField(
        label=_("file"),
        required=False,
        help_text=_(
            "A PDF, or an image as PNG, JPEG or WebP; at most 10 MB. Choose a "
            "new file to replace the current one: links to it keep working."
        ),
        widget=forms.ClearableFileInput(
            attrs={"accept": "application/pdf,image/png,image/jpeg,image/webp"}
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Read by upload-size.js: a file too large is refused at once, before
        # it is sent (the server would refuse the whole request).
        limit = settings.DOCUMENT_MAX_BYTES
        self.fields["upload"].widget.attrs.update(
            {
                "data-max-bytes": str(limit),
                "data-too-large": gettext(
                    "This file is larger than %(limit)s: choose a smaller one."
                )
                % {"limit": file_size(limit)},
            }
        )

    checked = None

    def clean_upload(self):
        upload = self.cleaned_data.get("upload")
        if not upload:
            if not self.instance.pk:
                raise forms.ValidationError(_("Choose a file to upload."))
            return None
        try:
            self.checked = check_upload(upload)
        except Refused as refused:
            raise forms.ValidationError(str(refused), code="refused") from None
        if self.instance.pk and self.instance.kind != self.checked.kind:
            raise forms.ValidationError(
                _("Replace a PDF by a PDF and an image by an image."),
                code="other_kind",
            )
        checked, document = self.checked, self.instance
        document.kind = checked.kind
        document.content_type = checked.content_type
        document.filename = safe_filename(upload.name, checked.extension)
        document.size = len(checked.data)
        document.sha256 = checked.sha256
        document.width, document.height = checked.width, checked.height
        document.data = checked.data
        return upload


@admin.register(Document)
class DocumentAdmin(EditorAdmin):
    form = DocumentForm

    class Media:
        js = ("admin-extra/upload-size.js",)

    list_display = ("title", "kind", "shown_size", "key", "uploaded_at")
    list_filter = ("kind",)
    search_fields = (*field_names("title"), "key")
    fieldsets = (
        (None, {"fields": ("upload", "current_file", "title", "key", "how_to_use")}),
        (_("For an image"), {"fields": ("alt", "decorative")}),
        (_("Technical"), {"fields": ("updated_at",), "classes": ("collapse",)}),
    )
    readonly_fields = ("current_file", "how_to_use", "updated_at")

    @admin.display(description=_("size"), ordering="size")
    def shown_size(self, document):
        return file_size(document.size)

    @admin.display(description=_("current file"))
    def current_file(self, document):
        if document is None or document.pk is None:
            return gettext("None yet.")
        facts = f"{document.get_kind_display()}, {file_size(document.size)}"
        if document.is_image:
            facts += f", {document.width} × {document.height} px"
            smallest = document.renditions.order_by("width").first()
            src = (
                document.rendition_url(smallest.width)
                if smallest
                else document.get_absolute_url()
            )
            return format_html(
                '<p><a href="{}">{}</a> ({})</p><img src="{}" alt="{}" class="document-thumbnail">',
                document.get_absolute_url(),
                document.filename,
                facts,
                src,
                document.alt or "",
            )
        return format_html(
            '<p><a href="{}">{}</a> ({})</p>',
            document.get_absolute_url(),
            document.filename,
            facts,
        )

    @admin.display(description=_("how to use it in a text"))
    def how_to_use(self, document):
        if document is None or document.pk is None:
            return gettext("Shown once the file is saved.")
        code = f"[{document.title}](document:{document.key})"
        if document.is_image:
            return format_html(
                "<p>{}</p><p><code>![](afbeelding:{})</code></p><p>{}</p><p><code>{}</code></p>",
                gettext("Place the image in a text with:"),
                document.key,
                gettext("or link to it with:"),
                code,
            )
        return format_html(
            "<p>{}</p><p><code>{}</code></p>",
            gettext("Link to it from a text with:"),
            code,
        )

    def save_model(self, request, obj, form, change):
        checked = form.checked
        if checked is not None:
            obj._change_reason = history.reason(
                history.UPLOADED,
                file=f"{obj.filename} ({obj.get_kind_display()}, {file_size(obj.size)})",
            )
        super().save_model(request, obj, form, change)
        if checked is not None:
            obj.renditions.all().delete()
            Rendition.objects.bulk_create(
                Rendition(document=obj, width=width, data=data)
                for width, data in checked.renditions.items()
            )

    def get_deleted_objects(self, objs, request):
        """Refused while a page links to the file or places it."""
        from pages.links import pages_linking_to

        deleted, model_count, perms_needed, protected = super().get_deleted_objects(
            objs, request
        )
        for document in objs:
            pages = {
                page
                for scheme in ("document", "afbeelding")
                for page in pages_linking_to(scheme, document)
            }
            for page in sorted(pages, key=lambda p: p.pk):
                protected.append(
                    gettext("The page “%(other)s” links to “%(page)s”")
                    % {"other": page, "page": document}
                )
        return deleted, model_count, perms_needed, protected
