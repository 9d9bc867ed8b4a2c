/** The package version: sent as the `version` open property and reported by ConnectionMetaData. */
export const CLIENT_VERSION = "0.1.0";
