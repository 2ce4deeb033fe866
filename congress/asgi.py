import os

from django.core.asgi import get_asgi_application

# Production unless told otherwise: the dev and test commands set DJANGO_SETTINGS_MODULE themselves.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congress.settings.production")

application = get_asgi_application()
