import type { QueueOptions } from "../queues/queue-options";
import type { AutoCreationPolicy } from "../routing/auto-creation-policy";
import type { BindingOptions, ExchangeOptions } from "../routing/exchange-options";
import type { AclRule } from "../security/permission";

export interface QueueDeclaration extends QueueOptions {
  name: string;
}

export interface ExchangeDeclaration extends ExchangeOptions {
  name: string;
}

export interface UserDeclaration {
  name: string;
  /** `SCRAM-SHA-256$…`, made by `jms-broker hash-password`; the password itself is never stored. */
  passwordHash: string;
}

/** Caps that keep one client from taking the broker's resources; absent means the default. */
export interface BrokerLimits {
  /** Open connections at once; unlimited by default. */
  maxConnections?: number;
  /** Sessions per connection (advertised as channel-max); unlimited by default. */
  maxSessionsPerConnection?: number;
  /** Links per connection; unlimited by default. */
  maxLinksPerConnection?: number;
  /** Advertised idle time-out; a silent peer is closed after twice this. Default 60000. */
  idleTimeoutMs?: number;
  /** Largest message in bytes. Default 104857600 (100 MiB). */
  maxMessageSize?: number;
  /** Largest frame in bytes [AMQP 2.7.1], at least 512. Default 1048576. */
  maxFrameSize?: number;
}

/** A broker configuration file (docs/broker/configuration.md). */
export interface BrokerConfig {
  queues?: QueueDeclaration[];
  exchanges?: ExchangeDeclaration[];
  bindings?: BindingOptions[];
  users?: UserDeclaration[];
  /** Offer SASL ANONYMOUS although users are configured. */
  allowAnonymous?: boolean;
  acl?: AclRule[];
  nodeAutoCreationPolicies?: AutoCreationPolicy[];
  /** Options every queue starts from. */
  queueDefaults?: QueueOptions;
  limits?: BrokerLimits;
}
