"""French text in the typographic apostrophe (and one name for the support
institute) in databases loaded before. A field changes only while it still
holds the earlier seed text: whatever an editor wrote stays."""

from django.db import migrations

# The French seed texts as they were, and as they are now.
FRENCH = [("Province d'Anvers", 'Province d’Anvers'),
 ("dans la province d'Anvers", 'dans la province d’Anvers'),
 ("Ville d'Anvers", 'Ville d’Anvers'),
 ("dans la ville d'Anvers", 'dans la ville d’Anvers'),
 ("SAAMO Provincie Antwerpen est l'institut régional de développement communautaire "
  "(samenlevingsopbouw) pour la province d'Anvers, en dehors de la ville d'Anvers. Il "
  'soutient les travailleurs communautaires et les travailleurs de quartier qui mènent '
  'des projets locaux avec des personnes socialement vulnérables, autour de droits '
  'fondamentaux comme un logement décent et de la qualité de vie dans leur quartier. '
  "D'autres partenaires, comme les pouvoirs provinciaux et locaux, peuvent aussi faire "
  'appel à lui pour des conseils et un soutien.',
  'SAAMO Provincie Antwerpen est l’institut régional de développement communautaire '
  '(samenlevingsopbouw) pour la province d’Anvers, en dehors de la ville d’Anvers. Il '
  'soutient les travailleurs communautaires et les travailleurs de quartier qui mènent '
  'des projets locaux avec des personnes socialement vulnérables, autour de droits '
  'fondamentaux comme un logement décent et de la qualité de vie dans leur quartier. '
  'D’autres partenaires, comme les pouvoirs provinciaux et locaux, peuvent aussi faire '
  'appel à lui pour des conseils et un soutien.'),
 ("SAAMO Antwerpen est l'institut régional de développement communautaire "
  "(samenlevingsopbouw) pour la ville d'Anvers et ses districts. Il soutient les "
  'travailleurs communautaires et les travailleurs de quartier qui mènent des projets '
  'locaux avec des personnes socialement vulnérables, autour de droits fondamentaux '
  "comme un logement décent et de la qualité de vie dans leur quartier. D'autres "
  'partenaires, comme les pouvoirs locaux, peuvent aussi faire appel à lui pour des '
  'conseils et un soutien.',
  'SAAMO Antwerpen est l’institut régional de développement communautaire '
  '(samenlevingsopbouw) pour la ville d’Anvers et ses districts. Il soutient les '
  'travailleurs communautaires et les travailleurs de quartier qui mènent des projets '
  'locaux avec des personnes socialement vulnérables, autour de droits fondamentaux '
  'comme un logement décent et de la qualité de vie dans leur quartier. D’autres '
  'partenaires, comme les pouvoirs locaux, peuvent aussi faire appel à lui pour des '
  'conseils et un soutien.'),
 ("SAAMO Brussel est l'institut régional de développement communautaire "
  '(samenlevingsopbouw) pour la Région de Bruxelles-Capitale. Il soutient les '
  'travailleurs communautaires et les travailleurs de quartier qui mènent des projets '
  'locaux avec des personnes socialement vulnérables, autour de droits fondamentaux '
  "comme un logement décent et de la qualité de vie dans leur quartier. D'autres "
  'partenaires, comme les pouvoirs locaux, peuvent aussi faire appel à lui pour des '
  'conseils et un soutien.',
  'SAAMO Brussel est l’institut régional de développement communautaire '
  '(samenlevingsopbouw) pour la Région de Bruxelles-Capitale. Il soutient les '
  'travailleurs communautaires et les travailleurs de quartier qui mènent des projets '
  'locaux avec des personnes socialement vulnérables, autour de droits fondamentaux '
  'comme un logement décent et de la qualité de vie dans leur quartier. D’autres '
  'partenaires, comme les pouvoirs locaux, peuvent aussi faire appel à lui pour des '
  'conseils et un soutien.'),
 ("Samenlevingsopbouw Gent est l'institut régional de développement communautaire "
  '(samenlevingsopbouw) pour la ville de Gand. Il soutient les travailleurs '
  'communautaires et les travailleurs de quartier qui mènent des projets locaux avec '
  'des personnes socialement vulnérables, autour de droits fondamentaux comme un '
  "logement décent et de la qualité de vie dans leur quartier. D'autres partenaires, "
  'comme les pouvoirs locaux, peuvent aussi faire appel à lui pour des conseils et un '
  'soutien.',
  'Samenlevingsopbouw Gent est l’institut régional de développement communautaire '
  '(samenlevingsopbouw) pour la ville de Gand. Il soutient les travailleurs '
  'communautaires et les travailleurs de quartier qui mènent des projets locaux avec '
  'des personnes socialement vulnérables, autour de droits fondamentaux comme un '
  'logement décent et de la qualité de vie dans leur quartier. D’autres partenaires, '
  'comme les pouvoirs locaux, peuvent aussi faire appel à lui pour des conseils et un '
  'soutien.'),
 ("SAAMO Limburg est l'institut régional de développement communautaire "
  '(samenlevingsopbouw) pour la province de Limbourg. Il soutient les travailleurs '
  'communautaires et les travailleurs de quartier qui mènent des projets locaux avec '
  'des personnes socialement vulnérables, autour de droits fondamentaux comme un '
  "logement décent et de la qualité de vie dans leur quartier. D'autres partenaires, "
  'comme les pouvoirs provinciaux et locaux, peuvent aussi faire appel à lui pour des '
  'conseils et un soutien.',
  'SAAMO Limburg est l’institut régional de développement communautaire '
  '(samenlevingsopbouw) pour la province de Limbourg. Il soutient les travailleurs '
  'communautaires et les travailleurs de quartier qui mènent des projets locaux avec '
  'des personnes socialement vulnérables, autour de droits fondamentaux comme un '
  'logement décent et de la qualité de vie dans leur quartier. D’autres partenaires, '
  'comme les pouvoirs provinciaux et locaux, peuvent aussi faire appel à lui pour des '
  'conseils et un soutien.'),
 ("SAAMO Oost-Vlaanderen est l'institut régional de développement communautaire "
  '(samenlevingsopbouw) pour la province de Flandre-Orientale, en dehors de la ville '
  'de Gand. Il soutient les travailleurs communautaires et les travailleurs de '
  'quartier qui mènent des projets locaux avec des personnes socialement vulnérables, '
  'autour de droits fondamentaux comme un logement décent et de la qualité de vie dans '
  "leur quartier. D'autres partenaires, comme les pouvoirs provinciaux et locaux, "
  'peuvent aussi faire appel à lui pour des conseils et un soutien.',
  'SAAMO Oost-Vlaanderen est l’institut régional de développement communautaire '
  '(samenlevingsopbouw) pour la province de Flandre-Orientale, en dehors de la ville '
  'de Gand. Il soutient les travailleurs communautaires et les travailleurs de '
  'quartier qui mènent des projets locaux avec des personnes socialement vulnérables, '
  'autour de droits fondamentaux comme un logement décent et de la qualité de vie dans '
  'leur quartier. D’autres partenaires, comme les pouvoirs provinciaux et locaux, '
  'peuvent aussi faire appel à lui pour des conseils et un soutien.'),
 ("SAAMO Vlaams-Brabant est l'institut régional de développement communautaire "
  '(samenlevingsopbouw) pour la province du Brabant flamand. Il soutient les '
  'travailleurs communautaires et les travailleurs de quartier qui mènent des projets '
  'locaux avec des personnes socialement vulnérables, autour de droits fondamentaux '
  "comme un logement décent et de la qualité de vie dans leur quartier. D'autres "
  'partenaires, comme les pouvoirs provinciaux et locaux, peuvent aussi faire appel à '
  'lui pour des conseils et un soutien.',
  'SAAMO Vlaams-Brabant est l’institut régional de développement communautaire '
  '(samenlevingsopbouw) pour la province du Brabant flamand. Il soutient les '
  'travailleurs communautaires et les travailleurs de quartier qui mènent des projets '
  'locaux avec des personnes socialement vulnérables, autour de droits fondamentaux '
  'comme un logement décent et de la qualité de vie dans leur quartier. D’autres '
  'partenaires, comme les pouvoirs provinciaux et locaux, peuvent aussi faire appel à '
  'lui pour des conseils et un soutien.'),
 ("SAAMO West-Vlaanderen est l'institut régional de développement communautaire "
  '(samenlevingsopbouw) pour la province de Flandre-Occidentale. Il soutient les '
  'travailleurs communautaires et les travailleurs de quartier qui mènent des projets '
  'locaux avec des personnes socialement vulnérables, autour de droits fondamentaux '
  "comme un logement décent et de la qualité de vie dans leur quartier. D'autres "
  'partenaires, comme les pouvoirs provinciaux et locaux, peuvent aussi faire appel à '
  'lui pour des conseils et un soutien.',
  'SAAMO West-Vlaanderen est l’institut régional de développement communautaire '
  '(samenlevingsopbouw) pour la province de Flandre-Occidentale. Il soutient les '
  'travailleurs communautaires et les travailleurs de quartier qui mènent des projets '
  'locaux avec des personnes socialement vulnérables, autour de droits fondamentaux '
  'comme un logement décent et de la qualité de vie dans leur quartier. D’autres '
  'partenaires, comme les pouvoirs provinciaux et locaux, peuvent aussi faire appel à '
  'lui pour des conseils et un soutien.'),
 ('Samenlevingsopbouw Vlaanderen, qui fait partie de SAM, Steunpunt Mens en '
  "Samenleving, depuis le 1er janvier 2018, est l'institut d'appui au développement "
  "communautaire pour l'ensemble de la Flandre et de Bruxelles. Il soutient à la fois "
  "le secteur subventionné et d'autres initiatives qui s'inscrivent dans la même "
  'démarche, et il conçoit des programmes de formation. À partir de recherches de '
  'terrain et du développement de méthodes, il élabore de nouvelles approches et de '
  'nouveaux outils de travail, et il mène un travail thématique, notamment sur le '
  "logement et l'enseignement. Il partage ses connaissances par la revue TerZake, une "
  "lettre d'information électronique, son site web, des publications et une "
  'bibliothèque.',
  'Samenlevingsopbouw Vlaanderen, qui fait partie de SAM, Steunpunt Mens en '
  'Samenleving, depuis le 1er janvier 2018, est l’institut de soutien au développement '
  'communautaire pour l’ensemble de la Flandre et de Bruxelles. Il soutient à la fois '
  'le secteur subventionné et d’autres initiatives qui s’inscrivent dans la même '
  'démarche, et il conçoit des programmes de formation. À partir de recherches de '
  'terrain et du développement de méthodes, il élabore de nouvelles approches et de '
  'nouveaux outils de travail, et il mène un travail thématique, notamment sur le '
  'logement et l’enseignement. Il partage ses connaissances par la revue TerZake, une '
  'lettre d’information électronique, son site web, des publications et une '
  'bibliothèque.'),
 ("Depuis le 1er janvier 2025, Borsbeek est un district de la ville d'Anvers.",
  'Depuis le 1er janvier 2025, Borsbeek est un district de la ville d’Anvers.')]

FIELDS = {
    "Region": ("name_fr", "locative_fr"),
    "Theme": ("name_fr",),
    "Institute": ("description_fr", "municipality_fr"),
    "PostcodeRule": ("note_fr",),
    "Division": ("name_fr", "municipality_fr"),
}


def forwards(apps, schema_editor):
    for model_name, fields in FIELDS.items():
        model = apps.get_model("institutes", model_name)
        for field in fields:
            limit = model._meta.get_field(field).max_length
            for old, new in FRENCH:
                # PostgreSQL refuses to compare a column with a longer value.
                if limit is None or len(old) <= limit:
                    model.objects.filter(**{field: old}).update(**{field: new})


class Migration(migrations.Migration):
    dependencies = [("institutes", "0007_history_former_name")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
