/** @jsxRuntime classic */
/** @jsx h */
import './EndedFooter.css';
import { h, Component, createRef } from './reactive.ts';
import type { Strings } from './i18n.ts';

interface Props {
  s: Strings;
  onStart: () => void;
}

/** After the end: "Start a new chat". Takes the focus when the end left it nowhere (dialog gone, composer disabled). */
export class EndedFooter extends Component<Props> {
  private button = createRef<HTMLButtonElement>();

  override componentDidMount(): void {
    const active = document.activeElement;
    if (!active || active === document.body || (active as HTMLButtonElement).disabled) this.button.current?.focus();
  }

  override render({ s, onStart }: Props) {
    return (
      <div class="ended">
        <p>{s.ended}</p>
        <button type="button" class="primary" ref={this.button} onClick={onStart}>
          {s.startNew}
        </button>
      </div>
    );
  }
}
