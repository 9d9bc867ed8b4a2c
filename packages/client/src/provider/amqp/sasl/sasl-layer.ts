import type { Connection } from "rhea";
import type { SaslMechanismName } from "../../../jms/connection-options";
import {
  chooseMechanism,
  createMechanism,
  type RheaClientMechanism,
  type SaslCredentials,
} from "./sasl-negotiator";

/** What happened in the SASL layer, for the error message when the connection does not open. */
export interface SaslState {
  /** The mechanism chosen, once the server listed its own. */
  mechanism?: SaslMechanismName;
  /** The server's sasl-mechanisms. */
  offered?: string[];
  /** Why the client gave up (no common mechanism, a bad server signature, ...). */
  failure?: string;
  /** The sasl-outcome code when it was not ok [AMQP 5.3.3.6]. */
  outcomeCode?: number;
}

interface SaslFrame {
  performative: { sasl_server_mechanisms?: unknown; code?: number; additional_data?: Buffer };
}

/** rhea's SASL client transport, as far as we touch it [rhea lib/sasl.js SaslClient]. */
interface RheaSaslClient {
  mechanisms: Record<string, () => RheaClientMechanism>;
  mechanism?: RheaClientMechanism;
  on_sasl_mechanisms(frame: SaslFrame): void;
  on_sasl_outcome(frame: SaslFrame): void;
}

/**
 * Every mechanism name we know, so rhea builds its SASL client; the real choice is made by
 * `installSasl` once the server's list is known (rhea alone takes the server's first match).
 */
export function saslPlaceholders(allowed: readonly SaslMechanismName[]): Record<string, () => never> {
  const fail = (): never => {
    throw new Error("SASL mechanism chosen before installSasl");
  };
  return Object.fromEntries(allowed.map((name) => [name, fail]));
}

/**
 * Takes over mechanism choice and outcome handling of a just-created rhea client connection: the
 * strongest mechanism both sides allow [qpid-jms 2.3], and SCRAM's server signature checked on success.
 */
export function installSasl(connection: Connection, credentials: SaslCredentials): SaslState {
  const state: SaslState = {};
  const transport = (connection as unknown as { sasl_transport?: RheaSaslClient }).sasl_transport;
  if (!transport) return state;
  const fail = (why: string) => {
    state.failure = why;
    (connection as unknown as { sasl_failed(text: string): void }).sasl_failed(why);
  };
  const onMechanisms = transport.on_sasl_mechanisms.bind(transport);
  transport.on_sasl_mechanisms = (frame) => {
    const raw = frame.performative.sasl_server_mechanisms;
    const offered = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).map(String);
    state.offered = offered;
    const chosen = chooseMechanism(offered, credentials);
    if (!chosen) {
      fail(noMechanism(offered, credentials));
      return;
    }
    state.mechanism = chosen;
    const mechanism = createMechanism(chosen, credentials);
    transport.mechanisms = { [chosen]: () => mechanism };
    onMechanisms({ performative: { sasl_server_mechanisms: [chosen] } });
  };
  const onOutcome = transport.on_sasl_outcome.bind(transport);
  transport.on_sasl_outcome = (frame) => {
    const code = frame.performative.code ?? 0;
    if (code !== 0) state.outcomeCode = code;
    onOutcome(frame);
    if (code !== 0) return;
    try {
      transport.mechanism?.outcome?.(frame.performative.additional_data);
    } catch (error) {
      fail(error instanceof Error ? error.message : String(error));
    }
  };
  return state;
}

function noMechanism(offered: string[], credentials: SaslCredentials): string {
  const usable = credentials.username !== undefined ? "credentials" : "no credentials";
  return (
    `no SASL mechanism in common: the server offers ${offered.join(", ") || "none"}, ` +
    `the client allows ${credentials.allowed.join(", ")} (with ${usable}` +
    `${credentials.hasClientCertificate ? " and a client certificate" : ""})`
  );
}
