from django.core.asgi import get_asgi_application

from congress.settings_module import use_settings_module

# Production unless the environment or .env says otherwise (congress/settings_module.py).
use_settings_module("congress.settings.production")

application = get_asgi_application()
