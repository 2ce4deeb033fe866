#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import sys


def main() -> None:
    from congress.settings_module import use_settings_module

    # Local unless the environment or .env says otherwise (congress/settings_module.py).
    use_settings_module("congress.settings.local")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
