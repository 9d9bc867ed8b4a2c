import { amqp } from "@jms-ts/codec";
import { describe, expect, it } from "vitest";
import { ProviderError } from "../provider-error";
import { toAmqpId, toJmsId } from "./amqp-message-id";

const uuidBytes = Buffer.from("0123456789abcdef0123456789abcdef", "hex");

describe("[qpid-jms 2.5] message-id mapping", () => {
  it.each([
    [amqp.string("ID:abc"), "ID:abc"],
    [amqp.string("abc"), "ID:AMQP_NO_PREFIX:abc"],
    [amqp.string("ID:AMQP_UUID:x"), "ID:AMQP_STRING:ID:AMQP_UUID:x"],
    [amqp.uuid(uuidBytes), "ID:AMQP_UUID:01234567-89ab-cdef-0123-456789abcdef"],
    [amqp.ulong(18446744073709551615n), "ID:AMQP_ULONG:18446744073709551615"],
    [amqp.binary(Buffer.from([0x0a, 0xff])), "ID:AMQP_BINARY:0AFF"],
  ])("an AMQP id reads as its JMS form and converts back unchanged (case %#)", (value, jms) => {
    expect(toJmsId(value)).toBe(jms);
    expect(toAmqpId(jms)).toEqual(value);
  });

  it("keeps an application correlation id without ID: as it is", () => {
    expect(toJmsId(amqp.string("order-7"), true)).toBe("order-7");
    expect(toAmqpId("order-7")).toEqual(amqp.string("order-7"));
  });

  it.each(["ID:AMQP_UUID:nope", "ID:AMQP_ULONG:-1", "ID:AMQP_BINARY:ABC"])("rejects malformed %s", (id) => {
    expect(() => toAmqpId(id)).toThrow(ProviderError);
  });
});
