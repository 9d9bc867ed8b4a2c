// The Java brokers run in containers through testcontainers (`--via container`); see container-target.ts.
export { artemisContainer } from "./artemis";
export { containerTarget, type BrokerTraits, type ContainerSpec } from "./container-target";
export { qpidBrokerJContainer } from "./qpid-broker-j";
