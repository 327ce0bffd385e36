import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("institutes", "0002_editors_group")]

    operations = [
        migrations.AddField(
            model_name="region",
            name="updated_at",
            field=models.DateTimeField(
                auto_now=True,
                default=django.utils.timezone.now,
                verbose_name="last changed",
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="theme",
            name="updated_at",
            field=models.DateTimeField(
                auto_now=True,
                default=django.utils.timezone.now,
                verbose_name="last changed",
            ),
            preserve_default=False,
        ),
    ]
