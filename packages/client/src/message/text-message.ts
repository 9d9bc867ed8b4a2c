import { facadeOf, Message } from "./message";
import type { TextMessageFacade } from "./message-facade";

/** A message whose body is a string [JMS 2.0 3.13]. */
export class TextMessage extends Message {
  constructor(facade: TextMessageFacade) {
    super(facade);
  }

  getText(): string | null {
    return this.textFacade.getText();
  }

  /** @throws MessageNotWriteableException on a received message until `clearBody()`. */
  setText(text: string | null): void {
    this.checkWritable();
    this.textFacade.setText(text);
  }

  private get textFacade(): TextMessageFacade {
    return facadeOf(this) as TextMessageFacade;
  }
}
