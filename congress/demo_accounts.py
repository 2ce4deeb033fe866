"""Demo logins, kept free of Django imports so the run command can print them."""

DEMO_PASSWORD = "Demo@2026"

DEMO_LOGINS: list[tuple[str, str]] = [
    ("admin", "superuser"),
    ("staff", "committee staff (admin)"),
    ("leader", "committee leader (admin)"),
    ("deputy", "municipal deputy (/dashboard/)"),
    ("unit", "handling-unit officer (/unit/)"),
    ("unithead", "head of a handling unit (/unit/)"),
    ("liaison", "station liaison (/stations/workbench/, /station-desk/)"),
    ("deputy2", "municipal deputies deputy2 … deputy6, for trying a ballot with several voters"),
    ("clerk1", "committee staff entering paper-ballot counts (clerk2 is the second clerk)"),
]
