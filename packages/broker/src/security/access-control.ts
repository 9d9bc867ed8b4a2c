import type { AclRule, Permission } from "./permission";

/** A node as access rules name it. */
export interface AccessNode {
  readonly kind: "queue" | "exchange";
  readonly name: string;
}

interface CompiledRule {
  readonly user: string;
  readonly allow: ReadonlySet<Permission>;
  readonly queues: RegExp | undefined;
  readonly exchanges: RegExp | undefined;
}

/**
 * Per-user permissions on queues and exchanges, checked at attach. No rules: everyone may do everything
 * (the embedded default). With rules: a request is allowed when some rule for the user (or `*`) allows the
 * permission on a node its patterns match, and refused otherwise.
 */
export class AccessControl {
  private readonly rules: readonly CompiledRule[];

  /** @throws Error naming the rule and pattern when a pattern is not a regular expression. */
  constructor(rules: readonly AclRule[] = []) {
    this.rules = rules.map((rule, index) => ({
      user: rule.user,
      allow: new Set(rule.allow),
      queues: compile(rule.queues, index, "queues"),
      exchanges: compile(rule.exchanges, index, "exchanges"),
    }));
  }

  /** Whether anything is restricted at all. */
  get enabled(): boolean {
    return this.rules.length > 0;
  }

  allows(user: string | undefined, permission: Permission, node: AccessNode): boolean {
    if (this.rules.length === 0) return true;
    return this.rules.some(
      (rule) =>
        (rule.user === "*" || rule.user === user) && rule.allow.has(permission) && matches(rule, node),
    );
  }

  /** The refusal text: who, what, on which node. */
  describeRefusal(user: string | undefined, permission: Permission, node: AccessNode): string {
    const who = user === undefined ? "an anonymous connection" : `user "${user}"`;
    return `${who} may not ${permission} on ${node.kind} "${node.name}" (access rules)`;
  }
}

function matches(rule: CompiledRule, node: AccessNode): boolean {
  if (rule.queues === undefined && rule.exchanges === undefined) return true;
  const pattern = node.kind === "queue" ? rule.queues : rule.exchanges;
  return pattern !== undefined && pattern.test(node.name);
}

function compile(pattern: string | undefined, index: number, field: string): RegExp | undefined {
  if (pattern === undefined) return undefined;
  try {
    return new RegExp(`^(?:${pattern})$`);
  } catch (error) {
    throw new Error(
      `acl[${index}].${field}: "${pattern}" is not a regular expression: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
}
