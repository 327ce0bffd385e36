"""The synonym groups shipped in content/synonyms.json: each loaded once,
known by its language and first word, so that a group an editor changed or
deleted stays as the editor left it."""

from core.models import SeedRecord

from .models import SynonymGroup


def create_group(entry):
    group = SynonymGroup(language=entry["language"], words="\n".join(entry["words"]))
    group.full_clean()
    group.save()
    return group


def load_synonyms(entries):
    created = 0
    for entry in entries:
        group = SeedRecord.objects.create_once(
            "synonyms",
            f"{entry['language']}:{entry['words'][0]}",
            existing=SynonymGroup.objects.none(),
            create=lambda entry=entry: create_group(entry),
        )
        created += group is not None
    return f"Synonyms: {created} groups created."
