import { firstIssueMessage } from '../model/issues';
import type { MessageType, ProtocolMap } from './protocol';
import { messageSchemas } from './schemas';
import { REJECTED_MESSAGE } from './rejection';
import { checkSender, type Self, type SenderInfo, type SenderKind } from './senders';

// Wraps a handler so it only ever runs for an allowed sender with valid data. A rejected message
// throws a clear error (the sender's promise rejects with it) and changes nothing.

export class RejectedMessage extends Error {
  override name = REJECTED_MESSAGE;
}

type Data<T extends MessageType> = Parameters<ProtocolMap[T]>[0];
type Reply<T extends MessageType> = ReturnType<ProtocolMap[T]>;

export interface GuardOptions {
  self: Self;
  /** Where rejections are reported (the background logs them). */
  onReject?: (type: MessageType, reason: string) => void;
}

export function guarded<T extends MessageType>(
  type: T,
  from: SenderKind,
  handler: (data: Data<T>, sender: SenderInfo) => Reply<T> | Promise<Reply<T>>,
  options: GuardOptions,
) {
  return async (message: { data: unknown; sender: SenderInfo }): Promise<Reply<T>> => {
    const verdict = checkSender(from, message.sender, options.self);
    if (!verdict.ok) {
      const reason = `${type} rejected: ${verdict.reason}`;
      options.onReject?.(type, reason);
      throw new RejectedMessage(reason);
    }
    const parsed = messageSchemas[type].safeParse(message.data);
    if (!parsed.success) {
      const reason = `${type} rejected: ${firstIssueMessage(parsed.error)}`;
      options.onReject?.(type, reason);
      throw new RejectedMessage(reason);
    }
    return handler(parsed.data as Data<T>, message.sender);
  };
}
