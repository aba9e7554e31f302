/** @jsxRuntime classic */
/** @jsx h */
import css from './EndedFooter.css?inline';
import { h, Component, createRef } from './reactive.ts';
import type { Strings } from './i18n.ts';
import { adoptStyles } from './lazy.ts';

adoptStyles(css);

/** Its own words, in the extras chunk (extras.ts), so a plain conversation does not load them (DESIGN §8, §5). */
const TEXTS = {
  en: { ended: 'The chat has ended.', startNew: 'Start a new chat' },
  sv: { ended: 'Chatten är avslutad.', startNew: 'Starta en ny chatt' },
};

interface Props {
  s: Strings;
  onStart: () => void;
}

/**
 * After the end: "Start a new chat". Takes the focus when the end left it nowhere in the panel (dialog gone,
 * composer disabled), and only while the panel has it: never from the host page, where the customer may be typing
 * when the agent ends the chat (DESIGN §5).
 */
export class EndedFooter extends Component<Props> {
  #button = createRef<HTMLButtonElement>();

  override componentDidMount(): void {
    const active = document.activeElement;
    const nowhere = !active || active === document.body || (active as HTMLButtonElement).disabled;
    if (nowhere && document.hasFocus()) this.#button.current?.focus();
  }

  override render({ s, onStart }: Props) {
    const t = TEXTS[s.locale];
    return (
      <div class="ended">
        <p>{t.ended}</p>
        <button type="button" class="primary" ref={this.#button} onClick={onStart}>
          {t.startNew}
        </button>
      </div>
    );
  }
}
