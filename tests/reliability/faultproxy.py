"""A small TCP fault proxy (threads): sits between a client and a server and, on demand, cuts every
live connection with a reset (as a crashed peer or a flapping network would) or adds latency.

    proxy = FaultProxy(("127.0.0.1", 5673)); proxy.start()  # clients connect to proxy.port
    proxy.cut_all()                                          # RST both sides of every connection
    proxy.latency = 0.05                                     # seconds added to every chunk forwarded
"""

from __future__ import annotations

import contextlib
import socket
import struct
import threading
import time


class FaultProxy:
    def __init__(self, target: tuple[str, int], listen_port: int = 0) -> None:
        self.target = target
        self.latency = 0.0
        self.cuts = 0
        self._listener = socket.create_server(("127.0.0.1", listen_port))
        self.port = self._listener.getsockname()[1]
        self._pairs: set[tuple[socket.socket, socket.socket]] = set()
        self._lock = threading.Lock()
        self._closed = threading.Event()

    def start(self) -> FaultProxy:
        threading.Thread(target=self._accept, daemon=True, name="faultproxy-accept").start()
        return self

    def _accept(self) -> None:
        while not self._closed.is_set():
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            try:
                server = socket.create_connection(self.target, timeout=5)
                server.settimeout(None)
            except OSError:
                _reset(client)
                continue
            pair = (client, server)
            with self._lock:
                self._pairs.add(pair)
            for src, dst in (pair, pair[::-1]):
                threading.Thread(target=self._pump, args=(src, dst, pair), daemon=True).start()

    def _pump(self, src: socket.socket, dst: socket.socket, pair) -> None:
        try:
            while True:
                data = src.recv(65536)
                if not data:
                    break
                if self.latency:
                    time.sleep(self.latency)
                dst.sendall(data)
        except OSError:
            pass
        finally:
            self._drop(pair, reset=False)

    def _drop(self, pair, reset: bool) -> None:
        with self._lock:
            if pair not in self._pairs:
                return
            self._pairs.discard(pair)
        for sock in pair:
            if reset:
                _reset(sock)
            else:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()

    def connections(self) -> int:
        with self._lock:
            return len(self._pairs)

    def cut_all(self) -> int:
        """Reset every live connection on both sides; returns how many were cut."""
        with self._lock:
            pairs = list(self._pairs)
        for pair in pairs:
            self._drop(pair, reset=True)
        self.cuts += len(pairs)
        return len(pairs)

    def close(self) -> None:
        self._closed.set()
        self._listener.close()
        self.cut_all()


def _reset(sock: socket.socket) -> None:
    """Close with SO_LINGER 0: the peer sees a RST, not an orderly FIN."""
    with contextlib.suppress(OSError):
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RD)  # wakes our pump blocked in recv, sends nothing
    with contextlib.suppress(OSError):
        sock.close()
