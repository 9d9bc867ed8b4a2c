import type { ConformanceCase } from "../harness/conformance-case";
import { protonInteropCases } from "./interop-proton";
import { qpidJmsInteropCases } from "./interop-qpid-jms";
import { qpidJmsAllKindsCases } from "./interop-qpid-jms-all-kinds";
import { bytesCases } from "./bytes-cases";
import { mapCases } from "./map-cases";
import { streamCases } from "./stream-cases";
import { propertyCases } from "./property-cases";
import { queueCases } from "./queue-cases";
import { routingCases } from "./routing-cases";
import { topicCases } from "./topic-cases";
import { destinationCases } from "./destination-cases";
import { producerCases } from "./producer-cases";
import { consumerCases } from "./consumer-cases";
import { connectionCases } from "./connection-cases";
import { contextCases } from "./context-cases";
import { selectorCases } from "./selector-cases";
import { transactionCases } from "./transaction-cases";
import { subscriptionCases } from "./subscription-cases";
import { qpidJmsFeatureCases } from "./interop-qpid-jms-features";
import { persistenceCases } from "./persistence-cases";

/** Every case, in matrix order. Later issues add their files here. */
export const allCases: ConformanceCase[] = [
  ...connectionCases,
  ...queueCases,
  ...topicCases,
  ...routingCases,
  ...destinationCases,
  ...producerCases,
  ...consumerCases,
  ...contextCases,
  ...propertyCases,
  ...bytesCases,
  ...mapCases,
  ...streamCases,
  ...selectorCases,
  ...transactionCases,
  ...subscriptionCases,
  ...persistenceCases,
  ...protonInteropCases,
  ...qpidJmsInteropCases,
  ...qpidJmsAllKindsCases,
  ...qpidJmsFeatureCases,
];
