import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { ConsoleState } from './state.ts';
import { createTypingReporter } from './typing.ts';
import { ATTACHMENT_TYPES, exampleAttachment, readAttachmentsText, type AttachmentType } from './attachment-examples.ts';

interface Attachment {
  name: string;
  imageId: string;
}

/** The agent's reply: text, optional quick replies and image; typing_on/off follow the agent's keystrokes. */
export function Composer(props: { state: ConsoleState; disabled: boolean; uploadImage: (file: File) => Promise<string> }) {
  const { state } = props;
  const [text, setText] = useState('');
  const [quickReplies, setQuickReplies] = useState('');
  const [image, setImage] = useState<Attachment | null>(null);
  const [problem, setProblem] = useState('');
  const [markdown, setMarkdown] = useState(false);
  const [attachments, setAttachments] = useState('');
  const fileInput = useRef<HTMLInputElement>(null);
  const typing = useMemo(() => createTypingReporter((on) => state.typing(on)), [state]);
  useEffect(() => () => typing.dispose(), [typing]);

  const send = () => {
    let list: unknown[] | undefined;
    try {
      list = readAttachmentsText(attachments);
    } catch (error) {
      return setProblem(error instanceof Error ? error.message : String(error));
    }
    if (!text.trim() && !image && !list) return;
    // typing_off first: the customer's typing indicator goes before the message arrives.
    typing.stop();
    const ok = state.sendText(text.trim(), {
      quickReplies: quickReplies.split(','),
      ...(image ? { imageId: image.imageId } : {}),
      markdown,
      ...(list ? { attachments: list } : {}),
    });
    if (!ok) return setProblem('Not sent: the console is not connected.');
    setText('');
    setQuickReplies('');
    setImage(null);
    setAttachments('');
    setProblem('');
  };

  /** Appends an example of `type` to the attachments list, keeping what the agent wrote there. */
  const addAttachment = (type: AttachmentType) => {
    let list: unknown[] = [];
    try {
      list = readAttachmentsText(attachments) ?? [];
    } catch (error) {
      return setProblem(error instanceof Error ? error.message : String(error));
    }
    setAttachments(JSON.stringify([...list, exampleAttachment(type, location.origin)], null, 1));
  };

  const sendInfo = () => {
    if (!text.trim()) return;
    typing.stop();
    if (!state.sendInfo(text.trim())) return setProblem('Not sent: the console is not connected.');
    setText('');
    setProblem('');
  };

  const attach = async (file: File | undefined) => {
    if (!file) return;
    setProblem('Uploading the image…');
    try {
      setImage({ name: file.name, imageId: await props.uploadImage(file) });
      setProblem('');
    } catch (error) {
      setProblem(error instanceof Error ? error.message : 'The upload failed.');
    }
    if (fileInput.current) fileInput.current.value = '';
  };

  return (
    <form
      class="composer"
      aria-label="Reply"
      onSubmit={(e) => {
        e.preventDefault();
        send();
      }}
    >
      <label class="reply">
        Reply
        <textarea
          value={text}
          rows={3}
          disabled={props.disabled}
          onInput={(e) => {
            setText(e.currentTarget.value);
            typing.input(e.currentTarget.value);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.shiftKey) {
              e.preventDefault();
              send();
            }
          }}
        />
      </label>
      <label>
        Quick replies (comma separated)
        <input value={quickReplies} disabled={props.disabled} onInput={(e) => setQuickReplies(e.currentTarget.value)} placeholder="Yes, No" />
      </label>
      <label class="checkbox">
        <input type="checkbox" checked={markdown} disabled={props.disabled} onChange={(e) => setMarkdown(e.currentTarget.checked)} />
        Markdown (**bold**, *italic*, `code`, [label](https://…), - lists)
      </label>
      <label>
        Attachments (JSON list)
        <textarea value={attachments} rows={attachments ? 4 : 1} disabled={props.disabled} onInput={(e) => setAttachments(e.currentTarget.value)} placeholder="[]" />
      </label>
      <div class="composer-row">
        <label>
          Add attachment
          <select
            value=""
            disabled={props.disabled}
            onChange={(e) => {
              const type = e.currentTarget.value as AttachmentType;
              e.currentTarget.value = '';
              if (type) addAttachment(type);
            }}
          >
            <option value="">Choose a type…</option>
            {ATTACHMENT_TYPES.map((type) => (
              <option value={type}>{type}</option>
            ))}
          </select>
        </label>
      </div>
      <div class="composer-row">
        <label class="file">
          Attach image
          <input ref={fileInput} type="file" accept="image/png,image/jpeg,image/gif,image/webp" disabled={props.disabled} onChange={(e) => void attach(e.currentTarget.files?.[0])} />
        </label>
        {image && (
          <span class="attachment">
            Image attached: {image.name}{' '}
            <button type="button" class="link" onClick={() => setImage(null)}>Remove image</button>
          </span>
        )}
        <span class="spacer" />
        <button type="button" disabled={props.disabled} onClick={sendInfo}>Send as info</button>
        <button type="submit" class="primary" disabled={props.disabled}>Send reply</button>
      </div>
      <p class="problem" role="alert">{problem}</p>
    </form>
  );
}
