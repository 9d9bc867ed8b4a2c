import { CLIENT_VERSION } from "../version";

/**
 * What `Connection.getMetaData()` reports [JMS 2.0 6.1.7, javax.jms.ConnectionMetaData]. The JMS
 * version is the API this package follows (JMS 2.0), not Qpid JMS 2.x's Jakarta 3.1.
 */
export class ConnectionMetaData {
  /** The JMSX properties the provider supports, in the order JMS lists them. */
  private static readonly JMSX_PROPERTY_NAMES: readonly string[] = [
    "JMSXUserID",
    "JMSXGroupID",
    "JMSXGroupSeq",
    "JMSXDeliveryCount",
  ];

  getJMSVersion(): string {
    return "2.0";
  }
  getJMSMajorVersion(): number {
    return 2;
  }
  getJMSMinorVersion(): number {
    return 0;
  }
  getJMSProviderName(): string {
    return "jms-ts";
  }
  getProviderVersion(): string {
    return CLIENT_VERSION;
  }
  getProviderMajorVersion(): number {
    return versionPart(0);
  }
  getProviderMinorVersion(): number {
    return versionPart(1);
  }
  /** An iterable of names, as `Enumeration` is in Java. */
  getJMSXPropertyNames(): string[] {
    return [...ConnectionMetaData.JMSX_PROPERTY_NAMES];
  }
}

function versionPart(index: number): number {
  return Number(CLIENT_VERSION.split(".")[index] ?? 0);
}
