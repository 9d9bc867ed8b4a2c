import type { Target, Via } from "../harness/target";
import { bundledTarget } from "./bundled";
import { artemisContainer, qpidBrokerJContainer } from "./container/index";
import { externalTarget } from "./external";
import { artemisNative, qpidBrokerJNative } from "./java/index";
import { protonBrokerTarget } from "./proton-broker";
import { rabbitmqTarget } from "./rabbitmq";

/**
 * Every target the suite knows, in matrix order. Java brokers appear once per way of running them.
 * Add a target by adding its factory here.
 */
export function allTargets(): Target[] {
  return [
    bundledTarget,
    qpidBrokerJNative(),
    qpidBrokerJContainer(),
    artemisNative(),
    artemisContainer(),
    rabbitmqTarget,
    protonBrokerTarget,
    externalTarget(),
  ];
}

/** Targets chosen by `--target` names (all when empty) and `--via`. */
export function selectTargets(names: string[], via: Via | undefined): Target[] {
  const all = allTargets();
  const known = new Set(all.map((t) => t.name));
  const unknown = names.filter((name) => !known.has(name));
  if (unknown.length)
    throw new Error(`unknown target ${unknown.join(", ")}; known: ${[...known].join(", ")}`);
  return all.filter((t) => (names.length === 0 || names.includes(t.name)) && (!via || t.via === via));
}
