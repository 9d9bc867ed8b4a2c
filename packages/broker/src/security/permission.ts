/**
 * What a user may do with a queue or an exchange, checked at attach:
 * `send` (a producer link to it), `consume` (a consumer link; on an exchange, a subscription),
 * `browse` (a QueueBrowser: distribution-mode copy), `manage` (declare it, including creation on attach by an
 * auto-creation policy, and delete it).
 */
export type Permission = "send" | "consume" | "browse" | "manage";

export const PERMISSIONS: readonly Permission[] = ["send", "consume", "browse", "manage"];

/**
 * One access rule. With no rules at all every user may do everything; with rules, what no rule allows is
 * refused with amqp:unauthorized-access.
 */
export interface AclRule {
  /** A user name, or `*` for every authenticated user (and anonymous connections). */
  user: string;
  allow: Permission[];
  /** Regular expression over queue names (whole name); when neither this nor `exchanges` is given, all. */
  queues?: string;
  /** Regular expression over exchange names (whole name). */
  exchanges?: string;
}
