"""The gateway's gunicorn worker: gunicorn's sync worker, without waiting for the client after a request
that was read whole.

gunicorn 27 closes every connection gracefully (RFC 9112 §9.6): it half-closes, then waits up to 2 s for
the client's own close, draining what the client still sends. That wait matters when request bytes are
still unread (a body the application refused without reading it, or more data behind the request): closing
with those bytes queued would make the kernel answer with a reset, and a reset can make the client discard
the response it has not read yet. A sync worker serves nothing while it waits, so the worker closes at once
when the request body was taken from the connection whole, gunicorn holds no bytes read ahead of it and
the kernel holds none unread, as nginx's default `lingering_close on` decides; in every other case
gunicorn's graceful close runs as before. Under the bench's mixed load the wait held a worker 3.1-3.4 ms on
average after every response (p95 12-13 ms), about a quarter of its busy time.

What this gives up: bytes a client sends after its request has been answered (a pipelining client writing
its next request late) meet a closed socket and a reset. The gateway's only peers are ingress-nginx and
Prometheus (deploy/k8s/base/gateway/networkpolicy.yaml), which send nothing more on a connection answered
with ``Connection: close``.

An idle worker waits for connections in an epoll of its own with the listener registered ``EPOLLEXCLUSIVE``
(as nginx does without its accept mutex): a new connection wakes one idle worker, where gunicorn's
``select()`` wakes every idle worker and all but one find nothing to accept.
"""

from __future__ import annotations

import array
import fcntl
import os
import select
import socket
import termios
from typing import Any

from gunicorn.http.body import LengthReader
from gunicorn.workers import sync


def request_read_whole(req: Any) -> bool:
    """The request's body (none counts as empty) has been taken from the connection to its last byte.

    gunicorn gives a request without a body a LengthReader of length 0 and counts a LengthReader down as the
    application reads; a chunked body (ChunkedReader) is never taken as read whole here."""
    reader = req.body.reader
    return isinstance(reader, LengthReader) and reader.length == 0


def bytes_queued(client: socket.socket) -> int:
    """Bytes the kernel holds for this socket that nobody has read (FIONREAD), without blocking."""
    queued = array.array("i", [0])
    fcntl.ioctl(client.fileno(), termios.FIONREAD, queued)
    return queued[0]


def bytes_read_ahead(req: Any) -> int:
    """Bytes gunicorn took from the socket beyond this request (the start of a pipelined one)."""
    return len(req.unreader.buf.getvalue())


class SyncWorker(sync.SyncWorker):
    def run(self) -> None:
        # made here, in the worker after the fork; gunicorn's loop calls wait() below with it
        self._poller = select.epoll()
        self._waiting_on: dict[int, Any] = {}
        for waitable in self.wait_fds:  # the listeners and the pipe that signals write to
            fd = waitable if isinstance(waitable, int) else waitable.fileno()
            exclusive = select.EPOLLEXCLUSIVE if fd != self.PIPE[0] else 0
            self._poller.register(fd, select.EPOLLIN | exclusive)
            self._waiting_on[fd] = waitable
        super().run()

    def wait(self, timeout: float) -> list[Any]:
        """gunicorn's wait (the listeners ready, or the pipe after a signal), on the worker's epoll."""
        self.notify()
        ready = [self._waiting_on[fd] for fd, _ in self._poller.poll(timeout)]
        if self.PIPE[0] in ready:
            os.read(self.PIPE[0], 1)
        return ready

    def handle_request(self, listener: Any, req: Any, client: socket.socket, addr: Any) -> None:
        super().handle_request(listener, req, client, addr)
        if request_read_whole(req) and not bytes_read_ahead(req) and not bytes_queued(client):
            # The FIN goes out now; gunicorn's close_graceful then finds the socket closed and returns.
            client.close()
