import { Message } from "./message";
import type { MessageFacade, TextMessageFacade } from "./message-facade";
import { TextMessage } from "./text-message";

/** The JMS message object for a facade the provider decoded. */
export function wrapFacade(facade: MessageFacade): Message {
  switch (facade.kind) {
    case "text":
      return new TextMessage(facade as TextMessageFacade);
    case "message":
      return new Message(facade);
  }
}
