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
 * composer disabled), but only while the panel has it: never from the host page, where the customer may be
 * typing when the agent ends the chat (DESIGN §5). From inside the iframe a host page with the focus looks like
 * a window in the background, so it waits for the focus to come back to the panel instead (the customer back
 * from another window, or a click in the panel) and takes it then, if it is still nowhere.
 */
export class EndedFooter extends Component<Props> {
  #button = createRef<HTMLButtonElement>();

  #focusIfNowhere = () => {
    removeEventListener('focus', this.#focusIfNowhere);
    const active = document.activeElement;
    if (!active || active === document.body || (active as HTMLButtonElement).disabled) this.#button.current?.focus();
  };

  override componentDidMount(): void {
    if (document.hasFocus()) this.#focusIfNowhere();
    else addEventListener('focus', this.#focusIfNowhere);
  }

  override componentWillUnmount(): void {
    removeEventListener('focus', this.#focusIfNowhere);
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
