"""gunicorn settings of every instance: the run command, the image and the compose file start it with
``--config python:congress.gunicorn_conf``.

* One time zone: the master logs before Django is loaded (Django sets ``TZ`` from ``TIME_ZONE``), so
  it is set here first; every line carries ISO 8601 time with its offset (congress/logs.py).
* The control socket (gunicorn 25+) is the instance's own, under the checkout's ``var/`` (or
  ``GUNICORN_CONTROL_SOCKET``), not the ``~/.gunicorn/gunicorn.ctl`` every gunicorn of the same user
  would share.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

# congress/settings/base.py TIME_ZONE; an operator's TIME_ZONE environment variable is not read there.
os.environ["TZ"] = "Asia/Shanghai"
time.tzset()

logger_class = "congress.logs.GunicornLogger"

_RUN = Path(__file__).resolve().parent.parent / "var" / "run"
control_socket = os.environ.get("GUNICORN_CONTROL_SOCKET") or str(_RUN / f"gunicorn-{os.getpid()}.ctl")
if not os.environ.get("GUNICORN_CONTROL_SOCKET"):
    _RUN.mkdir(parents=True, exist_ok=True)
