import { JMSException } from "../errors/jms-exception";

/** The `jms.*` options of a connection URI that the JMS layer understands (Qpid JMS's names). */
export interface JmsOptions {
  clientID?: string;
  /** Messages a consumer may hold ahead of the application. Default 1000. */
  prefetch: number;
}

const MAX_PREFETCH = 32767;

/**
 * Reads `jms.*` options from a URI's query; other prefixes belong to the provider. An unknown `jms.`
 * option is an error, not a silent no-op, so a typo cannot change behaviour unnoticed.
 */
export function parseJmsOptions(uri: string): JmsOptions {
  const query = uri.includes("?") ? uri.slice(uri.indexOf("?") + 1) : "";
  const options: JmsOptions = { prefetch: 1000 };
  for (const [key, value] of new URLSearchParams(query)) {
    if (!key.startsWith("jms.")) continue;
    switch (key) {
      case "jms.clientID":
        options.clientID = value;
        break;
      case "jms.prefetchPolicy.all":
      case "jms.prefetchPolicy.queuePrefetch":
        options.prefetch = parsePrefetch(key, value);
        break;
      default:
        throw new JMSException(
          `unknown connection option "${key}"; supported: jms.clientID, jms.prefetchPolicy.all, jms.prefetchPolicy.queuePrefetch`,
        );
    }
  }
  return options;
}

function parsePrefetch(key: string, value: string): number {
  const prefetch = Number(value);
  if (!/^\d+$/.test(value) || prefetch < 1 || prefetch > MAX_PREFETCH) {
    throw new JMSException(`${key} must be an integer from 1 to ${MAX_PREFETCH}, got "${value}"`);
  }
  return prefetch;
}
