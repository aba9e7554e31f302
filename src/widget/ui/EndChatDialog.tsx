/** @jsxRuntime classic */
/** @jsx h */
import css from './EndChatDialog.css?inline';
import { h, Component, createRef } from './reactive.ts';
import type { Strings } from './i18n.ts';
import { adoptStyles } from './lazy.ts';

adoptStyles(css);

/**
 * Its own words, in the extras chunk (extras.ts), so a plain conversation does not load them (DESIGN §8, §5).
 * The question itself is in i18n.ts: the browser's confirm() asks it when this chunk cannot load (App).
 */
const TEXTS = {
  en: { hint: 'The conversation will be closed.', cancel: 'Cancel' },
  sv: { hint: 'Konversationen stängs.', cancel: 'Avbryt' },
};

interface Props {
  s: Strings;
  onConfirm: () => void;
  onCancel: () => void;
}

/**
 * "End the chat?" (DESIGN §5). Focus starts on Cancel, the harmless choice, and Tab cycles between the two
 * buttons; the rest of the panel is `inert` meanwhile (App). Escape cancels.
 */
export class EndChatDialog extends Component<Props> {
  #cancel = createRef<HTMLButtonElement>();
  #confirm = createRef<HTMLButtonElement>();

  override componentDidMount(): void {
    this.#cancel.current?.focus();
  }

  #handleKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      this.props.onCancel();
    } else if (e.key === 'Tab') {
      // Two buttons: Tab and Shift+Tab both lead to the other one, so the focus never leaves the dialog.
      e.preventDefault();
      (document.activeElement === this.#cancel.current ? this.#confirm : this.#cancel).current?.focus();
    }
  };

  override render({ s, onConfirm, onCancel }: Props) {
    const t = TEXTS[s.locale];
    return (
      <div class="dialog-overlay">
        <div
          class="dialog"
          role="alertdialog"
          aria-modal="true"
          aria-labelledby="end-title"
          aria-describedby="end-hint"
          onKeyDown={this.#handleKeyDown}
        >
          <h2 id="end-title">{s.endQuestion}</h2>
          <p id="end-hint">{t.hint}</p>
          <div class="dialog-buttons">
            <button type="button" class="primary secondary" ref={this.#cancel} onClick={onCancel}>
              {t.cancel}
            </button>
            <button type="button" class="primary" ref={this.#confirm} onClick={onConfirm}>
              {s.endChat}
            </button>
          </div>
        </div>
      </div>
    );
  }
}
