import type { Session } from "rhea";
import type { Destination } from "../../jms/destinations";
import { ProviderError } from "../provider-error";
import { AmqpProducer, type LinkSendOptions, type ProducerLinkSpec } from "./amqp-producer";

/** Qpid JMS's amqp.anonymousFallbackCacheSize default: one cached per-destination link. */
export const DEFAULT_FALLBACK_CACHE_SIZE = 1;

/**
 * An anonymous producer on a broker without ANONYMOUS-RELAY [qpid-jms 2.6]: a link per destination,
 * attached on first send. The most recently used `cacheSize` links stay open; older ones close once their
 * sends have settled (0 closes each link after its send). Qpid JMS also closes idle cached links after
 * 30 s; we keep them until evicted or the producer closes (docs/decisions/0011).
 */
export class AmqpAnonymousFallback {
  /** By destination, least recently used first (Map keeps insertion order). */
  private readonly links = new Map<string, Promise<AmqpProducer>>();
  private readonly closing = new Set<Promise<void>>();
  private linkCount = 0;
  private closedWith: ProviderError | undefined;

  constructor(
    private readonly session: Session,
    private readonly spec: Omit<ProducerLinkSpec, "destination" | "sourceAddress"> & { producerId: string },
    private readonly cacheSize = DEFAULT_FALLBACK_CACHE_SIZE,
  ) {}

  async send(destination: Destination, bytes: Buffer, options: LinkSendOptions): Promise<void> {
    if (this.closedWith) throw this.closedWith;
    const key = `${destination.kind}:${destination.address}`;
    let link = this.links.get(key);
    if (link) this.links.delete(key);
    else link = this.attach(key, destination);
    this.links.set(key, link);
    const producer = await link;
    try {
      await producer.send(bytes, options);
    } finally {
      this.trim();
    }
  }

  async close(): Promise<void> {
    this.closedWith ??= new ProviderError("illegal-state", "the producer is closed");
    const links = [...this.links.values()];
    this.links.clear();
    await Promise.allSettled([...links.map(async (link) => (await link).close()), ...this.closing]);
  }

  fail(error: ProviderError): void {
    this.closedWith ??= error;
    for (const link of this.links.values())
      void link.then(
        (producer) => producer.fail(error),
        () => undefined,
      );
    this.links.clear();
  }

  private attach(key: string, destination: Destination): Promise<AmqpProducer> {
    // Each link gets a source address of its own, so a link name is never reused while one closes.
    const sourceAddress = `${this.spec.producerId}:${++this.linkCount}`;
    const attaching = AmqpProducer.attach(this.session, { ...this.spec, sourceAddress, destination }, () => {
      if (this.links.get(key) === attaching) this.links.delete(key);
    });
    attaching.catch(() => {
      if (this.links.get(key) === attaching) this.links.delete(key);
    });
    return attaching;
  }

  /** Closes the least recently used links beyond the cache size once their sends have settled. */
  private trim(): void {
    while (this.links.size > this.cacheSize) {
      const [key, link] = this.links.entries().next().value as [string, Promise<AmqpProducer>];
      this.links.delete(key);
      const closing = link
        .then(async (producer) => {
          await producer.idle();
          await producer.close();
        })
        .catch(() => undefined);
      this.closing.add(closing);
      void closing.finally(() => this.closing.delete(closing));
    }
  }
}
