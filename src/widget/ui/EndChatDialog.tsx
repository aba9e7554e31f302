import './EndChatDialog.css';
import { useEffect, useRef } from 'preact/hooks';
import { useStrings } from './i18n.ts';

interface Props {
  onConfirm: () => void;
  onCancel: () => void;
}

/**
 * "End the chat?" (DESIGN §5). Focus starts on Cancel, the harmless choice, and Tab cycles between the two
 * buttons; the rest of the panel is `inert` meanwhile (App). Escape cancels.
 */
export function EndChatDialog({ onConfirm, onCancel }: Props) {
  const s = useStrings();
  const box = useRef<HTMLDivElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);

  useEffect(() => cancel.current?.focus(), []);

  const handleKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      onCancel();
    } else if (e.key === 'Tab') {
      const buttons = box.current?.querySelectorAll('button');
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

  return (
    <div class="overlay">
      <div
        class="dialog"
        role="alertdialog"
        aria-modal="true"
        aria-labelledby="end-title"
        aria-describedby="end-hint"
        ref={box}
        onKeyDown={handleKeyDown}
      >
        <h2 id="end-title">{s.endQuestion}</h2>
        <p id="end-hint">{s.endHint}</p>
        <div class="dialog-buttons">
          <button type="button" class="secondary" ref={cancel} onClick={onCancel}>
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
