import { Message } from "./message";
import { BytesMessage } from "./bytes-message";
import type { BytesMessageFacade, MessageFacade, TextMessageFacade } from "./message-facade";
import { TextMessage } from "./text-message";

/** The JMS message object for a facade the provider decoded. */
export function wrapFacade(facade: MessageFacade): Message {
  switch (facade.kind) {
    case "text":
      return new TextMessage(facade as TextMessageFacade);
    case "bytes":
      return new BytesMessage(facade as BytesMessageFacade);
    case "message":
      return new Message(facade);
  }
}
