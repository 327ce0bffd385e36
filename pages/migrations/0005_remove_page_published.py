from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("pages", "0004_publish_existing_pages")]

    operations = [migrations.RemoveField(model_name="page", name="published")]
