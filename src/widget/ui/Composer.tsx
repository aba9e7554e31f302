import './Composer.css';
import { useRef, useState } from 'preact/hooks';
import type { Chat, ImageResult } from '../state/types.ts';
import { MAX_TEXT, useStrings, type Strings } from './i18n.ts';

/** The counter shows from here on, so the limit never comes as a surprise (DESIGN §4). */
const WARN_AT = MAX_TEXT - 500;
/** DESIGN §6: the broker accepts PNG, JPEG, GIF and WebP. */
const IMAGE_TYPES = 'image/png,image/jpeg,image/gif,image/webp';

const imageError = (s: Strings, result: ImageResult): string =>
  result.ok || result.reason === 'ended'
    ? ''
    : result.reason === 'too_large'
      ? s.tooLarge
      : result.reason === 'bad_type'
        ? s.badType
        : s.uploadFailed;

/**
 * The message box with Send and Attach image. Enter sends, Shift+Enter is a new line (DESIGN §5). Text
 * over 5,000 characters is refused here with a visible message, before it reaches the outbox.
 */
export function Composer({ chat, disabled }: { chat: Chat; disabled: boolean }) {
  const s = useStrings();
  const [text, setText] = useState('');
  const [error, setError] = useState('');
  const [uploading, setUploading] = useState(false);
  const file = useRef<HTMLInputElement>(null);
  const over = text.length > MAX_TEXT;

  const handleInput = (e: Event) => {
    const value = (e.currentTarget as HTMLTextAreaElement).value;
    setText(value);
    if (value.length <= MAX_TEXT) setError('');
    chat.setDraft(value);
  };

  const handleSend = (e?: Event) => {
    e?.preventDefault();
    if (!text.trim()) return;
    if (over) return setError(s.tooLong(text.length));
    const result = chat.send(text);
    if (result.ok) {
      setText('');
      setError('');
    } else if (result.reason === 'too_long') setError(s.tooLong(text.length));
  };

  const handleKeyDown = (e: KeyboardEvent) => {
    // An IME composition uses Enter to pick a word, not to send.
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) handleSend(e);
  };

  const handleFile = async () => {
    const input = file.current;
    const picked = input?.files?.[0];
    if (!input || !picked) return;
    input.value = '';
    setError('');
    setUploading(true);
    const result = await chat.sendImage(picked, '');
    setUploading(false);
    setError(imageError(s, result));
  };

  return (
    <form class="composer" onSubmit={handleSend}>
      {error && (
        <p class="composer-error" role="alert">
          {error}
        </p>
      )}
      <div class="composer-row">
        <textarea
          aria-label={s.message}
          placeholder={s.placeholder}
          rows={1}
          value={text}
          disabled={disabled}
          aria-invalid={over}
          onInput={handleInput}
          onKeyDown={handleKeyDown}
        />
        <input ref={file} type="file" accept={IMAGE_TYPES} hidden tabIndex={-1} onChange={handleFile} />
        <button type="button" class="icon-button" aria-label={s.attach} disabled={disabled || uploading} onClick={() => file.current?.click()}>
          <svg viewBox="0 0 24 24" aria-hidden="true">
            <path d="M20.5 11.5l-8.3 8.3a5 5 0 01-7.1-7.1l8.6-8.6a3.3 3.3 0 014.7 4.7l-8.6 8.6a1.7 1.7 0 01-2.4-2.4l7.9-7.9" />
          </svg>
        </button>
        <button type="submit" class="icon-button send" aria-label={s.send} disabled={disabled}>
          <svg viewBox="0 0 24 24" aria-hidden="true">
            <path d="M4 12l16-8-6 16-2.5-6.5z" />
          </svg>
        </button>
      </div>
      {text.length > WARN_AT && (
        <p class={over ? 'counter over' : 'counter'} aria-live="polite">
          {text.length.toLocaleString(s.locale)} / {MAX_TEXT.toLocaleString(s.locale)}
        </p>
      )}
    </form>
  );
}
