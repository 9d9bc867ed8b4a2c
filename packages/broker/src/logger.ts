/** Where the broker reports what happened. The library is silent by default; the CLI logs to stderr. */
export interface BrokerLogger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export const silentLogger: BrokerLogger = { info() {}, warn() {}, error() {} };

export const consoleLogger: BrokerLogger = {
  info: (message) => console.error(`[info] ${message}`),
  warn: (message) => console.error(`[warn] ${message}`),
  error: (message) => console.error(`[error] ${message}`),
};
