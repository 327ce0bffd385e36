"""Saving anything a public page shows is a "published content changed"
moment; deleting a page leaves its addresses answering 410."""

from django.db.models.signals import post_delete, post_save, pre_delete
from django.dispatch import receiver

from core.signals import published_content_changed

from .models import Page, PageAddress, PageLink


@receiver(post_save, sender=Page)
@receiver(post_save, sender=PageLink)
@receiver(post_delete, sender=PageLink)
def page_saved(sender, instance, **kwargs):
    published_content_changed.send(sender=sender, instance=instance)


@receiver(pre_delete, sender=Page)
def page_deleted(sender, instance, **kwargs):
    from .tree import PageTree

    tree = PageTree.load()
    node = tree.nodes.get(instance.pk)
    if node is not None and node.pk in tree.visible_pks:
        for url in node.urls().values():
            PageAddress.objects.update_or_create(path=url, defaults={"page": None})
    # Its old addresses stay, with no page: they answer 410 Gone.
    PageAddress.objects.filter(page=instance).update(page=None)
    published_content_changed.send(sender=sender, instance=instance)
