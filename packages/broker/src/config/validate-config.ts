import { EXPIRY_POLICIES, OVERFLOW_POLICIES, type QueueOptions } from "../queues/queue-options";
import { definedOnly } from "../defined-only";
import type { AutoCreationPolicy } from "../routing/auto-creation-policy";
import { type BindingArgument, type BindingOptions, EXCHANGE_TYPES } from "../routing/exchange-options";
import { PREDECLARED_EXCHANGES } from "../routing/virtual-host";
import { parsePasswordHash } from "../security/password-hash";
import { type AclRule, PERMISSIONS } from "../security/permission";
import type {
  BrokerConfig,
  BrokerLimits,
  ExchangeDeclaration,
  QueueDeclaration,
  UserDeclaration,
} from "./broker-config";
import { ConfigChecker, describe } from "./config-checker";

/** A config file the broker cannot use: every problem, one per line, each with its JSON path. */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

const TOP_LEVEL = [
  "queues",
  "exchanges",
  "bindings",
  "users",
  "allowAnonymous",
  "acl",
  "nodeAutoCreationPolicies",
  "queueDefaults",
  "limits",
] as const;
const QUEUE_OPTIONS = [
  "durable",
  "exclusive",
  "autoDelete",
  "maxLength",
  "maxBytes",
  "overflow",
  "deadLetterQueue",
  "maxDeliveryAttempts",
  "messageTtlMs",
  "expiry",
] as const;
const LIMITS: ReadonlyArray<[keyof BrokerLimits, number]> = [
  ["maxConnections", 1],
  ["maxSessionsPerConnection", 1],
  ["maxLinksPerConnection", 1],
  ["idleTimeoutMs", 0],
  ["maxMessageSize", 1],
  ["maxFrameSize", 512],
];

/**
 * Checks a parsed config file strictly: unknown keys, wrong types and ranges, duplicate names, bindings or
 * dead-letter queues naming nothing declared, malformed password hashes and patterns.
 * @param source the file name, shown in front of every problem.
 * @throws ConfigError listing every problem found.
 */
export function validateBrokerConfig(value: unknown, source: string): BrokerConfig {
  const check = new ConfigChecker();
  const root = check.object(value, "$", TOP_LEVEL);
  const config: BrokerConfig = {};
  if (root) {
    const queues = listOf(check, root["queues"], "$.queues", queueDeclaration);
    const exchanges = listOf(check, root["exchanges"], "$.exchanges", exchangeDeclaration);
    const bindings = listOf(check, root["bindings"], "$.bindings", binding);
    const users = listOf(check, root["users"], "$.users", user);
    const acl = listOf(check, root["acl"], "$.acl", aclRule);
    const policies = listOf(check, root["nodeAutoCreationPolicies"], "$.nodeAutoCreationPolicies", policy);
    const allowAnonymous = check.boolean(root["allowAnonymous"], "$.allowAnonymous");
    const queueDefaults =
      root["queueDefaults"] === undefined
        ? undefined
        : queueOptions(check, root["queueDefaults"], "$.queueDefaults", []);
    const limits = root["limits"] === undefined ? undefined : brokerLimits(check, root["limits"]);
    Object.assign(
      config,
      definedOnly({ queues, exchanges, bindings, users, acl, allowAnonymous, queueDefaults, limits }),
      policies === undefined ? {} : { nodeAutoCreationPolicies: policies },
    );
    checkReferences(check, config);
  }
  if (check.problems.length > 0) {
    throw new ConfigError(check.problems.map((problem) => `${source}: ${problem}`).join("\n"));
  }
  return config;
}

function listOf<T>(
  check: ConfigChecker,
  value: unknown,
  path: string,
  item: (check: ConfigChecker, value: unknown, path: string) => T | undefined,
): T[] | undefined {
  const list = check.array(value, path);
  if (!list) return undefined;
  return list.flatMap((entry, index) => {
    const checked = item(check, entry, `${path}[${index}]`);
    return checked === undefined ? [] : [checked];
  });
}

function queueOptions(
  check: ConfigChecker,
  value: unknown,
  path: string,
  extra: readonly string[],
): QueueOptions | undefined {
  const o = check.object(value, path, [...extra, ...QUEUE_OPTIONS]);
  if (!o) return undefined;
  return definedOnly({
    durable: check.boolean(o["durable"], `${path}.durable`),
    exclusive: check.boolean(o["exclusive"], `${path}.exclusive`),
    autoDelete: check.boolean(o["autoDelete"], `${path}.autoDelete`),
    maxLength: check.wholeNumber(o["maxLength"], `${path}.maxLength`, 1),
    maxBytes: check.wholeNumber(o["maxBytes"], `${path}.maxBytes`, 1),
    overflow: check.oneOf(o["overflow"], `${path}.overflow`, OVERFLOW_POLICIES),
    deadLetterQueue:
      o["deadLetterQueue"] === undefined
        ? undefined
        : check.name(o["deadLetterQueue"], `${path}.deadLetterQueue`),
    maxDeliveryAttempts: check.wholeNumber(o["maxDeliveryAttempts"], `${path}.maxDeliveryAttempts`, 1),
    messageTtlMs: check.wholeNumber(o["messageTtlMs"], `${path}.messageTtlMs`, 1),
    expiry: check.oneOf(o["expiry"], `${path}.expiry`, EXPIRY_POLICIES),
  });
}

function queueDeclaration(check: ConfigChecker, value: unknown, path: string): QueueDeclaration | undefined {
  const options = queueOptions(check, value, path, ["name"]);
  const name = options && check.name((value as Record<string, unknown>)["name"], `${path}.name`);
  return options && name !== undefined ? { name, ...options } : undefined;
}

function exchangeDeclaration(
  check: ConfigChecker,
  value: unknown,
  path: string,
): ExchangeDeclaration | undefined {
  const o = check.object(value, path, ["name", "type", "durable", "autoDelete", "alternateExchange"]);
  if (!o) return undefined;
  const name = check.name(o["name"], `${path}.name`);
  if (name?.startsWith("amq."))
    check.problem(
      `${path}.name`,
      `"${name}": names starting "amq." are reserved for the predeclared exchanges`,
    );
  const type = check.oneOf(o["type"], `${path}.type`, EXCHANGE_TYPES, true);
  const options = definedOnly({
    durable: check.boolean(o["durable"], `${path}.durable`),
    autoDelete: check.boolean(o["autoDelete"], `${path}.autoDelete`),
    alternateExchange:
      o["alternateExchange"] === undefined
        ? undefined
        : check.name(o["alternateExchange"], `${path}.alternateExchange`),
  });
  return name === undefined || type === undefined ? undefined : { name, type, ...options };
}

function binding(check: ConfigChecker, value: unknown, path: string): BindingOptions | undefined {
  const o = check.object(value, path, ["exchange", "queue", "key", "arguments"]);
  if (!o) return undefined;
  const exchange = check.name(o["exchange"], `${path}.exchange`);
  const queue = check.name(o["queue"], `${path}.queue`);
  const key =
    o["key"] === undefined
      ? undefined
      : typeof o["key"] === "string"
        ? o["key"]
        : check.problem(`${path}.key`, `must be a string, got ${describe(o["key"])}`);
  const args =
    o["arguments"] === undefined ? undefined : bindingArguments(check, o["arguments"], `${path}.arguments`);
  if (exchange === undefined || queue === undefined) return undefined;
  return { exchange, queue, ...definedOnly({ key, arguments: args }) };
}

function bindingArguments(
  check: ConfigChecker,
  value: unknown,
  path: string,
): Record<string, BindingArgument> | undefined {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    return check.problem(path, `must be an object of strings, numbers and booleans, got ${describe(value)}`);
  }
  const args: Record<string, BindingArgument> = {};
  for (const [name, argument] of Object.entries(value)) {
    if (typeof argument !== "string" && typeof argument !== "number" && typeof argument !== "boolean") {
      check.problem(`${path}.${name}`, `must be a string, number or boolean, got ${describe(argument)}`);
    } else {
      args[name] = argument;
    }
  }
  if (args["x-match"] !== undefined) check.oneOf(args["x-match"], `${path}.x-match`, ["all", "any"]);
  return args;
}

function user(check: ConfigChecker, value: unknown, path: string): UserDeclaration | undefined {
  const o = check.object(value, path, ["name", "passwordHash", "password"]);
  if (!o) return undefined;
  if (o["password"] !== undefined) {
    return check.problem(
      `${path}.password`,
      "config files hold no passwords: give passwordHash instead, made by `jms-broker hash-password`",
    );
  }
  const name = check.string(o["name"], `${path}.name`, true);
  const passwordHash = check.string(o["passwordHash"], `${path}.passwordHash`, true);
  if (passwordHash !== undefined) {
    try {
      parsePasswordHash(passwordHash);
    } catch (error) {
      return check.problem(`${path}.passwordHash`, (error as Error).message);
    }
  }
  return name === undefined || passwordHash === undefined ? undefined : { name, passwordHash };
}

function aclRule(check: ConfigChecker, value: unknown, path: string): AclRule | undefined {
  const o = check.object(value, path, ["user", "allow", "queues", "exchanges"]);
  if (!o) return undefined;
  const userName = check.string(o["user"], `${path}.user`, true);
  const allow =
    check.array(o["allow"], `${path}.allow`) ??
    check.problem(`${path}.allow`, `is required: a list of ${PERMISSIONS.join(", ")}`);
  const permissions = (allow ?? []).flatMap(
    (p, i) => check.oneOf(p, `${path}.allow[${i}]`, PERMISSIONS) ?? [],
  );
  const queues = check.pattern(o["queues"], `${path}.queues`);
  const exchanges = check.pattern(o["exchanges"], `${path}.exchanges`);
  if (userName === undefined || allow === undefined) return undefined;
  return { user: userName, allow: permissions, ...definedOnly({ queues, exchanges }) };
}

function policy(check: ConfigChecker, value: unknown, path: string): AutoCreationPolicy | undefined {
  const o = check.object(value, path, [
    "pattern",
    "nodeType",
    "exchangeType",
    "createdOnPublish",
    "createdOnConsume",
    "queueOptions",
  ]);
  if (!o) return undefined;
  const pattern = check.pattern(o["pattern"], `${path}.pattern`, true);
  const nodeType = check.oneOf(o["nodeType"], `${path}.nodeType`, ["queue", "exchange"] as const, true);
  const options = definedOnly({
    exchangeType: check.oneOf(o["exchangeType"], `${path}.exchangeType`, EXCHANGE_TYPES),
    createdOnPublish: check.boolean(o["createdOnPublish"], `${path}.createdOnPublish`),
    createdOnConsume: check.boolean(o["createdOnConsume"], `${path}.createdOnConsume`),
    queueOptions:
      o["queueOptions"] === undefined
        ? undefined
        : queueOptions(check, o["queueOptions"], `${path}.queueOptions`, []),
  });
  return pattern === undefined || nodeType === undefined ? undefined : { pattern, nodeType, ...options };
}

function brokerLimits(check: ConfigChecker, value: unknown): BrokerLimits | undefined {
  const o = check.object(
    value,
    "$.limits",
    LIMITS.map(([name]) => name),
  );
  if (!o) return undefined;
  return definedOnly(
    Object.fromEntries(
      LIMITS.map(([name, min]) => [name, check.wholeNumber(o[name], `$.limits.${name}`, min)]),
    ),
  );
}

/** Names declared once; bindings, dead-letter queues and alternate exchanges naming what exists. */
function checkReferences(check: ConfigChecker, config: BrokerConfig): void {
  const queues = new Set<string>();
  config.queues?.forEach(({ name }, i) => {
    if (queues.has(name)) check.problem(`$.queues[${i}].name`, `"${name}" is declared twice`);
    queues.add(name);
  });
  const exchanges = new Set<string>(PREDECLARED_EXCHANGES.map(([name]) => name));
  config.exchanges?.forEach(({ name }, i) => {
    if (exchanges.has(name) && !name.startsWith("amq."))
      check.problem(`$.exchanges[${i}].name`, `"${name}" is declared twice`);
    exchanges.add(name);
  });
  const known = (set: Set<string>, what: string) => `${what}: ${[...set].join(", ") || "none"}`;
  config.bindings?.forEach((b, i) => {
    if (!exchanges.has(b.exchange))
      check.problem(
        `$.bindings[${i}].exchange`,
        `no exchange "${b.exchange}" (${known(exchanges, "declared or predeclared")})`,
      );
    if (!queues.has(b.queue))
      check.problem(`$.bindings[${i}].queue`, `no queue "${b.queue}" (${known(queues, "declared")})`);
  });
  const deadLetter = (name: string | undefined, path: string) => {
    if (name !== undefined && !queues.has(name))
      check.problem(path, `no queue "${name}" is declared to take dead letters`);
  };
  config.queues?.forEach((q, i) => deadLetter(q.deadLetterQueue, `$.queues[${i}].deadLetterQueue`));
  deadLetter(config.queueDefaults?.deadLetterQueue, "$.queueDefaults.deadLetterQueue");
  config.exchanges?.forEach((e, i) => {
    if (e.alternateExchange !== undefined && !exchanges.has(e.alternateExchange)) {
      check.problem(`$.exchanges[${i}].alternateExchange`, `no exchange "${e.alternateExchange}"`);
    }
  });
  const users = new Set<string>();
  config.users?.forEach(({ name }, i) => {
    if (users.has(name)) check.problem(`$.users[${i}].name`, `"${name}" is declared twice`);
    users.add(name);
  });
}
