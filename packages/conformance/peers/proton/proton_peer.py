"""Independent AMQP 1.0 peer for the interop tests: Qpid Proton (Python) sends or receives
messages and prints, as JSON lines, exactly what it decoded, so proton-interop.test.ts can
check our client against a second implementation. Run with /usr/bin/python3 (python3-qpid-proton).

  proton_peer.py send URL ADDRESS BODY [--count N] [--timeout S] [--user U --password P]
  proton_peer.py receive URL ADDRESS [--count N] [--timeout S] [--user U --password P]

Without --user it authenticates with SASL ANONYMOUS, with it PLAIN (allowed over plain TCP for tests).

Exit codes: 0 done, 1 timeout or rejected/failed delivery, 2 connection error.
"""

import argparse
import json
import sys

from proton import Message
from proton.handlers import MessagingHandler
from proton.reactor import Container


def emit(obj):
    print(json.dumps(obj, default=str), flush=True)


def type_name(value):
    return type(value).__name__


class Peer(MessagingHandler):
    """Shared plumbing: connect, overall timeout, error reporting, exit code."""

    def __init__(self, args, **kwargs):
        super().__init__(**kwargs)
        self.args = args
        self.exit_code = None
        self.connection = None

    def on_start(self, event):
        event.container.schedule(self.args.timeout, self)
        if self.args.user is None:
            credentials = {"allowed_mechs": "ANONYMOUS"}
        else:
            credentials = {
                "allowed_mechs": "PLAIN",
                "allow_insecure_mechs": True,
                "user": self.args.user,
                "password": self.args.password or "",
            }
        self.connection = event.container.connect(self.args.url, reconnect=False, **credentials)
        self.open_link(event.container, self.connection)

    def finish(self, event, code, error=None):
        if self.exit_code is not None:
            return
        if error is not None:
            emit({"error": error})
        self.exit_code = code
        if code == 0 and self.connection is not None:
            self.connection.close()  # stop once the broker confirms the close
        else:
            event.container.stop()

    def on_connection_closed(self, event):
        event.container.stop()

    def on_timer_task(self, event):
        self.finish(event, 1, f"timeout after {self.args.timeout}s")

    def on_transport_error(self, event):
        self.on_disconnected(event)

    def on_disconnected(self, event):
        cond = event.transport.condition if event.transport else None
        self.finish(event, 2, f"disconnected: {cond.name}: {cond.description}" if cond else "disconnected")

    def on_connection_error(self, event):
        cond = event.connection.remote_condition
        self.finish(event, 2, f"connection: {cond.name}: {cond.description}" if cond else "connection")

    def on_session_error(self, event):
        self.finish(event, 1, f"session: {event.session.remote_condition}")

    def on_link_error(self, event):
        self.finish(event, 1, f"link: {event.link.remote_condition}")


class Sender(Peer):
    def __init__(self, args):
        super().__init__(args)
        self.sent = 0
        self.accepted = 0

    def open_link(self, container, connection):
        container.create_sender(connection, self.args.address)

    def on_sendable(self, event):
        count = self.args.count
        while event.sender.credit > 0 and self.sent < count:
            body = self.args.body if count == 1 else f"{self.args.body}-{self.sent}"
            event.sender.send(Message(body=body, durable=True))
            self.sent += 1

    def on_accepted(self, event):
        self.accepted += 1
        if self.accepted == self.args.count:
            emit({"sent": self.accepted})
            self.finish(event, 0)

    def on_rejected(self, event):
        self.finish(event, 1, f"rejected: {event.delivery.remote.condition}")

    def on_released(self, event):
        self.finish(event, 1, f"released (state {event.delivery.remote_state})")


class Receiver(Peer):
    def __init__(self, args):
        # Grant exactly --count credits so no extra message is taken from the queue.
        super().__init__(args, prefetch=0, auto_accept=False)
        self.received = 0

    def open_link(self, container, connection):
        container.create_receiver(connection, self.args.address).flow(self.args.count)

    def on_message(self, event):
        if self.received >= self.args.count:
            return
        m = event.message
        annotations = m.annotations or {}
        emit(
            {
                "body": m.body,
                "body_type": type_name(m.body),
                "annotations": {
                    str(k): {"value": v, "type": type_name(v)} for k, v in annotations.items()
                },
                "durable": m.durable,
                "id": None if m.id is None else str(m.id),
                "id_type": type_name(m.id),
                "to": m.address,
                "creation_time": m.creation_time,
                "priority": m.priority,
                "delivery_count": m.delivery_count,
                "properties": {str(k): str(v) for k, v in (m.properties or {}).items()},
            }
        )
        self.accept(event.delivery)
        self.received += 1
        if self.received == self.args.count:
            self.finish(event, 0)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    send = sub.add_parser("send")
    receive = sub.add_parser("receive")
    for p in (send, receive):
        p.add_argument("url")
        p.add_argument("address")
    send.add_argument("body")
    for p in (send, receive):
        p.add_argument("--count", type=int, default=1)
        p.add_argument("--timeout", type=float, default=10.0)
        p.add_argument("--user")
        p.add_argument("--password")
    args = parser.parse_args()

    peer = Sender(args) if args.command == "send" else Receiver(args)
    try:
        Container(peer).run()
    except Exception as e:  # noqa: BLE001 - report anything as a JSON line
        emit({"error": f"{type_name(e)}: {e}"})
        sys.exit(2)
    if peer.exit_code is None:
        emit({"error": "container stopped before completion"})
        sys.exit(2)
    sys.exit(peer.exit_code)


if __name__ == "__main__":
    main()
