"""The listening server: a thread per connection, and what every handler shares."""

from __future__ import annotations

import socket
import socketserver
import threading
from http.server import ThreadingHTTPServer

from reference_server.operations import Operations
from reference_server.options import Options
from reference_server.routes import Router
from reference_server.teams import Teams
from reference_server.traffic import Traffic
from reference_server.wire import Handler, NoDelayHandler


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 1024  # socketserver's 5 refuses a benchmark's burst of connections

    def __init__(self, address: tuple[str, int], options: Options, teams: Teams) -> None:
        self.address_family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        self.options = options
        self.teams = teams
        self.traffic = Traffic()
        self.stopping = threading.Event()  # set once: a held request may end
        self.router = Router(Operations(options).handlers(), options.base_path)
        super().__init__(address, NoDelayHandler if options.nodelay else Handler)

    def server_bind(self) -> None:
        """Bind without HTTPServer's reverse DNS lookup of the host (slow, and useless here)."""
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = str(self.server_address[0]), self.server_address[1]

    @property
    def base_url(self) -> str:
        host, port = str(self.server_address[0]), self.server_address[1]
        shown = f"[{host}]" if ":" in host else host
        return f"http://{shown}:{port}{self.options.base_path}"
