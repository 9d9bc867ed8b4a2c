import type { Target } from "../../harness/target";
import {
  INSTALL_SCRIPT,
  QPID_BROKER_J,
  QPID_BROKER_J_READY,
  qpidBrokerJInitialConfig,
  qpidBrokerJNative,
  tarballPath,
} from "../java/index";
import { containerTarget, dockerfile } from "./container-target";

/**
 * Qpid Broker-J in a container (`brokers/containers/qpid-broker-j/Dockerfile`), built from the native
 * target's tarball and initial config, with its capabilities and naming.
 */
export function qpidBrokerJContainer(): Target {
  return containerTarget(qpidBrokerJNative(), {
    image: () => ({
      broker: QPID_BROKER_J.name,
      dockerfile: dockerfile(QPID_BROKER_J.name),
      files: [
        { path: tarballPath(QPID_BROKER_J), missing: `run ${INSTALL_SCRIPT}` },
        { path: qpidBrokerJInitialConfig(), missing: "the native target's initial config is missing" },
      ],
      buildArgs: { QPID_VERSION: QPID_BROKER_J.version },
    }),
    ready: QPID_BROKER_J_READY,
  });
}
