import type { Target } from "../../harness/target";
import {
  ARTEMIS,
  ARTEMIS_CREATE_FLAGS,
  ARTEMIS_READY,
  INSTALL_SCRIPT,
  artemisBrokerXml,
  artemisNative,
  tarballPath,
} from "../java/index";
import { containerTarget, dockerfile } from "./container-target";

/**
 * ActiveMQ Artemis in a container (`brokers/containers/artemis/Dockerfile`): an instance made at image build
 * time with the native target's `artemis create` flags and broker.xml, with its capabilities and naming.
 */
export function artemisContainer(): Target {
  return containerTarget(artemisNative(), {
    image: () => ({
      broker: ARTEMIS.name,
      dockerfile: dockerfile(ARTEMIS.name),
      files: [
        { path: tarballPath(ARTEMIS), missing: `run ${INSTALL_SCRIPT}` },
        { path: artemisBrokerXml(), missing: "the native target's broker.xml is missing" },
      ],
      buildArgs: { ARTEMIS_VERSION: ARTEMIS.version, ARTEMIS_CREATE_FLAGS: ARTEMIS_CREATE_FLAGS.join(" ") },
    }),
    ready: ARTEMIS_READY,
  });
}
