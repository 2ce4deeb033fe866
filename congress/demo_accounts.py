"""Demo logins, kept free of Django imports so the run command can print them."""

DEMO_PASSWORD = "Demo@2026"  # noqa: S105

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
    ("cgstaff", "staff of 城关区人大常委会 (admin): their district, read-only below it"),
    ("cgleader", "leader of 城关区人大常委会 (admin)"),
    ("dgstaff", "staff of 东岗街道人大工委, a street working committee under 城关区 (admin)"),
    ("qbsstaff", "staff of 青白石镇人大主席团, a township presidium under 城关区 (admin)"),
    ("qlhstaff", "staff of 七里河区人大常委会; also xgstaff, anstaff, hgstaff, sfxstaff, blstaff"),
]
