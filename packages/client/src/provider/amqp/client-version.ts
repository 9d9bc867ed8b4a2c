/** Sent as the `version` open property; kept in step with package.json (a test checks). */
export { CLIENT_VERSION } from "../../version";
