/** Sent as the `version` open property; kept in step with package.json (a test checks). */
export const CLIENT_VERSION = "0.1.0";
