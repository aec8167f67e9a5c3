"""A hospital's identity provider, through which a program's members sign in (SAML 2.0 or
OpenID Connect). pathway.people.sso turns each into a django-allauth SocialApp."""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from .people import Program


class Protocol(models.TextChoices):
    # The values are django-allauth's provider ids.
    OIDC = "openid_connect", "OpenID Connect"
    SAML = "saml", "SAML 2.0"


class IdentityProviderQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True)


class IdentityProvider(models.Model):
    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, related_name="identity_providers"
    )
    name = models.CharField(
        max_length=100, help_text='Shown on the sign-in button: "Sign in with <name>".'
    )
    slug = models.SlugField(
        unique=True,
        help_text="Part of this provider's addresses (redirect URI, ACS URL, metadata URL): "
        "once the hospital has registered them, do not change it.",
    )
    protocol = models.CharField(max_length=20, choices=Protocol.choices)
    active = models.BooleanField(default=True)
    oidc_issuer = models.URLField(
        "OIDC issuer",
        blank=True,
        help_text="The issuer URL; /.well-known/openid-configuration is read from it.",
    )
    oidc_client_id = models.CharField("OIDC client ID", max_length=255, blank=True)
    oidc_client_secret = models.CharField("OIDC client secret", max_length=255, blank=True)
    saml_entity_id = models.CharField(
        "SAML IdP entity ID",
        max_length=500,
        blank=True,
        help_text="Required with a metadata URL; read from the XML when metadata is pasted.",
    )
    saml_metadata_url = models.URLField("SAML IdP metadata URL", max_length=500, blank=True)
    saml_metadata_xml = models.TextField(
        "SAML IdP metadata XML", blank=True, help_text="Instead of a URL: the metadata itself."
    )

    objects = IdentityProviderQuerySet.as_manager()

    class Meta:
        ordering = ["program__name", "name"]

    def __str__(self):
        return f"{self.name} ({self.get_protocol_display()}, {self.program})"

    def clean(self):
        if self.protocol == Protocol.OIDC:
            required = {
                "oidc_issuer": self.oidc_issuer,
                "oidc_client_id": self.oidc_client_id,
                "oidc_client_secret": self.oidc_client_secret,
            }
        elif self.saml_metadata_url:
            required = {"saml_entity_id": self.saml_entity_id}
        else:
            required = {"saml_metadata_xml": self.saml_metadata_xml.strip()}
            if self.saml_metadata_xml and "EntityDescriptor" not in self.saml_metadata_xml:
                raise ValidationError(
                    {"saml_metadata_xml": "This is not SAML metadata (no EntityDescriptor)."}
                )
        missing = {field: "Required for this protocol." for field, v in required.items() if not v}
        if missing:
            raise ValidationError(missing)

    @property
    def sign_in_url(self) -> str:
        """django-allauth's address that starts a sign-in with this provider (POST)."""
        if self.protocol == Protocol.OIDC:
            return reverse("openid_connect_login", kwargs={"provider_id": self.slug})
        return reverse("saml_login", kwargs={"organization_slug": self.slug})
