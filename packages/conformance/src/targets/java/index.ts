// The Java brokers (Qpid Broker-J, ActiveMQ Artemis) as targets, and the pieces a container variant reuses:
// distributions, config files, command lines, ready lines, capabilities.
export {
  ARTEMIS,
  ARTEMIS_CAPABILITIES,
  ARTEMIS_CREATE_FLAGS,
  ARTEMIS_FAILURES,
  ARTEMIS_LIMITATIONS,
  ARTEMIS_READY,
  artemisBrokerXml,
  artemisCreateArgs,
  artemisNative,
  artemisRunEnv,
} from "./artemis";
export {
  brokerConfigFile,
  brokerHome,
  conformanceRoot,
  INSTALL_SCRIPT,
  tarballPath,
  type BrokerDistribution,
} from "./broker-install";
export type { FailureLine } from "../process/ready";
export { requireJava, type NativeBrokerOptions } from "./native-broker";
export {
  QPID_BROKER_J,
  QPID_BROKER_J_CAPABILITIES,
  QPID_BROKER_J_FAILURES,
  QPID_BROKER_J_LIMITATIONS,
  QPID_BROKER_J_READY,
  qpidBrokerJInitialConfig,
  qpidBrokerJJavaArgs,
  qpidBrokerJNative,
  type QpidBrokerJLaunch,
} from "./qpid-broker-j";
