import { defaultConnectionOptions, type JmsOptions } from "./connection-options";
import type { Destination } from "./destinations";

/**
 * How a connection's producers send (docs/decisions/0011): Qpid JMS's `jms.*` send options plus our
 * byte window (jms.producerWindowBytes), read once per connection from its URI.
 */
export interface SendPolicy {
  /** jms.forceSyncSend: every send waits for the broker's outcome. */
  readonly forceSyncSend: boolean;
  /** jms.forceAsyncSend: every send resolves once written; failures go to the ExceptionListener. */
  readonly forceAsyncSend: boolean;
  /** jms.sendTimeout in ms; 0 waits forever (Qpid JMS's -1 is accepted as the same). */
  readonly sendTimeoutMs: number;
  /** jms.populateJMSXUserID: user-id carries the authenticated user name. */
  readonly populateJMSXUserID: boolean;
  /** The user name the connection authenticated with, for populateJMSXUserID. */
  readonly username: string | undefined;
  /** jms.producerWindowBytes: written-but-unsettled bytes a producer allows before sends wait. */
  readonly producerWindowBytes: number;
  /** jms.closeTimeout: how long close() waits for incomplete asynchronous sends; 0 waits forever. */
  readonly closeTimeoutMs: number;
  /** jms.presettlePolicy.*: whether a producer for this destination (null: anonymous) sends settled. */
  presettle(destination: Destination | null): boolean;
}

/** The producers' view of a connection's jms.* options; `username` is who the connection authenticated as. */
export function sendPolicyOf(jms: JmsOptions, username?: string): SendPolicy {
  const p = jms.presettlePolicy;
  const all = p.presettleAll || p.presettleProducers;
  const topics = all || p.presettleTopicProducers;
  const queues = all || p.presettleQueueProducers;
  return {
    forceSyncSend: jms.forceSyncSend,
    forceAsyncSend: jms.forceAsyncSend,
    sendTimeoutMs: jms.sendTimeout,
    populateJMSXUserID: jms.populateJMSXUserID,
    username: username ?? jms.username,
    producerWindowBytes: jms.producerWindowBytes,
    closeTimeoutMs: jms.closeTimeout,
    // An anonymous producer sends to both kinds: settled only when every producer is.
    presettle: (destination) => (destination === null ? all : destination.kind === "topic" ? topics : queues),
  };
}

/** Qpid JMS's defaults: sync persistent sends, no timeout, 1 MiB window, nothing presettled. */
export const DEFAULT_SEND_POLICY: SendPolicy = sendPolicyOf(defaultConnectionOptions().jms);
