/** @jsxRuntime classic */
/** @jsx h */
import './EndChatDialog.css';
import { h, Component, createRef } from './reactive.ts';
import type { Strings } from './i18n.ts';

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
  private cancel = createRef<HTMLButtonElement>();
  private confirm = createRef<HTMLButtonElement>();

  override componentDidMount(): void {
    this.cancel.current?.focus();
  }

  private handleKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      this.props.onCancel();
    } else if (e.key === 'Tab') {
      // Two buttons: Tab and Shift+Tab both lead to the other one, so the focus never leaves the dialog.
      e.preventDefault();
      (document.activeElement === this.cancel.current ? this.confirm : this.cancel).current?.focus();
    }
  };

  override render({ s, onConfirm, onCancel }: Props) {
    return (
      <div class="dialog-overlay">
        <div
          class="dialog"
          role="alertdialog"
          aria-modal="true"
          aria-labelledby="end-title"
          aria-describedby="end-hint"
          onKeyDown={this.handleKeyDown}
        >
          <h2 id="end-title">{s.endQuestion}</h2>
          <p id="end-hint">{s.endHint}</p>
          <div class="dialog-buttons">
            <button type="button" class="secondary" ref={this.cancel} onClick={onCancel}>
              {s.cancel}
            </button>
            <button type="button" class="primary" ref={this.confirm} onClick={onConfirm}>
              {s.endChat}
            </button>
          </div>
        </div>
      </div>
    );
  }
}
