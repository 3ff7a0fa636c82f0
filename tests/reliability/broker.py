"""A RabbitMQ node of our own (never the machine's shared one), which the tests may kill -9 and restart.

The node runs as the rabbitmq user (so it shares the Erlang cookie the CLI uses) with its own name,
ports, data and log directories; a restart reuses the data directory, so quorum queues recover from
their write-ahead log as they would on a crashed production node.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path


def _port_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


class RabbitNode:
    def __init__(self, name: str = "mfrel", port: int = 5673, dist_port: int = 25673) -> None:
        self.node = f"{name}@localhost"
        self.port = port
        self.dist_port = dist_port
        self.base = Path(tempfile.mkdtemp(prefix=f"{name}-rabbit-"))
        self.process: subprocess.Popen[bytes] | None = None
        self.kills = 0
        (self.base / "rabbitmq.conf").write_text(
            f"listeners.tcp.local = 127.0.0.1:{port}\nloopback_users = none\n"
        )
        (self.base / "env.conf").write_text(
            'ERL_EPMD_ADDRESS=127.0.0.1\nexport ERL_FLAGS="-kernel inet_dist_use_interface {127,0,0,1}"\n'
        )
        (self.base / "plugins").write_text("[].\n")
        shutil.chown(self.base, "rabbitmq")
        for child in self.base.iterdir():
            shutil.chown(child, "rabbitmq")

    @property
    def url(self) -> str:
        return f"amqp://guest:guest@127.0.0.1:{self.port}/%2F"

    def start(self, timeout: float = 180) -> None:
        if _port_open(self.port):
            raise RuntimeError(f"port {self.port} is taken: a stray node? (rabbitmqctl -n {self.node} stop)")
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": "/var/lib/rabbitmq",
            "RABBITMQ_NODENAME": self.node,
            "RABBITMQ_NODE_PORT": str(self.port),
            "RABBITMQ_DIST_PORT": str(self.dist_port),
            "RABBITMQ_MNESIA_BASE": str(self.base / "mnesia"),
            "RABBITMQ_LOG_BASE": str(self.base / "log"),
            "RABBITMQ_ENABLED_PLUGINS_FILE": str(self.base / "plugins"),
            "RABBITMQ_CONFIG_FILE": str(self.base / "rabbitmq.conf"),
            "RABBITMQ_CONF_ENV_FILE": str(self.base / "env.conf"),
        }
        with open(self.base / "stdout.log", "ab") as out:
            self.process = subprocess.Popen(
                ["runuser", "-u", "rabbitmq", "--", "/usr/lib/rabbitmq/bin/rabbitmq-server"],
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                cwd=self.base,
                start_new_session=True,
            )
        deadline = time.monotonic() + timeout
        while not self._accepts_amqp():
            if self.process.poll() is not None:
                raise RuntimeError(f"rabbitmq node exited; see {self.base}/stdout.log")
            if time.monotonic() > deadline:
                raise RuntimeError(f"rabbitmq node not up in {timeout}s; see {self.base}/stdout.log")
            time.sleep(0.3)

    def _accepts_amqp(self) -> bool:
        if not _port_open(self.port):
            return False
        import pika

        try:
            pika.BlockingConnection(pika.URLParameters(self.url)).close()
            return True
        except Exception:
            return False

    def beam_pids(self) -> list[int]:
        """The node's Erlang VM, found by the node name in its environment (3.10 keeps it off argv)."""
        pids = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                cmdline = (entry / "cmdline").read_bytes().split(b"\0")
                is_beam = cmdline[0].endswith(b"beam.smp")
                environ = (entry / "environ").read_bytes().split(b"\0") if is_beam else []
            except OSError:
                continue
            if f"RABBITMQ_NODENAME={self.node}".encode() in environ:
                pids.append(int(entry.name))
        return pids

    def kill9(self, timeout: float = 30) -> None:
        """kill -9 the node's VM, as a crash would, and wait until it is gone."""
        pids = self.beam_pids()
        if not pids:
            raise RuntimeError("no beam.smp for our node")
        for pid in pids:
            os.kill(pid, signal.SIGKILL)
        self.kills += 1
        self._reap(timeout)

    def _reap(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while self.beam_pids() or _port_open(self.port):
            if time.monotonic() > deadline:
                raise RuntimeError("the killed node did not go away")
            time.sleep(0.1)
        if self.process is not None:
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=10)
            if self.process.poll() is None:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
            self.process = None

    def restart_after_kill(self) -> None:
        self.kill9()
        self.start()

    def queue_counts(self) -> dict[str, tuple[int, int]]:
        """{queue: (ready, unacknowledged)} from the node itself."""
        out = subprocess.run(
            [
                "rabbitmqctl",
                "-q",
                "-n",
                self.node,
                "list_queues",
                "--no-table-headers",
                "name",
                "messages_ready",
                "messages_unacknowledged",
            ],
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
        ).stdout
        counts = {}
        for line in out.splitlines():
            parts = line.split()
            if len(parts) == 3 and parts[1].isdigit():
                counts[parts[0]] = (int(parts[1]), int(parts[2]))
        return counts

    def stop_stray(self) -> None:
        """A node of ours left by an interrupted run (same name) is stopped before we start."""
        for pid in self.beam_pids():
            os.kill(pid, signal.SIGKILL)
        deadline = time.monotonic() + 30
        while (self.beam_pids() or _port_open(self.port)) and time.monotonic() < deadline:
            time.sleep(0.2)

    def stop(self) -> None:
        """Always leaves no node behind: a clean stop, then kill -9 of whatever remains."""
        if self.beam_pids():
            subprocess.run(
                ["rabbitmqctl", "-q", "-n", self.node, "stop"], capture_output=True, timeout=60, check=False
            )
        for pid in self.beam_pids():
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        with contextlib.suppress(Exception):
            self._reap(30)
        shutil.rmtree(self.base, ignore_errors=True)
