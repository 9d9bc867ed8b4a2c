import { type AmqpValue, decodeHeaderAndProperties } from "@jms-ts/codec";
import { JMS_DEST_ANNOTATION } from "../transport/amqp-symbols";
import { AddressError } from "./address-resolver";
import { type NodeKind, nodeKindOfDestinationType } from "./node-kind";

/** Where an anonymous-relay message goes: its `to`, and the node kind its annotation names, if any. */
export interface RelayAddress {
  readonly address: string;
  readonly kind: NodeKind | undefined;
}

/**
 * Reads the destination of a message sent on the anonymous relay from its raw bytes [AMQP 3.2.4 to;
 * qpid-jms 2.3 x-opt-jms-dest]; the body is never decoded.
 * @throws AddressError not-found without a `to`; AmqpDecodeError when the sections are malformed.
 */
export function relayAddress(bytes: Buffer): RelayAddress {
  const sections = decodeHeaderAndProperties(bytes);
  const address = sections.properties?.to;
  if (address === undefined || address.length === 0) {
    throw new AddressError(
      "not-found",
      "a message sent on the anonymous relay needs properties.to naming its destination",
    );
  }
  const entry = sections.messageAnnotations?.find(([key]) => isSymbol(key, JMS_DEST_ANNOTATION));
  return { address, kind: nodeKindOfDestinationType(byteValue(entry?.[1])) };
}

function isSymbol(value: AmqpValue, name: string): boolean {
  return (value.type === "symbol" || value.type === "string") && value.value === name;
}

function byteValue(value: AmqpValue | undefined): number | undefined {
  return value?.type === "byte" || value?.type === "ubyte" ? value.value : undefined;
}
