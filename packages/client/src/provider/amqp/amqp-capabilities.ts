/** The capabilities a peer offered in its open or attach [AMQP 2.7.1, 2.7.3], as an array of names. */
export function offeredCapabilities(endpoint: { remote?: { open?: unknown; attach?: unknown } }): string[] {
  const performative = (endpoint.remote?.open ?? endpoint.remote?.attach) as
    { offered_capabilities?: unknown } | undefined;
  const value = performative?.offered_capabilities;
  if (typeof value === "string") return [value];
  return Array.isArray(value) ? value.map(String) : [];
}
