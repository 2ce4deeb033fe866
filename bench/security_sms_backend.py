"""SMS backend of the fault benchmarks: appends one line per message sent to the file named by
``BENCH_SMS_FILE``, so a benchmark can count how often each notification went out."""

from __future__ import annotations

import fcntl
import os


class FileSmsBackend:
    def send(self, *, to: str, body: str) -> str:
        path = os.environ.get("BENCH_SMS_FILE", "var/bench-sms.log")
        with open(path, "a", encoding="utf-8") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            handle.write(f"{to}\t{body.splitlines()[0][:80]}\n")
        return "bench"
