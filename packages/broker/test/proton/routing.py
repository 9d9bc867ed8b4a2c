"""Qpid Proton (Python) as an independent publisher and consumer for the broker's exchange routing test
(routing-proton.test.ts). It runs a plan, then prints one JSON line and exits.

  routing.py URL PLAN_JSON [--timeout S]

PLAN_JSON is {"publish": [MESSAGE...], "consume": [QUEUE...]}, each MESSAGE
{"target": ADDRESS, "id": ID, "subject"?: S, "properties"?: {K: V}, "annotations"?: {K: V}}: the id is the
message-id and the body. Messages are sent one at a time, each after the previous one is settled, so every
queue receives them in plan order. Then each queue is read with a receiver that drains it [AMQP 2.6.7]
(credit with drain set; the broker sends what the queue holds and then gives back the rest of the credit),
accepting every message.

Output: {"outcomes": {ID: "accepted"|"released"|"rejected"|"modified"}, "queues": {QUEUE: [ID...]}}
or {"error": "..."}. SASL ANONYMOUS. Exit codes: 0 done, 1 timeout or link error, 2 connection error.
"""

import argparse
import json
import sys

from proton import Message, symbol
from proton.handlers import MessagingHandler
from proton.reactor import Container

# A drain asks for up to this many messages per queue; more on one queue would be a test bug.
DRAIN_CREDIT = 1000


def emit(obj):
    print(json.dumps(obj), flush=True)


def build(item):
    annotations = {symbol(k): v for k, v in (item.get("annotations") or {}).items()}
    return Message(
        id=item["id"],
        body=item["id"],
        durable=True,
        subject=item.get("subject"),
        properties=item.get("properties") or None,
        annotations=annotations or None,
    )


class Routing(MessagingHandler):
    def __init__(self, url, plan, timeout):
        # prefetch=0: credit is granted only by the drains below, never by the default flow controller.
        super().__init__(prefetch=0, auto_accept=True)
        self.url = url
        self.publish = plan["publish"]
        self.consume = plan["consume"]
        self.timeout = timeout
        self.connection = None
        self.senders = {}
        self.next = 0  # index of the next message to send
        self.in_flight = None  # (sender name, delivery tag, id) of the unsettled message
        self.outcomes = {}
        self.receivers = {}  # link name -> queue
        self.queues = {}
        self.drained = set()
        self.exit_code = None

    def on_start(self, event):
        event.container.schedule(self.timeout, self)
        self.connection = event.container.connect(self.url, reconnect=False, allowed_mechs="ANONYMOUS")
        for target in dict.fromkeys(item["target"] for item in self.publish):
            self.senders[target] = event.container.create_sender(self.connection, target)
        if not self.publish:
            self.start_consuming(event.container)

    # Publishing: one message at a time, in plan order.

    def on_sendable(self, event):
        self.pump()

    def pump(self):
        if self.in_flight is not None or self.next >= len(self.publish):
            return
        item = self.publish[self.next]
        sender = self.senders[item["target"]]
        if sender.credit <= 0:
            return  # on_sendable calls again once the broker grants credit
        delivery = sender.send(build(item))
        self.in_flight = (sender.name, delivery.tag, item["id"])
        self.next += 1

    def settled(self, event, outcome):
        link, tag, ident = self.in_flight or (None, None, None)
        if (event.link.name, event.delivery.tag) != (link, tag):
            return self.fail(event, 1, f"outcome {outcome} for a delivery not in flight")
        self.outcomes[ident] = outcome
        self.in_flight = None
        if self.next < len(self.publish):
            self.pump()
        else:
            self.start_consuming(event.container)

    def on_accepted(self, event):
        self.settled(event, "accepted")

    def on_released(self, event):
        self.settled(event, "modified" if event.delivery.remote_state == event.delivery.MODIFIED else "released")

    def on_rejected(self, event):
        self.settled(event, "rejected")

    # Consuming: drain every queue.

    def start_consuming(self, container):
        for sender in self.senders.values():
            sender.close()
        for queue in self.consume:
            self.queues[queue] = []
            receiver = container.create_receiver(self.connection, queue)
            self.receivers[receiver.name] = queue
            receiver.drain(DRAIN_CREDIT)
        if not self.consume:
            self.done(None)

    def on_message(self, event):
        self.queues[self.receivers[event.receiver.name]].append(event.message.id)

    def on_link_flow(self, event):
        # MessagingHandler's child handlers get this event too (on_sendable comes from them).
        link = event.link
        if not link.is_receiver or link.name not in self.receivers or link.name in self.drained:
            return
        # The broker's drain answer: all credit used or given back, so every message it held has arrived.
        if link.credit == 0 and not link.draining():
            self.drained.add(link.name)
            link.close()
            if len(self.drained) == len(self.receivers):
                self.done(event)

    # Ending.

    def done(self, event):
        emit({"outcomes": self.outcomes, "queues": self.queues})
        self.exit_code = 0
        self.connection.close()

    def fail(self, event, code, error):
        if self.exit_code is not None:
            return
        emit({"error": error})
        self.exit_code = code
        event.container.stop()

    def on_connection_closed(self, event):
        event.container.stop()

    def on_timer_task(self, event):
        if self.exit_code is None:
            self.fail(event, 1, f"timeout after {self.timeout}s (sent {self.next}, drained {len(self.drained)})")

    def on_transport_error(self, event):
        self.on_disconnected(event)

    def on_disconnected(self, event):
        if self.exit_code is not None:
            return
        cond = event.transport.condition if event.transport else None
        self.fail(event, 2, f"disconnected: {cond.name}: {cond.description}" if cond else "disconnected")

    def on_connection_error(self, event):
        cond = event.connection.remote_condition
        self.fail(event, 2, f"connection: {cond.name}: {cond.description}" if cond else "connection")

    def on_link_error(self, event):
        cond = event.link.remote_condition
        self.fail(event, 1, f"link {event.link.name}: {cond.name}: {cond.description}" if cond else "link")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url")
    parser.add_argument("plan")
    parser.add_argument("--timeout", type=float, default=15.0)
    args = parser.parse_args()
    handler = Routing(args.url, json.loads(args.plan), args.timeout)
    try:
        Container(handler).run()
    except Exception as e:  # noqa: BLE001 - report anything as a JSON line
        emit({"error": f"{type(e).__name__}: {e}"})
        sys.exit(2)
    if handler.exit_code is None:
        emit({"error": "container stopped before completion"})
        sys.exit(2)
    sys.exit(handler.exit_code)


if __name__ == "__main__":
    main()
