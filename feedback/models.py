from django.db import models
from django.utils.translation import gettext_lazy as _

COMMENT_MAX_LENGTH = 500


class FeedbackQuerySet(models.QuerySet):
    def counts_since(self, moment):
        """{page id: (helpful, not helpful)} for the answers given since a moment
        (all answers when the moment is None)."""
        answers = self if moment is None else self.filter(created_at__gte=moment)
        rows = answers.values("page_id").annotate(
            yes=models.Count("pk", filter=models.Q(helpful=True)),
            no=models.Count("pk", filter=models.Q(helpful=False)),
        )
        return {row["page_id"]: (row["yes"], row["no"]) for row in rows}


class Feedback(models.Model):
    """A visitor's answer to "Was this page helpful?" about a page, or a
    report that an answer of the finder or an institute's details are wrong
    ("Is something wrong here?", about an address of the site). Nothing
    about the visitor is kept: no address, no cookie, no account."""

    page = models.ForeignKey(
        "pages.Page",
        verbose_name=_("page"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="feedback",
    )
    about = models.CharField(
        _("reported address"),
        max_length=300,
        blank=True,
        help_text=_("The finder's answer or institute page the report is about."),
    )
    language = models.CharField(_("language"), max_length=10)
    helpful = models.BooleanField(_("helpful"))
    comment = models.TextField(_("comment"), max_length=COMMENT_MAX_LENGTH, blank=True)
    created_at = models.DateTimeField(_("given on"), auto_now_add=True, db_index=True)
    handled = models.BooleanField(
        _("handled"),
        default=False,
        help_text=_("An editor has read the answer and done what it asks."),
    )

    objects = FeedbackQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("answer to “Was this page helpful?”")
        verbose_name_plural = _("answers to “Was this page helpful?”")

    def __str__(self):
        if self.page is None:
            report = _("report")
            return f"{self.about}: {report}"
        answer = _("helpful") if self.helpful else _("not helpful")
        return f"{self.page}: {answer}"

    def save(self, *args, **kwargs):
        from .privacy import redact

        self.comment = redact(self.comment)
        super().save(*args, **kwargs)


class SubmissionWindow(models.Model):
    """How often one sender posted in one time window, to refuse floods.

    The sender is a keyed hash of their address and the window, so that no
    address is stored and the hashes of different windows cannot be linked.
    """

    sender = models.CharField(max_length=64, unique=True)
    window_start = models.DateTimeField(db_index=True)
    count = models.PositiveIntegerField(default=0)

    # Worth nothing after the window, and no backup's business (core.backups).
    left_out_of_backups = True

    def __str__(self):
        return f"{self.window_start:%Y-%m-%d %H:%M}: {self.count}"
