/** JMS delivery modes [JMS 2.0 4.8]; the numbers are Java's, so ported code keeps its constants. */
export const DeliveryMode = {
  NON_PERSISTENT: 1,
  PERSISTENT: 2,
} as const;

export type DeliveryModeValue = (typeof DeliveryMode)[keyof typeof DeliveryMode];
