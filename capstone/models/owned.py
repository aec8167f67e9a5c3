"""An item of a capstone that someone owns: a person with an account, or a name typed in for
someone outside the app (the forms ask for one or the other, never both)."""

from django.conf import settings
from django.db import models


class OwnedItem(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Someone with an account, or give a name below.",
    )
    owner_name = models.CharField("owner (outside the app)", max_length=200, blank=True)

    class Meta:
        abstract = True

    @property
    def owner_display(self):
        return self.owner.display_name if self.owner_id else self.owner_name
