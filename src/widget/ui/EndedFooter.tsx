import { useEffect, useRef } from 'preact/hooks';
import { useStrings } from './i18n.ts';

/** After the end: "Start a new chat". Takes the focus when the end left it nowhere (dialog gone, composer disabled). */
export function EndedFooter({ onStart }: { onStart: () => void }) {
  const s = useStrings();
  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const active = document.activeElement;
    if (!active || active === document.body || (active as HTMLButtonElement).disabled) button.current?.focus();
  }, []);
  return (
    <div class="ended">
      <p>{s.ended}</p>
      <button type="button" class="primary" ref={button} onClick={onStart}>
        {s.startNew}
      </button>
    </div>
  );
}
