import { Component, createRef } from 'preact';
import { StringsContext, type Strings } from './i18n.ts';

/** After the end: "Start a new chat". Takes the focus when the end left it nowhere (dialog gone, composer disabled). */
export class EndedFooter extends Component<{ onStart: () => void }> {
  static override contextType = StringsContext;
  private button = createRef<HTMLButtonElement>();

  override componentDidMount(): void {
    const active = document.activeElement;
    if (!active || active === document.body || (active as HTMLButtonElement).disabled) this.button.current?.focus();
  }

  override render({ onStart }: { onStart: () => void }) {
    const s = this.context as Strings;
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
