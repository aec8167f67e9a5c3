"""/scim/v2/…: SCIM 2.0 for identity providers (no trailing slashes, as the RFC's examples and
Entra ID use); /scim/tokens/: a program director's page for the tokens."""

from django.urls import path

from pathway.people.scim import token_views, views

app_name = "scim"

urlpatterns = [
    path(
        "v2/ServiceProviderConfig",
        views.service_provider_config,
        name="service_provider_config",
    ),
    path("v2/ResourceTypes", views.resource_types, name="resource_types"),
    path("v2/ResourceTypes/<str:name>", views.resource_type, name="resource_type"),
    path("v2/Schemas", views.schemas, name="schemas"),
    path("v2/Schemas/<str:urn>", views.schema_detail, name="schema"),
    path("v2/Users", views.users, name="users"),
    path("v2/Users/<str:pk>", views.user, name="user"),
    path("tokens/", token_views.scim_tokens, name="tokens"),
    path("tokens/<int:pk>/revoke/", token_views.scim_token_revoke_view, name="token_revoke"),
]
