"""Single sign-on through each program's identity providers, and multi-factor sign-in, on
django-allauth (README "Single sign-on", "Multi-factor sign-in")."""
