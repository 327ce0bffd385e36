"""Sentences of Django's own admin that editors read, worded again.

Django's Dutch admin says "De instituut", "beschermde gerelateerde objecten"
and "met succes gewijzigd". Our catalogues in locale/ come before Django's, so
a sentence listed here (exactly as Django writes it, marked for extraction
only) is shown in our own words. Nothing imports this module.
"""

from django.utils.translation import gettext_noop

WORDING = [
    gettext_noop("The {name} “{obj}” was added successfully."),
    gettext_noop("The {name} “{obj}” was changed successfully."),
    gettext_noop(
        "The {name} “{obj}” was changed successfully. You may edit it again below."
    ),
    gettext_noop(
        "The {name} “{obj}” was added successfully. You may add another {name} below."
    ),
    gettext_noop(
        "The {name} “{obj}” was changed successfully. You may add another {name} below."
    ),
    gettext_noop("The %(name)s “%(obj)s” was deleted successfully."),
    gettext_noop("Successfully deleted %(count)d %(items)s."),
    gettext_noop("%(name)s with ID “%(key)s” doesn’t exist. Perhaps it was deleted?"),
    gettext_noop(
        "Deleting the %(object_name)s '%(escaped_object)s' would require "
        "deleting the following protected related objects:"
    ),
    gettext_noop(
        "Deleting the %(object_name)s '%(escaped_object)s' would result in "
        "deleting related objects, but your account doesn't have permission to "
        "delete the following types of objects:"
    ),
    gettext_noop(
        'Are you sure you want to delete the %(object_name)s "%(escaped_object)s"? '
        "All of the following related items will be deleted:"
    ),
    gettext_noop(
        "Deleting the selected %(objects_name)s would require deleting the "
        "following protected related objects:"
    ),
    gettext_noop(
        "Are you sure you want to delete the selected %(objects_name)s? All of "
        "the following objects and their related items will be deleted:"
    ),
    gettext_noop("Objects"),
    gettext_noop("Delete multiple objects"),
    gettext_noop("Click here to select the objects across all pages"),
    gettext_noop("Select all objects on this page for an action"),
    gettext_noop("Select this object for an action - {}"),
    gettext_noop("Change selected %(model)s"),
    gettext_noop("Add another %(model)s"),
    gettext_noop("View selected %(model)s"),
]
