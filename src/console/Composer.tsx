import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { ConsoleState } from './state.ts';
import { createTypingReporter } from './typing.ts';

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
  const fileInput = useRef<HTMLInputElement>(null);
  const typing = useMemo(() => createTypingReporter((on) => state.typing(on)), [state]);
  useEffect(() => () => typing.dispose(), [typing]);

  const send = () => {
    if (!text.trim() && !image) return;
    // typing_off first: the customer's typing indicator goes before the message arrives.
    typing.stop();
    const ok = state.sendText(text.trim(), {
      quickReplies: quickReplies.split(','),
      ...(image ? { imageId: image.imageId } : {}),
    });
    if (!ok) return setProblem('Not sent: the console is not connected.');
    setText('');
    setQuickReplies('');
    setImage(null);
    setProblem('');
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
