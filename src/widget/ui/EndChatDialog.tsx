import './EndChatDialog.css';
import { Component, createRef } from 'preact';
import { StringsContext, type Strings } from './i18n.ts';

interface Props {
  onConfirm: () => void;
  onCancel: () => void;
}

/**
 * "End the chat?" (DESIGN §5). Focus starts on Cancel, the harmless choice, and Tab cycles between the two
 * buttons; the rest of the panel is `inert` meanwhile (App). Escape cancels.
 */
export class EndChatDialog extends Component<Props> {
  static override contextType = StringsContext;
  private box = createRef<HTMLDivElement>();
  private cancel = createRef<HTMLButtonElement>();

  override componentDidMount(): void {
    this.cancel.current?.focus();
  }

  private handleKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      this.props.onCancel();
    } else if (e.key === 'Tab') {
      const buttons = this.box.current?.querySelectorAll('button');
      if (!buttons?.length) return;
      const first = buttons[0]!;
      const last = buttons[buttons.length - 1]!;
      const active = document.activeElement;
      if (e.shiftKey ? active === first : active === last) {
        e.preventDefault();
        (e.shiftKey ? last : first).focus();
      }
    }
  };

  override render({ onConfirm, onCancel }: Props) {
    const s = this.context as Strings;
    return (
      <div class="overlay">
        <div
          class="dialog"
          role="alertdialog"
          aria-modal="true"
          aria-labelledby="end-title"
          aria-describedby="end-hint"
          ref={this.box}
          onKeyDown={this.handleKeyDown}
        >
          <h2 id="end-title">{s.endQuestion}</h2>
          <p id="end-hint">{s.endHint}</p>
          <div class="dialog-buttons">
            <button type="button" class="secondary" ref={this.cancel} onClick={onCancel}>
              {s.cancel}
            </button>
            <button type="button" class="primary" onClick={onConfirm}>
              {s.endChat}
            </button>
          </div>
        </div>
      </div>
    );
  }
}
