"""SCIM 2.0 provisioning (RFC 7643/7644) at /scim/v2/: a hospital's identity provider (Microsoft
Entra ID, Okta) creates, updates and deactivates the people of one program, with a token a
program director creates for that program. People are checked by the roster import's own rules
(pathway.people.roster) and saved by the people services; see README "Provisioning (SCIM)"."""
