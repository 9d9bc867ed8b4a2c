import type { ProviderError } from "./provider-error";
import type { InboundDelivery } from "./provider";

/** What a provider tells the JMS layer without being asked. */
export interface ProviderListener {
  onInboundMessage(delivery: InboundDelivery): void;
  /** The connection is lost for good; every resource on it is gone. */
  onConnectionFailure(error: ProviderError): void;
  /** The broker closed one consumer or producer while the connection stays up. */
  onRemoteClose(kind: "consumer" | "producer", id: string, error: ProviderError): void;
}
