"""A settings module and URLconf for the HTTP benchmarks: the portal as in production, plus the
bare floor views the figures are compared with. Never used outside ``bench/``."""
