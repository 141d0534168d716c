#!/usr/bin/env python3
"""Run the shared feedparser conformance harness with a batch command.

    python3 batch_conformance.py HARNESS_DIR TESTS_DIR --cmd "node dist/src/cli.js preview --batch" \
        [any other run_conformance.py option]

The harness starts one process per test file; a Node CLI spends far longer
starting than previewing a feed, so a whole run costs minutes. This driver
keeps the harness whole (discovery, scope rules, HTTP server, judging,
reports, --fail-under) and replaces only how one file's output is obtained:
each harness worker thread keeps one long-lived batch process, writes it the
target (file path or URL) as a line on stdin and reads one JSON line back.
A batch command answers {"error": {...}} for an input it cannot preview,
which counts as an error exactly like a non-zero exit of the per-file command.
A process that dies or overruns the per-file timeout is killed, the file is
reported the way the harness reports it, and the next file gets a new process.
"""

from __future__ import annotations

import collections
import json
import os
import select
import signal
import subprocess
import sys
import threading
import time

sys.dont_write_bytecode = True


class BatchWorker:
    def __init__(self, cmd: str, cwd: str | None) -> None:
        self.proc = subprocess.Popen(cmd, shell=True, cwd=cwd, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     start_new_session=True)
        self.buf = b""
        self.stderr_tail: collections.deque[bytes] = collections.deque(maxlen=20)
        # stderr is drained continuously so that a chatty process never blocks on a full pipe.
        threading.Thread(target=self._drain_stderr, daemon=True).start()

    def _drain_stderr(self) -> None:
        for line in self.proc.stderr:
            self.stderr_tail.append(line)

    def tail(self) -> str:
        return b"".join(self.stderr_tail)[-600:].decode("utf-8", "replace")

    def ask(self, target: str, timeout: float) -> bytes | str:
        """One line of output for `target`, else "died" or "overran"."""
        self.proc.stdin.write(target.encode("utf-8") + b"\n")
        self.proc.stdin.flush()
        deadline = time.monotonic() + timeout
        fd = self.proc.stdout.fileno()
        while b"\n" not in self.buf:
            left = deadline - time.monotonic()
            if left <= 0:
                return "overran"
            ready, _, _ = select.select([fd], [], [], left)
            if not ready:
                continue
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                return "died"
            self.buf += chunk
        line, _, self.buf = self.buf.partition(b"\n")
        return line

    def kill(self) -> None:
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except OSError:
            pass
        self.proc.wait()

    def close(self) -> None:
        try:
            self.proc.stdin.close()
            self.proc.wait(timeout=10)
        except (OSError, subprocess.TimeoutExpired):
            self.kill()


def install(runner, adapter, cwd: str | None):
    """Replaces runner.run_one; returns a function that stops every batch process."""
    local = threading.local()
    everyone: list[BatchWorker] = []
    lock = threading.Lock()

    def worker(cmd: str) -> BatchWorker:
        w = getattr(local, "worker", None)
        if w is None or w.proc.poll() is not None:
            w = BatchWorker(cmd, cwd)
            local.worker = w
            with lock:
                everyone.append(w)
        return w

    def run_one(template, target, timeout, _cwd, _shell, _env):
        t0 = time.monotonic()
        w = worker(template)
        try:
            line = w.ask(target, timeout)
        except BrokenPipeError:
            line = "died"
        secs = time.monotonic() - t0
        if isinstance(line, str):
            local.worker = None
            if line == "died":
                try:
                    w.proc.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    pass
            w.kill()
            if line == "died":
                return runner.Outcome("error", detail=f"exit status {w.proc.returncode}", seconds=secs,
                                      stderr_tail=w.tail(), exit_code=w.proc.returncode)
            return runner.Outcome("timeout", detail=f"no result within {timeout:g}s", seconds=secs,
                                  stderr_tail=w.tail())
        if len(line) > runner.MAX_STDOUT:
            return runner.Outcome("error", detail="stdout larger than 64 MiB", seconds=secs)
        try:
            doc = json.loads(line.decode("utf-8", "replace"))
        except ValueError as e:
            return runner.Outcome("error", detail=f"invalid JSON output: {e}", seconds=secs,
                                  stderr_tail=w.tail(), exit_code=0)
        if isinstance(doc, dict) and isinstance(doc.get("error"), dict) and "items" not in doc:
            err = doc["error"]
            return runner.Outcome("error", detail="exit status 1", seconds=secs,
                                  stderr_tail=f"feedloom: {err.get('code')}: {err.get('message')}", exit_code=1)
        probs = adapter.contract_problems(doc)
        if probs:
            return runner.Outcome("error", detail="output does not follow the contract: " + "; ".join(probs),
                                  seconds=secs, exit_code=0)
        return runner.Outcome("ok", doc=doc, seconds=secs, exit_code=0)

    runner.run_one = run_one

    def stop() -> None:
        for w in everyone:
            w.close()

    return stop


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    harness = os.path.abspath(argv[0])
    sys.path.insert(0, harness)
    import run_conformance  # noqa: E402  (the shared harness, unmodified)
    from fpconf import adapter, runner  # noqa: E402

    rest = argv[1:]
    cwd = rest[rest.index("--cwd") + 1] if "--cwd" in rest else None
    stop = install(runner, adapter, cwd)
    try:
        return run_conformance.main(rest)
    finally:
        stop()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
