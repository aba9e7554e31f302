/** @jsxRuntime classic */
/** @jsx h */
import css from './PreChatForm.css?inline';
import { h, Component, type Ref } from './reactive.ts';
import type { Chat, PreChatField, PreChatRequest } from '../state/types.ts';
import { checkPreChat, MAX_PRE_CHAT_ANSWER, type PreChatAnswers, type PreChatName, type PreChatProblem } from '../state/pre-chat.ts';
import type { Strings } from './i18n.ts';
import { lazyStringsFor } from './i18n-lazy.ts';
import { adoptStyles } from './lazy.ts';

adoptStyles(css);

interface Props {
  chat: Chat;
  s: Strings;
  request: PreChatRequest;
  /** Set to the first field: the loader bridge focuses it when the host opens the panel. */
  firstRef?: Ref<HTMLInputElement> | undefined;
}

interface State {
  values: PreChatAnswers;
  problems: Partial<Record<PreChatName, PreChatProblem>>;
}

/** What the browser may fill in and which keyboard a phone shows, by field (WHATWG autofill names). */
const INPUT = {
  name: { type: 'text', autocomplete: 'name' },
  email: { type: 'email', autocomplete: 'email' },
  phone: { type: 'tel', autocomplete: 'tel' },
} as const satisfies Record<PreChatName, object>;

/**
 * "Before we start" (DESIGN §3 `preChat`, §5): the fields asked, required ones marked with a `*` (the name
 * stays the field's own: the mark is hidden from screen readers, which hear `required` instead). Our own
 * checks (`noValidate`), so every problem is said in the widget's language, in text next to its field and
 * tied to it by `aria-describedby`; the first field to fix takes the focus. A message goes as soon as the
 * answer is fixed; answers are kept whatever is wrong.
 */
export class PreChatForm extends Component<Props, State> {
  override state: State = { values: { ...this.props.request.answers }, problems: {} };
  private form: HTMLFormElement | null = null;

  private handleInput = (field: PreChatField, value: string) => {
    const values = { ...this.state.values, [field.name]: value };
    const problems = { ...this.state.problems };
    // Re-checked while typing only once it was found wrong: no message before the customer tried to submit.
    if (problems[field.name]) {
      const check = checkPreChat([field], values);
      const problem = check.ok ? undefined : check.problems[field.name];
      if (problem) problems[field.name] = problem;
      else delete problems[field.name];
    }
    this.setState({ values, problems });
  };

  private handleSubmit = (e: Event) => {
    e.preventDefault();
    const check = checkPreChat(this.props.request.fields, this.state.values);
    if (check.ok) return this.props.chat.submitPreChat(check.answers);
    this.setState({ problems: check.problems }, () => this.form?.querySelector<HTMLInputElement>('[aria-invalid="true"]')?.focus());
  };

  override render({ s, request, firstRef }: Props, { values, problems }: State) {
    const t = lazyStringsFor(s.locale);
    return (
      <form class="pre-chat" aria-labelledby="pre-chat-title" noValidate onSubmit={this.handleSubmit} ref={(form) => void (this.form = form)}>
        <h2 id="pre-chat-title">{t.beforeWeStart}</h2>
        <p>{t.formHint}</p>
        {request.fields.some((f) => f.required) && <p class="pre-chat-hint">{t.requiredHint}</p>}
        {request.fields.map((field, i) => {
          const id = `pre-chat-${field.name}`;
          const problem = problems[field.name];
          return (
            <div class="pre-chat-field" key={field.name}>
              <label for={id}>
                {t.fields[field.name]}
                {field.required && <span aria-hidden="true"> *</span>}
              </label>
              <input
                ref={(i === 0 && firstRef) || null}
                id={id}
                name={field.name}
                {...INPUT[field.name]}
                required={field.required}
                maxLength={MAX_PRE_CHAT_ANSWER}
                value={values[field.name] ?? ''}
                aria-invalid={problem ? 'true' : undefined}
                aria-describedby={problem ? `${id}-problem` : undefined}
                onInput={(e) => this.handleInput(field, e.currentTarget.value)}
              />
              {problem && (
                <p class="pre-chat-problem" id={`${id}-problem`}>
                  {t.problems[problem]}
                </p>
              )}
            </div>
          );
        })}
        <button type="submit" class="primary">
          {t.startChat}
        </button>
      </form>
    );
  }
}
