"""A real SMTP server on a free port (aiosmtpd) that can refuse the first N
messages (a temporary error unless told: `refuse_with`), and stall before
answering the first ones (a worker killed while it waits sends nothing), for
tests of delivery and retries."""

import asyncio
import socket
import threading
import time
from email import message_from_bytes, policy

from aiosmtpd.controller import Controller

TEMPORARY = "451 4.3.0 Try again later"
PERMANENT = "550 5.1.1 Mailbox unavailable"


class Recorder:
    def __init__(self, refuse_first: int = 0):
        self.refuse_left = refuse_first
        self.refuse_with = TEMPORARY
        self.messages = []
        self.refused = 0
        # When each message's data arrived (time.monotonic()), kept or not.
        self.arrivals = []
        # Stalling: the next `stall_left` messages wait, unanswered, until
        # `release` is set (or `stall_seconds` passed), then are refused
        # with the temporary error; `stalled` is set as the first waits.
        self.stall_left = 0
        self.stall_seconds = 10.0
        self.stalled = threading.Event()
        self.release = threading.Event()
        self.lock = threading.Lock()

    def reset(self) -> None:
        """Nothing received, refused nor stalled; accepting everything."""
        with self.lock:
            self.messages.clear()
            self.arrivals.clear()
            self.refused = self.refuse_left = self.stall_left = 0
            self.refuse_with = TEMPORARY
            self.stalled.clear()
            self.release.clear()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.arrivals.append(time.monotonic())
            stall = self.stall_left > 0
            if stall:
                self.stall_left -= 1
        if stall:
            self.stalled.set()
            deadline = time.monotonic() + self.stall_seconds
            while not self.release.is_set() and time.monotonic() < deadline:
                await asyncio.sleep(0.05)
            return TEMPORARY
        with self.lock:
            if self.refuse_left > 0:
                self.refuse_left -= 1
                self.refused += 1
                return self.refuse_with
            self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"


class SMTPServer:
    def __init__(self, refuse_first: int = 0):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.recorder = Recorder(refuse_first)
        self.controller = Controller(self.recorder, hostname="127.0.0.1", port=self.port)

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc):
        self.recorder.release.set()
        self.controller.stop()

    @property
    def messages(self):
        return self.recorder.messages
