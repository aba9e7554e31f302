/** @jsxRuntime classic */
/** @jsx h */
import css from './PreChatForm.css?inline';
import { h, Component, type Ref } from './reactive.ts';
import type { Locale } from '../../config/config.ts';
import type { Chat, PreChatField, PreChatRequest } from '../state/types.ts';
import { checkPreChat, MAX_PRE_CHAT_ANSWER, type PreChatAnswers, type PreChatName, type PreChatProblem } from '../state/pre-chat.ts';
import type { Strings } from './i18n.ts';
import { adoptStyles } from './lazy.ts';

adoptStyles(css);

/**
 * The form's own words; here rather than in i18n.ts, so that only a conversation with the form loads them
 * (DESIGN §8). Names of roles are a contract (DESIGN §5): tests query by them.
 */
const TEXTS = {
  en: {
    beforeWeStart: 'Before we start',
    formHint: 'Tell us who you are, so that we can help you better.',
    requiredHint: 'Fields marked * are required.',
    fields: { name: 'Name', email: 'Email', phone: 'Phone' } satisfies Record<PreChatName, string>,
    problems: {
      required: 'Please fill in this field.',
      email: 'Enter an email address like name@example.com.',
      phone: 'Enter a phone number of at least 6 digits, like +46 70 123 45 67.',
      long: `At most ${MAX_PRE_CHAT_ANSWER} characters.`,
    } satisfies Record<PreChatProblem, string>,
    startChat: 'Start chat',
  },
  sv: {
    beforeWeStart: 'Innan vi börjar',
    formHint: 'Berätta vem du är, så kan vi hjälpa dig bättre.',
    requiredHint: 'Fält markerade med * måste fyllas i.',
    fields: { name: 'Namn', email: 'E-post', phone: 'Telefon' },
    problems: {
      required: 'Fyll i det här fältet.',
      email: 'Ange en e-postadress som namn@exempel.se.',
      phone: 'Ange ett telefonnummer med minst 6 siffror, som 070-123 45 67.',
      long: `Högst ${MAX_PRE_CHAT_ANSWER} tecken.`,
    },
    startChat: 'Starta chatten',
  },
} satisfies Record<Locale, unknown>;

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
  #form: HTMLFormElement | null = null;

  #handleInput = (field: PreChatField, value: string) => {
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

  #handleSubmit = (e: Event) => {
    e.preventDefault();
    const check = checkPreChat(this.props.request.fields, this.state.values);
    if (check.ok) return this.props.chat.submitPreChat(check.answers);
    this.setState({ problems: check.problems }, () => this.#form?.querySelector<HTMLInputElement>('[aria-invalid="true"]')?.focus());
  };

  override render({ s, request, firstRef }: Props, { values, problems }: State) {
    const t = TEXTS[s.locale];
    return (
      <form class="pre-chat" aria-labelledby="pre-chat-title" noValidate onSubmit={this.#handleSubmit} ref={(form) => void (this.#form = form)}>
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
                onInput={(e) => this.#handleInput(field, e.currentTarget.value)}
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
