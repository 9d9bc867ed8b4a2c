import { JMSException } from "../errors/jms-exception";
import type { MapMessageFacade } from "./message-facade";
import { facadeOf, Message } from "./message";
import { bytesValue, charValue, convertMapValue, type MapObject, type MapValue } from "./map-value";
import { fromObject, typed } from "./property-value";

/**
 * A message whose body is a set of named, typed values [JMS 2.0 3.10]; reads follow the JMS conversion
 * table. Longs are bigint, chars one-character strings, bytes Buffers. Written on the wire as an AMQP map
 * with string keys, as Qpid JMS does.
 */
export class MapMessage extends Message {
  constructor(facade: MapMessageFacade) {
    super(facade);
  }

  getMapNames(): string[] {
    return this.mapFacade.getNames();
  }
  itemExists(name: string): boolean {
    return this.mapFacade.getEntry(name) !== undefined;
  }

  getBoolean(name: string): boolean {
    return this.read(name, "boolean") as boolean;
  }
  getByte(name: string): number {
    return this.read(name, "byte") as number;
  }
  getShort(name: string): number {
    return this.read(name, "short") as number;
  }
  getChar(name: string): string {
    return this.read(name, "char") as string;
  }
  getInt(name: string): number {
    return this.read(name, "int") as number;
  }
  getLong(name: string): bigint {
    return this.read(name, "long") as bigint;
  }
  getFloat(name: string): number {
    return this.read(name, "float") as number;
  }
  getDouble(name: string): number {
    return this.read(name, "double") as number;
  }
  getString(name: string): string | null {
    return this.read(name, "string") as string | null;
  }
  /** A copy of the bytes, or null when absent. */
  getBytes(name: string): Buffer | null {
    return this.read(name, "bytes") as Buffer | null;
  }
  getObject(name: string): MapObject | null {
    const entry = this.mapFacade.getEntry(name);
    return entry === undefined ? null : entry.type === "bytes" ? Buffer.from(entry.value) : entry.value;
  }

  setBoolean(name: string, value: boolean): void {
    this.write(name, typed("boolean", value));
  }
  setByte(name: string, value: number): void {
    this.write(name, typed("byte", value));
  }
  setShort(name: string, value: number): void {
    this.write(name, typed("short", value));
  }
  setChar(name: string, value: string): void {
    this.write(name, charValue(value));
  }
  setInt(name: string, value: number): void {
    this.write(name, typed("int", value));
  }
  setLong(name: string, value: bigint | number): void {
    this.write(name, typed("long", value));
  }
  setFloat(name: string, value: number): void {
    this.write(name, typed("float", value));
  }
  setDouble(name: string, value: number): void {
    this.write(name, typed("double", value));
  }
  setString(name: string, value: string): void {
    this.write(name, typed("string", value));
  }
  setBytes(name: string, value: Uint8Array, offset = 0, length = value.length - offset): void {
    this.write(name, bytesValue(value.subarray(offset, offset + length)));
  }
  /** Typed as setObjectProperty types numbers; a Uint8Array is bytes. */
  setObject(name: string, value: MapObject): void {
    this.write(name, value instanceof Uint8Array ? bytesValue(value) : fromObject(value));
  }

  private read(name: string, as: MapValue["type"]): MapObject | null {
    return convertMapValue(name, this.mapFacade.getEntry(name), as);
  }

  private write(name: string, value: MapValue): void {
    this.checkWritable();
    if (typeof name !== "string" || name.length === 0)
      throw new JMSException("a map entry needs a non-empty name");
    this.mapFacade.setEntry(name, value);
  }

  private get mapFacade(): MapMessageFacade {
    return facadeOf(this) as MapMessageFacade;
  }
}
