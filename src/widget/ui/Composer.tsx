/** @jsxRuntime classic */
/** @jsx h */
import './Composer.css';
import { h, Component, createRef, type Ref } from './reactive.ts';
import type { Chat, ImageResult } from '../state/types.ts';
import { MAX_CUSTOMER_TEXT } from '../state/limits.ts';
import type { Strings } from './i18n.ts';

/** The counter shows from here on, so the limit never comes as a surprise (DESIGN §4). */
const WARN_AT = MAX_CUSTOMER_TEXT - 500;
/** DESIGN §6: the broker accepts PNG, JPEG, GIF and WebP. */
const IMAGE_TYPES = 'image/png,image/jpeg,image/gif,image/webp';

/** What the customer reads about a refused image; nothing when it went, or when the chat ended meanwhile. */
const imageError = (s: Strings, result: ImageResult): string => (result.ok || result.reason === 'ended' ? '' : s[result.reason]);

interface Props {
  chat: Chat;
  s: Strings;
  disabled: boolean;
  /** The message box, for the loader bridge to focus when the host opens the panel. */
  inputRef?: Ref<HTMLTextAreaElement> | undefined;
}

interface State {
  text: string;
  /** Shown under the box (too long, image refused or not sent), cleared by the next edit or send. */
  error: string;
  uploading?: boolean;
}

/**
 * The message box with Send and Attach image. Enter sends, Shift+Enter is a new line (DESIGN §5). Text
 * over MAX_CUSTOMER_TEXT characters is refused here with a visible message, before it reaches the outbox.
 */
export class Composer extends Component<Props, State> {
  override state: State = { text: '', error: '' };
  #file = createRef<HTMLInputElement>();

  #handleInput = (e: Event) => {
    const text = (e.currentTarget as HTMLTextAreaElement).value;
    this.setState(text.length <= MAX_CUSTOMER_TEXT ? { text, error: '' } : { text });
    this.props.chat.setDraft(text);
  };

  #handleSend = (e: Event) => {
    e.preventDefault();
    const { s } = this.props;
    const { text } = this.state;
    if (!text.trim()) return;
    if (text.length > MAX_CUSTOMER_TEXT) return this.setState({ error: s.tooLong(text.length) });
    // Refused only when the chat ended meanwhile: the text stays in the box.
    if (this.props.chat.send(text).ok) this.setState({ text: '', error: '' });
  };

  #handleKeyDown = (e: KeyboardEvent) => {
    // An IME composition uses Enter to pick a word, not to send.
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) this.#handleSend(e);
  };

  #handleFile = async () => {
    const input = this.#file.current;
    const picked = input?.files?.[0];
    if (!input || !picked) return;
    input.value = '';
    this.setState({ error: '', uploading: true });
    const result = await this.props.chat.sendImage(picked, '');
    this.setState({ error: imageError(this.props.s, result), uploading: false });
  };

  override render({ s, disabled, inputRef }: Props, { text, error, uploading }: State) {
    const over = text.length > MAX_CUSTOMER_TEXT;
    return (
      <form class="composer" onSubmit={this.#handleSend}>
        {error && (
          <p class="composer-error" role="alert">
            {error}
          </p>
        )}
        <div class="composer-row">
          <textarea
            ref={inputRef ?? null}
            aria-label={s.message}
            placeholder={s.placeholder}
            rows={1}
            value={text}
            disabled={disabled}
            aria-invalid={over}
            onInput={this.#handleInput}
            onKeyDown={this.#handleKeyDown}
          />
          <input ref={this.#file} type="file" accept={IMAGE_TYPES} hidden tabIndex={-1} onChange={this.#handleFile} />
          <button type="button" class="icon-button" aria-label={s.attach} disabled={disabled || uploading} onClick={() => this.#file.current?.click()}>
            <svg viewBox="0 0 24 24" aria-hidden="true">
              <path d="M20.5 11.5l-8.3 8.3a5 5 0 01-7.1-7.1l8.6-8.6a3.3 3.3 0 014.7 4.7l-8.6 8.6a1.7 1.7 0 01-2.4-2.4l7.9-7.9" />
            </svg>
          </button>
          <button type="submit" class="icon-button primary composer-send" aria-label={s.send} disabled={disabled}>
            <svg viewBox="0 0 24 24" aria-hidden="true">
              <path d="M4 12l16-8-6 16-2.5-6.5z" />
            </svg>
          </button>
        </div>
        {text.length > WARN_AT && (
          <p class={over ? 'composer-counter composer-error' : 'composer-counter'} aria-live="polite">
            {text.length.toLocaleString(s.locale)} / {MAX_CUSTOMER_TEXT.toLocaleString(s.locale)}
          </p>
        )}
      </form>
    );
  }
}
