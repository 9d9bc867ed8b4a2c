import { beforeEach, describe, expect, it } from "vitest";
import { PeerFixture } from "../../../test/support/peer-fixture";
import type { RecordedAttach, ScriptedPeer } from "../../../test/support/scripted-peer";
import {
  ConnectionFactory,
  IllegalStateException,
  InvalidDestinationException,
  JMSException,
  type Session,
} from "../../index";

// Durable and shared subscriptions on the wire [qpid-jms 2.6, 2.7]: link names, source terminus,
// detach with or without closing, the unsubscribe lookup and the SHARED-SUBS check, frame by frame.

const fixture = new PeerFixture();
let peer: ScriptedPeer;
beforeEach(() => {
  peer = fixture.peer;
});

const WITH_ID = "jms.clientID=client-1";

async function session(query = ""): Promise<Session> {
  const connection = await fixture.connect(query);
  await connection.start();
  return connection.createSession();
}

function receiverAttaches(): RecordedAttach[] {
  return peer.attaches.filter((a) => a.role === "receiver");
}

function described(value: unknown): unknown {
  const inner = (value as { value: unknown }).value;
  return inner !== null && typeof inner === "object" && "value" in inner ? inner.value : inner;
}

type PeerLink = { remote: { detach?: { closed?: boolean } } };

/** The peer's end of the link the client named `name`, kept to read the detach it receives. */
function findLink(name: string): PeerLink | undefined {
  for (const open of peer.opens) {
    const connection = open.connection as unknown as {
      find_link(f: (l: { name: string }) => boolean): unknown;
    };
    const link = connection.find_link((l) => l.name === name);
    if (link) return link as PeerLink;
  }
  return undefined;
}

function peerLink(name: string): PeerLink {
  const link = findLink(name);
  if (!link) throw new Error(`the peer has no link named ${name}`);
  return link;
}

async function detachOf(name: string, link = peerLink(name)): Promise<{ closed?: boolean }> {
  return peer.waitFor(`the detach of ${name}`, () => link.remote.detach);
}

describe("[qpid-jms 2.7] unshared durable subscriptions", () => {
  it("attach: link name = subscription name; source durable unsettled-state, expiry never, copy, topic capability, filters", async () => {
    const s = await session(`${WITH_ID}&jms.prefetchPolicy.durableTopicPrefetch=7&jms.consumerWindowBytes=0`);
    const consumer = await s.createDurableSubscriber(s.createTopic("news"), "sub", "colour = 'red'", true);
    const [attach] = receiverAttaches();
    expect(attach).toMatchObject({
      name: "sub",
      source: {
        address: "news",
        capabilities: ["topic"],
        durable: 2,
        expiryPolicy: "never",
        distributionMode: "copy",
        outcomes: ["amqp:accepted:list", "amqp:rejected:list", "amqp:released:list", "amqp:modified:list"],
      },
      sndSettleMode: 0,
      rcvSettleMode: 0,
      desiredCapabilities: [],
    });
    expect(Object.keys(attach?.source?.filter ?? {}).sort()).toEqual(["jms-selector", "no-local"]);
    expect(described(attach?.source?.filter?.["jms-selector"])).toBe("colour = 'red'");
    expect(consumer.getMessageSelector()).toBe("colour = 'red'");
    // jms.prefetchPolicy.durableTopicPrefetch sets a durable subscriber's credit [qpid-jms 1.2].
    await peer.waitFor("credit 7", () => (peer.creditFor("news") === 7 ? true : undefined));
  });

  it("[qpid-jms 2.6] closing the consumer detaches with closed=false: the subscription stays", async () => {
    const s = await session(WITH_ID);
    const consumer = await s.createDurableConsumer(s.createTopic("news"), "kept");
    const link = peerLink("kept");
    await consumer.close();
    expect(await detachOf("kept", link)).toMatchObject({ closed: false });
  });

  it("[JMS 2.0 6.1.2] needs a ClientID the application set: IllegalStateException saying so, nothing attached", async () => {
    const s = await session();
    const creating = s.createDurableSubscriber(s.createTopic("news"), "sub");
    await expect(creating).rejects.toBeInstanceOf(IllegalStateException);
    await expect(creating).rejects.toThrow(/"sub" needs a ClientID/);
    expect(receiverAttaches()).toEqual([]);
  });

  it("a ClientID set with setClientID counts as set", async () => {
    const connection = await fixture.connect();
    await connection.setClientID("chosen");
    const s = await connection.createSession();
    await s.createDurableConsumer(s.createTopic("news"), "sub");
    expect(receiverAttaches().map((a) => a.name)).toEqual(["sub"]);
  });

  it("[JMS 2.0 8.3.2] a second consumer on this connection is refused before attaching, naming the subscription", async () => {
    const connection = await fixture.connect(WITH_ID);
    const topic = (await connection.createSession()).createTopic("news");
    await (await connection.createSession()).createDurableConsumer(topic, "only-one");
    const second = (await connection.createSession()).createDurableConsumer(topic, "only-one");
    await expect(second).rejects.toBeInstanceOf(IllegalStateException);
    await expect(second).rejects.toThrow(/"only-one" already has an active consumer/);
    expect(receiverAttaches()).toHaveLength(1);
  });

  it("[AMQP 2.8.15] the broker's amqp:resource-locked is an IllegalStateException naming the subscription", async () => {
    const s = await session(WITH_ID);
    peer.refuseAttach("news", { condition: "amqp:resource-locked", description: "in use elsewhere" });
    const creating = s.createDurableConsumer(s.createTopic("news"), "busy");
    await expect(creating).rejects.toBeInstanceOf(IllegalStateException);
    await expect(creating).rejects.toMatchObject({ errorCode: "amqp:resource-locked" });
    await expect(creating).rejects.toThrow(/durable subscription "busy".*in use elsewhere/);
    // The refusal freed the name: a later attempt attaches again.
    await s.createDurableConsumer(s.createTopic("news"), "busy");
    expect(receiverAttaches().map((a) => a.name)).toEqual(["busy", "busy"]);
  });

  it("refuses a queue and names with |", async () => {
    const s = await session(WITH_ID);
    const queue = s.createQueue("q") as unknown as ReturnType<Session["createTopic"]>;
    await expect(s.createDurableConsumer(queue, "sub")).rejects.toBeInstanceOf(InvalidDestinationException);
    await expect(s.createDurableConsumer(s.createTopic("t"), "a|b")).rejects.toThrow(/contains "\|"/);
    await expect(s.createDurableConsumer(s.createTopic("t"), "")).rejects.toBeInstanceOf(JMSException);
    expect(receiverAttaches()).toEqual([]);
  });
});

describe("[qpid-jms 2.7] shared subscriptions", () => {
  beforeEach(() => {
    peer.offeredCapabilities = ["SHARED-SUBS"];
  });

  it("shared durable with a ClientID: name, name|2; capabilities topic, shared; closed=false on close", async () => {
    const connection = await fixture.connect(WITH_ID);
    const one = await connection.createSession();
    const two = await connection.createSession();
    const first = await one.createSharedDurableConsumer(one.createTopic("news"), "sub");
    await two.createSharedDurableConsumer(two.createTopic("news"), "sub");
    const attaches = receiverAttaches();
    expect(attaches.map((a) => a.name)).toEqual(["sub", "sub|2"]);
    for (const attach of attaches) {
      expect(attach.source).toMatchObject({
        address: "news",
        capabilities: ["topic", "shared"],
        durable: 2,
        expiryPolicy: "never",
      });
      // The connection offered SHARED-SUBS: the link does not ask for it.
      expect(attach.desiredCapabilities).toEqual([]);
    }
    const link = peerLink("sub");
    await first.close();
    expect(await detachOf("sub", link)).toMatchObject({ closed: false });
  });

  it("shared durable without a ClientID is global: name|global, name|global2; capability global", async () => {
    const one = await session();
    const two = await session();
    await one.createSharedDurableConsumer(one.createTopic("news"), "sub");
    await two.createSharedDurableConsumer(two.createTopic("news"), "sub");
    // Two connections: each numbers its own consumers.
    expect(receiverAttaches().map((a) => a.name)).toEqual(["sub|global", "sub|global"]);
    await one.createSharedDurableConsumer(one.createTopic("news"), "sub");
    expect(receiverAttaches().map((a) => a.name)).toEqual(["sub|global", "sub|global", "sub|global2"]);
    expect(receiverAttaches()[0]?.source?.capabilities).toEqual(["topic", "shared", "global"]);
  });

  it("shared non-durable: name|volatileN with a ClientID, name|global-volatileN without; link-scoped; closed=true", async () => {
    const withId = await session(WITH_ID);
    const first = await withId.createSharedConsumer(withId.createTopic("news"), "sub", "a > 1");
    await withId.createSharedConsumer(withId.createTopic("news"), "sub", "a > 1");
    const global = await session();
    await global.createSharedConsumer(global.createTopic("news"), "sub");
    const attaches = receiverAttaches();
    expect(attaches.map((a) => a.name)).toEqual(["sub|volatile1", "sub|volatile2", "sub|global-volatile1"]);
    expect(attaches[0]?.source).toMatchObject({
      capabilities: ["topic", "shared"],
      durable: 0,
      expiryPolicy: "link-detach",
    });
    expect(attaches[0]?.source?.distributionMode).toBeUndefined();
    expect(described(attaches[0]?.source?.filter?.["jms-selector"])).toBe("a > 1");
    expect(attaches[2]?.source?.capabilities).toEqual(["topic", "shared", "global"]);
    const link = peerLink("sub|volatile1");
    await first.close();
    expect(await detachOf("sub|volatile1", link)).toMatchObject({ closed: true });
  });

  it("the numbering starts again once a subscription has no consumer on the connection", async () => {
    const s = await session(WITH_ID);
    const first = await s.createSharedDurableConsumer(s.createTopic("news"), "sub");
    await first.close();
    await s.createSharedDurableConsumer(s.createTopic("news"), "sub");
    expect(receiverAttaches().map((a) => a.name)).toEqual(["sub", "sub"]);
  });

  it("[JMS 2.0 8.3.3] shared consumers on one connection must agree on topic and selector", async () => {
    const s = await session(WITH_ID);
    await s.createSharedConsumer(s.createTopic("news"), "sub", "a > 1");
    await expect(s.createSharedConsumer(s.createTopic("news"), "sub", "a > 2")).rejects.toThrow(
      /shared subscription "sub" has active consumers with topic "news" and selector "a > 1"/,
    );
    await expect(s.createSharedConsumer(s.createTopic("other"), "sub", "a > 1")).rejects.toBeInstanceOf(
      IllegalStateException,
    );
    expect(receiverAttaches()).toHaveLength(1);
  });

  it("[JMS 2.0 8.3.4] a name used by an unshared durable subscription cannot be shared on the same connection", async () => {
    const s = await session(WITH_ID);
    await s.createDurableConsumer(s.createTopic("news"), "sub");
    await expect(s.createSharedDurableConsumer(s.createTopic("news"), "sub")).rejects.toBeInstanceOf(
      IllegalStateException,
    );
  });
});

describe("[qpid-jms 2.7] SHARED-SUBS negotiation", () => {
  it("without the connection capability the attach asks for it; offered on neither, the call fails and the link goes", async () => {
    const s = await session(WITH_ID);
    // The scripted peer offers nothing on links either: the client gives up, naming the missing capability.
    const creating = s.createSharedConsumer(s.createTopic("news"), "sub");
    await expect(creating).rejects.toBeInstanceOf(JMSException);
    await expect(creating).rejects.toThrow(/does not support shared subscriptions.*SHARED-SUBS/);
    expect(receiverAttaches()[0]?.desiredCapabilities).toEqual(["SHARED-SUBS"]);
    await peer.waitFor("the refused link's detach", () =>
      peer.detaches.includes("sub|volatile1") ? true : undefined,
    );
  });
});

describe("[qpid-jms 2.7] unsubscribe", () => {
  it("with a ClientID: a receiver named after the subscription with no source, then detach closed=true", async () => {
    const s = await session(WITH_ID);
    const removing = s.unsubscribe("sub");
    // Caught at the attach: rhea forgets the link right after its detach.
    const link = await peer.waitFor("the lookup link", () => findLink("sub"));
    await removing;
    const [attach] = receiverAttaches();
    expect(attach).toMatchObject({ name: "sub", source: null, desiredCapabilities: [] });
    expect(attach?.target).not.toBeNull();
    expect(await detachOf("sub", link)).toMatchObject({ closed: true });
  });

  it("without a ClientID: name|global, asking for the shared and global capabilities", async () => {
    const s = await session();
    await s.unsubscribe("sub");
    expect(receiverAttaches()[0]).toMatchObject({
      name: "sub|global",
      source: null,
      desiredCapabilities: ["shared", "global"],
    });
  });

  it("an unknown subscription (amqp:not-found) is an InvalidDestinationException", async () => {
    const s = await session(WITH_ID);
    peer.refuseAttach("nothing", { condition: "amqp:not-found", description: "no such subscription" });
    const removing = s.unsubscribe("nothing");
    await expect(removing).rejects.toBeInstanceOf(InvalidDestinationException);
    await expect(removing).rejects.toThrow(/unsubscribe of durable subscription "nothing"/);
  });

  it("[JMS 2.0 8.3.2] is refused while a consumer of the connection uses the subscription; allowed after close", async () => {
    const s = await session(WITH_ID);
    const consumer = await s.createDurableConsumer(s.createTopic("news"), "sub");
    await expect(s.unsubscribe("sub")).rejects.toBeInstanceOf(IllegalStateException);
    expect(receiverAttaches()).toHaveLength(1);
    await consumer.close();
    await s.unsubscribe("sub");
    expect(receiverAttaches().map((a) => a.source === null)).toEqual([false, true]);
  });
});

describe("[JMS 2.0 8.3] JMSContext", () => {
  it("createDurableConsumer, createSharedConsumer, createSharedDurableConsumer and unsubscribe", async () => {
    peer.offeredCapabilities = ["SHARED-SUBS"];
    const context = await new ConnectionFactory(peer.url(WITH_ID)).createContext();
    try {
      const topic = context.createTopic("news");
      const durable = await context.createDurableConsumer(topic, "d", "x = 1");
      await context.createSharedConsumer(topic, "s");
      await context.createSharedDurableConsumer(topic, "sd");
      expect(durable.getMessageSelector()).toBe("x = 1");
      await durable.close();
      await context.unsubscribe("d");
      expect(receiverAttaches().map((a) => a.name)).toEqual(["d", "s|volatile1", "sd", "d"]);
    } finally {
      await context.close();
    }
  });
});
