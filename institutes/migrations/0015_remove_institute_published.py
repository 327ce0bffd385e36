from django.db import migrations


class Migration(migrations.Migration):
    """Whether visitors see an institute is now said by its published
    versions (0013 made them from this flag)."""

    dependencies = [
        ("institutes", "0014_publish_institutes"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="historicalinstitute",
            name="published",
        ),
        migrations.RemoveField(
            model_name="institute",
            name="published",
        ),
    ]
