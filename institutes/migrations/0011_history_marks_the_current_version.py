from django.db import migrations


def mark_current_versions(apps, schema_editor):
    """Institutes whose "last changed" moment was set to the date their facts
    were checked, after their latest version was recorded: that version gets
    the same moment, so that a form opened now finds it (core/merge.py)."""
    Institute = apps.get_model("institutes", "Institute")
    HistoricalInstitute = apps.get_model("institutes", "HistoricalInstitute")
    for institute in Institute.objects.all():
        versions = HistoricalInstitute.objects.filter(id=institute.pk)
        if versions.filter(updated_at=institute.updated_at).exists():
            continue
        latest = versions.order_by("-history_id").first()
        if latest is None:
            continue
        same = all(
            getattr(latest, field.attname) == getattr(institute, field.attname)
            for field in Institute._meta.concrete_fields
            if field.name != "updated_at"
        )
        if same:
            versions.filter(pk=latest.pk).update(updated_at=institute.updated_at)


class Migration(migrations.Migration):
    dependencies = [("institutes", "0010_division_history")]

    operations = [
        migrations.RunPython(mark_current_versions, migrations.RunPython.noop)
    ]
