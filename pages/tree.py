"""The published page tree, loaded in one query per request.

Navigation, breadcrumb, footer, URL resolution and the sitemap all read this
tree, so a public page costs the same few queries however many pages exist.
It holds the published versions valid at the moment of the request: drafts
never reach it, and a scheduled version appears at its moment.
"""

import re
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import get_language

from core.languages import language_codes, text_language, with_fallback

from .models import Page, PublishedPage, ancestors, page_url

SLUG_RE = re.compile(r"^[-a-z0-9_]{1,100}$")
REQUEST_ATTRIBUTE = "_page_tree"


@dataclass(eq=False)
class Node:
    pk: int
    parent_id: int | None
    key: str | None
    placement: str
    updated_at: object
    titles: dict
    slugs: dict
    version: PublishedPage
    parent: "Node | None" = None
    children: list = field(default_factory=list)
    # The node's address per language, once worked out.
    addresses: dict = field(default_factory=dict, repr=False)

    def title(self, language=None):
        return with_fallback(self.titles, language)[0]

    def title_language(self, language=None):
        return text_language(self.titles, language)

    def effective_slug(self, language=None):
        return with_fallback(self.slugs, language)[0]

    @property
    def ancestors(self):
        return ancestors(self)

    def url(self, language=None):
        language = language or get_language()
        address = self.addresses.get(language)
        if address is None:
            address = self.addresses[language] = page_url(self, language)
        return address

    def urls(self):
        return {code: self.url(code) for code in language_codes()}

    def is_within(self, other):
        return other is self or other in self.ancestors

    @property
    def menu_children(self):
        return [
            child for child in self.children if child.placement == Page.Placement.MAIN
        ]


class PageTree:
    def __init__(self, versions, at=None):
        self.at = at
        self.nodes = {}
        for version in versions:
            self.nodes[version.page_id] = Node(
                pk=version.page_id,
                parent_id=version.parent_page,
                key=version.key,
                placement=version.placement,
                updated_at=version.published_at,
                titles=version.titles,
                slugs=version.slugs,
                version=version,
            )
        self.root = None
        for node in self.nodes.values():
            if node.parent_id is None:
                self.root = node
            elif node.parent_id in self.nodes:
                node.parent = self.nodes[node.parent_id]
                node.parent.children.append(node)
        # Only pages reachable from a published home page are visible.
        self.visible = []
        if self.root is not None:
            stack = [self.root]
            while stack:
                node = stack.pop()
                self.visible.append(node)
                stack.extend(reversed(node.children))
        self.visible_pks = {node.pk for node in self.visible}
        self.by_key = {node.key: node for node in self.visible if node.key}

    @classmethod
    def load(cls, at=None, draft=None):
        """The tree at a moment (now by default). With `draft`, an unsaved
        PublishedPage made from a draft, that page is shown as the draft would
        publish it: the preview."""
        at = at or timezone.now()
        # Ordered by (order, page), so children come out in menu order.
        # The texts of every page are not needed for menus and addresses;
        # the page shown reads its own (see views.page_detail).
        versions = list(PublishedPage.objects.live(at).defer(*PublishedPage.TEXTS))
        if draft is not None:
            versions = [v for v in versions if v.page_id != draft.page_id]
            versions.append(draft)
            versions.sort(key=lambda v: (v.order, v.page_id))
        return cls(versions, at)

    @classmethod
    def for_request(cls, request):
        tree = getattr(request, REQUEST_ATTRIBUTE, None)
        if tree is None:
            tree = cls.load()
            setattr(request, REQUEST_ATTRIBUTE, tree)
        return tree

    def resolve(self, path, language):
        """The node at a path of slugs in a language, and whether it is canonical.

        A path written with another language's slugs still finds its page, so
        that the caller can redirect to the right address.
        """
        if self.root is None:
            return None, False
        segments = [segment for segment in path.split("/") if segment]
        if any(not SLUG_RE.match(segment) for segment in segments):
            return None, False
        node = self._walk(segments, lambda n: n.effective_slug(language))
        if node is not None:
            return node, True
        for code in language_codes():
            node = self._walk(segments, lambda n, code=code: n.effective_slug(code))
            if node is not None:
                return node, False
        return None, False

    def _walk(self, segments, slug_of):
        node = self.root
        for segment in segments:
            node = next((c for c in node.children if slug_of(c) == segment), None)
            if node is None:
                return None
        return node

    def get(self, key):
        return self.by_key.get(key)

    def find(self, reference):
        """A visible page by key, or by number for pages without a key."""
        node = self.by_key.get(reference)
        if node is None and reference.isdigit():
            node = self.nodes.get(int(reference))
            if node is not None and node.pk not in self.visible_pks:
                node = None
        return node

    @property
    def main_menu(self):
        if self.root is None:
            return []
        return [self.root, *self.root.menu_children]

    @property
    def footer_menu(self):
        if self.root is None:
            return []
        return [c for c in self.root.children if c.placement == Page.Placement.FOOTER]
