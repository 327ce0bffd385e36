from django.db import migrations


def redact_existing(apps, schema_editor):
    from feedback.privacy import redact

    Feedback = apps.get_model("feedback", "Feedback")
    for answer in Feedback.objects.exclude(comment="").iterator():
        cleaned = redact(answer.comment)
        if cleaned != answer.comment:
            Feedback.objects.filter(pk=answer.pk).update(comment=cleaned)


class Migration(migrations.Migration):
    dependencies = [("feedback", "0004_handled")]

    operations = [migrations.RunPython(redact_existing, migrations.RunPython.noop)]
