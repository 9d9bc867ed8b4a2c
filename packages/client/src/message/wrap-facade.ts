import { Message } from "./message";
import { BytesMessage } from "./bytes-message";
import { MapMessage } from "./map-message";
import type {
  BytesMessageFacade,
  MapMessageFacade,
  MessageFacade,
  ObjectMessageFacade,
  StreamMessageFacade,
  TextMessageFacade,
} from "./message-facade";
import { ObjectMessage } from "./object-message";
import { StreamMessage } from "./stream-message";
import { TextMessage } from "./text-message";

/** The JMS message object for a facade the provider decoded. */
export function wrapFacade(facade: MessageFacade): Message {
  switch (facade.kind) {
    case "text":
      return new TextMessage(facade as TextMessageFacade);
    case "bytes":
      return new BytesMessage(facade as BytesMessageFacade);
    case "map":
      return new MapMessage(facade as MapMessageFacade);
    case "stream":
      return new StreamMessage(facade as StreamMessageFacade);
    case "object":
      return new ObjectMessage(facade as ObjectMessageFacade);
    case "message":
      return new Message(facade);
  }
}
